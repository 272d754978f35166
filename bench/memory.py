"""Peak memory of `clean` on one big JSONL shard: streaming means it must not grow with the shard.

    python3 bench/memory.py --mb 100          # a 100 MB shard from the devset's text dumps
    python3 bench/memory.py --mb 200 --jobs 1 2

Writes the shard (devset text dumps repeated, each record with its own id) to a temporary folder,
runs `python -m cleaner.cli SHARD -o OUT --jobs N -q` for each N, and prints the peak RSS of the
main process and of each worker (VmHWM from /proc, polled), the largest RSS of any child process
that getrusage(RUSAGE_CHILDREN) reports (a cross-check of the polled figures), wall time and documents per second."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devset import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def make_shard(path: Path, mb: float) -> int:
    """A JSONL shard of about `mb` megabytes of devset text records; returns the record count."""
    docs = load()
    target, size, n = int(mb * 1e6), 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            doc = docs[n % len(docs)]
            line = json.dumps({"id": f"{doc['id']}-{n // len(docs)}", "url": doc["url"], "text": doc["text"]},
                              ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def measure(shard: Path, out: Path, jobs: int) -> dict:
    """Run clean once; peak RSS per process (MB), wall seconds."""
    cmd = [sys.executable, "-m", "cleaner.cli", str(shard), "-o", str(out), "--jobs", str(jobs), "-q",
           "--overwrite"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # a small wrapper runs clean, so that its RUSAGE_CHILDREN holds clean and its workers only
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *cmd], env=env, stdout=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    clean_pid = None
    while proc.poll() is None:
        clean_pid = clean_pid or next(iter(_children(proc.pid)), None)
        if clean_pid:
            for pid in [clean_pid, *_children(clean_pid)]:
                kb = _peak_kb(pid)
                if kb:
                    peaks[pid] = max(peaks.get(pid, 0), kb)
        time.sleep(0.2)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"clean failed with exit status {proc.returncode}")
    main_mb = peaks.pop(clean_pid, 0) / 1024 if clean_pid else 0.0
    return {"jobs": jobs, "wall_s": wall, "main_mb": main_mb,
            "workers_mb": sorted(round(kb / 1024, 1) for kb in peaks.values()),
            "children_max_mb": int(proc.stdout.read()) / 1024 if proc.stdout else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1024, help="shard size in MB (default 1024)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to try (default 1 2)")
    ap.add_argument("--dir", type=Path, help="where to put the shard and outputs (default: a temporary folder)")
    ap.add_argument("--make", type=Path, help=argparse.SUPPRESS)  # internal: write the shard and exit
    args = ap.parse_args()
    if args.make:
        print(make_shard(args.make, args.mb))
        return
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        shard = Path(tmp) / "shard.jsonl"
        # made in a child process: the devset (~300 MB with its HTML) never enters this one, whose
        # size would otherwise show up in getrusage's children figure (fork copies it)
        made = subprocess.run([sys.executable, __file__, "--mb", str(args.mb), "--make", str(shard)],
                              check=True, capture_output=True, text=True)
        records = int(made.stdout)
        size = shard.stat().st_size
        print(f"shard: {records} records, {size / 1e6:.1f} MB")
        for jobs in args.jobs:
            r = measure(shard, Path(tmp) / f"out{jobs}", jobs)
            print(f"--jobs {jobs}: {r['wall_s']:.1f} s, {records / r['wall_s']:.1f} docs/s, "
                  f"{size / 1e6 / r['wall_s']:.2f} MB/s; peak RSS main {r['main_mb']:.0f} MB, "
                  f"workers {r['workers_mb']} MB; largest child (getrusage) {r['children_max_mb']:.0f} MB")


if __name__ == "__main__":
    main()
