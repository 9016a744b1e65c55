"""The bias diagram: what stands between the escapees' suicide risk and the ratio the report computes.

A causal diagram drawn by code. Each factor's arrow is marked with the direction it pushes the reported
ratio (observed / expected suicides, on cumulative arrivals, at South Korea's crude rates) and whether
the report bounds it. The marks come from ``BIASES``, a declared table; where ``methods.suicide_bounds``
computes a direction (age, sex, the denominator), ``marks`` takes the computed one, and a test checks
that the declared table agrees with the computation at the default parameters.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import pandas as pd

from analysis.methods.suicide_bounds import AgeBounds, DenominatorBound, bias_direction
from analysis.present import report


class Bias(NamedTuple):
    key: str
    label: str  # as drawn (line breaks allowed)
    target: str  # the node the factor acts on
    direction: str  # how it pushes the reported ratio: "down", "up", "either" (bracketed) or "unknown"
    bounded: bool  # whether the report bounds it
    computed_by: str  # "age", "sex", "denominator" where suicide_bounds computes the direction; "" otherwise
    why: str  # one line: how it acts (for the alt text and the caption)

    @property
    def kind(self) -> str:
        """'risk': it changes the escapees' true risk (a reason for a difference, not a bias of measuring it);
        'question': it is what separates the crude ratio's question from the SMR's (``QUESTION``), a bias of
        neither; 'measurement': it biases the measured ratio (the count or the person-years)."""
        return "risk" if self.target == "true_risk" else "question" if self.key in QUESTION else "measurement"


#: The factors that separate the crude ratio's question from the SMR's, with what the SMR does with each:
#: the crude ratio, which judges the article's claim, keeps them as the article's comparison does (it adjusts
#: for nothing); the SMR adjusts for sex and is bounded for age between two structures (Section 4.3).
QUESTION = {"sex": "SMR adjusts", "age": "SMR bounded"}


BIASES: tuple[Bias, ...] = (
    Bias(
        "selection",
        "Selection into escape",
        "true_risk",
        "unknown",
        False,
        "",
        "who manages to escape and reach the South differs from those who stay, in ways not measured",
    ),
    Bias(
        "healthy_migrant",
        "Healthy-migrant effect",
        "true_risk",
        "down",
        False,
        "",
        "people fit enough to make the journey may be at lower risk than their origin population",
    ),
    Bias(
        "trauma",
        "Trauma before and\nduring escape",
        "true_risk",
        "up",
        False,
        "",
        "persecution, famine and the journey raise the risk",
    ),
    Bias(
        "misclassification",
        "Suicides recorded under\nother or unknown causes",
        "observed",
        "down",
        False,  # bounded for MOU's 2017-2019 counts only: no unknown-cause count exists for the primary series
        "",
        "suicides not recorded as such are missing from the count",
    ),
    Bias(
        "emigration",
        "Onward emigration,\nreturn north, deaths",
        "denominator",
        "down",
        True,
        "denominator",
        "people who left or died stay in cumulative arrivals",
    ),
    Bias(
        "denominator",
        "Person-years from\ncumulative arrivals",
        "expected",
        "down",
        True,
        "denominator",
        "too many person-years make the expected count too high",
    ),
    Bias(
        "age",
        "Age structure",
        "expected",
        "either",
        True,
        "age",
        "escapees arrived young but have aged since: the crude ratio keeps their age structure, as the article's "
        "comparison does, and two possible structures bracket the SMR at equal sex and age",
    ),
    Bias(
        "sex",
        "Sex structure\n(mostly women)",
        "expected",
        "down",
        True,
        "sex",
        "women's suicide rate is under half men's, so all-persons rates expect more suicides than rates by sex: "
        "the crude ratio keeps this, as the article's comparison does, and the SMR removes it",
    ),
)

NODES = {  # key: (x, y, label); factors in the left column, the path to the ratio in the middle
    "selection": (1.3, 6.1),
    "healthy_migrant": (1.3, 5.3),
    "trauma": (1.3, 4.45),
    "misclassification": (1.3, 3.35),
    "emigration": (1.3, 2.2),
    "age": (1.3, 1.0),
    "sex": (1.3, 0.05),
    "true_risk": (6.0, 5.3, "Escapees' true\nsuicide risk"),
    "observed": (6.0, 3.35, "Observed suicides (O)"),
    "denominator": (6.0, 2.2, None),
    "expected": (6.0, 0.55, "Expected suicides (E)\nat South Korea's rates"),
    "ratio": (9.0, 2.0, "Reported ratio\nO / E"),
}
ENTRY = {"selection": 0.8, "healthy_migrant": 0.5, "trauma": 0.2, "age": 0.75, "sex": 0.25}  # where arrows meet a box
SYMBOL = {"down": "↓", "up": "↑", "either": "±", "unknown": "?"}
COLOUR = {"down": report.PALETTE["blue"], "up": report.PALETTE["vermillion"], "either": "#444444", "unknown": "#444444"}
TARGET_WORDS = {
    "true_risk": "true risk",
    "observed": "observed count",
    "denominator": "denominator",
    "expected": "expected count",
}
WORDS = {
    "down": "pushes the ratio down",
    "up": "pushes the ratio up",
    "either": "could push it either way",
    "unknown": "has no known direction",
}


def marks(age: AgeBounds | None = None, denominator: DenominatorBound | None = None) -> tuple[Bias, ...]:
    """``BIASES`` with the directions ``suicide_bounds`` computed substituted where given:
    age and sex from ``AgeBounds`` (the bias pushes the crude ratio opposite to its adjustment); the
    denominator from ``DenominatorBound`` (cumulative arrivals overstating residents, ``factor_high > 1``,
    push the ratio down)."""
    computed = {}
    if age is not None:
        computed["age"] = bias_direction(age.direction)
        computed["sex"] = bias_direction(age.sex_direction)
    if denominator is not None and denominator.available:
        computed["denominator"] = "down" if denominator.factor_high.value > 1 else "either"
    return tuple(b._replace(direction=computed.get(b.computed_by, b.direction)) for b in BIASES)


class _Canvas:
    """The diagram's boxes on one axes, and the arrows and marks drawn between them."""

    def __init__(self, ax: Any, biases: tuple[Bias, ...]) -> None:
        self.ax = ax
        by_key = {b.key: b for b in biases}
        self.boxes = {key: self._box(key, spec, by_key.get(key)) for key, spec in NODES.items()}

    def _box(self, key: str, spec: tuple, bias: Bias | None) -> Any:
        factor = bias is not None and key != "denominator"  # a determinant of the true risk: shaded
        frame = dict(
            boxstyle="round,pad=0.35",
            fc="#f4f4f4" if factor else "white",
            ec="#888888" if factor else "#222222",
            lw=0.8,
        )
        label = bias.label if bias else spec[2]
        weight = "bold" if key == "ratio" else "normal"
        return self.ax.text(
            spec[0], spec[1], label, ha="center", va="center", fontsize=8.5, zorder=3, fontweight=weight, bbox=frame
        )

    def arrow(self, src: str, dst: str, a: tuple[float, float], b: tuple[float, float], bias: Bias | None) -> None:
        style = "-" if bias is None or bias.bounded else (0, (4, 2.5))
        colour = "#222222" if bias is None else COLOUR[bias.direction]
        props = dict(arrowstyle="-|>", color=colour, lw=1.1, linestyle=style, shrinkA=2, shrinkB=2, mutation_scale=10)
        boxes = self.boxes
        self.ax.annotate("", xy=b, xycoords=boxes[dst], xytext=a, textcoords=boxes[src], zorder=2, arrowprops=props)

    def mark(self, bias: Bias, x: float, y: float) -> None:
        text = f"{SYMBOL[bias.direction]} {status(bias)}"
        frame = dict(boxstyle="round,pad=0.15", fc="white", ec="none")
        self.ax.text(
            x, y, text, ha="center", va="center", fontsize=8, color=COLOUR[bias.direction], zorder=4, bbox=frame
        )

    def edge(self, key: str, side: str) -> float:
        """x of a box's left or right edge, in data coordinates."""
        extent = self.boxes[key].get_bbox_patch().get_window_extent().transformed(self.ax.transData.inverted())
        return extent.x1 if side == "right" else extent.x0

    def bias_arrows(self, biases: tuple[Bias, ...]) -> None:
        """Each bias's arrow to what it acts on, marked midway with its direction and whether it is bounded."""
        right = max(self.edge(b.key, "right") for b in biases if b.key != "denominator")
        left = min(self.edge(k, "left") for k in ("true_risk", "observed", "denominator", "expected"))
        column = right + 0.45 * (left - right)  # a little left of midway: the marks end clear of the boxes
        for b in biases:
            if b.key == "denominator":
                self.arrow("denominator", "expected", (0.5, 0), (0.5, 1), b)
                self.mark(b, NODES["denominator"][0] + 0.85, (NODES["denominator"][1] + NODES["expected"][1]) / 2)
                continue
            self.arrow(b.key, b.target, (1, 0.5), (0, ENTRY.get(b.key, 0.5)), b)
            # the mark sits on the arrow, across the gap between the two columns of boxes
            x0, x1 = self.edge(b.key, "right"), self.edge(b.target, "left")
            y0, y1 = NODES[b.key][1], NODES[b.target][1] + (ENTRY.get(b.key, 0.5) - 0.5) * 0.35
            self.mark(b, column, y0 + (y1 - y0) * (column - x0) / (x1 - x0))


