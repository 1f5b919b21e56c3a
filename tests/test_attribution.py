"""Outlet and title of each article (dateline.attribution), on small strings and real inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.attribution import (
    attribute,
    headline_line,
    lead_title,
    outlet_from_collection,
    outlet_from_url,
    outlet_in_text,
    outlet_name,
    split_glued_headline,
)
from dateline.model import Article, RawDocument
from dateline.pipeline import annotate_document, load_articles
from dateline.read import read_paths

# ------------------------------------------------------------------------ small strings


def test_known_outlets_are_spelled_one_way() -> None:
    assert outlet_name("BBC News") == "BBC"
    assert outlet_name("bbc.co.uk") == "BBC"
    assert outlet_name("the  Washington Post") == "The Washington Post"
    assert outlet_name("Yonhap News Agency") == "Yonhap"
    assert outlet_name("Harbor Gazette") == "Harbor Gazette"  # unknown: as given
    assert outlet_name("  ") is None


def test_outlet_from_url_and_collection() -> None:
    assert outlet_from_url("http://news.bbc.co.uk/2/hi/americas/8455629.stm") == "BBC"
    assert outlet_from_url("https://www.theguardian.com/world/x") == "The Guardian"
    assert outlet_from_url("https://en.yna.co.kr/view/AEN2019") == "Yonhap"
    assert outlet_from_url("https://www.example.org/a/b") == "example.org"
    assert outlet_from_url("javascript:alert(1)") is None
    assert outlet_from_url(None) is None
    assert outlet_from_collection("haiti_bbc") == "BBC"
    assert outlet_from_collection("bpoil_foxnews") == "Fox News"
    assert outlet_from_collection("Finan_washingtonpost") == "The Washington Post"
    assert outlet_from_collection("H1N1_guardian") == "The Guardian"
    assert outlet_from_collection("bpoil_reuters") == "Reuters"
    assert outlet_from_collection("quake_someblog") == "quake_someblog"


def test_outlet_in_text_dateline_tag_and_byline() -> None:
    assert outlet_in_text("PARIS, May 2 (AFP) -- Talks resumed.") == "AFP"
    assert outlet_in_text("NEW DELHI -LRB- Reuters -RRB- - The ministry said .") == "Reuters"
    assert outlet_in_text("Talks resumed on Monday.\n\nThey ended at noon. (Yonhap)") == "Yonhap"
    assert outlet_in_text("By Demo Wire | Updated May 2, 2019\n\nTalks resumed.") == "Demo Wire"
    # a person's byline, or a bracket that is no agency tag, names no outlet
    assert outlet_in_text("By Maggie Fox\n\nTalks resumed.") is None
    # the outlet after the writer's name (before: None)
    head = "By Jane Doe, Associated Press | Feb 28, 2019\n\nTalks resumed."
    assert outlet_in_text(head) == "AP"
    assert outlet_in_text("By John Smith | Reuters | May 2, 2019\n\nTalks resumed.") == "Reuters"
    assert outlet_in_text("By Maggie Fox, Staff Writer | May 2, 2019\n\nTalks.") is None
    assert outlet_in_text("The agency (WHO) said so. (WHO)") is None
    # the dateline is the publisher's; it wins over the byline's agency
    assert outlet_in_text("By Yonhap News Agency\nSEOUL, May 2 (UPI) -- Talks.") == "UPI"


def test_glued_headline_is_split_and_the_lead_kept_whole() -> None:
    lead = "Thousands of people are feared dead after a powerful earthquake hit the island."
    title, pieces = split_glued_headline(f"Haiti devastated by massive quake {lead}", lead)
    assert title == "Haiti devastated by massive quake"
    assert pieces == [lead]
    # headline, caption, lead: the caption becomes a piece of its own
    line = (
        "BP finally seals leaking oil well The leak has been the worst spill in its history "
        "The ruptured well has finally been sealed, officials say."
    )
    title, pieces = split_glued_headline(line, line)
    assert title == "BP finally seals leaking oil well"
    assert pieces[-1] == "The ruptured well has finally been sealed, officials say."
    # a Title Case headline: its words are capitalised, the lead's are not
    title, pieces = split_glued_headline(
        "China Can Do the Most Good for the World by Putting Its Own House in Order This "
        "should be China's time to shine."
    )
    assert title == "China Can Do the Most Good for the World by Putting Its Own House in Order"
    assert pieces == ["This should be China's time to shine."]


def test_captions_and_stamps_are_cut_but_are_no_title() -> None:
    line = (
        "Hopes are rising for the first time since the blast Tests on the capped well show "
        "pressure building up."
    )
    title, pieces = split_glued_headline(line, line + "\nMore tests follow.")
    assert title is None and pieces[-1].startswith("Tests on the capped well")
    title, pieces = split_glued_headline(
        "Tuesday, June 29, 2010; 9:57 PM For the past two decades, oil companies paid for it."
    )
    assert title is None and pieces[-1].startswith("For the past two decades")


def test_ordinary_sentences_are_not_split() -> None:
    for line in (
        "Amid serious concerns, the World Bank yesterday moved to provide emergency aid.",
        "He agreed to reinstate Chief Justice Iftikhar Chaudhry after weeks of protests.",
        "NEW YORK (Reuters) - The companies behind the disaster are turning on each other.",
        "The talks collapsed on Thursday.",
    ):
        text = line + " the world bank chief its own house thousands"
        title, pieces = split_glued_headline(line, text)
        assert title is None, line
        assert not any(p.startswith(("Bank", "Chief", "Its", "Coast")) for p in pieces), line


def test_a_lead_opening_on_a_name_of_its_headline_is_split_off() -> None:
    line = (
        "Acme fined over Gulf of Mexico oil spill Acme chief executive Joe Bloggs insists it will"
    )
    assert split_glued_headline(line) == (
        "Acme fined over Gulf of Mexico oil spill",
        ["Acme chief executive Joe Bloggs insists it will"],
    )
    # not inside a quote, not where the name goes on as it did in the headline, not after
    # "three" (a count before a name, as in "three Acme managers")
    for line in (
        'Acme says the plan went well and "Acme will pay for the damage" said its chief today',
        "Acme Corp chief Joe Bloggs criticised for remarks Mr Bloggs thinks the claims by Acme"
        " Corp chief Joe Bloggs are not true at all",
        "The city regulator names three Acme managers who were fired last week",
    ):
        assert split_glued_headline(line) == (None, [line]), line


def test_stamps_bylines_and_place_datelines_end_a_headline() -> None:
    title, pieces = split_glued_headline(
        "12 May 2011 Last updated at 06:28 GMT Help Acme boss found guilty Acme's boss has been"
        " found guilty of fraud by a court"
    )
    assert title == "Acme boss found guilty"
    assert pieces == [
        "12 May 2011 Last updated at 06:28 GMT Help",
        "Acme's boss has been found guilty of fraud by a court",
    ]
    title, pieces = split_glued_headline(
        "Banks Shield Many From Economic Downturn MENTON, France -- In recent years the banks have"
    )
    assert title == "Banks Shield Many From Economic Downturn"
    assert pieces == ["MENTON, France -- In recent years the banks have"]
    title, pieces = split_glued_headline(
        "By Jane Doe BBC News The oil has covered waters key to crabs"
    )
    assert title is None and pieces == [
        "By Jane Doe BBC News",
        "The oil has covered waters key to crabs",
    ]


def test_headline_line_and_lead_title() -> None:
    assert headline_line("Summit ends without a deal\n\nThe talks ended early.") == (
        "Summit ends without a deal"
    )
    assert headline_line("The talks ended early.\nThey resume Monday.") is None
    assert headline_line("Summit ends without a deal") is None  # nothing after it
    assert headline_line("VLADIVOSTOK, Russia, April 26 (UPI) -- Kim left.\nMore.") is None
    assert lead_title("The talks ended early.") == "The talks ended early."
    long = (
        "HANOI, Vietnam — Talks between the leaders collapsed on Thursday after the two sides met"
    )
    assert (
        lead_title(long)
        == "Talks between the leaders collapsed on Thursday after the two sides met"
    )
    assert lead_title(long + " again") == (
        "Talks between the leaders collapsed on Thursday after the two sides met…"
    )


def test_metadata_wins_and_a_copy_of_the_title_leaves_the_text() -> None:
    doc = RawDocument(
        id="x", text="", title="Second drill joins race", source="BBC News",
        url="https://www.reuters.com/x", format="html",
    )  # fmt: skip
    found = attribute(doc, "Second drill joins race A second rig began work on Sunday.\nMore.")
    assert found.source == "BBC" and found.title == "Second drill joins race"
    assert found.title_from == "metadata"
    assert found.text == "A second rig began work on Sunday.\nMore."
    doc = RawDocument(id="y", text="", url="https://www.reuters.com/x", format="jsonl")
    assert attribute(doc, "The talks ended.").source == "Reuters"


# ------------------------------------------------------------------------ the seeds


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    return {a.id: a for a in load_articles([seeds_dir], workers=1).articles}


def test_seed_outlets(seeds: dict[str, Article]) -> None:
    # The Korea Herald page of a Yonhap story, tagged "(Yonhap)" at its paragraph ends.
    assert seeds["000_349dc3cbae1acd01"].source == "Yonhap"
    # UPI's page: "VLADIVOSTOK, Russia, April 26 (UPI) --" (its byline credits Yonhap).
    assert seeds["001_80b8b9a4e1252133"].source == "UPI"
    # An AP-style "HANOI, Vietnam —" dateline names no agency: no outlet is made up.
    assert seeds["002_d9abbd723f83a54d"].source is None


def test_seed_titles(seeds: dict[str, Article]) -> None:
    upi = seeds["001_80b8b9a4e1252133"]
    assert upi.title == "North Korean leader Kim leaves Vladivostok following summit with Putin"
    assert upi.sentences[0].text.startswith("VLADIVOSTOK, Russia, April 26 (UPI) --")
    assert all(s.text != upi.title for s in upi.sentences)  # the headline left the text
    # No headline in the other two: the lead, shortened, and marked so.
    korea = seeds["000_349dc3cbae1acd01"].title
    assert korea is not None and korea.startswith("North Korean leader Kim Jong-un left Vietnam")
    assert korea.endswith("…")
    hanoi = seeds["002_d9abbd723f83a54d"].title
    assert hanoi is not None and hanoi.startswith("Talks between President Donald Trump")


# ------------------------------------------------------------------------ Timeline17

T17_CASES = [
    # (file, outlet, title, how the first sentence starts)
    ("haiti_bbc/InputDocs/2010-01-13/1143.htm.txt", "BBC", "Many feared dead in Haiti quake",
     "A major loss of life is feared in Haiti"),
    ("bpoil_bbc/InputDocs/2010-04-30/1549.htm.txt", "BBC",
     "White House adviser tells ABC all new drilling is on hold",
     "The US administration has banned oil drilling"),
    ("bpoil_guardian/InputDocs/2010-05-16/2174.htm.txt", "The Guardian",
     "BP fights to stop the Gulf of Mexico spill and salvage its reputation",
     "With millions of gallons of oil a day"),
    ("H1N1_guardian/InputDocs/2009-04-28/519.htm.txt", "The Guardian",
     "Swine flu: pandemic threat alert raised", "The British couple being treated"),
    ("bpoil_washingtonpost/InputDocs/2010-07-03/1654.htm.txt", "The Washington Post",
     "Possible oil-spill solutions pour in, seemingly unheeded, from around the world",
     "A constituent of Sen. Mike Enzi's"),
    ("H1N1_reuters/InputDocs/2009-05-26/238.htm.txt", "Reuters",
     "WHO laboratories confirm new flu strain in 46 countries",
     "Global tally rises to 12,954 infections"),
    ("bpoil_reuters/InputDocs/2010-05-07/970.htm.txt", "Reuters",
     "Massive dome lowered at site of huge U.S. oil spill", "ROBERT, Louisiana (Reuters) - BP"),
    ("bpoil_foxnews/InputDocs/2010-05-17/325.htm.txt", "Fox News", None,
     "An image from a video of a jagged pipe"),
    # the lead opens on a name of the headline, glued after a lower-case word
    ("bpoil_guardian/InputDocs/2010-05-30/1775.htm.txt", "The Guardian",
     "Barack Obama 'heartbroken' as BP top kill fails to plug Gulf oil spill",
     "BP turns to next approach"),
    ("bpoil_washingtonpost/InputDocs/2010-06-17/1257.htm.txt", "The Washington Post",
     "Tony Hayward video: BP CEO 'deeply sorry' for oil spill", "BP CEO Tony Hayward expresses"),
    ("haiti_bbc/InputDocs/2010-01-14/582.htm.txt", "BBC",
     "CCTV of houses collapsing as Haiti quake hits", "CCTV pictures capture the moment"),
    # a Title Case headline, then "Millions of" / "Thousands of" even after a name
    ("bpoil_foxnews/InputDocs/2010-06-01/1311.htm.txt", "Fox News",
     "Massive Oil Spill Washes Ashore in the Gulf", "Millions of gallons of oil have leaked"),
    ("bpoil_bbc/InputDocs/2010-05-15/235.htm.txt", "BBC",
     "US demands oil spill costs 'clarification' from BP", "Thousands of barrels of oil a day"),
    # the BBC's "Last updated at" stamp before the headline is cut off and is no title
    ("MJ_bbc/InputDocs/2011-11-08/124.htm.txt", "BBC",
     "Michael Jackson's doctor, Conrad Murray, found guilty", "8 November 2011 Last updated at"),
    # a caption (a sentence's verb in it) glued to the lead is no headline
    ("H1N1_bbc/InputDocs/2009-04-30/386.htm.txt", "BBC", None, "Guards at the border crossing"),
]  # fmt: skip


@pytest.mark.parametrize(("rel", "outlet", "title", "lead"), T17_CASES)
def test_t17_outlet_title_and_lead(
    t17_dir: Path, rel: str, outlet: str, title: str | None, lead: str
) -> None:
    (doc,) = list(read_paths([t17_dir / rel]))
    assert isinstance(doc, RawDocument)
    article = annotate_document(doc)
    assert article.source == outlet
    if title is None:  # no headline in the first line: a shortened lead, marked "…"
        assert article.title is not None and article.title.endswith("…")
        assert article.title.startswith(lead)
    else:
        assert article.title == title
        # the headline left the text: no sentence starts with it any more
        assert not any(s.text.startswith(title) for s in article.sentences)
    assert article.sentences[0].text.startswith(lead)


def test_t17_every_article_gets_an_outlet(t17_dir: Path) -> None:
    docs = [d for d in read_paths([t17_dir / "haiti_bbc"]) if isinstance(d, RawDocument)]
    articles = [annotate_document(d) for d in docs[:60]]
    assert {a.source for a in articles} == {"BBC"}
    assert all(a.title for a in articles if a.sentences)


def test_json_source_and_title_from_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    records = [
        {"id": 1, "title": "Talks end", "source": {"name": "BBC News"}, "text": "Talks ended."},
        {"id": 2, "url": "https://www.washingtonpost.com/x", "text": "Talks ended early."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    articles = load_articles([path], workers=1).articles
    assert [(a.source, a.title) for a in articles] == [
        ("BBC", "Talks end"),
        ("The Washington Post", "Talks ended early."),
    ]


def test_html_title_from_metadata_is_not_repeated_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = " ".join(["The rig began work on Sunday as engineers tried several routes."] * 3)
    path.write_text(
        "<html><head><title>Second drill joins race | Harbor Gazette</title>"
        '<meta property="og:title" content="Second drill joins race">'
        '<meta property="og:site_name" content="Harbor Gazette">'
        '<link rel="canonical" href="https://www.bbc.co.uk/news/x"></head><body><article>'
        f"<h1>Second drill joins race</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    (article,) = load_articles([path], workers=1).articles
    assert article.title == "Second drill joins race"
    assert article.source == "Harbor Gazette"  # the page's own name beats its domain
    assert not article.sentences[0].text.startswith("Second drill")


def test_the_store_keeps_outlet_and_title(seeds_dir: Path, tmp_path: Path) -> None:
    from dateline.store import Store

    with Store(tmp_path / "s.db") as store:
        store.ingest(read_paths([seeds_dir]), workers=1)
    with Store(tmp_path / "s.db", create=False) as store:
        upi = store.get("001_80b8b9a4e1252133")
        korea = store.get("000_349dc3cbae1acd01")
    assert upi is not None and korea is not None
    assert upi.source == "UPI"
    assert upi.title == "North Korean leader Kim leaves Vladivostok following summit with Putin"
    assert korea.source == "Yonhap" and korea.title is not None and korea.title.endswith("…")


def test_a_news_tls_text_gets_its_headline_split_too() -> None:
    # news-tls stores the Timeline17 texts as JSON, one sentence a line, title "None".
    text = (
        "Haiti devastated by massive quake Thousands of people are feared dead .\n"
        "The quake hit thousands of homes ."
    )
    doc = RawDocument(id="1", text=text, format="jsonl", one_sentence_per_line=True)
    article = annotate_document(doc)
    assert article.title == "Haiti devastated by massive quake"
    assert [s.text for s in article.sentences] == [
        "Thousands of people are feared dead.",
        "The quake hit thousands of homes.",
    ]


def test_a_reuters_header_gives_the_title_and_the_lead_stays() -> None:
    header = "India confirms first case of flu NEW DELHI | Sat May 16, 2009 3:13 pm IST"
    lead = "NEW DELHI (Reuters) - The health ministry on Saturday confirmed its first case."
    doc = RawDocument(id="r", text="", format="t17", one_sentence_per_line=True)
    found = attribute(doc, f"{header} {lead}\nMore follows here.")
    assert found.title == "India confirms first case of flu"
    assert found.text == f"{lead}\nMore follows here."
    # a header glued to its lead with nowhere to cut: the title, and the line kept whole
    line = "India confirms first case of flu NEW DELHI | Sat May 16 health officials said so."
    found = attribute(doc, line + "\nMore follows here.")
    assert found.title == "India confirms first case of flu"
    assert found.text.startswith(line)
