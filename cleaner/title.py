"""The title: the headline before the main body that names what its lead is about, and its repeats."""

from __future__ import annotations

from collections.abc import Sequence, Set

import regex

from .blocks import Block
from .ingredients import is_counted_word, is_ingredient
from .language import CJK_CHARS, has_unspaced
from .result import Reason
from .rules import Match, RuleSet
from .score import CLOSERS, features
from .settings import Settings

_NON_WORD = regex.compile(r"[\W_]+")
_FIRST_WORD = regex.compile(r"[\W_]*+([^\W_]*)")
_MIN_TITLE_WORDS = 2
_MAX_TITLE_DIGITS = 0.3  # a date or a score line is not a headline
_NOT_TITLE_END = tuple(".:,;…。．｡।۔։።។။")
"""A headline does not end a sentence with a full stop (in any writing: 。 । ۔ ...), trail off ("Die
Felder liegen still und schweigen…": a quoted verse or a teaser cut short), introduce a list ("Zutaten:", "Leitsätze des
Gerichts:") or open a letter ("Liebe Leserinnen,"); closing quotes and brackets are looked past."""
_NOT_TITLE_START = ("-", "–", "—", "@")
"""Nor does it start as a line of dialogue ("– „Dann frag ihn doch“") or a reply to a user ("@anna")."""
_LOWER_START = regex.compile(r"[\W_]*\p{Ll}+(?![\p{L}\p{M}])")
"""A line whose first word is in lower case ("cup butter"; not "iPhone 14: ...")."""
_CONTENT_WORD = regex.compile(r"\p{L}{4,}")
_EDGES = regex.compile(r"^[\s\p{Cf}]+|[\s\p{Cf}]+$")
"""Spaces and invisible format characters (a byte-order mark, a zero-width space) around a title."""
_CJK_RUN = regex.compile(rf"[{CJK_CHARS}]{{2,}}")
_SHOWN_WORDS = 4
"""How many of the words a title shares with the lead its reason names."""
LEAD_BLOCKS = 3
"""The body's first blocks, the lead, whose words a headline shares."""


def looks_like_title(text: str, settings: Settings) -> bool:
    """Headline-shaped: a few words, no sentence period, no URL, not a list item, a menu, an
    ingredient or a count of something."""
    text = text.strip()
    f = features(Block(-1, 0, len(text), text), frozenset())
    return (
        _MIN_TITLE_WORDS <= f.words <= settings.max_title_words
        and not text.rstrip(CLOSERS).endswith(_NOT_TITLE_END)
        and "\t" not in text  # a table row
        and not text.startswith(_NOT_TITLE_START)
        and not f.url
        and not f.bullet
        and f.separators == 0
        and f.digits < _MAX_TITLE_DIGITS
        and not is_ingredient(text)  # "80 g Zucker", "2 cups flour": a quantity and a unit
        and not is_counted_word(text)  # "1 Ei", "3 Kommentare": a list item or a counter
    )


def content_words(text: str, stops: Set[str] = frozenset()) -> set[str]:
    """The words of four letters or more, case folded, that are not stop words; in Chinese and
    Japanese writing, which runs its words together, every two characters in a row that hold no
    stop character ('益阳', '数字')."""
    words = {w for w in map(str.casefold, _CONTENT_WORD.findall(text)) if w not in stops}
    if has_unspaced(text):
        words -= {w for w in words if _CJK_RUN.search(w)}
        for run in _CJK_RUN.findall(text):
            words.update(run[k:k + 2] for k in range(len(run) - 1)
                         if run[k] not in stops and run[k + 1] not in stops)
    return words


