#!/usr/bin/env python3
"""Peer comparison on RuSentNE-2023: tezis vs scikit-learn and fastText.

Every system trains on train.tsv and is scored on validation.tsv with F1_PN (macro-F1 over the
classes -1 and 1) and macro-F1 over all three classes. Prediction throughput is measured on one
thread over the validation rows repeated --repeat times, from the raw sentence and span.
See README.md beside this file for what each number means.
"""

import os

# One thread for every numeric library: must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import csv
import json
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import fasttext
import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpora" / "rusentne"
DEFAULT_TEZIS = REPO_ROOT / "target" / "release" / "tezis"
DEFAULT_TEZIS_ARGS = "--c 1 --no-stopwords --tag-cols entity_tag"
SPAN_COLS = "entity_pos_start_rel,entity_pos_end_rel"

MARKER = "ttarget"  # one ASCII word: every tokenizer keeps it as a single token
# The entity type (PERSON, ORGANIZATION, ...) is an input column of RuSentNE; tezis reads it with
# --tag-cols entity_tag, the peers get it as one extra word (`enttagperson`) so all see the same
# input. --no-entity-tag turns it off for the peers.
USE_TAG = True
WORD_RE = re.compile(r"[\w-]+")
STEMMER = snowballstemmer.stemmer("russian")

SKLEARN_CS = (0.1, 0.3, 1.0, 3.0, 10.0)  # 0.1 added: the best C sat at the 0.3 edge
FASTTEXT_GRID = ((0.5, 25), (0.1, 25), (1.0, 25), (0.5, 50))  # (lr, epoch); first = the brief's default
FASTTEXT_SEED = 42


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def read_rows(path):
    """Rows of a RuSentNE TSV as dicts with sentence, start, end (code points) and label (int)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            start, end = int(rec["entity_pos_start_rel"]), int(rec["entity_pos_end_rel"])
            if rec["sentence"][start:end] != rec["entity"]:
                raise ValueError(f"{path}: span {start}:{end} does not give entity {rec['entity']!r}")
            rows.append({"sentence": rec["sentence"], "start": start, "end": end,
                         "tag": rec["entity_tag"], "label": int(rec["label"])})
    return rows


def repeated_tsv(src, dst, times):
    """Write src's header once and its body `times` times (bytes unchanged) to dst."""
    data = Path(src).read_bytes()
    header, body = data.split(b"\n", 1)
    if not body.endswith(b"\n"):
        body += b"\n"
    Path(dst).write_bytes(header + b"\n" + body * times)


# ---------------------------------------------------------------- text preparation (peers)


def mark_target(row):
    """The sentence with the target span replaced by the marker word."""
    s = row["sentence"]
    return s[: row["start"]] + f" {MARKER} " + s[row["end"]:]


def words(text):
    """Lowercase, ё→е, Unicode word tokens (letters, digits, _ and -)."""
    return WORD_RE.findall(text.lower().replace("ё", "е"))


def stems(tokens):
    """Snowball Russian stems; the marker stays as it is."""
    return [t if t == MARKER else STEMMER.stemWord(t) for t in tokens]


def tag_word(row):
    return ["enttag" + row["tag"].lower()] if USE_TAG else []


def sklearn_text(row):
    return " ".join(tag_word(row) + stems(words(mark_target(row))))


def fasttext_text(row):
    return " ".join(tag_word(row) + words(mark_target(row)))


# ---------------------------------------------------------------- scoring and timing


def scores(gold, pred):
    """(F1_PN, macro-F1 over -1/0/1)."""
    f1_pn = f1_score(gold, pred, labels=[-1, 1], average="macro", zero_division=0)
    macro = f1_score(gold, pred, labels=[-1, 0, 1], average="macro", zero_division=0)
    return float(f1_pn), float(macro)


