"""Who published an article and what it was called: its outlet (`source`) and `title`.

Runs right after cleaning. The outlet comes, strongest first, from the container (JSON or
HTML metadata, the Timeline17 collection name), the URL's domain, then the head and
paragraph ends of the text: a dateline agency ("VLADIVOSTOK, Russia, April 26 (UPI) --"),
a closing agency tag ("... in the Dong Dang station. (Yonhap)"), a byline naming an
outlet ("By Yonhap News Agency"). Known names are spelled one way through one table
(`OUTLETS`): "bbc.co.uk", "BBC News" and the `haiti_bbc` collection are all "BBC".

The title comes from the metadata, a headline glued to the first line of a
one-sentence-per-line text (Timeline17, news-tls: "Haiti devastated by massive quake
Thousands of people are feared dead ..."),
a Reuters header the cleaner cut ("India confirms first case of H1N1 flu NEW DELHI |
Sat May 16, 2009 ..."), a plain text's headline line, and else the lead sentence
shortened (ending in "…", so a reader sees it is not a headline). A headline taken out
of the text leaves the text: the lead stays a sentence of its own.

Everything here is a pure function of strings; no I/O. The word lists and lengths below
were set a priori, by reading Timeline17 first lines of the development topics; nothing
here was fitted to a timeline score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from dateline.clean import _MONTH
from dateline.model import RawDocument

__all__ = [
    "OUTLETS",
    "Attribution",
    "attribute",
    "lead_title",
    "outlet_from_collection",
    "outlet_from_url",
    "outlet_in_text",
    "outlet_name",
    "split_glued_headline",
]


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str  # as a reader knows it
    aliases: tuple[str, ...] = ()  # other spellings, lower case (the name itself included)
    domains: tuple[str, ...] = ()  # registrable domains; subdomains match too
    agency: bool = False  # a wire service: names it in a dateline or a closing tag


# One table of the outlets and agencies dateline can name. Order does not matter.
OUTLETS: tuple[Outlet, ...] = (
    Outlet("BBC", ("bbc", "bbc news", "bbc news online", "bbc world service", "bbc.co.uk"),
           ("bbc.co.uk", "bbc.com")),
    Outlet("Fox News", ("fox news", "foxnews", "fox news channel", "foxnews.com"),
           ("foxnews.com",)),
    Outlet("The Guardian", ("guardian", "the guardian", "guardian.co.uk", "guardian unlimited"),
           ("theguardian.com", "guardian.co.uk")),
    Outlet("Reuters", ("reuters", "thomson reuters", "reuters.com"), ("reuters.com",),
           agency=True),
    Outlet("The Washington Post", ("washington post", "the washington post", "washingtonpost",
                                   "washingtonpost.com"), ("washingtonpost.com",)),
    Outlet("The New York Times", ("new york times", "the new york times", "nytimes", "nyt"),
           ("nytimes.com",)),
    Outlet("The Wall Street Journal", ("wall street journal", "the wall street journal", "wsj"),
           ("wsj.com",)),
    Outlet("Los Angeles Times", ("los angeles times", "la times"), ("latimes.com",)),
    Outlet("USA Today", ("usa today",), ("usatoday.com",)),
    Outlet("CNN", ("cnn",), ("cnn.com",)),
    Outlet("CBS News", ("cbs news", "cbs"), ("cbsnews.com",)),
    Outlet("NBC News", ("nbc news", "nbc"), ("nbcnews.com",)),
    Outlet("ABC News", ("abc news",), ("abcnews.go.com",)),
    Outlet("NPR", ("npr",), ("npr.org",)),
    Outlet("Al Jazeera", ("al jazeera", "al jazeera english", "aljazeera"),
           ("aljazeera.com", "aljazeera.net")),
    Outlet("The Independent", ("independent", "the independent"), ("independent.co.uk",)),
    Outlet("The Telegraph", ("telegraph", "the telegraph", "the daily telegraph"),
           ("telegraph.co.uk",)),
    Outlet("Financial Times", ("financial times", "the financial times", "ft"), ("ft.com",)),
    Outlet("The Korea Herald", ("korea herald", "the korea herald"), ("koreaherald.com",)),
    Outlet("The Korea Times", ("korea times", "the korea times"), ("koreatimes.co.kr",)),
    Outlet("Bloomberg", ("bloomberg", "bloomberg news"), ("bloomberg.com",), agency=True),
    Outlet("AP", ("ap", "associated press", "the associated press", "ap news"),
           ("apnews.com", "ap.org"), agency=True),
    Outlet("AFP", ("afp", "agence france-presse", "agence france presse"), ("afp.com",),
           agency=True),
    Outlet("UPI", ("upi", "united press international"), ("upi.com",), agency=True),
    Outlet("Yonhap", ("yonhap", "yonhap news", "yonhap news agency"),
           ("yna.co.kr", "yonhapnews.co.kr"), agency=True),
    Outlet("Xinhua", ("xinhua", "xinhua news agency"), ("xinhuanet.com", "news.cn"),
           agency=True),
    Outlet("Kyodo", ("kyodo", "kyodo news"), ("kyodonews.net",), agency=True),
    Outlet("KCNA", ("kcna", "korean central news agency"), ("kcna.kp",), agency=True),
    Outlet("TASS", ("tass", "itar-tass"), ("tass.com", "tass.ru"), agency=True),
    Outlet("Interfax", ("interfax",), ("interfax.com",), agency=True),
    Outlet("dpa", ("dpa", "deutsche presse-agentur"), ("dpa.com",), agency=True),
    Outlet("EFE", ("efe",), ("efe.com",), agency=True),
    Outlet("ANSA", ("ansa",), ("ansa.it",), agency=True),
    Outlet("PA", ("pa", "press association", "pa media"), (), agency=True),
    Outlet("PTI", ("pti", "press trust of india"), (), agency=True),
    Outlet("IANS", ("ians",), (), agency=True),
    Outlet("AAP", ("aap", "australian associated press"), ("aap.com.au",), agency=True),
    Outlet("Bernama", ("bernama",), ("bernama.com",), agency=True),
    Outlet("Anadolu", ("anadolu", "anadolu agency"), ("aa.com.tr",), agency=True),
    Outlet("Newsis", ("newsis",), ("newsis.com",), agency=True),
    Outlet("News1", ("news1",), ("news1.kr",), agency=True),
)  # fmt: skip

_BY_ALIAS = {alias: o for o in OUTLETS for alias in (o.name.lower(), *o.aliases)}
_BY_DOMAIN = {d: o for o in OUTLETS for d in o.domains}


def _known(name: str) -> Outlet | None:
    key = " ".join(name.split()).lower().strip(" .,;:-")
    return _BY_ALIAS.get(key) or _BY_ALIAS.get(key.removeprefix("the "))


def outlet_name(name: str | None) -> str | None:
    """The table's spelling of a known outlet ("BBC News" -> "BBC", "bbc.co.uk" -> "BBC");
    any other name as given, tidied; None for an empty one."""
    if name is None or not name.strip():
        return None
    known = _known(name)
    if known is not None:
        return known.name
    if "." in name and " " not in name.strip():  # a bare domain, as some sites name themselves
        by_domain = _domain_outlet(name.strip().lower())
        if by_domain is not None:
            return by_domain.name
    return " ".join(name.split())


def _domain_outlet(host: str) -> Outlet | None:
    host = host.rstrip(".").removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        found = _BY_DOMAIN.get(".".join(parts[i:]))
        if found is not None:
            return found
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL's domain belongs to ("https://www.bbc.co.uk/news/x" -> "BBC"), or
    the domain itself ("example.org") when the table does not know it."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    known = _domain_outlet(host)
    return known.name if known is not None else host.removeprefix("www.")


def outlet_from_collection(collection: str | None) -> str | None:
    """A Timeline17 collection's outlet: `haiti_bbc` -> "BBC", `bpoil_foxnews` -> "Fox
    News"; a collection whose outlet the table does not know keeps its own name."""
    if not collection:
        return None
    known = _known(collection.rsplit("_", 1)[-1])
    return known.name if known is not None else collection


