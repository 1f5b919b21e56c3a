"""Near-duplicate detection: MinHash signatures over word shingles, with LSH bands.

The same wire story often appears in several outlets with small edits (a headline, a
credit line, a trimmed last paragraph). Two articles are near-duplicates when the
Jaccard similarity of their sets of word 5-grams ("shingles") is at least
`THRESHOLD`. Comparing every pair is quadratic, so each article gets a MinHash
signature (`NUM_PERM` minimum hash values, whose agreement rate estimates the Jaccard
similarity) and the signature is cut into `BANDS` bands of `ROWS` values: two articles
become candidates only when one whole band is equal, which is one indexed lookup per band
(the store keeps the band keys in a table). Candidates are then confirmed with the
signature estimate. Everything is incremental: adding an article costs the same whether
the corpus holds a hundred articles or a million.

Hashes are computed with numpy and a fixed seed (not Python's `hash`, which is salted
per process), so signatures and band keys are stable across runs and processes and can
be stored.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from dateline.model import Article

SHINGLE = 5  # words per shingle: long enough that unrelated articles share few of them
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS  # 4: candidate probability 1 - (1 - J^4)^16 is 0.5 at J ~ 0.5
# Estimated Jaccard similarity at or above which two articles are linked. Chosen on
# Timeline17 (see docs/store.md): pairs of the same wire story sit well above it,
# articles on the same event written independently sit below 0.2.
THRESHOLD = 0.5
# Articles with fewer shingles than this are never linked: short stubs ("In order to see
# this content you need Flash") would otherwise all be "duplicates" of each other.
MIN_SHINGLES = 40

_WORD = re.compile(r"\w+")


def _params(seed: int = 20240611) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Multiply-shift hashing (Dietzfelbinger): h(x) = (a*x + b) >> 32 with odd a, over
    # uint64 with wrap-around, is a universal family and vectorises well.
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


_A, _B = _params()
_B_COLUMN = _B[:, np.newaxis]
# Odd 64-bit multipliers that combine consecutive word hashes into a shingle hash.
_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
    ][:SHINGLE],
    dtype=np.uint64,
)


# Among ASCII characters `\w` is [A-Za-z0-9_]: translating every other ASCII byte of the
# UTF-8 text to a space, and every character that `\w` does not match ("£", "’", "—")
# too, then splitting on spaces gives the same tokens as `_WORD`, as bytes ready to hash,
# several times faster. (A non-ASCII character is bytes >= 0x80 only, and UTF-8 is
# self-synchronising: a character's bytes only ever match where that character is.)
_ASCII_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_NON_WORD = bytes.maketrans(
    bytes(range(256)), bytes(b if b in _ASCII_WORD else 32 for b in range(256))
)
# The same for ASCII bytes, keeping the bytes of non-ASCII characters.
_ASCII_NON_WORD_ONLY = bytes.maketrans(
    bytes(range(256)), bytes(b if b in _ASCII_WORD or b >= 0x80 else 32 for b in range(256))
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def words(text: str) -> list[str]:
    """Lower-cased word tokens; punctuation and spacing differences are ignored."""
    return _WORD.findall(text.lower())


def _word_bytes(text: str) -> list[bytes]:
    """`words(text)`, UTF-8 encoded."""
    low = text.lower()
    data = low.encode("utf-8", "surrogatepass")
    if not low.isascii():
        chars = set(_NON_ASCII.findall(low))
        non_word = [c for c in chars if not _WORD.match(c)]
        if len(non_word) < len(chars):  # some non-ASCII character is a word character
            for c in non_word:
                data = data.replace(c.encode("utf-8", "surrogatepass"), b" ")
            return data.translate(_ASCII_NON_WORD_ONLY).split()
    return data.translate(_ASCII_NON_WORD).split()


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the text's word 5-grams (fewer words: one shingle)."""
    toks = _word_bytes(text)
    if not toks:
        return np.empty(0, dtype=np.uint64)
    # (numpy's uint64 array arithmetic wraps around silently, as hashing wants)
    wh = np.fromiter(map(zlib.crc32, toks), dtype=np.uint64, count=len(toks))
    if len(toks) < SHINGLE:
        return np.unique(np.array([int(wh.sum())], dtype=np.uint64))
    n = len(toks) - SHINGLE + 1
    h = wh[:n] * _MIX[0]
    for j in range(1, SHINGLE):
        h += wh[j : j + n] * _MIX[j]
    h ^= h >> np.uint64(29)
    # np.unique, by sorting: numpy 2's hash-based unique is several times slower here
    h.sort()
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash signature of one text, with how many distinct shingles it had."""

    values: np.ndarray  # NUM_PERM uint32 values
    shingles: int

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").copy(), shingles)

    @property
    def linkable(self) -> bool:
        """Whether the text is long enough to be linked as a near-duplicate."""
        return self.shingles >= MIN_SHINGLES

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per band (band number mixed in), for an indexed table."""
        keys = []
        v = self.values.astype("<u4")
        for band in range(BANDS):
            chunk = v[band * ROWS : (band + 1) * ROWS].tobytes()
            # crc32 of the band's bytes in the low half, a second crc over a different
            # seed in the high half: 64 bits make accidental collisions negligible.
            lo = zlib.crc32(chunk, band)
            hi = zlib.crc32(chunk[::-1], 0x5BD1E995 ^ band)
            key = (hi << 32) | lo
            keys.append(key - (1 << 64) if key >= 1 << 63 else key)
        return keys

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM


