"""Fit the keep model (cleaner/data/keep_model.toml) on the devset's train split.

    python bench/fit_keep.py            # fit on train, report train and validation, write the model
    python bench/fit_keep.py --dry-run  # report only
    python bench/fit_keep.py --fill-missing  # the shipped bins, with fresh contributions for unknown values
    python bench/fit_keep.py --cv 5     # cross-validate the fit on the train split, write nothing
    python bench/fit_keep.py --cv 5 --cv-cut a   # the same over another cut of the folds
    python bench/fit_keep.py --fit-on validation --c 10   # a fit on the pages it is scored on (a diagnostic)

Labels come from the snippets: a block holding a must-keep snippet is article text (1), one
holding a must-drop snippet is boilerplate (0); other blocks are unlabelled. Only blocks no rule
decided are used, as only those are left to the model. Each feature is cut into quantile bins (a
feature with few values, such as a flag, gets one bin per value) and a logistic regression gives
each bin its log-odds contribution: an additive model whose every verdict can be explained feature
by feature. The regression sees a feature as its steps ("x is in bin k or above", one column per
inner edge), so its penalty falls on the jumps between neighbouring bins: a contribution changes
from bin to bin only where the data ask for it, and a bin with few blocks borrows from its
neighbours rather than from zero. Since clean() reads its kept text again until a reading
keeps all of it, the model also learns from second readings: the text a first fit kept, with its
blocks' features as that reading sees them (--readings). Needs the bench extra (scikit-learn).

--cv K judges the fitting procedure rather than one model: the train split's pages are cut into K
folds, and each fold is cleaned by a model fitted on the other K-1, so every train page is scored
by a model that never saw it. The validation split is ~240 pages, and a refit's score there moves
by about as much as the changes one wants to judge; the pooled held-out score over ~750 pages is
the steadier way to choose between fits and features before the validation split is read once.
It does not see one bias: the rules were written from the train pages' errors and decide more of
their chrome than of unseen pages' (bench/quality.py --deciders), so a feature that reads the
rules' verdicts looks better on the folds than it is (see the README's keep model step).

--fit-on validation (or all) fits on that split instead, and never writes the model: a model fitted
on the very pages it is scored on shows how far these features carry there. Read it beside the
train score it prints: with weak regularisation (--c 10) the 20-bin fit memorises the pages (0.947
on validation, 0.879 on train at the fourteenth session), which is no bound at all.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import devset  # noqa: E402

from cleaner import Settings  # noqa: E402
from cleaner.context import context_features  # noqa: E402
from cleaner.keep_model import MODEL_FILE, Feature, KeepModel, is_ruled, load  # noqa: E402
from cleaner.pipeline import Cleaner  # noqa: E402
from cleaner.result import render  # noqa: E402

BINS = 20
C = 0.03  # inverse regularisation strength of the steps: chosen on the train split by 5-fold cross-validation
TOL = 1e-9
"""The solver's stopping tolerance. The fit is convex, so solved to convergence it is one model for
the data, whatever the solver's path: at sklearn's default (1e-4) lbfgs stopped early enough that
the model hung on where it stopped (10 of the 236 validation pages cleaned differently)."""


def block_rows(docs: list[dict]) -> list[tuple[dict, list, list[dict], list[bool], list[int | None]]]:
    """Per document: the first-pass decisions, each block's features, ruled flags and label."""
    first_pass = Cleaner(Settings(keep_model=False))
    out = []
    for doc in docs:
        result, scored = first_pass.first_pass(doc["text"], doc.get("language"))
        ruled = is_ruled(result.decisions)
        rows = context_features(scored, result.decisions, ruled)
        texts = [devset.normalise(d.block.text) for d in result.decisions]
        labels: list[int | None] = [None] * len(texts)
        for value, snippets in ((0, doc["without"]), (1, doc["with"])):
            for s in snippets:
                probe = devset.probe(s)
                for i, t in enumerate(texts):
                    if probe in t:
                        labels[i] = value
        out.append((doc, list(result.decisions), rows, ruled, labels))
    return out


