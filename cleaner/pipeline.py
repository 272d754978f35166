"""The cleaning pipeline for one document: split, rules, score, body, title, decide, render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .blocks import Block, split_text
from .context import context_features
from .decide import BYLINE, LazyScores, Scored, classify, decide, find_body, find_cut
from .ingredients import keep_ingredient_runs
from .keep_model import KeepModel, is_ruled, load, refine
from .language import detect_language, has_unspaced, stop_words_for
from .lead import html_lead_window
from .lists import keep_introduced_lists
from .main_content import within_main_content
from .related import drop_related_links
from .result import Decision, Reason, Result, nfc, render
from .rules import Match, Rule, RuleSet, load_rules
from .score import Features, features, score
from .settings import DEFAULT, Settings
from .specs import keep_spec_lists
from .title import find_title, repeats

if TYPE_CHECKING:
    from .html import Page


class Cleaner:
    """Cleans documents with one Settings and its compiled rules; reuse it across documents."""

    def __init__(self, settings: Settings = DEFAULT, rules: RuleSet | None = None,
                 model: KeepModel | None = None) -> None:
        self.settings = settings
        self.rules = rules if rules is not None else load_rules(
            settings.rule_files, settings.disabled_rules, settings.regex_timeout_s)
        self.model = (model or load()) if settings.keep_model else None
        self._extracted_rules: RuleSet | None = None

    def clean(self, text: str) -> Result:
        """The article body of a plain-text page dump, with a decision for every block.

        The kept text is read again until a reading keeps all of it, so that cleaning the output
        once more changes nothing: the model judges a block by its neighbours, and dropping
        chrome changes them."""
        seen = Seen()
        result = self.clean_once(text, seen=seen)
        for reading in range(2, self.settings.max_readings + 1):
            if not result.text:
                break
            again = self.clean_once(result.text, result.language, seen, explain_kept=False)
            if again.text == result.text:
                break
            result = _reread(result, again, reading)
        return result

    def clean_once(self, text: str, language: str | None = None, seen: Seen | None = None,
                   explain_kept: bool = True) -> Result:
        """One reading: the first pass, then the keep model on the blocks no rule decided, then
        the links under related-links headers are dropped (related.py) and the spec lists, the lists
        a kept line introduces and the ingredient lists that either dropped are kept (specs.py,
        lists.py, ingredients.py). A reading of kept text again (`clean`) uses only its drops'
        reasons: `explain_kept=False` leaves the details of the model's keeps unwritten."""
        first, scored = self.first_pass(text, language, seen)
        decisions: Sequence[Decision] = first.decisions
        if self.model is not None:
            ruled = is_ruled(decisions)
            rows = context_features(scored, decisions, ruled)
            decisions = tuple(refine(decisions, rows, ruled, self.settings.model_keep_at,
                                     self.settings.model_drop_below, self.model, explain_kept))
        return _with_decisions(first, self._after_verdicts(decisions))

    def _after_verdicts(self, decisions: Sequence[Decision]) -> Sequence[Decision]:
        """`decisions` with the links under related-links headers dropped (related.py), and the
        spec lists (specs.py), introduced lists (lists.py) and ingredient lists (ingredients.py) kept,
        whatever the verdicts made of them."""
        settings = self.settings
        if settings.related_links_max_blocks:
            decisions = drop_related_links(decisions, settings.related_links_max_blocks,
                                           settings.related_header_max_words)
        if settings.min_spec_run:
            decisions = keep_spec_lists(decisions, settings.min_spec_run)
        if settings.min_introduced_items:
            decisions = keep_introduced_lists(decisions, settings.min_introduced_items,
                                              settings.max_introduced_items, settings.min_introducer_words)
        run = settings.min_ingredient_run
        return keep_ingredient_runs(decisions, run) if run else decisions

    def first_pass(self, text: str, language: str | None = None, seen: Seen | None = None,
                   extracted: bool = False, title: str | None = None,
                   lead: int = 0) -> tuple[Result, Sequence[Scored]]:
        """Rules, prose scores and the main body decide every block; the keep model refines it.
        `extracted` text is an extractor's main content: all of it is the body, and only rules and
        the title take blocks out, except its first `lead` blocks, the lead window (lead.py), whose
        prose is kept. A known `title` (page metadata) is not looked for, only its repeats."""
        settings = self.settings
        seen = seen if seen is not None else Seen()
        blocks = split_text(text)
        language = language or settings.language or detect_language(
            _prose_sample(blocks, settings, has_unspaced(text)), settings.min_language_hits)
        stops = stop_words_for(language)
        seen.use_language(language)

        def scored_block(b: Block) -> Scored:
            known = seen.scores.get(b.text)
            if known is None:
                f = features(b, stops)
                known = seen.scores[b.text] = (f, *score(f), [])
            f, value, contributions, explained = known
            return Scored(b, f, value, contributions, classify(value, f.words, settings), explained)

        # an extractor's main content is kept unless a rule says otherwise: few blocks need scores
        scored: Sequence[Scored] = LazyScores(blocks, scored_block) if extracted else list(map(scored_block, blocks))

        rules = self.extracted_rules() if extracted else self.rules
        new = [b for b in blocks if b.text not in seen.rules]
        for b in new:
            seen.rules[b.text] = {}
        for action, matches in rules.scan_actions(new, ("cut", "drop")).items():
            for m in matches:
                seen.rules[m.text][action] = m.rule
        cuts = [Match(r, b.index, b.text) for b in blocks if (r := seen.rules[b.text].get("cut"))]
        cut_blocks = {m.block for m in cuts}
        drops = {b.index: Match(r, b.index, b.text) for b in blocks
                 if b.index not in cut_blocks and (r := seen.rules[b.text].get("drop"))}
        ruled = drops.keys() | cut_blocks
        body = (lead, len(blocks) - 1) if extracted else find_body(scored, ruled, settings)
        cut = find_cut(scored, cuts, drops, body[0], settings)
        if title:
            title = self.rules.trim(title)[0].strip()
            titles = repeats(blocks, ruled, title, self.rules)
        else:
            bylines = {i for i, m in drops.items() if m.rule.label == BYLINE}
            title, titles = find_title(blocks, ruled, body[0], self.rules, settings, stops, bylines)
        if not extracted:
            # Once the comment section and the title are known, the body is found again without
            # them, so that neither stretches it (and cleaning the output again finds the same body).
            body = find_body(scored[: cut.at], ruled | titles.keys(), settings)
        decisions = tuple(decide(scored, drops, cuts, cut, titles, body, settings, extracted))
        return Result(render(decisions), title and nfc(title), language, decisions), scored

    def _lead(self, source: str, page: Page) -> list[Block]:
        """The lead window of a page whose main content an extractor found (lead.py)."""
        from .html import extract

        title = self.rules.trim(page.title)[0] if page.title else None
        return html_lead_window(source, page.text, title, self.settings,
                                lambda html: extract(html, "fast", main_content=False).text)

    def extracted_rules(self) -> RuleSet:
        """The rules that judge an extractor's main content: all but those marked `html = false`
        (built on first use)."""
        if self._extracted_rules is None:
            self._extracted_rules = self.rules.without(r.id for r in self.rules.rules if not r.html)
        return self._extracted_rules

    def clean_html(self, html: str | bytes) -> Result:
        """The article body of an HTML page (str, or bytes in their declared or detected charset).

        The default engine, trafilatura, has found the main content already: the rules take the
        boilerplate it left in it, and the page's metadata title and its repeats leave the body.
        The lead it left out above the body is looked for in the full-page text (lead.py) and
        comes first. The fast engine's full-page text is cleaned as a page dump is (`clean`), and
        resiliparse's main-content guess then checks what it kept (main_content.py)."""
        from .html import decode_html, extract  # the engines are imported only when HTML is cleaned

        settings = self.settings
        source = decode_html(html)[0] if isinstance(html, bytes) else html
        page = extract(source, settings.html_engine, settings.main_content_check)
        if settings.html_engine == "trafilatura":
            lead = self._lead(source, page) if settings.recover_lead and page.text else []
            text = "\n".join([*(b.text for b in lead), page.text])
            result = self.first_pass(text, extracted=True, title=page.title, lead=len(lead))[0]
            return _with_decisions(result, self._after_verdicts(result.decisions))
        result = self.clean(page.text)
        if page.main_content is not None:
            result = within_main_content(result, page.main_content, settings)
        return result if result.title or not page.title else _with_title(result, page.title)


