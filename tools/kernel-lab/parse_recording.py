#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Splits a kernel-lab recording (rl-sampler's raw disk) into time series files.

usage: parse_recording.py OUT_IMAGE|recording.raw.gz OUTDIR

From a disk image it also keeps the recorded part as OUTDIR/recording.raw.gz, so a recording can be
parsed again later (parse_recording.py OUTDIR/recording.raw.gz OUTDIR).

Writes, each with a t_ms column (ms since the sampler started):
  vmstat.tsv     every /proc/vmstat item
  meminfo.tsv    every /proc/meminfo item, in kB as the kernel prints them
  pressure.tsv   /proc/pressure/memory: some/full avg10, avg60, avg300, total (us)
  zoneinfo.tsv   one row per sample, node and zone: the zone's scalar lines (free, min, low, high,
                 spanned, present, managed, protection excluded) and its nr_* counters; the node's
                 per-node stats as node_<name> on the row of the zone the kernel prints them with
  processes.tsv  per workload process: VmRSS and VmSwap (kB), oom_score
and marks.txt (the workloads' start/end marks, CLOCK_MONOTONIC seconds; mono_s in samples.tsv maps
them to t_ms), samples.tsv (t_ms, mono_s), zoneinfo-first.txt (the first sample's zoneinfo as printed)
and dmesg.txt.
"""
import gzip
import re
import sys
from pathlib import Path

BLOCK = 4096


def records(image: bytes):
    text = image.decode("utf-8", errors="replace")
    # A record starts with "=== "; the disk after the last record is zeros.
    end = text.find("\0")
    if end >= 0:
        text = text[:end]
    for part in re.split(r"(?m)^=== ", text):
        if part.strip():
            yield part


def sections(record: str):
    header, _, body = record.partition("\n")
    out = {}
    for part in re.split(r"(?m)^--- ", body):
        if not part.strip():
            continue
        label, _, content = part.partition("\n")
        out[label.strip()] = content.rstrip(" \n") + "\n" if content.strip() else ""
    return header, out


def header_value(header: str, key: str) -> str:
    m = re.search(key + r"=([0-9.]+)", header)
    return m.group(1) if m else ""


def write_tsv(path: Path, columns, rows):
    with path.open("w") as f:
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(str(row.get(c, "")) for c in columns) + "\n")


def parse_zoneinfo(text: str):
    zones = []
    zone = None
    for line in text.splitlines():
        m = re.match(r"Node (\d+), zone\s+(\S+)", line)
        if m:
            zone = {"node": m.group(1), "zone": m.group(2)}
            zones.append(zone)
            continue
        if zone is None:
            continue
        words = line.split()
        if not words:
            continue
        if words[0] == "per-node" and words[1:] == ["stats"]:
            zone["in_node_stats"] = True
            continue
        if words[0] == "pages" and len(words) == 3 and words[1] == "free":
            zone.pop("in_node_stats", None)
            zone["free"] = words[2]
        elif words[0] in ("min", "low", "high", "spanned", "present", "managed", "boost") and len(words) == 2:
            zone[words[0]] = words[1]
        elif len(words) == 2 and zone.get("in_node_stats"):
            zone["node_" + words[0]] = words[1]  # the node's counters, printed with its first zone
        elif words[0].startswith("nr_") and len(words) == 2 and "pagesets" not in zone:
            zone[words[0]] = words[1]
        elif words[0] == "pagesets":
            zone["pagesets"] = True
    for z in zones:
        z.pop("pagesets", None)
    return zones


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: parse_recording.py OUT_IMAGE OUTDIR")
    source = Path(sys.argv[1])
    outdir = Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    if source.suffix == ".gz":
        image = gzip.decompress(source.read_bytes())
    else:
        image = source.read_bytes()
        end = image.find(b"\0")
        image = image[: end if end >= 0 else len(image)]
        (outdir / "recording.raw.gz").write_bytes(gzip.compress(image, 9, mtime=0))
    vmstat_rows, meminfo_rows, pressure_rows, zone_rows, process_rows, sample_rows = [], [], [], [], [], []
    vmstat_cols, meminfo_cols, zone_cols = ["t_ms"], ["t_ms"], ["t_ms", "node", "zone"]
    marks = ""
    dmesg = ""
    first_zoneinfo = None
    for record in records(image):
        header, parts = sections(record)
        if header.startswith("dmesg"):
            dmesg = record.partition("\n")[2]
            continue
        if not header.startswith("sample"):
            continue
        t = header_value(header, "t_ms")
        sample_rows.append({"t_ms": t, "mono_s": header_value(header, "mono_s")})
        row = {"t_ms": t}
        for line in parts.get("vmstat", "").splitlines():
            k, _, v = line.partition(" ")
            if k:
                row[k] = v.strip()
                if k not in vmstat_cols:
                    vmstat_cols.append(k)
        vmstat_rows.append(row)
        row = {"t_ms": t}
        for line in parts.get("meminfo", "").splitlines():
            k, _, v = line.partition(":")
            if k:
                row[k] = v.split()[0] if v.split() else ""
                if k not in meminfo_cols:
                    meminfo_cols.append(k)
        meminfo_rows.append(row)
        row = {"t_ms": t}
        for line in parts.get("pressure", "").splitlines():
            words = line.split()
            if not words:
                continue
            for w in words[1:]:
                k, _, v = w.partition("=")
                row[f"{words[0]}_{k}"] = v
        pressure_rows.append(row)
        zoneinfo = parts.get("zoneinfo", "")
        if first_zoneinfo is None and zoneinfo:
            first_zoneinfo = zoneinfo
        for z in parse_zoneinfo(zoneinfo):
            z["t_ms"] = t
            for k in z:
                if k not in zone_cols:
                    zone_cols.append(k)
            zone_rows.append(z)
        for label, content in parts.items():
            m = re.match(r"pid (\d+) (status|oom_score)", label)
            if not m:
                continue
            pid = m.group(1)
            prow = next((r for r in process_rows if r["t_ms"] == t and r["pid"] == pid), None)
            if prow is None:
                prow = {"t_ms": t, "pid": pid}
                process_rows.append(prow)
            if m.group(2) == "oom_score":
                prow["oom_score"] = content.strip()
            else:
                for line in content.splitlines():
                    k, _, v = line.partition(":")
                    if k in ("Name", "VmRSS", "VmSwap", "RssAnon", "RssFile"):
                        prow[k] = v.split()[0] if v.split() else ""
        marks = parts.get("marks", marks)
    if not sample_rows:
        sys.exit("parse_recording.py: no samples in the recording")
    write_tsv(outdir / "samples.tsv", ["t_ms", "mono_s"], sample_rows)
    write_tsv(outdir / "vmstat.tsv", vmstat_cols, vmstat_rows)
    write_tsv(outdir / "meminfo.tsv", meminfo_cols, meminfo_rows)
    pcols = ["t_ms"] + [f"{k}_{f}" for k in ("some", "full") for f in ("avg10", "avg60", "avg300", "total")]
    write_tsv(outdir / "pressure.tsv", pcols, pressure_rows)
    write_tsv(outdir / "zoneinfo.tsv", zone_cols, zone_rows)
    write_tsv(outdir / "processes.tsv", ["t_ms", "pid", "Name", "VmRSS", "VmSwap", "RssAnon", "RssFile",
                                          "oom_score"], process_rows)
    (outdir / "marks.txt").write_text(marks)
    (outdir / "dmesg.txt").write_text(dmesg)
    (outdir / "zoneinfo-first.txt").write_text(first_zoneinfo or "")
    print(f"{outdir}: {len(sample_rows)} samples, {sample_rows[-1]['t_ms']} ms")


if __name__ == "__main__":
    main()
