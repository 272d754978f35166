"""Human-readable explanations of a Result: one line per block."""

from __future__ import annotations

from .result import Result

_TEXT_CHARS = 100


def explain(result: Result) -> str:
    """Every block with kept (+) or dropped (-), its label, the deciding rule and its details."""
    lines = [f"# title: {result.title!r}  language: {result.language or 'unknown'}  "
             f"kept {sum(d.kept for d in result.decisions)} of {len(result.decisions)} blocks"]
    for d in result.decisions:
        reason = d.reasons[0] if d.reasons else None
        text = d.block.text if len(d.block.text) <= _TEXT_CHARS else d.block.text[:_TEXT_CHARS] + "…"
        lines.append(f"{'+' if d.kept else '-'} {d.block.index:>4} {d.label:<11} "
                     f"{reason.rule if reason else '':<28} {text}")
        if reason and reason.detail:
            lines.append(f"{'':>18}{'':<28} why: {reason.detail}")
    return "\n".join(lines) + "\n"