def best_time(fn, runs):
    """Shortest wall time of `runs` calls of fn()."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# ---------------------------------------------------------------- scikit-learn


def sklearn_fit(train_texts, train_y, c):
    """Fit vectorizer + logistic regression; returns (vectorizer, model, seconds)."""
    t0 = time.perf_counter()
    vec = TfidfVectorizer(
        lowercase=False, token_pattern=r"[^ ]+", ngram_range=(1, 2), sublinear_tf=True, min_df=1
    )
    x = vec.fit_transform(train_texts)
    clf = LogisticRegression(C=c, solver="lbfgs", max_iter=1000, class_weight="balanced")
    clf.fit(x, train_y)
    return vec, clf, time.perf_counter() - t0


def run_sklearn(train, val, bench_rows, timing_runs):
    train_texts = [sklearn_text(r) for r in train]
    val_texts = [sklearn_text(r) for r in val]
    train_y = [r["label"] for r in train]
    val_y = [r["label"] for r in val]

    best = None
    for c in SKLEARN_CS:
        vec, clf, secs = sklearn_fit(train_texts, train_y, c)
        f1_pn, macro = scores(val_y, clf.predict(vec.transform(val_texts)))
        log(f"  scikit-learn C={c:g}: F1_PN {f1_pn:.3f}  macro-F1 {macro:.3f}  fit {secs:.2f}s")
        if best is None or f1_pn > best["f1_pn"]:
            best = {"c": c, "vec": vec, "clf": clf, "f1_pn": f1_pn, "macro_f1": macro, "train_s": secs}

    vec, clf = best["vec"], best["clf"]

    def predict_raw():
        clf.predict(vec.transform([sklearn_text(r) for r in bench_rows]))

    secs = best_time(predict_raw, timing_runs)
    return {
        "system": f"scikit-learn TF-IDF + LR (C={best['c']:g})",
        "f1_pn": best["f1_pn"],
        "macro_f1": best["macro_f1"],
        "train_s": best["train_s"],
        "predict_qps": len(bench_rows) / secs,
        "params": {"C": best["c"], "C_grid": list(SKLEARN_CS)},
    }


# ---------------------------------------------------------------- fastText


def write_fasttext_file(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"__label__{r['label']} {fasttext_text(r)}\n")


def fasttext_labels(model, lines):
    labels, _ = model.predict(lines)
    return [int(ls[0][len("__label__"):]) for ls in labels]


def run_fasttext(train, val, bench_rows, timing_runs, tmp, minn, maxn, name):
    train_file = Path(tmp) / "fasttext_train.txt"
    write_fasttext_file(train, train_file)
    val_lines = [fasttext_text(r) for r in val]
    val_y = [r["label"] for r in val]

    best = None
    for lr, epoch in FASTTEXT_GRID:
        t0 = time.perf_counter()
        model = fasttext.train_supervised(
            input=str(train_file), lr=lr, epoch=epoch, wordNgrams=2, minn=minn, maxn=maxn,
            dim=100, seed=FASTTEXT_SEED, thread=2, verbose=0,
        )
        secs = time.perf_counter() - t0
        f1_pn, macro = scores(val_y, fasttext_labels(model, val_lines))
        log(f"  {name} lr={lr:g} epoch={epoch}: F1_PN {f1_pn:.3f}  macro-F1 {macro:.3f}  train {secs:.2f}s")
        if best is None or f1_pn > best["f1_pn"]:
            best = {"lr": lr, "epoch": epoch, "model": model, "f1_pn": f1_pn, "macro_f1": macro, "train_s": secs}
        else:
            del model

    model = best["model"]

    def predict_raw():
        model.predict([fasttext_text(r) for r in bench_rows])

    secs = best_time(predict_raw, timing_runs)
    return {
        "system": f"{name} (lr={best['lr']:g}, epoch={best['epoch']})",
        "f1_pn": best["f1_pn"],
        "macro_f1": best["macro_f1"],
        "train_s": best["train_s"],
        "predict_qps": len(bench_rows) / secs,
        "params": {"lr": best["lr"], "epoch": best["epoch"], "minn": minn, "maxn": maxn,
                   "wordNgrams": 2, "dim": 100, "grid": [list(g) for g in FASTTEXT_GRID]},
    }


# ---------------------------------------------------------------- tezis


def first_line(text):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[0] if lines else "(no message)"


def run_tezis(tezis, extra_args, corpus, tmp, repeat, timing_runs):
    model_dir = Path(tmp) / "tezis_model"
    common = ["--text-col", "sentence", "--target-span", SPAN_COLS]

    train_cmd = [tezis, "train", "--data", str(corpus / "train.tsv"), "--out", str(model_dir),
                 "--labels", "label", *common, *extra_args]
    log("  $ " + shlex.join(train_cmd))
    t0 = time.perf_counter()
    proc = subprocess.run(train_cmd, capture_output=True, text=True)
    train_s = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"tezis train failed: {first_line(proc.stderr or proc.stdout)}")

    eval_cmd = [tezis, "eval", "--model", str(model_dir), "--data", str(corpus / "validation.tsv"),
                "--labels", "label", *common, "--json"]
    log("  $ " + shlex.join(eval_cmd))
    proc = subprocess.run(eval_cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"tezis eval failed: {first_line(proc.stderr or proc.stdout)}")
    head = json.loads(proc.stdout)["heads"]["label"]
    per_class = head["per_class"]
    f1_pn = (per_class["-1"]["f1"] + per_class["1"]["f1"]) / 2
    macro = head["macro_f1"]

    result = {
        "system": "tezis (" + " ".join(extra_args) + ")" if extra_args else "tezis",
        "f1_pn": f1_pn,
        "macro_f1": macro,
        "train_s": train_s,
        "predict_qps": None,
        "params": {"args": extra_args},
    }

    bench_file = Path(tmp) / "validation_x{}.tsv".format(repeat)
    repeated_tsv(corpus / "validation.tsv", bench_file, repeat)
    classify_cmd = [tezis, "classify", "--model", str(model_dir), "--input", str(bench_file),
                    *common, "--threads", "1", "--format", "csv"]
    log("  $ " + shlex.join(classify_cmd) + " > /dev/null")
    best = float("inf")
    for _ in range(timing_runs):
        t0 = time.perf_counter()
        proc = subprocess.run(classify_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        secs = time.perf_counter() - t0
        if proc.returncode != 0:
            result["predict_error"] = first_line(proc.stderr)
            log(f"  tezis classify failed, throughput n/a: {result['predict_error']}")
            return result
        best = min(best, secs)
    n_rows = len(read_rows(bench_file))
    result["predict_qps"] = n_rows / best
    return result


# ---------------------------------------------------------------- report


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def tezis_version(tezis):
    try:
        out = subprocess.run([tezis, "--version"], capture_output=True, text=True).stdout.strip()
        return out or "unknown"
    except OSError:
        return "unknown"


def machine_info(tezis):
    def ver(pkg):
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": ver("scikit-learn"),
        "fasttext-numpy2-wheel": ver("fasttext-numpy2-wheel"),
        "snowballstemmer": ver("snowballstemmer"),
        "tezis": tezis_version(tezis),
    }


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def markdown_table(results):
    lines = ["| system | F1_PN | macro-F1 | train s | predict quotes/s (1 thread) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        qps = fmt(r["predict_qps"], ",.0f")
        if r["predict_qps"] is None and r.get("predict_error"):
            qps += f" ({r['predict_error']})"
        lines.append(f"| {r['system']} | {fmt(r['f1_pn'], '.3f')} | {fmt(r['macro_f1'], '.3f')} "
                     f"| {fmt(r['train_s'], '.2f')} | {qps} |")
    return "\n".join(lines)


def machine_line(m):
    return (f"Machine: {m['nproc']} cores (nproc), {m['cpu']}; Python {m['python']}, numpy {m['numpy']}, "
            f"scikit-learn {m['scikit-learn']}, fasttext-numpy2-wheel {m['fasttext-numpy2-wheel']}, "
            f"snowballstemmer {m['snowballstemmer']}; {m['tezis']}")


# ---------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help="folder with train.tsv and validation.tsv (default: ../shared/corpora/rusentne "
                        "beside the repo)")
    p.add_argument("--tezis", type=Path, default=DEFAULT_TEZIS, help="tezis binary (default: target/release/tezis)")
    p.add_argument("--tezis-args", default=DEFAULT_TEZIS_ARGS,
                   help=f"extra `tezis train` arguments (default: {DEFAULT_TEZIS_ARGS!r})")
    p.add_argument("--repeat", type=int, default=10,
                   help="throughput is measured on the validation rows repeated this many times (default 10)")
    p.add_argument("--timing-runs", type=int, default=3, help="timing repetitions, best kept (default 3)")
    p.add_argument("--no-entity-tag", action="store_true",
                   help="do not give the peers the entity type word (pass --tezis-args without "
                        "--tag-cols to do the same for tezis)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers to this JSON file")
    return p.parse_args()


def main():
    global USE_TAG
    args = parse_args()
    USE_TAG = not args.no_entity_tag
    corpus = args.corpus.resolve()
    tezis = str(args.tezis.resolve())
    train = read_rows(corpus / "train.tsv")
    val = read_rows(corpus / "validation.tsv")
    bench_rows = val * args.repeat
    log(f"corpus {corpus}: {len(train)} train, {len(val)} validation rows; "
        f"throughput on {len(bench_rows)} rows ({args.repeat}x validation), best of {args.timing_runs}")

    results = []
    with tempfile.TemporaryDirectory(prefix="tezis-peers-") as tmp:
        log("tezis")
        try:
            results.append(run_tezis(tezis, shlex.split(args.tezis_args), corpus, tmp,
                                     args.repeat, args.timing_runs))
        except (RuntimeError, OSError, KeyError, ValueError) as e:
            log(f"  tezis failed: {e}")
            results.append({"system": "tezis", "f1_pn": None, "macro_f1": None, "train_s": None,
                            "predict_qps": None, "predict_error": first_line(str(e))})
        log("scikit-learn")
        results.append(run_sklearn(train, val, bench_rows, args.timing_runs))
        log("fastText")
        results.append(run_fasttext(train, val, bench_rows, args.timing_runs, tmp, 3, 6,
                                    "fastText, subwords 3-6"))
        results.append(run_fasttext(train, val, bench_rows, args.timing_runs, tmp, 0, 0,
                                    "fastText, no subwords"))

    machine = machine_info(tezis)
    print(markdown_table(results))
    print()
    print(machine_line(machine))
    print(f"Throughput: {len(bench_rows)} rows ({args.repeat}x validation.tsv), wall time, best of "
          f"{args.timing_runs}; F1 on validation.tsv ({len(val)} rows).")

    if args.json:
        payload = {"corpus": str(corpus), "n_train": len(train), "n_validation": len(val),
                   "n_predict": len(bench_rows), "timing_runs": args.timing_runs,
                   "results": results, "machine": machine}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
