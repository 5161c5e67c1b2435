"""W3C ORG (https://www.w3.org/TR/vocab-org/) as Turtle or JSON-LD, with rdflib; and back.

The standard terms carry the structure, for any ORG consumer:

- the body is an ``org:Organization``; units ``org:OrganizationalUnit`` with ``org:unitOf`` /
  ``org:hasUnit`` to the body and ``org:subOrganizationOf`` / ``org:hasSubOrganization`` to the unit
  they are part of; a parent body is an ``org:Organization`` the body is ``org:subOrganizationOf``;
- posts ``org:Post`` with ``org:postIn`` (their unit, else the body), ``org:role`` an ``org:Role``
  (the title) and ``org:headOf`` the unit they head;
- line supervision ``org:reportsTo``; secondary and accountability lines ``og:secondaryReportsTo`` and
  ``og:accountableTo``, sub-properties of ``org:reportsTo`` in orgraph's own small vocabulary (``og:``);
- names ``skos:prefLabel``, numbers ``skos:notation``, and provenance ``prov:wasDerivedFrom`` a
  ``og:SourceLine`` with ``dcterms:source`` (the document) and ``og:line``.

What ORG has no term for is in ``og:``: every reporting line and substitution is also a node
(``og:ReportingLine``, ``og:Substitution``) with its kind, basis, order and provenance; declared figures,
activities and warnings are ``og:Declared``, ``og:Activity``, ``og:Warning``; each item keeps its
``og:key`` and ``og:seq`` (its place in the org file), so the reader gives back the same model.

Versions are ``org:ChangeEvent`` s the body ``org:resultedFrom`` (each with ``og:validFrom``, its document's
``dcterms:title``, ``skos:notation`` and ``dcterms:issued``); holders are ``org:Membership`` s of a
``foaf:Person`` (``foaf:name`` only when the model has it: exports leave names out unless asked) in the
body, with ``og:post`` the post held (and ``org:heldBy`` / ``org:holds`` between post and person),
``org:memberDuring`` a ``time:Interval`` and ``og:fte``. Intended tops carry ``og:independent``.

An organisation part of another is ``org:subOrganizationOf`` it (a resource with its ``og:key``), one
reporting to another ``org:reportsTo`` it, one independent by design ``og:independent``; joint line
superiors are reporting lines with ``og:joint``; external identifiers are ``org:identifier`` literals
whose datatype names the scheme (``<https://orgraph.invalid/ns/scheme/SCHEME>``), as ORG advises.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph.errors import InputError
from graph.schema.model import OrgFile

ORG_NS = "http://www.w3.org/ns/org#"
OG_NS = "https://orgraph.invalid/ns#"
ID_NS = "https://orgraph.invalid/id/"
# An external identifier is an ``org:identifier`` literal whose datatype names its scheme (as ORG advises).
SCHEME_NS = "https://orgraph.invalid/ns/scheme/"
KIND_PROPERTY = {"line": "reportsTo", "secondary": "secondaryReportsTo", "accountability": "accountableTo"}


def _ns():
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    return Namespace(ORG_NS), Namespace(OG_NS), DCTERMS, PROV, RDF, RDFS, SKOS, XSD


def _people_ns():
    from rdflib.namespace import FOAF, TIME

    return FOAF, TIME


def iri(key: str):
    """The resource of a key: ``kite/post/12`` -> ``https://orgraph.invalid/id/kite/post/12``."""
    from rdflib import URIRef

    return URIRef(ID_NS + quote(key, safe="/@-._~"))


