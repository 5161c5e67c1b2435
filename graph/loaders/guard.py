"""Hostile input, bounded: text that is UTF-8, and YAML/JSON that cannot explode.

Every text loader reads its file through :func:`read_text`, so a file in another
encoding gets one message naming it (and the line of the first bad byte) instead
of a traceback or a wrong guess. Org files are screened by :func:`check_yaml`
before anything is built: one pass over the parser's events (a state machine in
libyaml, so 30,000 nested ``[`` cannot overflow the stack the way composing them
does) that refuses nesting deeper than :data:`MAX_DEPTH`, aliases that would
expand beyond :data:`MAX_ALIAS_NODES` nodes (the "billion laughs"), and
duplicate keys, each with its line.

>>> decode(b"name: \\xd0\\x90\\n", "a.yaml")
'name: А\\n'
>>> decode(b"name: ok\\nname: \\xff\\n", "a.yaml")
Traceback (most recent call last):
...
graph.errors.InputError: a.yaml:2: not valid UTF-8 (byte 0xff); save the file as UTF-8
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import yaml

from graph.errors import InputError

#: Collections nested deeper than this are refused before they are built. An org file
#: needs about 4 levels plus its attributes (at most 10, see graph/schema/limits.py).
MAX_DEPTH = 64
#: Nodes that aliases may add to a document, in all. Hand-written anchors that share a
#: block of attributes stay far below; a 575-byte "billion laughs" is 10^9.
MAX_ALIAS_NODES = 10_000

_BOMS = [(codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")]


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def wide_encoding(head: bytes) -> str | None:
    """``'UTF-16'`` or ``'UTF-32'`` when the bytes are in one of them (by BOM, or by the
    zero bytes ASCII text has in them), else None.

    >>> wide_encoding("key: x".encode("utf-16")), wide_encoding(b"key: x")
    ('UTF-16', None)
    """
    for bom, name in _BOMS:  # UTF-32-LE's BOM starts with UTF-16-LE's: test it first
        if head.startswith(bom):
            return name
    sample = head[:512]
    if len(sample) >= 8 and sample.count(0) * 3 >= len(sample):
        # ASCII in UTF-16 is every other byte zero, in UTF-32 three of four.
        return "UTF-32" if sample.count(0) * 4 >= len(sample) * 3 - 4 else "UTF-16"
    return None


def _looks_cp1251(data: bytes) -> bool:
    """Most bytes above ASCII are Windows-1251 Cyrillic letters (0xC0-0xFF, Ђ Ј Љ Њ Ћ Џ)."""
    high = [b for b in data[:65536] if b >= 0x80]
    letters = sum(1 for b in high if b >= 0xC0 or b in b"\x80\x8a\x8c\x8e\x8f\x90\x9a\x9c\x9e\x9f\xa3\xbc")
    return len(high) >= 4 and letters >= 0.8 * len(high)


def decode(data: bytes, name: str) -> str:
    """Strict UTF-8 (a UTF-8 BOM is dropped); anything else is an :class:`InputError` that
    names the file, the encoding when it can tell (UTF-16/32, Windows-1251) and the line of
    the first byte that is not UTF-8. NUL bytes are refused too: no text document has them."""
    wide = wide_encoding(data[:4096])
    if wide:
        raise InputError(f"the file is {wide}; save it as UTF-8", file=name)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        if _looks_cp1251(data):
            raise InputError("not UTF-8: the file looks like Windows-1251 (Cyrillic); save it as UTF-8",
                             file=name, line=line) from None
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                         file=name, line=line) from None
    nul = text.find("\0")
    if nul >= 0:
        raise InputError("a NUL byte in the text (is this a binary file?)", file=name,
                         line=text.count("\n", 0, nul) + 1)
    if _has_controls(data):
        check_controls(text, name)
    return text


# C0 and C1 controls but tab, newline, carriage return and form feed (a page break in documents
# converted from Word or PDF): invisible, never in a real document, and fatal to charts.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")


_C0_BYTES = [bytes([c]) for c in (*range(1, 9), 0x0B, *range(0x0E, 0x20), 0x7F)]
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def _has_controls(data: bytes) -> bool:
    """Whether UTF-8 ``data`` may hold a control character: byte searches (memchr), ~20x
    faster than a regex over the decoded text of a big org file."""
    return any(c in data for c in _C0_BYTES) or (b"\xc2" in data and _C1_BYTES.search(data) is not None)


def check_controls(text: str, name: str) -> None:
    """Refuse a control character in a text document, naming its line.

    >>> check_controls("ok\\tline\\nbad\\x1b[2J", "a.txt")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: a.txt:2: a control character (U+001B) in the text; remove it
    """
    m = _CONTROL.search(text)
    if m:
        raise InputError(f"a control character (U+{ord(m.group()):04X}) in the text; remove it", file=name,
                         line=text.count("\n", 0, m.start()) + 1)


def read_text(path: str | Path, name: str | None = None) -> str:
    """A text file's contents, strictly UTF-8 (see :func:`decode`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name or str(path)) from None
    return decode(data, name or str(path))


def encoding_problem(path: Path, *, utf8: bool = True) -> None:
    """Raise the encoding message for a file in UTF-16/32 or (``utf8``) whose first 64 KiB
    are not UTF-8: for detection, where "cannot tell what kind of document this is" would
    hide the real reason."""
    if path.is_dir():
        return
    with open(path, "rb") as fh:
        head = fh.read(65536)
    wide = wide_encoding(head)
    if wide:
        raise InputError(f"the file is {wide}; save it as UTF-8", file=str(path))
    if not utf8:
        return
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut by the 64 KiB read is not the file's fault.
        if exc.reason == "unexpected end of data" and len(head) == 65536:
            return
        decode(head, str(path))


