"""Script-insensitive names: Serbian in Cyrillic or Latin, Georgian as is.

Names are stored as written; :func:`normalise` gives the lookup form, so a
search for ``Šef odseka`` finds ``Шеф одсека``.

>>> normalise("Шеф одсека") == normalise("Šef odseka") == normalise("sef  ODSEKA")
True
>>> to_latin("Љубица Њежић Џаковић")
'Ljubica Nježić Džaković'
>>> to_cyrillic("Šef odseka za projektovanje")
'Шеф одсека за пројектовање'
"""

from __future__ import annotations

import re
import unicodedata

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}
for _c, _l in list(_CYR_TO_LAT.items()):
    _CYR_TO_LAT[_c.upper()] = _l[:1].upper() + _l[1:]

# Latin to Cyrillic: digraphs first. ("nj" inside a word such as "konjunktura"
# is a real ambiguity of the script; the rulebooks' vocabulary does not hit it.)
_LAT_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ",
                 "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items() if len(v) == 1}
_LAT_RE = re.compile("|".join(sorted(map(re.escape, _LAT_DIGRAPHS), key=len, reverse=True)) + "|.", re.S)
_SPACE_RE = re.compile(r"\s+")


def to_latin(text: str) -> str:
    """Serbian Cyrillic to Latin (gajica), letter for letter; other text unchanged."""
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in text)


def to_cyrillic(text: str) -> str:
    """Serbian Latin to Cyrillic; other text unchanged."""
    return "".join(_LAT_DIGRAPHS.get(m) or _LAT_TO_CYR.get(m, m) for m in _LAT_RE.findall(text))


def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics (š->s, đ->dj), single spaces."""
    text = to_latin(text).replace("đ", "dj").replace("Đ", "Dj")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE_RE.sub(" ", text).strip().casefold()


normalise = fold


def _fold_table() -> dict[int, str]:
    chars = "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШšđčćžŠĐČĆŽ"
    table = {ord(c): fold(c) for c in chars}
    table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    return table


_FOLD = _fold_table()


def fold_by_table(text: str) -> str:
    """:func:`fold` by a translation table for the letters Serbian uses: the same result,
    several times faster on long documents (other characters are folded once and remembered).

    >>> fold_by_table("Шеф  ОДСЕКА Đurđa") == fold("Шеф  ОДСЕКА Đurđa")
    True
    """
    out = text.translate(_FOLD)
    if not out.isascii():
        for ch in set(out):
            if not ch.isascii() and ord(ch) not in _FOLD:
                _FOLD[ord(ch)] = " " if ch.isspace() else fold(ch)
        out = out.translate(_FOLD)
    return _SPACE_RE.sub(" ", out).strip()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`fold` character by character, with each folded character's index in ``text``
    (so a match in folded text maps back to the written form). Whitespace is not
    collapsed: callers pass text with single spaces.

    >>> fold_with_map("Љиљана")
    ('ljiljana', [0, 0, 1, 2, 2, 3, 4, 5])
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        lat = to_latin(ch).replace("đ", "dj").replace("Đ", "Dj")
        lat = "".join(c for c in unicodedata.normalize("NFKD", lat) if not unicodedata.combining(c))
        for c in lat.casefold():
            out.append(c)
            index.append(i)
    return "".join(out), index


def slug(text: str) -> str:
    """A readable key fragment: folded, non-alphanumerics to hyphens.

    >>> slug("Одсек за пројектовање и имплементацију")
    'odsek-za-projektovanje-i-implementaciju'
    """
    return re.sub(r"[^\w]+", "-", fold(text)).strip("-")
