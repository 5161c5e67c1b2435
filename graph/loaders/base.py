"""What a loader is, and how a path finds its loader.

A loader reads one document type and returns org models; it never touches
the database. Each loader module defines ``LOADER`` (or ``LOADERS``); :data:`LOADER_MODULES`
lists them in the order detection tries them.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.errors import InputError
from graph.loaders import guard
from graph.schema import limits
from graph.schema.model import OrgFile, Provenance, Warning

# Order matters: the first loader whose sniff() accepts a file takes it.
LOADER_MODULES = [
    "graph.loaders.orgfile",
    "graph.loaders.spreadsheet",
    "graph.loaders.w3c_org",
    "graph.loaders.rulebook",
    "graph.loaders.georgian",
    "graph.loaders.uk",
    "graph.loaders.municipal",
]


@dataclass(frozen=True)
class Loader:
    name: str  # what --as takes
    description: str
    sniff: Callable[[Path, str], bool]  # (path, first ~64 KiB of text or '' for a folder)
    load: Callable[..., list[OrgFile]]  # load(path, **options) -> models


def loaders() -> dict[str, Loader]:
    found: dict[str, Loader] = {}
    for mod in LOADER_MODULES:
        try:
            module = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name == mod:  # not written yet
                continue
            raise
        # A module defines LOADER, or LOADERS when it reads several document types.
        for loader in getattr(module, "LOADERS", None) or [module.LOADER]:
            found[loader.name] = loader
    return found


def read_head(path: Path, size: int = 65536) -> str:
    if path.is_dir():
        return ""
    with open(path, "rb") as fh:
        return fh.read(size).decode("utf-8", errors="replace")


def detect(path: Path) -> Loader:
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    guard.encoding_problem(path, utf8=False)  # UTF-16/32: no loader reads them
    head = read_head(path)
    for loader in loaders().values():
        if loader.sniff(path, head):
            return loader
    guard.encoding_problem(path)  # not UTF-8 is the likelier reason nothing recognised it
    names = ", ".join(loaders())
    raise InputError(f"cannot tell what kind of document this is; name it with --as ({names})",
                     file=str(path))


def load_path(path: str | Path, as_: str | None = None, **options) -> list[OrgFile]:
    """Read any supported document (or org file) into org models."""
    path = Path(path)
    if as_:
        table = loaders()
        if as_ not in table:
            raise InputError(f"unknown document type {as_!r}; known: {', '.join(table)}", file=str(path))
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))
        loader = table[as_]
    else:
        loader = detect(path)
    try:
        models = loader.load(path, **options)
    except InputError as exc:
        if exc.file is None:  # every message a user sees names the file
            raise InputError(exc.reason, file=str(path), line=exc.line, key=exc.key) from None
        raise
    if loader.name != "orgfile":  # the org file reader checks these itself, naming the YAML line
        for org in models:
            check_limits(org, path)
    return models


def check_limits(org: OrgFile, path: Path) -> None:
    """Raise InputError for the first limit ``org`` breaks (graph.schema.limits), naming the
    document and the line its item came from."""
    found = limits.first(org)
    if found is None:
        return
    loc, message = found
    item = getattr(org, loc[0])
    if isinstance(item, list) and len(loc) > 1 and isinstance(loc[1], int):
        item = item[loc[1]]
    prov = getattr(item, "provenance", None)
    file = str(path / prov.document) if prov and path.is_dir() else str(path)
    line = prov.line if prov else None
    char = re.search(r"\(U\+([0-9A-F]{4,6})\)", message)
    if line is None and char:
        # An item without a line (an organisation built from several cells): the character's line.
        folder = path if path.is_dir() else path.parent
        for doc in [prov.document] if prov else org.sources or [path.name]:
            found = _line_of_char(folder / Path(doc).name, chr(int(char.group(1), 16)))
            if found:
                file, line = str(folder / Path(doc).name), found
                break
    raise InputError(message, file=file, line=line, key=getattr(item, "key", None) or ".".join(map(str, loc)))


def _line_of_char(path: Path, char: str) -> int | None:
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    at = text.find(char)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


class Notes:
    """Provenance and warnings for one document: what every loader's builder needs.

    A builder sets ``self.doc`` (the document's file name) and ``self.warnings``.

    >>> n = Notes(); n.doc, n.warnings = "a.txt", []
    >>> n.warn("odd", "something odd", 3); n.warnings[0].provenance.line
    3
    """

    doc: str
    warnings: list

    def prov(self, line: int | None) -> Provenance:
        return Provenance(document=self.doc, line=line)

    def warn(self, code: str, message: str, line: int | None, subject: str | None = None,
             severity: str = "warning") -> None:
        self.warnings.append(Warning(code=code, message=message, severity=severity, subject=subject,
                                     provenance=self.prov(line)))
