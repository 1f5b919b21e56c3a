"""Events (the same happening grouped across outlets), sentences that stand alone, and
the seeds' timeline with default settings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dateline.model import Article, Sentence, TimeMention
from dateline.pipeline import load_articles
from dateline.render import render
from dateline.timeline import Corpus, TimelineOptions, build_timeline
from dateline.timeline.corpus import source_of
from dateline.timeline.events import group_events
from dateline.timeline.quotable import dangling_start, is_furniture, stands_alone, strip_dateline

D = dt.date
DAY = D(2021, 3, 8)


def _article(aid: str, source: str | None, texts: list[str], url: str | None = None) -> Article:
    sentences = []
    for i, text in enumerate(texts):
        mentions = ()
        if "Monday" in text:
            at = text.index("Monday")
            mentions = (TimeMention(at, at + 6, "Monday", "DATE", DAY.isoformat(), "day"),)
        sentences.append(Sentence(text, i, mentions))
    return Article(
        id=aid,
        text=" ".join(texts),
        sentences=sentences,
        source=source,
        url=url,
        published=DAY + dt.timedelta(days=1),
    )


DAM_A = "The Oroville dam burst on Monday and flooded the valley town below it."
DAM_B = "Floodwater from the burst Oroville dam swept through the valley town on Monday."
CLUB = "On Monday the city football club named a new head coach for next season."


def _articles() -> list[Article]:
    return [
        _article("a1", "Daily Example", [DAM_A, CLUB]),
        _article("a2", None, [DAM_B], url="https://www.example.net/news/dam"),
    ]


def test_the_same_event_from_two_outlets_is_one_event_two_events_stay_two() -> None:
    corpus = Corpus.of(_articles())
    events = group_events(corpus, DAY, [0, 1, 2])
    texts = [{corpus.sentence_text[s] for s in e.members} for e in events]
    assert {DAM_A, DAM_B} in texts  # one event, reported twice
    assert {CLUB} in texts  # another happening that day stays apart
    [dam] = [e for e in events if len(e.members) == 2]
    assert dam.sources == ["Daily Example", "example.net"]  # the URL's domain as fallback
    assert events[0] is dam  # the most widely reported first


def test_events_reach_the_json_and_the_views() -> None:
    options = TimelineOptions(max_dates=1, sentences_per_date=2)
    timeline = build_timeline(_articles(), options)
    [entry] = timeline.entries
    assert len(entry.events) == len(entry.sentences)
    by_text = {ev.representative.text: ev for ev in entry.events}
    dam = by_text.get(DAM_A) or by_text[DAM_B]
    assert sorted(dam.article_ids) == ["a1", "a2"] and len(dam.sources) == 2
    doc = json.loads(render(timeline, "json"))
    events = doc["entries"][0]["events"]
    assert {len(e["sources"]) for e in events} == {1, 2}
    assert all(e["representative"] in doc["entries"][0]["sentences"] for e in events)
    assert "reported by 2 sources" in render(timeline, "markdown")
    assert "reported by 2 sources" in render(timeline, "html")


def test_source_falls_back_to_the_timeline17_collection() -> None:
    art = _article("x", None, [CLUB])
    art.path = "/data/t17/bpoil_bbc/InputDocs/2010-05-01/3.htm.txt"
    assert source_of(art) == "bpoil_bbc"
    art.path = "notes/one.txt"
    assert source_of(art) == "article x"  # unknown: counted once per article


@pytest.mark.parametrize(
    "text",
    [
        "He was seen off by a group of high-ranking Vietnamese officials.",
        "It is not yet confirmed how and by which route he will travel.",
        "They said the talks would resume.",
        "This was the first such visit in 55 years.",
        "I am organising a meeting with him next week to discuss it.",  # a reader's comment
        '"He will not sign," an aide said.',
    ],
)
def test_a_leading_pronoun_does_not_stand_alone(text: str) -> None:
    assert dangling_start(text) and not stands_alone(text)


@pytest.mark.parametrize(
    "text",
    [
        "This week the company said it would cut 500 jobs.",
        "That night, rescuers reached the village.",
        "Kim held his summit with Putin on Thursday.",
        "Theresa May met the EU negotiators.",  # "The..." is not a pronoun
        "By Monday, the death toll had risen to 200.",  # not a byline
    ],
)
def test_a_named_subject_stands_alone(text: str) -> None:
    assert not dangling_start(text) and stands_alone(text)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("03 February 12 17:03 GMT Russia's deputy foreign minister says the plan is dead.", 1),
        ("Updated April 26, 2019 at 3:43 PM", 1),
        ("By Jane Smith | March 3, 2009; 5:12 PM ET", 1),
        ("Posted by: jsmith | March 3, 2009 5:12 PM Report abuse", 1),
        ("Photo: Rescuers carry a survivor from the rubble in Port-au-Prince.", 0),
        ("20 April: the rig explodes. 22 April: it sinks. 30 April: oil reaches land.", 3),
        ("Will the spill reach Florida's beaches?", 0),
        ("As it happened: Haiti earthquake 14 Jan Live coverage following Tuesday's quake.", 1),
        ("Haiti earthquake: Your stories Friday 15 January Up to 10,000 US troops will land.", 1),
    ],
)
def test_page_furniture_does_not_stand_alone(text: str, days: int) -> None:
    assert is_furniture(text, days) and not stands_alone(text, days)


def test_a_wire_dateline_is_left_out_of_the_quote() -> None:
    text = "VLADIVOSTOK, Russia, April 26 (UPI) -- North Korean leader Kim Jong Un left."
    assert strip_dateline(text) == "North Korean leader Kim Jong Un left."
    text = "HANOI, Vietnam — Talks between Trump and Kim collapsed Thursday."
    assert strip_dateline(text) == "Talks between Trump and Kim collapsed Thursday."
    assert strip_dateline("Kim left Hanoi on Saturday.") == "Kim left Hanoi on Saturday."


# The eight dated events the three seed articles report (issue 14).
SEED_EVENTS = {
    D(2019, 2, 26),  # Kim's train arrives in Vietnam
    D(2019, 2, 27),  # the Hanoi summit's first day
    D(2019, 2, 28),  # the talks collapse
    D(2019, 3, 1),  # the official visit to Vietnam
    D(2019, 3, 2),  # Kim leaves Vietnam
    D(2019, 4, 24),  # arrival in Russia
    D(2019, 4, 25),  # the summit with Putin
    D(2019, 4, 26),  # Kim leaves Vladivostok
}


@pytest.mark.shared
def test_the_seeds_default_timeline_has_their_events_and_sentences_that_stand_alone(
    seeds_dir: Path,
) -> None:
    loaded = load_articles([seeds_dir], workers=1)
    timeline = build_timeline(loaded.articles)  # default settings
    dates = {e.date for e in timeline.entries}
    assert len(dates & SEED_EVENTS) >= 7, sorted(dates)
    assert len(dates - SEED_EVENTS) <= 2, sorted(dates - SEED_EVENTS)
    for entry in timeline.entries:
        for sentence in entry.sentences:
            assert not dangling_start(sentence.text), sentence.text
            assert not is_furniture(sentence.text), sentence.text
            assert "(UPI)" not in sentence.text
    # The collapse is reported by two of the three articles: one event, two sources.
    [collapse] = [e for e in timeline.entries if e.date == D(2019, 2, 28)]
    assert max(len(ev.sources) for ev in collapse.events) == 2


@pytest.mark.shared
def test_t17_timeline_quotes_no_furniture_and_groups_outlets(t17_dir: Path) -> None:
    spec = json.loads((t17_dir / "topics.json").read_text())["h1n1"]
    inputs = [t17_dir / c / "InputDocs" for c in spec["collections"]]
    loaded = load_articles(inputs)
    options = TimelineOptions(
        max_dates=20, start=D(2009, 4, 20), end=D(2009, 7, 31), keywords=tuple(spec["keywords"])
    )
    timeline = build_timeline(loaded.articles, options)
    assert len(timeline.entries) == 20
    for entry in timeline.entries:
        for sentence in entry.sentences:
            assert stands_alone(sentence.text), sentence.text
    # Three outlets cover swine flu: some events are reported by more than one.
    assert max(len(ev.sources) for e in timeline.entries for ev in e.events) >= 2