KINDS = {  # the three kinds of factor, as the diagram bands them: (y from, y to, label, fill)
    "risk": (3.95, 6.55, "Change the true risk", "#fbf3e8"),
    "measurement": (1.6, 3.9, "Bias the\nmeasured ratio", "#eef4fa"),
    "question": (-0.6, 1.55, "Crude ratio\nvs SMR", "#eef6ee"),
}
#: A measured ratio's bias is bounded or not; a question's factor is what the SMR does with it (``QUESTION``).
STATUS = {True: "bounded", False: "not bounded"}


def status(bias: Bias) -> str:
    """The words of a factor's mark."""
    return QUESTION[bias.key] if bias.kind == "question" else STATUS[bias.bounded]


BAND_WORDS = {
    "risk": "changes the true risk",
    "measurement": "biases the measured ratio",
    "question": "separates the crude ratio's question from the SMR's (a bias of neither)",
}


def _kinds(ax: Any) -> None:
    """Three bands behind the factors: those that change the true risk, those that bias the measured ratio, and
    what separates the crude ratio's question from the SMR's."""
    for y0, y1, label, fc in KINDS.values():
        ax.add_patch(plt.Rectangle((-0.75, y0), 3.25, y1 - y0, fc=fc, ec="none", zorder=0))
        ax.text(-0.55, (y0 + y1) / 2, label, rotation=90, ha="center", va="center", fontsize=7, color="#333333")


