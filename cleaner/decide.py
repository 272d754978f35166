"""Decide each block: rules first, then the main body found from prose scores, then context."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import overload

from .blocks import Block
from .result import Decision, Reason
from .rules import Match
from .score import Features
from .settings import Settings

GOOD, NEUTRAL, BAD = "good", "neutral", "bad"
RELATED = "related"
"""The label of related-links rules (a cut of theirs can head a box inside the article)."""
COMMENTS = "comments"
"""The label of comment-section rules: headers, and the lines of a thread ("Anna says:", "Reply")."""
BYLINE = "byline"
"""The label of byline rules ("By Jane Doe", "Von Erika Muster"): a headline's line below it."""
EXTRACTED = "extractor.main-content"
"""Why an extracted block is kept: the HTML extractor took it for main content, no rule matched."""
LEAD, NOT_LEAD = "lead.prose", "lead.not-prose"
"""Why a block of the lead window (page text above the extracted text) is kept or dropped."""
VERDICTS = ("score.", "model.", "extractor.", "lead.")
"""How the reasons of verdicts begin (the prose score's, the keep model's, the extractor's, the
lead window's), as opposed to a rule's: what the list and box passes after the model may overturn."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A block with its features, prose score and class."""

    block: Block
    features: Features
    score: float
    contributions: dict[str, float]
    cls: str
    explained: list[str] = field(default_factory=list, compare=False, repr=False)
    """The explanation once written: the readings of one document share it per text."""

    def explain(self) -> str:
        if not self.explained:
            parts = [f"score={self.score:+.2f}", f"words={self.features.words}"]
            parts += [f"{k}={v:+.2f}" for k, v in self.contributions.items() if abs(v) >= 0.05]
            self.explained.append(" ".join(parts))
        return self.explained[0]


