"""The referral route chart: its content (resources/charts/route.json) and its layout.

`layout()` places the boxes on the chart's grid for a given width, wraps each box's text
with a measuring callback the renderer supplies, and routes the arrows. Qt (screen) and
reportlab (paper) both draw from the same result, so the chart reads the same everywhere.

Coordinates run from the top left, y downwards, in whatever unit `measure` uses
(points for reportlab, device pixels for Qt). No Qt and no reportlab here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.paths import resource_dir
from app.screening.vocabulary import fill

KINDS = ("start", "step", "decision", "outcome", "emergency")
ROUTES = ("auto", "down-then-across")

# measure(text, font_size, bold) -> the width of `text` set in that size and weight.
Measure = Callable[[str, float, bool], float]

# Proportions, in units of the font size, so the chart scales as one piece.
LEADING = 1.3  # line spacing
BASELINE = 0.99  # from the top of a line to its baseline
PAD_X, PAD_Y = 0.65, 0.55  # inside each box
MARGIN = 0.6  # round the whole chart, so thick borders are not clipped
MIN_GAP_X, MIN_GAP_Y = 2.2, 2.6  # between columns and between rows
POINT = 0.9  # how far a decision's pointed ends stick out beyond its text
LINE_WIDTH = 0.08  # ordinary border and arrow line
EMERGENCY_LINE_WIDTH = 0.25  # the 999 box stands out by its heavy border, not by colour
ARROW_HEAD = 0.6  # length of an arrow head
MIN_TEXT_WIDTH = 3.0  # a column narrower than this many font sizes is unreadable


class ChartError(ValueError):
    """The chart file is malformed, or the width is too small to draw it."""


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    column: int
    row: int
    text: str
    title: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.title} {self.text}".strip()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    route: str = "auto"


@dataclass(frozen=True)
class Chart:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    sources: tuple[str, ...] = ()

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


@dataclass(frozen=True)
class TextLine:
    text: str
    bold: bool
    x: float  # left end of the line
    baseline: float
    width: float  # as measured


@dataclass(frozen=True)
class Box:
    id: str
    kind: str
    x: float
    y: float
    w: float
    h: float
    lines: tuple[TextLine, ...]
    text_left: float  # the area the text must stay inside (a decision's is narrower)
    text_right: float
    line_width: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.h / 2

    def outline(self, point: float) -> tuple[tuple[float, float], ...]:
        """The shape's corners, clockwise from the top left (a decision has six)."""
        x, y, r, b = self.x, self.y, self.right, self.bottom
        if self.kind == "decision":
            return (
                (x + point, y),
                (r - point, y),
                (r, self.centre_y),
                (r - point, b),
                (x + point, b),
                (x, self.centre_y),
            )
        return ((x, y), (r, y), (r, b), (x, b))


@dataclass(frozen=True)
class Arrow:
    points: tuple[tuple[float, float], ...]  # the last point is the head's tip
    label: tuple[TextLine, ...] = ()
    label_rect: tuple[float, float, float, float] | None = None  # x, y, w, h


@dataclass(frozen=True)
class ChartLayout:
    width: float
    height: float
    font_size: float
    leading: float
    line_width: float
    arrow_head: float
    point: float  # the depth of a decision's pointed ends
    corner_radius: float  # for the rounded "start" box
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]

    def box(self, node_id: str) -> Box:
        for box in self.boxes:
            if box.id == node_id:
                return box
        raise KeyError(node_id)


def chart_path() -> Path:
    return resource_dir() / "charts" / "route.json"


