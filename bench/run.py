#!/usr/bin/env python3
"""The benchmark: generate a synthetic city, then time, in one run, the bare
decompression, the calamine read floor, the tool's own reader alone,
`wuyi score` on one thread and on all threads (with its own `.xlsx` reader
and with calamine's), the Python peer scorers (bench/peer.py on
python-calamine and on openpyxl) and peak memory, and print the ratios the
targets are stated in.

    python3 bench/run.py                 # 1,000 workbooks, 3 runs each
    python3 bench/run.py --files 200 --runs 5 --peer-runs 1
    python3 bench/run.py --province 20000   # also the 20,000-workbook run

The timed programs need only the Python standard library; the peers need
`pip install python-calamine openpyxl` (skipped with a note if missing).
Each measurement is a whole process; wall time is the median of the runs,
CPU time (user + system, from wait4) the median too, peak memory (max RSS)
the largest. Measurements of different programs are interleaved run by run,
so a burst of load elsewhere on the machine hits all of them alike; on a
shared machine compare the ratios, and the CPU times, not wall times across
runs.
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


def run(cmd, env=None):
    """Runs a command; returns (wall seconds, CPU seconds, peak RSS in MiB, stderr).
    A command whose first word is IN_PROCESS runs with workers off."""
    if cmd[0] == IN_PROCESS:
        cmd = cmd[1:]
        env = {**(env or {}), "WUYI_READ_IN_PROCESS": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=None if env is None else {**os.environ, **env})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss
    # The tool's reader processes outlive it by a moment (they end when
    # their pipe closes) and are not waited for by it: as the subreaper they
    # come back here, and their CPU time and peak memory are counted too
    # (peaks added, as if they had all been reached at once).
    while True:
        try:
            _, _, more = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += more.ru_utime + more.ru_stime
        rss += more.ru_maxrss
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} failed with {code}:\n{err}")
    return wall, cpu, rss / 1024.0, err


def become_subreaper():
    """Makes processes orphaned by a timed command this script's children
    (Linux), so that their CPU time can be counted."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def measure(named_cmds, runs):
    """Interleaves the commands `runs` times (a command given as (cmd, env,
    runs) runs that often instead); returns name -> (median wall s, median
    CPU s, max MiB, last stderr)."""
    def parts(spec):
        if isinstance(spec, tuple):
            return spec
        return spec, None, runs
    times = {n: [] for n, _ in named_cmds}
    cpus = {n: [] for n, _ in named_cmds}
    peaks = {n: 0.0 for n, _ in named_cmds}
    errs = {}
    load = os.getloadavg()[0]
    for i in range(max(parts(c)[2] for _, c in named_cmds)):
        for name, spec in named_cmds:
            cmd, env, n = parts(spec)
            if i >= n:
                continue
            wall, cpu, rss, err = run(cmd, env)
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], rss)
            errs[name] = err
    print(f"load average (1 min) {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end", flush=True)
    return {n: (statistics.median(times[n]), statistics.median(cpus[n]), peaks[n], errs[n]) for n, _ in named_cmds}


def timings(err):
    """Parses `wuyi score --timings` output."""
    for line in err.splitlines():
        if line.startswith("timings:"):
            parts = line.replace(",", "").split()
            return float(parts[2]), float(parts[6])
    return None


