"""Cleaning on the real seeds and Timeline17 lines."""

from __future__ import annotations

from pathlib import Path

from dateline.clean import clean_text, split_glued, undo_ptb
from dateline.read import read_paths


def seed(seeds_dir: Path, prefix: str) -> str:
    [path] = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_upi_seed_chrome_removed_paragraphs_kept(seeds_dir: Path) -> None:
    c = clean_text(seed(seeds_dir, "001"))
    assert "Advertising" not in c.text
    assert "Photo by" not in c.text and "(L)" not in c.text  # the run of photo captions
    assert "Updated April 26" not in c.text and "By Yonhap" not in c.text  # byline
    assert "World News" not in c.text  # section label
    assert c.removed_lines == 5 and c.removed.count("Advertising") == 2
    # Real paragraphs survive, including the dateline paragraph and the last one.
    assert "VLADIVOSTOK, Russia, April 26 (UPI) -- North Korean leader Kim Jong Un left" in c.text
    assert "Following a farewell ceremony, Kim's special train pulled out" in c.text
    assert c.text.rstrip().endswith("catalyze his drive for economic development.")
    assert "\n\n\n" not in c.text and "\xa0" not in c.text


def test_yonhap_seed_tags_removed_glued_sentences_split(seeds_dir: Path) -> None:
    c = clean_text(seed(seeds_dir, "000"))
    assert "(Yonhap)" not in c.text
    assert "date 2019-03-02" not in c.text  # the header line is not article text
    assert "with Trump. Kim and Trump held" in c.text
    assert "agreement. The leaders were" in c.text
    assert "nuclear complex. After the nuclear talks" in c.text
    assert "U.S. President Donald Trump" in c.text  # abbreviations untouched
    assert "12:40 p.m. to cross" in c.text
    assert c.text.endswith("in the Dong Dang station.")


def test_clean_seed_without_chrome_is_unchanged(seeds_dir: Path) -> None:
    raw = seed(seeds_dir, "002")
    c = clean_text(raw)
    assert c.removed_lines == 0
    assert c.text == "\n".join(line.strip() for line in raw.strip().splitlines())


def test_undo_ptb_on_timeline17_lines(t17_dir: Path) -> None:
    path = t17_dir / "bpoil_bbc" / "InputDocs" / "2010-04-29" / "1971.htm.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    fined = next(line for line in lines if "record $ 87m" in line)
    assert undo_ptb(fined).startswith("BP was fined a record $87m (£53m) after US health")
    hayward = next(line for line in lines if line.startswith("Tony Hayward , BP 's"))
    out = undo_ptb(hayward)
    assert out.startswith("Tony Hayward, BP's chief executive, was quick")
    assert 'was being "very aggressive" in its approach to the problem.' in out
    wont = next(line for line in lines if "wo n't" in line)
    assert "won't stop buying" in undo_ptb(wont)
    assert undo_ptb("`` It 's a mess , '' he said -LRB- in London -RRB- .") == (
        "\"It's a mess,\" he said (in London)."
    )
    assert undo_ptb("Services ' other contract ; ` no solution ' , 70 % up") == (
        "Services' other contract; 'no solution', 70% up"
    )


def test_clean_timeline17_keeps_lines_and_drops_chrome(t17_dir: Path) -> None:
    docs = [d for d in read_paths([t17_dir / "bpoil_reuters", t17_dir / "MJ_bbc"])
            if hasattr(d, "text")]
    total = dropped = 0
    for d in docs:
        c = clean_text(d.text, ptb=True)
        n = sum(1 for line in d.text.splitlines() if line.strip())
        kept = sum(1 for line in c.text.splitlines() if line.strip())
        assert kept + c.removed_lines == n  # every line kept or listed as removed
        total += n
        dropped += c.removed_lines
        assert "-LRB-" not in c.text and " 's " not in c.text
        assert "Views expressed in the comments" not in c.text
        assert "Page last updated at" not in c.text
    assert 0 < dropped < total * 0.05  # chrome is a small share; content stays
    reuters = next(d for d in docs if d.id == "bpoil_reuters/2010-04-29/1643")
    first = clean_text(reuters.text).text.splitlines()[0]
    # The "PASS CHRISTIAN, Mississippi | Thu Apr 29, 2010 3:08 pm EDT" stamp is cut out.
    assert first.startswith("PASS CHRISTIAN, Mississippi (Reuters) - Fishermen")


