"""The coverage grid as a heatmap figure: one row per pair of actors, one column per year."""

from __future__ import annotations

from typing import Any

from actorgraph.ask.coverage import NOTHING, SEVERAL, Coverage
from actorgraph.model.vocab import vocabulary
from actorgraph.present.figures import draw_text, new_figure, save_figure

__all__ = ["coverage_figure", "state_colours"]

# Colour-blind-safe (Okabe-Ito) colours, handed out to the ontology's relation kinds in its order.
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
_SEVERAL = "#7F7F7F"
_NOTHING = "#FFFFFF"


def state_colours() -> dict[str, str]:
    """The colour of each state a pair-year can be in: one per relation kind, several, nothing known.

    >>> colours = state_colours()
    >>> colours["nothing known"], len(colours) == len(vocabulary().relation_kinds) + 2
    ('#FFFFFF', True)
    """
    colours = {kind: _PALETTE[n % len(_PALETTE)] for n, kind in enumerate(vocabulary().relation_kinds)}
    return {**colours, SEVERAL: _SEVERAL, NOTHING: _NOTHING}


def coverage_figure(grid: Coverage, fmt: str = "svg", *, source: str = "actorgraph") -> bytes:
    """A heatmap of a coverage grid as SVG, PNG or PDF bytes: colour = what is known, number = sources.

    >>> from actorgraph.ask.coverage import coverage
    >>> grid = coverage(open_graph(), ["Russia", "Syrian government", "Turkey"], Period.between(2015, 2017))
    >>> svg = coverage_figure(grid).decode()
    >>> "Russia / Government of Syria (Assad)" in svg and "2016" in svg
    True
    """
    from matplotlib.patches import Patch, Rectangle

    colours = state_colours()
    pairs = grid.pairs
    years = grid.years
    label_width = max((len(f"{a.label} / {b.label}") for a, b in pairs), default=10)
    width = 1.0 + label_width * 0.075 + 0.42 * len(years)
    height = 1.6 + 0.24 * len(pairs)
    fig = new_figure(width, height)
    left = (label_width * 0.075 + 0.3) / width
    ax = fig.add_axes((left, 0.9 / height, 1 - left - 0.2 / width, 1 - 1.6 / height))
    ax.set_xlim(0, len(years))
    ax.set_ylim(len(pairs), 0)
    for row, (a, b) in enumerate(pairs):
        for col, cell in enumerate(grid.row(a, b)):
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=colours[cell.state], edgecolor="#DDDDDD", linewidth=0.5))
            if cell.kinds:
                dark = cell.state != NOTHING and colours[cell.state] not in ("#F0E442", "#56B4E9", "#E69F00")
                draw_text(
                    ax,
                    col + 0.5,
                    row + 0.55,
                    str(cell.sources),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if dark else "black",
                )
    ax.set_xticks([c + 0.5 for c in range(len(years))], [str(y) for y in years], fontsize=7, rotation=90)
    ax.set_yticks([r + 0.5 for r in range(len(pairs))], [f"{a.label} / {b.label}" for a, b in pairs], fontsize=7)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    used = {c.state for a, b in pairs for c in grid.row(a, b)}
    handles: list[Any] = [
        Patch(facecolor=colours[s], edgecolor="#999999", label=s) for s in colours if s in used or s == NOTHING
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=len(handles),
        fontsize=7,
        frameon=False,
        handlelength=1.2,
    )
    counts = grid.counts()
    known = sum(counts.values()) - counts.get(NOTHING, 0)
    caption = (
        f"What the data states of each pair, {grid.first_year}-{grid.last_year} "
        f"({known} of {sum(counts.values())} pair-years known); the number in a cell is its sources. Source: {source}"
    )
    draw_text(fig, 0.01, 0.01, caption, fontsize=6.5, color="#555555", ha="left", va="bottom")
    return save_figure(fig, fmt)
