"""Recognise a Serbian title or position group as a rulebook writes it.

The catalogue (``graph/catalogues/titles-rs.yaml``) is the vocabulary; this module
only knows how the words bend: genitive forms (``у звању саветника``, ``вишег
саветника``), ordinals of position groups, and misspellings within a small
edit distance, which the caller must report.

>>> m = TitleMatcher.default()
>>> m.match("visi savetnik")
('rs/visi-savetnik', True)
>>> m.match("savetnika")
('rs/savetnik', True)
>>> m.match("visi svetnik")
('rs/visi-savetnik', False)
>>> m.match("druga grupa polozaja")
('rs/polozaj-2', True)
>>> m.match("nesto sasvim drugo") is None
True
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from graph.catalogues import load_titles
from graph.text.names import fold
from graph.text.stems import title_word
from graph.schema.model import Title


def canon(text: str) -> str:
    """Folded, genitive endings removed, punctuation gone."""
    words = re.sub(r"[^\w ]+", " ", fold(text)).split()
    return " ".join(map(title_word, words))


class TitleMatcher:
    def __init__(self, titles: tuple[Title, ...]):
        self.titles = {t.key: t for t in titles}
        self.names: dict[str, str] = {}
        for t in titles:
            self.names[canon(t.name)] = t.key
            if t.attributes.get("name_latin"):
                self.names[canon(t.attributes["name_latin"])] = t.key

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "TitleMatcher":
        return cls(load_titles("rs"))

    def match(self, text: str, cutoff: float = 0.8) -> tuple[str, bool] | None:
        """``(title key, exact)``; ``exact`` False means a repaired spelling."""
        c = canon(text)
        if not c:
            return None
        if c in self.names:
            return self.names[c], True
        close = difflib.get_close_matches(c, list(self.names), n=2, cutoff=cutoff)
        if not close:
            return None
        # Two equally close candidates (mladji savetnik / mladji saradnik) is no repair.
        if len(close) > 1 and self.names[close[0]] != self.names[close[1]]:
            r0 = difflib.SequenceMatcher(None, c, close[0]).ratio()
            r1 = difflib.SequenceMatcher(None, c, close[1]).ratio()
            if abs(r0 - r1) < 0.02:
                return None
        return self.names[close[0]], False

    def find_in(self, text: str) -> str | None:
        """The longest title named inside a phrase (``21 радна места у звању виши саветник``)."""
        c = canon(text)
        best = None
        for name, key in self.names.items():
            if re.search(rf"(^| ){re.escape(name)}( |$)", c) and (best is None or len(name) > len(best[0])):
                best = (name, key)
        return best[1] if best else None