def normalise(text: str) -> str:
    """Case and punctuation folded, for comparing a title with its repeats."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def find_title(blocks: Sequence[Block], excluded: Set[int], body_start: int, rules: RuleSet,
               settings: Settings, stops: Set[str] = frozenset(),
               bylines: Set[int] = frozenset()) -> tuple[str | None, dict[int, Reason]]:
    """The title (site suffix trimmed) and every block that repeats it, with the reason.

    The title is a headline-shaped block among the `title_window_blocks` blocks no rule decided
    before the main body (the share buttons, bylines and reading times that a rule took between a
    headline and its body do not count), judged without its site suffix ("Syria talks stall | The
    Guardian" is a headline, "Home | News" is not): the one that shares the most content words with
    the body's lead, the nearest of equals. A headline names what its article is about, while the
    lines between it and the body (a byline's name, "Social Share", a photo credit, "Go to top")
    rarely do; with no words shared, the nearest wins. A line whose first word is in lower case
    ("cup butter", "can (20 oz) pineapple slices") shares none: in a writing with case a headline
    starts with a capital (or a brand: "iPhone 14: ..."). A standfirst, the long summary under a
    headline, shares more words than its headline does: when the winner is one, the shorter line
    right above it that shares some wins. When the body opens with a headline-shaped block right
    above a byline (`bylines`: blocks a byline rule took), that block is in the window too: the
    prose score took a long headline into the body. A page without a body has no title: there is
    nothing it heads, and each reading of the kept text would take one more line for it."""
    if body_start >= len(blocks):  # no body: nothing heads it
        return None, {}
    if body_start + 1 in bylines and looks_like_title(rules.trim(blocks[body_start].text)[0], settings):
        body_start += 1  # the body opens with a headline over its byline: the headline heads it
    candidates: list[tuple[int, str, list[Match]]] = []  # the nearest first
    window = settings.title_window_blocks
    for i in range(body_start - 1, -1, -1):
        if i in excluded:
            continue
        window -= 1
        if window < 0:
            break
        title, fired = rules.trim(blocks[i].text)
        if looks_like_title(title, settings):
            candidates.append((i, title, fired))
    if not candidates:
        return None, {}
    lead = content_words(" ".join(b.text for b in blocks[body_start:body_start + LEAD_BLOCKS]), stops)
    named = [([] if _LOWER_START.match(title) else sorted(content_words(title, stops) & lead), i, title, fired)
             for i, title, fired in candidates]
    best = max(range(len(named)), key=lambda k: len(named[k][0]))  # the first, nearest, of equals
    shared, i, title, fired = named[_above_standfirst(named, best, settings.standfirst_min_words)]
    title = _EDGES.sub("", title)
    why = (f"the headline before the main body, sharing {', '.join(map(repr, shared[:_SHOWN_WORDS]))}"
           f"{' ...' if len(shared) > _SHOWN_WORDS else ''} with its lead" if shared
           else "the nearest headline-shaped block before the main body")
    found = {i: Reason(fired[0].rule.id if fired else "title", why
                       + (f", trimmed {fired[0].text.strip()!r}" if fired else ""))}
    return title, found | repeats(blocks, excluded | found.keys(), title, rules)


def _above_standfirst(named: list[tuple[list[str], int, str, list[Match]]], best: int, min_words: int) -> int:
    """The candidate `best`, or the headline right above it when `best` is a standfirst: a line of
    `min_words` or more (a summary of the article, so it shares the most words with the lead) at
    most one block under a shorter headline-shaped line that shares words with the lead too."""
    if best + 1 >= len(named):
        return best
    _, i, text, _ = named[best]
    up_shared, up_i, up_text, _ = named[best + 1]
    words = len(text.split())
    if words >= min_words and len(up_text.split()) < words and i - up_i <= 2 and up_shared:
        return best + 1
    return best


def repeats(blocks: Sequence[Block], excluded: Set[int], title: str, rules: RuleSet) -> dict[int, Reason]:
    """The blocks that repeat a known title, alone or with a site suffix ("Title - Site")."""
    key = normalise(title)
    first_word = key.split(" ", 1)[0]
    found = {}
    for b in blocks:
        if not key or b.index in excluded:
            continue
        # a repeat starts with the title: its first word starts with the title's first word
        # (a cheap test that spares normalising the paragraphs)
        first = _FIRST_WORD.match(b.text.casefold())
        if first is None or not first[1].startswith(first_word):
            continue
        text = normalise(b.text)
        if not text.startswith(key):
            continue
        if text == key or normalise(rules.trim(b.text)[0]) == key:
            found[b.index] = Reason("title.repeat", f"repeats the title {title!r}")
    return found
