"""Resuming: a run killed mid-way leaves only complete outputs; a rerun finishes the job and gives
the same bytes as an uninterrupted run, whatever the number of workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_cli import ARTICLE, tree_hash
from test_shards import RECORDS, write_jsonl

from cleaner.cli import main
from cleaner.files import remove_stale_parts

ROOT = Path(__file__).resolve().parents[1]


def make_tree(root: Path, documents: int = 40, shard_records: int = 700) -> Path:
    """Documents, a multi-batch shard of each format, a Parquet shard of several row groups."""
    for i in range(documents):
        page = ARTICLE.replace("twelve", f"{i} and twelve").replace("Tuesday", f"day {i}")
        folder = root / f"d{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{i:03}.txt").write_text(page * (1 + i % 3), encoding="utf-8")
    records = [{**RECORDS[i % len(RECORDS)], "id": i} for i in range(shard_records)]
    write_jsonl(root / "m_big.jsonl", records)
    write_jsonl(root / "d1" / "b.jsonl.gz", records[:300])
    write_jsonl(root / "d2" / "c.jsonl.zst", records[:300])
    pq.write_table(pa.Table.from_pylist(records[:300]), root / "d3" / "e.parquet", row_group_size=100)
    return root


def visible(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree_hash(folder).items() if not Path(k).name.endswith(".part")}


def test_jobs_do_not_change_the_bytes(tmp_path: Path) -> None:
    src = make_tree(tmp_path / "in", documents=8, shard_records=600)
    assert main([str(src), "-o", str(tmp_path / "j1"), "-q", "--jobs", "1"]) == 0
    assert main([str(src), "-o", str(tmp_path / "j2"), "-q", "--jobs", "2"]) == 0
    one, two = tree_hash(tmp_path / "j1"), tree_hash(tmp_path / "j2")
    assert one == two and len(one) == 8 + 4
    lines = (tmp_path / "j2" / "m_big.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(ln)["id"] for ln in lines] == list(range(600))  # three batches, in order


def test_rerun_skips_complete_shards(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    write_jsonl(src / "s.jsonl", RECORDS[:2])
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out), "-q"]) == 0
    (out / "s.jsonl").write_text("sentinel\n", encoding="utf-8")
    assert main([str(src), "-o", str(out)]) == 0
    assert "0 cleaned, 0 failed, 1 up to date" in capsys.readouterr().err
    assert (out / "s.jsonl").read_text(encoding="utf-8") == "sentinel\n"
    os.utime(src / "s.jsonl", (time.time() + 5, time.time() + 5))  # the input changed: redone
    assert main([str(src), "-o", str(out), "-q"]) == 0
    assert (out / "s.jsonl").read_text(encoding="utf-8") != "sentinel\n"


def test_stale_temporary_files_are_removed_and_never_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".x.jsonl.ab12CD_9.part", out / "sub" / ".page.txt.zz99yy88.part"]
    keep = [out / "x.jsonl", out / "notes.part", out / ".hidden"]
    for p in stale + keep:
        p.write_text("?", encoding="utf-8")
    assert remove_stale_parts(out) == 2
    assert not any(p.exists() for p in stale) and all(p.exists() for p in keep)


@pytest.mark.parametrize("jobs, sig, status", [("1", signal.SIGKILL, -signal.SIGKILL),
                                               ("2", signal.SIGKILL, -signal.SIGKILL),
                                               ("2", signal.SIGINT, 130)])
def test_killed_run_resumes_to_the_same_bytes(tmp_path: Path, jobs: str, sig: int, status: int) -> None:
    # a shard of 8 batches: more than the workers hold in flight, so that the kill lands while
    # its output is being written however fast the cleaning (700 records once let a run finish first)
    src = make_tree(tmp_path / "in", shard_records=2000)
    reference = tmp_path / "reference"
    assert main([str(src), "-o", str(reference), "-q", "--jobs", jobs]) == 0
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "cleaner.cli", str(src), "-o", str(out), "-q", "--jobs", jobs]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # kill as soon as the big shard (last in walk order) is being written: mid-shard
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if out.is_dir() and any(p.name.startswith(".m_big.jsonl.") for p in out.iterdir()):
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)  # the workers too, as a terminal's Ctrl-C or kill -9 of the group
        proc.wait(timeout=120)
    assert proc.returncode == status  # it was stopped, not finished
    after_kill = visible(out)
    assert len(after_kill) < len(tree_hash(reference))
    print(f"killed with {len(after_kill)} outputs and {len(tree_hash(out)) - len(after_kill)} temporary files")
    want = tree_hash(reference)
    # every visible output is complete and right; only hidden .part files may be extra
    assert all(want.get(name) == digest for name, digest in after_kill.items()), after_kill.keys() - want.keys()
    assert main([str(src), "-o", str(out), "-q", "--jobs", jobs]) == 0
    assert tree_hash(out) == want  # no temporary file left either
