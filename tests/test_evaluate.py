"""dateline.evaluate: tilse's metrics, proven on hand-computed cases and on tilse's own
numbers for news-tls Datewise's timelines (t17-fidelity)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import Result

from dateline.evaluate import (
    SCORE_KEYS,
    EvaluationError,
    Scores,
    TimelineWarning,
    average,
    evaluate,
    evaluate_files,
    evaluate_pairs,
    find_pairs,
    read_prediction,
    read_timelines,
)
from dateline.evaluate import rouge as rouge_module
from dateline.evaluate.porter import porter_stem
from dateline.evaluate.rouge import Summary, rouge_counts, rouge_tokens
from dateline.model import Timeline, TimelineEntry, TimelineSentence

D1, D2, D3 = dt.date(2010, 1, 1), dt.date(2010, 1, 2), dt.date(2010, 1, 3)


# --- Porter stemmer: ROUGE-1.5.5's variant -------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("relational", "relat"),
        ("conditional", "condit"),
        ("generalization", "gener"),
        ("hopping", "hop"),
        ("hoping", "hope"),
        ("agreed", "agre"),
        ("feed", "feed"),
        ("electricity", "electr"),
        ("adoption", "adopt"),
        ("dependent", "depend"),
        ("replacement", "replac"),
        ("yelling", "yell"),  # an initial y is a consonant
        ("yearly", "yearli"),
        ("roll", "roll"),
    ],
)
def test_porter_stem_follows_the_published_algorithm(word: str, stem: str) -> None:
    assert porter_stem(word) == stem


def test_porter_stem_has_rouges_step4_cascade() -> None:
    # ROUGE-1.5.5 tries -ment and then -ent after -ement fails; Porter's original (and
    # NLTK) keep "settlement". Checked against ROUGE-1.5.5.pl's own stem().
    assert porter_stem("settlement") == "settlem"


# --- ROUGE-1.5.5 tokens and counts ----------------------------------------------------


def test_rouge_tokens_lowercase_drop_stopwords_stem_and_use_wordnet_exceptions() -> None:
    tokens = rouge_tokens(["The Children WENT to Hong-Kong's 3.5% rallies of MICE."])
    # "the", "went", "to", "s", "of" are SMART stopwords; "children" and "mice" are WordNet
    # irregular forms, replaced by their base form (which is then not stemmed); hyphens and
    # punctuation split tokens; "rallies" is Porter-stemmed.
    assert tokens == ["child", "hong", "kong", "3", "5", "ralli", "mouse"]


def test_rouge_tokens_reproduce_pyrouge_and_rouge_quirks() -> None:
    # A "<" ends what ROUGE reads of a sentence; "^" is written "&circ;" by pyrouge and so
    # counts as the word "circ"; non-ASCII letters separate tokens; short words unstemmed.
    assert rouge_tokens(["fox <b>dog</b>", "<owl", "cat^bee", "café"]) == [
        "fox",
        "cat",
        "circ",
        "bee",
        "caf",
    ]


def test_wordnet_base_forms_are_not_stemmed_but_the_same_word_in_full_is() -> None:
    # "mice" -> "mouse" (exception list) but "mouse" -> "mous" (Porter): ROUGE-1.5.5 finds
    # no hit between "mice geese" and "mouse goose", and neither do we.
    counts = rouge_counts(Summary.of(["mice geese"]), [Summary.of(["mouse goose"])])
    assert (counts.hit1, counts.peer1, counts.model1) == (0, 2, 2)


def test_rouge_counts_against_several_models_sum_per_model() -> None:
    peer = Summary.of(["fox cat cat"])
    counts = rouge_counts(peer, [Summary.of(["cat dog"]), Summary.of(["cat cat fox"])])
    # Hits are clipped per model (1 + 3), the peer count is added once per model (3 * 2).
    assert (counts.hit1, counts.peer1, counts.model1) == (4, 6, 5)
    # Bigrams: peer (fox cat)(cat cat); models (cat dog) | (cat cat)(cat fox).
    assert (counts.hit2, counts.peer2, counts.model2) == (1, 4, 3)


# --- metrics on hand-computed cases ---------------------------------------------------

PRED = {D1: ["fox cat dog"], D3: ["owl bee"]}
GOLD = {D1: ["fox cat owl"], D2: ["bee ant"]}


def test_concat_by_hand() -> None:
    s = evaluate(PRED, [GOLD])
    # fox cat dog owl bee | fox cat owl bee ant: 4 of 5 unigrams, 2 of 4 bigrams.
    assert (s.concat_r1_p, s.concat_r1_r, s.concat_r1_f) == pytest.approx((0.8, 0.8, 0.8))
    assert (s.concat_r2_p, s.concat_r2_r, s.concat_r2_f) == pytest.approx((0.5, 0.5, 0.5))


def test_agreement_by_hand() -> None:
    s = evaluate(PRED, [GOLD])
    # D1: 2 unigram hits of 3 and 3; D2 only in gold (2 to recall); D3 only predicted (2 to
    # precision). Bigrams: D1 1 hit of 2 and 2; D2 1 to recall; D3 1 to precision.
    assert (s.agreement_r1_p, s.agreement_r1_r) == pytest.approx((2 / 5, 2 / 5))
    assert (s.agreement_r2_p, s.agreement_r2_r) == pytest.approx((1 / 3, 1 / 3))
    assert s.agreement_r1_f == pytest.approx(0.4)


def test_align_many_to_one_by_hand() -> None:
    s = evaluate(PRED, [GOLD])
    # Costs (1 - 1/(days+1)) * (1 - overlap F1): D3->D1 is 2/3 * 0.6 = 0.4, D3->D2 is
    # 1/2 * 0.5 = 0.25, so D3 aligns to D2 (1 day off, weight 1/2, 1 hit "bee").
    # Precision (2 + 0.5 * 1) / (3 + 2); recall: D2 takes D3 likewise, (2 + 0.5) / (3 + 2).
    assert (s.align_m1_r1_p, s.align_m1_r1_r, s.align_m1_r1_f) == pytest.approx((0.5, 0.5, 0.5))
    # Bigrams: only (fox cat) on D1 hits; denominators 2 + 1 on both sides.
    assert (s.align_m1_r2_p, s.align_m1_r2_r) == pytest.approx((1 / 3, 1 / 3))


def test_align_ties_go_to_the_earliest_date_and_overlap_is_case_sensitive() -> None:
    # tilse's alignment cost compares raw tokens, so "foxes" and "Foxes" do not overlap and
    # both gold dates cost (1 - 1/2) * 1; numpy's argmin takes the first, D1, where ROUGE
    # (lowercased, stemmed) finds no hit. Recall maps both gold dates to D2.
    s = evaluate({D2: ["foxes"]}, [{D1: ["Dogs"], D3: ["Foxes"]}])
    assert s.align_m1_r1_p == 0.0
    assert s.align_m1_r1_r == pytest.approx(0.5 * 1 / 2)


def test_date_f1_by_hand() -> None:
    s = evaluate(PRED, [GOLD])
    assert (s.date_p, s.date_r, s.date_f1) == (0.5, 0.5, 0.5)


def test_several_references_form_one_ground_truth() -> None:
    pred = {D1: ["fox cat"]}
    ref_a, ref_b = {D1: ["fox dog"]}, {D2: ["cat"]}
    s = evaluate(pred, [ref_a, ref_b])
    # concat: hits fox (a) + cat (b) = 2; the peer's 2 unigrams count once per reference.
    assert (s.concat_r1_p, s.concat_r1_r) == pytest.approx((2 / 4, 2 / 3))
    # agreement: on D1 reference b has no summary but still counts in the peer count;
    # D2 is a reference date only, so its "cat" adds to recall's denominator.
    assert (s.agreement_r1_p, s.agreement_r1_r) == pytest.approx((1 / 4, 1 / 3))
    # dates: against the union {D1, D2}.
    assert (s.date_p, s.date_r) == (1.0, 0.5)
    assert s.date_f1 == pytest.approx(2 / 3)


def test_identical_timelines_score_one_and_empty_prediction_zero() -> None:
    assert all(v == pytest.approx(1.0) for v in evaluate(GOLD, [GOLD]).as_dict().values())
    empty = evaluate({}, [GOLD])
    assert all(v == 0 for v in empty.as_dict().values())


def test_dateline_timeline_objects_score_like_mappings() -> None:
    timeline = Timeline(
        entries=[
            TimelineEntry(day, [TimelineSentence(text, "a1", i) for i, text in enumerate(s)])
            for day, s in PRED.items()
        ],
        articles=[],
    )
    assert evaluate(timeline, [GOLD]) == evaluate(PRED, [GOLD])
    # A single reference may be given bare.
    assert evaluate(PRED, GOLD) == evaluate(PRED, [GOLD])


def test_average_is_f1_of_mean_precision_and_mean_recall() -> None:
    a = evaluate({D1: ["fox"]}, [{D1: ["fox cat dog owl"]}])  # date P 1, R 1
    b = evaluate({D1: ["fox"], D2: ["cat"]}, [{D1: ["fox"]}])  # date P 0.5, R 1
    mean = average([a, b])
    assert (mean.date_p, mean.date_r) == (0.75, 1.0)
    assert mean.date_f1 == pytest.approx(2 * 0.75 / 1.75)  # not the mean of the two F1s
    assert mean.date_f1 != pytest.approx((a.date_f1 + b.date_f1) / 2)
    assert mean.concat_r1_p == pytest.approx((a.concat_r1_p + b.concat_r1_p) / 2)


def test_missing_rouge_resources_give_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rouge_module.importlib.util, "find_spec", lambda name: None)
    rouge_module._rouge_data_dir.cache_clear()
    try:
        with pytest.raises(EvaluationError, match=r"pip install 'dateline\[eval\]'"):
            rouge_module._rouge_data_dir()
    finally:
        rouge_module._rouge_data_dir.cache_clear()


# --- fidelity: tilse 0.2.1 with Perl ROUGE-1.5.5 on news-tls Datewise's timelines -----


@pytest.mark.shared
def test_fidelity_every_number_equals_tilse(fidelity_dir: Path) -> None:
    expected = json.loads((fidelity_dir / "expected.json").read_text())
    results = {r.pred.name: r for r in evaluate_pairs(fidelity_dir)}
    assert len(expected) == 11
    assert sorted(results) == sorted(e["pred"] for e in expected)
    for row in expected:
        result = results[row["pred"]]
        assert result.gold.name == row["gold"]
        got = result.scores.as_dict()
        metrics = [k for k in row if k not in ("pred", "gold")]
        assert len(metrics) == 7
        for key in metrics:
            assert got[key] == pytest.approx(row[key], abs=1e-3), (row["pred"], key)
            # expected.json rounds to 6 places; we are exact up to that rounding.
            assert abs(got[key] - row[key]) <= 5e-7, (row["pred"], key)


@pytest.mark.shared
def test_fidelity_average_matches_the_published_datewise_rerun(fidelity_dir: Path) -> None:
    results = evaluate_pairs(fidelity_dir)
    mean = average([r.scores for r in results])
    # The data README's news-tls Datewise numbers: align+ m:1 averaged the news-tls way.
    assert round(mean.align_m1_r1_f, 3) == 0.148
    assert round(mean.align_m1_r2_f, 3) == 0.042
    # Its concat, agreement and date numbers are the mean of per-timeline F1 values.
    for key, value in [
        ("concat_r1_f", 0.374),
        ("concat_r2_f", 0.103),
        ("agreement_r1_f", 0.130),
        ("agreement_r2_f", 0.038),
        ("date_f1", 0.651),
    ]:
        assert round(sum(getattr(r.scores, key) for r in results) / len(results), 3) == value


# --- readers ---------------------------------------------------------------------------


@pytest.mark.shared
def test_read_timeline17_text_and_newstls_jsonl_agree(t17_dir: Path, newstls_dir: Path) -> None:
    [bbc] = read_timelines(t17_dir / "bpoil_bbc" / "timelines" / "bbc.txt")
    assert len(bbc) == 48
    last = bbc[max(bbc)]
    assert max(bbc) == dt.date(2010, 9, 19)
    assert len(last) == 1 and last[0].startswith("The ruptured well is finally sealed")
    bpoil = read_timelines(newstls_dir / "bpoil" / "timelines.jsonl")
    assert [len(t) for t in bpoil] == [48, 13, 102, 16, 12]
    assert bpoil[0] == bbc  # the same gold timeline in both layouts


@pytest.mark.shared
def test_read_timeline17_folder_and_bad_date_block(t17_dir: Path) -> None:
    assert len(read_timelines(t17_dir / "bpoil_bbc" / "timelines")) == 1
    # MJ_bbc has a block dated "2011-04-0": skipped with a warning, the rest is read.
    with pytest.warns(TimelineWarning, match="line 64"):
        [mj] = read_timelines(t17_dir / "MJ_bbc" / "timelines" / "bbc.co.uk.txt")
    assert len(mj) == 37
    assert dt.date(2011, 3, 3) in mj and dt.date(2011, 5, 2) in mj


def test_read_dateline_json_and_jsonl(tmp_path: Path) -> None:
    doc = {
        "schema": "dateline.timeline/1",
        "entries": [
            {"date": "2010-01-01", "sentences": [{"text": "fox cat dog", "article_id": "a"}]},
            {"date": "2010-01-03", "sentences": [{"text": "owl bee", "article_id": "b"}]},
        ],
    }
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(doc))
    assert read_timelines(path) == [PRED]
    lines = tmp_path / "two.jsonl"
    lines.write_text(
        json.dumps([["2010-01-01T00:00:00", ["fox cat owl"]], ["2010-01-02", ["bee ant"]]])
        + "\n"
        + json.dumps(doc)
        + "\n"
    )
    assert read_timelines(lines) == [GOLD, PRED]


def test_evaluate_files_and_pairs(tmp_path: Path) -> None:
    (tmp_path / "x.pred.jsonl").write_text(json.dumps([["2010-01-01", ["fox cat dog"]]]))
    (tmp_path / "x.gold.jsonl").write_text(json.dumps([["2010-01-01", ["fox cat owl"]]]))
    assert find_pairs(tmp_path) == [(tmp_path / "x.pred.jsonl", tmp_path / "x.gold.jsonl")]
    [result] = evaluate_pairs(tmp_path)
    assert result.scores == evaluate_files(tmp_path / "x.pred.jsonl", [tmp_path / "x.gold.jsonl"])
    assert result.scores.concat_r1_f == pytest.approx(2 / 3)
    (tmp_path / "y.pred.jsonl").write_text("[]")
    with pytest.raises(EvaluationError, match=r"y\.pred\.jsonl: no gold timeline beside it"):
        find_pairs(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"entries": [', "not valid JSON"),
        ('{"entries": [{"date": "soon", "sentences": []}]}', "'soon' is not a YYYY-MM-DD date"),
        ('{"title": "x"}', "without an `entries` list"),
        ('[["2010-01-01", "one string"]]', "not a [date, [sentences]] pair"),
        ("", "empty file"),
        ("just some text\n", "not a timeline"),
    ],
)
def test_bad_files_raise_one_line_errors_naming_the_file(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(EvaluationError) as info:
        read_timelines(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_missing_file_and_multi_timeline_prediction(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such file"):
        read_timelines(tmp_path / "nope.jsonl")
    two = tmp_path / "two.jsonl"
    two.write_text('[["2010-01-01", ["a"]]]\n[["2010-01-02", ["b"]]]\n')
    with pytest.raises(EvaluationError, match="holds 2 timelines"):
        read_prediction(two)


def test_score_keys_cover_the_report() -> None:
    for key in ("concat_r1_f", "concat_r2_f", "agreement_r1_f", "agreement_r2_f"):
        assert key in SCORE_KEYS
    for key in ("align_m1_r1_f", "align_m1_r2_f", "date_f1", "align_m1_r1_p", "date_r"):
        assert key in SCORE_KEYS
    assert len(SCORE_KEYS) == 21 and tuple(Scores.__dataclass_fields__) == SCORE_KEYS


# --- the command ------------------------------------------------------------------------


def _cli(args: list[str]) -> Result:
    from typer.testing import CliRunner

    from dateline.cli import app

    return CliRunner().invoke(app, ["evaluate", *args])


def test_cli_json_has_every_report_key(tmp_path: Path) -> None:
    pred, gold = tmp_path / "p.jsonl", tmp_path / "g.jsonl"
    pred.write_text(json.dumps([[d.isoformat(), s] for d, s in PRED.items()]))
    gold.write_text(json.dumps([[d.isoformat(), s] for d, s in GOLD.items()]))
    result = _cli([str(pred), str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert tuple(data) == SCORE_KEYS
    assert data["concat_r1_f"] == pytest.approx(0.8)
    assert data["align_m1_r1_f"] == pytest.approx(0.5)
    assert data["date_f1"] == 0.5


@pytest.mark.shared
def test_cli_pairs_reports_rows_and_the_newstls_average(fidelity_dir: Path) -> None:
    result = _cli(["--pairs", str(fidelity_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["pairs"]) == 11
    assert data["pairs"][0]["pred"].endswith("bpoil_0.pred.jsonl")
    assert round(data["average"]["align_m1_r1_f"], 3) == 0.148
    text = _cli(["--pairs", str(fidelity_dir)])
    assert text.exit_code == 0
    assert "mj_0" in text.stdout and "average" in text.stdout


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (["missing.jsonl", "gold.jsonl"], "missing.jsonl: no such file"),
        (["bad.json", "gold.jsonl"], "bad.json: line 1: not valid JSON"),
    ],
)
def test_cli_bad_input_is_one_line_without_traceback(
    tmp_path: Path, files: list[str], message: str
) -> None:
    (tmp_path / "bad.json").write_text('{"entries": [')
    (tmp_path / "gold.jsonl").write_text('[["2010-01-01", ["fox"]]]')
    result = _cli([str(tmp_path / f) for f in files])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("dateline: ")
    assert "Traceback" not in result.output


def test_cli_usage_errors(tmp_path: Path) -> None:
    result = _cli([str(tmp_path / "only-one.jsonl")])
    assert result.exit_code == 2 and "at least one gold timeline" in result.stderr
    result = _cli(["a", "b", "--format", "xml"])
    assert result.exit_code == 2 and "choose text or json" in result.stderr
