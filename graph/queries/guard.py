"""What the read-only console lets through, judged the way Neo4j reads the text.

Neo4j 5.26 turns every ``\\uXXXX`` into its character before it parses a
query (inside strings, names, comments and between tokens alike), so a screen
that reads the raw text can be fooled: ``\\u0027`` is a quote to the server.
This module therefore

1. decodes the escapes exactly as the server does (:func:`decode_escapes`);
2. bounds the size of what is sent (:func:`check_size`): the server's parser
   recurses per term, and a 30,000-term expression blocks it for minutes;
3. lexes the decoded text (:func:`tokens`) to find procedure and namespaced
   function calls outside the allow-lists and ``USE`` of another database;
4. walks the plan ``EXPLAIN`` returns (:func:`plan_violation`), the
   server's own parse: LOAD CSV, procedure calls outside the allow-list,
   SHOW/TERMINATE commands, administration and schema commands, ``CALL { }
   IN TRANSACTIONS`` and operators of another database are refused there
   whatever the text looked like.

Steps 1-3 are first screens only; step 4 is the verdict.

Verified on Neo4j 5.26 (tests/test_console_security.py): ``\\u`` needs exactly
four hex digits (anything else is a syntax error); a backslash preceded by an
odd number of backslashes does not start an escape (``\\\\u0027`` stays text);
decoding is one pass (``\\u005c\\u0075...`` does not decode twice); ``\\U`` with
eight digits is not an escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Limits on what is sent to the server at all. Legitimate ad hoc queries are a few
# hundred tokens; long value lists belong in parameters (-p keys:json=[...]).
MAX_CHARS = 100_000
MAX_TOKENS = 5_000
MAX_DEPTH = 64

# Read-only procedures the console may call (Community 5.26 built-ins).
PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})
# Namespaced built-in functions of Neo4j 5.26 (SHOW FUNCTIONS ... WHERE name CONTAINS '.').
# Functions without a namespace are all built in: Neo4j refuses user-defined functions
# in the root namespace. Any other namespaced function is user-defined (a plugin's:
# apoc.cypher.runFirstColumn runs arbitrary Cypher) and is refused.
FUNCTIONS = frozenset(name.lower() for name in (
    *(f"{t}.{f}" for t in ("date", "datetime", "localdatetime", "localtime", "time")
      for f in ("realtime", "statement", "transaction", "truncate")),
    "datetime.fromepoch", "datetime.fromepochmillis",
    "duration.between", "duration.inDays", "duration.inMonths", "duration.inSeconds",
    "graph.byElementId", "graph.byName", "point.distance", "point.withinBBox",
    "vector.similarity.cosine", "vector.similarity.euclidean",
))

_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")


class GuardError(Exception):
    """The text is refused before it reaches the server; ``str()`` says why."""

    def __init__(self, message: str, *, readonly: bool = True):
        super().__init__(message)
        self.readonly = readonly  # False: not a write, but text the console will not send


def decode_escapes(text: str) -> str:
    r"""The query as Neo4j's parser sees it: every eligible ``\uXXXX`` replaced by its character.

    A backslash starts an escape only after an even number of backslashes
    (as in Java), and a decoded backslash never starts another one.

    >>> decode_escapes(r"WITH '\u0027 AS a")
    "WITH '' AS a"
    >>> decode_escapes(r"RETURN '\\u0027'") == r"RETURN '\\u0027'"
    True
    >>> decode_escapes(r"RETURN '\\\u0041'") == r"RETURN '\\A'"
    True
    """
    if "\\" not in text:
        return text
    out, i, n, run = [], 0, len(text), 0
    while i < n:
        ch = text[i]
        if ch == "\\" and run % 2 == 0 and text.startswith("u", i + 1):
            digits = text[i + 2:i + 6]
            if not _HEX4.fullmatch(digits):
                raise GuardError(f"`\\u` at offset {i} is not followed by four hexadecimal digits "
                                 "(Neo4j refuses it as well)", readonly=False)
            out.append(chr(int(digits, 16)))
            i += 6
            run = 0
            continue
        run = run + 1 if ch == "\\" else 0
        out.append(ch)
        i += 1
    decoded = "".join(out)
    try:  # \uD83D\uDE00: a surrogate pair is one character to the server
        return decoded.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return decoded


@dataclass(frozen=True)
class Token:
    kind: str  # "name" (bare or back-quoted), "string", "number", "param", "punct"
    text: str
    quoted: bool = False


_SPACE = re.compile(r"\s+")
_NAME = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"\d[\w.]*")
_PARAM = re.compile(r"\$(`[^`]*`|\w+)")


def tokens(text: str, stop: int | None = None) -> list[Token]:
    """Tokens of decoded Cypher, comments dropped; an unterminated literal runs to the end.

    With ``stop``, at most that many (a size check need not read a huge text to the end).

    >>> [t.text for t in tokens("CALL `db.stats`.retrieve('Q') // x")]
    ['CALL', 'db.stats', '.', 'retrieve', '(', 'Q', ')']
    """
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n and (stop is None or len(out) < stop):
        ch = text[i]
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if ch in "'\"":
            j, buf = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            out.append(Token("string", "".join(buf)))
            i = j + 1
            continue
        if ch == "`":
            j, buf = i + 1, []
            while j < n:
                if text[j] == "`":
                    if text.startswith("``", j):
                        buf.append("`")
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            out.append(Token("name", "".join(buf), quoted=True))
            i = j + 1
            continue
        for kind, rx in (("name", _NAME), ("number", _NUMBER), ("param", _PARAM)):
            m = rx.match(text, i)
            if m:
                out.append(Token(kind, m.group()))
                i = m.end()
                break
        else:
            out.append(Token("punct", ch))
            i += 1
    return out


def check_length(text: str) -> None:
    """:class:`GuardError` if ``text`` is longer than :data:`MAX_CHARS` (checked before decoding it)."""
    if len(text) > MAX_CHARS:
        raise GuardError(f"the query is {len(text):,} characters long; the console takes at most {MAX_CHARS:,} "
                         "(pass long value lists as parameters: -p keys:json=[...])", readonly=False)


def check_size(text: str) -> list[Token]:
    """The tokens of ``text`` (already decoded), or :class:`GuardError` if it is too big or too deep."""
    check_length(text)
    toks = tokens(text, stop=MAX_TOKENS + 1)
    if len(toks) > MAX_TOKENS:
        raise GuardError(f"the query has more than {MAX_TOKENS:,} tokens, the most the console takes "
                         "(pass long value lists as parameters: -p keys:json=[...])", readonly=False)
    depth = deepest = 0
    for t in toks:
        if t.kind == "punct" and t.text in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise GuardError(f"the query nests brackets {deepest} deep; the console takes at most {MAX_DEPTH}",
                         readonly=False)
    return toks


def _dotted(toks: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at token ``i`` (``db . stats . retrieve``) and the index after it."""
    parts = [toks[i].text]
    j = i + 1
    while j + 1 < len(toks) and toks[j].kind == "punct" and toks[j].text == "." and toks[j + 1].kind == "name":
        parts.append(toks[j + 1].text)
        j += 2
    return ".".join(parts), j