class LazyScores(Sequence[Scored]):
    """Blocks scored when first asked for. In an extractor's main content only rules take blocks
    out, so only the few blocks that the cut and caption logic look at need their features."""

    def __init__(self, blocks: Sequence[Block], score: Callable[[Block], Scored]) -> None:
        self.blocks = blocks
        self._score = score
        self._done: list[Scored | None] = [None] * len(blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    @overload
    def __getitem__(self, i: int) -> Scored: ...
    @overload
    def __getitem__(self, i: slice) -> list[Scored]: ...

    def __getitem__(self, i: int | slice) -> Scored | list[Scored]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s = self._done[i]
        if s is None:
            s = self._done[i] = self._score(self.blocks[i])
        return s


def classify(score: float, words: int, settings: Settings) -> str:
    """good / neutral / bad, as jusText names its classes."""
    if score <= settings.bad_score:
        return BAD
    if score >= settings.good_score and words >= settings.min_good_words:
        return GOOD
    return NEUTRAL


def main_body(weights: Sequence[float]) -> tuple[int, int] | None:
    """The run of blocks with the largest total weight (Kadane), as inclusive indices."""
    return heaviest_run(weights)[0]


def heaviest_run(weights: Sequence[float]) -> tuple[tuple[int, int] | None, float]:
    """`main_body`'s run and its total weight (0 when there is none)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i)
    return best_span, best


def body_weight(s: Scored, settings: Settings) -> float:
    """How much a block pulls the main body towards it. Only prose ("good") blocks pull, by score
    and length; other blocks cost something to include, so the body bridges a few of them
    (sub-headings, a byline) but not a run of headlines or menu items."""
    if s.cls == GOOD:
        return s.score * math.log1p(s.features.words)
    return -(settings.bad_block_cost if s.cls == BAD else settings.neutral_block_cost)


def find_body(scored: Sequence[Scored], ruled: set[int], settings: Settings) -> tuple[int, int]:
    """The main body as inclusive block indices; empty (start > end) when nothing reads as prose.
    Blocks already decided by a rule weigh nothing: they neither pull the body nor break it."""
    weights = [0.0 if i in ruled else body_weight(s, settings) for i, s in enumerate(scored)]
    span = main_body(weights)
    return span if span is not None else (len(scored), len(scored) - 1)


@dataclass(frozen=True, slots=True)
class Cut:
    """Where the comment/related section starts (`at` = len(blocks) when there is none)."""

    at: int
    match: Match | None


def find_cut(scored: Sequence[Scored], cuts: Sequence[Match], drops: Mapping[int, Match], body_start: int,
             settings: Settings) -> Cut:
    """The first section header (a cut rule) that follows enough body prose. An earlier one, a
    comment counter up in the page chrome, is only dropped itself; so is a related-links header
    with much more of the article's prose after it than before it (a box inside the article), and
    a comments header with a count and no comment thread under it but the rest of the article."""
    weights: list[float] = []
    for m in cuts:
        if m.block <= body_start or m.block in drops:
            continue
        words = sum(s.features.words for s in scored[body_start:m.block] if s.cls != BAD)
        if words < settings.min_words_before_cut:
            continue
        if m.rule.label == RELATED or _counter(m, cuts, drops, settings.comment_thread_window):
            if not weights:
                ruled = drops.keys() | {c.block for c in cuts}
                weights = [0.0 if i in ruled else body_weight(s, settings) for i, s in enumerate(scored)]
            # a related box must head much prose; a counter only more than the lead above it
            heavy = settings.resumed_prose_weight if m.rule.label == RELATED else 0.0
            if _prose_resumes(weights, body_start, m.block, heavy, settings.resumed_prose_ratio):
                continue
        return Cut(m.block, m)
    return Cut(len(scored), None)


def _counter(m: Match, cuts: Sequence[Match], drops: Mapping[int, Match], window: int) -> bool:
    """Whether `m` is a comments header with a count and no line of a comment thread (a cut or drop
    rule labelled comments) in the `window` blocks below it."""
    if window <= 0 or m.rule.label != COMMENTS or not any(c.isdigit() for c in m.text):
        return False
    below = range(m.block + 1, m.block + window + 1)
    return not (any(c.block in below and c.rule.label == COMMENTS for c in cuts)
                or any(i in drops and drops[i].rule.label == COMMENTS for i in below))


def _prose_resumes(weights: Sequence[float], body_start: int, at: int, heavy: float, ratio: float) -> bool:
    """Whether the heaviest run of prose after block `at` weighs at least `heavy` and `ratio` times
    the one between the body's start and `at`."""
    after, before = heaviest_run(weights[at + 1:])[1], heaviest_run(weights[body_start:at])[1]
    return after >= heavy and after >= ratio * before


def decide(scored: Sequence[Scored], drops: dict[int, Match], cuts: Sequence[Match], cut: Cut,
           titles: dict[int, Reason], body: tuple[int, int], settings: Settings,
           extracted: bool = False) -> list[Decision]:
    """One decision per block, given the rule matches, the cut, the title blocks and the body.
    In `extracted` text (an extractor's main content) every block no rule took out is kept; the
    blocks before the body there are the lead window (lead.py), kept when they read as prose."""
    start, end = body
    end = min(end, cut.at - 1)
    ruled = {m.block: (m.rule.label, Reason(m.rule.id, f"matched {m.text!r}"))
             for m in [*cuts, *drops.values()] if m.block < cut.at}
    ruled.update({i: ("title", reason) for i, reason in titles.items()})
    ruled.update(_caption_headings(scored, ruled, settings))

    blocks = scored.blocks if isinstance(scored, LazyScores) else [s.block for s in scored]
    decisions = []
    for i, block in enumerate(blocks):
        if extracted and i not in ruled and start <= i and (cut.match is None or i < cut.at):
            decisions.append(Decision(block, True, "body", (Reason(EXTRACTED, "no rule matched"),)))
            continue
        s = scored[i]
        if extracted and i not in ruled and i < start:
            kept = s.cls == GOOD
            decisions.append(Decision(block, kept, "body" if kept else "chrome",
                                      (Reason(LEAD if kept else NOT_LEAD, s.explain()),), s.score))
            continue
        if cut.match is not None and i >= cut.at:
            header = cut.match.text
            reason = Reason(cut.match.rule.id, f"section header {header!r}" if i == cut.at
                            else f"inside the section opened by {header!r} (block {cut.at})")
            decisions.append(Decision(s.block, False, cut.match.rule.label, (reason,), s.score))
        elif i in ruled:
            label, reason = ruled[i]
            decisions.append(Decision(s.block, False, label, (reason,), s.score))
        else:
            kept, verdict = _verdict(scored, ruled.keys(), i, start, end, settings)
            decisions.append(Decision(s.block, kept, "body" if kept else "chrome",
                                      (Reason(verdict, s.explain()),), s.score))
    return decisions


def _verdict(scored: Sequence[Scored], ruled: Set[int], i: int, start: int, end: int,
             settings: Settings) -> tuple[bool, str]:
    """Keep or drop a block no rule decided, and the name of the reason."""
    s = scored[i]
    if start <= i <= end:
        return (False, "score.bad-in-body") if s.cls == BAD else (True, "score.main-body")
    if s.cls == GOOD and s.features.words >= settings.strong_prose_words:
        return True, "score.strong-prose"
    if s.cls == GOOD and _bridged(scored, ruled, i, start, end, settings):
        return True, "score.good-near-body"
    return False, "score.outside-body"


def _caption_headings(scored: Sequence[Scored], ruled: dict[int, tuple[str, Reason]],
                      settings: Settings) -> dict[int, tuple[str, Reason]]:
    """A headline-shaped line right above a photo caption is the caption's own headline
    (galleries and photo boxes print "headline, caption (credit)")."""
    found = {}
    for i, (label, _) in ruled.items():
        h = i - 1
        if label == "caption" and h >= 0 and h not in ruled:
            f = scored[h].features
            if not f.sentence_end and 0 < f.words <= settings.max_title_words:
                found[h] = ("caption", Reason("context.caption-headline",
                                              f"headline-shaped line above the caption at block {i}"))
    return found


def _bridged(scored: Sequence[Scored], ruled: Set[int], i: int, start: int, end: int,
             settings: Settings) -> bool:
    """A good block close to the body, with nothing bad (only neutral or ruled-out) in between."""
    if start > end:
        return False
    gap = range(i + 1, start) if i < start else range(end + 1, i)
    if len(gap) > settings.body_bridge_blocks:
        return False
    return all(j in ruled or scored[j].cls != BAD for j in gap)
