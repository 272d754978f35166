"""Shards: JSONL (plain, .gz, .zst) and Parquet in, the same format out, record by record."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from test_cli import ARTICLE

import cleaner
from cleaner.cli import main
from cleaner.shards import read_batches, shard_suffix
from cleaner.work import looks_like_html

HTML = ("<html><head><title>Bike lanes</title></head><body><article><h1>Bike lanes</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[2:5]) + "</article></body></html>")
RECORDS = [{"id": i, "url": f"https://example.org/{i}", "text": ARTICLE if i % 2 else ARTICLE.replace(
    "twelve", str(i)), "meta": {"lang": "en", "n": [i, 1.5]}} for i in range(7)]


def write_jsonl(path: Path, records: list[dict]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_jsonl(path: Path) -> list[dict]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def expected(record: dict, field: str = "text") -> dict:
    result = cleaner.clean(record["text"])
    return {**record, field: result.text, "title": result.title,
            "cleaner": {"removed_blocks": sum(result.removed.values()), "removed_chars": dict(result.removed_chars)}}


@pytest.mark.parametrize("name", ["s.jsonl", "s.jsonl.gz", "s.jsonl.zst"])
def test_jsonl_records_are_cleaned_in_place_in_order(tmp_path: Path, name: str) -> None:
    write_jsonl(tmp_path / "in" / name, RECORDS)
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"]) == 0
    got = read_jsonl(tmp_path / "out" / name)
    assert got == [expected(r) for r in RECORDS]
    assert "Leave a Reply" not in got[0]["text"] and got[0]["title"] == "Local council approves new bike lanes"
    assert got[0]["cleaner"]["removed_chars"]["comments"] > 0


def test_output_field_keeps_the_text(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in" / "s.jsonl", RECORDS[:2])
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--output-field", "clean_text"]) == 0
    got = read_jsonl(tmp_path / "out" / "s.jsonl")
    assert [g["text"] for g in got] == [r["text"] for r in RECORDS[:2]]
    assert got[0]["clean_text"] == cleaner.clean(RECORDS[0]["text"]).text
    assert list(got[0]) == ["id", "url", "text", "meta", "clean_text", "title", "cleaner"]


def test_text_field_option(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in" / "s.jsonl", [{"body": ARTICLE, "text": "untouched"}])
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--text-field", "body"]) == 0
    got = read_jsonl(tmp_path / "out" / "s.jsonl")[0]
    assert got["text"] == "untouched" and got["body"] == cleaner.clean(ARTICLE).text


def test_parquet_streams_row_groups_and_keeps_the_schema(tmp_path: Path) -> None:
    src = tmp_path / "in" / "p.parquet"
    src.parent.mkdir()
    table = pa.Table.from_pylist(RECORDS)
    pq.write_table(table, src, row_group_size=3)
    assert main([str(src.parent), "-o", str(tmp_path / "out"), "-q", "--jobs", "2"]) == 0
    out = pq.read_table(tmp_path / "out" / "p.parquet")
    assert out.schema.names == ["id", "url", "text", "meta", "title", "cleaner"]
    assert out.schema.field("meta").type == table.schema.field("meta").type
    rows = out.to_pylist()
    for row, record in zip(rows, RECORDS, strict=True):
        want = expected(record)
        assert {**row, "cleaner": json.loads(row["cleaner"])} == want


def test_read_batches_splits_a_shard(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "s.jsonl.zst", RECORDS)
    batches = list(read_batches(tmp_path / "s.jsonl.zst", batch_records=3))
    assert [(b.first, len(b.items)) for b in batches] == [(1, 3), (4, 3), (7, 1)]
    pq.write_table(pa.Table.from_pylist(RECORDS), tmp_path / "p.parquet", row_group_size=2)
    assert [b.table.num_rows for b in read_batches(tmp_path / "p.parquet", batch_records=3)] == [3, 3, 1]


def test_zstd_with_several_frames(tmp_path: Path) -> None:
    c = zstandard.ZstdCompressor()
    frames = [c.compress("".join(json.dumps(r) + "\n" for r in RECORDS[i:i + 2]).encode()) for i in (0, 2)]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.jsonl.zst").write_bytes(b"".join(frames))
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "f.jsonl.zst")] == [0, 1, 2, 3]


@pytest.mark.parametrize("content, kept", [("auto", True), ("html", True), ("text", False)])
def test_content_html_goes_through_the_html_path(tmp_path: Path, content: str, kept: bool) -> None:
    write_jsonl(tmp_path / "in" / "h.jsonl", [{"text": HTML}])
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--content", content]) == 0
    got = read_jsonl(tmp_path / "out" / "h.jsonl")[0]
    assert ("<p>" not in got["text"]) is kept
    if kept:
        assert got["text"] == cleaner.clean_html(HTML).text and got["title"] == "Bike lanes"


@pytest.mark.parametrize("text, html", [
    ("  \n<!DOCTYPE html><html>", True), ("<div>x</div>", True), ("Intro line\n<p>para</p>", True),
    ("Home | News\nA <b>bold</b> claim", False), ("3 < 4 and 5 > 2", False), ("plain text", False),
])
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_a_folder_mixing_every_format(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_jsonl(src / "a.jsonl", RECORDS[:2])
    write_jsonl(src / "x" / "b.jsonl.gz", RECORDS[2:4])
    write_jsonl(src / "x" / "y" / "c.jsonl.zst", RECORDS[4:])
    pq.write_table(pa.Table.from_pylist(RECORDS[:3]), src / "x" / "d.parquet")
    (src / "page.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "page2.html").write_text(HTML, encoding="utf-8")
    (src / "notes.json").write_text("{}", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main([str(src), "-o", str(tmp_path / "out"), "-q", "--report", str(report)]) == 0
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["a.jsonl", "page.txt", "page2.txt", "x/b.jsonl.gz", "x/d.parquet", "x/y/c.jsonl.zst"]
    assert read_jsonl(tmp_path / "out" / "x" / "y" / "c.jsonl.zst") == [expected(r) for r in RECORDS[4:]]
    doc = json.loads(report.read_text(encoding="utf-8"))
    totals = doc["totals"]
    assert totals["records"] == 2 + 2 + 3 + 3 + 2 and totals["documents"] == totals["records"]
    assert totals["files"] == 6 and totals["files_cleaned"] == 6 and totals["errors"] == 0
    for f in doc["files"]:
        out = Path(f["output"])
        assert f["bytes_in"] == Path(f["path"]).stat().st_size and f["bytes_out"] == out.stat().st_size
        assert sum(f["removed_by_rule"].values()) == sum(f["removed_blocks"].values()) > 0
    c = next(f for f in doc["files"] if f["path"].endswith("c.jsonl.zst"))
    assert c["records"] == 3 and c["format"] == "jsonl" and c["status"] == "cleaned"


def test_shard_needs_an_output_folder(tmp_path: Path, capsys) -> None:
    write_jsonl(tmp_path / "s.jsonl", RECORDS[:1])
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path / "s.jsonl")])
    assert exc.value.code == 2 and "needs -o" in capsys.readouterr().err


def test_shard_suffix() -> None:
    assert [shard_suffix(Path(n)) for n in ("a.JSONL", "a.jsonl.gz", "b.jsonl.zst", "c.parquet", "d.json", "e.gz")] \
        == [".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet", None, None]


def test_progress_bar_on_a_terminal_and_summary_line(tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    write_jsonl(tmp_path / "in" / "s.jsonl", RECORDS)
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 0
    text = err.getvalue()
    assert "\r[" in text and "docs/s" in text and "ETA" in text and "7 docs" in text
    assert text.split("\r\x1b[K")[-1].startswith("clean: 1 cleaned, 0 failed")  # bar erased, then the summary
    err.truncate(0)
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--jobs", "1", "-q"]) == 0
    assert err.getvalue() == ""


def test_progress_line() -> None:
    from cleaner.progress import Progress

    p = Progress(total_bytes=4_000_000, enabled=False)
    p.update(documents=10, read_bytes=1_000_000)
    line = p.line(p.started + 2.0)
    assert line.startswith("[#####...............]  25% 10 docs  1.0/4.0 MB  5 docs/s  0.50 MB/s  ETA 0:06")
