"""HTML to text blocks through trafilatura (comments excluded, tables kept, no network)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in a page: its main text (one block per line) and metadata title."""

    text: str
    title: str | None


def extract(html: str | bytes) -> Page:
    """Extract the main text of an HTML page; an empty page when nothing can be extracted."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    if doc is None:
        return Page("", None)
    return Page(doc.text or "", doc.title or None)
