"""A tidy tree layout in linear time for boxes of any size, with compact fan-outs.

Reingold–Tilford as Buchheim and Walker made it linear: subtrees are laid out
bottom-up, each keeps its left and right contour (one extent per level), and a
sibling is pushed right just far enough to clear its left neighbours at every
level they share. Contours are stored deepest level first with a shared offset,
so merging two costs the height of the shorter one and moving one costs
nothing; the whole layout is O(n) and iterative (a chain 10,000 deep is fine).

Levels are global: every box at one depth has the same top, and the gap
between two levels is free of boxes, so an edge drawn as a bus in that gap
(down from the superior, across, down into the report) never crosses a box.

Compact fan-outs: when a node has ``stack_min`` or more leaf children, those
leaves are stacked in columns under it (pairs of columns share a trunk that
runs in the gap between them), one level per row, instead of one endless row.

Input is plain: sizes and a parent index per node (``-1`` for a root); several
roots sit side by side. ``direction="LR"`` lays the same tree out sideways.

>>> t = layout([60, 40, 40], [20, 20, 20], [-1, 0, 0], hgap=10, vgap=20, stack_min=0)
>>> [(round(t.x[i]), round(t.y[i])) for i in range(3)]
[(15, 0), (0, 40), (50, 40)]
>>> t.width, t.height
(90.0, 60.0)
>>> t.edges[1]
[(45.0, 20.0), (45.0, 30.0), (20.0, 30.0), (20.0, 40.0)]
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Sequence

Point = tuple[float, float]
Progress = Callable[[str, int, int], None]

TRUNK = 14.0  # width of the gap a pair of stacked columns' trunk runs in
MAX_COLUMNS = 48  # a fan-out of 2,000 (UK junior posts under one senior) still makes a squarish block
BLOCK_ASPECT = 1.0
CHANNEL = 14.0  # width of the channel down the left of wrapped rows
WRAP_MIN = 4  # fewer children than this always stay in one row
WRAP_ASPECT = 1.6  # wrapped rows aim at a block this much wider than tall  # stacked leaves aim at a block about as wide as it is tall


@dataclass
class TreeLayout:
    """Top-left corners and edge polylines, in the input's units, origin at (0, 0)."""

    x: list[float]
    y: list[float]
    w: list[float]
    h: list[float]
    parent: list[int]
    edges: dict[int, list[Point]]  # child index -> polyline from its parent's box to its own
    width: float
    height: float
    direction: str
    level: list[int]  # layout level of each node (a stacked leaf's row counts as a level)
    stacked: set[int] = field(default_factory=set)
    # per level: (start, end) of the level band along the depth axis, and the boxes' sorted
    # breadth intervals, for routing overlay edges through free space
    _bands: list[tuple[float, float]] = field(default_factory=list, repr=False)
    _occupied: list[list[tuple[float, float]]] = field(default_factory=list, repr=False)
    vgap: float = 0.0

    def box(self, i: int) -> tuple[float, float, float, float]:
        return self.x[i], self.y[i], self.x[i] + self.w[i], self.y[i] + self.h[i]

    def route(self, a: int, b: int, lane: float = 0.3) -> list[Point]:
        """A polyline from box ``a`` to box ``b`` through free space only.

        It leaves ``a`` through the gap band beside its level, crosses each
        level in between at a free spot nearest its course, and enters ``b``
        from the gap band next to b's level. ``lane`` (0..1) picks the height
        inside the gap bands, so overlays keep off the tree's buses (at 0.5).
        """
        tb = self.direction == "TB"

        def ab(i: int) -> tuple[float, float, float, float]:  # breadth start/end, depth start/end
            return (self.x[i], self.x[i] + self.w[i], self.y[i], self.y[i] + self.h[i]) if tb else \
                (self.y[i], self.y[i] + self.h[i], self.x[i], self.x[i] + self.w[i])

        a0, a1, ad0, ad1 = ab(a)
        b0, b1, bd0, bd1 = ab(b)
        la, lb = self.level[a], self.level[b]
        # Exit a on the side facing b (below when b is as deep or deeper), off-centre so the
        # overlay does not run along a's own line edge.
        pa = a0 + (a1 - a0) * 0.75
        pb = b0 + (b1 - b0) * 0.25
        points: list[Point] = []
        if lb >= la:
            start_gap = la  # the gap below level la
            end_gap = lb - 1  # the gap above level lb
            points.append((pa, ad1))
            if end_gap < start_gap:  # same level: along the gap below it, in at the bottom
                d = self._gap_depth(la, lane)
                points += [(pa, d), (pb, d), (pb, bd1)]
                return self._out(points)
            d = self._gap_depth(start_gap, lane)
            points.append((pa, d))
            cur = pa
            for lv in range(la + 1, lb):
                cur = self._free(lv, cur, pb)
                points.append((cur, d))
                d = self._gap_depth(lv, lane)
                points.append((cur, d))
            points += [(pb, d), (pb, bd0)]
        else:
            points.append((pa, ad0))
            d = self._gap_depth(la - 1, lane)
            points.append((pa, d))
            cur = pa
            for lv in range(la - 1, lb, -1):
                cur = self._free(lv, cur, pb)
                points.append((cur, d))
                d = self._gap_depth(lv - 1, lane)
                points.append((cur, d))
            points += [(pb, d), (pb, bd1)]
        return self._out(points)

    def _gap_depth(self, lv: int, lane: float) -> float:
        """A depth inside the gap below level ``lv`` (``-1``: above level 0)."""
        if lv < 0:
            return self._bands[0][0] - self.vgap * lane
        end = self._bands[lv][1]
        return end + self.vgap * lane

    def _free(self, lv: int, near: float, goal: float, margin: float = 4.0) -> float:
        """A breadth position where level ``lv`` has no box, close to ``near`` and leaning to ``goal``."""
        occ = self._occupied[lv]
        i = bisect_left(occ, (near, math.inf)) - 1
        if i < 0 or occ[i][1] + margin <= near:
            nxt = occ[i + 1][0] if i + 1 < len(occ) else math.inf
            if near <= nxt - margin:
                return near
        # blocked: step to the nearer free side of the box in the way (or past it towards goal)
        j = i if i >= 0 and occ[i][1] + margin > near else i + 1
        left = occ[j][0] - margin if j - 1 < 0 or occ[j - 1][1] < occ[j][0] - 2 * margin else None
        right = occ[j][1] + margin if j + 1 >= len(occ) or occ[j + 1][0] > occ[j][1] + 2 * margin else None
        if left is None and right is None:  # boxes packed tight: walk to the first real gap
            k = j
            while k + 1 < len(occ) and occ[k + 1][0] <= occ[k][1] + 2 * margin:
                k += 1
            return occ[k][1] + margin
        if left is None:
            return right  # type: ignore[return-value]
        if right is None:
            return left
        return left if abs(goal - left) <= abs(goal - right) else right

    def _out(self, points: list[Point]) -> list[Point]:
        if self.direction == "TB":
            return points
        return [(d, b) for b, d in points]


