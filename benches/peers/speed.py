#!/usr/bin/env python3
"""Prediction throughput: tezis vs fastText vs scikit-learn on data/quotes.csv.

Every system predicts both labels (theme and stance) for the same --n quotes, made by cycling
through the texts of data/quotes.csv in file order. Each is timed on one thread and on all cores
(--threads, default os.cpu_count()); wall clock, best of --runs. The peers are trained on
data/quotes.csv first (not timed). See README.md beside this file ("Speed: speed.py") for exactly
what each timing includes.
"""

import os

# One thread per process for every numeric library: must be set before numpy is imported.
# Worker processes inherit the environment.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import csv
import json
import multiprocessing
import pickle
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

import fasttext
import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT / "data" / "quotes.csv"
DEFAULT_TEZIS = REPO_ROOT / "target" / "release" / "tezis"
HEADS = ("theme", "stance")

WORD_RE = re.compile(r"[\w-]+")
# Every character str.splitlines() breaks on; a quote must stay on one line of the .txt file.
LINE_BREAKS_RE = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
STEMMER = snowballstemmer.stemmer("russian")

FASTTEXT_PARAMS = {"wordNgrams": 2, "dim": 100, "epoch": 25, "lr": 0.5, "seed": 42}
FASTTEXT_VARIANTS = (("fastText subwords", 3, 6), ("fastText no subwords", 0, 0))
SKLEARN_C = 10.0
BARRIER_TIMEOUT_S = 120


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def read_quotes(path):
    """(texts, labels per head) from the project's quotes CSV, line breaks inside texts → spaces."""
    texts, labels = [], {h: [] for h in HEADS}
    fixed = 0
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            text = rec["text"]
            clean = LINE_BREAKS_RE.sub(" ", text)
            fixed += clean != text
            if not clean.strip():
                raise ValueError(f"{path}: empty text in row {rec.get('id')!r}")
            texts.append(clean)
            for h in HEADS:
                labels[h].append(rec[h])
    return texts, labels, fixed


def cycle(items, n):
    """The first n items of items, items, items, ..."""
    reps, rest = divmod(n, len(items))
    return items * reps + items[:rest]


def chunks(items, k):
    """items split into k contiguous, nearly equal parts (no empty part when len >= k)."""
    size, extra = divmod(len(items), k)
    out, start = [], 0
    for i in range(k):
        end = start + size + (i < extra)
        out.append(items[start:end])
        start = end
    return out


def n_bytes(texts):
    return sum(len(t.encode("utf-8")) for t in texts)


# ---------------------------------------------------------------- text preparation (peers)


def words(text):
    """Lowercase, ё→е, Unicode word tokens (letters, digits, _ and -)."""
    return WORD_RE.findall(text.lower().replace("ё", "е"))


def fasttext_line(text):
    return " ".join(words(text))


def sklearn_line(text):
    return " ".join(STEMMER.stemWords(words(text)))


# ---------------------------------------------------------------- timing


