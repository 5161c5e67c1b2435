"""A scene drawn with cairo: PDF (one page, fitted to a paper, or paged over sheets) and PNG.

Paged print cuts the chart into sheet-sized cells at scale 1 (text as set, 9 pt),
leaves out cells with nothing on them, and numbers the rest. Where an edge
crosses a cut, both sheets say where it continues ("continued on page 4 →").
Every sheet has a header (organisation, chart title, source document) and a
footer (date, orgraph's version, page N of M, and a map of the sheets with this
one filled in). ``fit`` puts the whole chart on one sheet, and refuses when
that would set the text below :data:`MIN_TEXT` points, naming the smallest
paper that would do.
"""

from __future__ import annotations

import io
import math
from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable

import cairocffi as cairo

from graph.errors import InputError
from viz.scene import DASHES, Path, Rect, Scene, Text
from viz.textmetrics import Metrics
from viz.tree_chart import FONT_SIZE

PAPERS = {"A4": (595.0, 842.0), "A3": (842.0, 1191.0), "A2": (1191.0, 1684.0), "A1": (1684.0, 2384.0),
          "A0": (2384.0, 3370.0)}
MIN_TEXT = 6.0  # points: below this a printed label is not legible
PAGE_MARGIN = 28.0
HEADER, FOOTER = 26.0, 30.0
MAX_PDF_PAGE = 14400.0  # points: the PDF page size limit (200 inches)
PNG_LIMIT = 32767  # pixels per side (cairo)
PNG_MAX_PIXELS = 120_000_000
FONT = "DejaVu Sans"
Progress = Callable[[str, int, int], None]


_NAMED = {"white": "ffffff", "black": "000000"}


@lru_cache(maxsize=256)
def _rgb(colour: str) -> tuple[float, float, float]:
    c = _NAMED.get(colour, colour.lstrip("#"))
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def paper_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """Width and height in points.

    >>> paper_size("a3"), paper_size("A4", landscape=True)
    ((842.0, 1191.0), (842.0, 595.0))
    """
    key = paper.upper()
    if key not in PAPERS:
        raise InputError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    w, h = PAPERS[key]
    return (h, w) if landscape else (w, h)


def content_area(paper: str, landscape: bool) -> tuple[float, float]:
    w, h = paper_size(paper, landscape)
    return w - 2 * PAGE_MARGIN, h - 2 * PAGE_MARGIN - HEADER - FOOTER


@dataclass
class PagePlan:
    paper: str
    landscape: bool
    cols: int
    rows: int
    cell_w: float  # the printable area of a sheet
    cell_h: float
    pages: list[tuple[int, int]]  # (row, col) of each printed sheet, in print order
    number: dict[tuple[int, int], int]  # (row, col) -> page number (1-based)
    xs: list[float] = None  # cut positions: column c spans xs[c]..xs[c+1]
    ys: list[float] = None

    def col(self, x: float) -> int:
        return min(self.cols - 1, max(0, bisect_right(self.xs, x) - 1))

    def row(self, y: float) -> int:
        return min(self.rows - 1, max(0, bisect_right(self.ys, y) - 1))

    def cells(self, bbox: tuple[float, float, float, float]):
        x0, y0, x1, y1 = bbox
        for r in range(self.row(y0), self.row(y1) + 1):
            for c in range(self.col(x0), self.col(x1) + 1):
                yield r, c