def _merge(ccs: list[list], gap: float) -> tuple[list, list[float]]:
    """Pack contours left to right; the merged contour and each one's position (the first at 0).

    Consumes (reuses) the contours given. Cost: the height of the shorter contour per merge.
    """
    group = None
    pos: list[float] = []
    for cc in ccs:
        if group is None:
            group, s = cc, 0.0
        else:
            gl, gr, go = group
            cl, cr, co = cc
            lg, lc = len(gl), len(cl)
            m = min(lg, lc)
            s = -math.inf
            for k in range(1, m + 1):
                need = gr[lg - k] + go - (cl[lc - k] + co) + gap
                if need > s:
                    s = need
            if lg >= lc:
                for k in range(1, m + 1):
                    gr[lg - k] = cr[lc - k] + co + s - go
            else:
                no = co + s
                for k in range(1, m + 1):
                    cl[lc - k] = gl[lg - k] + go - no
                cc[2] = no
                group = cc
        pos.append(s)
    return group, pos


def _rows(ccs: list[list], gap: float, level_est: float) -> list[list[int]]:
    """Split a row of subtrees into rows when it is far wider than the block they would make.

    The target width makes the block about ``WRAP_ASPECT`` times as wide as tall, estimating a
    level's depth as ``level_est``; a row never gets narrower than its widest subtree.
    """
    widths = [max(map(operator.sub, cc[1], cc[0])) for cc in ccs]
    total = sum(widths) + gap * (len(ccs) - 1)
    area = sum(w * len(cc[0]) * level_est for w, cc in zip(widths, ccs))
    target = max(max(widths), math.sqrt(area * WRAP_ASPECT))
    if total <= target * 1.3:
        return [list(range(len(ccs)))]
    rows: list[list[int]] = [[]]
    used = 0.0
    for j, w in enumerate(widths):
        if rows[-1] and used + gap + w > target:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + w
        rows[-1].append(j)
    return rows