def text_violation(toks: list[Token], database: str) -> str | None:
    """A procedure, namespaced function or ``USE`` the console refuses, read from the tokens; or None.

    >>> text_violation(tokens("CALL db.labels() YIELD label RETURN label"), "neo4j")
    >>> text_violation(tokens("CALL db.stats.retrieve('QUERIES')"), "neo4j")
    'procedure db.stats.retrieve'
    >>> text_violation(tokens("RETURN apoc.cypher.runFirstColumnSingle('RETURN 1', {})"), "neo4j")
    'function apoc.cypher.runFirstColumnSingle'
    >>> text_violation(tokens("USE system SHOW USERS"), "neo4j")
    'USE system'
    """
    for i, t in enumerate(toks):
        if t.kind != "name":
            continue
        prev = toks[i - 1] if i else None
        after_dot = prev is not None and prev.kind == "punct" and prev.text == "."
        if after_dot:
            continue
        word = t.text.upper() if not t.quoted else ""
        if word == "CALL" and i + 1 < len(toks) and toks[i + 1].kind == "name":
            name, _ = _dotted(toks, i + 1)
            if name not in PROCEDURES:
                return f"procedure {name}"
            continue
        if word == "USE" and i + 1 < len(toks) and toks[i + 1].kind == "name" and (
                prev is None or (prev.kind == "punct" and prev.text == "{") or
                (prev.kind == "name" and prev.text.upper() in ("UNION", "ALL"))):
            name, _ = _dotted(toks, i + 1)
            if name.lower() != database.lower():
                return f"USE {name}"
            continue
        name, j = _dotted(toks, i)
        called = j < len(toks) and toks[j].kind == "punct" and toks[j].text == "("
        if called and "." in name and name.lower() not in FUNCTIONS:
            is_procedure = prev is not None and prev.kind == "name" and prev.text.upper() == "CALL"
            if not is_procedure:
                return f"function {name}"
    return None


