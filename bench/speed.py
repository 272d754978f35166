"""Throughput of cleaner's text mode against the text peers, the CLI's scaling, linearity,
start-up time and peak memory, all on the text dumps of ../shared/devset.

    python bench/speed.py                  # everything (a few minutes on 2 cores)
    python bench/speed.py --repeat 1 --limit 300   # quicker, noisier

Rows (one process, same documents, same run, best of --repeat; the three take turns document by
document, as the HTML rows do page by page):
  cleaner text          cleaner.Cleaner().clean(text)
  jusText over lines    every non-blank line wrapped as a <p>, justext.justext() with the English
                        and German stop lists together (the devset is mostly English and German)
  datatrove C4 lines    datatrove's C4QualityFilter line removal (filter() on a Document): with
                        spaCy installed its defaults, which count sentences with spaCy; without it
                        min_num_sentences=-1 (line removal only; the sentence count is a document
                        filter and needs spaCy, not part of the bench extra)
HTML rows (the html field of the same pages, one process, same run): trafilatura.extract alone
(comments excluded, tables kept), cleaner.clean_html with the default engine (trafilatura, then
the rules) and with --html-engine fast (resiliparse's page text, then the text cleaner), as ms/page
and as ratios to trafilatura; the three take turns page by page, so that the machine's speed
drifting during the run weighs on all alike.
Then `clean DIR -o OUT` over the same texts written as files, at --jobs 1 and --jobs <cores>;
time against document size (1 MB and 10 MB documents of repeated page dumps, a 5 MB single line);
`clean one.txt` wall time; peak RSS.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import devset  # noqa: E402

import cleaner  # noqa: E402


def best_of(repeat: int, fn: Callable[[str], object], items: list[str]) -> float:
    """The best time of `repeat` runs of `fn` over all items. Outputs are dropped as they come, as
    a pipeline writes them out: kept in a list, cleaner's Results (a decision object per block)
    would make the garbage collector's passes grow with the run, a cost that peers returning a
    string do not pay."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - t)
    return best


