"""Context features: what a block's neighbourhood says about it, for the fitted keep model.

The first pass (rules, prose score, main body) decides every block; these features describe each
block no rule decided by its own shape, by where it sits relative to that first body, and by its
neighbours (their scores, whether a rule took them, whether the first pass kept them). The keep
model (keep_model.py) turns them into the final verdict.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .decide import COMMENTS, GOOD, RELATED, Scored
from .result import Decision
from .score import HEADLINE_MAX_WORDS

NEIGHBOURS = {-2: "prev2", -1: "prev1", 1: "next1", 2: "next2"}
_NEIGHBOUR_KEYS = tuple((k, f"{name}_score", f"{name}_ruled", f"{name}_kept", f"{name}_log_words")
                        for k, name in NEIGHBOURS.items())
WINDOW = 3
"""Blocks on each side that the window features average over."""
NEAR_SECTION = 3
"""A block at most this far after a related-links or comment header is "after_section"."""
BODY_VERDICTS = frozenset({"score.main-body", "score.bad-in-body"})


def context_features(scored: Sequence[Scored], decisions: Sequence[Decision],
                     ruled: Sequence[bool]) -> list[dict[str, float]]:
    """One feature dict per block; a block a rule decided gets an empty one (the model skips it)."""
    n = len(scored)
    words = [s.features.words for s in scored]
    in_body = [d.reasons[0].rule in BODY_VERDICTS for d in decisions]
    body = [i for i in range(n) if in_body[i]]
    body_start, body_end = (body[0], body[-1]) if body else (n, -1)
    total_words = sum(w for w, r in zip(words, ruled, strict=False) if not r) or 1
    prose_before = _prose_before(words, ruled, total_words)
    headline = [not ruled[i] and not s.features.sentence_end and s.features.words <= HEADLINE_MAX_WORDS
                for i, s in enumerate(scored)]
    headline_run = _run_lengths(headline)
    good = [not ruled[i] and s.cls == GOOD for i, s in enumerate(scored)]
    repeats = Counter(s.block.text for s in scored)
    most_words = max(words, default=1) or 1
    last_section = _last_ruled_labels(decisions, ruled)
    # what the neighbour features read, once per block rather than once per neighbour
    scores = [0.0 if r else s.score for s, r in zip(scored, ruled, strict=False)]
    ruled_f = [float(r) for r in ruled]
    kept = [float(d.kept) for d in decisions]
    log_words = [math.log1p(w) for w in words]
    log_blocks = math.log1p(n)

    rows: list[dict[str, float]] = []
    for i, s in enumerate(scored):
        if ruled[i]:
            rows.append({})
            continue
        x = s.features.vector()
        text = s.block.text
        x["score"] = s.score
        x["colon_end"] = float(text.endswith(":"))
        first = text.lstrip("•·-*+ ")[:1]
        x["lower_start"] = float(first.islower())
        x["rel_words"] = words[i] / most_words
        x["repeated"] = float(repeats[text] > 1)

        x["kept_first"] = kept[i]
        x["in_body"] = float(in_body[i])
        x["before_body"] = float(i < body_start)
        x["after_body"] = float(i > body_end)
        gap = body_start - i if i < body_start else i - body_end if i > body_end else 0
        x["body_distance"] = math.log1p(max(gap, 0))
        x["position"] = i / max(n - 1, 1)
        x["prose_before"] = prose_before[i]
        x["prose_after"] = 1.0 - prose_before[i] - (0.0 if ruled[i] else words[i] / total_words)
        x["log_blocks"] = log_blocks

        for k, score_key, ruled_key, kept_key, words_key in _NEIGHBOUR_KEYS:
            j = i + k
            if 0 <= j < n:
                x[score_key], x[ruled_key], x[kept_key], x[words_key] = scores[j], ruled_f[j], kept[j], log_words[j]
            else:
                x[score_key] = x[ruled_key] = x[kept_key] = x[words_key] = 0.0

        window = [j for j in range(max(0, i - WINDOW), min(n, i + WINDOW + 1)) if j != i and not ruled[j]]
        x["window_score"] = sum(scored[j].score for j in window) / len(window) if window else 0.0
        x["window_good"] = float(sum(good[j] for j in window))
        x["headline_run"] = math.log1p(headline_run[i])
        x["teaser_blurb"] = float(0 < i < n - 1 and headline[i - 1] and headline[i + 1] and not headline[i])
        label, at = last_section[i]
        x["after_section"] = float(label in (RELATED, COMMENTS) and i - at <= NEAR_SECTION)
        x["after_caption"] = float(label == "caption" and i - at <= 1)
        rows.append(x)
    return rows


def _prose_before(words: Sequence[int], ruled: Sequence[bool], total: int) -> list[float]:
    """Share of the document's unruled words that come before each block."""
    seen, out = 0, []
    for w, r in zip(words, ruled, strict=False):
        out.append(seen / total)
        if not r:
            seen += w
    return out


def _run_lengths(flags: Sequence[bool]) -> list[int]:
    """For each position, the length of the run of True it sits in (0 when False)."""
    out = [0] * len(flags)
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        for k in range(i, j):
            out[k] = j - i
        i = max(j, i + 1)
    return out


def _last_ruled_labels(decisions: Sequence[Decision], ruled: Sequence[bool]) -> list[tuple[str, int]]:
    """For each block, the label and index of the nearest rule-decided block before it."""
    out, last = [], ("", -1)
    for i, d in enumerate(decisions):
        out.append(last)
        if ruled[i]:
            last = (d.label, i)
    return out
