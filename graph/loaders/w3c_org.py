"""W3C ORG linked data (Turtle or JSON-LD), as ``orgraph export --format ttl|jsonld`` writes it.

Keys, order, kinds of reporting lines and provenance come back from orgraph's own terms in the file,
so the model is the one exported (provenance is that of the original documents). Plain ORG data
from elsewhere is read too, with what ORG says (see :func:`graph.formats.rdf.read_rdf`).
"""

from __future__ import annotations

from pathlib import Path

from graph.loaders.base import Loader
from graph.schema.model import OrgFile

SUFFIXES = {".ttl", ".jsonld", ".json-ld"}


def _sniff(path: Path, head: str) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES


def _load(path: Path, **_options) -> list[OrgFile]:
    from graph.formats.rdf import read_rdf

    return [read_rdf(path)]


LOADER = Loader("w3c-org", "W3C ORG linked data, Turtle (.ttl) or JSON-LD (.jsonld)", _sniff, _load)
