"""One table of references through every command that takes a post (or a unit), via the real
CLI on the real Neo4j with the seed files loaded: each reference names the same post, or gives
the same error with the same exit code, in every command."""

from __future__ import annotations

import json
from typing import Callable

import pytest

from graph.cli import main
from tools.seedfiles import SEED_DIR

pytestmark = pytest.mark.neo4j

SEEDS = ["kite", "ge-moh", "razanj", "stari-grad"]
# A second post of each organisation, for the commands that take two.
OTHER = {"kite": "kite/post/3", "ge-moh": "ge-moh/post/1", "razanj": "razanj/post/it-administrator", None: "kite/post/3"}

# (organisation named with --org / ORG or None, what the user types, the post's key or the error)
# An error is (exit code, what the message says; for ambiguity, the candidates' keys).
POSTS = [
    ("kite", "9", "kite/post/9"),                                        # number
    (None, "kite/post/9", "kite/post/9"),                                # key, no --org needed
    ("kite", "kite/post/71a", "kite/post/71a"),                          # key with its --org
    ("kite", "71a", "kite/post/71a"),                                    # number with a letter
    ("kite", "Zamenik direktora Kancelarije", "kite/post/2"),            # Latin name
    ("kite", "Заменик директора Канцеларије", "kite/post/2"),            # Cyrillic name
    ("kite", "ZAMENIK DIREKTORA", "kite/post/2"),                        # name prefix, any case
    ("kite", "Direktor", "kite/post/1"),                                 # begins with the word
    (None, "Direktor", "kite/post/1"),                                   # ... unique across bodies
    ("razanj", "Načelnik opštinske uprave", "razanj/post/nacelnik-ou"),  # an alias the plan gives
    ("ge-moh", "უფროსი სპეციალისტი", "ge-moh/post/7"),                  # Georgian, exact before contains
    ("kite", "999", (1, "no post numbered 999 in kite")),                # unknown number
    ("ge-moh", "1", (1, "no post numbered 1 in ge-moh")),                # never "form at line 918"
    ("ge-moh", "kite/post/9", (1, "post 'kite/post/9' is not in ge-moh: its key is of organisation 'kite'")),
    ("kite", "Нико такав", (1, "no post matches 'Нико такав' in kite")),
    ("kite", "Pomoćnik direktora", (2, ["kite/post/3", "kite/post/27", "kite/post/43", "kite/post/60",
                                        "kite/post/66", "kite/post/75"])),  # ambiguous name
]


def _org(org: str | None) -> list[str]:
    return ["--org", org] if org else []


def _post(data: dict) -> str:
    return data["post"]["key"]


# command name -> (argv for a reference, how to read the resolved post's key from its --json answer)
COMMANDS: dict[str, tuple[Callable[[str | None, str, str], list[str]], Callable[[dict], str]]] = {
    "chain": (lambda org, ref, tmp: ["chain", ref, *_org(org)], _post),
    "chain --all": (lambda org, ref, tmp: ["chain", "--all", ref, *_org(org)], _post),
    "common (first)": (lambda org, ref, tmp: ["common", ref, OTHER[org], *_org(org)], lambda d: d["first"]["key"]),
    "common (second)": (lambda org, ref, tmp: ["common", OTHER[org], ref, *_org(org)], lambda d: d["second"]["key"]),
    "reports": (lambda org, ref, tmp: ["reports", ref, *_org(org)], _post),
    "acting": (lambda org, ref, tmp: ["acting", ref, *_org(org)], _post),
    "acting --reverse": (lambda org, ref, tmp: ["acting", "--reverse", ref, *_org(org)], _post),
    "acting --absent": (lambda org, ref, tmp: ["acting", OTHER[org], "--absent", ref, *_org(org)],
                        lambda d: d["absent"][0]["key"]),
    "chart --around": (lambda org, ref, tmp: ["chart", *([org] if org else []), "--around", ref, "-o", tmp],
                       lambda d: d["around"]),
    "approves": (lambda org, ref, tmp: ["approves", ref, *_org(org)], lambda d: d["actor"]["key"]),
    "responsible": (lambda org, ref, tmp: ["responsible", ref, *_org(org)], lambda d: d["actor"]["key"]),
    "deadlines --role": (lambda org, ref, tmp: ["deadlines", *([org] if org else []), "--role", ref],
                         lambda d: d["actor"]["key"]),
}


