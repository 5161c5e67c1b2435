"""The organisation a rulebook is about: its name (nominative) and a slug key.

The title reads "... систематизацији радних места у Канцеларији за ..." — the name
in the locative case; the leading words are turned back to the nominative.

>>> nominative("Канцеларији за информационе технологије и електронску управу")
'Канцеларија за информационе технологије и електронску управу'
>>> nominative("Republičkom sekretarijatu za javne politike")
'Republički sekretarijat za javne politike'
>>> org_slug("Канцеларија за информационе технологије и електронску управу")
'kite'
>>> org_slug("Министарство финансија")
'mf'
"""

from __future__ import annotations

import re

from graph.text.names import fold, slug, to_latin
from graph.text.stems import adjective_nominative

# Head nouns of Serbian state bodies: folded locative -> nominative (Cyrillic).
_HEAD_NOUNS = {
    "kancelariji": "канцеларија", "ministarstvu": "министарство", "upravi": "управа",
    "sluzbi": "служба", "agenciji": "агенција", "direkciji": "дирекција", "zavodu": "завод",
    "sekretarijatu": "секретаријат", "centru": "центар", "inspektoratu": "инспекторат",
    "fondu": "фонд", "komisiji": "комисија", "organizaciji": "организација",
    "kabinetu": "кабинет", "sekretarijatu vlade": "секретаријат владе",
}

# Slugs people already use for a body, keyed by the folded name. The generic rule
# (initials of the significant words) would give "kiteu" for the Office; the Office
# itself uses "KITE" (Kancelarija za IT i eUpravu), so its slug is fixed here.
SLUG_OVERRIDES = {
    fold("Канцеларија за информационе технологије и електронску управу"): "kite",
}
_STOPWORDS = {"za", "i", "u", "o", "na", "sa", "s", "od", "kod", "pri", "po"}


def _match_case(word: str, like: str) -> str:
    if any("a" <= ch.lower() <= "z" for ch in like):
        word = to_latin(word)
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def nominative(name: str) -> str:
    """The body's name with its leading adjectives and head noun in the nominative."""
    words = name.split()
    out = []
    for i, w in enumerate(words):
        f = fold(w)
        if f in _HEAD_NOUNS:
            out.append(_match_case(_HEAD_NOUNS[f], w))
            out.extend(words[i + 1:])
            return " ".join(out)
        adjective = adjective_nominative(w)
        if adjective is None:
            return name  # not a name we know how to bend: keep it as written
        out.append(adjective)
    return name


def org_slug(name: str) -> str:
    """A short key for a body: a known slug, else the initials of its significant words."""
    f = fold(name)
    if f in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[f]
    initials = "".join(w[0] for w in re.findall(r"\w+", f) if w not in _STOPWORDS)
    return initials if len(initials) >= 2 else slug(name)


_NAME_RE = re.compile(r"sistematizacij\w* radnih mesta (?:u|kod) (.+)")


def name_candidates(text_folded: str, text_clean: str) -> str | None:
    """The locative name that follows "систематизацији радних места у" in one line.

    >>> name_candidates("o sistematizaciji radnih mesta u kancelariji za it (u daljem tekstu",
    ...                 "о систематизацији радних места у Канцеларији за ИТ (у даљем тексту")
    'Канцеларији за ИТ'
    """
    m = _NAME_RE.search(text_folded)
    if not m:
        return None
    # Same words in the clean line: count the words before the match.
    skip = len(text_folded[: m.start(1)].split())
    words = text_clean.split()[skip:]
    out = []
    for w in words:
        if w.startswith("(") or w.startswith("„") or w.startswith('"'):
            break
        stop = w[-1:] in ",;.:"
        out.append(w.rstrip(",;.:"))
        if stop:
            break
    return " ".join(out) or None
