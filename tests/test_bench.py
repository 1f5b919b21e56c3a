"""`dateline bench`: the Timeline17 protocol end to end, on its smallest topic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.bench import (
    GRID_AXES,
    _load_topic,
    discover_topics,
    grid,
    input_window,
    nested_selection,
    read_references,
    window_articles,
)
from dateline.cli import app
from dateline.evaluate import SCORE_KEYS, Scores
from dateline.pipeline import load_articles
from dateline.timeline import MethodParams

pytestmark = pytest.mark.shared


def test_bench_runs_the_protocol_on_one_topic(t17_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["bench", str(t17_dir), "--topic", "mj", "--report", str(tmp_path), "--workers", "1"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    # one reference timeline for mj, scored with every tilse metric
    [row] = report["rows"]
    assert (row["topic"], row["collection"]) == ("mj", "MJ_bbc")
    metrics = [k for k in report["average"] if k.endswith("_f") or k == "date_f1"]
    assert len(metrics) == 7 and all(0 <= report["average"][k] <= 1 for k in metrics)
    # news-tls Datewise scores R1 .145 and date F1 .421 on this timeline
    # (`dateline evaluate` on ../shared/data/t17-fidelity/mj_0.*)
    assert report["average"]["align_m1_r1_f"] > 0.1 and report["average"]["date_f1"] > 0.3
    assert report["window_extension_days"] == 0
    [timing] = report["timings"]
    assert timing["articles"] > 100 and timing["read_annotate_seconds"] > 0
    before, after = report["reference_loop_ms"]
    assert before > 0 and after > 0
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Total: " in markdown and "reference loop" in markdown
    assert "R1 F" in result.stdout


def test_bench_on_a_folder_without_the_layout_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(tmp_path), "--report", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"dateline: {tmp_path}: neither <Collection>/InputDocs folders (Timeline17 layout)"
        " nor <topic>/timelines.jsonl files (news-tls layout)"
    )


def test_bench_with_a_report_folder_it_cannot_make_is_one_line_before_running(
    t17_dir: Path, tmp_path: Path
) -> None:
    # Before: the whole benchmark ran, then a FileNotFoundError traceback.
    (tmp_path / "taken").write_text("a file, not a folder")
    for report in (tmp_path / "taken", tmp_path / "taken" / "r"):
        result = CliRunner().invoke(
            app, ["bench", str(t17_dir), "--topic", "mj", "--report", str(report)]
        )
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith(f"dateline: {report}: cannot write the report (")
        assert "articles read" not in result.stderr  # refused before reading


def test_bench_reads_the_newstls_layout(newstls_dir: Path, tmp_path: Path) -> None:
    # bpoil has timelines but no articles file in this copy: skipped, and said so.
    args = ["bench", str(newstls_dir), "--topic", "mj", "--topic", "bpoil"]
    result = CliRunner().invoke(app, [*args, "--report", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    assert "warning: bpoil: no articles file" in result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["skipped_topics"] == ["bpoil"]
    [row] = report["rows"]
    assert (row["topic"], row["collection"], row["timeline"]) == ("mj", "mj", "timelines.jsonl")
    assert row["dates"] == 38 and report["timings"][0]["articles"] > 100
    # Datewise, on these very articles: R1 .145, date F1 .421 (t17-fidelity/mj_0)
    assert row["align_m1_r1_f"] > 0.1 and row["date_f1"] > 0.3
    assert "Skipped (no articles file): bpoil." in (tmp_path / "report.md").read_text()


def test_references_in_one_newstls_file_are_numbered(newstls_dir: Path) -> None:
    [topic] = [t for t in discover_topics(newstls_dir) if t.name == "h1n1"]
    assert topic.keywords and [p.name for p in topic.inputs] == ["articles.preprocessed.jsonl.gz"]
    names = [r.file for r in read_references(topic)]
    assert names == ["timelines.jsonl#1", "timelines.jsonl#2", "timelines.jsonl#3"]


def test_the_input_window_ends_on_the_last_reference_date(t17_dir: Path) -> None:
    # BBC's "Dr Conrad Murray: Trial timeline", published the day after the last date of
    # the Michael Jackson reference, is the chronology that reference could be written
    # from. news-tls does not read it; before, the benchmark did (the day after `end` is
    # read for the reports of the last day) and scored R1 .291 on this timeline, not .12.
    [topic] = [t for t in discover_topics(t17_dir) if t.name == "mj"]
    [ref] = read_references(topic)
    articles = load_articles(topic.inputs, workers=1).articles
    first, last = input_window(ref)
    assert (first, last) == (dt.date(2009, 6, 25), dt.date(2011, 11, 29))
    inside = window_articles(articles, first, last)
    chronology = [a for a in articles if a.id == "MJ_bbc/2011-11-30/176"]
    assert chronology and chronology[0].text.startswith("Dr Conrad Murray: Trial timeline")
    assert chronology[0] not in inside and len(inside) == len(articles) - 1
    # Entities, as news-tls runs it: a week more on each side
    assert input_window(ref, 7) == (dt.date(2009, 6, 18), dt.date(2011, 12, 6))


def _scores(r1: float) -> Scores:
    values = dict.fromkeys(SCORE_KEYS, 0.0)
    for metric in ("align_m1_r1", "align_m1_r2"):
        values.update({f"{metric}_p": r1, f"{metric}_r": r1, f"{metric}_f": r1})
    return Scores(**values)


def test_nested_selection_never_chooses_on_the_held_out_topic() -> None:
    # Three configurations, three topics of one timeline each. Configuration 2 is best
    # overall only because of topic 0; with topic 0 held out, the others prefer 1.
    table = [[0.10, 0.10, 0.10], [0.05, 0.20, 0.20], [0.90, 0.15, 0.15]]
    scores = [[[_scores(v)] for v in per_topic] for per_topic in table]
    selection = nested_selection(scores)
    assert selection["chosen"] == [1, 2, 2]
    held_out = [s[0].align_m1_r1_f for s in selection["held_out"]]
    assert held_out == [0.05, 0.15, 0.15]  # each topic scored by a choice made without it


def test_the_grid_starts_with_the_shipped_default_and_covers_every_axis() -> None:
    configs = grid()
    assert configs[0] == MethodParams()
    assert len(configs) == len(set(configs)) == 96
    for axis, values in GRID_AXES.items():
        assert {getattr(c, axis) for c in configs} == set(values)


def test_the_topic_cache_gives_back_the_same_articles(t17_dir: Path, tmp_path: Path) -> None:
    [topic] = [t for t in discover_topics(t17_dir) if t.name == "mj"]
    first, cached = _load_topic(topic, 1, tmp_path)
    assert not cached and len(list(tmp_path.glob("mj-*.pickle"))) == 1
    again, cached = _load_topic(topic, 1, tmp_path)
    assert cached and again.articles == first.articles and again.problems == first.problems


def test_the_fitted_date_model_ranks_a_held_out_topic_above_chance(t17_dir: Path) -> None:
    from dateline.bench import Reference, _timeline_options
    from dateline.timeline import Corpus, Prepared
    from dateline.timeline.dates import fit_date_weights, rank_dates

    topics = {t.name: t for t in discover_topics(t17_dir)}
    examples, groups = [], []
    for name in ("h1n1", "haiti", "mj"):
        topic = topics[name]
        articles = load_articles(topic.inputs, workers=1).articles
        refs: list[Reference] = read_references(topic)
        for ref in refs:
            window = window_articles(articles, *input_window(ref))
            options = _timeline_options(ref, topic, None)
            stats = Prepared(Corpus.of(window), options).stats(options, MethodParams())
            examples.append((stats, set(ref.timeline)))
            groups.append(name)
    # Fitted on h1n1 and haiti (regularisation chosen by leave-one-topic-out between
    # them), scored on mj, which it never saw.
    held_out = [i for i, g in enumerate(groups) if g == "mj"]
    train = [i for i in range(len(groups)) if i not in held_out]
    weights = fit_date_weights([examples[i] for i in train], groups=[groups[i] for i in train])
    assert weights["mention_docs"] > 0  # more articles naming a date: more likely a key date
    stats, gold = examples[held_out[0]]
    ranked = [d for d, _ in rank_dates(stats, weights)]
    chance = len(gold) / len(stats)  # a third of mj's candidate dates are in its timeline
    assert len(set(ranked[: len(gold)]) & gold) / len(gold) > chance  # .43 when written
    # the weights turned around rank the dates below chance
    reverse = {k: -w for k, w in weights.items()}
    backwards = [d for d, _ in rank_dates(stats, reverse)]
    assert len(set(backwards[: len(gold)]) & gold) / len(gold) < chance
