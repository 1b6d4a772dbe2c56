#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the crafted two-node fixture of tests/engine/tst_machine.cpp: a 6.1-format /proc of a
two-node machine with two swap devices, a watermark boost and a few processes.

The watermarks are computed here, independently of the engine, by the 6.1 rules as
/work/shared/KERNEL_REFERENCE.md states them (mm/page_alloc.c:__setup_per_zone_wmarks and
setup_per_zone_lowmem_reserve), with min_free_kbytes 11264, watermark_scale_factor 30 and
lowmem_reserve_ratio 256 256 32 0 0. meminfo leaves 30000 pages to the kernel. It has no
pressure/memory (a kernel without PSI) and takes vmstat from the this-vm fixture.
Run it from this directory: ./make_fixture.py
"""
from pathlib import Path

NAMES = ["DMA", "DMA32", "Normal", "Movable", "Device"]
# (spanned, present, managed) per node and zone type; zones not listed are empty.
NODES = [
    {"DMA": (4095, 3998, 3840), "DMA32": (1044480, 782288, 760112), "Normal": (262144, 262144, 251904)},
    {"Normal": (524288, 524288, 515377)},
]
MIN_FREE_KBYTES = 11264
WSF = 30
RATIO = [256, 256, 32, 0, 0]
BOOST = {(1, "Normal"): 150}
FREE = {(0, "DMA"): 3840, (0, "DMA32"): 701233, (0, "Normal"): 180012, (1, "Normal"): 402117}

pages_min = MIN_FREE_KBYTES >> 2
lowmem = sum(z[2] for node in NODES for z in node.values())
out = []
for n, node in enumerate(NODES):
    first = True
    for i, name in enumerate(NAMES):
        spanned, present, managed = node.get(name, (0, 0, 0))
        tmp = pages_min * managed // lowmem
        gap = max(tmp >> 2, managed * WSF // 10000)
        boost = BOOST.get((n, name), 0)
        wmin, low, high = tmp + boost, tmp + gap + boost, tmp + 2 * gap + boost
        protection = []
        upper = 0
        for j in range(5):
            if j <= i:
                protection.append(0)
                continue
            upper += node.get(NAMES[j], (0, 0, 0))[2]
            clear = i == 4 or RATIO[i] == 0 or managed == 0
            protection.append(0 if clear else upper // RATIO[i])
        free = FREE.get((n, name), 0)
        out.append(f"Node {n}, zone {name:>8}")
        if first and present > 0:
            out += ["  per-node stats", "      nr_inactive_anon 9012", "      nr_active_anon 20311",
                    "      nr_inactive_file 51200", "      nr_active_file 40960", "      nr_slab_reclaimable 8100"]
            first = False
        out += [f"  pages free     {free}", f"        boost    {boost}", f"        min      {wmin}",
                f"        low      {low}", f"        high     {high}", f"        spanned  {spanned}",
                f"        present  {present}", f"        managed  {managed}", "        cma      0",
                "        protection: (" + ", ".join(str(p) for p in protection) + ")"]
        if present == 0:
            continue
        out += [f"      nr_free_pages {free}", "      nr_zone_inactive_anon 100", "      nr_mlock     0",
                "  pagesets", "    cpu: 0", "              count: 12", "              high:  850",
                "              batch: 31", "  vm stats threshold: 6", "  node_unreclaimable:  0",
                "  start_pfn:           4096"]


def write(path, text):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text)


write("proc/zoneinfo", "\n".join(out) + "\n")
managed_kb = 4 * sum(z[2] for node in NODES for z in node.values())
free_kb = 4 * sum(FREE.values())
# Kernel memory (not free, not on an LRU list): 30000 pages.
lru_kb = managed_kb - free_kb - 4 * 30000
write("proc/meminfo", "".join(f"{k + ':':<16}{v:>8} kB\n" for k, v in [
    ("MemTotal", managed_kb), ("MemFree", free_kb), ("MemAvailable", free_kb + lru_kb // 2),
    ("Buffers", 1024), ("Cached", 204800), ("Active", 0), ("Inactive", 0),
    ("Active(anon)", 81244), ("Inactive(anon)", 36048), ("Active(file)", 163840),
    ("Inactive(file)", lru_kb - 81244 - 36048 - 163840 - 2048), ("Unevictable", 2048),
    ("Slab", 96000), ("KernelStack", 9000), ("PageTables", 12000)]) + "HugePages_Total:       0\n")
write("proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
      "/dev/nvme0n1p3                          partition\t8388604\t\t0\t\t-2\n"
      "/var/swap\\040file                        file\t\t1048572\t\t2048\t\t10\n")
for name, value in [("dirty_background_bytes", "0"), ("dirty_background_ratio", "5"), ("dirty_bytes", "0"),
                    ("dirty_expire_centisecs", "3000"), ("dirty_ratio", "20"),
                    ("dirty_writeback_centisecs", "500"), ("lowmem_reserve_ratio", "256\t256\t32\t0\t0"),
                    ("min_free_kbytes", str(MIN_FREE_KBYTES)), ("oom_dump_tasks", "1"),
                    ("oom_kill_allocating_task", "0"), ("page-cluster", "3"), ("panic_on_oom", "0"),
                    ("swappiness", "100"), ("watermark_boost_factor", "15000"),
                    ("watermark_scale_factor", str(WSF))]:
    write(f"proc/sys/vm/{name}", value + "\n")
write("proc/sys/kernel/hostname", "numa-box\n")
write("proc/sys/kernel/osrelease", "6.1.0-57-amd64\n")
write("sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n")
# Processes: init, kthreadd and a kworker (kernel threads), two postgres, a zombie.
for pid, name, ppid, uid, rss, adj in [(1, "systemd", 0, 0, 12040, 0), (2, "kthreadd", 0, 0, None, 0),
                                       (47, "kworker/3:1", 2, 0, None, 0),
                                       (812, "postgres", 1, 112, 262144, -900),
                                       (813, "postgres", 812, 112, 65536, -900),
                                       (900, "defunct", 1, 1000, None, 0)]:
    status = f"Name:\t{name}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nPid:\t{pid}\nPPid:\t{ppid}\n"
    status += f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}\n"
    if rss is not None:
        status += f"VmPeak:\t{rss + 4096:>8} kB\nVmRSS:\t{rss:>8} kB\nRssAnon:\t{rss // 2:>8} kB\n"
    status += "Threads:\t1\n"
    write(f"proc/{pid}/status", status)
    write(f"proc/{pid}/oom_score_adj", f"{adj}\n")
