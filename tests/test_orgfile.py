"""The org file: the interchange format every loader produces and a person can write."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from graph.cli import main
from graph.errors import InputError
from graph.loaders.orgfile import parse_text, read, write
from graph.schema.model import json_schema

FIX = Path(__file__).parent / "fixtures"

BAD = [
    # file, line named in the message, words the message must contain
    ("malformed.yaml", 6, "not valid YAML"),
    ("unknown_field.yaml", 7, "unknown field"),
    ("missing_field.yaml", 5, "required field missing"),
    ("unknown_unit.yaml", 8, "does not exist"),
    ("duplicate_key.yaml", 7, "two entries have the key 'bad/post/2'"),
    ("unknown_superior.json", 9, "'bad/post/9', which does not exist"),
]


@pytest.mark.parametrize("name,line,words", BAD)
def test_bad_input_names_file_and_line(name, line, words):
    path = FIX / "bad" / name
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.file == str(path)
    assert err.value.line == line
    assert words in str(err.value)


@pytest.mark.parametrize("name,line,words", BAD)
def test_bad_input_cli_exit_1_one_message(name, line, words, capsys):
    path = FIX / "bad" / name
    assert main(["load", "--dry-run", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}" in err and words in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2  # one message (rich may wrap it once)


def test_published_schema_is_current(repo):
    committed = json.loads((repo / "graph" / "schema" / "orgfile.schema.json").read_text())
    assert committed == json_schema(), "regenerate with: orgraph schema > graph/schema/orgfile.schema.json"


def test_hand_written_file_validates_against_published_schema():
    data = yaml.safe_load((FIX / "tiny.yaml").read_text())
    jsonschema.validate(data, json_schema())
    data["posts"][0]["salary"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_yaml_and_json_round_trip(tmp_path):
    org = read(FIX / "tiny.yaml")
    for suffix in (".yaml", ".json"):
        out = tmp_path / f"tiny{suffix}"
        write(org, out)
        assert read(out) == org


def test_awkward_names_survive(tmp_path):
    org = read(FIX / "tiny.yaml")
    assert org.posts[3].name == 'Систем аналитичар "A" {x} \\ MATCH'


def test_dry_run_json_prints_the_model(capsys):
    assert main(["load", "--dry-run", "--json", str(FIX / "tiny.yaml")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["organisation"]["key"] == "tiny"
    assert [p["key"] for p in data["posts"]] == ["tiny/post/1", "tiny/post/2", "tiny/post/3", "tiny/post/4"]


def test_not_a_mapping():
    with pytest.raises(InputError, match="mapping"):
        parse_text("- 1\n- 2\n", "list.yaml")


def test_undetectable_document(tmp_path, capsys):
    p = tmp_path / "notes.txt"
    p.write_text("just some notes\n")
    assert main(["load", "--dry-run", str(p)]) == 1
    assert "--as" in capsys.readouterr().err