def _free(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps between the union of ``spans``."""
    spans = sorted(spans)
    gaps, end = [], -math.inf
    for a, b in spans:
        if a > end and end > -math.inf:
            gaps.append((end, a))
        end = max(end, b)
    return gaps


def _cuts(total: float, size: float, gaps: list[tuple[float, float]]) -> list[float]:
    """Cut positions along one axis, each at most ``size`` after the last, in a gap between boxes
    when one lies in the last quarter of the stretch (else straight through).

    >>> _cuts(250, 100, [(90, 95), (180, 185)])
    [0.0, 92.5, 182.5, 250]
    """
    cuts = [0.0]
    starts = [g[0] for g in gaps]
    while total - cuts[-1] > size:
        limit = cuts[-1] + size
        i = bisect_right(starts, limit) - 1
        cut = limit
        while i >= 0:
            a, b = gaps[i]
            mid = min((a + b) / 2, limit)
            if mid <= cuts[-1] + size * 0.75:
                break
            if mid - a >= min(6.0, (b - a) / 2):  # clear of the box above, strokes and markers too
                cut = mid
                break
            i -= 1
        cuts.append(cut)
    cuts.append(total)
    return cuts


def plan_pages(scene: Scene, paper: str, landscape: bool = False) -> PagePlan:
    """Which parts of the chart get a sheet: cut between boxes where possible, every part
    something is drawn on, row by row."""
    cw, ch = content_area(paper, landscape)
    boxes = [g.bbox for g in scene.groups if not g.cls.startswith("edge")]
    xs = _cuts(scene.width, cw, _free([(b[0], b[2]) for b in boxes]))
    ys = _cuts(scene.height, ch, _free([(b[1], b[3]) for b in boxes]))
    plan = PagePlan(paper.upper(), landscape, len(xs) - 1, len(ys) - 1, cw, ch, [], {}, xs, ys)
    used: set[tuple[int, int]] = set()
    for g in scene.groups:
        used.update(plan.cells(g.bbox))
    plan.pages = sorted(used)
    plan.number = {p: i + 1 for i, p in enumerate(plan.pages)}
    return plan


def fit_scale(scene: Scene, paper: str, landscape: bool) -> float:
    cw, ch = content_area(paper, landscape)
    return min(1.0, cw / scene.width, ch / scene.height)


def check_fit(scene: Scene, paper: str, landscape: bool) -> float:
    """The scale that fits the chart on one sheet, or a refusal naming the paper that would do."""
    scale = fit_scale(scene, paper, landscape)
    if FONT_SIZE * scale >= MIN_TEXT:
        return scale
    orient = " landscape" if landscape else ""
    for name in PAPERS:
        for land in (landscape, not landscape):
            if FONT_SIZE * fit_scale(scene, name, land) >= MIN_TEXT:
                need = f"{name} {'landscape' if land else 'portrait'}"
                raise InputError(f"on one {paper.upper()}{orient} sheet the text would be "
                                 f"{FONT_SIZE * scale:.1f} pt (legible from {MIN_TEXT:g} pt); the smallest paper "
                                 f"that fits is {need}, or drop --fit to print over several sheets")
    best = FONT_SIZE * max(fit_scale(scene, "A0", False), fit_scale(scene, "A0", True))
    raise InputError(f"this chart ({scene.width / 72 * 2.54:.0f} × {scene.height / 72 * 2.54:.0f} cm) cannot fit "
                     f"one sheet legibly: even A0 would set the text at {best:.1f} pt (legible from {MIN_TEXT:g} pt); drop --fit to print "
                     f"it over several sheets (--paper A3)")


class Painter:
    def __init__(self, ctx: cairo.Context):
        self.ctx = ctx
        self.faces = {b: cairo.ToyFontFace(FONT, cairo.FONT_SLANT_NORMAL,
                                           cairo.FONT_WEIGHT_BOLD if b else cairo.FONT_WEIGHT_NORMAL)
                      for b in (False, True)}
        self.metrics: dict[float, Metrics] = {}
        # cairo calls cost a round trip each through cffi: set only what changes
        self._colour = self._dash = self._pen = self._font = None

    def colour(self, colour: str) -> None:
        if colour != self._colour:
            self.ctx.set_source_rgb(*_rgb(colour))
            self._colour = colour

    def stroke_style(self, pen: float, dash: str | None) -> None:
        if pen != self._pen:
            self.ctx.set_line_width(pen)
            self._pen = pen
        if dash != self._dash:
            self.ctx.set_dash(DASHES[dash] or [])
            self._dash = dash

    def reset(self) -> None:
        """Forget the cached state (after a save/restore or a new page)."""
        self._colour = self._dash = self._pen = self._font = None

    def width(self, text: str, size: float, bold: bool) -> float:
        m = self.metrics.get(size)
        if m is None:
            m = self.metrics[size] = Metrics(size)
        return m.width(text, bold)

    def draw(self, items) -> None:
        ctx = self.ctx
        for it in items:
            if isinstance(it, Rect):
                self.rect(it)
            elif isinstance(it, Path):
                ctx.move_to(*it.points[0])
                for p in it.points[1:]:
                    ctx.line_to(*p)
                if it.closed_fill:
                    ctx.close_path()
                    self.colour(it.closed_fill)
                    ctx.fill()
                else:
                    self.colour(it.colour)
                    self.stroke_style(it.pen, it.dash)
                    ctx.stroke()
            elif isinstance(it, Text):
                self.text(it.x, it.y, it.text, it.size, it.bold, it.colour, it.anchor)

    def rect(self, it: Rect) -> None:
        ctx = self.ctx
        r = min(it.radius, it.w / 2, it.h / 2)
        x, y, w, h = it.x, it.y, it.w, it.h
        ctx.new_sub_path()
        ctx.arc(x + w - r, y + r, r, -math.pi / 2, 0)
        ctx.arc(x + w - r, y + h - r, r, 0, math.pi / 2)
        ctx.arc(x + r, y + h - r, r, math.pi / 2, math.pi)
        ctx.arc(x + r, y + r, r, math.pi, 3 * math.pi / 2)
        ctx.close_path()
        if it.fill:
            self.colour(it.fill)
            if it.stroke:
                ctx.fill_preserve()
            else:
                ctx.fill()
        if it.stroke:
            self.colour(it.stroke)
            self.stroke_style(it.pen, it.dash)
            ctx.stroke()

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False, colour: str = "#111111",
             anchor: str = "start") -> None:
        ctx = self.ctx
        if (bold, size) != self._font:
            ctx.set_font_face(self.faces[bold])
            ctx.set_font_size(size)
            self._font = (bold, size)
        if anchor == "middle":
            x -= self.width(text, size, bold) / 2
        elif anchor == "end":
            x -= self.width(text, size, bold)
        self.colour(colour)
        ctx.move_to(x, y)
        ctx.show_text(text)


def _cells(scene: Scene, plan: PagePlan) -> dict[tuple[int, int], list[int]]:
    out: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(scene.groups):
        for cell in plan.cells(g.bbox):
            out.setdefault(cell, []).append(i)
    return out


def to_pdf(scene: Scene, *, paper: str | None = None, landscape: bool = False, fit: bool = False,
           title: str = "", progress: Progress | None = None) -> bytes:
    report = progress or (lambda stage, done, total: None)
    buf = io.BytesIO()
    if paper is None:
        if fit:
            raise InputError("--fit needs --paper (the sheet to fit on)")
        if max(scene.width, scene.height) > MAX_PDF_PAGE:
            raise InputError(f"this chart is {scene.width / 72 * 2.54:.0f} × {scene.height / 72 * 2.54:.0f} cm, "
                             f"larger than a PDF page can be; print it over sheets with --paper A3 "
                             f"(or A4 … A0)")
        surface = cairo.PDFSurface(buf, scene.width, scene.height)
        _meta(surface, scene, title)
        ctx = cairo.Context(surface)
        painter = Painter(ctx)
        for i, g in enumerate(scene.groups):
            painter.draw(g.items)
            if i % 20000 == 0:
                report("pdf", i, len(scene.groups))
        surface.finish()
        return buf.getvalue()
    pw, ph = paper_size(paper, landscape)
    surface = cairo.PDFSurface(buf, pw, ph)
    _meta(surface, scene, title)
    ctx = cairo.Context(surface)
    painter = Painter(ctx)
    if fit:
        scale = check_fit(scene, paper, landscape)
        plan = PagePlan(paper.upper(), landscape, 1, 1, scene.width * scale, scene.height * scale, [(0, 0)],
                        {(0, 0): 1})
        _frame(painter, scene, plan, (0, 0), pw, ph)
        ctx.save()
        ctx.translate(PAGE_MARGIN, PAGE_MARGIN + HEADER)
        ctx.scale(scale, scale)
        for g in scene.groups:
            painter.draw(g.items)
        ctx.restore()
        painter.reset()
        surface.show_page()
        surface.finish()
        return buf.getvalue()
    plan = plan_pages(scene, paper, landscape)
    cells = _cells(scene, plan)
    markers = _continuations(scene, plan)
    for n, cell in enumerate(plan.pages, 1):
        r, c = cell
        _frame(painter, scene, plan, cell, pw, ph)
        ctx.save()
        ctx.translate(PAGE_MARGIN, PAGE_MARGIN + HEADER)
        ctx.rectangle(0, 0, plan.xs[c + 1] - plan.xs[c], plan.ys[r + 1] - plan.ys[r])
        ctx.clip()
        ctx.translate(-plan.xs[c], -plan.ys[r])
        for i in cells.get(cell, []):
            painter.draw(scene.groups[i].items)
        ctx.restore()
        painter.reset()
        ctx.save()
        ctx.translate(PAGE_MARGIN, PAGE_MARGIN + HEADER)
        for x, y, text, anchor in markers.get(cell, []):
            w = painter.width(text, 6.5, True)
            bx = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
            ctx.rectangle(bx - 2, y - 7, w + 4, 9)
            ctx.set_source_rgb(1, 1, 0.85)
            ctx.fill()
            painter.reset()
            painter.text(x, y, text, 6.5, True, "#8a3b00", anchor)
        ctx.restore()
        painter.reset()
        surface.show_page()
        report("pages", n, len(plan.pages))
    surface.finish()
    return buf.getvalue()


def _meta(surface, scene: Scene, title: str) -> None:
    try:
        surface.set_metadata(cairo.PDF_METADATA_TITLE, title or scene.facts.get("organisation", ""))
        surface.set_metadata(cairo.PDF_METADATA_CREATOR, f"orgraph {scene.facts.get('version', '')}")
    except (AttributeError, cairo.CairoError):  # cairo older than 1.16 has no PDF metadata
        pass


def footer_text(scene: Scene) -> str:
    f = scene.facts
    return f"orgraph {f.get('version', '')} · drawn {f.get('date', '')}"


def _frame(p: Painter, scene: Scene, plan: PagePlan, cell: tuple[int, int], pw: float, ph: float) -> None:
    """Header and footer of one sheet, with the map of all sheets."""
    f = scene.facts
    n, total = plan.number[cell], len(plan.pages)
    top = PAGE_MARGIN + 10
    p.text(PAGE_MARGIN, top, _clip(p, f.get("organisation", ""), 9, True, pw * 0.55), 9, True)
    source = f.get("source") or "no source document recorded"
    snap = f" · snapshot {f['snapshot']}" if f.get("snapshot") else ""
    p.text(pw - PAGE_MARGIN, top, _clip(p, f"source: {source}{snap}", 7.5, False, pw * 0.4), 7.5, False,
           "#444444", "end")
    ctx = p.ctx
    p.reset()
    ctx.set_source_rgb(0.7, 0.7, 0.7)
    ctx.set_line_width(0.5)
    ctx.set_dash([])
    ctx.move_to(PAGE_MARGIN, top + 6)
    ctx.line_to(pw - PAGE_MARGIN, top + 6)
    ctx.stroke()
    base = ph - PAGE_MARGIN - 8
    ctx.move_to(PAGE_MARGIN, base - 12)
    ctx.line_to(pw - PAGE_MARGIN, base - 12)
    ctx.stroke()
    where = f" · row {cell[0] + 1}, column {cell[1] + 1} of {plan.rows} × {plan.cols}" if total > 1 else ""
    p.text(PAGE_MARGIN, base, f"{footer_text(scene)} · {f.get('organisation', '')}"[:160], 7, False, "#444444")
    # the sheet map, right-aligned: one cell per sheet position, this one filled
    cell_w = max(2.0, min(8.0, 140.0 / plan.cols))
    cell_h = max(1.5, min(5.0, 18.0 / plan.rows))
    map_w, map_h = cell_w * plan.cols, cell_h * plan.rows
    label = f"page {n} of {total}{where}"
    lw = p.width(label, 7, True)
    mx = pw - PAGE_MARGIN - map_w
    my = ph - PAGE_MARGIN - map_h + 4
    p.text(mx - 8, base, label, 7, True, "#222222", "end")
    del lw
    if total > 1:
        for (r, c) in plan.pages:
            ctx.rectangle(mx + c * cell_w, my + r * cell_h, cell_w, cell_h)
            ctx.set_source_rgb(*(_rgb("#1f4e79") if (r, c) == cell else _rgb("#c9d3df")))
            ctx.fill()
        ctx.rectangle(mx, my, map_w, map_h)
        ctx.set_source_rgb(0.5, 0.5, 0.5)
        ctx.set_line_width(0.4)
        ctx.stroke()
    p.reset()


def _clip(p: Painter, text: str, size: float, bold: bool, width: float) -> str:
    if p.width(text, size, bold) <= width:
        return text
    while text and p.width(text + "…", size, bold) > width:
        text = text[:-1]
    return text + "…"


def _continuations(scene: Scene, plan: PagePlan) -> dict[tuple[int, int], list]:
    """Where edges cross a cut between two printed sheets: a marker on each side naming the other."""
    seen: set = set()
    out: dict[tuple[int, int], list] = {}

    def add(cell, x, y, text, anchor):
        key = (cell, round(x / 8), round(y / 8))
        if cell in plan.number and key not in seen:
            seen.add(key)
            out.setdefault(cell, []).append((x, y, text, anchor))

    xs, ys = plan.xs, plan.ys
    for g in scene.groups:
        if not g.cls.startswith("edge"):
            continue
        segments = [seg for it in g.items if isinstance(it, Path) and not it.closed_fill
                    for seg in zip(it.points, it.points[1:])]
        for (ax, ay), (bx, by) in segments:
            if ay == by:  # horizontal: crosses vertical cuts
                r = plan.row(ay)
                for k in range(plan.col(min(ax, bx)) + 1, plan.col(max(ax, bx)) + 1):
                    left, right = (r, k - 1), (r, k)
                    if left in plan.number and right in plan.number:
                        y = ay - ys[r] - 2
                        add(left, xs[k] - xs[k - 1] - 2, y, f"continued on page {plan.number[right]} →", "end")
                        add(right, 2, y, f"← continued on page {plan.number[left]}", "start")
            elif ax == bx:  # vertical: crosses horizontal cuts
                c = plan.col(ax)
                for k in range(plan.row(min(ay, by)) + 1, plan.row(max(ay, by)) + 1):
                    upper, lower = (k - 1, c), (k, c)
                    if upper in plan.number and lower in plan.number:
                        x = ax - xs[c] + 3
                        add(upper, x, ys[k] - ys[k - 1] - 3, f"continued on page {plan.number[lower]} ↓", "start")
                        add(lower, x, 9, f"↑ continued on page {plan.number[upper]}", "start")
    return out


def png_size(scene: Scene, scale: float) -> tuple[int, int]:
    return math.ceil(scene.width * scale), math.ceil(scene.height * scale)


def to_png(scene: Scene, *, scale: float = 1.5, progress: Progress | None = None) -> bytes:
    """The whole chart as one PNG at ``scale`` pixels per point; refused (with the size) when too big."""
    w, h = png_size(scene, scale)
    if w > PNG_LIMIT or h > PNG_LIMIT or w * h > PNG_MAX_PIXELS:
        fits = min(PNG_LIMIT / scene.width, PNG_LIMIT / scene.height, math.sqrt(PNG_MAX_PIXELS / (scene.width * scene.height)))
        raise InputError(f"a PNG of this chart would be {w:,} × {h:,} px at {scale:g} px/pt (a PNG here is at most "
                         f"{PNG_LIMIT:,} px a side and {PNG_MAX_PIXELS // 1_000_000} megapixels); use --png-scale "
                         f"{math.floor(fits * 100) / 100:g} or less, or SVG, or a paged PDF (--paper A3)")
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.scale(scale, scale)
    painter = Painter(ctx)
    for i, g in enumerate(scene.groups):
        painter.draw(g.items)
        if i % 20000 == 0 and progress:
            progress("png", i, len(scene.groups))
    buf = io.BytesIO()
    surface.write_to_png(buf)
    return buf.getvalue()
