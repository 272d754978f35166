"""The `clean` command's contract: paths, outputs, errors and exit codes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ARTICLE = (
    "Local council approves new bike lanes\n\n"
    "Home | News | Sport | Weather\n\n"
    "The city council voted on Tuesday to build twelve kilometres of protected bike lanes across the "
    "centre, after a debate that lasted more than four hours and drew a large crowd of residents.\n\n"
    "Supporters said the lanes would make cycling safer for children and older people, while shop "
    "owners warned that the loss of parking spaces could hurt their business during the works.\n\n"
    "The first section is expected to open next spring, and the whole network should be finished "
    "within three years, according to the transport department.\n\n"
    "Leave a Reply\n\nanna_k says: this is great news for the neighbourhood!\n"
)


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a" / "b" / "page.html").write_text(
        f"<html><head><title>Bike lanes</title></head><body><article><h1>Bike lanes</h1>"
        f"{''.join(f'<p>{p}</p>' for p in ARTICLE.split(chr(10)*2)[2:5])}</article></body></html>",
        encoding="utf-8")
    (root / "a" / "other.htm").write_text("<html><body><p>" + ARTICLE.split("\n\n")[2]
                                          + "</p></body></html>", encoding="utf-8")
    (root / "a" / "notes.md").write_text("# not a page\n", encoding="utf-8")
    return root


def test_seeds_cli_outputs_are_the_library_bodies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert len(SEEDS) == 5
    assert main([str(ROOT / "seeds"), "-o", str(out), "-q"]) == 0
    for seed in SEEDS:
        expected = cleaner.clean(seed.read_text(encoding="utf-8")).text + "\n"
        assert (out / seed.name).read_text(encoding="utf-8") == expected


def test_seeds_cli_outputs_match_the_fixtures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(ROOT / "seeds"), "-o", str(out), "-q"]) == 0
    for seed in SEEDS:
        expected = (ROOT / "fixtures" / "seeds" / seed.name).read_text(encoding="utf-8")
        assert (out / seed.name).read_text(encoding="utf-8") == expected.rstrip("\n") + "\n"


def test_folder_tree_is_mirrored_and_other_files_skipped(src: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out)]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a/b/page.txt", "a/other.txt", "top.txt"]
    assert "1 skipped" in capsys.readouterr().err


def test_inputs_are_never_modified(src: Path, tmp_path: Path) -> None:
    before = tree_hash(src)
    main([str(src), "-o", str(tmp_path / "out"), "--explain", "--jobs", "2"])
    assert tree_hash(src) == before


def test_output_inside_the_source_is_not_walked(src: Path) -> None:
    out = src / "cleaned"
    assert main([str(src), "-o", str(out), "-q"]) == 0
    assert main([str(src), "-o", str(out), "-q", "--overwrite"]) == 0
    assert not (out / "cleaned").exists()


def test_single_file_prints_the_body(src: Path, capsys) -> None:
    assert main([str(src / "top.txt")]) == 0
    out = capsys.readouterr().out
    assert out == cleaner.clean(ARTICLE).text + "\n"
    assert "bike lanes across the centre" in out and "Leave a Reply" not in out and "Home |" not in out


def test_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(ARTICLE))
    assert main(["-"]) == 0
    assert capsys.readouterr().out == cleaner.clean(ARTICLE).text + "\n"


def test_keep_title_puts_the_title_first(src: Path, capsys) -> None:
    assert main([str(src / "top.txt"), "--keep-title"]) == 0
    first, rest = capsys.readouterr().out.split("\n\n", 1)
    assert first == cleaner.clean(ARTICLE).title == "Local council approves new bike lanes"
    assert first not in rest


def test_explain_lists_every_block_with_its_reason(src: Path, capsys) -> None:
    assert main([str(src / "top.txt"), "--explain"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln[:1] in "+-"]
    assert len(lines) == len(cleaner.clean(ARTICLE).decisions)
    assert any(ln.startswith("-") and "en.comments-header" in ln for ln in lines)


def test_explain_with_output_writes_a_sidecar(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(src / "top.txt"), "-o", str(out), "--explain", "-q"]) == 0
    assert (out / "top.txt.explain").read_text(encoding="utf-8").startswith("# title:")


def test_bad_inputs_fail_alone_and_are_named(src: Path, tmp_path: Path, capsys) -> None:
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (src / "latin1.txt").write_bytes(ARTICLE.replace("council", "Gemeinderät").encode("latin-1"))
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "binary.txt: binary file" in err
    assert (out / "top.txt").exists() and (out / "a" / "b" / "page.txt").exists()
    assert "Gemeinderät" in (out / "latin1.txt").read_text(encoding="utf-8")
    assert not list(out.rglob("*.part"))


def test_missing_source_is_an_error_but_others_run(src: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main([str(src / "top.txt"), str(src / "nope.txt"), "-o", str(out), "-q"]) == 1
    assert "nope.txt" in capsys.readouterr().err
    assert (out / "top.txt").exists()


@pytest.mark.parametrize("argv, message", [
    ([], "at least one SRC"),
    (["{src}"], "a folder needs -o"),
    (["{src}/top.txt", "--disable-rule", "no.such-rule"], "no rule with id no.such-rule"),
    (["{src}/top.txt", "--rules", "{src}/missing.toml"], "missing.toml"),
    (["-", "{src}/top.txt"], "goes alone"),
    (["{src}/top.txt", "--jobs", "-1"], "--jobs"),
])
def test_usage_errors_exit_2(src: Path, capsys, argv: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main([a.format(src=src) for a in argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_user_rules_and_disabled_rules(src: Path, tmp_path: Path, capsys) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('''
[[rule]]
id = "mine.first-section"
label = "chrome"
action = "drop"
pattern = 'The first section is expected.*'
why = "test rule"
drop = ["The first section is expected to open next spring."]
''', encoding="utf-8")
    assert main([str(src / "top.txt"), "--rules", str(rules)]) == 0
    assert "first section" not in capsys.readouterr().out
    assert main([str(src / "top.txt"), "--explain", "--disable-rule", "en.comments-header"]) == 0
    assert "en.comments-header" not in capsys.readouterr().out


def test_jobs_do_not_change_the_output(src: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        shutil.copytree(src, tmp_path / f"src-{name}")
    assert main([str(src), "-o", str(tmp_path / "j1"), "-q", "--jobs", "1"]) == 0
    assert main([str(src), "-o", str(tmp_path / "j2"), "-q", "--jobs", "2"]) == 0
    assert tree_hash(tmp_path / "j1") == tree_hash(tmp_path / "j2")


def test_rerun_skips_up_to_date_outputs(src: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out)]) == 0
    capsys.readouterr()
    (out / "top.txt").write_text("sentinel", encoding="utf-8")
    assert main([str(src), "-o", str(out)]) == 0
    assert "0 cleaned" in capsys.readouterr().err
    assert (out / "top.txt").read_text(encoding="utf-8") == "sentinel"
    assert main([str(src), "-o", str(out), "--overwrite", "-q"]) == 0
    assert (out / "top.txt").read_text(encoding="utf-8") != "sentinel"


def test_list_rules(capsys) -> None:
    assert main(["--list-rules"]) == 0
    ids = [ln.split()[0] for ln in capsys.readouterr().out.splitlines()]
    assert "universal.copyright" in ids and len(ids) == len(cleaner.load_rules())


def test_console_script_help_teaches() -> None:
    exe = shutil.which("clean")
    cmd = [exe] if exe else [sys.executable, "-m", "cleaner.cli"]
    done = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "examples:" in done.stdout and "clean dumps/ -o clean/" in done.stdout


@pytest.mark.parametrize("status", [0, 1, 2])
def test_the_command_exits_with_mains_status(monkeypatch, status: int) -> None:
    import cleaner.cli as cli
    monkeypatch.setattr(cli, "main", lambda: status)
    monkeypatch.setattr(cli.os, "_exit", lambda code: pytest.fail("no hard exit without an interrupt"))
    with pytest.raises(SystemExit) as exited:
        cli.entry()
    assert exited.value.code == status


def test_after_an_interrupt_the_command_exits_at_once(monkeypatch) -> None:
    """After Ctrl-C, `clean` ends the process without the interpreter's exit, which joins the
    worker pool's management thread (an interrupt can leave it waiting on a lock)."""
    import cleaner.cli as cli

    class HardExit(Exception):
        pass

    def hard_exit(code: int) -> None:
        raise HardExit(code)

    monkeypatch.setattr(cli, "main", lambda: cli.INTERRUPTED)
    monkeypatch.setattr(cli.os, "_exit", hard_exit)
    with pytest.raises(HardExit) as exited:
        cli.entry()
    assert exited.value.args == (130,)