@dataclass
class Seen:
    """What one document's blocks showed when first read, by text: their features, prose score
    and its explanation, and the rule of each action that matched them. Reading the kept text
    again meets the same lines in a new neighbourhood; only the neighbourhood needs working out
    again."""

    language: str | None = None
    scores: dict[str, tuple[Features, float, dict[str, float], list[str]]] = field(default_factory=dict)
    rules: dict[str, dict[str, Rule]] = field(default_factory=dict)

    def use_language(self, language: str | None) -> None:
        """Forget what was seen under another language: features hang on its stop words."""
        if language != self.language:
            self.language, self.scores, self.rules = language, {}, {}


def _prose_sample(blocks: list[Block], settings: Settings, unspaced: bool) -> str:
    """The lines long enough to be prose: menus and labels would only blur the language. In a
    text written without spaces between words (`unspaced`: Chinese, Thai, ...), a line of 2n
    characters holds at least n/2 words."""
    n = settings.min_language_line_words
    lines = [b.text for b in blocks
             if b.text.count(" ") + 1 >= n or unspaced and len(b.text) >= 2 * n and has_unspaced(b.text)]
    return "\n".join(lines) if lines else "\n".join(b.text for b in blocks)


def _reread(result: Result, again: Result, reading: int) -> Result:
    """`result` with the verdicts of a reading of its own text: `again` has one decision per
    kept block of `result`, in order; blocks it drops are dropped, with its reasons."""
    verdicts = iter(again.decisions)
    decisions = []
    for d in result.decisions:
        if not d.kept:
            decisions.append(d)
            continue
        v = next(verdicts)
        if v.kept:
            decisions.append(d)
        else:
            why = "dropped when the kept text was read again"
            if v.label == "title" and result.title and v.reasons[0].rule != "title.repeat":
                why += f", as a headline; the page's title stays {result.title!r}"
            note = Reason(f"reading.{reading}", why)
            decisions.append(Decision(d.block, False, v.label, (*v.reasons, note), v.score))
    return Result(render(decisions), result.title or again.title, result.language, tuple(decisions))


def _with_decisions(result: Result, decisions: Sequence[Decision]) -> Result:
    """`result` with other decisions (itself when they are its own)."""
    if decisions is result.decisions:
        return result
    return Result(render(decisions), result.title, result.language, tuple(decisions))


def _with_title(result: Result, title: str) -> Result:
    return Result(result.text, nfc(title), result.language, result.decisions)


def _cleaner(settings: Settings | None) -> Cleaner:
    """The Cleaner for `settings` (None: the defaults), shared by calls with equal Settings."""
    return _cleaner_for(settings if settings is not None else DEFAULT)


@lru_cache(maxsize=16)
def _cleaner_for(settings: Settings) -> Cleaner:
    """One Cleaner per Settings, built on first use (compiling the rules takes a while)."""
    return Cleaner(settings)


def clean(text: str, settings: Settings | None = None) -> Result:
    """Clean a plain-text page dump (one block per line). See `Cleaner.clean`."""
    return _cleaner(settings).clean(text)


def clean_html(html: str | bytes, settings: Settings | None = None) -> Result:
    """Clean an HTML page. See `Cleaner.clean_html`."""
    return _cleaner(settings).clean_html(html)