# ------------------------------------------------------------------ YAML and JSON


class _Frame:
    __slots__ = ("mapping", "keys", "at_key", "skip_key", "anchor", "size", "line")

    def __init__(self, mapping: bool, anchor: str | None, line: int):
        self.mapping, self.anchor, self.line = mapping, anchor, line
        self.keys: dict | None = {} if mapping else None
        self.at_key = True  # a mapping alternates key, value
        self.skip_key = False
        self.size = 1


def check_yaml(text: str, name: str) -> None:
    """Refuse, with the line, YAML (or JSON) nested deeper than :data:`MAX_DEPTH`, whose
    aliases expand beyond :data:`MAX_ALIAS_NODES` nodes, or with a key twice in a mapping.

    >>> check_yaml("a: 1\\nb: 2\\na: 3\\n", "x.yaml")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: x.yaml:3 (a): the key 'a' appears twice in this mapping (first on line 1); ...
    """
    stack: list[_Frame] = []
    anchors: dict[str, int] = {}
    added = 0

    def done(size: int) -> None:
        if stack:
            top = stack[-1]
            top.size += size
            if top.mapping:
                top.at_key = not top.at_key

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = yaml.parse(text, Loader=loader)
    try:
        for ev in events:
            line = ev.start_mark.line + 1 if ev.start_mark is not None else None
            if isinstance(ev, yaml.ScalarEvent):
                top = stack[-1] if stack else None
                if top is not None and top.mapping and top.at_key and ev.value != "<<":
                    first = _seen(top, ev.value, line)
                    if first is not None:
                        raise InputError(f"the key {ev.value!r} appears twice in this mapping (first on line "
                                         f"{first}); the second would silently replace the first",
                                         file=name, line=line, key=ev.value[:80])
                if ev.anchor:
                    anchors[ev.anchor] = 1
                done(1)
            elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise InputError(f"nested more than {MAX_DEPTH} levels deep", file=name, line=line)
                stack.append(_Frame(isinstance(ev, yaml.MappingStartEvent), ev.anchor, line))
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    anchors[frame.anchor] = frame.size
                done(frame.size)
            elif isinstance(ev, yaml.AliasEvent):
                size = anchors.get(ev.anchor, 1)
                added += size
                if added > MAX_ALIAS_NODES:
                    raise InputError(f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (alias "
                                     f"*{ev.anchor[:40]} is {size:,}); write the values out or share less",
                                     file=name, line=line)
                top = stack[-1] if stack else None
                if top is not None and top.mapping and top.at_key:
                    top.skip_key = True
                done(size)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, name) from None
    finally:
        events.close()


def _seen(frame: _Frame, key: str, line: int | None) -> int | None:
    """The line ``key`` was first seen on in this mapping, or None (and remember it)."""
    first = frame.keys.get(key)
    if first is None:
        frame.keys[key] = line
    return first


def yaml_error(exc: yaml.YAMLError, text: str, name: str) -> InputError:
    """A YAML parser error as one InputError naming the line."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow; no mark, a position
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return InputError(f"not valid YAML/JSON: the character U+{char:04X} is not allowed (a control character?)",
                          file=name, line=line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context = getattr(exc, "context_mark", None)
    # "found end of stream" points past the last line; where the open bracket was helps more.
    if context is not None and mark is not None and mark.index >= len(text.rstrip()):
        mark = context
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return InputError(f"not valid YAML/JSON: {problem}", file=name, line=mark.line + 1 if mark else None)


def check_json_keys(text: str, name: str) -> None:
    """Refuse JSON with a key twice in an object (JSON parsers keep the last silently).
    The line comes from :func:`check_yaml`, which reads JSON too."""

    def pairs(items: list) -> None:
        if len(items) > 1 and len({k for k, _ in items}) != len(items):
            raise _Duplicate(next(k for i, (k, _) in enumerate(items) if any(k == j for j, _ in items[:i])))
        return None  # nothing is kept: this pass only checks

    try:
        json.loads(text, object_pairs_hook=pairs)
    except _Duplicate as dup:
        check_yaml(text, name)  # names the line when YAML reads this JSON
        raise InputError(f"the key {dup.key!r} appears twice in one object; the second would silently "
                         "replace the first", file=name, key=dup.key[:80]) from None
    except (ValueError, RecursionError):
        pass  # not JSON after all: the YAML parser reports it


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


# ------------------------------------------------------------------ the YAML loader

_DROPPED = "tag:yaml.org,2002:timestamp"
_REFUSED = ["tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
            "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"]


class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml when present), stricter:

    - date-like scalars stay text (``name: 2020-13-45`` is a name, not a crash; a field
      typed as a date still parses it);
    - ``!!binary``, ``!!set``, ``!!omap``, ``!!pairs`` and ``!!timestamp`` are refused: an
      org file holds text, numbers, lists and mappings only;
    - a value the constructor cannot build (an integer of 5,000 digits) is a YAML error
      with its line, not a ValueError.
    """

    yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != _DROPPED]
                               for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"cannot read this value ({exc})",
                                                    node.start_mark) from None


def _refuse(loader, node):
    raise yaml.constructor.ConstructorError(None, None, f"the tag {node.tag} is not allowed here",
                                            node.start_mark)


for _tag in _REFUSED:
    SafeLoader.add_constructor(_tag, _refuse)