def to_graph(org: OrgFile):
    """The org as an rdflib Graph in W3C ORG (see the module's description)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection

    ORG, OG, DCT, PROV, RDF, RDFS, SKOS, XSD = _ns()
    FOAF, TIME = _people_ns()
    g = Graph()
    for prefix, ns in (("org", ORG), ("og", OG), ("skos", SKOS), ("prov", PROV), ("dcterms", DCT),
                       ("foaf", FOAF), ("time", TIME)):
        g.bind(prefix, ns)
    # The vocabulary's own terms, so a reasoner (or a reader) knows the secondary kinds are reporting lines.
    for kind, prop in KIND_PROPERTY.items():
        if kind != "line":
            g.add((OG[prop], RDFS.subPropertyOf, ORG.reportsTo))
            g.add((OG[prop], RDFS.label, Literal(f"reports to ({kind})")))

    def lit(s, p, value):
        if value is not None:
            g.add((s, p, Literal(value)))

    def day(s, p, value):
        if value is not None:
            g.add((s, p, Literal(value, datatype=XSD.date)))

    def common(s, item, seq: int | None):
        if getattr(item, "key", None) is not None:
            lit(s, OG.key, item.key)
        if seq is not None:
            g.add((s, OG.seq, Literal(seq)))
        prov = getattr(item, "provenance", None)
        if prov is not None:
            src = BNode()
            g.add((s, PROV.wasDerivedFrom, src))
            g.add((src, RDF.type, OG.SourceLine))
            lit(src, DCT.source, prov.document)
            lit(src, OG.line, prov.line)
            lit(src, OG.article, prov.article)
        attrs = getattr(item, "attributes", None)
        if attrs:
            lit(s, OG.attributes, json.dumps(attrs, ensure_ascii=False, sort_keys=True))
        for scheme, code in (getattr(item, "identifiers", None) or {}).items():
            g.add((s, ORG.identifier, Literal(code, datatype=URIRef(SCHEME_NS + quote(scheme, safe="-._~")))))

    o = org.organisation
    body = iri(o.key)
    g.add((body, RDF.type, ORG.Organization))
    lit(body, SKOS.prefLabel, o.name)
    lit(body, OG.kind, o.kind)
    if o.snapshot is not None:
        g.add((body, OG.snapshot, Literal(o.snapshot, datatype=XSD.date)))
    if o.parent is not None:
        parent = BNode()
        g.add((parent, RDF.type, ORG.Organization))
        g.add((parent, SKOS.prefLabel, Literal(o.parent)))
        g.add((body, ORG.subOrganizationOf, parent))
    # Organisations this one is part of or reports to: their resources (an organisation is an agent,
    # so org:reportsTo holds between organisations too).
    if o.part_of is not None:
        g.add((body, ORG.subOrganizationOf, iri(o.part_of)))
        g.add((iri(o.part_of), ORG.hasSubOrganization, body))
        lit(iri(o.part_of), OG.key, o.part_of)
    if o.reports_to is not None:
        g.add((body, ORG.reportsTo, iri(o.reports_to)))
        lit(iri(o.reports_to), OG.key, o.reports_to)
    if o.independent:
        lit(body, OG.independent, True)
    common(body, o, None)
    if org.sources:
        head = BNode()
        Collection(g, head, [Literal(s) for s in org.sources])
        g.add((body, OG.sources, head))
        for s in org.sources:
            g.add((body, DCT.source, Literal(s)))
    if org.documents:
        # Title, number and date as the documents state them: one JSON literal, like attributes.
        lit(body, OG.documents, json.dumps([d.model_dump(exclude_none=True) for d in org.documents],
                                           ensure_ascii=False, sort_keys=True))

    for i, v in enumerate(org.versions):
        s = BNode()
        g.add((s, RDF.type, ORG.ChangeEvent))
        g.add((s, ORG.resultingOrganization, body))
        g.add((body, ORG.resultedFrom, s))
        day(s, OG.validFrom, v.valid_from)
        day(s, OG.validTo, v.valid_to)
        lit(s, DCT.title, v.title)
        lit(s, SKOS.notation, v.number)
        day(s, DCT.issued, v.issued)
        lit(s, RDFS.comment, v.note)
        common(s, v, i)

    for i, t in enumerate(org.titles):
        s = iri(t.key)
        g.add((s, RDF.type, ORG.Role))
        lit(s, SKOS.prefLabel, t.name)
        lit(s, OG.system, t.system)
        lit(s, SKOS.notation, t.code)
        lit(s, OG.rank, t.rank)
        lit(s, OG.titleKind, t.kind)
        if t.junior:
            lit(s, OG.junior, True)
        common(s, t, i)

    for i, u in enumerate(org.units):
        s = iri(u.key)
        g.add((s, RDF.type, ORG.OrganizationalUnit))
        lit(s, SKOS.prefLabel, u.name)
        lit(s, SKOS.notation, u.number)
        lit(s, OG.kind, u.kind)
        if u.independent:
            lit(s, OG.independent, True)
        g.add((s, ORG.unitOf, body))
        g.add((body, ORG.hasUnit, s))
        if u.parent is not None:
            g.add((s, ORG.subOrganizationOf, iri(u.parent)))
            g.add((iri(u.parent), ORG.hasSubOrganization, s))
        common(s, u, i)

    for i, p in enumerate(org.posts):
        s = iri(p.key)
        g.add((s, RDF.type, ORG.Post))
        lit(s, SKOS.prefLabel, p.name)
        lit(s, SKOS.notation, p.number)
        where = iri(p.unit) if p.unit is not None else body
        g.add((s, ORG.postIn, where))
        g.add((where, ORG.hasPost, s))
        if p.headcount != 1:
            # Absent means the default (one person); og:headcountUnknown says no figure is known.
            if p.headcount is None:
                lit(s, OG.headcountUnknown, True)
            else:
                lit(s, OG.headcount, p.headcount)
        if p.title is not None:
            g.add((s, ORG.role, iri(p.title)))
        lit(s, OG.titleAsWritten, p.title_as_written)
        if p.heads is not None:
            g.add((s, ORG.headOf, iri(p.heads)))
        if p.partial:
            lit(s, OG.partial, True)
        if p.declared_only:
            lit(s, OG.declaredOnly, True)
        if p.independent:
            lit(s, OG.independent, True)
        lit(s, OG.description, p.description)
        lit(s, OG.conditions, p.conditions)
        common(s, p, i)

    titles_of = {p.key: p.title for p in org.posts}
    for i, h in enumerate(org.holders):
        s, person = BNode(), BNode()
        g.add((s, RDF.type, ORG.Membership))
        g.add((person, RDF.type, FOAF.Person))
        lit(person, FOAF.name, h.name)
        g.add((s, ORG.member, person))
        g.add((s, ORG.organization, body))
        g.add((s, OG.post, iri(h.post)))
        g.add((iri(h.post), ORG.heldBy, person))
        g.add((person, ORG.holds, iri(h.post)))
        if titles_of.get(h.post):
            g.add((s, ORG.role, iri(titles_of[h.post])))
        lit(s, OG.fte, h.fte)
        day(s, OG.validFrom, h.valid_from)
        day(s, OG.validTo, h.valid_to)
        if h.valid_from or h.valid_to:
            during = BNode()
            g.add((during, RDF.type, TIME.Interval))
            g.add((s, ORG.memberDuring, during))
            for prop, when in ((TIME.hasBeginning, h.valid_from), (TIME.hasEnd, h.valid_to)):
                if when:
                    instant = BNode()
                    g.add((instant, RDF.type, TIME.Instant))
                    day(instant, TIME.inXSDDate, when)
                    g.add((during, prop, instant))
        lit(s, OG.reference, h.reference)
        common(s, h, i)

    for i, r in enumerate(org.supervision):
        g.add((iri(r.post), OG[KIND_PROPERTY[r.kind]] if r.kind != "line" else ORG.reportsTo, iri(r.superior)))
        s = BNode()
        g.add((s, RDF.type, OG.ReportingLine))
        g.add((s, OG.post, iri(r.post)))
        g.add((s, OG.superior, iri(r.superior)))
        lit(s, OG.reportingKind, r.kind)
        if r.joint:
            lit(s, OG.joint, True)
        lit(s, OG.basis, r.basis)
        lit(s, RDFS.comment, r.note)
        common(s, r, i)

    for i, r in enumerate(org.substitution):
        s = BNode()
        g.add((s, RDF.type, OG.Substitution))
        g.add((s, OG.principal, iri(r.principal)))
        if r.substitute is not None:
            g.add((s, OG.substitute, iri(r.substitute)))
            g.add((iri(r.substitute), OG.actsFor, iri(r.principal)))
        lit(s, OG.substituteText, r.substitute_text)
        lit(s, OG.order, r.order)
        lit(s, OG.basis, r.basis)
        common(s, r, i)

    for i, d in enumerate(org.declared):
        s = BNode()
        g.add((s, RDF.type, OG.Declared))
        g.add((s, OG.subject, iri(d.subject)))
        lit(s, OG.measure, d.measure)
        lit(s, OG.value, d.value)
        if d.title is not None:
            g.add((s, OG.title, iri(d.title)))
        lit(s, OG.about, d.about)
        lit(s, RDFS.label, d.label)
        common(s, d, i)

    for i, a in enumerate(org.activities):
        s = iri(a.key)
        g.add((s, RDF.type, OG.Activity))
        lit(s, SKOS.notation, a.number)
        lit(s, OG.text, a.text)
        lit(s, OG.deadline, a.deadline)
        lit(s, OG.budgetSource, a.budget_source)
        lit(s, OG.indicator, a.indicator)
        for prop, keys in ((OG.responsible, a.responsible), (OG.approvers, a.approvers)):
            if keys:
                head = BNode()
                Collection(g, head, [iri(k) for k in keys])
                g.add((s, prop, head))
        common(s, a, i)

    for i, w in enumerate(org.warnings):
        s = BNode()
        g.add((s, RDF.type, OG.Warning))
        lit(s, OG.code, w.code)
        lit(s, RDFS.comment, w.message)
        lit(s, OG.severity, w.severity)
        if w.subject is not None:
            lit(s, OG.subjectKey, w.subject)
        common(s, w, i)
    return g


JSONLD_CONTEXT = {"org": ORG_NS, "og": OG_NS, "skos": "http://www.w3.org/2004/02/skos/core#",
                  "foaf": "http://xmlns.com/foaf/0.1/", "time": "http://www.w3.org/2006/time#",
                  "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
                  "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def _write(org: OrgFile, path: str | Path, fmt: str) -> None:
    path = Path(path)
    g = to_graph(org)
    if fmt == "json-ld":
        text = g.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1, ensure_ascii=False)
    else:
        text = g.serialize(format="turtle")
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_ttl(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    """W3C ORG as Turtle. (Findings are not part of ORG; they are left out.)"""
    _write(org, path, "turtle")


def write_jsonld(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    """W3C ORG as JSON-LD, with a context of the prefixes used."""
    _write(org, path, "json-ld")


# ------------------------------------------------------------------ back

def parse(path: str | Path):
    """An rdflib Graph from a Turtle or JSON-LD file (by its suffix); InputError with the parser's word."""
    from rdflib import Graph

    path = Path(path)
    fmt = "json-ld" if path.suffix.lower() in (".jsonld", ".json-ld", ".json") else "turtle"
    g = Graph()
    # rdflib logs its doubts (an odd IRI) and warns of its own deprecations; the one message is ours.
    log = logging.getLogger("rdflib")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            g.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, JSONDecodeError, ...): all are bad input
        why, line = getattr(exc, "_why", None), None
        text, at = getattr(exc, "_str", None), getattr(exc, "_i", None)
        if isinstance(text, (str, bytes)) and isinstance(at, int):
            # rdflib's own line count is off at the end of input; counted here from where it stopped.
            line = text[:at].count(b"\n" if isinstance(text, bytes) else "\n") + 1
        message = str(why or exc).strip().splitlines()
        raise InputError(f"not valid {'JSON-LD' if fmt == 'json-ld' else 'Turtle'}: "
                         f"{message[-1] if message else type(exc).__name__}", file=str(path), line=line) from None
    finally:
        log.setLevel(level)
    return g


