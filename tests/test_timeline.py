"""The timeline stage on real articles: the seeds and Timeline17."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from dateline.evaluate import evaluate, read_timelines
from dateline.model import Article, Sentence
from dateline.pipeline import load_articles
from dateline.timeline import Corpus, TimelineOptions, build_timeline, choose_length
from dateline.timeline.corpus import counted_days
from dateline.timeline.quotable import strip_dateline
from dateline.timeline.summarise import select_sentences
from dateline.timex import names_weekday_only
from dateline.words import Terms

D = dt.date


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path):
    loaded = load_articles([seeds_dir], workers=1)
    assert not loaded.problems
    return loaded.articles


def test_seed_timeline_has_the_three_events(seed_articles) -> None:
    timeline = build_timeline(seed_articles)
    dates = {e.date for e in timeline.entries}
    assert D(2019, 2, 28) in dates  # the Hanoi talks collapse
    assert D(2019, 3, 2) in dates  # Kim leaves Vietnam by train
    assert dates & {D(2019, 4, 25), D(2019, 4, 26)}  # the Putin summit, leaving Vladivostok


def test_every_sentence_is_traceable_to_its_article(seed_articles) -> None:
    timeline = build_timeline(seed_articles, TimelineOptions(max_dates=4, sentences_per_date=2))
    by_id = {a.id: a for a in seed_articles}
    # The cited articles are listed, and the ones reporting the entries' events.
    assert {ref.id for ref in timeline.articles} == {
        s.article_id for e in timeline.entries for s in e.sentences
    } | {a for e in timeline.entries for ev in e.events for a in ev.article_ids}
    for entry in timeline.entries:
        for sentence in entry.sentences:
            article = by_id[sentence.article_id]
            # As in the article, a wire dateline in front left out.
            original = article.sentences[sentence.sentence_index].text
            assert strip_dateline(original) == sentence.text


def test_bare_weekdays_do_not_count_as_evidence_but_still_date_the_sentence(
    seed_articles,
) -> None:
    # Seed 002: "Talks ... collapsed Thursday" in a story of 2019-02-28.
    article = next(a for a in seed_articles if a.id.startswith("002_"))
    first = next(s for s in article.sentences if "collapsed Thursday" in s.text)
    assert D(2019, 2, 28) in first.days  # a summary candidate for the day it names
    assert D(2019, 2, 28) not in counted_days(first)  # but no evidence the day mattered
    # Seed 001 names the summit day by its weekday only: the same.
    other = next(a for a in seed_articles if a.id.startswith("001_"))
    summit = next(s for s in other.sentences if s.text.startswith("On Thursday, Kim held"))
    assert summit.days and not counted_days(summit)


def test_weekday_only_mentions_are_counted_apart_whether_or_not_they_are_evidence(
    seed_articles,
) -> None:
    from dateline.timeline.dates import date_statistics

    corpus = Corpus.of(seed_articles)
    without = date_statistics(corpus, weekdays=False)
    with_them = date_statistics(corpus, weekdays=True)
    # "collapsed Thursday" (seed 002) names 2019-02-28 by its weekday only.
    hanoi = D(2019, 2, 28)
    assert without[hanoi].counts["weekday_docs"] >= 1
    assert with_them[hanoi].counts["weekday_docs"] == without[hanoi].counts["weekday_docs"]
    assert with_them[hanoi].counts["mention_docs"] > without[hanoi].counts["mention_docs"]
    positions = [st.counts["window_position"] for st in without.values()]
    assert min(positions) == 0.0 and max(positions) == 1.0


@pytest.mark.parametrize(
    ("expression", "weekday_only"),
    [
        ("Thursday", True),
        ("last Friday night", True),
        ("Sunday's", True),
        ("Thursday, Feb. 28", False),
        ("Monday 3 May", False),
        ("yesterday", False),
        ("April 20", False),
    ],
)
def test_names_weekday_only(expression: str, weekday_only: bool) -> None:
    assert names_weekday_only(expression) is weekday_only


def test_length_options_are_respected(seed_articles) -> None:
    timeline = build_timeline(seed_articles, TimelineOptions(max_dates=2, sentences_per_date=1))
    assert len(timeline.entries) == 2
    assert all(len(e.sentences) == 1 for e in timeline.entries)
    assert [e.date for e in timeline.entries] == sorted(e.date for e in timeline.entries)


def test_window_keeps_to_the_dates(seed_articles) -> None:
    options = TimelineOptions(start=D(2019, 4, 1), end=D(2019, 4, 30))
    timeline = build_timeline(seed_articles, options)
    assert timeline.entries
    assert all(D(2019, 4, 1) <= e.date <= D(2019, 4, 30) for e in timeline.entries)


def test_keywords_filter_sentences(seed_articles) -> None:
    timeline = build_timeline(seed_articles, TimelineOptions(keywords=("putin",)))
    assert timeline.entries
    for entry in timeline.entries:
        for sentence in entry.sentences:
            assert "putin" in sentence.text.lower()


def test_query_keeps_to_articles_about_it(seed_articles) -> None:
    timeline = build_timeline(seed_articles, TimelineOptions(query="Vladivostok"))
    assert timeline.entries
    assert {s.article_id for e in timeline.entries for s in e.sentences} == {
        a.id for a in seed_articles if "vladivostok" in a.text.lower()
    }


def test_no_sentence_is_repeated_across_dates(seed_articles) -> None:
    timeline = build_timeline(seed_articles, TimelineOptions(max_dates=8, sentences_per_date=3))
    texts = [s.text for e in timeline.entries for s in e.sentences]
    assert len(texts) == len(set(texts))


def test_summary_takes_focused_sentences_first_then_fills_up_to_k() -> None:
    texts = [
        "The dam burst on Monday and flooded the valley town below.",
        "Rescuers pulled forty people from the flooded valley town.",
        "The football club announced a new coach for next season.",
        "Local bakery wins a regional prize for its sourdough bread.",
    ]
    article = Article(
        id="a", text=" ".join(texts), sentences=[Sentence(t, i) for i, t in enumerate(texts)]
    )
    corpus = Corpus.of([article])
    centroid = np.asarray(corpus.vectors[[0, 1]].sum(axis=0)).ravel()
    chosen = select_sentences(corpus, [0, 1, 2, 3], centroid, 3, preferred=[0])
    assert chosen[0] == 0  # the focused sentence first, though 1 is as close
    assert len(chosen) == 3  # the rest fill the summary to the requested size
    assert select_sentences(corpus, [0, 1, 2, 3], centroid, 1, preferred=[3]) == [3]


def test_choose_length_finds_the_knee() -> None:
    scores = [10, 9, 8.5, 8, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    assert choose_length(scores, minimum=2) == 4
    assert choose_length([1.0, 0.5], minimum=5) == 2


def test_empty_corpus_gives_empty_timeline() -> None:
    timeline = build_timeline([])
    assert timeline.entries == []
    assert timeline.article_count == 0


# Each development topic, read from raw text with its first collection, must yield a
# sensible timeline: dated entries in the collection's span, on topic, and overlapping
# the human timeline's dates.
TOPIC_FIRST_COLLECTION = {
    "bpoil": "bpoil_bbc",
    "finan": "Finan_washingtonpost",
    "h1n1": "H1N1_bbc",
    "haiti": "haiti_bbc",
    "mj": "MJ_bbc",
}


@pytest.mark.parametrize("topic", sorted(TOPIC_FIRST_COLLECTION))
def test_t17_topic_yields_a_sensible_timeline(t17_dir: Path, topic: str) -> None:
    spec = json.loads((t17_dir / "topics.json").read_text())[topic]
    collection = t17_dir / TOPIC_FIRST_COLLECTION[topic]
    gold = read_timelines(next((collection / "timelines").glob("*.txt")))[0]
    loaded = load_articles([collection / "InputDocs"])
    corpus = Corpus.of(loaded.articles)
    per_date = max(1, round(sum(len(v) for v in gold.values()) / len(gold)))
    options = TimelineOptions(
        max_dates=len(gold),
        sentences_per_date=per_date,
        start=min(gold),
        end=max(gold),
        keywords=tuple(spec["keywords"]),
    )
    timeline = build_timeline(loaded.articles, options, corpus=corpus)
    assert len(timeline.entries) >= min(10, len(gold)) * 0.8
    assert all(min(gold) <= e.date <= max(gold) for e in timeline.entries)
    keywords = Terms(spec["keywords"])  # the one rule of what a keyword matches
    for entry in timeline.entries:
        assert keywords.any_in(entry.sentences[0].text)
    scores = evaluate({e.date: [s.text for s in e.sentences] for e in timeline.entries}, [gold])
    assert scores.date_f1 > 0.2, f"{topic}: date F1 {scores.date_f1:.3f}"
    assert scores.align_m1_r1_f > 0.05, f"{topic}: align R1 {scores.align_m1_r1_f:.3f}"
