"""Chart geometry for inline SVG drawn by the server: lines over days, stacked day bars, ranked bars.

These functions only compute coordinates and labels; ``templates/_charts.html`` draws them, so
no label ever becomes markup. Each chart also keeps its numbers for a table that screen readers
(and anyone curious) can open.
"""

from __future__ import annotations

import math

from pydantic import BaseModel

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


class Tick(BaseModel):
    """A labelled position on an axis."""

    at: float
    label: str


class Point(BaseModel):
    """A data point of a line chart; ``value`` is None on days without data."""

    x: float
    y: float | None
    day: str
    value: str


class LineChart(BaseModel):
    """A line over days with its axes."""

    points: list[Point]
    path: str
    xticks: list[Tick]
    yticks: list[Tick]


class Segment(BaseModel):
    """One coloured part of a stacked bar."""

    y: float
    height: float
    colour: str
    label: str
    value: int


class Column(BaseModel):
    """One day's stacked bar."""

    x: float
    width: float
    day: str
    segments: list[Segment]


class StackedChart(BaseModel):
    """Stacked bars per day with their axes."""

    columns: list[Column]
    series: list[tuple[str, str]]
    """(colour, label) of each series, for the legend and the table."""
    xticks: list[Tick]
    yticks: list[Tick]


class Bar(BaseModel):
    """One ranked horizontal bar."""

    label: str
    value: int
    width: float
    y: float


class BarChart(BaseModel):
    """Ranked horizontal bars (e.g. rejection reasons)."""

    bars: list[Bar]
    height: float


def nice_max(value: float) -> float:
    """Return a round number at or above ``value`` whose quarters are round too (1, 2, 4, 6 or 8 x 10^k)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 4, 6, 8, 10) if step * power >= value))


def _x(index: int, count: int) -> float:
    """Return the x of the ``index``-th of ``count`` evenly spaced days."""
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: float, top: float) -> float:
    """Return the y of a value on an axis from 0 to ``top``."""
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _xticks(days: list[str]) -> list[Tick]:
    """Return about six day labels spread along the x axis."""
    step = max(1, math.ceil(len(days) / 6))
    return [Tick(at=_x(i, len(days)), label=days[i][5:]) for i in range(0, len(days), step)]


def _yticks(top: float, suffix: str, decimals: int | None = None) -> list[Tick]:
    """Return five labelled gridlines from 0 to ``top``, with as few decimals as the scale needs."""
    if decimals is None:
        decimals = 0 if top >= 8 else 1 if top >= 0.8 else 2
    return [Tick(at=_y(top * i / 4, top), label=f"{top * i / 4:.{decimals}f}{suffix}") for i in range(5)]


def _count_top(value: float) -> float:
    """Return the top of a count axis: a multiple of 4, so its five gridlines are whole numbers."""
    return float(max(4, math.ceil(value / 4) * 4))


def line_chart(days: list[str], values: list[float | None], *, fmt: str, suffix: str = "",
               top: float | None = None) -> LineChart:
    """Return a line chart of one value per day (labelled with ``fmt``); gaps where a day has no value."""
    top = top or nice_max(max((v for v in values if v is not None), default=0.0))
    points, path, pen_down = [], [], False
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        x = _x(i, len(days))
        y = _y(value, top) if value is not None else None
        points.append(Point(x=x, y=y, day=day, value=fmt.format(value) if value is not None else "no data"))
        if y is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return LineChart(points=points, path=" ".join(path), xticks=_xticks(days), yticks=_yticks(top, suffix))


def stacked_chart(days: list[str], series: dict[str, list[int]], labels: dict[str, str],
                  colours: tuple[str, ...] = ("ok", "bad", "warn", "muted")) -> StackedChart:
    """Return stacked bars per day, one colour per series (in order), bottom to top."""
    colour = dict(zip(series, colours, strict=False))
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    top = _count_top(max(totals, default=0))
    width = max(2.0, (WIDTH - LEFT - RIGHT) / max(1, len(days)) * 0.7)
    columns = []
    for i, day in enumerate(days):
        base, segments = 0, []
        for name, values in series.items():
            if values[i]:
                y = _y(base + values[i], top)
                segments.append(Segment(y=y, height=_y(base, top) - y, colour=colour[name], label=labels[name],
                                        value=values[i]))
                base += values[i]
        columns.append(Column(x=_x(i, len(days)) - width / 2, width=width, day=day, segments=segments))
    return StackedChart(columns=columns, series=[(colour[name], labels[name]) for name in series], xticks=_xticks(days),
                        yticks=_yticks(top, "", decimals=0))


def bar_chart(counts: dict[str, int], *, limit: int = 12) -> BarChart:
    """Return horizontal bars for the largest counts, biggest first."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    top = max((value for _, value in ranked), default=1)
    bars = [Bar(label=label, value=value, width=max(1.0, 300 * value / top), y=8 + 28 * i)
            for i, (label, value) in enumerate(ranked)]
    return BarChart(bars=bars, height=16 + 28 * len(bars))