# ---------------------------------------------------------------------------- the text

_HEAD_LINES = 12
_HEAD_CHARS = 2000
# "VLADIVOSTOK, Russia, April 26 (UPI) --", "NEW DELHI (Reuters) -", "COPIAPO, Chile,
# Aug. 9 (Demo Wire) --": the bracket right after a place (and a day) names the agency,
# known or not. PTB brackets are undone before this runs.
_DATELINE_AGENCY = re.compile(
    rf"(?:^|[\s|])[A-Z][A-Z.'/-]*(?: [A-Z][A-Z.'/-]*)*(?:, ?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)"
    rf"{{0,2}},?(?: {_MONTH} \d{{1,2}})? ?\((?P<agency>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){{0,3}})"
    r"\) ?(?:--|—|–|-)",
    re.MULTILINE,
)
# A closing agency tag: "(Yonhap)" at the end of a paragraph, or on a line of its own.
_TAG = re.compile(
    r"(?:^|[.!?\"'] ?)\( ?(?P<agency>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}) ?\)$", re.MULTILINE
)
# "By Yonhap News Agency | Updated ...", "By Demo Wire"
_BYLINE = re.compile(
    r"^By (?P<name>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,4})\s*(?:[|,;]|$)", re.MULTILINE
)
# A byline name that is an organisation, not a person.
_ORGANISATION_WORDS = ("News Agency", "News Service", "Wire", "Press", "News")
_BYLINE_PARTS = re.compile(r"[|,;]")


