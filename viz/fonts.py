"""The chart font: one family that has Cyrillic and Georgian, regular and bold.

DejaVu Sans (Debian's fonts-dejavu-core) covers Serbian Cyrillic and Georgian
Mkhedruli in both weights, so a label never falls back to boxes mid-word.
:func:`coverage` asks fontconfig, for a set-up check or a test.
"""

from __future__ import annotations

import shutil
import subprocess

FONT = "DejaVu Sans"
LANGS = {"sr": "Serbian Cyrillic", "ka": "Georgian"}


def coverage(family: str = FONT) -> dict[str, bool] | None:
    """``{lang: covered}`` for the chart languages, or None without fontconfig."""
    if not shutil.which("fc-list"):
        return None
    out = {}
    for lang in LANGS:
        listing = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True,
                                 text=True, check=False).stdout
        families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
        out[lang] = family in families
    return out