# Operators that read files or URLs, show or change the DBMS, or commit on their own.
_BAD_OPERATOR = re.compile(
    r"^(LoadCSV|Show\w*|Terminate\w*|AdministrationCommand|SystemProcedureCall|Transaction(Apply|Foreach)|"
    r"Create\w*|Drop\w*|Alter\w*|Grant\w*|Deny\w*|Revoke\w*|Rename\w*|Start\w*|Stop\w*|Enable\w*|"
    r"Deallocate\w*|Reallocate\w*|Assert\w*|Ensure\w*|DoNothingIf\w*|Wait\w*|Log\w*|"
    r"Merge|LockingMerge|Set\w*|Delete\w*|DetachDelete\w*|Remove\w*|Foreach\w*|Eager\w*Write\w*)$")
_PROCEDURE_NAME = re.compile(r"^\s*([\w.`]+)\s*\(")
_CALL_IN_DETAILS = re.compile(r"((?:[^\W\d]\w*\.)+[^\W\d]\w*)\s*\(")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _plan_nodes(plan: dict):
    stack = [plan]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children") or [])


def plan_violation(plan: dict | None, query_type: str | None, database: str) -> str | None:
    """What in the server's plan makes the query more than a read of ``database``; None if nothing.

    ``plan`` is ``result.consume().plan`` of an ``EXPLAIN`` (operatorType,
    args, children); ``query_type`` its ``query_type``.

    >>> plan_violation({"operatorType": "ProduceResults@neo4j", "args": {"planner": "COST"},
    ...                 "children": [{"operatorType": "LoadCSV@neo4j", "args": {}}]}, "r", "neo4j")
    'LOAD CSV (operator LoadCSV)'
    """
    if not plan:
        return "the server returned no plan for it"
    root_args = plan.get("args") or plan.get("arguments") or {}
    if str(root_args.get("planner", "COST")).upper() != "COST" or \
            str(root_args.get("runtime", "")).upper() in ("SYSTEM", "SCHEMA"):
        return f"an administration or schema command ({root_args.get('planner')}/{root_args.get('runtime')})"
    if query_type != "r":
        return f"the server classifies it as query type {query_type!r}, not read-only 'r'"
    for node in _plan_nodes(plan):
        op, _, db = str(node.get("operatorType", "")).partition("@")
        if db and db.lower() != database.lower():
            return f"an operator on database {db!r}, not {database!r}"
        args = node.get("args") or node.get("arguments") or {}
        details = str(args.get("Details", ""))
        if op == "LoadCSV":
            return "LOAD CSV (operator LoadCSV)"
        if op == "ProcedureCall":
            m = _PROCEDURE_NAME.match(details)
            name = m.group(1).replace("`", "") if m else "?"
            if name not in PROCEDURES:
                return f"procedure {name}"
            continue
        if op.startswith("Transaction"):
            return "CALL { ... } IN TRANSACTIONS"
        if _BAD_OPERATOR.match(op):
            return f"operator {op}"
        for name in _CALL_IN_DETAILS.findall(_QUOTED.sub("''", details.replace("`", ""))):
            if name.lower() not in FUNCTIONS:
                return f"function {name}"
    return None