def _ptb_brackets(text: str) -> str:
    return (
        text.replace("-LRB- ", "(")
        .replace(" -RRB-", ")")
        .replace("-LRB-", "(")
        .replace("-RRB-", ")")
    )


def outlet_in_text(text: str) -> str | None:
    """The outlet the text itself names: a dateline agency in its head, else a closing
    agency tag of a known agency, else a byline naming an outlet. None when none does."""
    lines = text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES]
    head = "\n".join(" ".join(line.split()) for line in lines)
    head = _ptb_brackets(head)
    m = _DATELINE_AGENCY.search(head)
    if m:
        return outlet_name(m.group("agency"))
    if "(" in text:
        for m in _TAG.finditer(_ptb_brackets(text)):
            known = _known(m.group("agency"))
            if known is not None and known.agency:
                return known.name
    for m in _BYLINE.finditer(head):
        name = m.group("name")
        known = _known(name)
        if known is not None:
            return known.name
        if name.endswith(_ORGANISATION_WORDS):
            return name
        # "By Jane Doe, Associated Press | Feb 28, 2019": a known outlet after the writer.
        rest = head[m.end("name") :].split("\n", 1)[0]
        for part in _BYLINE_PARTS.split(rest):
            known = _known(part)
            if known is not None:
                return known.name
    return None


# ---------------------------------------------------------------------------- headlines

# Words that open a sentence and are never the last word of a headline or a part of a
# name: a capitalised one glued after a headline starts the lead. The strong ones start a
# sentence even after a capitalised word ("... on Wall Street The credit crisis ..."); the
# weak ones also fill Title Case headlines ("Obama Visits Gulf In Bid To ..."), so they
# count only after a lower-case word.
_STRONG_OPENERS = frozenset("The A An This These Those It He She They We".split())
_PRONOUNS = frozenset("It He She They We".split())
_COUNTS = frozenset("two three four five six seven eight nine ten some many all".split())
_QUANTITIES = frozenset("Thousands Hundreds Dozens Scores Millions Tens Billions".split())
_WEAK_OPENERS = frozenset(
    "His Her Their Its Our That You My In On At After Before When While As But If There "
    "Here Some Many Most More Much Thousands Hundreds Dozens Scores Millions Tens Several "
    "Both Each Every All Few Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve "
    "Twenty Fifty Officials Police Doctors Scientists Experts Shares Authorities Rescuers "
    "Residents Workers Investors Did Does What Why How Who Where By During Since Despite "
    "Following Although Though With For From Under According Amid Until Once".split()
)
# Words a headline does not end with (so no split right after them).
_NO_HEADLINE_END = frozenset(
    "the a an of to in for on at by with from and or as than that this its his her their "
    "our is are was were be been has have had will would can could may might must "
    "said says told not no into over after before about against between during "
    "mr mrs ms dr st".split()
)
# The end of a time stamp ("9:57 PM For the past ..."): capitalised, but no name.
_STAMP_WORDS = frozenset("AM PM A.M. P.M. ET GMT BST EDT EST CET UK".split())
_MIN_HEADLINE_WORDS = 3
_MAX_HEADLINE_WORDS = 24
_MIN_REST_WORDS = 4
# A stamp or a byline is no headline: "Tuesday, June 29, 2010; 9:57 PM", "Gavin Hewitt |
# 10:35 UK time, Monday, 18 January 2010".
_NOT_A_HEADLINE = re.compile(r"\||\d{1,2}[:.]\d\d|\b(?:19|20)\d\d\b")