def bin_edges(column: np.ndarray) -> np.ndarray:
    """Inner bin edges for one feature: midpoints between its values when it has few (a flag gets
    one edge, so each value has its own contribution), otherwise quantile edges. Unknown values
    (NaN) are left out."""
    column = column[~np.isnan(column)]
    values = np.unique(column)
    if len(values) <= BINS:
        return (values[:-1] + values[1:]) / 2
    quantiles = np.quantile(column, np.linspace(0, 1, BINS + 1)[1:-1], method="averaged_inverted_cdf")
    return np.unique(quantiles[(quantiles > values[0]) & (quantiles < values[-1])])


def labelled(data, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The labelled blocks no rule decided: their features (in `names` order) and labels."""
    X, y = [], []
    for _, _, rows, ruled, labels in data:
        for x, r, label in zip(rows, ruled, labels, strict=True):
            if label is not None and not r:
                X.append([x[n] for n in names])
                y.append(label)
    return np.array(X, dtype=float), np.array(y)


def with_missing(model: KeepModel, X: np.ndarray) -> KeepModel:
    """`model` with a contribution for an unknown value (NaN) for each feature some blocks of `X`
    do not know: its average contribution over the blocks that do, as an unknown value tells
    nothing either way."""
    features = {}
    for j, (name, f) in enumerate(model.features.items()):
        unknown = np.isnan(X[:, j])
        known = X[:, j][~unknown]
        # bin k holds edges[k-1] <= x < edges[k], as Feature.contribution reads it
        average = np.asarray(f.values)[np.searchsorted(f.edges, known, side="right")].mean() if len(known) else None
        features[name] = Feature(f.edges, f.values, float(average) if unknown.any() and average is not None else None)
    return KeepModel(model.bias, features)


def steps(column: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """One feature as the regression sees it: column k is 1 when a value is in bin k + 1 or above
    (bin k holds edges[k-1] <= x < edges[k], as Feature.contribution reads it). An unknown value
    (NaN) gets the known values' average steps, so the fit gives it the average contribution, as
    the shipped model does (with_missing)."""
    unknown = np.isnan(column)
    bins = np.searchsorted(edges, np.where(unknown, -np.inf, column), side="right")
    out = (bins[:, None] > np.arange(len(edges))[None, :]).astype(float)
    if unknown.any() and not unknown.all():
        out[unknown] = out[~unknown].mean(axis=0)
    return out


def fit(data, names: list[str], c: float = C) -> KeepModel:
    """The keep model over `names` fitted on the labelled blocks of `data`. Each feature's
    contributions are centred: their average over the fitted blocks is 0, and the bias holds the
    rest, so a contribution reads as a push away from an average block."""
    from sklearn.linear_model import LogisticRegression

    X_, y_ = labelled(data, names)
    edges = [bin_edges(X_[:, j]) for j in range(len(names))]
    lr = LogisticRegression(C=c, tol=TOL, max_iter=100_000).fit(
        np.hstack([steps(X_[:, j], e) for j, e in enumerate(edges)]), y_)
    coef, at, bias, features = lr.coef_[0], 0, float(lr.intercept_[0]), {}
    for j, (name, e) in enumerate(zip(names, edges, strict=True)):
        values = np.concatenate([[0.0], np.cumsum(coef[at:at + len(e)])])
        at += len(e)
        known = X_[:, j][~np.isnan(X_[:, j])]
        average = float(values[np.searchsorted(e, known, side="right")].mean()) if len(known) else 0.0
        bias += average
        features[name] = Feature(tuple(float(v) for v in e), tuple(float(v - average) for v in values))
    return rounded(with_missing(KeepModel(bias, features), X_))


def reread(docs: list[dict], model: KeepModel) -> list[dict]:
    """The documents as a second reading sees them: the text one reading with `model` kept."""
    cleaner = Cleaner(model=model)
    out = []
    for doc in docs:
        once = cleaner.clean_once(doc["text"])
        if once.text:
            out.append({**doc, "text": once.text, "language": once.language})
    return out


def score(docs: list[dict], model: KeepModel, settings: Settings) -> devset.Score:
    """The whole pipeline's score with `model`, re-readings included."""
    cleaner = Cleaner(settings, model=model)
    s = devset.Score()
    for doc in docs:
        s.add(doc, cleaner.clean(doc["text"]).text)
    return s


def fit_readings(docs: list[dict], names: list[str], readings: int,
                 data: list | None = None, c: float = C) -> tuple[KeepModel, list]:
    """A model fitted on `docs`' first reading, then refitted `readings` - 1 times with each
    earlier fit's kept text read again added to its data; and that data. `data` is the first
    reading's, when already computed."""
    rows = list(data if data is not None else block_rows(docs))
    model = fit(rows, names, c)
    for _ in range(2, readings + 1):
        rows += block_rows(reread(docs, model))
        model = fit(rows, names, c)
    return model, rows


def fold_of(doc_id: str, k: int, cut: str = "") -> int:
    """A page's cross-validation fold: fixed by its id, so every run cuts the same folds; another
    `cut` (any string) cuts them another way."""
    return zlib.crc32((doc_id + cut).encode()) % k


def cross_validate(docs: list[dict], names: list[str], k: int, readings: int,
                   settings: Settings, c: float = C, cut: str = "") -> devset.Score:
    """Each of `docs` scored by the whole pipeline with a model fitted on the other folds."""
    held_out = devset.Score()
    for fold in range(k):
        train = [d for d in docs if fold_of(d["id"], k, cut) != fold]
        test = [d for d in docs if fold_of(d["id"], k, cut) == fold]
        if not train or not test:
            continue
        s = score(test, fit_readings(train, names, readings, c=c)[0], settings)
        held_out += s
        print(f"  fold {fold + 1}/{k}: {len(test)} pages, F1 {s.f1:.4f}", file=sys.stderr)
    return held_out


def first_pass_score(data) -> devset.Score:
    s = devset.Score()
    for doc, decisions, *_ in data:
        s.add(doc, render(decisions))
    return s


DECIMALS = 6
"""Places a contribution is written with. The fit rounds its contributions to them, so the model it
scores is the model the file holds."""


def rounded(model: KeepModel) -> KeepModel:
    """`model` with every contribution (and the bias) rounded to DECIMALS places, as write() puts
    them; the edges stay exact."""
    return KeepModel(round(model.bias, DECIMALS),
                     {name: Feature(f.edges, tuple(round(v, DECIMALS) for v in f.values),
                                    None if f.missing is None else round(f.missing, DECIMALS))
                      for name, f in model.features.items()})


def write(model: KeepModel, path: Path, provenance: str) -> None:
    """The model as load() reads it back, equal to `model` when its contributions are rounded
    (rounded()): edges are written exactly (repr), since an edge often falls on a value many blocks
    have (log_words = log 5 for a four-word block), and an edge rounded past it would move all of
    them to the next bin."""
    lines = [
        "# The keep model (keep_model.py): bins and log-odds contributions per context feature, and",
        "# the contribution of an unknown value (missing) for a feature a block may not measure.",
        f"# Written by bench/fit_keep.py on the devset's train split ({provenance});",
        "# do not edit by hand, refit.",
        f"bias = {model.bias:.{DECIMALS}f}",
        "",
    ]
    for name, f in model.features.items():
        lines.append(f"[features.{name}]")
        lines.append("edges = [" + ", ".join(repr(float(e)) for e in f.edges) + "]")
        lines.append("values = [" + ", ".join(f"{v:.{DECIMALS}f}" for v in f.values) + "]")
        if f.missing is not None:
            lines.append(f"missing = {f.missing:.{DECIMALS}f}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dry-run", action="store_true", help="report the fit, do not write the model")
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--without", nargs="*", default=[], metavar="FEATURE", help="leave these features out")
    ap.add_argument("--readings", type=int, default=2,
                    help="also train on the text earlier fits kept, read again (default: %(default)s)")
    ap.add_argument("--keep-at", type=float, default=Settings().model_keep_at, help="score with this threshold")
    ap.add_argument("--drop-below", type=float, default=Settings().model_drop_below, help="score with this threshold")
    ap.add_argument("--cv", type=int, metavar="K",
                    help="cross-validate the fit on the train split in K folds of pages and print the "
                         "held-out score; writes nothing")
    ap.add_argument("--cv-cut", default="", metavar="TEXT",
                    help="cut --cv's folds another way (any text; default: the standard cut). Two "
                         "fits compared over several cuts are told apart more surely than over one")
    ap.add_argument("--fit-on", choices=("train", "validation", "all"), default="train",
                    help="fit on this split (default: %(default)s); any other is a diagnostic and "
                         "writes nothing")
    ap.add_argument("--c", type=float, default=C, metavar="C",
                    help="inverse regularisation strength of the fit (default: %(default)s)")
    ap.add_argument("--fill-missing", action="store_true",
                    help="keep the shipped model's bins; only set each feature's contribution for an "
                         "unknown value, from the train split's first reading")
    args = ap.parse_args()
    if args.fit_on != "train" and (args.cv or args.fill_missing):
        ap.error("--fit-on is for a plain fit, not with --cv or --fill-missing")
    settings = Settings(model_keep_at=args.keep_at, model_drop_below=args.drop_below)
    docs = {split: devset.load(split) for split in ("train", "validation")}
    docs["all"] = docs["train"] + docs["validation"]
    train = block_rows(docs[args.fit_on])
    first_row = next(x for _, _, rows, _, _ in train for x in rows if x)  # ruled blocks have no row
    names = [n for n in first_row if n not in args.without]
    if args.cv:
        if args.cv < 2:
            ap.error("--cv needs at least 2 folds")
        s = cross_validate(docs["train"], names, args.cv, args.readings, settings, args.c, args.cv_cut)
        print(f"train, {args.cv}-fold held-out: F1 {s.f1:.4f}  precision {s.precision:.4f}  recall {s.recall:.4f}"
              f"  ({len(s.per_doc)} pages)")
        return
    if args.fill_missing:
        shipped = load(args.out)
        model = rounded(with_missing(shipped, labelled(train, list(shipped.features))[0]))
        rows = list(train)
    else:
        model, rows = fit_readings(docs[args.fit_on], names, args.readings, train, args.c)
    print(f"{'split':<11} {'first pass F1':>14} {'keep model F1':>14}  precision  recall")
    for split in ("train", "validation"):
        before, after = first_pass_score(block_rows(docs[split])), score(docs[split], model, settings)
        print(f"{split:<11} {before.f1:>14.3f} {after.f1:>14.3f}  {after.precision:9.3f}  {after.recall:6.3f}")
    if args.fit_on != "train":
        print(f"fitted on {args.fit_on}: a diagnostic, the model is not written")
    elif not args.dry_run:
        n = sum(1 for *_, ruled, labels in rows
                for r, label in zip(ruled, labels, strict=True) if label is not None and not r)
        provenance = f"{n} labelled blocks"
        if args.fill_missing:  # the bins stay as fitted: keep the fit's own line
            fitted = next(line for line in args.out.read_text("utf-8").splitlines() if "labelled blocks" in line)
            fit_blocks = fitted.split("(", 1)[1].split(")", 1)[0].split(";")[0]
            provenance = f"{fit_blocks}; missing from {n} first-reading blocks"
        write(model, args.out, provenance)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
