"""The files under ``seed/`` that are extracted from the shared documents.

``python -m tools.seedfiles`` (``make seed``) regenerates them; a test fails
when the committed files differ from a fresh extraction. Catalogues that are
written by hand from a decree live in ``graph/catalogues/`` and are not listed here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from graph.settings import current

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "seed"


def shared_dir() -> Path:
    """``../shared`` beside the repository, or ``$ORGRAPH_SHARED``."""
    return current().shared or REPO.parent / "shared"


@dataclass(frozen=True)
class SeedFile:
    output: str  # file name under seed/
    source: str  # path under shared/
    loader: str  # loader name (what --as takes)
    descriptions: bool = False  # the committed structure leaves description paragraphs out


# Each loader that extracts a committed org file adds its line here.
SEEDS: list[SeedFile] = [
    SeedFile("kite.yaml", "seeds/000_52640796b13b3b18.txt", "rulebook"),
    SeedFile("stari-grad.yaml", "seeds/001_161439a61d3169c7.txt", "municipal-procedure"),
    SeedFile("razanj.yaml", "seeds/002_8ccafc34fd02f727.txt", "action-plan"),
    SeedFile("ge-moh.yaml", "seeds/003_80ee688c297bddd5.txt", "georgian"),
]


def extract(seed: SeedFile, shared: Path | None = None) -> str:
    """The text of the org file a fresh extraction gives."""
    import yaml

    from graph.loaders.base import load_path

    src = (shared or shared_dir()) / seed.source
    models = load_path(src, as_=seed.loader)
    # Provenance names the document by file name only: the same on every machine.
    docs = [m.dump(descriptions=seed.descriptions) for m in models]
    data = docs[0] if len(docs) == 1 else docs
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def regenerate(shared: Path | None = None) -> list[Path]:
    written = []
    for seed in SEEDS:
        out = SEED_DIR / seed.output
        out.write_text(extract(seed, shared), encoding="utf-8")
        written.append(out)
    return written


if __name__ == "__main__":
    if not shared_dir().is_dir():
        sys.exit(f"error: {shared_dir()} not found: the seed documents are needed to regenerate seed/")
    for path in regenerate():
        print(f"wrote {path.relative_to(REPO)}")
