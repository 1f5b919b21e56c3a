"""Clean an article's text: drop page chrome, undo PTB tokenisation, mend glued sentences.

Works line by line and keeps the line structure, so a one-sentence-per-line text
(Timeline17, news-tls) is still one sentence per line afterwards. Two kinds of removal:

* whole lines that are chrome (ads, share buttons, captions, bylines, section labels,
  comment-section notices) are dropped and listed in `CleanText.removed`;
* chrome glued onto a content line (a BBC "Page last updated at ..." stamp, a Reuters
  "WASHINGTON | Tue Apr 21, 2009 10:19 pm BST" header, a photo credit, an agency tag at
  the end) is cut out and listed in `CleanText.stripped`; the content stays.

The patterns describe kinds of chrome (a credit, a byline, a timestamp) rather than
the exact strings of one site, and whole-line rules only fire on short lines, so an
ordinary sentence that happens to mention "copyright" or "comments" survives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dateline.read import looks_ptb

__all__ = ["CleanText", "clean_text", "split_glued", "undo_ptb"]


@dataclass(slots=True)
class CleanText:
    text: str
    removed_lines: int  # whole lines dropped as boilerplate
    removed: list[str] = field(default_factory=list)  # those lines, for transparency
    stripped: list[str] = field(default_factory=list)  # chrome cut out of kept lines


# ---------------------------------------------------------------------------- PTB

_PTB_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
_BRACKET_RE = re.compile("|".join(map(re.escape, _PTB_BRACKETS)))
_M = re.MULTILINE

# Speed matters (the Timeline17 benchmark is 3M words), and Python's regex engine is slow
# at patterns that can start anywhere ("[ \t]+", "\b", a look-behind). So the common PTB
# joins are plain `str.replace` calls, and each remaining pattern starts with a literal
# or rare character, which the engine can skip to quickly.
# Tokens that belong to the word before them: "BP 's", "do n't", "said ,", "70 %", "x )".
# Joins delete just the space (a look-ahead or look-behind keeps the token), so the
# replacement is an empty string: `re` expands a template with a group ("\1") in Python,
# once per match.
_JOIN_LEFT = re.compile(r" (?=[,;:?!%)\]}]|n't|N'T|'(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b)")
_PTB_SUBS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\\([/*])"), r"\1"),  # escaped slash and star
    (re.compile(r"\.(?: \.){2,}"), "..."),  # ". . ." ellipsis
    (re.compile(r"\. \.(?= ?\"|$)", _M), "."),  # "U.S. ." -> "U.S." at a sentence end
    (re.compile(r" \.(?=[ \"')\]]|$)", _M), "."),  # "said ." -> "said."
    (re.compile(r" '(?=[ ,.;:?!]|$)", _M), "'"),  # closing quote, plural possessive "Services '"
    (re.compile(r" (?<=[(\[{] )"), ""),  # no space after an opening bracket
    (re.compile(r"\" (?=[,.;:?!])"), '"'),
]
# "#" is PTB's token for the pound sign; Timeline17's BBC and Guardian prices use it.
_POUND = re.compile(r"# (?=\d)")
_CURRENCY = re.compile(r" (?<=[$£€¥] )(?=\d)")  # "$ 500m" -> "$500m"
_GONNA = re.compile(r" na\b")


def _squeeze_lines(text: str) -> str:
    """Each line with its runs of whitespace made one space, and stripped."""
    if "  " not in text and text.replace("\n", "").isprintable():
        # No run of spaces and no other whitespace (which is never printable): only a
        # space at either end of a line can go. Splitting every line into words to join
        # them again took a fifth of the time of cleaning a news-tls text.
        text = text.replace(" \n", "\n").replace("\n ", "\n")
        return text[text[:1] == " " : len(text) - (text[-1:] == " ")]
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def undo_ptb(text: str) -> str:
    """Penn-Treebank-tokenised text back to ordinary spelling; lines stay lines."""
    # One space between tokens first, so the joins below can be literal.
    text = _squeeze_lines(text)
    if "-" in text:
        text = _BRACKET_RE.sub(lambda m: _PTB_BRACKETS[m.group()], text)
    text = text.replace("`` ", '"').replace("``", '"').replace(" ''", '"').replace("''", '"')
    text = text.replace("` ", "'").replace("`", "'")
    text = _JOIN_LEFT.sub("", text)
    for pattern, repl in _PTB_SUBS:
        text = pattern.sub(repl, text)
    if "#" in text:
        text = _POUND.sub(
            lambda m: "£" if m.start() == 0 or not (text[m.start() - 1].isalnum()) else m.group(),
            text,
        )
    text = _CURRENCY.sub("", text)
    if " na" in text:  # "gon na" -> "gonna", "wan na" -> "wanna"
        text = _GONNA.sub(
            lambda m: "na" if text[max(0, m.start() - 3) : m.start()] in ("gon", "wan") else " na",
            text,
        )
    return text


# ---------------------------------------------------------------------------- glued sentences

# A sentence end glued to the next sentence: "with Trump.Kim and". The character before
# the stop must be lowercase, a digit or a closing mark, so "U.S.", "J.K." (uppercase
# before the stop) and "3.5" (no capital after) are left alone.
_GLUED = re.compile(r"[.!?](?=[A-Z][a-z])")
_GLUE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789%)\"'")
_NO_SPLIT_WORD = re.compile(r"(?:https?:|www\.|@|\.(?:com|org|net|gov|co|io)\b)", re.IGNORECASE)


def split_glued(text: str) -> str:
    """Insert the missing space in "talks.The leaders" (not in URLs, e-mails, "U.S.")."""

    def fix(m: re.Match[str]) -> str:
        start = m.start()
        if start == 0 or text[start - 1] not in _GLUE_BEFORE:
            return m.group()
        word_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        ends = [i for i in (text.find(" ", start), text.find("\n", start)) if i != -1]
        word = text[word_start : min(ends) if ends else len(text)]
        if _NO_SPLIT_WORD.search(word):
            return m.group()
        return m.group() + " "

    return _GLUED.sub(fix, text)


# ---------------------------------------------------------------------------- chrome

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Tabs, no-break and other odd spaces (plain runs of spaces are squeezed per line later).
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?\.?"
_CLOCK = r"\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?"
_A_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d\d-\d\d)"

# Agencies and outlets that tag or credit articles; used only where a credit or tag is
# already signalled by its position ("Photo by X", "(X)" at the end of a paragraph).
_AGENCY = (
    r"(?:Yonhap(?: News(?: Agency)?)?|AP|AFP|UPI|Reuters|Xinhua|Kyodo(?: News)?|EFE|ANSA|"
    r"dpa|DPA|PA|IANS|PTI|TASS|Tass|Interfax|Bloomberg|CNN|KCNA|Bernama|Anadolu|"
    r"Associated Press|Agence France-Presse|Press Association|NEWSIS|Newsis|News1|AAP)"
)

# Chrome glued onto content lines: cut out, the rest of the line is kept. Each comes with
# strings one of which is in any match: a text without them is not searched (most texts
# have none, and a pattern without a literal start is tried at every character).
_INLINE_SOURCES: list[tuple[str, int, tuple[str, ...]]] = [
    # BBC: "Page last updated at 23:19 GMT, Tuesday, 19 January 2010 00:19 UK"
    (
        rf"\bPage last updated at {_CLOCK},? {_WEEKDAY},? \d{{1,2}} {_MONTH} \d{{4}}"
        rf"(?: {_CLOCK})?\s*",
        0,
        ("Page last updated at ",),
    ),
    (r"\(an error occurred while processing this directive\)\s*", 0, ("(an error occurred",)),
    # Reuters: "By Maggie Fox, Health Editor WASHINGTON | Tue Apr 21, 2009 10:19 pm BST"
    (
        rf"^(?:By [^|]{{3,80}}?\s)?[A-Z][\w .,'/&-]{{0,60}}?\s?\|"
        rf"\s?{_WEEKDAY}\s{_MONTH}\s\d{{1,2}},?\s\d{{4}}(?:\s{_CLOCK})?\s*",
        0,
        ("|",),
    ),
    # Reuters (Japan edition): "2009 05 3 08:53 JST "
    (r"^\d{4} \d\d \d{1,2} \d\d:\d\d [A-Z]{3} ", 0, (":",)),
    # Blogs: "By Ezra Klein | May 28, 2009; 10:00 AM ET "
    (rf"^By [^|]{{3,60}}\|\s?{_A_DATE}(?:;?\s{_CLOCK}(?: ET)?)?\s*", 0, ("|",)),
    # Guardian: "Wednesday 8 September 2010 16.42 BST"
    (
        rf"\b{_WEEKDAY} \d{{1,2}} {_MONTH} \d{{4}} \d\d\.\d\d (?:BST|GMT|CET|EST|EDT)\s*",
        0,
        ("BST", "GMT", "CET", "EST", "EDT"),
    ),
    # Credits in brackets: "(Joe Raedle / Getty Images)", "(Photo: American Red Cross)"
    (
        r"\((?:[^()]{0,60}(?:/|--)\s?(?:Getty Images|AP|AFP|Reuters|EPA|Bloomberg)"
        r"|(?:Photo|Picture|Image)s?\s?(?:by|:|credit:?)[^()]{1,60}"
        r"|(?:Pool )?Photo By [^()]{1,60})\)\s*",
        re.IGNORECASE,
        ("(",),
    ),
    # "(Reporting by X; Editing by Y)"
    (
        r"\((?:Additional )?(?:Reporting|Writing|Editing|Compiled|Research) by [^()]{1,200}\)\s*",
        re.IGNORECASE,
        ("(",),
    ),
    (
        r"Sign up for (?:free )?e-?mail (?:news )?alerts from [\w.]+(?: and [\w.]+)?\.?\s*",
        0,
        ("Sign up for ",),
    ),
]

# The text is whitespace-normalised before these run, so "\s" means one space; making it
# literal keeps every match inside one line when the whole text is searched at once.
_INLINE = [
    (
        re.compile(
            src.replace(r"\s", " ").replace("[^|]", "[^|\n]").replace("[^()]", "[^()\n]"),
            flags | re.MULTILINE,
        ),
        needs,
    )
    for src, flags, needs in _INLINE_SOURCES
]
# Page headers (time stamps, Reuters and blog bylines) sit in the first lines; searching
# only there is both faster and safer than searching a whole article.
_HEAD_LINES = 4
_INLINE_HEAD = [p for p in _INLINE if p[0].pattern.startswith(("^", r"\b(?:Mon", r"\bPage"))]
_INLINE_BODY = [p for p in _INLINE if p not in _INLINE_HEAD]
# Agency tag closing a paragraph: "... in the Dong Dang station. (Yonhap)". Starts at the
# bracket (fast to find); the caller checks that a sentence end precedes it.
_AGENCY_TAG = re.compile(rf"\( ?{_AGENCY} ?\) *$", re.MULTILINE)

# The signature of a reader comment: "Posted by: jh1401 | September 24, 2008 11:55 PM |
# Report abuse" (after the comment, Washington Post and Reuters blogs), "At 11:35 am on
# 18 Jan 2010, Nikolas wrote:", "At 16:20 1st Jun 2010, Paul wrote:" (before it, BBC
# blogs); in plain or PTB-tokenised text. A page's comment thread runs from the first one
# to the end: often ten times longer than the article, and not news.
_COMMENT_SIGNATURE = re.compile(
    r"(?P<after>\bPosted by ?:? [^|\n]{1,80}\|[^\n]{0,60}?\bReport (?:abuse|as abusive)\b)"
    rf"|(?P<before>\bAt {_CLOCK} ?,? (?:on )?\d{{1,2}}(?:st|nd|rd|th)? {_MONTH} ?,? \d{{4}} ?,"
    r" [^\n]{1,60}? wrote ?:)"
)


# A Washington Post blog post ends with its own byline and time, "By Ezra Klein | May 28,
# 2009; 11:00 AM ET", and the first reader comment follows on the same line: where a
# thread is signed after each comment, this is where its first comment starts.
_POST_BYLINE = re.compile(
    rf"\bBy [^|\n]{{1,60}}\| ?{_MONTH} \d{{1,2}} ?, \d{{4}} ?; \d{{1,2}}:\d\d [AP]M ET\b"
)


def _comment_thread(text: str) -> int | None:
    """Where the reader-comment thread at the end of the text starts (the start of the
    line with its first signature, or with the post's byline just before the first
    comment), or None."""
    if "Posted by" not in text and " wrote:" not in text and " wrote :" not in text:
        return None  # (these tests cost far less than a search)
    m = _COMMENT_SIGNATURE.search(text)
    if m is None or (m.lastgroup == "before" and not _COMMENT_SIGNATURE.search(text, m.end())):
        return None  # one "At 9:30 am on 18 Jan 2010, the ministry wrote:" is no thread
    start = m.start()
    if m.lastgroup == "after":
        # the first comment runs from the post's byline, when there is one, to here
        bylines = [b.start() for b in _POST_BYLINE.finditer(text, 0, start)]
        start = bylines[-1] if bylines else start
    return text.rfind("\n", 0, start) + 1


# A photo credit: "Photo by KCNA/UPI", "Photograph: Gerald Herbert/AP", "Picture: AP".
_CREDIT_HEAD = re.compile(
    r"\b(?:Photo(?:graph)?s?|Picture|Image|Pic|Credit)\s?(?:by\b|:|credit:)\s*", re.IGNORECASE
)
_CREDIT_TAIL_WORDS = {
    "News",
    "Agency",
    "Images",
    "Press",
    "Pictures",
    "Photos",
    "Service",
    "Features",
    "Handout",
    "Pool",
    "Corbis",
    "Post",
    "Times",
}


_NAME_WORD = re.compile(r"(?:[A-Z][\w'-]+|[A-Z]\.?|[A-Z][a-z]?[A-Z][\w'-]+),?")
_INITIAL = re.compile(r"[A-Z]\.?")
_SENTENCE_OPENERS = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "When",
    "While",
    "After",
    "Before",
    "But",
    "And",
    "If",
    "For",
    "From",
    "With",
    "By",
    "Some",
    "Many",
    "More",
    "Most",
    "There",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "One",
    "Two",
    "Three",
    "Last",
    "Now",
    "Yesterday",
    "Today",
    "So",
    "Yet",
}


def _credit_end(line: str, start: int) -> int:
    """Where the credit that starts at `start` ends (names, "X/Agency", "Getty Images")."""
    tokens = list(re.finditer(r"\S+", line[start:]))[:8]
    if not tokens:
        return start
    slashed = [t for t in tokens[:6] if "/" in t.group()]
    if slashed:
        last = slashed[-1]
        n = tokens.index(last) + 1
        # "Ho/AFP/Getty Images": a trailing word of the agency's name.
        if n < len(tokens) and tokens[n].group().strip(",.;") in _CREDIT_TAIL_WORDS:
            n += 1
        return start + tokens[n - 1].end()
    n = 0
    first = tokens[0].group().rstrip(",;")
    if (first.isupper() and len(first) > 1) or re.fullmatch(_AGENCY, first):
        n = 1
    else:
        # A person's name: two capitalised words, three with an initial ("Erik S. Lesser"),
        # never a word that usually opens a sentence ("Graeme Robertson The ...").
        while n < len(tokens) and n < 3:
            tok = tokens[n].group()
            if not _NAME_WORD.fullmatch(tok) or tok.rstrip(",") in _SENTENCE_OPENERS:
                break
            if n == 2 and not _INITIAL.fullmatch(tokens[1].group()):
                break
            n += 1
            if tok.endswith(","):
                break
    while n < len(tokens) and tokens[n].group().strip(",.;") in _CREDIT_TAIL_WORDS:
        n += 1
    if n == 0:
        return start
    return start + tokens[n - 1].end()


def _strip_credits(line: str) -> tuple[str | None, str | None]:
    """(kept text or None to drop the line, the cut part) for a line with a photo credit."""
    heads = list(_CREDIT_HEAD.finditer(line))
    if not heads:
        return line, None
    body = line.strip().removesuffix(".")
    if body.startswith("(") and body.endswith(")") and ")" not in body[:-1]:
        # "(Graph credit: Peterson Institute; Photo credit: AP Photo/Hankuk Economic
        # newspaper, HO.)": a line that is one bracketed note with a credit is a caption.
        return None, line
    end = _credit_end(line, heads[-1].end())
    rest = line[end:].strip(" ,;:-")
    if len(rest.split()) < 3:
        # The line ends with a credit: it is a caption (or a run of captions).
        return None, line
    cut = line[:end]
    if len(cut.split()) > 60:
        return line, None  # too much to be a caption; keep the line whole
    return rest, cut.strip()


_SECTION = (
    r"(?:World|U\.?S\.?|UK|US|Local|National|International|Business|Politics|Sports?|Health|"
    r"Science|Tech(?:nology)?|Entertainment|Opinion|Asia(?: Pacific)?|Europe|Africa|Americas|"
    r"Middle East|Markets?|Economy|Environment|Lifestyle|Culture|Top|Breaking|Latest|"
    r"North Korea|Korea|China|Japan|Travel|Weather|Video|Photos?|Media)"
)

# Whole lines that are chrome. Only tested on short lines (see _MAX_CHROME_WORDS).
_CHROME_LINE: list[re.Pattern[str]] = [
    re.compile(
        r"^(?:Advertis(?:ing|ement)|Sponsored(?: content)?|Ad|Promoted|Share(?: this)?(?: "
        r"(?:article|story|page))?|Share on \w+|Tweet|E-?mail|Print|Printable version|"
        r"E-mail this to a friend|Comments?(?: \(.*\))?|Read more|More|Related(?: \w+)?|"
        r"See also|Most (?:popular|read|viewed)|Top stories|Back to top|Skip to \w+|Menu|"
        r"Home|Next|Previous|Close|Loading\W*|Watch|Listen|Video|Audio|Enlarge(?: this image)?)"
        r"\W*$",
        re.IGNORECASE,
    ),
    re.compile(rf"^{_SECTION}(?: News)?$", re.IGNORECASE),
    re.compile(r"^[A-Z][\w&]*(?: [A-Z][\w&]*)? News$"),  # "World News", "Politics News"
    re.compile(r"^[A-Z]{3,}(?: [A-Z]{3,})?$"),  # "NATIONAL", "WORLD NEWS"
    re.compile(
        r"^(?:Sign (?:up|in)|Log ?in|Subscribe|Register|Follow us|Like us|"
        r"Click here|Tap here|Download (?:the|our) app)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:^|\s)(?:Copyright|COPYRIGHT|©|\(c\))\s*(?:\d{4}|©|[A-Z])|"
        r"(?i:All rights reserved|may not be (?:published|reproduced|redistributed))"
    ),
    # Bylines and time stamps on a line of their own.
    re.compile(
        r"^By [A-Z][\w.'-]*(?: [A-Z\-][\w.'-]*){0,5}(?:,? (?:and|&) [A-Z][\w .'-]+)?"
        r"(?:\s*[|,;-]\s*.*)?$"
    ),
    re.compile(
        rf"^(?:(?:Last |First )?(?:Updated|Published|Posted|Modified)(?: on| at)?:?\s*)"
        rf"(?:{_A_DATE}|{_CLOCK}|{_WEEKDAY})(?:\W+\w+){{0,6}}\W*$",
        re.IGNORECASE,
    ),
    re.compile(rf"^Page last updated at {_CLOCK}"),
    # A dateline header on its own: "date 2019-03-02 NATIONAL", "Date: March 2, 2019".
    re.compile(rf"^(?:date[d:]?\s*)?{_A_DATE}(?:\s+[A-Z][A-Z &/-]*)?$", re.IGNORECASE),
    re.compile(rf"^\(?\s?{_AGENCY}\s?\)?\W*$"),  # "(Yonhap)" alone
    # Comment sections, players and newsletters: notices about the page, not the news.
    re.compile(
        r"\b(?:your comments?|comments? (?:do not|don't) represent|discussion is (?:now )?closed|"
        r"we welcome comments|comments on our articles|house rules|reactively-moderated|"
        r"moderators? retain|JavaScript must be|(?:enable|turn on) JavaScript|Flash player|"
        r"contributed to this report|delivered to your inbox|send us an e-?mail|"
        r"e-?mail (?:news )?alerts|newsletter|RSS feeds?|via these feeds|"
        r"not responsible for (?:any )?content|editorial staff was not involved|"
        r"to refresh page|Live Q&A)\b",
        re.IGNORECASE,
    ),
    # Breadcrumbs and menus: "Home > World > Asia", "News | Sport | Weather".
    re.compile(
        r"^(?:[\w&.'-]+(?: [\w&.'-]+){0,2}\s*(?:[|>»›•·/])\s*){2,}[\w&.'-]+(?: [\w&.'-]+)"
        r"{0,2}\W*$"
    ),
    re.compile(r"^\W+$"),  # punctuation only
]
_MAX_CHROME_WORDS = 30


def _scoped(p: re.Pattern[str]) -> str:
    return f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"


# Rules anchored at the line start become one alternation tried at position 0 only; the
# rest are searched only in lines holding one of their cheap keywords. Both tricks keep
# the check at a few microseconds a line.
_CHROME_START = re.compile("|".join(_scoped(p) for p in _CHROME_LINE if p.pattern[0] == "^"))
_CHROME_INSIDE = [p for p in _CHROME_LINE if p.pattern[0] != "^"]
_CHROME_KEYWORDS = (
    "copyright",
    "©",
    "(c)",
    "rights reserved",
    "may not be",
    "comment",
    "discussion",
    "house rules",
    "moderat",
    "javascript",
    "flash player",
    "contributed to this report",
    "inbox",
    "e-mail",
    "email",
    "newsletter",
    "rss",
    "feeds",
    "not responsible",
    "editorial staff",
    "refresh page",
    "q&a",
)


def _chrome_keywords_in(low: str, keywords: Sequence[str] = _CHROME_KEYWORDS) -> list[str]:
    """Those of `keywords` that the lower-cased text holds. Plain `in` tests: CPython's
    substring search skips ahead, where one regex alternation of the keywords stops at
    nearly every character: 22 of them take a third of the time on a whole text, two
    thirds on a line."""
    return [keyword for keyword in keywords if keyword in low]


def _is_chrome(line: str, keywords: Sequence[str] = _CHROME_KEYWORDS) -> bool:
    """Whether a line is chrome. `keywords`: those of `_CHROME_KEYWORDS` that may be in
    the line (the caller knows the others are not); with none, only the line-start rules
    can fire."""
    if line.count(" ") >= _MAX_CHROME_WORDS:
        return False
    if _CHROME_START.match(line):
        return True
    if not keywords or not _chrome_keywords_in(line.lower(), keywords):
        return False
    return any(p.search(line) for p in _CHROME_INSIDE)


def clean_text(text: str, *, ptb: bool = False) -> CleanText:
    """Cleaned text: chrome dropped, PTB escapes undone (also when detected), spacing fixed.

    `ptb=True` forces PTB undoing; with False it is still done when the text plainly is
    PTB-tokenised (`-LRB-`, ``` `` ```, "BP 's"), since an ordinary text never looks so.
    Line structure is kept; runs of blank lines shrink to one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A reader-comment thread goes first, before any work is spent on it.
    removed: list[str] = []
    thread = _comment_thread(text)
    if thread is not None:
        removed = [line.strip() for line in text[thread:].split("\n") if line.strip()]
        text = text[:thread]
    if not text.isascii():  # both sets of characters are outside ASCII
        text = _INVISIBLE.sub("", text)
        text = _ODD_SPACE.sub(" ", text)
    if ptb or looks_ptb(text):
        # undo_ptb squeezes the spaces of every line first, and its joins only remove
        # spaces or replace tokens with other non-space characters
        text = undo_ptb(text)
        lines = text.split("\n")
    else:
        lines = _squeeze_lines(text).split("\n")
    stripped: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if m.group().strip():
            stripped.append(m.group().strip())
        return " "

    def cut_tag(m: re.Match[str]) -> str:
        before = text[: m.start()].rstrip(" ")
        if before and before[-1] in ".!?\"'":
            return cut(m)
        return m.group()

    head = "\n".join(lines[:_HEAD_LINES])
    for pattern, needs in _INLINE_HEAD:
        if any(n in head for n in needs):
            head = pattern.sub(cut, head)
    text = head + "\n" + "\n".join(lines[_HEAD_LINES:]) if len(lines) > _HEAD_LINES else head
    for pattern, needs in _INLINE_BODY:
        if any(n in text for n in needs):
            text = pattern.sub(cut, text)
    if "(" in text:
        text = _AGENCY_TAG.sub(cut_tag, text)
    raw_lines = text.split("\n")
    # Every line checked below is a piece of `text`: a keyword that does not occur in the
    # whole text occurs in no line, so a line is searched only for those that do (mostly
    # none or one of the 22).
    keywords = _chrome_keywords_in(text.lower())
    out: list[str] = []
    for raw in raw_lines:
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        kept: str | None = line
        if "hoto" in line or "ictur" in line or "redit" in line or "mage" in line:
            kept, credit = _strip_credits(line)
            if credit and kept is not None:
                stripped.append(credit)
        if kept is None or _is_chrome(kept, keywords):
            removed.append(line)
            continue
        # Lines are squeezed already and odd spaces are gone; only a cut leaves two spaces.
        out.append(_SPACES.sub(" ", kept) if "  " in kept else kept)
    while out and not out[-1]:
        out.pop()
    return CleanText(
        text=split_glued("\n".join(out)),
        removed_lines=len(removed),
        removed=removed,
        stripped=stripped,
    )
