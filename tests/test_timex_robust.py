"""The tagger never crashes, never returns bad offsets, and stays linear on long input."""

from __future__ import annotations

import datetime as dt
import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timex import tag

_WORDS = (
    "Jan. January May March Friday Friday's the last next this past week weeks year years "
    "ago earlier later 1998 1990s '90s 20th century quarter third-quarter half a an two "
    "twenty-five days hours p.m. a.m. 12:40 , . - / 2019-03-02 03/02/2019 2.3.2019 every "
    "daily now recently summer fall Christmas Eve late early mid- of in on at 27-28"
).split()

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join),
    st.lists(st.sampled_from([*_WORDS, "", " ", "\n", "7", "31"]), max_size=80).map("".join),
)
dcts = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(texts, dcts, st.sampled_from([None, "past", "future"]))
def test_arbitrary_text_never_raises_and_offsets_are_valid(
    text: str, dct: dt.date | None, tense: str | None
) -> None:
    t0 = time.perf_counter()
    mentions = tag(text, dct, tense=tense)
    assert time.perf_counter() - t0 < 1.0
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # in order, never overlapping
        last_end = m.end
        assert m.type in ("DATE", "TIME", "DURATION", "SET")
        assert m.value


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    tag(text, dt.date(2019, 3, 2))
    return time.perf_counter() - t0


def test_pathological_inputs_finish_fast() -> None:
    rng = random.Random(7)
    bits = ["1", "12", " ", "  ", "May", "June", "1998", ",", "-", "the", "last", "a", "year"]
    cases = {
        "digits and spaces": "1 " * 100_000,
        "one long number": "9" * 200_000,
        "month names": "May June July " * 15_000,
        "mixed": "".join(rng.choice(bits) + rng.choice(" ,") for _ in range(50_000)),
        "near-misses": "the last the past a few several " * 7_000,
        "no spaces": "JanuaryFebruary1998" * 10_000,
    }
    for name, text in cases.items():
        assert len(text) >= 150_000, name
        elapsed = _timed(text)
        # generous (a shared 2-core machine): linear scanning takes well under a second
        # unloaded; catastrophic backtracking would take minutes
        assert elapsed < 10.0, (name, elapsed)


def test_cost_grows_linearly() -> None:
    unit = "On Friday, March 1, 2019, talks that began two days ago collapsed. " * 200
    small, big = _timed(unit), _timed(unit * 10)
    assert big < 30 * max(small, 1e-3)
