"""Read-back (graph/store/reader.py): the models it builds without validating are the ones validation builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, field_validator

from graph.store import reader as export
from graph.errors import NotFound
from graph.store.reader import read_org
from graph.loaders.orgfile import read
from graph.schema.model import (Organisation, OrgFile, Post, Provenance, Substitution, Supervision, Unit)
from graph.store.writer import write_org

FIX = Path(__file__).parent / "fixtures"


def odd_body() -> OrgFile:
    """Every field of the big sections set, left out or at an unusual value somewhere."""
    prov = Provenance(document="odd.txt", line=3)
    units = [Unit(key="odd/1", number="1", name="Сектор", kind="sector", provenance=prov,
                  attributes={"code": "S1", "n": [1, 2]}),
             Unit(key="odd/1.1", name="Одсек", parent="odd/1")]
    posts = [Post(key="odd/post/1", number="1", name="Директор", provenance=prov),
             Post(key="odd/post/2", number="2a", name="Шеф", unit="odd/1.1", heads="odd/1.1",
                  headcount=2.5, title="rs/savetnik", title_as_written="Саветник", description="опис",
                  conditions="услови",
                  attributes={"grade": "x"}, provenance=Provenance(document="odd.txt")),
             Post(key="odd/post/3", name="Део", unit="odd/1", headcount=None, partial=True),
             Post(key="odd/post/4", name="Изјава", headcount=0, declared_only=True)]
    supervision = [Supervision(post="odd/post/2", superior="odd/post/1", note="напомена", provenance=prov),
                   Supervision(post="odd/post/3", superior="odd/post/2", kind="secondary", basis="derived"),
                   Supervision(post="odd/post/4", superior="odd/post/1", kind="accountability")]
    substitution = [Substitution(principal="odd/post/1", substitute="odd/post/2", order=2, provenance=prov),
                    Substitution(principal="odd/post/2", substitute_text="неко", basis="derived")]
    return OrgFile(organisation=Organisation(key="odd", name="Тело"), units=units, posts=posts,
                   supervision=supervision, substitution=substitution)


def test_read_back_models_are_those_validation_builds(conn):
    org = odd_body()
    write_org(conn, org)
    back = read_org(conn, "odd")
    assert back == org
    for section, cls in (("units", Unit), ("posts", Post), ("supervision", Supervision),
                         ("substitution", Substitution)):
        built = getattr(back, section)
        validated = TypeAdapter(list[cls]).validate_python([m.model_dump() for m in built])
        for b, v in zip(built, validated, strict=True):
            assert type(b) is cls
            # The same fields in the same order, with values of the same types (int stays int).
            assert [(k, type(x), x) for k, x in b.__dict__.items() if k != "provenance"] == \
                   [(k, type(x), x) for k, x in v.__dict__.items() if k != "provenance"]
            assert b.__pydantic_extra__ is None and b.__pydantic_private__ is None
            assert b.model_fields_set == set(cls.model_fields)
            if v.provenance is not None:
                assert type(b.provenance) is Provenance and b.provenance.__dict__ == v.provenance.__dict__
    assert back.model_dump(mode="json") == org.model_dump(mode="json")


def test_read_back_shares_fields_sets_and_repeated_strings(conn):
    write_org(conn, odd_body())
    back = read_org(conn, "odd")
    assert len({id(p.__pydantic_fields_set__) for p in back.posts}) == 1
    assert len({id(s.provenance.__pydantic_fields_set__) for s in back.supervision if s.provenance}) == 1
    posts = {p.key: p for p in back.posts}
    for s in back.supervision:
        assert s.post is posts[s.post].key and s.superior is posts[s.superior].key
    assert back.posts[1].unit is back.units[1].key


def test_read_back_in_many_small_chunks_keeps_the_order(conn, monkeypatch):
    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    monkeypatch.setattr(export, "CHUNK", 1)
    assert read_org(conn, "tiny") == org


def test_read_back_follows_the_document_order_not_the_store_order(conn):
    org = odd_body()
    write_org(conn, org)
    # A reload keeps the nodes it finds: the store then holds them in the first load's order.
    turned = org.model_copy(update={section: getattr(org, section)[::-1]
                                    for section in ("units", "posts", "supervision", "substitution")})
    write_org(conn, turned)
    assert read_org(conn, "odd") == turned


def test_a_model_that_validation_would_change_is_validated(conn, monkeypatch):
    class Shouting(Post):
        @field_validator("name")
        @classmethod
        def upper(cls, v: str) -> str:
            return v.upper()

    assert export._plain_model(Post) and not export._plain_model(Shouting)
    monkeypatch.setitem(export._MODELS, "posts", (export._posts, Shouting))
    monkeypatch.setitem(export._ADAPTERS, Shouting, TypeAdapter(list[Shouting]))
    monkeypatch.setitem(export._CONSTRUCT, Shouting, False)
    write_org(conn, read(FIX / "tiny.yaml"))
    assert [p.name for p in read_org(conn, "tiny").posts][0] == "ДИРЕКТОР"


def test_an_organisation_not_loaded_is_not_found(conn):
    with pytest.raises(NotFound, match="not loaded"):
        read_org(conn, "nowhere")