@cache
def load_chart(path: Path | None = None) -> Chart:
    """Read and check the chart file; ChartError says what is wrong with it.

    Tier names and timescales in the file are vocabulary placeholders ({{tier.2.label}},
    {{when.consult}}), filled here, so the chart says what every other document says.
    """
    try:
        raw = json.loads((path or chart_path()).read_text(encoding="utf-8"))
        nodes = tuple(
            Node(
                id=str(n["id"]),
                kind=str(n["kind"]),
                column=int(n["column"]),
                row=int(n["row"]),
                text=fill(str(n.get("text", ""))),
                title=fill(str(n.get("title", ""))),
            )
            for n in raw["nodes"]
        )
        edges = tuple(
            Edge(
                source=str(e["from"]),
                target=str(e["to"]),
                label=fill(str(e.get("label", ""))),
                route=str(e.get("route", "auto")),
            )
            for e in raw["edges"]
        )
        chart = Chart(
            title=fill(str(raw.get("title", ""))),
            nodes=nodes,
            edges=edges,
            sources=tuple(str(s) for s in raw.get("sources", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:  # ValueError: a placeholder too
        raise ChartError(f"The route chart file could not be read: {exc}") from exc
    _check(chart)
    return chart


def _check(chart: Chart) -> None:
    ids = [node.id for node in chart.nodes]
    if len(set(ids)) != len(ids):
        raise ChartError("Two boxes in the route chart have the same id.")
    cells = [(node.column, node.row) for node in chart.nodes]
    if len(set(cells)) != len(cells):
        raise ChartError("Two boxes in the route chart share a grid cell.")
    for node in chart.nodes:
        if node.kind not in KINDS:
            raise ChartError(f"Unknown kind of box: {node.kind!r}.")
        if node.column < 0 or node.row < 0 or not node.full_text:
            raise ChartError(f"Box {node.id!r} has a bad position or no text.")
    known = set(ids)
    for edge in chart.edges:
        if edge.source not in known or edge.target not in known:
            raise ChartError(f"An arrow joins an unknown box: {edge.source} to {edge.target}.")
        if edge.route not in ROUTES:
            raise ChartError(f"Unknown arrow route: {edge.route!r}.")
        source, target = chart.node(edge.source), chart.node(edge.target)
        if target.row < source.row or (target.row == source.row and target.column == source.column):
            raise ChartError("Arrows run down the chart or sideways, never up.")
        if target.row > source.row + 1 and target.column != source.column:
            raise ChartError("A bent arrow may only go down one row.")


def wrap(text: str, width: float, measure: Measure, size: float, bold: bool) -> list[str]:
    """Greedy word wrap; a word wider than `width` on its own is broken by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if measure(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        while len(word) > 1 and measure(word, size, bold) > width:
            cut = len(word) - 1  # break with a hyphen, so the reader knows it goes on
            while cut > 1 and measure(word[:cut] + "-", size, bold) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def layout(
    width: float, measure: Measure, font_size: float, chart: Chart | None = None
) -> ChartLayout:
    """Lay the chart out to fill `width`; the height follows from the wrapped text."""
    chart = chart or load_chart()
    fs = font_size
    leading = LEADING * fs
    columns = max(node.column for node in chart.nodes) + 1
    rows = max(node.row for node in chart.nodes) + 1
    margin = MARGIN * fs

    sideways = [e for e in chart.edges if _first_leg_is_sideways(chart, e) and e.label]
    downward = [e for e in chart.edges if not _first_leg_is_sideways(chart, e) and e.label]
    widest_word = max(
        (measure(word, fs, True) for e in sideways for word in e.label.split()), default=0.0
    )
    gap_x = max(MIN_GAP_X * fs, widest_word + 1.2 * fs)
    column_width = (width - 2 * margin - (columns - 1) * gap_x) / columns
    point = min(POINT * fs, column_width * 0.06)  # narrow columns get shallower points
    if column_width - 2 * PAD_X * fs - 2 * point < MIN_TEXT_WIDTH * fs:
        raise ChartError("The space is too narrow to draw the route chart at this text size.")

    # Wrap every box's text to its column.
    wrapped: dict[str, list[tuple[str, bool]]] = {}
    for node in chart.nodes:
        inset = PAD_X * fs + (point if node.kind == "decision" else 0.0)
        room = column_width - 2 * inset
        lines = [(line, True) for line in wrap(node.title, room, measure, fs, True)]
        lines += [
            (line, node.kind in ("start", "decision"))
            for line in wrap(node.text, room, measure, fs, node.kind in ("start", "decision"))
        ]
        wrapped[node.id] = lines

    # Arrow labels, wrapped to the room beside their first leg.
    labels: dict[tuple[str, str], list[str]] = {}
    for edge in sideways:
        labels[(edge.source, edge.target)] = wrap(edge.label, gap_x - 0.8 * fs, measure, fs, True)
    for edge in downward:
        labels[(edge.source, edge.target)] = wrap(
            edge.label, column_width / 2 - 0.8 * fs, measure, fs, True
        )

    # Row heights: the tallest box, and room above the centre line for a sideways label.
    row_height = [0.0] * rows
    for node in chart.nodes:
        needed = len(wrapped[node.id]) * leading + 2 * PAD_Y * fs
        row_height[node.row] = max(row_height[node.row], needed)
    for edge in sideways:
        label_height = len(labels[(edge.source, edge.target)]) * leading
        row = chart.node(edge.source).row
        row_height[row] = max(row_height[row], 2 * (label_height + 0.5 * fs))
    tallest_down_label = max((len(labels[(e.source, e.target)]) for e in downward), default=0)
    gap_y = max(MIN_GAP_Y * fs, tallest_down_label * leading + 1.2 * fs)

    row_top = []
    y = margin
    for height in row_height:
        row_top.append(y)
        y += height + gap_y
    total_height = y - gap_y + margin

    boxes: dict[str, Box] = {}
    for node in chart.nodes:
        x = margin + node.column * (column_width + gap_x)
        top, h = row_top[node.row], row_height[node.row]
        inset = PAD_X * fs + (point if node.kind == "decision" else 0.0)
        left, right = x + inset, x + column_width - inset
        lines = wrapped[node.id]
        block = len(lines) * leading
        first = top + PAD_Y * fs if node.kind == "outcome" else top + (h - block) / 2
        centred = node.kind in ("start", "decision", "emergency")
        placed = []
        for index, (text, bold) in enumerate(lines):
            measured = measure(text, fs, bold)
            line_x = left + (right - left - measured) / 2 if centred else left
            placed.append(
                TextLine(text, bold, line_x, first + index * leading + BASELINE * fs, measured)
            )
        thickness = (EMERGENCY_LINE_WIDTH if node.kind == "emergency" else LINE_WIDTH) * fs
        boxes[node.id] = Box(
            node.id, node.kind, x, top, column_width, h, tuple(placed), left, right, thickness
        )

    arrows = tuple(
        _route(chart, edge, boxes, labels.get((edge.source, edge.target), []), measure, fs, gap_y)
        for edge in chart.edges
    )
    return ChartLayout(
        width=width,
        height=total_height,
        font_size=fs,
        leading=leading,
        line_width=LINE_WIDTH * fs,
        arrow_head=ARROW_HEAD * fs,
        point=point,
        corner_radius=0.8 * fs,
        boxes=tuple(boxes[node.id] for node in chart.nodes),
        arrows=arrows,
    )


def _first_leg_is_sideways(chart: Chart, edge: Edge) -> bool:
    return chart.node(edge.source).row == chart.node(edge.target).row


def _route(
    chart: Chart,
    edge: Edge,
    boxes: dict[str, Box],
    label: list[str],
    measure: Measure,
    fs: float,
    gap_y: float,
) -> Arrow:
    source, target = chart.node(edge.source), chart.node(edge.target)
    a, b = boxes[edge.source], boxes[edge.target]
    points: list[tuple[float, float]]
    if source.row == target.row:
        if target.column > source.column:
            points = [(a.right, a.centre_y), (b.x, b.centre_y)]
        else:
            points = [(a.x, a.centre_y), (b.right, b.centre_y)]
    elif edge.route == "down-then-across":
        side = b.right if target.column < source.column else b.x
        points = [(a.centre_x, a.bottom), (a.centre_x, b.centre_y), (side, b.centre_y)]
    elif source.column == target.column:
        points = [(a.centre_x, a.bottom), (b.centre_x, b.y)]
    else:
        middle = a.bottom + gap_y / 2
        points = [
            (a.centre_x, a.bottom),
            (a.centre_x, middle),
            (b.centre_x, middle),
            (b.centre_x, b.y),
        ]
    if not label:
        return Arrow(tuple(points))

    leading = LEADING * fs
    widths = [measure(line, fs, True) for line in label]
    block_w, block_h = max(widths), len(label) * leading
    (x0, y0), (x1, y1) = points[0], points[1]
    if y0 == y1:  # sideways: centred over the line
        left = (x0 + x1) / 2 - block_w / 2
        top = y0 - 0.3 * fs - block_h
        lines = tuple(
            TextLine(text, True, (x0 + x1) / 2 - w / 2, top + i * leading + BASELINE * fs, w)
            for i, (text, w) in enumerate(zip(label, widths, strict=True))
        )
    else:  # downwards: to the right of the line, halfway down the gap
        left = x0 + 0.45 * fs
        top = y0 + (min(y1 - y0, gap_y) - block_h) / 2
        lines = tuple(
            TextLine(text, True, left, top + i * leading + BASELINE * fs, w)
            for i, (text, w) in enumerate(zip(label, widths, strict=True))
        )
    return Arrow(tuple(points), lines, (left, top, block_w, block_h))


def arrow_parts(
    arrow: Arrow, head: float
) -> tuple[tuple[tuple[float, float], ...], tuple[tuple[float, float], ...]]:
    """The shaft (stopping where the head starts) and the head's three corners."""
    *rest, (px, py), (tx, ty) = arrow.points
    length = max(abs(tx - px), abs(ty - py)) or 1.0
    ux, uy = (tx - px) / length, (ty - py) / length  # legs are straight across or down
    bx, by = tx - ux * head, ty - uy * head
    half = head * 0.45
    shaft = (*rest, (px, py), (bx, by))
    return shaft, ((tx, ty), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half))


def outline(chart: Chart | None = None) -> list[str]:
    """The chart as numbered plain sentences, for screen readers and text-only help."""
    chart = chart or load_chart()
    number = {node.id: index for index, node in enumerate(chart.nodes, 1)}
    result = []
    for node in chart.nodes:
        text = node.full_text.rstrip(".:?") + ("?" if node.kind == "decision" else ".")
        going = [edge for edge in chart.edges if edge.source == node.id]
        nexts = [f"{edge.label}: go to {number[edge.target]}" for edge in going if edge.label]
        plain = [str(number[edge.target]) for edge in going if not edge.label]
        if plain:
            joined = plain[0] if len(plain) == 1 else f"{', '.join(plain[:-1])} or {plain[-1]}"
            nexts.append(f"next: {joined}")
        if nexts:
            text += " (" + "; ".join(nexts) + ")"
        result.append(f"{number[node.id]}. {text}")
    return result