def _bare(token: str) -> str:
    return token.strip("\"'“”‘’([{")


class _LowerCase:
    """Which words a text writes in lower case (common words, not names); each word is
    looked up once, by a search of the text (far cheaper than listing all its words, as
    only a few capitalised words of a first line are ever asked about)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            pattern = rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])"
            found = self.known[word] = re.search(pattern, self.text) is not None
        return found


def _starts_sentence(
    tokens: list[str], i: int, lower: _LowerCase, headline_names: frozenset[str] = frozenset()
) -> bool:
    """Whether tokens[i] (capitalised, glued to what comes before) starts a new sentence;
    `headline_names` are the names (capitalised, not common words) before it."""
    word = _bare(tokens[i])
    if not word[:1].isupper():
        return False
    prev = tokens[i - 1]
    if prev[-1:] in ",:;-–—(/&" or _bare(prev).lower().rstrip(".") in _NO_HEADLINE_END:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    after_capital = _bare(prev)[:1].isupper() and prev not in _STAMP_WORDS
    if word in _QUANTITIES and nxt == "of":
        # "... costs 'clarification' from BP Thousands of barrels ...": no name goes on so
        return True
    if word in _STRONG_OPENERS:
        # a pronoun after a capitalised word only when the sentence case goes on: not
        # in "... From Every Catastrophe We Face"
        return not (after_capital and word in _PRONOUNS and nxt[:1].isupper())
    if after_capital:
        # "the Gulf Coast", "World Bank": a capitalised word after another one is a name.
        return False
    if _name(tokens[i]) in headline_names and _bare(prev)[:1].islower() and prev not in _COUNTS:
        # A name of the headline named again after a lower-case word that ends nothing:
        # the lead opens on the headline's subject ("BP 'facing loss' over Gulf oil spill
        # BP chief executive Tony Hayward insists ...").
        return True
    if word in _WEAK_OPENERS:
        return True
    # A common word (the text writes it in lower case elsewhere), capitalised here, after
    # a word that ends nothing, before a lower-case one: a sentence starts ("... quake
    # Thousands of people"). Names stay capitalised everywhere; a capitalised word after
    # it makes a name of both ("agreed to reinstate Chief Justice Iftikhar Chaudhry").
    return len(word) >= 3 and nxt[:1].islower() and word.lower() in lower


# Reuters summary bullets ("* WHO laboratories confirm ... * Global tally rises ...") and
# the Guardian's, which Timeline17 spells "cents"; and a dateline inside the line
# ("... 92 deaths GENEVA, May 26 (Reuters) - The World ..."): each starts a piece.
# The BBC's "6 January 2011 Last updated at 01:53 GMT Help" before (or after) a headline.
_UPDATED = re.compile(
    r"(?:^| )(?:\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d )?Last updated at \d{1,2}:\d\d(?: [A-Z]{2,4})?"
    r"(?: Help)?(?= |$)"
)
_BULLET = re.compile(r"(?:^| )(?:\*|cents|•) (?=[A-Z\"'‘“])")
_INNER_DATELINE = re.compile(
    r" (?!(?:[ECMP][SD]T|GMT|BST|IST|JST|CET)\b)"
    r"(?P<dateline>[A-Z]{2,}[A-Z.'/-]*(?: [A-Z]{2,}[A-Z.'/-]*)*"
    r"(?:, ?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)"
    rf"{{0,2}},?(?: {_MONTH} \d{{1,2}})? ?\([A-Z][\w.&' -]{{0,30}}\) ?(?:--|—|–|-) )"
)


# ... and a place with no agency ("... From Economic Downturn MENTON, France -- In recent
# years ..."), the Washington Post's and Fox News's way; not a time ("10:02 AM --").
_INNER_PLACE = re.compile(
    r"(?P<before>[^\s\x00]+) (?!(?:[ECMP][SD]T|GMT|BST|AM|PM|ET)\b)"
    r"(?P<dateline>[A-Z]{2,}[A-Z.'/-]*(?: [A-Z]{2,}[A-Z.'/-]*)*"
    r"(?:, ?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*){0,2} (?:--|—) )"
)


def _cut_before_place(m: re.Match[str]) -> str:
    before = m.group("before")
    if (
        not any(c.islower() for c in before)  # "NEW ORLEANS --" is one place
        or _bare(before).lower().rstrip(".") in _NO_HEADLINE_END
        or before[-1:] in ",:;-–—(/&"
    ):
        return m.group(0)  # "... was BP -- which ...": a dash in a sentence
    return before + " \x00" + m.group("dateline")


def split_glued_headline(line: str, text: str = "") -> tuple[str | None, list[str]]:
    """(headline, the rest in pieces) for a first line that has a headline glued on
    ("Haiti devastated by massive quake Thousands of people are feared dead ..."); a
    caption, a time stamp or a summary bullet between headline and lead becomes a piece
    of its own, and the lead is the last piece. (None, [line]) when no piece is found;
    (None, pieces) when the first piece is not a headline (a caption). `text`, the whole
    article, tells common words from names."""
    if not line.strip() or _DATELINE_AGENCY.match(line):
        return None, [line]
    # (the match takes the whole dateline, so "NEW DELHI" is not cut again at "DELHI")
    marked = _INNER_DATELINE.sub(lambda m: "\x00" + m.group("dateline"), line)
    marked = _INNER_PLACE.sub(_cut_before_place, marked)
    marked = _UPDATED.sub(lambda m: "\x00" + m.group(0).strip() + "\x00", marked)
    if line.startswith(("* ", "cents ", "• ")):
        marked = _BULLET.sub("\x00", marked)
    chunks = [c.strip() for c in marked.split("\x00") if c.strip()]
    lower = _LowerCase(text or line)
    pieces = [p for chunk in chunks for p in _split_chunk(chunk, lower)]
    if len(pieces) <= 1:
        return None, [line]
    # a page stamp first: the headline, if any, comes after it
    lead_in = 1 if _UPDATED.fullmatch(pieces[0]) and len(pieces) > 2 else 0
    if lead_in and _headline_like(pieces[1]):
        return _headline(pieces[1]), [pieces[0], *pieces[2:]]
    # The first piece is cut off either way (a caption or a time stamp glued to the lead
    # is no part of it), but it is a title only if it reads like a headline.
    if not _headline_like(pieces[0]):
        return None, pieces
    return _headline(pieces[0]), pieces[1:]


def _headline(piece: str) -> str | None:
    # (a bullet mark before or after it is no part of it)
    return re.sub(r"(?: (?:\*|cents|•))+$", "", piece).strip("*• ") or None


def _split_chunk(chunk: str, lower: _LowerCase) -> list[str]:
    tokens = chunk.split()
    if len(tokens) < _MIN_HEADLINE_WORDS + _MIN_REST_WORDS or _DATELINE_AGENCY.match(chunk):
        return [chunk]
    cuts: list[int] = []
    start = 0
    for i in range(_MIN_HEADLINE_WORDS, len(tokens) - _MIN_REST_WORDS + 1):
        if i - start > _MAX_HEADLINE_WORDS:
            break
        # only the first cut may open on a name of the headline (later pieces are
        # captions and leads, which name their subjects again and again)
        names = _names(tokens[: i - 1], lower) if not cuts else frozenset()
        if i > _LONG_HEADLINE_WORDS or _open_quote(tokens[:i]) or _pair_in(tokens, i):
            names = frozenset()
        # and only after a headline with no caption's verb in it ("Guards at the border
        # crossing are still being kept busy" is a caption)
        if names and any(w.lower() in _CAPTION_VERBS for w in tokens[:i]):
            names = frozenset()
        if i - start >= _MIN_HEADLINE_WORDS and _starts_sentence(tokens, i, lower, names):
            cuts.append(i)
            start = i
    bounds = [0, *cuts, len(tokens)]
    return [" ".join(tokens[a:b]) for a, b in pairwise(bounds)]


def _name(token: str) -> str:
    word = _bare(token)
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _names(tokens: list[str], lower: _LowerCase) -> frozenset[str]:
    """The capitalised words among tokens that the text never writes in lower case, but
    for titles ("Mr"), which go before any name."""
    words = map(_name, tokens)
    return frozenset(
        w
        for w in words
        if len(w) >= 2
        and w[:1].isupper()
        and w.lower().rstrip(".") not in _NO_HEADLINE_END
        and w.lower() not in lower
    )


def _open_quote(tokens: list[str]) -> bool:
    """Whether a double quote is open at the end of tokens (a quote is no place for a cut)."""
    text = " ".join(tokens)
    return (text.count('"') + text.count("“") - text.count("”")) % 2 == 1


def _pair_in(tokens: list[str], i: int) -> bool:
    """Whether the word before tokens[i] came before the same name earlier ("BNP leader
    Nick Griffin ... by BNP leader Nick"): the name goes on as it did, no lead starts."""
    pair = (tokens[i - 1], _name(tokens[i]))
    return any((tokens[j - 1], _name(tokens[j])) == pair for j in range(1, i - 1))


# A caption describes a picture in a sentence ("Hopes are rising for the first time since
# the blast", "Simon Cowell said he would ..."); a headline leaves these verbs out.
_LONG_HEADLINE_WORDS = 14
_CAPTION_VERBS = frozenset("is are was were has have had said says".split())


def _headline_like(piece: str) -> bool:
    words = piece.split()
    if _NOT_A_HEADLINE.search(piece) or piece.endswith(".") or len(words) > _MAX_HEADLINE_WORDS:
        return False
    # "BOOTHVILLE, La. --": a dateline's place, not a headline
    if not any(c.islower() for c in piece) or piece.endswith(("--", "—", "–", " -")):
        return False
    if piece.startswith("By "):  # a byline
        return False
    # ... near its start, where a caption's verb is ("BP says 'static kill' to stop oil leak
    # was successful" is a headline), or anywhere in a long piece.
    near = words if len(words) > _LONG_HEADLINE_WORDS else words[:5]
    return not any(w.lower() in _CAPTION_VERBS for w in near)


# A plain text's headline line: short, no sentence end, followed by more text.
_MAX_TITLE_LINE_WORDS = 20
_LEAD_TITLE_WORDS = 12


def headline_line(text: str) -> str | None:
    """The first line of a cleaned plain text when it is a headline (short, not ending as
    a sentence does, with more text after it), else None."""
    first, sep, rest = text.lstrip("\n").partition("\n")
    first = first.strip()
    words = first.split()
    if not sep or not rest.strip() or not words or len(words) > _MAX_TITLE_LINE_WORDS:
        return None
    if first[-1] in ".!,;:" or _NOT_A_HEADLINE.search(first) or _DATELINE_AGENCY.match(first):
        return None
    return first


def lead_title(sentence: str, words: int = _LEAD_TITLE_WORDS) -> str | None:
    """A stand-in title from the lead sentence: its first `words` words and "…" (the
    whole sentence when it is that short). A dateline before the lead is left out."""
    sentence = " ".join(sentence.split())
    m = _LEAD_DATELINE.match(sentence)
    if m and len(sentence) > m.end():
        sentence = sentence[m.end() :]
    tokens = sentence.split()
    if not tokens:
        return None
    if len(tokens) <= words:
        return sentence
    return " ".join(tokens[:words]).rstrip(",;:-—–") + "…"


# "HANOI, Vietnam — ", "NEW DELHI (Reuters) - ", "OCEAN SPRINGS, Miss. -- "
_LEAD_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/-]*(?: [A-Z][A-Z.'/-]*)*(?:, ?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*){0,2},?"
    rf"(?: {_MONTH} \d{{1,2}})?(?: ?\([^)]{{1,30}}\))? ?(?:--|—|–|-) "
)


def _without_prefix(text: str, title: str) -> str:
    """The text without a copy of its title at the start (HTML extraction often puts the
    page's <h1> before the first paragraph, on the same line)."""
    head = text.lstrip()
    t = " ".join(title.split())
    if t and " ".join(head[: len(t) + 20].split()).lower().startswith(t.lower()):
        # find where the title ends in the original spacing
        n, i = 0, 0
        while i < len(head) and n < len(t):
            if head[i].isspace():
                i += 1
                if t[n] == " ":
                    n += 1
                continue
            i += 1
            n += 1
        rest = head[i:].lstrip(" \t")
        return rest.lstrip("\n") if rest.strip() else text
    return text


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str | None
    title: str | None
    text: str  # the cleaned text, without a headline that became the title
    title_from: str | None = None  # "metadata", "headline", "header", "line", "lead"


def attribute(doc: RawDocument, cleaned: str, stripped: Sequence[str] = ()) -> Attribution:
    """Outlet and title of a document, and its text without the headline.

    `cleaned` is the cleaned text (one sentence per line for Timeline17), `stripped` the
    pieces the cleaner cut out of lines (a Reuters header with a headline in it)."""
    source = outlet_from_collection(doc.source) if doc.format == "t17" else outlet_name(doc.source)
    source = source or outlet_from_url(doc.url) or outlet_in_text(doc.text)
    text, title, title_from = cleaned, doc.title and " ".join(doc.title.split()), None
    lead: str | None = None
    if title:
        title_from = "metadata"
        text = _without_prefix(cleaned, title)
    elif doc.one_sentence_per_line:  # Timeline17, news-tls: the headline is glued on
        first, sep, rest = cleaned.partition("\n")
        title, pieces = split_glued_headline(first, cleaned)
        text = "\n".join(pieces) + sep + rest
        lead = pieces[-1]
        title_from = "headline" if title else None
        if title is None:
            title = _header_title(stripped[:3])
            if title is None:
                title = _header_title(pieces[:1])
                # The header was left in the line: when it is a piece of its own (a
                # dateline follows it), it goes with the headline in it.
                if title is not None and len(pieces) > 1:
                    text = "\n".join(pieces[1:]) + sep + rest
            title_from = "header" if title else None
    else:
        title = headline_line(cleaned)
        if title is not None:
            title_from = "line"
            text = cleaned.lstrip("\n").partition("\n")[2].lstrip("\n")
    if title is None:
        if lead is None:
            lead = next((line for line in text.split("\n") if line.strip()), "")
        title = lead_title(lead)
        title_from = "lead" if title else None
    return Attribution(source, title, text, title_from)


# "India confirms first case of H1N1 flu NEW DELHI | Sat May 16, 2009 3:13 pm IST": the
# words before the place in capitals.
_HEADER_TITLE = re.compile(r"^(?P<title>.*?[a-z].*?) [A-Z][A-Z.'/-]+(?:,? [A-Z][\w.'/-]*)* ?\|")


def _header_title(stripped: Sequence[str]) -> str | None:
    for piece in stripped:
        if "|" not in piece or piece.startswith("By "):
            continue
        m = _HEADER_TITLE.match(piece)
        title = m.group("title").strip("*• ") if m else ""
        # "June 28, 2010 - 6:39 AM | by: ...": a time stamp, not a headline
        if _MIN_HEADLINE_WORDS <= len(title.split()) <= _MAX_HEADLINE_WORDS and (
            not _NOT_A_HEADLINE.search(title)
        ):
            return title
    return None
