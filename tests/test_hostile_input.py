"""Hostile input is bounded (issue 21): each breach the probe found, reproduced and refused.

Every refusal is one InputError naming the file (and the line where there is one);
the CLI turns it into exit 1 and one message, never a traceback or a crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import InputError
from graph.loaders.base import check_limits, load_path
from graph.loaders.guard import MAX_ALIAS_NODES, MAX_DEPTH
from graph.loaders.orgfile import parse_text, read
from graph.schema.limits import SHORT_BYTES
from graph.schema.model import Organisation, OrgFile, Post, Provenance

HEAD = "organisation:\n  key: h\n  name: H\n"


def refused(tmp_path: Path, name: str, content: str | bytes) -> InputError:
    """Write ``content`` to ``name`` and return the InputError loading it raised."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_path(path)
    assert err.value.file is not None and Path(err.value.file).name == name
    return err.value


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


# --------------------------------------------------------------- YAML and JSON structure

BILLION_LAUGHS = HEAD + """  attributes:
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_with_its_line(tmp_path):
    assert len(BILLION_LAUGHS.encode()) < 600  # the probe's 575-byte document, give or take
    err = refused(tmp_path, "lol.yaml", BILLION_LAUGHS)
    assert err.line == 9  # the alias that crosses the budget, in the line of "e:"
    assert f"more than {MAX_ALIAS_NODES:,} nodes" in str(err)


def test_a_few_shared_anchors_are_fine(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text(HEAD + "  attributes:\n    base: &b {x: 1, y: [1, 2]}\n    copy: *b\n")
    org = read(path)
    assert org.organisation.attributes["copy"] == {"x": 1, "y": [1, 2]}


@pytest.mark.parametrize("name,text", [
    ("deep.yaml", "organisation: " + "[" * 30_000),
    ("deep.json", '{"organisation": ' + "[" * 30_000),
    ("dash.yaml", "organisation:\n  attributes:\n    x:\n      " + "- " * 30_000 + "a\n"),
])
def test_deep_nesting_gives_a_message_not_a_segfault(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    # A subprocess: a segfault would kill the test runner itself.
    done = run_cli("load", "--dry-run", str(path))
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"{path}:" in done.stderr and f"nested more than {MAX_DEPTH} levels deep" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name,text,line,key", [
    # The second "posts" would replace the first section whole.
    ("sections.yaml", HEAD + "posts:\n  - {key: h/post/1, name: A}\nposts:\n  - {key: h/post/2, name: B}\n",
     6, "posts"),
    ("field.yaml", HEAD + "posts:\n  - key: h/post/1\n    name: A\n    name: B\n", 7, "name"),
    ("sections.json", '{"organisation": {"key": "h", "name": "H"},\n "posts": [{"key": "h/post/1", "name": "A"}],\n'
                      ' "posts": []}\n', 3, "posts"),
    ("field.json", '{"organisation": {"key": "h",\n "name": "H",\n "name": "I"}}\n', 3, "name"),
])
def test_duplicate_keys_are_refused_with_their_line(tmp_path, name, text, line, key):
    err = refused(tmp_path, name, text)
    assert err.line == line
    assert f"the key {key!r} appears twice" in str(err)


def test_merge_keys_are_not_duplicates(tmp_path):
    path = tmp_path / "merge.yaml"
    path.write_text(HEAD + "  attributes:\n    base: &b {x: 1}\n    more:\n      <<: *b\n      y: 2\n")
    assert read(path).organisation.attributes["more"] == {"x": 1, "y": 2}


def test_a_date_like_name_is_text(tmp_path):
    path = tmp_path / "date.yaml"
    path.write_text("organisation:\n  key: d\n  name: 2020-13-45\n")
    assert read(path).organisation.name == "2020-13-45"
    path.write_text("organisation:\n  key: d\n  name: 2020-12-01\n")
    assert read(path).organisation.name == "2020-12-01"


def test_a_bad_date_where_a_date_belongs_names_line_and_key(tmp_path):
    err = refused(tmp_path, "snap.yaml", HEAD + "  snapshot: 2020-13-45\n")
    assert err.line == 4 and err.key == "organisation.snapshot"


@pytest.mark.parametrize("value,words", [("12", "the number 12"), ("yes", "true/false"), ("1.5", "the number 1.5")])
def test_a_number_where_text_belongs_says_to_quote_it(tmp_path, value, words):
    err = refused(tmp_path, "num.yaml", f"organisation:\n  key: d\n  name: {value}\n")
    assert err.line == 3 and err.key == "organisation.name"
    assert f"expected text, found {words}; put the value in quotes" in str(err)


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!timestamp 2020-01-01", "!!omap [a: 1]"])
def test_tags_beyond_plain_data_are_refused(tmp_path, tag):
    err = refused(tmp_path, "tag.yaml", HEAD + f"  attributes:\n    x: {tag}\n")
    assert err.line == 5 and "is not allowed" in str(err)


def test_an_integer_of_thousands_of_digits_is_a_message(tmp_path):
    err = refused(tmp_path, "digits.yaml", HEAD + "posts:\n  - {key: h/post/1, name: A, headcount: " + "9" * 5000 + "}\n")
    assert err.line == 5


# --------------------------------------------------------------- encodings


def test_invalid_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    err = refused(tmp_path, "bad.yaml", HEAD.encode() + b"posts:\n  - {key: h/post/1, name: \"A\xff\"}\n")
    assert err.line == 5 and "not valid UTF-8 (byte 0xff)" in str(err)


def test_windows_1251_is_named(tmp_path):
    text = HEAD.replace("H\n", "Канцеларија за информационе технологије\n")
    err = refused(tmp_path, "cp.yaml", text.encode("cp1251"))
    assert err.line == 3 and "looks like Windows-1251" in str(err) and "save it as UTF-8" in str(err)


@pytest.mark.parametrize("encoding,word", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_are_named_not_unrecognised(tmp_path, encoding, word):
    err = refused(tmp_path, "wide.yaml", HEAD.encode(encoding))
    assert f"the file is {word}; save it as UTF-8" in str(err)
    assert "cannot tell what kind" not in str(err)


def test_a_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert read(path).organisation.key == "h"


@pytest.mark.parametrize("as_,name", [("municipal-procedure", "proc.txt"), ("action-plan", "plan.txt"),
                                      ("rulebook", "rulebook.txt"), ("georgian", "forms.txt")])
def test_every_text_loader_is_strict_utf8(tmp_path, as_, name):
    path = tmp_path / name
    path.write_bytes("Општина Ражањ\nПравилник\n".encode() + b"line three \xc3\x28\n")
    with pytest.raises(InputError) as err:
        load_path(path, as_=as_)
    assert err.value.file == str(path) and err.value.line == 3 and "not valid UTF-8" in str(err.value)


def test_cli_utf16_is_one_message(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_bytes(HEAD.encode("utf-16"))
    assert main(["load", "--dry-run", str(path)]) == 1


# --------------------------------------------------------------- numbers and sizes


@pytest.mark.parametrize("value", ["1e23", ".nan", ".inf", "-.inf", "-3", "1000001"])
def test_headcounts_are_finite_non_negative_and_sane(tmp_path, value):
    err = refused(tmp_path, "hc.yaml", HEAD + f"posts:\n  - {{key: h/post/1, name: A, headcount: {value}}}\n")
    assert err.line == 5 and err.key == "posts[0].headcount"
    assert "headcount must be a finite number from 0 to 1,000,000" in str(err)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_json_nan_and_infinity_are_refused(tmp_path, value):
    err = refused(tmp_path, "hc.json", '{"organisation": {"key": "h", "name": "H"},\n'
                                       f' "posts": [{{"key": "h/post/1", "name": "A", "headcount": {value}}}]}}\n')
    assert err.line == 2 and "finite number" in str(err)


def test_declared_values_and_ranks_are_bounded(tmp_path):
    err = refused(tmp_path, "decl.yaml", HEAD + "declared:\n  - {subject: h, measure: posts, value: .nan}\n")
    assert err.line == 5 and err.key == "declared[0].value"
    err = refused(tmp_path, "rank.yaml", HEAD + "titles:\n  - {key: rs/x, system: rs, code: x, name: X, "
                                               "rank: 99999999999999999999999}\n")
    assert err.line == 5 and "out of range" in str(err)


def test_attributes_are_bounded_in_depth_and_kind(tmp_path):
    deep = "{a: " * 11 + "1" + "}" * 11
    err = refused(tmp_path, "attr.yaml", HEAD + f"  attributes: {deep}\n")
    assert err.line == 4 and "nested more than 10 levels deep" in str(err)
    err = refused(tmp_path, "attr300.yaml", HEAD + "  attributes: {a: " + "[" * 300 + "]" * 300 + "}\n")
    assert err.line == 4
    err = refused(tmp_path, "attrnan.yaml", HEAD + "  attributes: {x: [1, .nan]}\n")
    assert "not a finite number" in str(err) and err.key == "organisation.attributes.x[1]"


def test_a_name_too_large_for_the_index_is_refused_in_the_dry_run(tmp_path):
    err = refused(tmp_path, "long.yaml", HEAD + "posts:\n  - {key: h/post/1, name: " + "A" * 9000 + "}\n")
    assert err.line == 5 and err.key == "posts[0].name" and f"at most {SHORT_BYTES:,}" in str(err)
    # Georgian is three bytes a character in UTF-8: 1,500 characters are 4,500 bytes.
    err = refused(tmp_path, "ka.yaml", HEAD + "posts:\n  - {key: h/post/1, name: " + "ა" * 1500 + "}\n")
    assert "4,500 bytes" in str(err)
    # A character that folds into many (NFKD) makes the indexed search form long.
    err = refused(tmp_path, "fold.yaml", HEAD + "posts:\n  - {key: h/post/1, name: " + "\ufdfa" * 400 + "}\n")
    assert "search form" in str(err)


@pytest.mark.parametrize("char", ["\\x07", "\\x1b", "\\x00", "\\x85", "\\x9b", "\\t", "\\n", "\\uffff"])
def test_control_characters_in_names_are_refused(tmp_path, char):
    err = refused(tmp_path, "ctrl.yaml", HEAD + f'posts:\n  - {{key: h/post/1, name: "A{char}B"}}\n')
    assert err.line == 5 and err.key == "posts[0].name"
    assert "(U+" in str(err) and "remove it" in str(err)


@pytest.mark.parametrize("name,text", [
    ("sur.yaml", HEAD + 'posts:\n  - {key: h/post/1, name: "A\\ud800B"}\n'),
    ("sur.json", '{"organisation": {"key": "h", "name": "H"},\n "posts": [{"key": "h/post/1", "name": "A\\ud800"}]}'),
])
def test_unpaired_surrogates_are_refused(tmp_path, name, text):
    assert refused(tmp_path, name, text).line == 2 if name.endswith(".json") else 5


def test_the_organisation_key_is_a_slug_without_brackets(tmp_path):
    err = refused(tmp_path, "key.yaml", "organisation:\n  key: a[/]\n  name: A\n")
    assert err.line == 2 and "may not hold [ or ]" in str(err)


def test_long_text_keeps_tabs_and_newlines(tmp_path):
    path = tmp_path / "desc.yaml"
    path.write_text(HEAD + 'posts:\n  - {key: h/post/1, name: A, description: "one\\ttwo\\nthree"}\n')
    assert read(path).posts[0].description == "one\ttwo\nthree"


def test_other_loaders_limits_name_the_document_line(tmp_path):
    org = OrgFile(organisation=Organisation(key="m", name="M"),
                  posts=[Post(key="m/post/1", name="ok", provenance=Provenance(document="doc.txt", line=3)),
                         Post(key="m/post/2", name="bad\x07", provenance=Provenance(document="doc.txt", line=7))])
    with pytest.raises(InputError) as err:
        check_limits(org, tmp_path / "doc.txt")
    assert err.value.file == str(tmp_path / "doc.txt") and err.value.line == 7 and err.value.key == "m/post/2"


def test_the_seed_org_files_pass_the_limits(repo):
    for path in sorted((repo / "seed").glob("*.yaml")):
        assert read(path).organisation.key


# --------------------------------------------------------------- what is printed

HOSTILE = """organisation:
  key: hostile
  name: "Org <script>alert(1)</script> [/] [link=http://evil.invalid]click[/link] :smile:"