def children_cpu():
    """CPU seconds (user + system) used so far by finished child processes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_time(fn, runs, cpu_clock=None):
    """(shortest wall time of `runs` calls of fn(), the last call's result, CPU seconds of the
    fastest call by cpu_clock or None)."""
    best, out, best_cpu = float("inf"), None, None
    for _ in range(runs):
        c0 = cpu_clock() if cpu_clock else None
        t0 = time.perf_counter()
        out = fn()
        secs = time.perf_counter() - t0
        if secs < best:
            best, best_cpu = secs, (cpu_clock() - c0 if cpu_clock else None)
    return best, out, best_cpu


# Worker-process state: filled once per worker by the pool initializer.
_WORKER = {}


def _init_worker(kind, path, barrier):
    if kind == "fasttext":
        _WORKER["models"] = [fasttext.load_model(p) for p in path]
    else:
        with open(path, "rb") as f:
            _WORKER["sklearn"] = pickle.load(f)
    _WORKER["barrier"] = barrier


def _warm_up(sample):
    """Run once per worker: predict a few lines, then wait until every worker has done the same."""
    _worker_predict(sample)
    _WORKER["barrier"].wait(BARRIER_TIMEOUT_S)
    return os.getpid()


def _worker_predict(lines):
    if "models" in _WORKER:
        return fasttext_predict(_WORKER["models"], lines)
    vec, clfs = _WORKER["sklearn"]
    return sklearn_predict(vec, clfs, lines)


def pool_time(kind, path, parts, runs, warm_sample):
    """Best wall time of mapping the worker predict over `parts`, one part per worker.

    The pool is started, every worker loads the models and predicts `warm_sample` before the clock
    starts; timed: sending the parts to the workers, predicting, sending the labels back.
    """
    k = len(parts)
    ctx = multiprocessing.get_context()
    barrier = ctx.Barrier(k)
    with ProcessPoolExecutor(k, mp_context=ctx, initializer=_init_worker,
                             initargs=(kind, path, barrier)) as pool:
        pids = list(pool.map(_warm_up, [warm_sample] * k))
        if len(set(pids)) != k:
            raise RuntimeError(f"warm-up reached {len(set(pids))} of {k} workers")

        def run():
            out = []
            for labels in pool.map(_worker_predict, parts):
                for h, part in zip(HEADS, labels):
                    out.append((h, len(part)))
            return out

        secs, out, _ = best_time(run, runs)
    n_pred = {h: sum(c for hh, c in out if hh == h) for h in HEADS}
    return secs, n_pred


# ---------------------------------------------------------------- fastText


def fasttext_predict(models, lines):
    """Top label per head for the prepared lines."""
    return [m.predict(lines)[0] for m in models]


def train_fasttext(texts, labels, tmp, minn, maxn, name):
    """Train one model per head; returns the saved .bin paths."""
    prepared = [fasttext_line(t) for t in texts]
    paths = []
    for h in HEADS:
        train_file = Path(tmp) / f"fasttext_{h}.txt"
        with open(train_file, "w", encoding="utf-8") as f:
            for line, y in zip(prepared, labels[h]):
                f.write(f"__label__{y} {line}\n")
        t0 = time.perf_counter()
        model = fasttext.train_supervised(input=str(train_file), minn=minn, maxn=maxn, thread=1,
                                          verbose=0, **FASTTEXT_PARAMS)
        out = Path(tmp) / f"fasttext_{minn}_{maxn}_{h}.bin"
        model.save_model(str(out))
        log(f"  {name}: trained {h} in {time.perf_counter() - t0:.1f}s")
        paths.append(str(out))
    return paths


# ---------------------------------------------------------------- scikit-learn


def sklearn_predict(vec, clfs, texts):
    """Raw texts → tokens → stems → TF-IDF (once) → each head's prediction."""
    x = vec.transform([sklearn_line(t) for t in texts])
    return [clf.predict(x) for clf in clfs]


def train_sklearn(texts, labels, tmp):
    """One TF-IDF vectorizer (shared: the same features serve both heads) and one LR per head."""
    t0 = time.perf_counter()
    vec = TfidfVectorizer(lowercase=False, token_pattern=r"[^ ]+", ngram_range=(1, 2),
                          sublinear_tf=True, min_df=1)
    x = vec.fit_transform([sklearn_line(t) for t in texts])
    clfs = [LogisticRegression(C=SKLEARN_C, solver="lbfgs", max_iter=1000).fit(x, labels[h])
            for h in HEADS]
    path = Path(tmp) / "sklearn.pkl"
    with open(path, "wb") as f:
        pickle.dump((vec, clfs), f)
    log(f"  scikit-learn: trained in {time.perf_counter() - t0:.1f}s "
        f"({x.shape[1]:,} features)")
    return vec, clfs, str(path)


# ---------------------------------------------------------------- tezis


def wait_for(path, timeout_s=180):
    """The binary may be mid-rebuild: wait for it to appear."""
    deadline = time.monotonic() + timeout_s
    while not os.access(path, os.X_OK):
        if time.monotonic() > deadline:
            raise SystemExit(f"error: {path} not found or not executable (cargo build --release)")
        log(f"  {path} missing, waiting...")
        time.sleep(10)


def binary_stamp(path):
    """(modification time, size, inode) of the binary, to notice a rebuild during the timings."""
    try:
        st = os.stat(path)
    except OSError:
        return ("missing", None, None)
    return (time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(st.st_mtime)), st.st_size, st.st_ino)


def tezis_version(tezis):
    try:
        out = subprocess.run([tezis, "--version"], capture_output=True, text=True).stdout.strip()
        return out or "unknown"
    except OSError:
        return "unknown"