def have_peers():
    try:
        import python_calamine  # noqa: F401
        import openpyxl  # noqa: F401
        return True
    except ImportError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=1, help="runs of the (slow) Python peers")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--province", type=int, default=0, help="also score this many workbooks in one run")
    ap.add_argument("--data", type=Path, default=ROOT / "target" / "bench-data")
    ap.add_argument("--peers", choices=["both", "calamine", "none"], default="both",
                    help="which Python peers to time (openpyxl takes minutes on the city)")
    ap.add_argument("--no-build", action="store_true", help="time the release binaries as they are built")
    ap.add_argument("--isolation", action="store_true",
                    help="only the cost of reading in worker processes: score with workers and in-process, alternated")
    args = ap.parse_args()
    become_subreaper()

    if args.no_build:
        print("using the release binaries already built", flush=True)
    else:
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
    zf = __import__("zipfile").ZipFile(big / "street.xlsx")
    sheet_bytes = max(e.file_size for e in zf.infolist() if e.filename.startswith("xl/worksheets/"))
    calamine = {"WUYI_XLSX_READER": "calamine"}

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
        print("| measurement | workers, wall (s) | in-process, wall (s) | ratio | workers, CPU (s) | in-process, CPU (s) "
              "| ratio | peak RSS, workers / in-process (MiB) |")
        print("|---|---|---|---|---|---|---|---|")
        for label, w, p in [("wuyi score, 1 thread", "w1", "p1"), (f"wuyi score, {jobs} threads", "wN", "pN")]:
            print(f"| {label} | {r[w][0]:.2f} | {r[p][0]:.2f} | {r[w][0] / r[p][0]:.3f} | {r[w][1]:.2f} | {r[p][1]:.2f} "
                  f"| {r[w][1] / r[p][1]:.3f} | {r[w][2]:.0f} / {r[p][2]:.0f} |")
        return


    cmds = [
        ("inflate", [str(FLOOR), "--inflate", "--jobs", "1", str(city)]),
        ("floor", [str(FLOOR), "--jobs", "1", str(city)]),
        ("own", [str(FLOOR), "--own", "--jobs", "1", str(city)]),
        ("score1", score(city, 1, "s1")),
        ("score1_cal", (score(city, 1, "c1"), calamine, args.runs)),
        ("scoreN", score(city, jobs, "sN")),
        ("scoreN_cal", (score(city, jobs, "cN"), calamine, args.runs)),
        ("score20", score(small, 1, "s20")),
        ("big_inflate", [str(FLOOR), "--inflate", "--jobs", "1", str(big)]),
        ("big_floor", [str(FLOOR), "--jobs", "1", str(big)]),
        ("big_own", [str(FLOOR), "--own", "--jobs", "1", str(big)]),
        ("big_score1", score(big, 1, "b1")),
        ("big_score1_cal", (score(big, 1, "bc1"), calamine, args.runs)),
    ]
    peers = args.peers != "none" and have_peers()
    if peers:
        peer = str(ROOT / "bench" / "peer.py")
        cmds += [
            ("peer_calamine", ([sys.executable, peer, "calamine", str(city), str(out / "peer-calamine.csv")], None,
                               args.runs)),
        ]
        if args.peers == "both":
            cmds += [
                ("peer_openpyxl", ([sys.executable, peer, "openpyxl", str(city), str(out / "peer-openpyxl.csv")], None,
                                   args.peer_runs)),
            ]
    elif args.peers != "none":
        print("python-calamine or openpyxl missing (pip install python-calamine openpyxl): peers skipped")
    print(f"measuring, {args.runs} runs each…", flush=True)
    r = measure(cmds, args.runs)

    t = {k: v[0] for k, v in r.items()}
    c = {k: v[1] for k, v in r.items()}
    m = {k: v[2] for k, v in r.items()}
    read_s, write_s = timings(r["score1"][3]) or (float("nan"), float("nan"))

    def line(label, value, cpu, target, ok):
        print(f"| {label} | {value} | {cpu} | {target} | {'met' if ok else '**not met**'} |")

    print()
    print(f"{args.files} workbooks ({sum(f.stat().st_size for f in city.iterdir()) / 2**20:.0f} MiB), "
          f"{jobs} cores, median of {args.runs} runs (Python peers: {args.runs} and {args.peer_runs})")
    print()
    print("| measurement | wall (s) | CPU (s) | peak RSS (MiB) |")
    print("|---|---|---|---|")
    names = {
        "inflate": "decompress sheet XML only, 1 thread",
        "floor": "calamine read floor (visit every cell), 1 thread",
        "own": "own reader alone (visit every cell), 1 thread",
        "score1": "wuyi score, 1 thread",
        "score1_cal": "wuyi score, 1 thread, calamine reader",
        "scoreN": f"wuyi score, {jobs} threads",
        "scoreN_cal": f"wuyi score, {jobs} threads, calamine reader",
        "score20": "wuyi score, 20 workbooks, 1 thread",
        "peer_calamine": "peer.py on python-calamine, 1 thread",
        "peer_openpyxl": "peer.py on openpyxl, 1 thread",
        "big_inflate": "big workbook: decompress only",
        "big_floor": "big workbook: calamine read floor",
        "big_own": "big workbook: own reader alone",
        "big_score1": "big workbook: wuyi score, 1 thread",
        "big_score1_cal": "big workbook: wuyi score, 1 thread, calamine reader",
    }
    for k, label in names.items():
        if k in t:
            print(f"| {label} | {t[k]:.2f} | {c[k]:.2f} | {m[k]:.0f} |")
    print()
    print("| target | measured (wall) | (CPU) | wanted | |")
    print("|---|---|---|---|---|")

    def ratio(label, a, b, wanted, ok):
        print(f"| {label} | {t[a] / t[b]:.2f}× | {c[a] / c[b]:.2f}× | {wanted} | "
              f"{'met' if ok(t[a] / t[b]) else '**not met**'} |")
    ratio("score 1 thread ÷ calamine read floor, city", "score1", "floor", "≤ 0.6×", lambda x: x <= 0.6)
    ratio("score 1 thread ÷ calamine read floor, big workbook", "big_score1", "big_floor", "≤ 0.6×",
          lambda x: x <= 0.6)
    ratio("score 1 thread ÷ bare decompression, city", "score1", "inflate", "≤ 3×", lambda x: x <= 3)
    ratio("score 1 thread ÷ bare decompression, big workbook", "big_score1", "big_inflate", "≤ 3×",
          lambda x: x <= 3)
    if peers:
        ratio(f"peer on python-calamine ÷ score {jobs} threads", "peer_calamine", "scoreN", "≥ 5×", lambda x: x >= 5)
        if "peer_openpyxl" in t:
            ratio(f"peer on openpyxl ÷ score {jobs} threads", "peer_openpyxl", "scoreN", "≥ 25×", lambda x: x >= 25)
    line("peak memory, 1,000 ÷ 20 workbooks", f"{m['score1'] / m['score20']:.2f}×", "", "≤ 1.2×",
         m["score1"] / m["score20"] <= 1.2)
    line("peak memory, big workbook ÷ its sheet XML",
         f"{m['big_score1'] * 2**20 / sheet_bytes:.2f}× ({sheet_bytes / 2**20:.0f} MiB XML)", "", "< 2×",
         m["big_score1"] * 2**20 / sheet_bytes < 2)
    print()
    print("| reference | wall | CPU |")
    print("|---|---|---|")
    for label, a, b in [
        ("own reader alone ÷ calamine read floor, city", "own", "floor"),
        ("own reader alone ÷ calamine read floor, big", "big_own", "big_floor"),
        ("score 1 thread, own reader ÷ calamine reader, city", "score1", "score1_cal"),
        ("score 1 thread, own reader ÷ calamine reader, big", "big_score1", "big_score1_cal"),
        (f"score {jobs} threads, own reader ÷ calamine reader", "scoreN", "scoreN_cal"),
        (f"speed-up, {jobs} threads over 1", "score1", "scoreN"),
    ]:
        print(f"| {label} | {t[a] / t[b]:.2f}× | {c[a] / c[b]:.2f}× |")
    print(f"| report writing share of the run | {write_s / (read_s + write_s) * 100:.1f}% ({write_s:.2f} s) | |")

    if args.province:
        province(args, jobs, out)