units:
  - {key: hostile/1, number: "1", name: "Unit <b>b</b> & \\"q\\" ]]> [bold]x[/bold] `t`", kind: sector}
posts:
  - {key: hostile/post/1, number: "1", name: "Head <script>alert(2)</script> [/]", unit: hostile/1, heads: hostile/1}
  - {key: hostile/post/2, number: "2", name: "Clerk [link=http://evil.invalid]x[/link] | pipe", unit: hostile/1}
supervision:
  - {post: hostile/post/2, superior: hostile/post/1}
warnings:
  - {code: "w[/]", message: "warning [/] <script>x</script>", provenance: {document: "doc[/].txt", line: 3}}
"""


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile[b][link=x].yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_markup_in_names_prints_as_written_and_never_links(hostile, tmp_path):
    # A terminal rich would draw links and styles on, so that rendering is what is tested.
    env = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "300"}
    for args in (["load", "--dry-run", str(hostile)], ["check", "--file", str(hostile)],
                 ["chart", "--file", str(hostile), "-o", str(tmp_path / "c[b][link=x].svg")],
                 ["load", "--dry-run", str(tmp_path / "missing[/][link=x].yaml")]):
        done = run_cli(*args, env=env)
        out = done.stdout + done.stderr
        assert "Traceback" not in out and "MarkupError" not in out, out[-3000:]
        assert "\x1b]8;" not in out  # no OSC 8 hyperlink
        assert done.returncode == (1 if "missing" in args[-1] else 0), out[-3000:]
    assert "warning [/] <script>x</script>" in run_cli("load", "--dry-run", str(hostile), env=env).stderr
    check = run_cli("check", "--file", str(hostile), env=env).stdout
    assert "[link=http://evil.invalid]click[/link] :smile:" in check


def test_reports_escape_names(hostile, tmp_path):
    md, html_ = tmp_path / "r.md", tmp_path / "r.html"
    assert main(["check", "--file", str(hostile), "-o", str(md)]) == 0
    assert main(["check", "--file", str(hostile), "-o", str(html_)]) == 0
    for text in (md.read_text(), html_.read_text()):
        assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "](" not in md.read_text().replace("\\](", "")  # no live Markdown link


def test_svg_escapes_names(hostile, tmp_path):
    out = tmp_path / "c.svg"
    assert main(["chart", "--file", str(hostile), "-o", str(out)]) == 0
    svg = out.read_text()
    assert "<script" not in svg and "&lt;script&gt;alert(2)&lt;/script&gt;" in svg
    assert "<b>" not in svg


def test_dry_run_json_never_prints_nan(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(HEAD + "posts:\n  - {key: h/post/1, name: A, headcount: 0.5}\n")
    done = run_cli("load", "--dry-run", "--json", str(path))
    assert done.returncode == 0 and json.loads(done.stdout)["posts"][0]["headcount"] == 0.5


# --------------------------------------------------------------- NEO4J_URI


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://example.invalid", "127.0.0.1:7687"])
def test_an_unsupported_neo4j_uri_is_one_sentence_exit_2(uri):
    done = run_cli("orgs", env={"NEO4J_URI": uri})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "ModuleNotFoundError" not in done.stderr
    assert done.stderr.startswith(f"error: NEO4J_URI={uri!r}") and "use bolt://" in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2


# --------------------------------------------------------------- the database commands


@pytest.mark.neo4j
def test_every_query_command_prints_hostile_names(hostile, neo4j_settings, tmp_path):
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    c = Connection(neo4j_settings)
    try:
        c.wipe()
        write_org(c, read(hostile))
    finally:
        c.close()
    head, clerk = "hostile/post/1", "hostile/post/2"
    commands = [["orgs"], ["find", "Head"], ["find", "[/]"], ["find", "[link=x]"], ["chain", clerk],
                ["reports", head], ["acting", head], ["span", "hostile"], ["units", "hostile"],
                ["common", head, clerk], ["check", "hostile"], ["chart", "hostile", "-o", str(tmp_path / "h.svg")]]
    env = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "300"}
    for args in commands:
        done = run_cli(*args, env=env)
        out = done.stdout + done.stderr
        assert "Traceback" not in out and "\x1b]8;" not in out, (args, out[-3000:])
        assert done.returncode in (0, 1), (args, out[-3000:])  # 1: find "[/]" finds nothing
    assert "[/]" in run_cli("find", "Head").stdout