@pytest.fixture(scope="module")
def seeded(neo4j_settings):
    """The seed files, loaded once through the CLI; every test here only reads."""
    from graph.store.connection import Connection

    with Connection(neo4j_settings) as conn:
        conn.wipe()
    assert main(["load", *(str(SEED_DIR / f"{name}.yaml") for name in SEEDS)]) == 0


def _run(argv: list[str], capsys) -> tuple[int, dict | None, str]:
    capsys.readouterr()
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err, out.err
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def _outcome(argv: list[str], read: Callable[[dict], str], capsys):
    """The post's key, or (exit code, error message or the candidates' keys)."""
    code, data, err = _run(argv, capsys)
    if code == 0:
        return read(data)
    if code == 2:
        assert data and data["error"] == "ambiguous", (argv, err)
        return 2, [c["key"] for c in data["candidates"]]
    return code, err.strip()


def _answers(commands: dict, org: str | None, ref: str, option: list[str], read_file, capsys, tmp_path) -> dict:
    """Every command's outcome for one reference; with an organisation, also a chart straight
    from its seed file (the same ladder over the org model, without the database)."""
    answers = {name: _outcome(argv(org, ref, str(tmp_path / "c.svg")), read, capsys)
               for name, (argv, read) in commands.items()}
    if org:
        answers["chart --file"] = _outcome(["chart", "--file", str(SEED_DIR / f"{org}.yaml"), *option, ref,
                                            "-o", str(tmp_path / "f.svg")], read_file, capsys)
    return answers


def _assert_all(answers: dict, expected) -> None:
    for name, got in answers.items():
        if isinstance(expected, str) or expected[0] == 2:
            assert got == expected, f"{name}: {got!r}"
        else:
            code, message = expected
            assert got[0] == code and f"error: {message}" in got[1], f"{name}: {got!r}"


@pytest.mark.parametrize("org,ref,expected", POSTS, ids=[f"{o or '-'}:{r}" for o, r, _ in POSTS])
def test_a_reference_names_the_same_post_in_every_command(seeded, org, ref, expected, capsys, tmp_path):
    answers = _answers(COMMANDS, org, ref, ["--around"], lambda d: d["around"], capsys, tmp_path)
    _assert_all(answers, expected)


UNITS = [
    ("kite", "1.1", "kite/1.1"),
    ("kite", "1.1.", "kite/1.1"),
    (None, "kite/1.1", "kite/1.1"),
    ("kite", "Odeljenje za portale i servise", "kite/1.1"),
    ("kite", "Одељење за портале и сервисе", "kite/1.1"),
    ("kite", "Odeljenje za portale", "kite/1.1"),
    ("razanj", "Opštinske veće", "razanj/u/opstinsko-vece"),  # an alias the plan gives
    ("kite", "9.9", (1, "no unit numbered 9.9 in kite")),
    ("kite", "Odsek za projektovanje i implementaciju", (2, ["kite/1.1.2", "kite/1.2.2"])),
]

# The unit overview: the tree layout cannot yet draw a unit without posts (Општинско веће), and
# the overview resolves --unit through the same ladder.
UNIT_CHART = ["--units-only", "--unit"]
UNIT_COMMANDS: dict[str, tuple[Callable[[str | None, str, str], list[str]], Callable[[dict], str]]] = {
    "span": (lambda org, ref, tmp: ["span", ref, *_org(org)], lambda d: d["scope"]["unit"]),
    "chart --unit": (lambda org, ref, tmp: ["chart", *([org] if org else []), *UNIT_CHART, ref, "-o", tmp],
                     lambda d: d["unit"]),
}


@pytest.mark.parametrize("org,ref,expected", UNITS, ids=[f"{o or '-'}:{r}" for o, r, _ in UNITS])
def test_a_reference_names_the_same_unit_in_every_command(seeded, org, ref, expected, capsys, tmp_path):
    _assert_all(_answers(UNIT_COMMANDS, org, ref, UNIT_CHART, lambda d: d["unit"], capsys, tmp_path), expected)


def test_a_plan_role_that_is_no_post_is_a_unit(seeded, capsys):
    # approves/responsible take a post as every command does, else a unit or body of the plan.
    code, data, _ = _run(["approves", "Opštinsko veće", "--org", "razanj"], capsys)
    assert code == 0 and data["actor"]["key"] == "razanj/u/opstinsko-vece" and data["actor"]["label"] == "unit"
    assert [a["number"] for a in data["activities"]] == ["1.3.2", "1.3.3", "1.3.4", "5.1.3"]
    code, _, err = _run(["chain", "Opštinsko veće", "--org", "razanj"], capsys)
    assert code == 1 and "no post matches 'Opštinsko veće' in razanj" in err
