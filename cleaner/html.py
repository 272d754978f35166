"""HTML to text: decoding, and the two extraction engines.

- "trafilatura" (default): trafilatura's main-content extraction (comments excluded, tables kept,
  no network), and the title from the page's metadata. The rules then clean what it kept.
- "fast": resiliparse's full-page plain text (every block, menus and comments included), which the
  whole text cleaner then reads as it reads a page dump; resiliparse's main-content guess comes
  with it, as a second opinion (main_content.py).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

ENGINES = ("trafilatura", "fast")

_DECLARED = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", regex.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Page:
    """What an engine found in a page: its text (one block per line), the metadata title, and
    (fast engine) the text of resiliparse's main-content guess."""

    text: str
    title: str | None
    main_content: str | None = None


def decode_html(data: bytes) -> tuple[str, str | None]:
    """Bytes to text, and a note when they were not UTF-8: a byte-order mark, else the charset
    the page declares in a <meta> tag, else what `files.decode_noted` makes of them (UTF-8, else
    the charset charset-normalizer detects). InputError for empty, binary or undecodable pages."""
    from .files import decode_noted

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff"), None
    declared = _DECLARED.search(data[:_SNIFF_BYTES])
    if declared and data.strip():
        name = declared[1].decode("ascii", "replace")
        try:
            codec = _codec(name)
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
        else:
            return text, None if codec == "utf-8" or data.isascii() else f"not UTF-8: decoded as declared {name}"
    return decode_noted(data)


def _codec(name: str) -> str:
    """The Python codec for a declared charset; browsers read latin-1/ascii as windows-1252."""
    name = codecs.lookup(name).name
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def extract(html: str | bytes, engine: str = "trafilatura", main_content: bool = True) -> Page:
    """The text and title of an HTML page with one engine; an empty page when nothing is found.
    The fast engine also returns resiliparse's main-content guess unless `main_content` is False."""
    if engine not in ENGINES:
        raise ValueError(f"unknown HTML engine {engine!r}; choose one of {', '.join(ENGINES)}")
    text = decode_html(html)[0] if isinstance(html, bytes) else html
    return _fast(text, main_content) if engine == "fast" else _trafilatura(text)


def _trafilatura(html: str) -> Page:
    import trafilatura  # imported only when HTML is cleaned: it takes ~0.3 s
    from trafilatura.metadata import extract_title

    tree = trafilatura.load_html(html)
    if tree is None:
        return Page("", None)
    title = extract_title(tree)  # before extraction, which prunes the tree
    doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True,
                                      with_metadata=False, deduplicate=False)
    return Page(doc.text or "" if doc is not None else "", title or None)


def _fast(html: str, main_content: bool) -> Page:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    try:
        tree = HTMLTree.parse(html)
    except UnicodeEncodeError:  # lone surrogates: resiliparse needs text that UTF-8 can hold
        tree = HTMLTree.parse(html.encode("utf-8", "replace").decode("utf-8"))
    options = {"preserve_formatting": True, "alt_texts": False, "links": False, "list_bullets": True}
    text = extract_plain_text(tree, main_content=False, **options)
    guess = extract_plain_text(tree, main_content=True, **options) if main_content else None
    return Page(text, (tree.title or "").strip() or None, guess)
