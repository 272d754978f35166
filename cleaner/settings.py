"""Settings: every threshold of the cleaner, named, documented and defaulted in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    """How cleaner decides. Defaults were tuned on ../shared/devset and the seeds."""

    # --- prose classes (score.py): a block's score is a log-odds that it is article prose.
    good_score: float = 0.5
    """A block scoring at least this is prose on its own ("good")."""
    bad_score: float = -3.0
    """A block scoring at most this is boilerplate on its own ("bad"); in between is "neutral"."""
    min_good_words: int = 8
    """A block with fewer words is never "good" by itself: short lines take their neighbours' class."""

    # --- main body (decide.py)
    neutral_block_cost: float = 2.0
    """What including one neutral block costs the main body (a good block weighs score x
    log(1 + words), 5-20 for a paragraph)."""
    bad_block_cost: float = 4.0
    """What including one bad block costs the main body."""
    body_bridge_blocks: int = 4
    """A good block outside the main body is still kept when at most this many blocks separate it
    from the body and none of them is "bad" (a lead split off by share buttons or a byline)."""
    strong_prose_words: int = 40
    """A good block this long is kept even outside the main body (articles split by galleries)."""
    min_words_before_cut: int = 30
    """A comment/related-section header cuts the rest of the document only when at least this many
    words of kept prose precede it; an earlier one (a comment counter in the header) is dropped alone."""
    resumed_prose_weight: float = 100.0
    """A related-links header does not cut when the prose after it outweighs this (the body weight
    of its heaviest run, about six paragraphs) and ...
    """
    resumed_prose_ratio: float = 2.0
    """... this many times the prose before it: it heads a box inside the article, and the article
    goes on below it. It is dropped alone, and the model judges the links after it."""
    comment_thread_window: int = 10
    """A comments header with a count ("Comments 2", "Commentaires (5)") cuts only when a line of a
    comment thread (a rule labelled comments: "Anna says:", "Reply", "Comment by ...") follows
    within this many blocks, or when the heaviest prose run after it weighs less than
    `resumed_prose_ratio` times the prose before it. Otherwise it is a counter between an
    article's lead and the rest of it, and it is dropped alone. 0: every comments header cuts."""

    # --- keep model (keep_model.py)
    keep_model: bool = True
    """Let the fitted keep model give the final verdict on blocks no rule decided; False keeps
    the first pass (prose score and main body) as the verdict."""
    model_keep_at: float = 0.5
    """The model keeps a block the first pass dropped when its probability of being article text
    is at least this."""
    model_drop_below: float = 0.35
    """The model drops a block the first pass kept only when its probability is below this: it
    overturns a kept paragraph only when fairly sure (losing article text is the worse error)."""

    related_links_max_blocks: int = 8
    """Under a related-links header of at most `related_header_max_words` words that did not cut
    the rest, this many headline-shaped lines or list items at most are dropped as its links,
    whatever the keep model made of them (related.py); 0 turns it off."""
    related_header_max_words: int = 4
    """... a longer header ("Read more: <title>") is a single inline link, not a box."""

    min_ingredient_run: int = 3
    """This many "quantity, unit, ingredient" lines in a row are a recipe's ingredient list and are
    kept whatever the prose score or the keep model made of them (ingredients.py); 0 turns it off."""

    min_spec_run: int = 3
    """This many "Label: value" lines right under a heading that names a spec list ("Specifications",
    "Technische Daten") are kept with it whatever the verdicts made of them (specs.py); 0 turns
    it off."""

    min_introduced_items: int = 2
    """This many list items at least, right under a kept line of the article that ends with a colon
    ("The rules apply to three groups:"), are kept whatever the verdicts made of them (lists.py);
    0 turns it off."""
    max_introduced_items: int = 30
    """... and this many at most: a longer run is a link directory, not a list the article makes."""
    min_introducer_words: int = 3
    """... and the line that introduces them has this many words at least: "Pros:" and "Tags:" are
    labels, not sentences that announce a list."""

    max_readings: int = 32
    """How often the kept text may be read at most until a reading keeps all of it (see
    Cleaner.clean); 1 reads once and gives up on idempotence. Most pages settle in one or two
    readings; a page that loses one line per reading takes more: a tail of short lines the model
    peels, or a stack of teaser headlines above the headline, each reading taking the lowest for
    the title (up to 27 readings on the devset). A reading of settled text is cheap: its blocks'
    features are cached."""

    # --- title (title.py)
    max_title_words: int = 30
    """A title candidate has at most this many words."""
    title_window_blocks: int = 12
    """How far before the main body the title is looked for, in blocks no rule decided: share
    buttons, bylines and reading times between a headline and its body do not count."""
    standfirst_min_words: int = 12
    """A headline-shaped line this long may be a standfirst: when it shares the most words with the
    lead, a shorter line right above it that shares some is the title."""

    # --- language (language.py)
    language: str | None = None
    """Force the document language (ISO 639-1); None detects it from stop words."""
    min_language_line_words: int = 6
    """Only lines of at least this many words are read to detect the language (menus blur it)."""
    min_language_hits: int = 5
    """Stop-word hits needed before a language is named; fewer means "unknown"."""

    # --- HTML (html.py)
    html_engine: str = "trafilatura"
    """How HTML becomes text: "trafilatura" extracts the main content, which the rules then clean
    (the more precise); "fast" converts the whole page with resiliparse and cleans that text as a
    page dump (for billions of pages)."""
    main_content_check: bool = True
    """Fast engine: drop the kept blocks that resiliparse's main-content guess leaves out
    (main_content.py)."""
    main_content_min_share: float = 0.2
    """... unless the guess holds less than this share of the kept text (its heuristics did not fit)."""
    recover_lead: bool = True
    """Default engine: look in the full-page text for the lead the extractor left out before
    the body, and keep the prose of it (lead.py)."""
    lead_title_window_blocks: int = 40
    """The lead window opens at the headline when its repeat is at most this many blocks above the
    first extracted block."""
    lead_blocks_without_title: int = 4
    """Without a headline in reach, the lead window is this many blocks above the first extracted one."""

    # --- rules (rules.py)
    rule_files: tuple[Path, ...] = ()
    """Extra TOML rule files, loaded after the shipped ones."""
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    """Rule ids that do not fire."""
    regex_timeout_s: float = 2.0
    """Longest time the rules from user files may take over one document before the scan is stopped
    and reported (the shipped rules run untimed: they are tested not to backtrack)."""

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Settings()
