#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the side-by-side tables of docs/fidelity.md from compare-recording.

usage: report.py RECLAIMLAB_CLI [DOC]     (default DOC: docs/fidelity.md)

For every tests/data/kernel/<experiment>/ with a scenario.json it runs
`RECLAIMLAB_CLI compare-recording <experiment> --out TMP` and puts the table (compare.csv) into DOC between
the lines "<!-- tables begin -->" and "<!-- tables end -->", one section per experiment, with the
reasons from known-off.txt. Everything else in DOC is left as it is.
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- tables begin -->", "<!-- tables end -->"


def experiment_title(exp: Path) -> str:
    """The experiment file's leading comment, as one paragraph."""
    words = []
    for line in (exp / "run1" / "experiment.sh").read_text().splitlines():
        if not line.startswith("#"):
            break
        words.append(line.lstrip("# ").strip())
    return " ".join(words)


def table(exp: Path, cli: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([cli, "compare-recording", str(exp), "--out", tmp], check=True, capture_output=True)
        with open(Path(tmp) / "compare.csv") as f:
            rows = list(csv.DictReader(f))
    off = {}
    known = exp / "known-off.txt"
    if known.exists():
        for line in known.read_text().splitlines():
            if line and not line.startswith("#") and "\t" in line:
                name, why = line.split("\t", 1)
                off[name] = why
    runs = [k for k in rows[0] if k.startswith("kernel") and k[6:].isdigit()]
    out = [f"### {exp.name}", "", experiment_title(exp), "",
           "Recorded with `" + (exp / "run1" / "recording.txt").read_text().splitlines()[1].split(": ", 1)[1]
           + "` (and `run2`); replayed by `scenario.json`.", ""]
    out.append("| figure | " + " | ".join(f"Linux run {r[6:]}" for r in runs) + " | ReclaimLab | tolerance | holds |")
    out.append("|---|" + "---:|" * (len(runs) + 2) + "---|")
    held = 0
    for r in rows:
        verdict = "yes" if r["holds"] == "yes" else "**no**"
        held += r["holds"] == "yes"
        out.append(f"| {r['figure']} | " + " | ".join(r[k] for k in runs)
                   + f" | {r['simulated']} | {'±' + r['tolerance'] if r['tolerance'] != '-' else '-'} | {verdict} |")
    out.append("")
    out.append(f"{held} of {len(rows)} figures hold.")
    if off:
        out.append("")
        out.append("Not yet holding, and why:")
        out.append("")
        for name, why in off.items():
            out.append(f"- `{name}`: {why}")
    out.append("")
    return "\n".join(out)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    cli = sys.argv[1]
    doc = Path(sys.argv[2]) if len(sys.argv) == 3 else ROOT / "docs" / "fidelity.md"
    experiments = sorted(p.parent for p in (ROOT / "tests" / "data" / "kernel").glob("*/scenario.json"))
    body = "\n".join(table(e, cli) for e in experiments)
    text = doc.read_text()
    if BEGIN not in text or END not in text:
        sys.exit(f"{doc}: no '{BEGIN}' ... '{END}' lines")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + BEGIN + "\n" + body + END + tail)
    print(doc)


if __name__ == "__main__":
    main()