def columns_for(n: int, leaf_w: float, leaf_h: float, hgap: float, vgap: float) -> int:
    """Columns for ``n`` stacked leaves: a block about as wide as tall, even (pairs share a trunk).

    >>> [columns_for(n, 160, 40, 10, 20) for n in (3, 6, 20, 60, 400, 2000)]
    [2, 2, 2, 4, 12, 26]
    """
    cell_w = leaf_w + hgap + TRUNK / 2
    cell_h = leaf_h + vgap
    cols = math.sqrt(n * cell_h / (cell_w * BLOCK_ASPECT))
    cols = max(2, 2 * round(cols / 2))
    return min(cols, MAX_COLUMNS, max(2, n))


def layout(widths: Sequence[float], heights: Sequence[float], parents: Sequence[int], *,
           direction: str = "TB", hgap: float = 12.0, vgap: float = 28.0, root_gap: float | None = None,
           stack_min: int = 3, stackable: Sequence[bool] | None = None, wrap: bool = True,
           progress: Progress | None = None) -> TreeLayout:
    """Lay out a forest. ``parents[i]`` is the index of node i's parent or -1; children keep index order.

    ``stack_min``: stack a node's leaf children in columns once it has this many (0: never).
    ``stackable[i]`` false keeps leaf i out of stacks. ``wrap``: a row of subtrees much wider
    than it is deep goes on in further rows below, joined by a channel on its left. ``progress(stage, done, total)`` is called
    now and then on large inputs.
    """
    if direction not in ("TB", "LR"):
        raise ValueError(f"direction must be TB or LR, not {direction!r}")
    n = len(parents)
    tb = direction == "TB"
    bs = list(widths) if tb else list(heights)  # size along the breadth axis
    ds = list(heights) if tb else list(widths)  # size along the depth axis
    root_gap = hgap * 3 if root_gap is None else root_gap
    report = progress or (lambda stage, done, total: None)

    children: list[list[int]] = [[] for _ in range(n + 1)]
    V = n  # the virtual root above every root
    for i, p in enumerate(parents):
        if p == i or not (-1 <= p < n):
            raise ValueError(f"node {i}: bad parent {p}")
        children[V if p < 0 else p].append(i)

    # Order: breadth-first from the virtual root; this also proves the links form a forest.
    order = [V]
    for i in order:
        order.extend(children[i])
        if len(order) > n + 1:
            break
    if len(order) != n + 1:
        raise ValueError("parent links form a cycle")

    # Compact fan-outs: a block stands in for a node's stacked leaves.
    blocks: dict[int, tuple[list[int], int, list[float], float]] = {}  # parent -> (leaves, cols, column centres, width)
    kids: list[list[int]] = [c for c in children]  # layout children; a block is -1 - parent
    stacked: set[int] = set()
    if stack_min:
        for p in range(n):
            ch = children[p]
            if len(ch) < stack_min:
                continue
            leaves = [c for c in ch if not children[c] and (stackable is None or stackable[c])]
            if len(leaves) < stack_min:
                continue
            cw = max(bs[c] for c in leaves)
            cols = columns_for(len(leaves), cw, max(ds[c] for c in leaves), hgap, vgap)
            offsets = []  # column centres from the block's left edge
            left = 0.0
            for c in range(cols):
                if c and c % 2 == 0:
                    left += hgap
                elif c % 2 == 1:
                    left += TRUNK
                offsets.append(left + cw / 2)
                left += cw
            blocks[p] = (leaves, cols, [o - left / 2 for o in offsets], cw)
            leafset = set(leaves)
            first = ch.index(leaves[0])
            rest = [c for c in ch if c not in leafset]
            kids[p] = rest[:first] + [-1 - p] + rest[first:]
            stacked.update(leaves)

    # Bottom-up: relative positions and contours (lists deepest first, value = entry + offset).
    rel = [0.0] * (n + 1)  # centre relative to parent's centre
    roff = [0] * (n + 1)  # levels a child sits below its parent's first child level (wrapped rows)
    block_rel: dict[int, float] = {}
    block_off: dict[int, int] = {}
    channel: dict[int, float] = {}  # wrapped parent -> its channel's centre, relative to the parent
    level_est = (sum(ds) / n if n else 0.0) + vgap
    contour: dict[int, list] = {}
    done = 0
    for i in reversed(order):
        done += 1
        if done % 20000 == 0:
            report("layout", done, n)
        seq = kids[i]
        if not seq:
            contour[i] = [[-bs[i] / 2], [bs[i] / 2], 0.0]
            continue
        gap = root_gap if i == V else hgap
        ccs = []
        for c in seq:
            if c < 0:  # a block of stacked leaves
                leaves, cols, offs, cw = blocks[-1 - c]
                rows = -(-len(leaves) // cols)
                half = (offs[-1] - offs[0] + cw) / 2
                ccs.append([[-half] * rows, [half] * rows, 0.0])
            else:
                ccs.append(contour.pop(c))
        rows = _rows(ccs, gap, level_est) if wrap and len(seq) >= WRAP_MIN else [list(range(len(seq)))]
        offs_of = [0] * len(seq)
        if len(rows) == 1:
            group, positions = _merge(ccs, gap)
        else:
            # Rows of subtrees one under another; a channel down their left side carries the
            # superior's line to each row's bus (none for the roots, which have no superior).
            chw = 0.0 if i == V else CHANNEL
            positions = [0.0] * len(seq)
            fwd_l: list[float] = []
            fwd_r: list[float] = []
            level_off = 0
            for row in rows:
                g, pos = _merge([ccs[j] for j in row], gap)
                gl, gr, go = g
                shift = (chw + hgap / 2 if chw else 0.0) - (min(gl) + go)
                for j, p_ in zip(row, pos):
                    positions[j] = p_ + shift
                    offs_of[j] = level_off
                h = len(gl)
                for k in range(h):
                    fwd_l.append(0.0 if chw else gl[h - 1 - k] + go + shift)
                    fwd_r.append(gr[h - 1 - k] + go + shift)
                level_off += h
            group = [fwd_l[::-1], fwd_r[::-1], 0.0]
            first = rows[0]
            if chw:
                channel[i] = chw / 2 - (positions[first[0]] + positions[first[-1]]) / 2
        first_row = rows[0]
        mid = (positions[first_row[0]] + positions[first_row[-1]]) / 2
        for j, c in enumerate(seq):
            if c < 0:
                block_rel[-1 - c] = positions[j] - mid
                block_off[-1 - c] = offs_of[j]
            else:
                rel[c] = positions[j] - mid
                roff[c] = offs_of[j]
        group[2] -= mid
        go = group[2]
        group[0].append(-bs[i] / 2 - go if i != V else 0.0 - go)
        group[1].append(bs[i] / 2 - go if i != V else 0.0 - go)
        contour[i] = group
    contour.clear()

    # Levels: a stacked leaf's row, and a wrapped row of subtrees, go down whole levels.
    level = [0] * (n + 1)
    level[V] = -1
    for i in order:
        if i in blocks:
            leaves, cols = blocks[i][:2]
            for j, c in enumerate(leaves):
                level[c] = level[i] + 1 + block_off[i] + j // cols
        for c in children[i]:
            if c not in stacked:
                level[c] = level[i] + 1 + roff[c]
    depth_count = max(level[:n], default=-1) + 1
    level_size = [0.0] * depth_count
    for i in range(n):
        if ds[i] > level_size[level[i]]:
            level_size[level[i]] = ds[i]
    level_pos = [0.0] * depth_count
    for k in range(1, depth_count):
        level_pos[k] = level_pos[k - 1] + level_size[k - 1] + vgap

    # Top-down: absolute centres along the breadth axis.
    centre = [0.0] * (n + 1)
    for i in order:
        ci = centre[i]
        for c in children[i]:
            if c not in stacked:
                centre[c] = ci + rel[c]
        if i in blocks:
            leaves, cols, offs, _ = blocks[i]
            b = ci + block_rel[i]
            for j, c in enumerate(leaves):
                centre[c] = b + offs[j % cols]
    lo = min((centre[i] - bs[i] / 2 for i in range(n)), default=0.0)
    b0 = [centre[i] - bs[i] / 2 - lo for i in range(n)]
    d0 = [level_pos[level[i]] for i in range(n)]
    breadth = max((b0[i] + bs[i] for i in range(n)), default=0.0)
    depth = (level_pos[-1] + level_size[-1]) if depth_count else 0.0
    report("layout", n, n)

    # Edges in (breadth, depth), then turned for LR.
    edges: dict[int, list[Point]] = {}
    for i in range(n):
        p = parents[i]
        if p < 0:
            continue
        pc = b0[p] + bs[p] / 2
        bottom = d0[p] + ds[p]
        bus = level_pos[level[p] + 1] - vgap / 2
        if i in stacked:  # combs, below
            continue
        cc = b0[i] + bs[i] / 2
        if roff[i]:  # a wrapped row: down the channel to the row's own bus
            chx = centre[p] + channel[p] - lo
            bus_r = level_pos[level[p] + 1 + roff[i]] - vgap / 2
            edges[i] = [(pc, bottom), (pc, bus), (chx, bus), (chx, bus_r), (cc, bus_r), (cc, d0[i])]
        else:
            edges[i] = [(pc, bottom), (pc, bus), (cc, bus), (cc, d0[i])]
    for p, (leaves, cols, offs, cw) in blocks.items():
        pc = b0[p] + bs[p] / 2
        bottom = d0[p] + ds[p]
        bus = level_pos[level[p] + 1] - vgap / 2
        block_centre = centre[p] + block_rel[p] - lo
        for j, c in enumerate(leaves):
            col = j % cols
            middle = block_centre + offs[col]
            if col % 2 == 1:  # right of a pair: the trunk is in the gap on its left
                trunk, side = middle - cw / 2 - TRUNK / 2, b0[c]
            elif col + 1 < cols:  # left of a pair: the trunk is in the gap on its right
                trunk, side = middle + cw / 2 + TRUNK / 2, b0[c] + bs[c]
            else:  # a lone last column: its trunk in the gap before it
                trunk, side = middle - cw / 2 - hgap / 2, b0[c]
            mid = d0[c] + ds[c] / 2
            if block_off[p]:
                chx = centre[p] + channel[p] - lo
                bus_r = level_pos[level[p] + 1 + block_off[p]] - vgap / 2
                edges[c] = [(pc, bottom), (pc, bus), (chx, bus), (chx, bus_r), (trunk, bus_r), (trunk, mid),
                            (side, mid)]
            else:
                edges[c] = [(pc, bottom), (pc, bus), (trunk, bus), (trunk, mid), (side, mid)]

    # Free space per level, for overlays.
    bands = [(level_pos[k], level_pos[k] + level_size[k]) for k in range(depth_count)]
    occupied: list[list[tuple[float, float]]] = [[] for _ in range(depth_count)]
    for i in range(n):
        occupied[level[i]].append((b0[i], b0[i] + bs[i]))
    for occ in occupied:
        occ.sort()

    if tb:
        x, y, w, h, width, height = b0, d0, bs, ds, breadth, depth
        out_edges = edges
    else:
        x, y, w, h, width, height = d0, b0, ds, bs, depth, breadth
        out_edges = {k: [(d, b) for b, d in pts] for k, pts in edges.items()}
    return TreeLayout(x=x, y=y, w=list(w), h=list(h), parent=list(parents), edges=out_edges, width=width,
                      height=height, direction=direction, level=level[:n], stacked=stacked,
                      _bands=bands, _occupied=occupied, vgap=vgap)


def overlaps(t: TreeLayout, eps: float = 0.01) -> list[tuple[int, int]]:
    """Pairs of boxes that overlap (a sweep over x; for tests and checks).

    >>> overlaps(layout([10, 10], [10, 10], [-1, -1]))
    []
    """
    idx = sorted(range(len(t.x)), key=t.x.__getitem__)
    active: list[int] = []
    out = []
    for i in idx:
        xi = t.x[i]
        active = [j for j in active if t.x[j] + t.w[j] > xi + eps]
        for j in active:
            if t.y[i] < t.y[j] + t.h[j] - eps and t.y[j] < t.y[i] + t.h[i] - eps:
                out.append((j, i))
        active.append(i)
    return out


def crossings(t: TreeLayout, polylines: dict[tuple[int, int], list[Point]], eps: float = 0.5) -> list:
    """(edge, box) pairs where an edge runs through the inside of a box.

    Axis-aligned segments only (every edge here is). Boxes are bucketed in a grid.
    """
    cell = max(50.0, (t.width * t.height / max(1, len(t.x))) ** 0.5)
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(t.x)):
        x0, y0, x1, y1 = t.box(i)
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(int(y0 // cell), int(y1 // cell) + 1):
                grid.setdefault((gx, gy), []).append(i)
    bad = []
    for key, pts in polylines.items():
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            sx0, sx1, sy0, sy1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            seen = set()
            for gx in range(int(sx0 // cell), int(sx1 // cell) + 1):
                for gy in range(int(sy0 // cell), int(sy1 // cell) + 1):
                    for i in grid.get((gx, gy), ()):
                        if i in seen:
                            continue
                        seen.add(i)
                        x0, y0, x1, y1 = t.box(i)
                        if sx0 < x1 - eps and sx1 > x0 + eps and sy0 < y1 - eps and sy1 > y0 + eps:
                            bad.append((key, i))
    return bad
