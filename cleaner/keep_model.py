"""The keep model: a fitted additive model that gives the final verdict on blocks no rule decided.

Each context feature (context.py) is cut into bins; each bin carries a log-odds contribution.
A block's log-odds of being article text is the bias plus one contribution per feature, so every
verdict is explained by the features that pushed it most. The bins and contributions are data
(data/keep_model.toml), fitted on the devset's train split by bench/fit_keep.py.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import tomllib

from .result import Decision, Reason

MODEL_FILE = Path(__file__).parent / "data" / "keep_model.toml"
SHOWN_CONTRIBUTIONS = 4
"""How many of the largest feature contributions a verdict's reason lists."""


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature's bins: `edges` split the value range, `values[k]` is bin k's contribution. A
    feature a block may not measure (capitals, in a writing without case) has `missing`, the
    contribution of an unknown value (NaN): the average one. The others are always measured."""

    edges: tuple[float, ...]
    values: tuple[float, ...]
    missing: float | None = None

    def contribution(self, x: float) -> float:
        if self.missing is not None and x != x:  # NaN: unknown
            return self.missing
        return self.values[bisect_right(self.edges, x)]


@dataclass(frozen=True, slots=True)
class KeepModel:
    bias: float
    features: dict[str, Feature]
    _table: tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...] = field(init=False, repr=False)
    _unknowable: tuple[tuple[int, str, float], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # (name, edges, values) flat: the model is applied to every block, often several times
        table = tuple((name, f.edges, f.values) for name, f in self.features.items())
        object.__setattr__(self, "_table", table)
        unknowable = tuple((i, name, f.missing) for i, (name, f) in enumerate(self.features.items())
                           if f.missing is not None)
        object.__setattr__(self, "_unknowable", unknowable)

    @property
    def names(self) -> tuple[str, ...]:
        """The features, in the order of `contributions`."""
        return tuple(self.features)

    def contributions(self, x: dict[str, float]) -> list[float]:
        """Each feature's contribution to the log-odds of one block, in `names` order."""
        out = [values[bisect_right(edges, x[name])] for name, edges, values in self._table]
        for i, name, missing in self._unknowable:
            if x[name] != x[name]:  # NaN: unknown
                out[i] = missing
        return out

    def probability(self, contributions: Iterable[float]) -> float:
        """The probability that a block is article text, from its features' contributions."""
        z = self.bias + sum(contributions)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@cache
def load(path: Path = MODEL_FILE) -> KeepModel:
    """The shipped model (or another one written by bench/fit_keep.py)."""
    data = tomllib.loads(path.read_text("utf-8"))
    features = {name: Feature(tuple(map(float, f["edges"])), tuple(map(float, f["values"])),
                              float(f["missing"]) if "missing" in f else None)
                for name, f in data["features"].items()}
    for name, f in features.items():
        if len(f.values) != len(f.edges) + 1:
            raise ValueError(f"{path}: feature {name!r} needs one more value than edges")
    return KeepModel(float(data["bias"]), features)


def refine(decisions: Sequence[Decision], rows: Sequence[dict[str, float]], ruled: Sequence[bool],
           keep_at: float, drop_below: float, model: KeepModel | None = None,
           explain_kept: bool = True) -> list[Decision]:
    """The final decisions: rule-decided blocks stay as they are; the model decides the others,
    keeping a block the first pass dropped at p >= keep_at and dropping one it kept at p < drop_below.
    Without `explain_kept` a kept block's reason has no detail (writing one costs ~15 us)."""
    model = model or load()
    names = model.names
    order = range(len(names))
    out = []
    for d, x, r in zip(decisions, rows, ruled, strict=False):
        if r:
            out.append(d)
            continue
        contributions = model.contributions(x)
        p = model.probability(contributions)
        kept = p >= drop_below if d.kept else p >= keep_at
        detail = ""
        if explain_kept or not kept:
            sizes = list(map(abs, contributions))  # the largest first, ties in feature order (a stable sort)
            top = sorted(order, key=sizes.__getitem__, reverse=True)[:SHOWN_CONTRIBUTIONS]
            detail = (f"p={p:.2f}, first pass {d.reasons[0].rule}; "
                      + " ".join(f"{names[j]}={x[names[j]]:.2g}:{contributions[j]:+.2f}" for j in top))
        out.append(Decision(d.block, kept, "body" if kept else "chrome",
                            (Reason("model.keep" if kept else "model.drop", detail), *d.reasons), d.score))
    return out


def is_ruled(decisions: Sequence[Decision]) -> list[bool]:
    """Blocks a rule (or the title, caption or cut logic) decided: the model leaves them alone."""
    return [not d.reasons[0].rule.startswith("score.") for d in decisions]
