"""Bad input: each case is an error for one file or one record, on stderr and in the report; the
run goes on. The README's bad-input table names these tests."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from test_cli import ARTICLE
from test_shards import RECORDS, expected, read_jsonl, write_jsonl

import cleaner
import cleaner.shards
from cleaner.cli import main


def run(tmp_path: Path, *extra: str, src: Path | None = None) -> tuple[int, dict]:
    """Clean tmp_path/in into tmp_path/out with a report; (exit status, report)."""
    report = tmp_path / "report.json"
    code = main([str(src or tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--report", str(report), *extra])
    return code, json.loads(report.read_text(encoding="utf-8"))


def entry(report: dict, name: str) -> dict:
    return next(f for f in report["files"] if f["path"].endswith(name))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A good document and a good shard beside which the bad input is put."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(ARTICLE, encoding="utf-8")
    write_jsonl(tmp_path / "in" / "good.jsonl", RECORDS[:2])
    return tmp_path / "in"


def good_outputs_exist(tmp_path: Path) -> None:
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == cleaner.clean(ARTICLE).text + "\n"
    assert read_jsonl(tmp_path / "out" / "good.jsonl") == [expected(r) for r in RECORDS[:2]]


def test_binary_file(tree: Path, tmp_path: Path, capsys) -> None:
    (tree / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    code, report = run(tmp_path)
    assert code == 1 and "image.txt: binary file" in capsys.readouterr().err
    assert entry(report, "image.txt")["status"] == "failed" and not (tmp_path / "out" / "image.txt").exists()
    good_outputs_exist(tmp_path)


RUSSIAN = ("Городской совет во вторник проголосовал за строительство двенадцати километров защищённых "
           "велодорожек в центре города, после дебатов, которые длились более четырёх часов.\n") * 3


def test_non_utf8_is_decoded_and_noted(tree: Path, tmp_path: Path, capsys) -> None:
    (tree / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (tree / "short.txt").write_bytes("Gemeinderät über Straße\n".encode("latin-1"))
    code, report = run(tmp_path)
    err = capsys.readouterr().err
    assert code == 0
    assert "cp1251.txt: warning: not UTF-8: decoded as cp1251\n" in err
    assert "short.txt: warning: not UTF-8: decoded as cp1250 (unsure: " in err  # too short to tell
    assert entry(report, "cp1251.txt")["warnings"] == ["not UTF-8: decoded as cp1251"]
    assert "велодорожек" in (tmp_path / "out" / "cp1251.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, data, message", [
    ("zero.txt", b"", "empty file"),
    ("blank.txt", b" \n\n \n", "empty file"),
    ("zero.jsonl", b"", "empty file: no records"),
    ("zero.jsonl.gz", gzip.compress(b""), "empty file: no records"),
])
def test_empty_files(tree: Path, tmp_path: Path, capsys, name: str, data: bytes, message: str) -> None:
    (tree / name).write_bytes(data)
    code, report = run(tmp_path)
    assert code == 1 and f"{name}: {message}" in capsys.readouterr().err
    assert entry(report, name)["status"] == "failed" and not (tmp_path / "out" / name).exists()
    good_outputs_exist(tmp_path)


def test_unreadable_files_simulated(tree: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    write_jsonl(tree / "locked.jsonl.gz", RECORDS[:1])
    (tree / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    real = cleaner.shards.open_input

    def locked(path: Path):
        if path.name.startswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(cleaner.shards, "open_input", locked)
    monkeypatch.setattr(cleaner.files, "open_input", locked)
    code, report = run(tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "locked.txt: cannot read: Permission denied" in err
    assert "locked.jsonl.gz: cannot read: Permission denied" in err
    assert entry(report, "locked.txt")["status"] == entry(report, "locked.jsonl.gz")["status"] == "failed"
    good_outputs_exist(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_unreadable_files_chmod(tree: Path, tmp_path: Path, capsys) -> None:
    (tree / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "locked.txt").chmod(0)
    try:
        code, _ = run(tmp_path)
    finally:
        (tree / "locked.txt").chmod(0o644)
    assert code == 1 and "locked.txt: cannot read: Permission denied" in capsys.readouterr().err


def test_broken_symlink_and_symlink_loop(tree: Path, tmp_path: Path, capsys) -> None:
    (tree / "broken.txt").symlink_to(tree / "nowhere.txt")
    (tree / "loop.jsonl").symlink_to(tree / "loop.jsonl")
    (tree / "ping.txt").symlink_to(tree / "pong.txt")
    (tree / "pong.txt").symlink_to(tree / "ping.txt")
    code, report = run(tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "broken.txt: cannot read: broken symbolic link" in err
    assert "loop.jsonl: cannot read: symbolic link loop" in err and "ping.txt: cannot read: symbolic link loop" in err
    assert {entry(report, n)["status"] for n in ("broken.txt", "loop.jsonl", "ping.txt", "pong.txt")} == {"failed"}
    good_outputs_exist(tmp_path)


MIXED = [json.dumps(RECORDS[0]).encode(), b'{"text": "broken', json.dumps({"id": 9}).encode(),
         json.dumps({"text": 42}).encode(), b"[1, 2]", b"\xff\xfe not utf-8", json.dumps(RECORDS[1]).encode()]


@pytest.mark.parametrize("policy", ["copy", "skip", "fail"])
def test_malformed_records(tree: Path, tmp_path: Path, capsys, policy: str) -> None:
    (tree / "bad.jsonl").write_bytes(b"\n".join(MIXED) + b"\n")
    code, report = run(tmp_path, "--on-error", policy)
    err = capsys.readouterr().err
    assert code == 1
    if policy == "fail":
        assert "bad.jsonl:2: malformed record" in err and not (tmp_path / "out" / "bad.jsonl").exists()
        assert entry(report, "bad.jsonl")["status"] == "failed"
        good_outputs_exist(tmp_path)
        return
    for line, what in [(2, "malformed record: Unterminated string"), (3, "malformed record: field 'text' is missing"),
                       (4, "malformed record: field 'text' is a int"),
                       (5, "malformed record: record is not a JSON object"), (6, "malformed record")]:
        assert f"bad.jsonl:{line}: {what}" in err
    errors = entry(report, "bad.jsonl")["errors"]
    assert [e["record"] for e in errors] == [2, 3, 4, 5, 6]
    out = (tmp_path / "out" / "bad.jsonl").read_bytes().split(b"\n")[:-1]
    good = [json.dumps(expected(r), ensure_ascii=False).encode() for r in RECORDS[:2]]
    assert out == ([good[0], *MIXED[1:6], good[1]] if policy == "copy" else good)
    good_outputs_exist(tmp_path)


@pytest.mark.parametrize("name", ["cut.jsonl.gz", "cut.jsonl.zst"])
def test_truncated_stream_keeps_the_records_before(tree: Path, tmp_path: Path, capsys, name: str) -> None:
    records = [{**RECORDS[i % len(RECORDS)], "id": i} for i in range(600)]
    write_jsonl(tree / name, records)
    data = (tree / name).read_bytes()
    (tree / name).write_bytes(data[: len(data) * 2 // 3])
    code, report = run(tmp_path, "--doc-timeout", "30")
    assert code == 1
    assert f"{name}: {'gzip' if name.endswith('gz') else 'zstd'} stream" in capsys.readouterr().err
    got = read_jsonl(tmp_path / "out" / name)
    assert 0 < len(got) < 600 and [r["id"] for r in got] == list(range(len(got)))
    assert got[0] == expected(records[0])
    assert entry(report, name)["status"] == "partial"
    good_outputs_exist(tmp_path)


def test_corrupt_parquet_and_missing_column(tree: Path, tmp_path: Path, capsys) -> None:
    (tree / "junk.parquet").write_bytes(b"PAR1 this is not parquet at all")
    pq.write_table(pa.table({"body": ["x"]}), tree / "nocol.parquet")
    pq.write_table(pa.table({"text": [ARTICLE, None]}), tree / "null.parquet")
    code, report = run(tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "junk.parquet: not a readable Parquet file" in err and "nocol.parquet: no column 'text'" in err
    assert "null.parquet:2: malformed record: field 'text' is null" in err
    rows = pq.read_table(tmp_path / "out" / "null.parquet").to_pylist()
    assert rows[0]["text"] == cleaner.clean(ARTICLE).text
    assert rows[1]["text"] is None and json.loads(rows[1]["cleaner"])["error"].startswith("malformed")
    assert not (tmp_path / "out" / "junk.parquet").exists() and not (tmp_path / "out" / "nocol.parquet").exists()


def test_output_folder_equal_to_a_source_is_refused(tree: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(tree), "-o", str(tree)])
    assert exc.value.code == 2 and "would overwrite the input" in capsys.readouterr().err


def test_output_folder_inside_a_source_is_not_walked(tree: Path) -> None:
    out = tree / "cleaned"
    assert main([str(tree), "-o", str(out), "-q", "--jobs", "1"]) == 0
    assert main([str(tree), "-o", str(out), "-q", "--jobs", "1", "--overwrite"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["good.jsonl", "good.txt"]


CATASTROPHIC = '''
[[rule]]
id = "mine.backtrack"
label = "chrome"
action = "drop"
pattern = '(a|aa)+b'
why = "catastrophic backtracking on a run of a's"
'''


def test_catastrophic_user_rule_is_stopped_by_the_regex_timeout(tree: Path, tmp_path: Path, capsys) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(CATASTROPHIC, encoding="utf-8")
    evil = ARTICLE + "\n" + "a" * 60 + "c\n"
    (tree / "evil.txt").write_text(evil, encoding="utf-8")
    write_jsonl(tree / "evil.jsonl", [RECORDS[0], {"text": evil}])
    code, report = run(tmp_path, "--rules", str(rules), "--regex-timeout", "0.2")
    err = capsys.readouterr().err
    assert code == 1 and "evil.txt: drop rules took longer than 0.2s" in err
    assert "evil.jsonl:2: drop rules took longer than 0.2s" in err
    assert (tmp_path / "out" / "evil.txt").read_text(encoding="utf-8") == evil  # passed through
    assert (tmp_path / "out" / "evil.jsonl").read_bytes().split(b"\n")[1] == json.dumps({"text": evil}).encode()
    assert entry(report, "evil.jsonl")["documents"] == 1
    good_outputs_exist(tmp_path)


def slow_when_marked(monkeypatch) -> None:
    original = cleaner.Cleaner.clean

    def clean(self, text: str):
        if "SLOW" in text:
            time.sleep(30)
        return original(self, text)

    monkeypatch.setattr(cleaner.Cleaner, "clean", clean)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_doc_timeout_passes_the_document_through(tree: Path, tmp_path: Path, monkeypatch, capsys, jobs: str) -> None:
    slow_when_marked(monkeypatch)  # forked workers inherit the patch
    slow = "SLOW page\n" + ARTICLE
    (tree / "slow.txt").write_text(slow, encoding="utf-8")
    write_jsonl(tree / "slow.jsonl", [RECORDS[0], {"text": slow, "id": 1}, RECORDS[1]])
    report_path = tmp_path / "r.json"
    code = main([str(tree), "-o", str(tmp_path / "out"), "--jobs", jobs, "--doc-timeout", "0.5",
                 "--report", str(report_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "slow.txt: document took longer than 0.5s" in err and "slow.jsonl:2: document took longer" in err
    assert (tmp_path / "out" / "slow.txt").read_text(encoding="utf-8") == slow
    lines = (tmp_path / "out" / "slow.jsonl").read_bytes().split(b"\n")
    assert lines[1] == json.dumps({"text": slow, "id": 1}).encode()
    assert json.loads(lines[2]) == expected(RECORDS[1])
    good_outputs_exist(tmp_path)


def test_a_zstd_frame_of_garbage(tree: Path, tmp_path: Path, capsys) -> None:
    good = zstandard.ZstdCompressor().compress(b"".join(json.dumps(r).encode() + b"\n" for r in RECORDS[:2]))
    (tree / "garbage.jsonl.zst").write_bytes(good + b"\x28\xb5\x2f\xfd" + b"\x00garbage" * 10)
    code, _ = run(tmp_path)
    assert code == 1 and "garbage.jsonl.zst: zstd stream broken" in capsys.readouterr().err
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "garbage.jsonl.zst")] == [0, 1]


def test_unwritable_output_fails_each_file_not_the_run(tree: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    pq.write_table(pa.table({"text": [ARTICLE]}), tree / "p.parquet")
    code = main([str(tree), "-o", str(tmp_path / "afile" / "out"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    for name in ("good.txt", "good.jsonl", "p.parquet"):
        assert f"{name}: cannot write" in err
    assert "0 cleaned, 3 failed" in err


def test_a_bug_on_one_record_costs_that_record(tree: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    original = cleaner.Cleaner.clean

    def clean(self, text: str):
        if "BOOM" in text:
            raise ValueError("boom")
        return original(self, text)

    monkeypatch.setattr(cleaner.Cleaner, "clean", clean)
    write_jsonl(tree / "boom.jsonl", [RECORDS[0], {"text": "BOOM " + ARTICLE}, RECORDS[1]])
    code, report = run(tmp_path)
    assert code == 1 and "boom.jsonl:2: internal error: ValueError: boom" in capsys.readouterr().err
    got = read_jsonl(tmp_path / "out" / "boom.jsonl")
    assert got == [expected(RECORDS[0]), {"text": "BOOM " + ARTICLE}, expected(RECORDS[1])]
    assert entry(report, "boom.jsonl")["errors"] == [{"record": 2, "message": "internal error: ValueError: boom"}]


def test_a_dying_worker_fails_its_tasks_and_the_run_goes_on(tree: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    original = cleaner.Cleaner.clean

    def clean(self, text: str):
        if "DIE" in text:
            os._exit(3)  # as a segfault in a C library would end the worker
        return original(self, text)

    monkeypatch.setattr(cleaner.Cleaner, "clean", clean)  # forked workers inherit the patch
    (tree / "a_die.txt").write_text("DIE\n" + ARTICLE, encoding="utf-8")
    for i in range(12):
        (tree / f"z{i:02}.txt").write_text(ARTICLE, encoding="utf-8")
    code, report = run(tmp_path, "--jobs", "2")
    assert code == 1 and "a_die.txt: worker failed: BrokenProcessPool" in capsys.readouterr().err
    statuses = {f["path"].rsplit("/", 1)[-1]: f["status"] for f in report["files"]}
    assert statuses["a_die.txt"] == "failed" and statuses["z11.txt"] == "cleaned"  # a new pool took over
    for f in report["files"]:
        assert f["status"] == "cleaned" or f["errors"][0]["message"].startswith("worker failed")
    assert (tmp_path / "out" / "z11.txt").read_text(encoding="utf-8") == cleaner.clean(ARTICLE).text + "\n"