def check_tezis_output(cmd, out_file, n):
    """Run cmd with stdout to out_file; fail loudly unless it holds a header and n rows."""
    with open(out_file, "wb") as f:
        proc = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"error: {shlex.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    with open(out_file, "rb") as f:
        n_lines = sum(1 for _ in f)
    with open(out_file, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        cols = [header.index(h) for h in HEADS if h in header]
        rows = sum(1 for r in reader if len(r) == len(header) and all(r[c] for c in cols))
    if n_lines != n + 1 or rows != n or len(cols) != len(HEADS):
        raise SystemExit(f"error: incomplete tezis output from {shlex.join(cmd)}: {n_lines:,} lines "
                         f"(expected {n + 1:,} = header + {n:,}), {rows:,} rows with both labels, "
                         f"header {header}")
    return n_lines


def run_tezis(tezis, bench_file, n, threads, runs, pairs, tmp):
    """Best wall times: start+load alone, and classify the file at 1 and `threads` threads."""
    res = {}
    start_cmd = [tezis, "classify", "тест"]
    log("  $ " + shlex.join(start_cmd))
    res["start_load_s"], _, _ = best_time(
        lambda: subprocess.run(start_cmd, stdout=subprocess.DEVNULL, check=True), runs)

    outputs = []
    counts = sorted({1, threads})
    for t in counts:
        cmd = tezis_cmd(tezis, bench_file, t)
        out_file = Path(tmp) / f"tezis_out_{t}.csv"
        lines = check_tezis_output(cmd, out_file, n)
        log(f"  output check ({t} thread{'s' * (t > 1)}): {lines:,} lines = header + {n:,} rows, OK")
        outputs.append(out_file)
        log("  $ " + shlex.join(cmd) + " > /dev/null")
    # 1 thread and all cores alternately, so that the scaling compares runs seconds apart.
    times = {t: [] for t in counts}
    for _ in range(max(runs, pairs)):
        for t in counts:
            times[t].append(time_tezis(tezis, bench_file, t))
    for t in counts:
        res[t], res[("cpu", t)] = min(times[t])
    res["scaling_pairs"] = [a[0] / b[0] for a, b in zip(times[1], times[threads])]
    res["outputs_identical"] = len({p.read_bytes() for p in outputs}) == 1
    return res


def tezis_cmd(tezis, bench_file, threads):
    return [tezis, "classify", "--input", str(bench_file), "--threads", str(threads), "--format", "csv"]


def time_tezis(tezis, bench_file, threads):
    """(wall seconds, CPU seconds) of one `tezis classify` of the benchmark file to /dev/null."""
    c0, t0 = children_cpu(), time.perf_counter()
    subprocess.run(tezis_cmd(tezis, bench_file, threads), stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0, children_cpu() - c0


# ---------------------------------------------------------------- report


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


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


def row(system, threads, n, nbytes, secs, note=None, cpu=None):
    return {"system": system, "threads": threads, "quotes": n, "bytes": nbytes, "seconds": secs,
            "cpu_seconds": cpu, "quotes_per_s": n / secs, "mb_per_s": nbytes / secs / 1e6, "note": note}


def markdown_table(rows, threads):
    tz = {r["threads"]: r["quotes_per_s"] for r in rows if r["system"] == "tezis"}
    lines = ["| system | threads | quotes/s | MB/s | tezis ÷ system |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        if r["system"] == "tezis":
            ratio = (f"{threads}-thread ÷ 1-thread = {tz[threads] / tz[1]:.2f}×"
                     if r["threads"] != 1 else "—")
        else:
            ratio = f"{tz[r['threads']] / r['quotes_per_s']:.1f}×"
        name = r["system"] + (f" ({r['note']})" if r["note"] else "")
        lines.append(f"| {name} | {r['threads']} | {r['quotes_per_s']:,.0f} | "
                     f"{r['mb_per_s']:.2f} | {ratio} |")
    return "\n".join(lines)


def goals(paired, scaling_pairs, threads):
    """The goals, each judged on the median ratio of runs paired seconds apart."""
    out = [
        ("tezis ≥ 10× fastText subwords (1 thread)", statistics.median(paired["fastText subwords"]), 10.0),
        ("tezis ≥ 5× fastText no subwords (1 thread)", statistics.median(paired["fastText no subwords"]), 5.0),
    ]
    scaling = f"tezis {threads}-thread ÷ 1-thread ≥ 1.7 (goal set for 2 cores)"
    out.append((scaling, statistics.median(scaling_pairs) if threads > 1 else None, 1.7))
    return [{"goal": g, "value": v, "target": t,
             "pass": None if v is None else v >= t} for g, v, t in out]


# ---------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="quotes CSV (default: data/quotes.csv)")
    p.add_argument("--tezis", type=Path, default=DEFAULT_TEZIS, help="tezis binary (default: target/release/tezis)")
    p.add_argument("--n", type=int, default=100_000, help="quotes in the benchmark set (default 100000)")
    p.add_argument("--sklearn-n", type=int, default=20_000,
                   help="scikit-learn is timed on the first this many quotes (default 20000; 0 = all "
                        "--n) and reported as quotes/s: its pure-Python stemming makes it by far the slowest")
    p.add_argument("--runs", type=int, default=3, help="timing repetitions, best kept (default 3)")
    p.add_argument("--pairs", type=int, default=5,
                   help="paired runs per goal, the median judged (default 5)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="the 'all cores' thread/process count (default os.cpu_count())")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers to this JSON file")
    args = p.parse_args()
    if args.n < 1 or args.runs < 1 or args.pairs < 1 or args.threads < 1 or args.sklearn_n < 0:
        p.error("--n, --runs, --pairs and --threads must be positive, --sklearn-n non-negative")
    return args


def main():
    args = parse_args()
    n, threads, runs, pairs = args.n, args.threads, args.runs, args.pairs
    sk_n = min(args.sklearn_n or n, n)
    tezis = str(args.tezis.resolve())
    wait_for(tezis)
    load_before = os.getloadavg()

    texts, labels, fixed = read_quotes(args.data)
    bench = cycle(texts, n)
    total_bytes = n_bytes(bench)
    log(f"{args.data}: {len(texts):,} quotes ({fixed} with line breaks replaced); benchmark set "
        f"{n:,} quotes, {total_bytes / 1e6:.2f} MB, avg {total_bytes / n:.1f} bytes; "
        f"{threads} threads for 'all cores'; best of {runs}; load average {load_before[0]:.2f}")
    if load_before[0] > 0.5:
        log(f"  warning: load average {load_before[0]:.2f}: the machine is not idle")

    rows = []
    with tempfile.TemporaryDirectory(prefix="tezis-speed-") as tmp:
        bench_file = Path(tmp) / "bench.txt"
        with open(bench_file, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(bench) + "\n")

        paired = {}
        log("tezis")
        stamp = binary_stamp(tezis)
        tz = run_tezis(tezis, bench_file, n, threads, runs, pairs, tmp)
        binary_changed = binary_stamp(tezis) != stamp
        rows.append(row("tezis", 1, n, total_bytes, tz[1], cpu=tz[("cpu", 1)]))
        if threads != 1:
            rows.append(row("tezis", threads, n, total_bytes, tz[threads]))
        log(f"  start+load {tz['start_load_s'] * 1000:.0f} ms; 1 thread {tz[1]:.2f}s, "
            f"{threads} threads {tz[threads]:.2f}s; outputs identical: {tz['outputs_identical']}")

        # fastText: tokenised in advance, not timed.
        ft_lines = [fasttext_line(t) for t in bench]
        parts = chunks(ft_lines, threads)
        for name, minn, maxn in FASTTEXT_VARIANTS:
            log(name)
            paths = train_fasttext(texts, labels, tmp, minn, maxn, name)
            models = [fasttext.load_model(p) for p in paths]
            secs, preds, cpu = best_time(lambda: fasttext_predict(models, ft_lines), runs,
                                         time.process_time)
            if any(len(p) != n for p in preds):
                raise SystemExit(f"error: {name} predicted {[len(p) for p in preds]} labels, expected {n}")
            rows.append(row(name, 1, n, total_bytes, secs, cpu=cpu))
            log(f"  1 thread {secs:.2f}s")
            # Paired with tezis: one run of each, alternately, so that the ratio compares runs
            # seconds apart rather than minutes (the machine's speed drifts).
            ratios = []
            for _ in range(pairs):
                tz_secs, _ = time_tezis(tezis, bench_file, 1)
                t0 = time.perf_counter()
                fasttext_predict(models, ft_lines)
                ratios.append((time.perf_counter() - t0) / tz_secs)
            paired[name] = ratios
            log(f"  paired with tezis (1 thread): ratios {', '.join(f'{r:.2f}' for r in ratios)}")
            del models, preds  # each model is ~0.8 GB (2M hash buckets x dim 100): free before the pool
            if threads != 1:
                secs, counts = pool_time("fasttext", paths, parts, runs, ft_lines[:200])
                if any(c != n for c in counts.values()):
                    raise SystemExit(f"error: {name} pool predicted {counts}, expected {n} per head")
                rows.append(row(name, threads, n, total_bytes, secs))
                log(f"  {threads} processes {secs:.2f}s")

        # scikit-learn: from raw text, timed on the first sk_n quotes.
        log("scikit-learn")
        vec, clfs, sk_path = train_sklearn(texts, labels, tmp)
        sk_bench = bench[:sk_n]
        sk_bytes = n_bytes(sk_bench)
        note = None if sk_n == n else f"timed on {sk_n:,}"
        secs, preds, cpu = best_time(lambda: sklearn_predict(vec, clfs, sk_bench), runs,
                                     time.process_time)
        if any(len(p) != sk_n for p in preds):
            raise SystemExit(f"error: scikit-learn predicted {[len(p) for p in preds]}, expected {sk_n}")
        rows.append(row("scikit-learn", 1, sk_n, sk_bytes, secs, note, cpu=cpu))
        log(f"  1 thread {secs:.2f}s for {sk_n:,} quotes")
        if threads != 1:
            secs, counts = pool_time("sklearn", sk_path, chunks(sk_bench, threads), runs, sk_bench[:200])
            if any(c != sk_n for c in counts.values()):
                raise SystemExit(f"error: scikit-learn pool predicted {counts}, expected {sk_n} per head")
            rows.append(row("scikit-learn", threads, sk_n, sk_bytes, secs, note))
            log(f"  {threads} processes {secs:.2f}s for {sk_n:,} quotes")

    machine = machine_info(tezis)
    load_after = os.getloadavg()
    goal_list = goals(paired, tz["scaling_pairs"], threads)

    print(markdown_table(rows, threads))
    print()
    print(f"Benchmark set: {n:,} quotes cycling through the {len(texts):,} texts of "
          f"{args.data.name}; average quote {total_bytes / n:.1f} bytes (UTF-8); MB = 10^6 bytes of "
          f"quote text; wall time, best of {runs}.")
    if sk_n != n:
        print(f"scikit-learn was timed on the first {sk_n:,} quotes only; its quotes/s and MB/s are "
              f"for those ({sk_bytes / sk_n:.1f} bytes on average).")
    same = (f"; 1- and {threads}-thread outputs identical: {'yes' if tz['outputs_identical'] else 'NO'}"
            if threads > 1 else "")
    print(f"tezis start + model load (`tezis classify \"тест\"`, best of {runs}): "
          f"{tz['start_load_s'] * 1000:.0f} ms{same}.")
    print(f"Machine: {machine['nproc']} cores (nproc), {machine['cpu']}; Python {machine['python']}, "
          f"numpy {machine['numpy']}, scikit-learn {machine['scikit-learn']}, fasttext-numpy2-wheel "
          f"{machine['fasttext-numpy2-wheel']}, snowballstemmer {machine['snowballstemmer']}; "
          f"{machine['tezis']} (binary modified {stamp[0]}); load average {load_before[0]:.2f} before, {load_after[0]:.2f} after.")
    busy = [r for r in rows if r["cpu_seconds"] is not None]
    print("CPU ÷ wall time of the 1-thread runs (well below 1 = the run waited for a CPU, "
          "i.e. the machine was busy): "
          + ", ".join(f"{r['system']} {r['cpu_seconds'] / r['seconds']:.2f}" for r in busy) + ".")
    if binary_changed:
        print("Warning: the tezis binary changed (or vanished) while tezis was being timed; its rows "
              "may mix builds.")
    print("Paired runs (tezis and the other alternately, one run each, seconds apart; the goals use "
          "the median ratio): tezis ÷ " + "; tezis ÷ ".join(
              f"{k} {', '.join(f'{r:.2f}' for r in v)}" for k, v in paired.items())
          + (f"; {threads} threads ÷ 1: {', '.join(f'{r:.2f}' for r in tz['scaling_pairs'])}."
             if threads > 1 else "."))
    print()
    print("Goals (median of the paired ratios):")
    for g in goal_list:
        verdict = "n/a" if g["pass"] is None else ("PASS" if g["pass"] else "FAIL")
        value = "n/a" if g["value"] is None else f"{g['value']:.2f}×"
        print(f"- {verdict}: {g['goal']} — {value}")

    if args.json:
        payload = {"data": str(args.data), "n": n, "sklearn_n": sk_n, "runs": runs, "threads": threads,
                   "avg_quote_bytes": total_bytes / n, "total_bytes": total_bytes,
                   "tezis_start_load_s": tz["start_load_s"],
                   "tezis_outputs_identical": tz["outputs_identical"],
                   "tezis_binary_changed": binary_changed, "tezis_binary_modified": stamp[0],
                   "fasttext_params": FASTTEXT_PARAMS, "sklearn_C": SKLEARN_C,
                   "results": rows, "paired_ratios": paired, "scaling_pairs": tz["scaling_pairs"],
                   "goals": goal_list, "machine": machine,
                   "load_average": {"before": load_before, "after": load_after}}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
