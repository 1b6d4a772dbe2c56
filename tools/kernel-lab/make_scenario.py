#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the ReclaimLab scenario that replays one kernel-lab recording.

usage: make_scenario.py [--cpu-model] [--scan-rate N] RECORDING_DIR [OUT.json]
       (default OUT: RECORDING_DIR/scenario.json)

The scenario's t = 0 is the recording's "lab steps start" mark. What it takes from where:
- machine: the zones' spanned, present and managed pages from the first /proc/zoneinfo sample (exact);
  kernel_pages = managed - free - the guest's page cache at the steps' start (slab, page tables,
  per-CPU lists, and the anon LRU, see below);
- the guest's own LRU pages at the steps' start: its anonymous pages (almost all the initramfs' few
  MiB of shmem, which holds busybox and the rl-* programs the guest runs from) as kernel memory (the
  model has no shmem), and its few pages of page cache as an executable mapping of a process "guest"
  (oom_score_adj -1000, like init) that keeps them referenced. Left out, they made the replay's free
  memory 6 MiB more than the guest's, and without swap left reclaim nothing to scan before the OOM;
- reclaim_scan_rate: GUEST_SCAN_RATE, the lab guest's scanning speed in pages per ms of CPU (or
  --scan-rate N). One recording cannot give it: its fastest 100 ms of pgscan_kswapd + pgscan_direct is
  mostly what reclaim was asked for, not what the CPU could do (29 to 928 pages/ms across the
  recordings of 2026-11-30). The constant is the median of those maxima over the 20 runs that scanned
  at least 10 000 pages. A real machine scans far faster: the engine's default is kept for those;
- with --cpu-model: cpus, the guest's vCPUs (one), which kswapd, direct reclaimers and the programs
  share; page_cpu_time, the CPU time of one page fault, GUEST_PAGE_CPU_US from fit_cpu_costs.py (a
  recording's own fastest anonymous growth is mostly its program's pace: rl-anon at 60 MiB/s is 65 µs
  a page, at 50 MiB/s 78); and the reclaimers' costs split in two, GUEST_CPU_SCAN_RATE for a scanned
  page (fit_cpu_costs.py) and GUEST_PAGEOUT_CPU_US for a page written out (calibrated, see below).
  The committed replays are made with --cpu-model;
- disks: the experiment's DATA_BPS and SWAP_BPS as bandwidths (ssd latency). Unthrottled, the guest's
  virtio disks under TCG are still slow: the data disk gets the fastest second of reading (pgpgin)
  the recording shows, the swap disk GUEST_SWAP_MIB_S, the fastest second of swap-out (pswpout) over
  all the lab's recordings: it is the same virtio disk on the same host every time, and most runs'
  own fastest second is what their CPU let them write, not what the disk could take;
- sysctls: the experiment's SYSCTLS;
- processes: one per rl-* program of GUEST_STEPS, matched to the marks in pid (= fork) order. A
  program starts at its "start" mark and exits at its "done" mark (none: it runs to the end or is
  OOM-killed); "echo N > /proc/self/oom_score_adj" on its line sets oom_score_adj.
  rl-anon SIZE RATE HOLD -> anon SIZE at RATE (the paced target; RATE 0: the rate the guest reached);
  rl-read PATH SIZE RATE PASSES -> stream of a SIZE file at RATE, or at SIZE*PASSES over the measured
  time when RATE is 0, stopping at "done"; rl-write PATH SIZE RATE -> write at RATE, or with RATE 0 at
  the fastest second of page-cache growth while it runs (its speed before the dirty limits hold it).
"""
import csv
import json
import re
import shlex
import sys
from pathlib import Path

PAGE = 4096
MIB = 1 << 20
GUEST_SCAN_RATE = 157  # pages per ms: see the docstring
GUEST_CPU_SCAN_RATE = 570  # pages per ms of CPU for scanning alone (fit_cpu_costs.py)
GUEST_PAGE_CPU_US = 64  # µs of CPU per page fault (fit_cpu_costs.py)
# µs of CPU per page written out. fit_cpu_costs.py gives 65, but only to within 42..83 (5 to 95 % of a
# bootstrap over the runs), and who reclaims on the shared CPU turns on how much dearer a reclaimed page
# is than a faulted one: calibrated within that range on the (a) experiments' allocstall (65: 43 to 73
# stalls against the kernel's 100 to 140; 70: 85 to 123; 75: 122 to 166), and held to the others.
GUEST_PAGEOUT_CPU_US = 70
GUEST_SWAP_MIB_S = 53.6  # fastest second of pswpout over the 30 recordings of 2026-11-30 (fit_cpu_costs.py)
# The guest's programs run from a few file pages (busybox and the rl-* binaries): often enough that
# they stay referenced, rarely enough to cost no CPU worth counting.
GUEST_TEXT_ACCESS_RATE = "200/s"


def rows(path: Path):
    with path.open() as f:
        return list(csv.DictReader(f, delimiter="\t"))


def experiment_vars(text: str):
    """The shell assignments of an experiment file: NAME=value, NAME=(...), NAME='...' over lines."""
    out = {}
    for m in re.finditer(r"^([A-Z_]+)=(\((?:[^)]*)\)|'[^']*'|\S*)", text, re.M):
        name, value = m.group(1), m.group(2)
        if value.startswith("("):
            out[name] = shlex.split(value[1:-1])
        elif value.startswith("'"):
            out[name] = value[1:-1]
        else:
            out[name] = value
    return out


def marks(recording: Path):
    """[(seconds, program, pid, what)] and the steps' start and end in seconds."""
    start = end = None
    out = []
    for line in (recording / "marks.txt").read_text().splitlines():
        words = line.split()
        if len(words) < 3:
            continue
        t = float(words[0])
        if words[1:3] == ["lab", "steps"]:
            if words[3] == "start":
                start = t
            elif words[3] == "done":
                end = t
            continue
        m = re.fullmatch(r"(rl-\w+)\[(\d+)\]", words[1])
        if m:
            out.append((t, m.group(1), int(m.group(2)), " ".join(words[2:])))
    if start is None:
        sys.exit(f"{recording}: marks.txt has no 'lab steps start'")
    return out, start, end


