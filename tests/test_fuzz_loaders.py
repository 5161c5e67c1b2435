"""A bounded fuzz test over every loader (issue 21): real inputs, mutated.

Each loader gets a few hundred cases (hypothesis, derandomized: the same cases every
run) made from real inputs -- the repo's seed org files and test fixtures, and the
documents in ../shared when present (read from there, never copied) -- by byte flips,
truncation, deletion, duplication and insertion of hostile fragments (bad UTF-8, NUL,
markup, deep nesting, aliases, huge and non-finite numbers, control characters).

For every case: the loader returns models or raises our InputError and nothing else;
the error names the file, and the line where the error is positional; the model, if
any, dumps to strict JSON. Each loader's cases run in a forked child with its address
space capped at 1 GiB above its start (an explosion is a MemoryError there, not a
machine thrashing), a 10-second alarm per case, and a parent that kills the child
when a case stops the heartbeat (a loop in C that the alarm cannot interrupt); a
segfault is the child's exit code. A few cases go through ``orgraph load --dry-run``
in a subprocess to see the exit code and that no traceback is printed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.loaders.base import load_path
from tools.seedfiles import REPO, shared_dir

CASES = 200
CASE_SECONDS = 10
RSS_LIMIT = 1 << 30  # 1 GiB above what the child starts with

FRAGMENTS: list[bytes] = [f if isinstance(f, bytes) else f.encode("utf-8") for f in [
    b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\x00", b"\x1b[2J", b"\x07", b"\x85",
    b"\r", b"\t", b"\xef\xbb\xbf", b"\xca\xe0\xed\xf6", "[/]", "[link=http://127.0.0.1:1/]x[/link]", "[bold]",
    ":smile:", "<script>alert(1)</script>", "&a [*a, *a, *a, *a]", " *a", "<<: *a", "[" * 100, "{" * 100,
    "[" * 5000, "{a: " * 300, "\n" + "- " * 300 + "x", "\n- ", ": ", "\n  ", "'", '"', "\\", "%YAML 1.1\n---\n",
    "!!binary aGk=", "!!python/object/apply:os.system ['true']", "!!set {a}", "2020-13-45", ".nan", "-.inf",
    "1e400", "-5", "9" * 400, "9" * 5000, "NaN", "Infinity", "-Infinity", "\u202e", "\ufdfa" * 50, "ა" * 1500,
    "A" * 5000, "null", "~", "? [a]: b", "*", "&", "#", "|", ">", "\t\t\t", "Члан 28.", "1.1.1.\tОдсек",
    "ОПШТИНА ", "- број државних службеника 99999999999999999999", "(9-9)", ",,,,,,", '"a","b"\n',
]]
LAUGHS = "{" + ", ".join(f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9 if p else ["lol"] * 9) + "]"
                          for p, c in zip(["", *"abcdefgh"], "abcdefghi")) + "}"
# Whole hostile values, placed where the org file reader takes any value (organisation.attributes),
# so they get past the parser to what builds, validates and prints the model.
PAYLOADS: list[tuple[str, str | None]] = [  # (YAML, JSON or None when JSON cannot say it)
    (LAUGHS, None),
    ("[" * 30_000 + "]" * 30_000, "[" * 30_000 + "]" * 30_000),
    ("{a: " * 300 + "1" + "}" * 300, '{"a": ' * 300 + "1" + "}" * 300),
    ("{a: " * 12 + "1" + "}" * 12, '{"a": ' * 12 + "1" + "}" * 12),
    ("[1, .nan, .inf]", "[1, NaN, Infinity]"),
    ("[1e400]", "[1e400]"),
    ("{k: 1, k: 2}", '{"k": 1, "k": 2}'),
    ("!!binary aGk=", None),
    ('"\\x00\\x1b[2J"', '"\\u0000\\u001b[2J"'),
    ("[" + "9" * 5000 + "]", "[" + "9" * 5000 + "]"),
    ('"[/] [link=http://127.0.0.1:1/]x[/link] <script>"', '"[/] [link=http://127.0.0.1:1/]x[/link] <script>"'),
    ("{" + ", ".join(f"k{i}: {i}" for i in range(20_000)) + "}", None),
]
NUMBER = re.compile(rb"\d+(?:\.\d+)?")
NUMBERS = [b"1e23", b"-1", b"NaN", b".nan", b"1e400", b"99999999999999999999999", b"0", b"-0.0", b"Infinity"]

# Reasons whose cause sits on a line of the file: these errors must name it.
POSITIONAL = ("not valid UTF-8", "not UTF-8", "NUL byte", "not valid YAML", "nested more than", "aliases expand",
              "control character", "unpaired surrogate", "non-character", "bytes long", "characters long",
              "finite number", "out of range", "attribute")


def mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """``data`` changed by each (operation, position, argument)."""
    for op, a, b in ops:
        i = a % (len(data) + 1)
        if op == 0:  # flip a byte
            if data:
                i = min(i, len(data) - 1)
                data = data[:i] + bytes([data[i] ^ (1 + b % 255)]) + data[i + 1:]
        elif op == 1:  # truncate
            data = data[:i]
        elif op == 2:  # insert a hostile fragment
            data = data[:i] + FRAGMENTS[b % len(FRAGMENTS)] + data[i:]
        elif op == 3:  # delete a span
            data = data[:i] + data[i + 1 + b % 300:]
        elif op == 4:  # duplicate a line
            start = data.rfind(b"\n", 0, i) + 1
            end = data.find(b"\n", i)
            end = len(data) if end < 0 else end + 1
            data = data[:start] + data[start:end] * (2 + b % 3) + data[start:]
        elif op == 5:  # a number becomes huge, negative or not a number
            found = list(NUMBER.finditer(data))
            if found:
                m = found[a % len(found)]
                data = data[:m.start()] + NUMBERS[b % len(NUMBERS)] + data[m.end():]
        elif op == 6:  # a fragment at the start of a line
            start = data.rfind(b"\n", 0, i) + 1
            data = data[:start] + FRAGMENTS[b % len(FRAGMENTS)] + data[start:]
        elif op == 7:  # a whole hostile value in the organisation's attributes
            yaml_value, json_value = PAYLOADS[b % len(PAYLOADS)]
            if b'"organisation": {' in data and json_value is not None:
                at = data.index(b'"organisation": {') + len(b'"organisation": {')
                data = data[:at] + b'"attributes": ' + json_value.encode() + b", " + data[at:]
            elif b"organisation:\n" in data:
                at = data.index(b"organisation:\n") + len(b"organisation:\n")
                data = data[:at] + b"  attributes: " + yaml_value.encode() + b"\n" + data[at:]
            else:
                data = data[:i] + yaml_value.encode() + data[i:]
    return data


OP = st.tuples(st.integers(0, 7), st.integers(0, 2 ** 31), st.integers(0, 2 ** 31))
# Half the cases start from a whole hostile value in place (op 7, each payload in turn), then
# add noise; the others are noise alone. Noise alone rarely leaves a document valid enough for
# a payload to reach the model.
OPS = st.one_of(
    st.lists(OP, min_size=1, max_size=6),
    st.builds(lambda p, rest: [(7, 0, p), *rest], st.integers(0, len(PAYLOADS) - 1),
              st.lists(OP, min_size=0, max_size=2)),
)


# ------------------------------------------------------------------ inputs per loader

def _shared(relative: str) -> Path | None:
    path = shared_dir() / relative
    return path if path.exists() else None


def _excerpt(path: Path | None, lines: int) -> list[bytes]:
    if path is None:
        return []
    return [b"\n".join(path.read_bytes().split(b"\n")[:lines])]


def _tests_module(name: str):
    import importlib

    return importlib.import_module(name)  # tests/ is on sys.path (conftest's folder)


def orgfile_yaml_inputs() -> list[bytes]:
    docs = [p.read_bytes() for p in sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))]
    # The seed org files are large: their first 150 lines (truncation is one of the mutations anyway).
    docs += [b"\n".join(p.read_bytes().split(b"\n")[:150]) for p in sorted((REPO / "seed").glob("*.yaml"))]
    return docs


def orgfile_json_inputs() -> list[bytes]:
    docs = [p.read_bytes() for p in sorted((REPO / "tests" / "fixtures").rglob("*.json"))]
    for raw in orgfile_yaml_inputs()[:12]:
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            docs.append(json.dumps(data, ensure_ascii=False, indent=1, default=str).encode())
    return docs


def rulebook_inputs() -> list[bytes]:
    m = _tests_module("test_rulebook_robust")
    real = _shared("seeds/000_52640796b13b3b18.txt")
    return [(m.HEAD + m.LIST).encode()] * 5 + ([real.read_bytes()] if real else [])


def georgian_inputs() -> list[bytes]:
    m = _tests_module("test_georgian")
    real = _shared("seeds/003_80ee688c297bddd5.txt")
    return [m.synthetic(5).encode(), m.synthetic(2).encode()] * 3 + ([real.read_bytes()] if real else [])


PROCEDURE = """ГРАДСКА ОПШТИНА ПРИМЕР\tСИСТЕМ МЕНАЏМЕНТА КВАЛИТЕТОМ\tП 01

