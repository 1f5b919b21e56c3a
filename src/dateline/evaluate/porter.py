"""The Porter (1980) suffix-stripping stemmer, in the variant ROUGE-1.5.5 runs for `-m`.

Written from the published algorithm (Porter 1980, "An algorithm for suffix stripping").
ROUGE-1.5.5 carries Martin Porter's own reference implementation with one local change
(dated 2004 in ROUGE's source): in step 4 a word ending in "-ement" is not tried again
with "-ment" and "-ent" in the same breath; instead "-ment" and then "-ent" are tried on
whatever the first rule left. We follow that variant, not NLTK's or Snowball's, because
the scores must equal ROUGE's; the ROUGE-specific behaviour is pinned by tests.

The measure m of a word is the number of vowel-consonant sequences ([C](VC){m}[V]); the
conditions below are written as regular expressions over that shape, as in the reference
implementation, so that the leftmost-longest suffix matching is the same.
"""

from __future__ import annotations

import re

_CONSONANT = "[^aeiou]"  # 'y' counts as a consonant at the start of a sequence
_VOWEL = "[aeiouy]"
_CONSONANTS = f"{_CONSONANT}[^aeiouy]*"
_VOWELS = f"{_VOWEL}[aeiou]*"

_M_GT_0 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}")
_M_EQ_1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}({_VOWELS})?$")
_M_GT_1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}{_VOWELS}{_CONSONANTS}")
_HAS_VOWEL = re.compile(f"^({_CONSONANTS})?{_VOWEL}")
# *o: the stem ends consonant-vowel-consonant, the last not w, x or y (and m = 1 here).
_CVC = re.compile(f"^{_CONSONANTS}{_VOWEL}[^aeiouwxy]$")

_STEP1A_SSES_IES = re.compile(r"(ss|i)es$")
_STEP1A_S = re.compile(r"([^s])s$")
_STEP1B_EED = re.compile(r"eed$")
_STEP1B_ED_ING = re.compile(r"(ed|ing)$")
_STEP1B_RESTORE_E = re.compile(r"(at|bl|iz)$")
_STEP1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_STEP1C_Y = re.compile(r"y$")

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}
# Alternations in this order: at one start position the first alternative wins, and the
# leftmost start wins overall, so the longest matching suffix is taken.
_STEP2_RE = re.compile(
    "(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism"
    "|iveness|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_STEP3_RE = re.compile("(icate|ative|alize|iciti|ical|ful|ness)$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_STEP4_MENT = re.compile("ment$")
_STEP4_ENT = re.compile("ent$")
_STEP4_ION = re.compile("(s|t)(ion)$")
_STEP5_E = re.compile("e$")


def porter_stem(word: str) -> str:
    """Stem one lowercase ASCII word the way ROUGE-1.5.5's Perl stemmer does."""
    if len(word) < 3:
        return word
    # An initial y is a consonant; upper-casing it keeps the vowel patterns off it.
    initial_y = word[0] == "y"
    w = "Y" + word[1:] if initial_y else word

    # Step 1a: plurals.
    if (m := _STEP1A_SSES_IES.search(w)) or (m := _STEP1A_S.search(w)):
        w = w[: m.start()] + m.group(1)

    # Step 1b: -eed, -ed, -ing.
    if m := _STEP1B_EED.search(w):
        if _M_GT_0.search(w[: m.start()]):
            w = w[:-1]
    elif m := _STEP1B_ED_ING.search(w):
        stem = w[: m.start()]
        if _HAS_VOWEL.search(stem):
            w = stem
            if _STEP1B_RESTORE_E.search(w):
                w += "e"
            elif _STEP1B_DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"

    # Step 1c: y -> i when the stem has a vowel.
    if (m := _STEP1C_Y.search(w)) and _HAS_VOWEL.search(w[: m.start()]):
        w = w[: m.start()] + "i"

    # Step 2 and 3: double and single suffixes, when m > 0.
    if m := _STEP2_RE.search(w):
        stem = w[: m.start()]
        if _M_GT_0.search(stem):
            w = stem + _STEP2[m.group(1)]
    if m := _STEP3_RE.search(w):
        stem = w[: m.start()]
        if _M_GT_0.search(stem):
            w = stem + _STEP3[m.group(1)]

    # Step 4: drop a suffix when m > 1 (ROUGE's cascade, see the module docstring).
    if (m := _STEP4_RE.search(w)) and _M_GT_1.search(w[: m.start()]):
        w = w[: m.start()]
    if (m := _STEP4_MENT.search(w)) and _M_GT_1.search(w[: m.start()]):
        w = w[: m.start()]
    if m := _STEP4_ENT.search(w):
        if _M_GT_1.search(w[: m.start()]):
            w = w[: m.start()]
    elif m := _STEP4_ION.search(w):
        stem = w[: m.start()] + m.group(1)
        if _M_GT_1.search(stem):
            w = stem

    # Step 5: a final -e, and -ll -> -l, by measure.
    if m := _STEP5_E.search(w):
        stem = w[: m.start()]
        if _M_GT_1.search(stem) or (_M_EQ_1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _M_GT_1.search(w):
        w = w[:-1]

    return "y" + w[1:] if initial_y else w
