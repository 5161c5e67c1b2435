"""Text widths from the chart font's real metrics, and wrapping to a width in points.

Boxes are sized before anything is drawn, so the width of every label line must
be known in advance: Pillow reads DejaVu Sans (regular and bold, the family the
SVG names and cairo draws with) and each word's advance is cached, so a 100,000
post chart measures its few thousand distinct words once.

>>> m = Metrics(9)
>>> 20 < m.width("Директор") < 60, m.width("Директор", bold=True) > m.width("Директор")
(True, True)
>>> m.wrap("12. Систем аналитичар · саветник · ×2", 120)
['12. Систем аналитичар ·', 'саветник · ×2']
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from graph.errors import InputError

_PLAIN = frozenset("0123456789.,-/()×")  # no kerning between these in DejaVu Sans
FALLBACK = {False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}


@lru_cache(maxsize=2)
def font_file(bold: bool) -> str:
    """The DejaVu Sans file: Debian's own path, else what fontconfig (cairo's font source) finds."""
    if Path(FALLBACK[bold]).exists():
        return FALLBACK[bold]
    if shutil.which("fc-match"):
        style = "Bold" if bold else "Book"
        out = subprocess.run(["fc-match", "-f", "%{file}", f"DejaVu Sans:style={style}"], capture_output=True,
                             text=True, check=False).stdout.strip()
        if out and "DejaVuSans" in Path(out).name:
            return out
    raise InputError("the chart font DejaVu Sans is not installed (Debian: fonts-dejavu-core)")


class Metrics:
    """Widths in points of text set at ``size`` points, regular or bold."""

    SCALE = 20  # measure at 20x and divide: Pillow's advances are whole pixels

    def __init__(self, size: float):
        self.size = size
        self._fonts = {b: ImageFont.truetype(font_file(b), round(size * self.SCALE)) for b in (False, True)}
        self._cache: dict[tuple[str, bool], float] = {}

    def width(self, text: str, bold: bool = False) -> float:
        key = (text, bold)
        w = self._cache.get(key)
        if w is None:
            if text.isascii() and all(c in _PLAIN for c in text):
                # post numbers are different in every post: add up their characters instead
                w = sum(self.width(c, bold) for c in text) if len(text) > 1 else \
                    self._fonts[bold].getlength(text) / self.SCALE
            else:
                w = self._fonts[bold].getlength(text) / self.SCALE
            self._cache[key] = w
        return w

    def wrap(self, text: str, max_width: float, bold: bool = False) -> list[str]:
        """Greedy line breaking at spaces; a word wider than the line keeps a line of its own
        (names stay whole and searchable). Joining the lines with spaces gives ``text`` back."""
        space = self.width(" ", bold)
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in text.split():
            w = self.width(word, bold)
            if not line:
                line, used = [word], w
            elif used + space + w <= max_width or word == "·":
                # the separator stays at the end of the line it closes
                line.append(word)
                used += space + w
            else:
                lines.append(self._keep(line, used, bold))
                line, used = [word], w
        if line:
            lines.append(self._keep(line, used, bold))
        return lines

    def _keep(self, words: list[str], used: float, bold: bool) -> str:
        # the sum of word advances is the line's width to within kerning; remember it
        text = " ".join(words)
        self._cache.setdefault((text, bold), used)
        return text

    def lines_width(self, lines: list[str], bold: bool = False) -> float:
        return max((self.width(s, bold) for s in lines), default=0.0)