def test_photo_credit_cut_from_content_line() -> None:
    c = clean_text("Photograph: Gerald Herbert/AP The giant steel box was lowered.\n"
                   "Photograph: Graeme Robertson The sluggish smear reached the coast.\n"
                   "Picture: Michael Gill I could not stand upright.")
    assert c.text.splitlines() == [
        "The giant steel box was lowered.",
        "The sluggish smear reached the coast.",
        "I could not stand upright.",
    ]
    assert c.removed_lines == 0 and len(c.stripped) == 3


def test_chrome_words_inside_real_sentences_are_kept() -> None:
    text = ("The company said the copyright violation claims were unfounded.\n"
            "Share prices fell 5% after the announcement.\n"
            "Readers left hundreds of comments under the mayor's post.")
    c = clean_text(text)
    assert c.text == text and c.removed_lines == 0


def test_split_glued_is_careful() -> None:
    assert split_glued("with Trump.Kim and") == "with Trump. Kim and"
    assert split_glued("in 1964.Kim paid") == "in 1964. Kim paid"
    for keep in ("the U.S.President", "J.K.Rowling", "rose 3.5 percent", "see www.example.Com",
                 "mail jo@news.Org"):
        assert split_glued(keep) == keep


def test_reader_comment_threads_are_dropped_with_the_article_kept(t17_dir: Path) -> None:
    # A Washington Post story with 221 comments (signed after each), a BBC blog post
    # with 96 (signed before each), a Reuters blog with "Report as abusive".
    cases = {
        "Finan_washingtonpost/InputDocs/2008-09-24/42.htm.txt": "Robert Gibbs was more direct.",
        "haiti_bbc/InputDocs/2010-01-18/1702.htm.txt": "I flew in a German helicopter.",
        "bpoil_reuters/InputDocs/2010-07-08/1032.htm.txt": "thank the age of social media.",
    }
    for path, kept in cases.items():
        doc = next(d for d in read_paths([t17_dir / path]) if hasattr(d, "text"))
        c = clean_text(doc.text, ptb=True)
        assert kept in c.text
        for signature in ("Posted by", " wrote:", "Report abuse", "Report as abusive"):
            assert signature not in c.text, (path, signature)
        # every line is kept or listed as removed, nothing silently lost
        n = sum(1 for line in doc.text.splitlines() if line.strip())
        assert sum(1 for line in c.text.splitlines() if line.strip()) + c.removed_lines == n
    big = next(d for d in read_paths([t17_dir / next(iter(cases))]) if hasattr(d, "text"))
    assert len(clean_text(big.text, ptb=True).text) < len(big.text) / 50  # 672k -> 6k


def test_first_comment_goes_from_the_blog_posts_byline(t17_dir: Path) -> None:
    # The first comment of a Washington Post thread is signed after it, and follows the
    # post's "By X | date ; time ET" line: here 66 lines of it.
    path = t17_dir / "Finan_washingtonpost/InputDocs/2009-05-28/1450.htm.txt"
    doc = next(d for d in read_paths([path]) if hasattr(d, "text"))
    c = clean_text(doc.text, ptb=True)
    assert c.text.rstrip().endswith("The housing bubble was still a decade away.")
    assert "By Ezra Klein" not in c.text and "Clinton - maybe the market" not in c.text
    n = sum(1 for line in doc.text.splitlines() if line.strip())
    assert sum(1 for line in c.text.splitlines() if line.strip()) + c.removed_lines == n


def test_sentences_that_quote_a_writer_or_a_poster_are_kept() -> None:
    text = ("At 9:30 am on 18 Jan 2010, the ministry wrote: all embassies stay open.\n"
            'The mayor wrote: "We will rebuild."\n'
            "The video was posted by a witness | shared widely.\n"
            "Posted by Reuters at 10:02 GMT.")
    c = clean_text(text)
    assert c.text == text and c.removed_lines == 0