def province(args, jobs, out):
    """Scores `args.province` workbooks in one run, and a quarter of them, to
    give the time per workbook, peak memory and the slope to 100,000."""
    data = args.data / f"city-{args.province}-{args.seed}"
    # A folder `province` already there is scored as it is (it may hold the
    # generated workbooks several times over, as hard links).
    folder = data / "province"
    if not folder.exists():
        if not (data / "city").exists():
            print(f"generating {args.province} workbooks in {data}…", flush=True)
            subprocess.run([str(CITY), str(data), str(args.province), str(args.seed)], check=True)
        folder = data / "city"
    files = sorted(folder.iterdir())
    quarter = data / f"first-{len(files) // 4}"
    if not quarter.exists():
        quarter.mkdir()
        for f in files[: len(files) // 4]:
            os.link(f, quarter / f.name)
    size = sum(f.stat().st_size for f in files) / 2**30
    distinct = len({f.stat().st_ino for f in files})
    n1, n2 = len(files) // 4, len(files)
    r = measure([
        ("quarter", [str(WUYI), "score", str(quarter), "--jobs", str(jobs), "--out", str(out / "pq"), "--force"]),
        ("all", [str(WUYI), "score", str(folder), "--jobs", str(jobs), "--out", str(out / "pa"), "--force"]),
    ], 1)
    (t1, c1, m1, _), (t2, c2, m2, _) = r["quarter"], r["all"]
    slope = (t2 - t1) / (n2 - n1)
    mslope = (m2 - m1) / (n2 - n1)
    print()
    print(f"province: {n2} workbooks ({size:.2f} GiB, {distinct} distinct), {jobs} threads, one run each")
    print()
    print("| workbooks | wall (s) | CPU (s) | per workbook (ms) | peak RSS (MiB) |")
    print("|---|---|---|---|---|")
    print(f"| {n1} | {t1:.1f} | {c1:.1f} | {t1 / n1 * 1000:.2f} | {m1:.0f} |")
    print(f"| {n2} | {t2:.1f} | {c2:.1f} | {t2 / n2 * 1000:.2f} | {m2:.0f} |")
    print(f"| 100000 (projected) | {t2 + slope * (100000 - n2):.0f} | | {slope * 1000:.2f} (slope) | "
          f"{m2 + mslope * (100000 - n2):.0f} |")


if __name__ == "__main__":
    main()