def steps_start_ms(recording: Path, start_s: float):
    first = rows(recording / "samples.tsv")[0]
    return float(first["t_ms"]) + (start_s - float(first["mono_s"])) * 1000.0


def duration(ms: float) -> str:
    return f"{max(0, round(ms))}ms"


def rate_mib(mib_per_s: float) -> str:
    return f"{max(1, round(mib_per_s * 1024))}K/s"


def main():
    args = sys.argv[1:]
    cpu_model = "--cpu-model" in args
    args = [a for a in args if a != "--cpu-model"]
    scan_rate = GUEST_CPU_SCAN_RATE if cpu_model else GUEST_SCAN_RATE
    if "--scan-rate" in args:
        i = args.index("--scan-rate")
        if i + 1 >= len(args) or not args[i + 1].isdigit() or int(args[i + 1]) < 1:
            sys.exit("--scan-rate needs a whole number of pages per ms, 1 or more")
        scan_rate = int(args[i + 1])
        del args[i:i + 2]
    if len(args) not in (1, 2) or any(a.startswith("-") for a in args):
        sys.exit(__doc__)
    recording = Path(args[0])
    out_path = Path(args[1]) if len(args) == 2 else recording / "scenario.json"
    exp = experiment_vars((recording / "experiment.sh").read_text())
    prog_marks, start_s, end_s = marks(recording)
    t0 = steps_start_ms(recording, start_s)

    zones = rows(recording / "zoneinfo.tsv")
    first_t = zones[0]["t_ms"]
    machine_zones = []
    managed_total = 0
    for z in zones:
        if z["t_ms"] != first_t:
            break
        managed = int(z["managed"])
        managed_total += managed
        if int(z["present"]) == 0 or z["zone"] not in ("DMA", "DMA32", "Normal", "Movable"):
            continue
        machine_zones.append({"name": z["zone"], "spanned_pages": int(z["spanned"]),
                              "present_pages": int(z["present"]), "managed_pages": managed})

    vm = rows(recording / "vmstat.tsv")
    at_start = min(vm, key=lambda r: abs(float(r["t_ms"]) - t0))
    # Everything in use but the guest's page cache is kernel memory in the replay: slab, page tables,
    # per-CPU lists, the anon LRU (the initramfs' shmem) and any unevictable pages.
    guest_file = int(at_start["nr_inactive_file"]) + int(at_start["nr_active_file"])
    kernel_pages = managed_total - int(at_start["nr_free_pages"]) - guest_file

    def fastest(keys, window, samples=vm):
        """The largest increase of the sum of `keys` per ms over `window` consecutive samples."""
        best = 0.0
        for a, b in zip(samples, samples[window:]):
            dt = float(b["t_ms"]) - float(a["t_ms"])
            if dt > 0:
                best = max(best, sum(int(b[k]) - int(a[k]) for k in keys) / dt)
        return best

    # Disk throughput the guest reached over a second: reads in KiB (pgpgin).
    read_mib_s = fastest(("pgpgin",), 10) * 1000 / 1024

    # The rl-* commands of GUEST_STEPS in text order, each with its line's oom_score_adj.
    commands = []
    for line in exp.get("GUEST_STEPS", "").splitlines():
        adj = re.search(r"echo\s+(-?\d+)\s*>\s*/proc/self/oom_score_adj", line)
        for m in re.finditer(r"(rl-(?:anon|read|write))((?:\s+[^\s;&\"|]+)+)", line):
            commands.append((m.group(1), m.group(2).split(), int(adj.group(1)) if adj else 0))

    pids = sorted({(pid, prog) for _, prog, pid, what in prog_marks if what == "start"})
    if [p for _, p in pids] != [c[0] for c in commands]:
        sys.exit(f"{recording}: the marks' programs {[p for _, p in pids]} do not match GUEST_STEPS "
                 f"{[c[0] for c in commands]}")

    def mark_ms(pid, what):
        for t, _, p, w in prog_marks:
            if p == pid and w == what:
                return steps_start_ms(recording, t) - t0
        return None

    fastest_read = 0.0
    processes = []
    guest_work = []
    if guest_file:
        guest_work.append({"type": "exec", "file": "guest-programs", "size": f"{guest_file * PAGE // 1024}K",
                           "access_rate": GUEST_TEXT_ACCESS_RATE})
    if guest_work:
        processes.append({"name": "guest", "oom_score_adj": -1000, "start": "0ms", "workload": guest_work})
    files = {}
    for (pid, prog), (_, args, adj) in zip(pids, commands):
        begin = mark_ms(pid, "start")
        done = mark_ms(pid, "done")
        proc = {"name": f"{prog}-{pid}"}
        if adj:
            proc["oom_score_adj"] = adj
        proc["start"] = duration(begin)
        if prog == "rl-anon":
            size, rate = float(args[0]), float(args[1])
            if len(args) > 3:
                sys.exit(f"{recording}: rl-anon with a re-touch rate is not replayed yet")
            allocated = mark_ms(pid, "allocated")
            if rate == 0 and allocated is not None and allocated > begin:
                rate = size / ((allocated - begin) / 1000.0)
            work = {"type": "anon", "size": f"{round(size)}M"}
            if rate:
                work["rate"] = rate_mib(rate)
        else:
            path, size, rate = args[0], float(args[1]), float(args[2])
            passes = float(args[3]) if prog == "rl-read" and len(args) > 3 else 1.0
            if done is None:
                sys.exit(f"{recording}: {prog}[{pid}] has no 'done' mark")
            measured = size * passes / ((done - begin) / 1000.0)
            if rate == 0 and prog == "rl-write":
                # As fast as it can: its speed before balance_dirty_pages() holds it to the disk's, the
                # fastest second of page-cache growth while it runs (its average would hold it back twice).
                during = [r for r in vm if t0 + begin <= float(r["t_ms"]) <= t0 + done]
                rate = fastest(("nr_file_pages",), 10, during) * 1000 * PAGE / MIB or measured
            if rate == 0:
                rate = measured
            if prog == "rl-read":
                fastest_read = max(fastest_read, measured)
            name = path.rsplit("/", 1)[-1] + ("" if prog == "rl-read" else "-written")
            if files.setdefault(name, size) != size:
                name = f"{name}-{round(size)}M"
            work = {"type": "stream" if prog == "rl-read" else "write", "file": name,
                    "size": f"{round(size)}M", "rate": rate_mib(rate), "stop": duration(done - begin)}
        proc["workload"] = [work]
        if done is not None and prog == "rl-anon":
            proc["exit"] = duration(done)
        processes.append(proc)

    def disk(bps_text, fallback_mib_s):
        bps = int(bps_text or 0)
        bw = bps / MIB if bps else fallback_mib_s
        return {"latency": "100us", "bandwidth": rate_mib(bw)}

    sysctl = {}
    for assignment in exp.get("SYSCTLS", []):
        key, value = assignment.split("=", 1)
        sysctl[key] = int(value)

    swap_mib = int(exp.get("SWAP_MIB", "1024"))
    end_ms = (steps_start_ms(recording, end_s) - t0) if end_s is not None else float(vm[-1]["t_ms"]) - t0
    name = recording.parent.name
    scenario = {
        "name": f"Kernel lab: {name} ({recording.name})",
        "description": f"Replays the kernel-lab recording tests/data/kernel/{name}/{recording.name} "
                       f"(written by tools/kernel-lab/make_scenario.py; t = 0 is the lab's steps start).",
        "seed": 1,
        "duration": duration(end_ms),
        "machine": {
            "nodes": [{"zones": machine_zones}],
            "kernel_pages": kernel_pages,
            "reclaim_scan_rate": max(1, round(scan_rate)),
            **({"cpus": int(exp.get("CPUS", "1"))} if cpu_model else {}),
            **({"page_cpu_time": f"{GUEST_PAGE_CPU_US}us"} if cpu_model else {}),
            **({"pageout_cpu_time": f"{GUEST_PAGEOUT_CPU_US}us"} if cpu_model else {}),
            "file_disk": disk(exp.get("DATA_BPS"), max(64.0, read_mib_s, fastest_read)),
        },
        "sysctl": sysctl,
        "swap": [{"name": "/dev/vdb", "size": f"{swap_mib}M",
                  "disk": disk(exp.get("SWAP_BPS"), GUEST_SWAP_MIB_S)}]
        if swap_mib > 0 else [],
        "processes": processes,
    }
    out_path.write_text(json.dumps(scenario, indent=2) + "\n")
    print(out_path)


if __name__ == "__main__":
    main()
