"""split_text(): blocks are the non-blank lines of the input, stripped, with offsets into it."""

from __future__ import annotations

import pytest

from cleaner.blocks import Block, split_text

# Every line break that str.splitlines() knows.
LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def assert_consistent(text: str, blocks: list[Block]) -> None:
    """Offsets point into the input, indices count up, nothing but white space lies between."""
    pos = 0
    for i, b in enumerate(blocks):
        assert b.index == i
        assert pos <= b.start < b.end <= len(text)
        assert text[b.start:b.end] == b.text
        assert text[pos:b.start].strip() == ""
        pos = b.end
    assert text[pos:].strip() == ""


def test_offsets_point_into_the_input() -> None:
    text = "Alpha beta\nGamma\n\nDelta epsilon zeta"
    blocks = split_text(text)
    assert [b.text for b in blocks] == ["Alpha beta", "Gamma", "Delta epsilon zeta"]
    assert [b.start for b in blocks] == [0, text.index("Gamma"), text.index("Delta")]
    assert_consistent(text, blocks)


def test_outer_space_is_stripped_and_offsets_follow() -> None:
    text = "   indented line  \n\t tabbed\t\n\u00a0nbsp\u00a0\u3000"
    blocks = split_text(text)
    assert [b.text for b in blocks] == ["indented line", "tabbed", "nbsp"]
    assert blocks[0].start == 3
    assert blocks[1].start == text.index("tabbed")
    assert_consistent(text, blocks)


def test_inner_space_is_kept() -> None:
    text = "two  spaces\tand a tab"
    assert split_text(text)[0].text == text


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[repr(b) for b in LINE_BREAKS])
def test_every_line_break_kind_ends_a_block(brk: str) -> None:
    text = f"first line{brk}second line{brk}third"
    blocks = split_text(text)
    assert [b.text for b in blocks] == ["first line", "second line", "third"]
    assert_consistent(text, blocks)


def test_mixed_line_breaks_match_splitlines() -> None:
    text = "a\r\nb\rc\u2028d\ne\u2029f\x85g\x0ch\r\n\r\ni"
    blocks = split_text(text)
    assert [b.text for b in blocks] == [line.strip() for line in text.splitlines() if line.strip()]
    assert_consistent(text, blocks)


def test_crlf_is_one_break_not_a_blank_line() -> None:
    blocks = split_text("one\r\ntwo\r\n")
    assert [b.text for b in blocks] == ["one", "two"]
    assert blocks[1].start == 5


def test_blank_and_whitespace_only_lines_are_skipped() -> None:
    text = "\n\n  \n\t\nreal\n \u00a0 \n\n\nalso real\n\n"
    blocks = split_text(text)
    assert [b.text for b in blocks] == ["real", "also real"]
    assert [b.index for b in blocks] == [0, 1]
    assert_consistent(text, blocks)


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", " \t\n\u2028\u00a0"])
def test_no_blocks_in_blank_input(text: str) -> None:
    assert split_text(text) == []


@pytest.mark.parametrize("line", ["• Home", "· News", "- item one", "* starred", "+ plus",
                                  "» Next page", "› more", "> quoted menu", "► Play",
                                  "1. Step one", "12) Twelfth", "▪ square"])
def test_bullets(line: str) -> None:
    (block,) = split_text(f"  {line}  ")
    assert block.text == line
    assert block.bullet


@pytest.mark.parametrize("line", ["Home", "-5 degrees tonight", "1.5 million people came",
                                  "2013. A year to remember", "•no space after bullet",
                                  "The - dash in the middle", "*emphasis*"])
def test_not_bullets(line: str) -> None:
    (block,) = split_text(line)
    assert not block.bullet


def test_block_is_immutable() -> None:
    (block,) = split_text("frozen")
    with pytest.raises(AttributeError):
        block.text = "thawed"  # type: ignore[misc]
