#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fits the lab guest's CPU cost of reclaim from the committed recordings.

usage: fit_cpu_costs.py [RECORDINGS_DIR]   (default: tests/data/kernel)

While the one-vCPU guest swaps, its CPU is busy: each 100 ms sample is spent allocating pages,
scanning LRU pages and writing pages out. A least-squares fit of

    sample length = a * pages allocated + s * pages scanned + w * pages swapped out

over every 100 ms sample of every run that swapped out more than 100 pages gives the CPU time of each.
make_scenario.py --cpu-model uses a (as page_cpu_time) and s (as reclaim_scan_rate = 1000 / s); its
pageout_cpu_time is calibrated inside the range this script prints for w. It also prints the swap
disk's speed make_scenario.py uses: the fastest second of swap-out in any run.
The residual is large (about 40 %): the guest is not always CPU-bound, and a sample also holds work the
three counters do not see. The constants are the fit's order of magnitude, not a measurement per run;
the range is a bootstrap over the runs (the fit repeated on runs drawn with replacement).
"""
import csv
import math
import random
import sys
from pathlib import Path

ALLOC = ("pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable")
SCAN = ("pgscan_kswapd", "pgscan_direct")


def samples(vmstat_tsv):
    """(allocated, scanned, swapped out, length in µs) of each 100 ms step that swapped."""
    prev = None
    with open(vmstat_tsv) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t = float(row["t_ms"])
            now = {k: int(row[k]) for k in ALLOC + SCAN + ("pswpout",)}
            if prev is not None and 90 <= t - prev[0] <= 110:
                d = {k: now[k] - prev[1][k] for k in now}
                if d["pswpout"] > 100:
                    yield (sum(d[k] for k in ALLOC), sum(d[k] for k in SCAN), d["pswpout"], (t - prev[0]) * 1000)
            prev = (t, now)


def fastest_swap_out_mib_s(vmstat_tsv):
    """The most pswpout over 10 consecutive samples (a second), in MiB/s."""
    with open(vmstat_tsv) as f:
        series = [(float(r["t_ms"]), int(r["pswpout"])) for r in csv.DictReader(f, delimiter="\t")]
    best = 0.0
    for (t0, a), (t1, b) in zip(series, series[10:]):
        if t1 > t0:
            best = max(best, (b - a) * 4096 / (1 << 20) / ((t1 - t0) / 1000))
    return best


def least_squares(xs, ys):
    """Solves the normal equations of ys ~ xs @ c by Gauss-Jordan elimination."""
    n = len(xs[0])
    m = [[sum(x[i] * x[j] for x in xs) for j in range(n)] + [sum(x[i] * y for x, y in zip(xs, ys))] for i in range(n)]
    for i in range(n):
        pivot = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[pivot] = m[pivot], m[i]
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                m[r] = [a - f * b for a, b in zip(m[r], m[i])]
    return [m[i][n] / m[i][i] for i in range(n)]


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/kernel")
    runs = sorted(root.glob("*/run*/vmstat.tsv"))
    by_run = [r for r in (list(samples(run)) for run in runs) if r]
    rows = [s for run in by_run for s in run]
    if len(rows) < 10:
        sys.exit(f"{root}: fewer than 10 swapping samples")
    xs = [r[:3] for r in rows]
    ys = [r[3] for r in rows]
    alloc, scan, pageout = least_squares(xs, ys)
    fitted = [alloc * a + scan * s + pageout * w for a, s, w in xs]
    rms = math.sqrt(sum((f - y) ** 2 for f, y in zip(fitted, ys)) / len(ys)) / (sum(ys) / len(ys))
    print(f"{len(rows)} samples from {len(runs)} runs; residual {rms:.0%} of a sample")
    print(f"allocated page  {alloc:6.1f} us")
    print(f"scanned page    {scan:6.2f} us  (reclaim_scan_rate {1000 / scan:.0f} pages/ms)")
    print(f"swapped-out page {pageout:5.1f} us  (pageout_cpu_time is calibrated inside its range below)")

    rng = random.Random(1)
    fits = []
    for _ in range(400):
        drawn = [s for _ in by_run for s in rng.choice(by_run)]
        fits.append(least_squares([r[:3] for r in drawn], [r[3] for r in drawn]))
    for i, name in enumerate(("allocated page", "scanned page", "swapped-out page")):
        values = sorted(f[i] for f in fits)
        print(f"{name:17} 5 to 95 % over the runs: {values[20]:.2f} to {values[379]:.2f} us")
    # make_scenario.py's GUEST_SWAP_MIB_S: the one virtio swap disk at its fastest in any run.
    print(f"swap disk: fastest second of pswpout {max(fastest_swap_out_mib_s(run) for run in runs):.1f} MiB/s")


if __name__ == "__main__":
    main()
