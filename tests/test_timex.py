"""The tagger, form by form: what it finds, the extent, the TIMEX3 type and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.model import TimeMention
from dateline.timex import RULE_GROUPS, Tagger, set_default_tagger, tag, tag_document

SAT = dt.date(2019, 3, 2)  # a Saturday
FRI = dt.date(2019, 4, 26)  # a Friday


def found(text: str, dct: dt.date | None = SAT, **kw: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.value) for m in tag(text, dct, **kw)]


def one(text: str, dct: dt.date | None = SAT, **kw: str) -> tuple[str, str, str]:
    got = found(text, dct, **kw)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute dates in the common formats
        ("It opened on Jan. 5, 2010 in Paris.", ("Jan. 5, 2010", "DATE", "2010-01-05")),
        ("It opened Jan. 5 , 2010 , in Paris.", ("Jan. 5 , 2010", "DATE", "2010-01-05")),
        ("It opened on 5 January 2010.", ("5 January 2010", "DATE", "2010-01-05")),
        (
            "It opened on the 5th of January, 2010.",
            ("the 5th of January, 2010", "DATE", "2010-01-05"),
        ),
        ("Filed 2010-01-05 at the court.", ("2010-01-05", "DATE", "2010-01-05")),
        ("Filed 01/05/2010 at the court.", ("01/05/2010", "DATE", "2010-01-05")),
        ("Filed 25/12/2010 at the court.", ("25/12/2010", "DATE", "2010-12-25")),
        ("Filed 25.12.2010 at the court.", ("25.12.2010", "DATE", "2010-12-25")),
        ("The bombing on January 20th shocked them.", ("January 20th", "DATE", "2019-01-20")),
        (
            "The quake killed 12 on 20 January , officials said.",
            ("20 January", "DATE", "2019-01-20"),
        ),
        ("He came home on Friday, March 1, 2019.", ("Friday, March 1, 2019", "DATE", "2019-03-01")),
        ("Elections were held in June 2010.", ("June 2010", "DATE", "2010-06")),
        ("It was founded in 1958.", ("1958", "DATE", "1958")),
        ("Sales fell in fiscal 1998.", ("fiscal 1998", "DATE", "1998")),
        ("The party began in late 2011.", ("late 2011", "DATE", "2011")),
        ("Prices soared in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Prices soared in the late 1990s.", ("the late 1990s", "DATE", "199")),
        ("A relic of the 20th century.", ("the 20th century", "DATE", "19")),
        # relative to the document date
        ("Officials met yesterday.", ("yesterday", "DATE", "2019-03-01")),
        ("Officials meet today.", ("today", "DATE", "2019-03-02")),
        ("It happened two days ago.", ("two days ago", "DATE", "2019-02-28")),
        ("It happened a year ago.", ("a year ago", "DATE", "2018")),
        ("It happened last month.", ("last month", "DATE", "2019-02")),
        ("They met last Friday.", ("last Friday", "DATE", "2019-03-01")),
        ("They will meet next week.", ("next week", "DATE", "2019-W10")),
        ("Rates rose earlier this month.", ("earlier this month", "DATE", "2019-03")),
        ("Sales rose last year.", ("last year", "DATE", "2018")),
        ("Profit rose in the third quarter.", ("the third quarter", "DATE", "2018-Q3")),
        (
            "Profit rose in the first quarter of 2017.",
            ("the first quarter of 2017", "DATE", "2017-Q1"),
        ),
        ("Third-quarter profit rose.", ("Third-quarter", "DATE", "2018-Q3")),
        ("Sales doubled in the first half.", ("the first half", "DATE", "2019-H1")),
        ("They met last summer.", ("last summer", "DATE", "2018-SU")),
        ("It snowed in the winter of 2010.", ("the winter of 2010", "DATE", "2010-WI")),
        ("Crowds gathered on Christmas Eve.", ("Christmas Eve", "DATE", "2018-12-24")),
        ("Crowds gathered on Thanksgiving.", ("Thanksgiving", "DATE", "2018-11-22")),
        ("The vote is now over.", ("now", "DATE", "PRESENT_REF")),
        ("He currently leads.", ("currently", "DATE", "PRESENT_REF")),
        ("He recently left.", ("recently", "DATE", "PAST_REF")),
        ("Plans for the future were drawn.", ("the future", "DATE", "FUTURE_REF")),
        # times of day
        (
            "The train left around 12:40 p.m. to cross.",
            ("around 12:40 p.m.", "TIME", "2019-03-02T12:40"),
        ),
        (
            "The polls closed at 10 p.m. Wednesday.",
            ("10 p.m. Wednesday", "TIME", "2019-02-27T22:00"),
        ),
        ("Shots rang out last night.", ("last night", "TIME", "2019-03-01TNI")),
        ("They talked Friday morning.", ("Friday morning", "TIME", "2019-03-01TMO")),
        ("We will see this afternoon.", ("this afternoon", "TIME", "2019-03-02TAF")),
        # durations
        ("He served three years in jail.", ("three years", "DURATION", "P3Y")),
        ("Kim began a three-day visit.", ("three-day", "DURATION", "P3D")),
        ("Prices rose over the past two weeks.", ("the past two weeks", "DURATION", "P2W")),
        ("The siege lasted nearly 70 hours.", ("nearly 70 hours", "DURATION", "PT70H")),
        ("They waited half an hour.", ("half an hour", "DURATION", "PT30M")),
        ("The war lasted two and a half years.", ("two and a half years", "DURATION", "P30M")),
        ("Fighting went on for years.", ("years", "DURATION", "PXY")),
        # sets
        ("The council meets every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
        ("The paper is printed daily.", ("daily", "SET", "P1D")),
        ("The board meets twice a year.", ("twice a year", "SET", "P1Y")),
        ("Talks are held each month.", ("each month", "SET", "P1M")),
    ],
)
def test_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert one(text) == expected


def test_ranges_give_both_days() -> None:
    assert found("The summit was held Feb. 27-28 in Hanoi.") == [
        ("Feb. 27", "DATE", "2019-02-27"),
        ("28", "DATE", "2019-02-28"),
    ]
    assert found("Polls open 27-28 February 2019.") == [
        ("27", "DATE", "2019-02-27"),
        ("28 February 2019", "DATE", "2019-02-28"),
    ]
    assert found("The plan ran from 1990 to 1995.") == [
        ("1990", "DATE", "1990"),
        ("1995", "DATE", "1995"),
    ]


def test_possessive_weekday_and_month_in_noun_phrase() -> None:
    assert one("Friday's vote was close.") == ("Friday", "DATE", "2019-03-01")
    assert one("They were expected to flesh out a June summit agreement.") == (
        "June",
        "DATE",
        "2018-06",
    )


def test_tense_chooses_direction_for_weekdays_and_months() -> None:
    assert one("Talks collapsed Thursday.") == ("Thursday", "DATE", "2019-02-28")
    assert one("Talks will resume Thursday.") == ("Thursday", "DATE", "2019-03-07")
    assert one("The vote is scheduled for Tuesday.") == ("Tuesday", "DATE", "2019-03-05")
    assert one("Kim is expected to return to Pyongyang on Monday.")[2] == "2019-03-04"
    # the DCT itself counts, both ways
    assert one("Kim left Vietnam on Saturday.") == ("Saturday", "DATE", "2019-03-02")
    assert one("Kim will leave on Saturday.") == ("Saturday", "DATE", "2019-03-02")
    assert one("The law took effect in June.")[2] == "2018-06"
    assert one("The law will take effect in June.")[2] == "2019-06"
    assert one("Polls open in June.", tense="future")[2] == "2019-06"
    assert one("Kim will leave on Thursday.", tense="past")[2] == "2019-02-28"
    # explicit "next"/"last" do not depend on tense
    assert one("He came next Monday.")[2] == "2019-03-04"
    assert one("He will come last Monday.")[2] == "2019-02-25"


def test_month_and_day_without_year_take_the_nearest_year() -> None:
    assert one("The deadline is Jan. 3.", dt.date(2018, 12, 20))[2] == "2019-01-03"
    assert one("It began on Dec. 28.", dt.date(2019, 1, 5))[2] == "2018-12-28"
    assert one("It closes on Dec. 15.", dt.date(1989, 11, 2))[2] == "1989-12-15"


def test_a_cue_does_not_carry_an_undated_day_or_month_most_of_a_year_away() -> None:
    nov = dt.date(1989, 11, 2)
    # "declared" is past, but a dividend payable eleven months ago would carry its year
    assert one("The board declared a dividend, payable Dec. 15.", nov)[2] == "1989-12-15"
    assert one("The rights, which expire Nov. 21, can be exercised.", nov)[2] == "1989-11-21"
    # within reach the cue still decides
    assert one("The plant was closed on Oct. 3.", nov)[2] == "1989-10-03"
    # a soft cue ("approved") is outvoted for a bare month ten months back...
    assert one("Holders approved the merger, closing in January.", nov)[2] == "1990-01"
    # ...an explicit past form is not
    assert one("The plant was shut in January.", nov)[2] == "1989-01"
    assert one("Prices have fallen since the Oct. 23 crash.", dt.date(1999, 5, 6))[2] == (
        "1998-10-23"
    )


def test_cue_words_that_are_no_tense() -> None:
    # "next to" is a place; "unspecified" an adjective
    assert one("A bomb went off next to the embassy on Friday.")[2] == "2019-03-01"
    assert one("It will happen on a still unspecified date in June.")[2] == "2019-06"
    # a deadline is still to come
    assert one("The offer runs until 9 a.m. Tuesday.") == (
        "9 a.m. Tuesday",
        "TIME",
        "2019-03-05T09:00",
    )
    assert one("The deal is expected in December.")[2] == "2019-12"


def test_weekday_and_date_with_a_colon_after_them() -> None:
    assert one("The Times said in an editorial on Monday, March 4: The court erred.") == (
        "Monday, March 4",
        "DATE",
        "2019-03-04",
    )


def test_vague_stretches_and_later() -> None:
    assert one("Prices rose in recent weeks.") == ("recent weeks", "DURATION", "PXW")
    assert one("Rates may fall in the coming months.") == ("the coming months", "DURATION", "PXM")
    # TimeML marks the amount of "two days later", not a date
    assert one("Two days later, the talks resumed.") == ("Two days", "DURATION", "P2D")


def test_without_dct_relative_values_are_underspecified() -> None:
    assert found("Talks collapsed Thursday, a year ago, in June.", None) == [
        ("Thursday", "DATE", "XXXX-XX-XX"),
        ("a year ago", "DATE", "XXXX"),
        ("June", "DATE", "XXXX-06"),
    ]
    assert found("It opened on Jan. 5, 2010, three days early.", None) == [
        ("Jan. 5, 2010", "DATE", "2010-01-05"),
        ("three days", "DURATION", "P3D"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said she may march on.",
        "The fall of the regime came as a second wave hit.",
        "About 1800 troops and 2500 people were there.",
        "A quarter of the votes were counted; three-quarters remain.",
        "He paid $5 a year for 3:16 of airtime.",
        "Temperatures were in their 90s.",
        "Kim Jong Un visited a farm.",
        "A 10-year-old boy was hurt.",
    ],
)
def test_not_temporal(text: str) -> None:
    assert found(text) == []


def test_offsets_point_into_the_text() -> None:
    text = "On Thursday, Kim held talks; on Friday (April 26) he left."
    for m in tag(text, FRI):
        assert isinstance(m, TimeMention)
        assert text[m.start : m.end] == m.text
    assert [m.value for m in tag(text, FRI)] == ["2019-04-25", "2019-04-26", "2019-04-26"]


def test_granularity() -> None:
    grans = {
        m.text: m.granularity
        for m in tag(
            "Last week, in 2010, on May 5 2011, in the 1990s, this summer, the second quarter", SAT
        )
    }
    assert grans == {
        "Last week": "week",
        "2010": "year",
        "May 5 2011": "day",
        "the 1990s": "decade",
        "this summer": "season",
        "the second quarter": "quarter",
    }


def test_rule_groups_can_be_switched_off() -> None:
    text = "He served three years and left on Friday."
    full = Tagger()
    no_durations = Tagger(disable={"durations"})
    assert [m.type for m in full.tag(text, SAT)] == ["DURATION", "DATE"]
    assert [m.type for m in no_durations.tag(text, SAT)] == ["DATE"]
    assert set(RULE_GROUPS) >= {"durations", "sets", "weekdays", "months", "times"}
    with pytest.raises(ValueError, match="unknown rule group"):
        Tagger(disable={"nonsense"})
    set_default_tagger(no_durations)
    try:
        assert found(text) == [("Friday", "DATE", "2019-03-01")]
    finally:
        set_default_tagger(None)
    assert len(found(text)) == 2


def test_bad_tense_is_refused() -> None:
    with pytest.raises(ValueError, match="tense"):
        tag("on Friday", SAT, tense="later")


# ----------------------------------------------------------------- the seed articles


def _paragraph(path: Path, phrase: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if phrase in line:
            return line
    raise AssertionError(f"{phrase!r} not in {path.name}")


def _value_at(text: str, dct: dt.date, phrase: str, word: str) -> tuple[str, str]:
    """Type and value of the mention covering `word` inside `phrase` in `text`."""
    at = text.index(phrase) + phrase.index(word)
    for m in tag(text, dct):
        if m.start <= at < m.end:
            return m.type, m.value
    raise AssertionError(f"nothing tagged at {word!r} in {phrase!r}")


SEED_CASES = [
    ("000_", SAT, "left Vietnam on Saturday", "Saturday", "2019-03-02"),
    ("000_", SAT, "arrived in Vietnam on Tuesday", "Tuesday", "2019-02-26"),
    ("000_", SAT, "on Wednesday and Thursday", "Wednesday", "2019-02-27"),
    ("000_", SAT, "on Wednesday and Thursday", "Thursday", "2019-02-28"),
    ("000_", SAT, "a June summit agreement", "June", "2018-06"),
    ("000_", SAT, "in 1958 and 1964", "1958", "1958"),
    ("000_", SAT, "in 1958 and 1964", "1964", "1964"),
    ("000_", SAT, "earlier on Saturday", "Saturday", "2019-03-02"),
    ("002_", dt.date(2019, 2, 28), "collapsed Thursday", "Thursday", "2019-02-28"),
    ("001_", FRI, "April 26 (UPI)", "April 26", "2019-04-26"),
    ("001_", FRI, "Vladivostok on Friday", "Friday", "2019-04-26"),
    ("001_", FRI, "On Thursday", "Thursday", "2019-04-25"),
    ("001_", FRI, "on Wednesday", "Wednesday", "2019-04-24"),
    ("001_", FRI, "in late 2011", "2011", "2011"),
]


@pytest.mark.parametrize(("prefix", "dct", "phrase", "word", "value"), SEED_CASES)
def test_seed_articles(
    seeds_dir: Path, prefix: str, dct: dt.date, phrase: str, word: str, value: str
) -> None:
    path = next(seeds_dir.glob(prefix + "*.txt"))
    text = _paragraph(path, phrase)
    assert _value_at(text, dct, phrase, word) == ("DATE", value)


def test_seed_on_friday_sentence(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("001_*.txt"))
    text = _paragraph(path, "left Russia's Far East city")
    got = [(m.text, m.type, m.value) for m in tag(text, FRI)]
    assert ("Friday", "DATE", "2019-04-26") in got
    # "a day after his summit" counts from the summit, so it is no date
    assert all(not (m.text.startswith("a day") and m.type == "DATE") for m in tag(text, FRI))
    three_day = _paragraph(path, "three-day visit")
    assert _value_at(three_day, FRI, "three-day visit", "three") == ("DURATION", "P3D")


# ----------------------------------------------------------------- whole documents


def doc_values(sentences: list[str], dct: dt.date | None = SAT) -> list[list[tuple[str, str]]]:
    return [[(m.text, m.value) for m in ms] for ms in tag_document(sentences, dct)]


def test_document_carries_the_last_date_mentioned() -> None:
    got = doc_values(
        [
            "On May 22, 1995, Farkas was made a general.",
            "The following year he was sent to Washington.",
            "He flew home on June 3, 1997, and resigned the next day.",
            "The day before, he had met the minister.",
            "That day he also wrote to his wife.",
        ]
    )
    assert got == [
        [("May 22, 1995", "1995-05-22")],
        [("The following year", "1996")],
        [("June 3, 1997", "1997-06-03"), ("the next day", "1997-06-04")],
        [("The day before", "1997-06-03")],
        [("That day", "1997-06-03")],
    ]
    # offsets are into each sentence
    sentences = ["It began on Jan. 5, 2010.", "Two days earlier, troops had massed."]
    mentions = tag_document(sentences, SAT)
    for s, ms in zip(sentences, mentions, strict=True):
        for m in ms:
            assert s[m.start : m.end] == m.text
    assert [m.value for m in mentions[1]] == ["2010-01-03"]


def test_document_falls_back_on_the_dct_and_tag_stays_sentence_level() -> None:
    assert doc_values(["The next day, talks resumed."]) == [[("The next day", "2019-03-03")]]
    # "that day" with no date before it points nowhere
    assert doc_values(["Nobody forgets that day."]) == [[]]
    # `tag` never looks at other sentences
    assert found("The following year he left.") == [("The following year", "DATE", "2020")]


def test_previous_weekday_counts_from_the_day_under_discussion() -> None:
    got = doc_values(
        ["Stocks fell Friday.", "The index closed down 4% from the previous Friday."],
        dt.date(1989, 10, 30),
    )
    assert got[1] == [("the previous Friday", "1989-10-20")]


def test_earnings_story_compares_with_the_same_quarter_a_year_before() -> None:
    got = doc_values(
        [
            "Net income rose 12% in the third quarter.",
            "Profit was $5 million, up from $4 million a year earlier.",
            "Year-earlier results included a gain.",
            "Sales were flat compared with a year ago.",
            "The company expects a loss in the fourth quarter.",
            "Revenue fell from a year ago.",
        ],
        dt.date(1989, 11, 2),
    )
    assert got[0] == [("the third quarter", "1989-Q3")]
    assert got[1] == [("a year earlier", "1988-Q3")]
    assert got[2] == [("Year-earlier results", "1988-Q3")]
    assert got[3] == [("a year ago", "1988-Q3")]
    # an outlook for the current quarter does not change the period reported on
    assert got[5] == [("a year ago", "1988-Q3")]
    # without a quarter in view, "a year ago" is the year
    assert doc_values(["Sales were flat compared with a year ago."]) == [[("a year ago", "2018")]]


def test_document_refuses_a_bad_tense() -> None:
    with pytest.raises(ValueError, match="tense"):
        tag_document(["on Friday"], SAT, tense="later")
