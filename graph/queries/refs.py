"""One ladder from what a user typed to one post or one unit, wherever the candidates live.

Every command that takes a post (chain, common, reports, acting and its
``--absent``, chart ``--around``, approves, responsible, deadlines ``--role``)
and every one that takes a unit (span, chart ``--unit``) climbs the same
ladder; the first rung that matches anything decides:

1. **number**, exactly as the document writes it (``9``, ``71a``, ``1.1``; a
   trailing dot is ignored), within the organisation when one is named;
2. **key** (``kite/post/9``): a key names its organisation, so it needs no ``--org``;
   then an external **identifier** written ``scheme:code`` (``uk-post-ref:DFE-3014``, a
   register's or a return's code the org file lists under ``identifiers``);

   a reference that *looks like a number* (one word with a digit in it, no
   ``/``) stops here: ``1`` in ge-moh, whose posts carry no numbers, is "no
   post numbered 1 in ge-moh", never the post whose name happens to hold a 1;
3. **name**, whole and folded (:func:`graph.text.names.fold`: either Serbian
   script, any case, no diacritics), then an **alias** the document gives;
4. name that **begins with** the words (``Direktor`` is ``Директор Канцеларије``,
   not ``Помоћник директора``);
5. name that **contains** the text;
6. (posts) name followed by words of its **unit's name** (``Šef odseka za projektovanje``).

One match is the answer; several raise :class:`~graph.errors.Ambiguous` (exit 2)
listing the candidates; nothing raises :class:`~graph.errors.NotFound` (exit 1).

Where the candidates come from is a *source*: the database
(:mod:`graph.queries.lookup`) or an org model in memory (:class:`ModelSource`,
for charts). Each answers one rung at a time; the ladder, its order and its
messages live here only.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: k, name: K}
... posts: [{key: k/post/1, number: "1", name: Директор Канцеларије},
...         {key: k/post/2, number: "2", name: Помоћник директора},
...         {key: k/post/3, number: "3", name: Помоћник директора}]
... ''', "doc")
>>> [resolve(ModelSource(org, "post"), r)["key"] for r in ("1", "k/post/2", "Direktor", "direktor kancelarije")]
['k/post/1', 'k/post/2', 'k/post/1', 'k/post/1']
>>> resolve(ModelSource(org, "post"), "9")
Traceback (most recent call last):
graph.errors.NotFound: no post numbered 9 in k
>>> resolve(ModelSource(org, "post"), "Pomoćnik")  # doctest: +ELLIPSIS
Traceback (most recent call last):
graph.errors.Ambiguous: post 'Pomoćnik' is ambiguous: 2 candidates; ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from graph.errors import Ambiguous, InputError, NotFound
from graph.text.names import fold
from graph.text.stems import stems

CANDIDATES = 20  # listed in an Ambiguous message; a rung may find more
NAME_RUNGS = ("name", "alias", "starts", "contains", "name_unit")
SLIM = ("key", "number", "name", "unit", "unit_name", "parent", "org")

# One word with a digit in it and no slash: 13, 71a, 1.1., DFE-3014 (a UK post reference).
_NUMBER_LIKE = re.compile(r"[^\s/]*\d[^\s/]*")


@dataclass(frozen=True)
class Ref:
    """What the user typed, in the forms the rungs compare: as typed, as a number, folded."""

    text: str
    number: str
    norm: str
    identifier: str | None = None  # 'scheme:code' as stored, when the text has that form

    @classmethod
    def of(cls, typed: Any) -> "Ref":
        text = str(typed).strip()
        return cls(text=text, number=text.rstrip(".") or text, norm=fold(text), identifier=identifier_of(text))


def identifier_of(text: str) -> str | None:
    """``scheme:code`` as the graph stores it, when ``text`` has that form (spaces around ':' dropped).

    >>> identifier_of("uk-post-ref: DFE-3014"), identifier_of("Direktor"), identifier_of("a b:c")
    ('uk-post-ref:DFE-3014', None, None)
    """
    scheme, colon, code = text.partition(":")
    scheme, code = scheme.strip(), code.strip()
    if not colon or not scheme or not code or any(c.isspace() for c in scheme):
        return None
    return f"{scheme}:{code}"


def looks_like_number(text: str) -> bool:
    """True for references that can only mean a number: they never fall through to names.

    >>> [looks_like_number(t) for t in ("13", "71a", "1.1.", "DFE-3014", "Direktor", "kite/post/9", "Šef 2")]
    [True, True, True, True, False, False, False]
    """
    return bool(_NUMBER_LIKE.fullmatch(text.strip()))


class Source(Protocol):
    """Where one kind of thing (``what``: "post" or "unit") is looked up, within ``org`` or everywhere.

    ``find(rung, ref)`` returns the cards (dicts with at least key, name, org)
    that match ``ref`` on that rung, in document order, at most ``CANDIDATES + 1``
    of them (more is allowed). The ``key`` rung returns the thing with that
    key whatever its organisation: the ladder itself says when it is another one.
    """

    what: str
    org: str | None

    def find(self, rung: str, ref: Ref) -> list[dict]: ...


def resolve(source: Source, typed: Any) -> dict:
    """The one card the reference ``typed`` names in ``source``; see the module for the ladder."""
    ref = Ref.of(typed)
    what, org = source.what, source.org
    if not ref.text:
        raise InputError(f"name a {what}: the reference is empty")
    found = _own(source.find("number", ref), org)
    if found:
        return _one(what, ref.text, found)
    found = _own(source.find("key", ref), org)
    if found:
        return _one(what, ref.text, found)
    if ref.identifier:
        found = _own(source.find("identifier", ref), org)
        if found:
            return _one(what, ref.text, found)
    if looks_like_number(ref.text):
        raise NotFound(f"no {what} numbered {ref.text} {_in(org)}")
    if ref.norm:
        for rung in NAME_RUNGS:
            found = _own(source.find(rung, ref), org)
            if found:
                return _one(what, ref.text, found)
    owner = ref.text.split("/", 1)[0] if "/" in ref.text else None
    if org and owner and owner != org:
        # Keys begin with their organisation's key: say so, rather than only "no match".
        raise NotFound(f"{what} {ref.text!r} is not in {org}: its key is of organisation {owner!r}")
    raise NotFound(f"no {what} matches {ref.text!r} {_in(org)} (by number, key or name, in either script)")


def _in(org: str | None) -> str:
    return f"in {org}" if org else "in any organisation"


def _own(cards: list[dict], org: str | None) -> list[dict]:
    return cards if org is None else [c for c in cards if c.get("org") == org]


def _one(what: str, text: str, found: list[dict]) -> dict:
    if len(found) == 1:
        return found[0]
    raise ambiguous(what, text, found[:CANDIDATES], more=len(found) > CANDIDATES)


def describe(card: dict) -> str:
    """One line naming a candidate: key, name, where it sits and its organisation."""
    if "parent" in card and "unit" not in card:
        where = f"in: {card.get('parent') or '-'}"
    else:
        where = f"unit: {card.get('unit_name') or card.get('unit') or '-'}"
    return f"{card['key']}  {card.get('name')!s}  ({where}; org: {card.get('org')})"


def ambiguous(what: str, ref: str, candidates: list[dict], more: bool = False) -> Ambiguous:
    """An :class:`Ambiguous` error whose message lists the candidates one per line.

    >>> err = ambiguous("post", "Šef", [{"key": "a/post/1", "name": "Шеф", "unit_name": "U", "org": "a"},
    ...                                 {"key": "a/post/2", "name": "Шеф", "unit": "a/2", "org": "a"}])
    >>> print(err)
    post 'Šef' is ambiguous: 2 candidates; name one by key (or narrow with --org):
      a/post/1  Шеф  (unit: U; org: a)
      a/post/2  Шеф  (unit: a/2; org: a)
    >>> err.exit_code, len(err.candidates)
    (2, 2)
    """
    head = (f"{what} {ref!r} is ambiguous: {'more than ' if more else ''}{len(candidates)} candidates; "
            "name one by key (or narrow with --org):")
    lines = [head] + ["  " + describe(c) for c in candidates]
    slim = [{k: c.get(k) for k in SLIM if k in c} for c in candidates]
    return Ambiguous("\n".join(lines), slim)


# --- the last rung, shared by every source -------------------------------------------

_STOP = {"za", "i", "u", "na", "od", "sa", "s", "o", "po", "iz", "do"}


def by_name_and_unit(rows: Iterable[dict], norm: str) -> list[dict]:
    """Of posts whose folded name begins ``norm``, those whose unit's name holds every
    remaining word (by stem: Serbian declines, odsek/odseka); the longest post name wins. Rows carry ``unit_norm``,
    which the answer drops.

    >>> rows = [{"key": "a", "name": "Шеф одсека", "unit_norm": "odsek za projektovanje"},
    ...         {"key": "b", "name": "Шеф одсека", "unit_norm": "odsek za analizu"}]
    >>> [r["key"] for r in by_name_and_unit(rows, "sef odseka za projektovanje")]
    ['a']
    """
    best: list[dict] = []
    best_len = -1
    for r in rows:
        card = {k: v for k, v in r.items() if k != "unit_norm"}
        rest = stems(norm[len(fold(r["name"])):], _STOP)
        unit = set(stems(r.get("unit_norm") or "", _STOP))
        if not rest or not all(w in unit for w in rest):
            continue
        if len(r["name"]) > best_len:
            best, best_len = [card], len(r["name"])
        elif len(r["name"]) == best_len:
            best.append(card)
    return best


def aliases(attributes: Any) -> list[str]:
    """The folded aliases an item's attributes give (a dict, or the JSON text the graph stores).

    >>> aliases('{"aliases": ["Начелник општинске управе"]}'), aliases(None), aliases("not json")
    (['nacelnik opstinske uprave'], [], [])
    """
    import json

    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes)
        except ValueError:
            return []
    if not isinstance(attributes, dict):
        return []
    return [fold(a) for a in attributes.get("aliases") or [] if isinstance(a, str)]


def match_name(rung: str, ref: Ref, name_norm: str, alias_norms: Iterable[str] = ()) -> bool:
    """Whether a folded name (or its aliases) matches ``ref`` on one of the name rungs but the last.

    The database sources say the same in Cypher (graph/queries/lookup.cypher).
    """
    if rung == "name":
        return name_norm == ref.norm
    if rung == "alias":
        return ref.norm in alias_norms
    if rung == "starts":
        return name_norm.startswith(ref.norm + " ")
    if rung == "contains":
        return ref.norm in name_norm
    raise ValueError(rung)


# --- an org model in memory -----------------------------------------------------------

class ModelSource:
    """The posts or units of one org model, for what draws from a file or a model read back.

    Gives the same cards as the database source: key, number, name, org and,
    for posts, unit, unit_name, title, title_name and headcount; for units,
    kind and parent.
    """

    def __init__(self, org, what: str):
        if what not in ("post", "unit"):
            raise ValueError(what)
        self.what = what
        self.org = org.organisation.key
        units = {u.key: u for u in org.units}
        titles = {t.key: t for t in org.titles}
        self._items: list[tuple[dict, str, list[str], str]] = []
        self._ids: dict[str, dict] = {}  # 'scheme:code' -> card
        if what == "post":
            for p in org.posts:
                u = units.get(p.unit)
                t = titles.get(p.title)
                card = {"key": p.key, "number": p.number, "name": p.name, "org": self.org, "unit": p.unit,
                        "unit_name": u.name if u else None, "title": p.title, "title_name": t.name if t else None,
                        "headcount": p.headcount}
                self._items.append((card, fold(p.name), aliases(p.attributes), fold(u.name) if u else ""))
                self._ids.update((f"{k}:{v}", card) for k, v in p.identifiers.items())
        else:
            for u in org.units:
                # As in the graph, where a unit directly in the organisation is PART_OF it.
                card = {"key": u.key, "number": u.number, "name": u.name, "kind": u.kind, "org": self.org,
                        "parent": u.parent or self.org}
                self._items.append((card, fold(u.name), aliases(u.attributes), ""))
                self._ids.update((f"{k}:{v}", card) for k, v in u.identifiers.items())

    def find(self, rung: str, ref: Ref) -> list[dict]:
        if rung == "number":
            return [c for c, *_ in self._items if c["number"] is not None and c["number"] == ref.number]
        if rung == "key":
            return [c for c, *_ in self._items if c["key"] == ref.text]
        if rung == "identifier":
            return [self._ids[ref.identifier]] if ref.identifier in self._ids else []
        if rung == "name_unit":
            if self.what != "post":
                return []
            rows = [{**c, "unit_norm": unit_norm} for c, norm, _, unit_norm in self._items
                    if ref.norm.startswith(norm + " ")]
            return by_name_and_unit(rows, ref.norm)
        return [c for c, norm, alias_norms, _ in self._items if match_name(rung, ref, norm, alias_norms)]
