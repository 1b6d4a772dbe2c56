#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the figures a recording is compared on, one line per figure.

usage: summarize.py RECORDING_DIR...

For each recording: the time of kswapd's first scan and of the first direct reclaim (ms after the
lab's steps started), allocstall (all zones), pgscan and pgsteal by kswapd and direct reclaim, the anon
share of pages scanned, pswpin/pswpout, workingset refaults and activations, OOM kills, and the
lowest free pages of each zone against its min, low and high marks.
"""
import csv
import sys
from pathlib import Path


def rows(path: Path):
    with path.open() as f:
        return list(csv.DictReader(f, delimiter="\t"))


def value(row, key):
    v = row.get(key, "")
    return int(v) if v not in ("", None) else 0


def steps_start_ms(recording: Path):
    """t_ms of the 'lab steps start' mark: marks use CLOCK_MONOTONIC seconds, samples carry both."""
    samples = rows(recording / "samples.tsv")
    start = None
    for line in (recording / "marks.txt").read_text().splitlines():
        words = line.split()
        if len(words) >= 3 and words[1:3] == ["lab", "steps"] and words[3:4] == ["start"]:
            start = float(words[0])
    if start is None or not samples:
        return 0.0
    first = samples[0]
    return float(first["t_ms"]) + (start - float(first["mono_s"])) * 1000.0


def summarize(recording: Path):
    vm = rows(recording / "vmstat.tsv")
    zones = rows(recording / "zoneinfo.tsv")
    t0 = steps_start_ms(recording)
    last = vm[-1]

    def first_time(key):
        for r in vm:
            if value(r, key) > value(vm[0], key):
                return f"{float(r['t_ms']) - t0:.0f}"
        return "never"

    def delta(key):
        return value(last, key) - value(vm[0], key)

    allocstall = sum(delta(k) for k in last if k.startswith("allocstall_"))
    scan_anon, scan_file = delta("pgscan_anon"), delta("pgscan_file")
    share = f"{100.0 * scan_anon / (scan_anon + scan_file):.1f}" if scan_anon + scan_file else "-"
    out = [
        ("first_kswapd_scan_ms", first_time("pgscan_kswapd")),
        ("first_direct_scan_ms", first_time("pgscan_direct")),
        ("allocstall", allocstall),
        ("pgscan_kswapd", delta("pgscan_kswapd")),
        ("pgscan_direct", delta("pgscan_direct")),
        ("pgsteal_kswapd", delta("pgsteal_kswapd")),
        ("pgsteal_direct", delta("pgsteal_direct")),
        ("anon_share_of_scan_pct", share),
        ("pswpin", delta("pswpin")),
        ("pswpout", delta("pswpout")),
        ("workingset_refault_file", delta("workingset_refault_file")),
        ("workingset_activate_file", delta("workingset_activate_file")),
        ("workingset_refault_anon", delta("workingset_refault_anon")),
        ("oom_kill", delta("oom_kill")),
    ]
    for zone in sorted({(z["node"], z["zone"]) for z in zones}):
        zr = [z for z in zones if (z["node"], z["zone"]) == zone and z.get("managed", "0") != "0"]
        if not zr:
            continue
        lowest = min(zr, key=lambda z: int(z["free"]))
        out.append((f"zone_{zone[1]}_lowest_free/min/low/high",
                    f"{lowest['free']}/{lowest['min']}/{lowest['low']}/{lowest['high']}"))
    print(f"== {recording}")
    for k, v in out:
        print(f"{k}\t{v}")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: summarize.py RECORDING_DIR...")
    for d in sys.argv[1:]:
        summarize(Path(d))


if __name__ == "__main__":
    main()
