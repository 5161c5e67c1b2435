"""Serbian words without their case endings, for matching names as documents decline them.

Serbian declines nouns and adjectives (канцеларија, канцеларији; одсек, одсека, одсеку), so
a name is matched in whatever case the sentence puts it in. Three ways serve three needs:

- :func:`stems`: words cut to their first five letters (folded), for comparing two names
  loosely (a body's name in the exempt list, a unit's words after a post's name);
- :func:`title_word`: a title word's genitive or dative back to the nominative (виши
  саветника -> саветник), for matching titles exactly;
- :func:`adjective_nominative`: a leading adjective from the locative back to the nominative
  (Републичком -> Републички), for a body's name taken from "... у Републичком секретаријату".

>>> stems("Канцеларији за информационе технологије") == stems("Kancelarija za informacione tehnologije")
True
>>> stems("odsek za razvoj, odseka", stop={"za"})
['odsek', 'razvo', 'odsek']
>>> title_word("savetnika"), title_word("referentu"), title_word("visem")
('savetnik', 'referent', 'visi')
>>> adjective_nominative("Републичком"), adjective_nominative("Državnoj"), adjective_nominative("za")
('Републички', 'Državna', None)
"""

from __future__ import annotations

from graph.text.names import fold

STEM = 5  # letters kept: enough to tell words apart, few enough to drop every case ending

# Genitive/dative endings of title words back to the nominative.
_TITLE_ENDINGS = (("nika", "nik"), ("niku", "nik"), ("ntu", "nt"), ("nta", "nt"),
                  ("eg", "i"), ("og", "i"), ("em", "i"), ("om", "i"))
# Locative adjective endings (Републичком, Државној) back to the nominative.
_ADJ_ENDINGS = (("ом", "и"), ("ој", "а"), ("om", "i"), ("oj", "a"))


def stems(text: str, stop: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Folded words (commas and hyphens separate them) without ``stop`` words, cut to five letters."""
    words = fold(text).replace(",", " ").replace("-", " ").split()
    return [w[:STEM] for w in words if w not in stop]


def title_word(word: str) -> str:
    """A folded title word in the genitive or dative, in the nominative (others unchanged)."""
    for end, repl in _TITLE_ENDINGS:
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: -len(end)] + repl
    return word


def adjective_nominative(word: str) -> str | None:
    """A locative adjective as written, in the nominative (same script and case); None when
    the word has no locative adjective ending."""
    for end, repl in _ADJ_ENDINGS:
        if word.lower().endswith(end):
            return word[: -len(end)] + (repl.upper() if word.isupper() else repl)
    return None