def read_rdf(path: str | Path) -> OrgFile:
    """The org model from W3C ORG (Turtle or JSON-LD) as :func:`to_graph` writes it.

    Data from elsewhere works too when it uses the ORG terms: keys are then the IRIs' last parts,
    ``org:reportsTo`` gives line supervision (stated) and the order is that of the keys.
    """
    from urllib.parse import unquote

    from graph.schema.integrity import problems
    from pydantic import ValidationError
    from rdflib import BNode, Literal
    from rdflib.collection import Collection

    ORG, OG, DCT, PROV, RDF, RDFS, SKOS, XSD = _ns()
    FOAF, _TIME = _people_ns()
    path = Path(path)
    g = parse(path)
    name = str(path)

    def one(s, p):
        v = g.value(s, p)
        if v is None:
            return None
        return v.toPython() if isinstance(v, Literal) else v

    def key_of(s) -> str:
        k = g.value(s, OG.key)
        if k is not None:
            return str(k)
        text = str(s)
        if text.startswith(ID_NS):
            return unquote(text[len(ID_NS):])
        return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def common(s, item: dict, *, attributes: bool = True) -> dict:
        src = g.value(s, PROV.wasDerivedFrom)
        if src is not None:
            doc = g.value(src, DCT.source)
            if doc is not None:
                article = g.value(src, OG.article)
                item["provenance"] = {"document": str(doc), "line": one(src, OG.line),
                                      "article": None if article is None else str(article)}
        ids = {unquote(str(v.datatype)[len(SCHEME_NS):]): str(v) for v in g.objects(s, ORG.identifier)
               if isinstance(v, Literal) and v.datatype is not None and str(v.datatype).startswith(SCHEME_NS)}
        if ids:
            item["identifiers"] = dict(sorted(ids.items()))
        if attributes:
            raw = g.value(s, OG.attributes)
            if raw is not None:
                try:
                    item["attributes"] = json.loads(str(raw))
                except ValueError:
                    raise InputError(f"og:attributes of {s} is not JSON", file=name) from None
        return item

    def seq(s) -> tuple:
        n = g.value(s, OG.seq)
        return (0, int(n), "") if n is not None else (1, 0, key_of(s) if not isinstance(s, BNode) else "")

    def ordered(cls) -> list:
        return sorted(set(g.subjects(RDF.type, cls)), key=seq)

    def put(item: dict, field: str, value: Any) -> None:
        if value is not None:
            item[field] = value

    def text(s, p) -> str | None:
        v = g.value(s, p)
        return None if v is None else str(v)

    units = ordered(ORG.OrganizationalUnit)
    unit_set = set(units)
    bodies = [b for b in ordered(ORG.Organization) if b not in unit_set and not isinstance(b, BNode)]
    if not bodies:
        raise InputError("no org:Organization in this file: not W3C ORG data", file=name)
    owned = [b for b in bodies if (None, ORG.unitOf, b) in g or (b, ORG.hasUnit, None) in g
             or (None, ORG.postIn, b) in g]
    if len(owned or bodies) > 1:
        raise InputError(f"{len(owned or bodies)} organisations in one file; orgraph reads one at a time",
                         file=name)
    body = (owned or bodies)[0]
    o: dict[str, Any] = {"key": key_of(body), "name": text(body, SKOS.prefLabel) or text(body, RDFS.label)
                         or key_of(body)}
    put(o, "kind", text(body, OG.kind))
    put(o, "snapshot", one(body, OG.snapshot))
    for parent in g.objects(body, ORG.subOrganizationOf):
        if isinstance(parent, BNode) or g.value(parent, SKOS.prefLabel) is not None:
            # A parent body known by its name only (free text): the model's ``parent``.
            o["parent"] = text(parent, SKOS.prefLabel) or (key_of(parent) if not isinstance(parent, BNode) else None)
        else:
            o["part_of"] = key_of(parent)
    over = g.value(body, ORG.reportsTo)
    if over is not None:
        o["reports_to"] = key_of(over)
    put(o, "independent", one(body, OG.independent))
    common(body, o)
    head = g.value(body, OG.sources)
    sources = [str(x) for x in Collection(g, head)] if head is not None else sorted(
        str(x) for x in g.objects(body, DCT.source))
    raw_documents = g.value(body, OG.documents)
    documents = json.loads(str(raw_documents)) if raw_documents is not None else []

    versions = []
    for s in ordered(ORG.ChangeEvent):
        if (s, ORG.resultingOrganization, body) not in g and (body, ORG.resultedFrom, s) not in g:
            continue
        v: dict[str, Any] = {"valid_from": one(s, OG.validFrom) or one(s, DCT.issued)}
        for field, prop in (("valid_to", OG.validTo), ("issued", DCT.issued)):
            put(v, field, one(s, prop))
        put(v, "title", text(s, DCT.title))
        put(v, "number", text(s, SKOS.notation))
        put(v, "note", text(s, RDFS.comment))
        versions.append(common(s, v, attributes=False))

    titles = []
    for s in ordered(ORG.Role):
        t = {"key": key_of(s), "system": text(s, OG.system) or "", "code": text(s, SKOS.notation) or key_of(s),
             "name": text(s, SKOS.prefLabel) or key_of(s), "rank": one(s, OG.rank) or 0}
        put(t, "kind", text(s, OG.titleKind))
        put(t, "junior", one(s, OG.junior))
        titles.append(common(s, t))

    unit_items = []
    for s in units:
        u = {"key": key_of(s), "name": text(s, SKOS.prefLabel) or ""}
        put(u, "number", text(s, SKOS.notation))
        put(u, "kind", text(s, OG.kind))
        put(u, "independent", one(s, OG.independent))
        p = g.value(s, ORG.subOrganizationOf)
        if p is not None and p in unit_set:
            u["parent"] = key_of(p)
        unit_items.append(common(s, u))

    posts = []
    for s in ordered(ORG.Post):
        p = {"key": key_of(s), "name": text(s, SKOS.prefLabel) or ""}
        put(p, "number", text(s, SKOS.notation))
        where = g.value(s, ORG.postIn)
        if where is not None and where in unit_set:
            p["unit"] = key_of(where)
        if one(s, OG.headcountUnknown):
            p["headcount"] = None
        else:
            put(p, "headcount", one(s, OG.headcount))
        role = g.value(s, ORG.role)
        if role is not None:
            p["title"] = key_of(role)
        put(p, "title_as_written", text(s, OG.titleAsWritten))
        heads = g.value(s, ORG.headOf)
        if heads is not None:
            p["heads"] = key_of(heads)
        put(p, "partial", one(s, OG.partial))
        put(p, "declared_only", one(s, OG.declaredOnly))
        put(p, "independent", one(s, OG.independent))
        put(p, "description", text(s, OG.description))
        put(p, "conditions", text(s, OG.conditions))
        posts.append(common(s, p))

    holders = []
    for s in ordered(ORG.Membership):
        post = g.value(s, OG.post)
        if post is None:
            continue  # a membership of the body, not of one of its posts
        h: dict[str, Any] = {"post": key_of(post)}
        person = g.value(s, ORG.member)
        put(h, "name", text(person, FOAF.name) if person is not None else None)
        fte = one(s, OG.fte)
        put(h, "fte", float(fte) if fte is not None and not isinstance(fte, (int, float)) else fte)
        put(h, "valid_from", one(s, OG.validFrom))
        put(h, "valid_to", one(s, OG.validTo))
        put(h, "reference", text(s, OG.reference))
        holders.append(common(s, h, attributes=False))

    supervision = []
    lines = ordered(OG.ReportingLine)
    if lines:
        for s in lines:
            r = {"post": key_of(g.value(s, OG.post)), "superior": key_of(g.value(s, OG.superior))}
            put(r, "kind", text(s, OG.reportingKind))
            put(r, "joint", one(s, OG.joint))
            put(r, "basis", text(s, OG.basis))
            put(r, "note", text(s, RDFS.comment))
            supervision.append(common(s, r, attributes=False))
    else:  # plain ORG: the reporting triples themselves
        for kind, prop in KIND_PROPERTY.items():
            term = ORG.reportsTo if kind == "line" else OG[prop]
            for a, b in sorted(g.subject_objects(term), key=lambda ab: (key_of(ab[0]), key_of(ab[1]))):
                if a == body:
                    continue  # the organisation reports to another: not a line between posts
                supervision.append({"post": key_of(a), "superior": key_of(b), "kind": kind})

    substitution = []
    for s in ordered(OG.Substitution):
        r = {"principal": key_of(g.value(s, OG.principal))}
        sub = g.value(s, OG.substitute)
        if sub is not None:
            r["substitute"] = key_of(sub)
        put(r, "substitute_text", text(s, OG.substituteText))
        put(r, "order", one(s, OG.order))
        put(r, "basis", text(s, OG.basis))
        substitution.append(common(s, r, attributes=False))

    declared = []
    for s in ordered(OG.Declared):
        value = one(s, OG.value)
        d = {"subject": key_of(g.value(s, OG.subject)), "measure": text(s, OG.measure),
             "value": float(value) if value is not None and not isinstance(value, (int, float)) else value}
        t = g.value(s, OG.title)
        if t is not None:
            d["title"] = key_of(t)
        put(d, "about", text(s, OG.about))
        put(d, "label", text(s, RDFS.label))
        declared.append(common(s, d, attributes=False))

    activities = []
    for s in ordered(OG.Activity):
        a = {"key": key_of(s), "text": text(s, OG.text) or ""}
        put(a, "number", text(s, SKOS.notation))
        put(a, "deadline", text(s, OG.deadline))
        put(a, "budget_source", text(s, OG.budgetSource))
        put(a, "indicator", text(s, OG.indicator))
        for field, prop in (("responsible", OG.responsible), ("approvers", OG.approvers)):
            h = g.value(s, prop)
            if h is not None:
                a[field] = [key_of(x) for x in Collection(g, h)]
        activities.append(common(s, a, attributes=False))

    warnings = []
    for s in ordered(OG.Warning):
        w = {"code": text(s, OG.code) or "", "message": text(s, RDFS.comment) or ""}
        put(w, "severity", text(s, OG.severity))
        put(w, "subject", text(s, OG.subjectKey))
        warnings.append(common(s, w, attributes=False))

    data = {"organisation": o, "sources": sources, "documents": documents, "versions": versions, "titles": titles, "units": unit_items, "posts": posts,
            "supervision": supervision, "substitution": substitution, "declared": declared,
            "activities": activities, "holders": holders, "warnings": warnings}
    try:
        from graph.loaders.override import owned_keys

        org = OrgFile.model_validate(owned_keys(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{err['msg']} (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1
                         else err["msg"], file=name, key=loc) from None
    found = list(problems(org))
    if found:
        loc, message = found[0]
        raise InputError(message, file=name, key=".".join(str(p) for p in loc))
    return org