def signature(text: str) -> Signature:
    """The MinHash signature of a text."""
    sh = shingle_hashes(text)
    if sh.size == 0:
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0)
    # (perms x shingles) matrix of hashed values, built in place; the minimum per row is
    # the signature. Articles have at most a few thousand shingles, so this stays small.
    # The shift comes after the minimum: it is monotone, so the result is the same, on 64
    # values instead of the whole matrix.
    hv = np.multiply.outer(_A, sh)
    hv += _B_COLUMN
    return Signature((hv.min(axis=1) >> np.uint64(32)).astype(np.uint32), int(sh.size))


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for checks and tests)."""
    sa, sb = shingle_hashes(a), shingle_hashes(b)
    if sa.size == 0 and sb.size == 0:
        return 1.0
    inter = np.intersect1d(sa, sb, assume_unique=True).size
    return inter / (sa.size + sb.size - inter)


class DedupIndex:
    """In-memory LSH index: `add` returns the id an article nearly duplicates, or None.

    The store keeps the same bands in SQLite; this one is for file-based runs, which
    hold their articles in memory anyway. The first article of a group is its
    representative: later near-copies point to it, never to each other, and only it is
    indexed, so a copy is compared with the groups rather than with every copy before it.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._buckets: dict[int, list[str]] = {}
        self._sigs: dict[str, Signature] = {}

    def add(self, key: str, sig: Signature) -> str | None:
        if not sig.linkable:
            return None
        keys = sig.band_keys()
        best, best_sim = None, 0.0
        seen: set[str] = set()
        for k in keys:
            for other in self._buckets.get(k, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = sig.similarity(self._sigs[other])
                if sim >= self.threshold and sim > best_sim:
                    best, best_sim = other, sim
        if best is None:
            self._sigs[key] = sig
            for k in keys:
                self._buckets.setdefault(k, []).append(key)
        return best


def mark_duplicates(articles: Iterable[Article], threshold: float = THRESHOLD) -> Iterator[Article]:
    """The articles, in order, with `duplicate_of` set on near-copies of an earlier one."""
    index = DedupIndex(threshold)
    for article in articles:
        root = index.add(article.id, signature(article.text))
        if root is not None and root != article.id:
            yield replace(article, duplicate_of=root)
        else:
            yield article


def find_duplicates(articles: Sequence[Article], threshold: float = THRESHOLD) -> dict[str, str]:
    """{id of a near-copy: id of the first article of its group}, for articles in order.

    The same links as `DedupIndex` fed the articles in order, in a fraction of its
    memory: the signatures are rows of one array and the band keys are grouped by one
    sort, so only keys that more than one article has are ever held in a dict."""
    ids: list[str] = []
    values = np.empty((len(articles), NUM_PERM), dtype=np.uint32)
    keys = np.empty((len(articles), BANDS), dtype=np.int64)
    for article in articles:
        sig = signature(article.text)
        if sig.linkable:  # the others are never linked, nor linked to
            values[len(ids)] = sig.values
            keys[len(ids)] = sig.band_keys()
            ids.append(article.id)
    n = len(ids)
    values, keys = values[:n], keys[:n]
    # Entry e = row * BANDS + band; equal keys (whatever their band, as in one dict of
    # buckets) get one group number.
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    group = np.empty(flat.size, dtype=np.int32)
    group[order] = np.cumsum(starts, dtype=np.int32) - 1
    shared = (np.bincount(group) > 1)[group].reshape(n, BANDS)
    del keys, flat, order, ordered, starts
    group = group.reshape(n, BANDS)
    buckets: dict[int, list[int]] = {}  # group -> its first articles, in order
    links: dict[str, str] = {}
    for row in np.flatnonzero(shared.any(axis=1)).tolist():
        bands = np.flatnonzero(shared[row]).tolist()
        best, best_sim = None, 0.0
        seen: set[int] = set()
        for band in bands:
            for other in buckets.get(int(group[row, band]), ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = float(np.count_nonzero(values[row] == values[other])) / NUM_PERM
                if sim >= threshold and sim > best_sim:
                    best, best_sim = other, sim
        if best is None:
            for band in bands:
                buckets.setdefault(int(group[row, band]), []).append(row)
        elif ids[best] != ids[row]:
            links[ids[row]] = ids[best]
    return links
