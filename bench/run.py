#!/usr/bin/env python3
"""The benchmark: generate a synthetic city, then time, in one run, the read
floor, `wuyi score` on one thread and on all threads, and their peak memory,
and print the ratios the targets are stated in.

    python3 bench/run.py                 # 1,000 workbooks, 3 runs each
    python3 bench/run.py --files 200 --runs 5

Only the Python standard library is used. Each measurement is a whole
process; wall time is the median of the runs, peak memory (max RSS, from
wait4) the largest. Measurements of different programs are interleaved run
by run, so a burst of load elsewhere on the machine hits all of them alike.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
WUYI = RELEASE / "wuyi"
FLOOR = RELEASE / "examples" / "bench_floor"
CITY = RELEASE / "examples" / "bench_city"


IN_PROCESS = "in-process:"


def run(cmd):
    """Runs a command; returns (wall seconds, peak RSS in MiB, stderr).
    A command whose first word is IN_PROCESS runs with workers off."""
    env = None
    if cmd[0] == IN_PROCESS:
        cmd = cmd[1:]
        env = dict(os.environ, WUYI_READ_IN_PROCESS="1")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} failed with {code}:\n{err}")
    return wall, usage.ru_maxrss / 1024.0, err


def measure(named_cmds, runs):
    """Interleaves the commands `runs` times; returns name -> (median s, max MiB, last stderr)."""
    times = {n: [] for n, _ in named_cmds}
    peaks = {n: 0.0 for n, _ in named_cmds}
    errs = {}
    for _ in range(runs):
        for name, cmd in named_cmds:
            wall, rss, err = run(cmd)
            times[name].append(wall)
            peaks[name] = max(peaks[name], rss)
            errs[name] = err
    return {n: (statistics.median(times[n]), peaks[n], errs[n]) for n, _ in named_cmds}


def timings(err):
    """Parses `wuyi score --timings` output."""
    for line in err.splitlines():
        if line.startswith("timings:"):
            parts = line.replace(",", "").split()
            return float(parts[2]), float(parts[6])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--data", type=Path, default=ROOT / "target" / "bench-data")
    ap.add_argument("--isolation", action="store_true",
                    help="only the cost of reading in worker processes: score with workers and in-process, alternated")
    args = ap.parse_args()

    print("building (release)…", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "wuyi", "--example", "bench_floor",
                    "--example", "bench_city"], cwd=ROOT, check=True)

    data = args.data / f"city-{args.files}-{args.seed}"
    if not (data / "big" / "street.xlsx").exists():
        print(f"generating {args.files} workbooks and one of 200,000 households in {data}…", flush=True)
        subprocess.run([str(CITY), str(data), str(args.files), str(args.seed)], check=True)
    city, big = data / "city", data / "big"
    small = data / "city-20"
    if not small.exists():
        small.mkdir()
        for f in sorted(city.iterdir())[:20]:
            (small / f.name).symlink_to(f)
    out = args.data / "out"
    jobs = os.cpu_count() or 1
    sheet_bytes = max(e.file_size for e in __import__("zipfile").ZipFile(big / "street.xlsx").infolist()
                      if e.filename.startswith("xl/worksheets/"))

    def score(path, j, name):
        return [str(WUYI), "score", str(path), "--jobs", str(j), "--out", str(out / name), "--force", "--timings"]

    if args.isolation:
        print(f"measuring workers against in-process reading, {args.runs} runs each, alternated…", flush=True)
        r = measure([
            ("w1", score(city, 1, "w1")),
            ("p1", [IN_PROCESS] + score(city, 1, "p1")),
            ("wN", score(city, jobs, "wN")),
            ("pN", [IN_PROCESS] + score(city, jobs, "pN")),
        ], args.runs)
        print()
        print("| measurement | workers (s) | in-process (s) | ratio | peak RSS, workers / in-process (MiB) |")
        print("|---|---|---|---|---|")
        for label, w, p in [("wuyi score, 1 thread", "w1", "p1"), (f"wuyi score, {jobs} threads", "wN", "pN")]:
            print(f"| {label} | {r[w][0]:.2f} | {r[p][0]:.2f} | {r[w][0] / r[p][0]:.3f} | {r[w][1]:.0f} / {r[p][1]:.0f} |")
        return

    print(f"measuring, {args.runs} runs each…", flush=True)
    r = measure([
        ("inflate", [str(FLOOR), "--inflate", "--jobs", "1", str(city)]),
        ("floor", [str(FLOOR), "--jobs", "1", str(city)]),
        ("score1", score(city, 1, "s1")),
        ("scoreN", score(city, jobs, "sN")),
        ("score20", score(small, 1, "s20")),
        ("big_floor", [str(FLOOR), "--jobs", "1", str(big)]),
        ("big_score1", score(big, 1, "b1")),
    ], args.runs)

    t = {k: v[0] for k, v in r.items()}
    m = {k: v[1] for k, v in r.items()}
    read_s, write_s = timings(r["score1"][2]) or (float("nan"), float("nan"))

    def line(label, value, target, ok):
        print(f"| {label} | {value} | {target} | {'met' if ok else 'NOT met'} |")

    print()
    print(f"{args.files} workbooks ({sum(f.stat().st_size for f in city.iterdir()) / 2**20:.0f} MiB), "
          f"{jobs} cores, median of {args.runs} runs")
    print()
    print("| measurement | wall (s) | peak RSS (MiB) |")
    print("|---|---|---|")
    names = {
        "inflate": "decompress sheet XML only",
        "floor": "read floor (visit every cell), 1 thread",
        "score1": "wuyi score, 1 thread",
        "scoreN": f"wuyi score, {jobs} threads",
        "score20": "wuyi score, 20 workbooks, 1 thread",
        "big_floor": "read floor, 200,000-household workbook",
        "big_score1": "wuyi score, 200,000-household workbook",
    }
    for k, label in names.items():
        print(f"| {label} | {t[k]:.2f} | {m[k]:.0f} |")
    print()
    print("| target | measured | wanted | |")
    print("|---|---|---|---|")
    line("score 1 thread ÷ read floor, city", f"{t['score1'] / t['floor']:.2f}×", "≤ 1.25×", t["score1"] / t["floor"] <= 1.25)
    line("score 1 thread ÷ read floor, big workbook", f"{t['big_score1'] / t['big_floor']:.2f}×", "≤ 1.25×",
         t["big_score1"] / t["big_floor"] <= 1.25)
    line(f"speed-up, {jobs} threads over 1", f"{t['score1'] / t['scoreN']:.2f}×", "≥ 1.8×", t["score1"] / t["scoreN"] >= 1.8)
    line("peak memory, 1,000 ÷ 20 workbooks", f"{m['score1'] / m['score20']:.2f}×", "≤ 1.2×", m["score1"] / m["score20"] <= 1.2)
    line("peak memory, big workbook ÷ its sheet XML", f"{m['big_score1'] * 2**20 / sheet_bytes:.2f}× ({sheet_bytes / 2**20:.0f} MiB XML)",
         "< 4×", m["big_score1"] * 2**20 / sheet_bytes < 4)
    line("report writing share of the run", f"{write_s / (read_s + write_s) * 100:.1f}% ({write_s:.2f} s)", "< 10%",
         write_s / (read_s + write_s) < 0.10)
    line("score ÷ bare decompression (reference)", f"{t['score1'] / t['inflate']:.1f}×", "—", True)


if __name__ == "__main__":
    main()