def draw(biases: tuple[Bias, ...] = BIASES) -> plt.Figure:
    """The diagram as a matplotlib figure (no numbering or saving: ``figure`` does that)."""
    fig, ax = plt.subplots(figsize=(7.2, 5.0))
    ax.set_xlim(-0.8, 10)
    ax.set_ylim(-1.3, 6.6)
    ax.axis("off")
    _kinds(ax)
    canvas = _Canvas(ax, biases)
    fig.canvas.draw()  # box extents are needed to anchor the arrows
    canvas.bias_arrows(biases)
    canvas.arrow("true_risk", "observed", (0.5, 0), (0.5, 1), None)
    canvas.arrow("observed", "ratio", (1, 0.5), (0, 0.7), None)
    canvas.arrow("expected", "ratio", (1, 0.5), (0, 0.3), None)
    ax.text(
        0.0,
        -0.95,
        "↓ pushes the reported ratio down   ↑ pushes it up   ± either way (bracketed)   ? unknown\n"
        "Solid arrow: bounded, or adjusted for in the SMR   dashed arrow: not bounded",
        fontsize=8,
        color="#333333",
        ha="left",
        va="center",
        linespacing=1.5,
    )
    return fig


def figure(age: AgeBounds | None = None, denominator: DenominatorBound | None = None) -> None:
    """Figure: the bias diagram, numbered and captioned (``report.figure``). Pass the computed bounds so
    the marks for age, sex and the denominator are the computed directions."""
    biases = marks(age, denominator)
    fig = draw(biases)
    alt = (
        "Causal diagram. "
        + " ".join(
            f"{b.label.replace(chr(10), ' ')} {BAND_WORDS[b.kind]}: it acts on the {TARGET_WORDS[b.target]} "
            f"and {WORDS[b.direction]} ({status(b)}): {b.why}."
            for b in biases
        )
        + " The observed and expected suicides together give the reported ratio."
    )
    caption = (
        "What stands between the escapees' suicide risk and the reported ratio of observed to expected suicides: the "
        "upper band changes the true risk, the middle band biases the measured ratio. The lowest band, age and sex "
        "structure, does not bias the crude ratio, on which the article's unadjusted claim is judged; it is what "
        "separates the crude ratio's question from the SMR's, which adjusts for sex (for age, two possible "
        "structures bound it). Each arrow shows the direction its factor pushes the ratio, solid where this report "
        "bounds or adjusts for it."
    )
    report.figure(
        fig,
        "bias_diagram",
        caption=caption,
        alt=alt,
        source="this report (the directions for age, sex and the denominator computed, the others declared)",
        data=pd.DataFrame(
            [
                {
                    "from": b.label.replace("\n", " "),
                    "band": BAND_WORDS[b.kind],
                    "to": TARGET_WORDS[b.target],
                    "direction on the reported ratio": b.direction,
                    "bounded in this report": b.bounded,
                    "direction computed here": bool(b.computed_by),
                    "how it acts": b.why,
                }
                for b in biases
            ]
            + [
                {
                    "from": a,
                    "band": "",
                    "to": c,
                    "direction on the reported ratio": "",
                    "bounded in this report": None,
                    "direction computed here": None,
                    "how it acts": w,
                }
                for a, c, w in (
                    ("true risk", "observed count", "the true risk produces the observed suicides (O)"),
                    ("observed count", "reported ratio", "numerator of O / E"),
                    ("expected count", "reported ratio", "denominator of O / E"),
                )
            ]
        ),
    )