РАД ОДЕЉЕЊА ЗА ИНФОРМАЦИОНЕ ТЕХНОЛОГИЈЕ

4.\tОдговорности и овлашћења
Руководилац Одељења за информационе технологије одговара за рад Одељења и одговара Начелнику Управе
Градске општине Пример.
Извршилац обавља послове одржавања информационог система по налогу руководиоца.
5.\tОпис процедуре
Веће Градске општине усваја план, Скупштина општине Пример доноси одлуке.
"""


def procedure_inputs() -> list[bytes]:
    real = _shared("seeds/001_161439a61d3169c7.txt")
    return [PROCEDURE.encode()] * 3 + ([real.read_bytes()] if real else [])


def plan_inputs() -> list[bytes]:
    m = _tests_module("test_municipal")
    real = _shared("seeds/002_8ccafc34fd02f727.txt")
    # The real plan costs ~0.3 s a read: one case in seven.
    return [m.SYNTHETIC.encode()] * 6 + ([real.read_bytes()] if real else [])


def uk_inputs() -> list[tuple[bytes, bytes]]:
    m = _tests_module("test_uk_loader")
    senior = (m.SENIOR_HEAD + '"A1","Ann","SCS3","Chief","Runs it","Dept","Demo Body","Top","xx","1"\n'
              '"A2","Bo","SCS2","Director","Line","Dept","Demo Body","Ops","A1","1"\n'
              '"A3","N/D","SCS1","Deputy","","Dept","Demo Body","Ops","A2","0.5"\n')
    junior = m.JUNIOR_HEAD + '"Dept","Demo Body","Ops","A2","HEO","Analyst","3.5"\n'
    pairs = [(senior.encode(), junior.encode())] * 3
    for stem in ("british_transport_police_authority-2011-09-30", "criminal_cases_review_commission-2011-09-30"):
        s, j = _shared(f"data/uk-organograms/{stem}-senior.csv"), _shared(f"data/uk-organograms/{stem}-junior.csv")
        if s and j:
            pairs.append((s.read_bytes(), j.read_bytes()))
    return pairs


# ------------------------------------------------------------------ one case


def check_case(load: Callable[[], list], files: list[Path]) -> bool:
    """Run one load and hold it to the rules; raise AssertionError (or the stray exception).
    True when the input was refused."""
    try:
        models = load()
    except InputError as exc:
        names = {f.name for f in files}
        assert exc.file, f"an error without a file: {exc}"
        assert Path(exc.file).name in names, f"the error names {exc.file!r}, not the file read: {exc}"
        if any(word in exc.reason for word in POSITIONAL):
            assert exc.line is not None, f"a positional error without a line: {exc}"
        assert "\n" not in str(exc).strip(), f"a message of several lines: {exc}"
        return True
    for org in models:
        json.dumps(org.dump(), allow_nan=False, ensure_ascii=False)  # strict JSON: no NaN, all encodable
    return False


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout(f"a case ran over {CASE_SECONDS} s")


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _child(body: Callable[[Path], None], workdir: Path) -> None:
    """In the forked child: cap memory, run the hypothesis test, write the verdict."""
    result = workdir / "result"
    try:
        cap = _vm_size() + RSS_LIMIT
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        signal.signal(signal.SIGALRM, _alarm)
        start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        body(workdir)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss) * 1024
        assert grown < RSS_LIMIT, f"the peak RSS grew by {grown >> 20} MiB"
        assert STATS["cases"] >= CASES, f"only {STATS['cases']} cases ran"
        result.write_text(f"ok: {STATS['cases']} cases, {STATS['refused']} refused, slowest "
                          f"{STATS['slowest']:.2f} s, peak RSS grew by {grown >> 20} MiB")
        code = 0
    except BaseException:  # noqa: BLE001 - everything is the verdict, reported by the parent
        case = (workdir / "case").read_bytes()[:2000] if (workdir / "case").exists() else b""
        result.write_text(f"{traceback.format_exc()}\nthe last case (first 2,000 bytes): {case!r}")
        code = 1
    os._exit(code)


def run_isolated(body: Callable[[Path], None], workdir: Path) -> str:
    """Run ``body(workdir)`` in a forked child; fail on a hang, a crash or a failed case."""
    beat = workdir / "beat"
    beat.write_text("")
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(body, workdir))
    proc.start()
    while proc.is_alive():
        proc.join(1)
        if proc.is_alive() and time.time() - beat.stat().st_mtime > CASE_SECONDS + 5:
            proc.kill()
            proc.join()
            case = (workdir / "case").read_bytes()[:300] if (workdir / "case").exists() else b"?"
            pytest.fail(f"a case hung past {CASE_SECONDS} s (not interruptible): {case!r}...")
    result = (workdir / "result").read_text() if (workdir / "result").exists() else ""
    assert proc.exitcode == 0, f"the child exited with {proc.exitcode} (negative: killed by a signal)\n{result}"
    return result


STATS = {"cases": 0, "refused": 0, "slowest": 0.0}


def _run(workdir: Path, files: list[Path], contents: list[bytes], load: Callable[[], list]) -> None:
    """Write one case and check it, under the alarm, with the heartbeat."""
    STATS["cases"] += 1
    (workdir / "case").write_bytes(contents[0])
    os.utime(workdir / "beat")
    for path, data in zip(files, contents):
        path.write_bytes(data)
    signal.alarm(CASE_SECONDS)
    started = time.monotonic()
    try:
        STATS["refused"] += check_case(load, files)
    finally:
        signal.alarm(0)
        STATS["slowest"] = max(STATS["slowest"], time.monotonic() - started)


# ------------------------------------------------------------------ the tests, one per loader

SINGLE = [
    ("orgfile-yaml", orgfile_yaml_inputs, "case.yaml", None),
    ("orgfile-json", orgfile_json_inputs, "case.json", None),
    ("rulebook", rulebook_inputs, "case.txt", "rulebook"),
    ("georgian", georgian_inputs, "case.txt", "georgian"),
    ("municipal-procedure", procedure_inputs, "case.txt", "municipal-procedure"),
    ("action-plan", plan_inputs, "case.txt", "action-plan"),
]


def _fuzz_settings():
    return settings(max_examples=CASES, derandomize=True, database=None, deadline=None, print_blob=False,
                    suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("name,inputs,file_name,as_", SINGLE, ids=[s[0] for s in SINGLE])
def test_fuzz_single_file_loader(tmp_path, name, inputs, file_name, as_):
    docs = inputs()
    assert docs, f"no inputs for {name}"

    def body(workdir: Path) -> None:
        path = workdir / file_name

        @_fuzz_settings()
        @given(doc=st.sampled_from(docs), ops=OPS)
        def case(doc, ops):
            # Org files are detected as the CLI would; documents are named, so a mutation
            # that breaks the sniffed phrase still reaches the loader.
            _run(workdir, [path], [mutate(doc, ops)], lambda: load_path(path, as_=as_))

        case()

    print(name, run_isolated(body, tmp_path))


def test_fuzz_uk_csv_pair(tmp_path):
    pairs = uk_inputs()

    def body(workdir: Path) -> None:
        senior = workdir / "body-2015-03-31-senior.csv"
        junior = workdir / "body-2015-03-31-junior.csv"

        @_fuzz_settings()
        @given(pair=st.sampled_from(pairs), ops=OPS, which=st.sampled_from([0, 1]))
        def case(pair, ops, which):
            contents = list(pair)
            contents[which] = mutate(contents[which], ops)
            _run(workdir, [senior, junior], contents, lambda: load_path(senior, as_="uk"))

        case()

    print("uk", run_isolated(body, tmp_path))


# ------------------------------------------------------------------ through the CLI

CLI_CASES = [
    ("hostile.yaml", lambda: orgfile_yaml_inputs()[0], [(2, 40, FRAGMENTS.index(b"\xff")), (6, 90, 23)]),
    ("deep.json", lambda: orgfile_json_inputs()[0], [(2, 1, FRAGMENTS.index(("[" * 5000).encode()))]),
    ("laughs.yaml", lambda: orgfile_yaml_inputs()[1], [(6, 10 ** 6, FRAGMENTS.index(b"&a [*a, *a, *a, *a]"))]),
    ("markup.yaml", lambda: orgfile_yaml_inputs()[2], [(2, 200, FRAGMENTS.index(b"[/]")), (2, 260, 15)]),
    ("rulebook.txt", lambda: rulebook_inputs()[-1], [(2, 3000, FRAGMENTS.index(b"\xc3\x28")), (1, 60_000, 0)]),
    ("forms.txt", lambda: georgian_inputs()[-1], [(5, 7, 1), (0, 500, 3), (2, 9000, FRAGMENTS.index(b"\x00"))]),
    ("plan.txt", lambda: plan_inputs()[0], [(2, 100, FRAGMENTS.index(b"\x1b[2J")), (3, 50, 20)]),
]


@pytest.mark.parametrize("name,doc,ops", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_fuzz_cases_through_the_cli(tmp_path, name, doc, ops):
    path = tmp_path / name
    path.write_bytes(mutate(doc(), ops))
    as_ = {"rulebook.txt": "rulebook", "forms.txt": "georgian", "plan.txt": "action-plan"}.get(name)
    cap = _vm_size() + RSS_LIMIT

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run([sys.executable, "-m", "graph.cli", "load", "--dry-run", *(["--as", as_] if as_ else []),
                           str(path)], capture_output=True, text=True, timeout=120, preexec_fn=limits)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-3000:])
    if done.returncode == 1:
        assert done.stderr.startswith(f"error: {path}"), done.stderr[-3000:]
        assert len(done.stderr.strip().splitlines()) <= 3


def test_the_mutations_are_hostile():
    """The operators do what the fuzz relies on (a broken operator would make the fuzz a no-op)."""
    doc = b"a: 1\nb: [2, 3]\n"
    assert mutate(doc, [(1, 4, 0)]) == b"a: 1"
    assert mutate(doc, [(2, 0, 0)]) == b"\xff" + doc
    assert mutate(doc, [(5, 0, 0)]) == b"a: 1e23\nb: [2, 3]\n"
    assert mutate(doc, [(4, 0, 0)]) == b"a: 1\na: 1\n" + doc
    assert mutate(b"organisation:\n  key: x\n", [(7, 0, 0)]).startswith(b"organisation:\n  attributes: {a: &a [lol")
    assert mutate(b'{"organisation": {"key": "x"}}', [(7, 0, 1)]).startswith(b'{"organisation": {"attributes": [[[')
    rng = random.Random(1)
    changed = sum(mutate(doc, [(rng.randrange(8), rng.randrange(99), rng.randrange(99))]) != doc for _ in range(50))
    assert changed >= 40