def justext_over_lines() -> Callable[[str], str]:
    import justext

    stoplist = frozenset(justext.get_stoplist("English")) | frozenset(justext.get_stoplist("German"))

    def run(text: str) -> str:
        body = "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
        paragraphs = justext.justext(f"<html><body>{body}</body></html>", stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def best_of_interleaved(repeat: int, fns: list[Callable[[str], object]], items: list[str]) -> list[float]:
    """`best_of` for several functions that take turns item by item, the order rotating from one
    item to the next: the machine's speed drifts over a minute-long run (other load, clock
    boosts), and run one after the other the functions would each meet a different machine."""
    best = [float("inf")] * len(fns)
    clock = time.perf_counter
    for _ in range(repeat):
        spent = [0.0] * len(fns)
        for k, item in enumerate(items):
            for j in (*range(k % len(fns), len(fns)), *range(k % len(fns))):
                t = clock()
                fns[j](item)
                spent[j] += clock() - t
        best = [min(b, s) for b, s in zip(best, spent, strict=True)]
    return best


def c4_lines() -> tuple[str, Callable[[str], str]]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    if importlib.util.find_spec("spacy") is not None:
        name, c4 = "datatrove C4 lines", C4QualityFilter()
    else:
        name, c4 = "datatrove C4 lines*", C4QualityFilter(min_num_sentences=-1)

    def run(text: str) -> str:
        doc = Document(text=text, id="0")
        return doc.text if c4.filter(doc) is True else ""

    return name, run


def throughput(docs: list[str], repeat: int) -> list[tuple[str, float]]:
    """(engine, seconds for all docs), cleaner first."""
    c = cleaner.Cleaner()
    for d in docs[:20]:
        c.clean(d)  # compile what the first documents need; start-up is measured separately
    name, c4 = c4_lines()
    names = ["cleaner text", "jusText over lines", name]
    return list(zip(names, best_of_interleaved(repeat, [c.clean, justext_over_lines(), c4], docs), strict=True))


def html_rows(pages: list[str], repeat: int) -> list[tuple[str, float]]:
    """(engine, seconds for all pages), trafilatura alone first."""
    default, fast = cleaner.Cleaner(), cleaner.Cleaner(cleaner.Settings(html_engine="fast"))
    for p in pages[:5]:
        default.clean_html(p), fast.clean_html(p)  # imports and first compilations
    names = ["trafilatura alone", "cleaner html", "cleaner html fast"]
    seconds = best_of_interleaved(repeat, [devset.trafilatura_text, default.clean_html, fast.clean_html], pages)
    return list(zip(names, seconds, strict=True))


CLI_PEAK_KB = [0]  # the largest peak RSS of a `clean` process (its own, polled from /proc)


def cli(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", *args], env=env, stdout=subprocess.DEVNULL)
    while proc.poll() is None:  # wait4's ru_maxrss would count this big process, forked before exec
        CLI_PEAK_KB[0] = max(CLI_PEAK_KB[0], _peak_kb(proc.pid))
        time.sleep(0.005)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"clean {' '.join(args)} failed with status {proc.returncode}")
    return seconds


def _peak_kb(pid: int) -> int:
    """A running process's peak RSS so far (VmHWM), 0 when it is gone or /proc is missing."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def cli_scaling(docs: list[str], repeat: int, cores: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for i, d in enumerate(docs):
            if d.strip():  # an empty file is an error for the CLI (exit 1), not a document
                (src / f"{i:05d}.txt").write_text(d, encoding="utf-8")
        times = []
        for jobs in (1, cores):
            times.append(min(cli([str(src), "-o", str(Path(tmp) / f"out{jobs}"), "-q", "--overwrite",
                                  "--jobs", str(jobs)]) for _ in range(repeat)))
        return times[0], times[1]


def startup(doc: str, repeat: int) -> tuple[float, float]:
    """`clean one.txt` wall time, and a bare interpreter's for comparison."""
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(doc, encoding="utf-8")
        clean_one = min(cli([str(one)]) for _ in range(repeat))
    bare = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = min(bare, time.perf_counter() - t)
    return clean_one, bare


def linearity(docs: list[str], repeat: int) -> list[tuple[str, int, float]]:
    """(document, bytes, seconds) for 1 MB and 10 MB of repeated page dumps and a 5 MB line.
    The per-document regex time limit is lifted: these documents are far above a page's size."""
    c = cleaner.Cleaner(cleaner.Settings(regex_timeout_s=600.0))
    page = "\n\n".join(docs)

    def of_size(n: int) -> str:
        return (page * (n // len(page.encode()) + 1))[:n]

    one, ten = of_size(1_000_000), of_size(10_000_000)
    line = " ".join(of_size(5_000_000).split())
    out = []
    for name, text in (("1 MB page dumps", one), ("10 MB page dumps", ten), ("5 MB single line", line)):
        out.append((name, len(text.encode()), best_of(repeat if len(text) < 2_000_000 else 1,
                                                       c.clean, [text])))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    ap.add_argument("--limit", type=int, help="first N documents only")
    ap.add_argument("--skip", nargs="*", default=[], choices=["peers", "html", "cli", "linearity"])
    args = ap.parse_args(argv)

    docs = [d["text"] for d in devset.load(limit=args.limit)]
    mb = sum(len(d.encode()) for d in docs) / 1e6
    cores = os.cpu_count() or 1
    print(f"devset: {len(docs)} text dumps, {mb:.2f} MB ({1000 * mb / len(docs):.1f} KB/doc); "
          f"{cores} cores; best of {args.repeat}\n")

    if "peers" not in args.skip:
        rows = throughput(docs, args.repeat)
        ours = rows[0][1]
        print(f"{'engine':<22} {'MB/s':>7} {'docs/s':>8} {'ratio (cleaner / engine)':>25}")
        for name, seconds in rows:
            print(f"{name:<22} {mb / seconds:>7.2f} {len(docs) / seconds:>8.0f} {seconds / ours:>24.2f}x")
        if any(name.endswith("*") for name, _ in rows):
            print("* spaCy not installed: C4QualityFilter(min_num_sentences=-1), line removal only")
        print()

    if "html" not in args.skip:
        pages = [d["html"] for d in devset.load(limit=args.limit)]
        rows = html_rows(pages, args.repeat)
        base = rows[0][1]
        print(f"{'HTML engine':<22} {'ms/page':>8} {'time / trafilatura':>19} {'speed-up':>9}")
        for name, seconds in rows:
            print(f"{name:<22} {1000 * seconds / len(pages):>8.1f} {seconds / base:>18.2f}x {base / seconds:>8.2f}x")
        print("(targets: cleaner html <= 1.1x trafilatura's time; fast >= 5x faster)\n")

    if "cli" not in args.skip:
        one_job, many = cli_scaling(docs, args.repeat, cores)
        print(f"clean DIR -o OUT --jobs 1   {one_job:6.2f} s  {mb / one_job:6.2f} MB/s")
        print(f"clean DIR -o OUT --jobs {cores}   {many:6.2f} s  {mb / many:6.2f} MB/s   "
              f"speed-up {one_job / many:.2f}x")
        clean_one, bare = startup(docs[0], args.repeat)
        print(f"clean one.txt               {clean_one:6.3f} s  (python -c pass: {bare:.3f} s)\n")

    if "linearity" not in args.skip:
        results = linearity(docs, args.repeat)
        base = results[0][2] / results[0][1]
        for name, size, seconds in results:
            print(f"{name:<18} {seconds:7.2f} s  {size / 1e6 / seconds:6.2f} MB/s  "
                  f"per MB {seconds / size / base:5.2f}x the 1 MB document's")
        print(f"10 MB / 1 MB time: {results[1][2] / results[0][2]:.1f}x (target <= 12x)\n")

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: this process {self_kb / 1024:.0f} MB (cleaner, the peers, the 10 MB documents)"
          + (f"; largest `clean` process {CLI_PEAK_KB[0] / 1024:.0f} MB" if CLI_PEAK_KB[0] else ""))


if __name__ == "__main__":
    main()
