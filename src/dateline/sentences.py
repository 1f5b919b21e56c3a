"""Split cleaned text into sentences (syntok), or into lines for one-sentence-per-line text."""

from __future__ import annotations

import re

from syntok import segmenter
from syntok.tokenizer import Tokenizer

from dateline.clean import split_glued

__all__ = ["split_lines", "split_sentences"]

_WS = re.compile(r"\s+")
# syntok's `segmenter.process` tokenises with `replace_not_contraction=True`, which turns
# "won't" into the tokens "wo" + "not", so a quoted sentence would read "I wonot be here".
# The same steps with the contraction kept as written:
_TOKENIZER = Tokenizer(replace_not_contraction=False)


def split_sentences(text: str) -> list[str]:
    """Sentences of a prose text, whitespace squeezed, in order.

    syntok knows abbreviations ("U.S.", "Mr.") and quotes; glued sentence ends
    ("with Trump.Kim and") are separated first, since syntok would keep them together.
    """
    if not text or not text.strip():
        return []
    text = split_glued(text)
    out: list[str] = []
    for paragraph in segmenter.preprocess(text):
        for sentence in segmenter.segment(_TOKENIZER.tokenize(paragraph)):
            s = "".join(token.spacing + token.value for token in sentence).strip()
            if s:
                out.append(_WS.sub(" ", s))
    return out


def split_lines(text: str) -> list[str]:
    """One sentence per non-empty line (Timeline17, news-tls), whitespace squeezed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
