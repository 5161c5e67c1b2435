"""Big org files are validated in chunks and share what they repeat (graph.schema.model.validate)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from graph.bench.synthetic import write_file
from graph.loaders.orgfile import read
from graph.schema import model
from graph.schema.model import OrgFile, validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def compact_everything(monkeypatch):
    monkeypatch.setattr(model, "COMPACT_ABOVE", 0)


def test_small_files_are_not_compacted(monkeypatch, tmp_path):
    monkeypatch.setattr(model, "COMPACT_ABOVE", 1_000)
    path = tmp_path / "s.json"
    write_file(1_000, str(path), seed=3)
    org = read(path)
    assert org.posts[0].__pydantic_fields_set__ is not org.posts[1].__pydantic_fields_set__


def test_validate_equals_model_validate_on_a_seed_file():
    data = yaml.safe_load((REPO / "seed" / "kite.yaml").read_text(encoding="utf-8"))
    assert validate(data) == OrgFile.model_validate(data)


def test_chunks_make_one_list(monkeypatch):
    monkeypatch.setattr(model, "CHUNK", 7)
    data = yaml.safe_load((REPO / "seed" / "kite.yaml").read_text(encoding="utf-8"))
    org = validate(data)
    assert [p.key for p in org.posts] == [p["key"] for p in data["posts"]]
    assert len(org.supervision) == len(data["supervision"]) > 7


def test_invalid_data_fails_as_model_validate_does(monkeypatch):
    monkeypatch.setattr(model, "CHUNK", 2)
    data = {"organisation": {"key": "d", "name": "D"},
            "posts": [{"key": f"d/post/{i}", "name": "P"} for i in range(5)] + [{"key": "d/post/x", "nme": "typo"}]}
    with pytest.raises(ValidationError) as ours:
        validate(data)
    with pytest.raises(ValidationError) as theirs:
        OrgFile.model_validate(data)
    assert ours.value.errors() == theirs.value.errors()
    assert ours.value.errors()[0]["loc"][:2] == ("posts", 5)


def test_repeated_things_are_shared(tmp_path):
    path = tmp_path / "s.json"
    write_file(2_000, str(path), seed=3)
    org = read(path)
    units = {u.key: u.key for u in org.units}
    posts = [p for p in org.posts if p.unit]
    assert all(p.unit is units[p.unit] for p in posts)
    same = [p for p in org.posts if p.model_fields_set == posts[0].model_fields_set]
    assert len(same) > 100 and all(p.__pydantic_fields_set__ is posts[0].__pydantic_fields_set__ for p in same)
    keys = {p.key: p.key for p in org.posts}
    assert all(s.superior is keys[s.superior] for s in org.supervision)


def test_a_big_model_takes_much_less_memory(tmp_path):
    path = tmp_path / "s.json"
    write_file(20_000, str(path), seed=2)
    data = path.read_bytes()

    def traced(build):
        tracemalloc.start()
        try:
            org = build()
            return org, tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()

    plain, plain_bytes = traced(lambda: OrgFile.model_validate_json(data))
    compact, compact_bytes = traced(lambda: read(path))
    assert compact == plain
    assert compact_bytes < 0.7 * plain_bytes, (compact_bytes, plain_bytes)
