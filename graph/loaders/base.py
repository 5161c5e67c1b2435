"""What a loader is, and how a path finds its loader.

A loader reads one document type and returns org models; it never touches
the database. Each loader module defines ``LOADER`` (or ``LOADERS``); :data:`LOADER_MODULES`
lists them in the order detection tries them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.errors import InputError
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
    head = read_head(path)
    for loader in loaders().values():
        if loader.sniff(path, head):
            return loader
    names = ", ".join(loaders())
    raise InputError(f"cannot tell what kind of document this is; name it with --as ({names})",
                     file=str(path))


def load_path(path: str | Path, as_: str | None = None, **options) -> list[OrgFile]:
    """Read any supported document (or org file) into org models."""
    path = Path(path)
    if as_:
        table = loaders()
        if as_ not in table:
            raise InputError(f"unknown document type {as_!r}; known: {', '.join(table)}")
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))
        return table[as_].load(path, **options)
    return detect(path).load(path, **options)


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
