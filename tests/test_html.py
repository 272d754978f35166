"""HTML input: decoding, both engines, the title, explained decisions, broken markup, the CLI."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import cleaner
from cleaner.cli import main
from cleaner.decide import EXTRACTED
from cleaner.files import InputError
from cleaner.html import ENGINES, decode_html, extract

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "en_news_table_cp1252.html"
FAST = cleaner.Settings(html_engine="fast")
ARTICLE = ("The city council voted on Tuesday evening to approve the construction of a new pedestrian "
           "bridge across the river")
CAFES = "adds twenty minutes to every trip to the cafés and shops of the centre."
BOILERPLATE = ("By Jane Doe", "This article originally appeared on", "Copyright ©", "Leave a Reply",
               "Tom says", "Impressum | Datenschutz")


# --- decoding ----------------------------------------------------------------------------------

def test_declared_charset_is_believed() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>café ©</p></body></html>'
    text, note = decode_html(html.encode("cp1252"))
    assert "café ©" in text and "windows-1252" in note


def test_http_equiv_declaration_and_latin1_read_as_windows_1252() -> None:
    html = ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            "<p>\u201cquoted\u201d na\u00efve</p>")
    text, _ = decode_html(html.encode("cp1252"))  # browsers read latin-1 labels as windows-1252
    assert "\u201cquoted\u201d na\u00efve" in text


def test_wrong_declaration_falls_back_to_detection() -> None:
    html = '<meta charset="utf-8"><p>' + "Grüße aus Köln, schöne Straße. " * 20 + "</p>"
    text, note = decode_html(html.encode("latin-1"))  # declares UTF-8, is not
    assert "Grüße aus Köln" in text and note and "not UTF-8" in note


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_byte_order_mark_wins(bom: bytes) -> None:
    encoding = "utf-8" if bom == codecs.BOM_UTF8 else "utf-16-le"
    text, _ = decode_html(bom + '<meta charset="iso-8859-2"><p>żółw</p>'.encode(encoding))
    assert "żółw" in text and not text.startswith("\ufeff")


@pytest.mark.parametrize(("data", "why"), [(b"", "empty"), (b"  \n ", "empty"),
                                           (b"\x00\x01\x02<html>\x00" * 50, "binary")])
def test_empty_and_binary_pages_are_input_errors(data: bytes, why: str) -> None:
    with pytest.raises(InputError, match=why):
        decode_html(data)


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown HTML engine 'boilerpipe'"):
        extract("<p>x</p>", "boilerpipe")


# --- the default engine: trafilatura, then the rules ---------------------------------------------

def test_default_engine_keeps_the_article_and_removes_what_trafilatura_left() -> None:
    result = cleaner.clean_html(PAGE.read_bytes())
    assert result.title == "Council approves new river bridge"  # metadata title, site suffix trimmed
    assert ARTICLE in result.text and CAFES in result.text
    assert "| Steel bridge | 4.2 million | 21 |" in result.text  # table rows survive the pipe-menu rule
    for chrome in BOILERPLATE:
        assert chrome not in result.text, chrome
    assert not result.text.startswith("Council approves")  # the body never starts with the title
    assert result.language == "en"


def test_default_engine_explains_every_block() -> None:
    result = cleaner.clean_html(PAGE.read_bytes())
    assert cleaner.render(result.decisions) == result.text
    by_rule = {d.reasons[0].rule: d for d in result.decisions}
    assert by_rule["title.repeat"].label == "title" and not by_rule["title.repeat"].kept
    assert by_rule["en.byline"].block.text == "By Jane Doe"
    assert all(d.kept == (d.reasons[0].rule == EXTRACTED) for d in result.decisions)


def test_rules_marked_html_false_do_not_judge_extracted_text() -> None:
    rows = "<table>" + "".join(f"<tr><td>Row {i}</td><td>{i * 3} kg</td><td>{i} m</td></tr>" for i in range(6))
    html = (f"<html><body><article><p>{ARTICLE}, and the table below lists every option that the "
            f"planning office had studied during the last three years.</p>{rows}</table></article></body></html>")
    result = cleaner.clean_html(html)
    assert "| Row 2 | 6 kg | 2 m |" in result.text
    pipe_menu = next(r for r in cleaner.load_rules().rules if r.id == "universal.pipe-menu")
    assert not pipe_menu.html and pipe_menu.matches("| Row 2 | 6 kg | 2 m |")


def test_a_line_of_numbers_in_extracted_text_is_kept() -> None:
    """A price, a score or a table cell that trafilatura kept as content is not taken for a count
    (universal.numbers-only is html = false); in a page dump the same line goes."""
    html = (f"<html><body><article><p>{ARTICLE}, and the council listed what the new bridge would cost "
            "every household in the town over the next ten years.</p><p>286,35 €</p><p>The final vote is "
            "expected in the spring, after the public hearings in every district have ended.</p>"
            "</article></body></html>")
    assert "\n286,35 €\n" in cleaner.clean_html(html).text
    dump = cleaner.clean("\n".join([ARTICLE, "286,35 €", "The final vote is expected in the spring."]))
    assert [d.reasons[0].rule for d in dump.decisions if d.block.text == "286,35 €"] == ["universal.numbers-only"]


# --- the fast engine: the whole page as text, then the text cleaner -------------------------------

def test_fast_engine_cleans_the_whole_page_text() -> None:
    result = cleaner.clean_html(PAGE.read_bytes(), FAST)
    assert result.title == "Council approves new river bridge"
    assert ARTICLE in result.text and CAFES in result.text
    for chrome in (*BOILERPLATE, "Home", "Login"):
        assert chrome not in result.text, chrome
    dropped = {d.reasons[0].rule for d in result.decisions if not d.kept}
    assert "en.comments-header" in dropped and "universal.pipe-menu" in dropped


def test_fast_engine_is_the_text_cleaner_on_resiliparse_text() -> None:
    page = extract(PAGE.read_bytes(), "fast")
    assert "Leave a Reply" in page.text and "Home" in page.text  # nothing removed before cleaning
    unchecked = FAST.with_(main_content_check=False)  # main-content check: tests/test_main_content.py
    assert cleaner.clean_html(PAGE.read_bytes(), unchecked).text == cleaner.clean(page.text).text


# --- broken markup never crashes ------------------------------------------------------------------

BROKEN = ["", "<", "<html", "<p>unclosed <b>bold <i>both", "</div></div></body>", "<!-- never closed",
          "<script>var x = '</p>';", "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 10,
          "<p>\x00\x01 control \ud800 surrogate</p>", "<meta charset='no-such-charset'><p>hi</p>"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("html", BROKEN)
def test_broken_markup_gives_a_result(engine: str, html: str) -> None:
    result = cleaner.clean_html(html, cleaner.Settings(html_engine=engine))
    assert cleaner.render(result.decisions) == result.text


@pytest.mark.parametrize("engine", ENGINES)
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<a href='x'>", "</a>", "<table>",
                                 "<td>", "<script>", "<!--", "-->", "&amp;", "&#0;", "Word ", "Satz. "])
                | st.text(max_size=40)))
def test_arbitrary_markup_never_raises(engine: str, parts: list[str]) -> None:
    result = cleaner.clean_html("".join(parts), cleaner.Settings(html_engine=engine))
    assert all(d.reasons for d in result.decisions if not d.kept)


# --- the CLI ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_cli_cleans_html_files_with_either_engine(tmp_path: Path, engine: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.htm").write_bytes(PAGE.read_bytes())
    before = PAGE.read_bytes()
    assert main([str(src), "-o", str(tmp_path / "out"), "--html-engine", engine, "-q"]) == 0
    body = (tmp_path / "out" / "page.txt").read_text("utf-8")
    assert ARTICLE in body and CAFES in body and "Copyright" not in body
    assert (src / "page.htm").read_bytes() == before


def test_cli_rejects_an_unknown_engine(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(PAGE), "--html-engine", "nope"])
    assert exit_.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err


def test_a_user_rule_can_opt_out_of_extracted_html(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('''[[rule]]
id = "mine.steel"
label = "chrome"
action = "drop"
pattern = ".*steel bridge.*"
why = "test rule"
html = false
''', encoding="utf-8")
    settings = cleaner.Settings(rule_files=(rules,))
    line = "The steel bridge option won twenty-one votes in the council, the wooden one only nine."
    text = f"{ARTICLE}, ending a long debate.\n{line}\n{ARTICLE}, said the mayor afterwards."
    by_text = {d.block.text: d for d in cleaner.clean(text, settings).decisions}
    assert by_text[line].reasons[0].rule == "mine.steel"  # text mode: the rule applies
    html = f"<html><body><article><p>{ARTICLE}, ending a long debate.</p><p>{line}</p></article></body></html>"
    result = cleaner.clean_html(html, settings)
    assert line in result.text  # extracted HTML: it does not
    assert "mine.steel" not in {r.id for r in cleaner.pipeline._cleaner(settings).extracted_rules().rules}


def test_the_html_key_of_a_rule_must_be_a_boolean(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rule]]\nid = "x.y"\nlabel = "chrome"\naction = "drop"\npattern = "x"\nwhy = "w"\n'
                     'html = "no"\n', encoding="utf-8")
    with pytest.raises(cleaner.RuleError, match="html has the wrong type"):
        cleaner.load_rules([rules])


def test_extracted_blocks_are_scored_only_when_a_rule_needs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.pipeline as pipeline

    calls = []
    real = pipeline.features
    monkeypatch.setattr(pipeline, "features", lambda block, stops: calls.append(block.text) or real(block, stops))
    paragraphs = "".join(f"<p>{ARTICLE}, as paragraph {i} of the report explained in detail.</p>" for i in range(12))
    result = cleaner.Cleaner().clean_html(f"<html><body><article>{paragraphs}</article></body></html>")
    kept = [d for d in result.decisions if d.kept]
    assert len(kept) == 12 and all(d.reasons[0].detail == "no rule matched" for d in kept)
    assert calls == []  # no rule fired: no block needed a prose score
