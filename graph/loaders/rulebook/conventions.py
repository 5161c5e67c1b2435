"""The rulebook conventions of ``graph/catalogues/rulebook-rs.yaml``, folded for matching.

Everything here is data a user can extend; this module only folds it once.

>>> c = Conventions.default()
>>> c.body_head("Генерални секретар").name
'Генерални секретар'
>>> c.body_head("Sekretar") .genitive
'sekretara'
>>> c.unit_kind("odsek za budzet")
'section'
>>> c.head_kind("Помоћник генералног секретара"), c.head_kind("Шеф кабинета председника")
('sector', 'other')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.catalogues import load_conventions
from graph.text.names import fold


@dataclass(frozen=True)
class BodyHead:
    name: str  # as the catalogue writes it
    folded: str
    genitive: str  # folded
    dative: str  # folded


def _starts(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + " ")


@dataclass(frozen=True)
class Conventions:
    heads: tuple[BodyHead, ...]
    deputy_words: tuple[str, ...]
    assistant_words: tuple[str, ...]
    assistant_plural: tuple[str, ...]
    unit_kinds: dict[str, str]  # first word (folded) -> kind
    unit_heads: tuple[tuple[str, str], ...]  # head-post name prefix (folded) -> unit kind
    substitution: tuple[re.Pattern, ...]
    accountability: tuple[re.Pattern, ...]
    inner_unit_heads: tuple[str, ...]
    totals: dict[str, tuple[re.Pattern, ...]]
    body_nouns: dict[str, str]
    known_keys: dict[str, str]
    count_phrases: tuple[str, ...]

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Conventions":
        return cls.of(load_conventions("rulebook-rs"))

    @classmethod
    def of(cls, data: dict) -> "Conventions":
        heads = tuple(BodyHead(h["name"], fold(h["name"]), fold(h["genitive"]), fold(h["dative"]))
                      for h in data["body_heads"])
        heads = tuple(sorted(heads, key=lambda h: -len(h.folded)))
        art = data["articles"]

        def filled(patterns: list[str]) -> tuple[re.Pattern, ...]:
            out = []
            for p in patterns:
                for h in heads:
                    out.append(re.compile(p.format(genitive=re.escape(h.genitive), dative=re.escape(h.dative))))
            return tuple(out)

        return cls(
            heads=heads,
            deputy_words=tuple(fold(w) for w in data["deputy_words"]),
            assistant_words=tuple(fold(w) for w in data["assistant_words"]),
            assistant_plural=tuple(fold(w) for w in data["assistant_plural_words"]),
            unit_kinds={fold(u["word"]): u["kind"] for u in data["unit_kinds"]},
            unit_heads=tuple((fold(h), u["kind"]) for u in data["unit_kinds"]
                             for h in ([u["head"]] if isinstance(u.get("head"), str) else u.get("head") or [])),
            substitution=filled(art["substitution"]),
            accountability=filled(art["accountability"]),
            inner_unit_heads=tuple(fold(x) for x in art["inner_unit_heads"]),
            totals={k: tuple(re.compile(p) for p in art[k])
                    for k in ("total_posts", "total_civil_servants", "on_position")},
            body_nouns={fold(k): v for k, v in data["body_nouns"].items()},
            known_keys={fold(k["name"]): k["key"] for k in data.get("known_keys", [])},
            count_phrases=tuple(fold(p) for p in data["count_phrases"]),
        )

    def has_count(self, folded: str) -> bool:
        return any(p in folded for p in self.count_phrases)

    def body_head(self, name: str) -> BodyHead | None:
        """The body head a post's name starts with (the longest that fits)."""
        f = fold(name)
        return next((h for h in self.heads if _starts(f, h.folded)), None)

    def unit_kind(self, folded_name: str) -> str | None:
        return self.unit_kinds.get(folded_name.split(" ", 1)[0])

    def head_kind(self, name: str, body: BodyHead | None = None) -> str | None:
        """The kind of unit a post heads, by its name: a unit head, or an assistant of the body's
        head (``body``; of any body head when it is not known). An assistant of someone else
        (the mayor's assistants in a municipal administration) heads nothing."""
        f = fold(name)
        for prefix, kind in self.unit_heads:
            if _starts(f, prefix):
                return kind
        for word in self.assistant_words:
            for h in ((body,) if body else self.heads):
                if _starts(f, f"{word} {h.genitive}"):
                    return "sector"
        return None

    def is_deputy_of(self, name: str, head: BodyHead) -> bool:
        f = fold(name)
        return any(_starts(f, f"{w} {head.genitive}") for w in self.deputy_words)

    def names_assistants(self, folded_text: str) -> bool:
        return any(f"{w} {h.genitive}" in folded_text for w in self.assistant_plural for h in self.heads)
