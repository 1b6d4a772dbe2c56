#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The kernel lab: records a real Debian 12 Linux 6.1 kernel under QEMU running one experiment.
#
#   tools/kernel-lab/lab.sh fetch                       download the kernel and the guest's packages
#   tools/kernel-lab/lab.sh run EXPERIMENT.sh OUTDIR    boot, run the experiment, parse the recording
#
# A developer tool, not part of CI. Needs root for apt-get (fetch only). Everything it downloads goes to
# $LAB_CACHE (default ~/.cache/reclaimlab-kernel-lab). See tools/kernel-lab/README.md.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
LAB_CACHE=${LAB_CACHE:-$HOME/.cache/reclaimlab-kernel-lab}
KERNEL_PACKAGE=${KERNEL_PACKAGE:-linux-image-6.1.0-57-amd64}
# What the guest loads, with their dependencies from the package's modules.dep.
MODULES=(virtio_pci virtio_blk crc32c_generic ext4)

die() { echo "lab.sh: $*" >&2; exit 1; }

fetch() {
    local need=()
    command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
    [ -x /bin/busybox ] && /bin/busybox --list | grep -qx insmod || need+=(busybox-static)
    command -v gcc > /dev/null || need+=(gcc libc6-dev)
    command -v python3 > /dev/null || need+=(python3)
    command -v cpio > /dev/null || need+=(cpio)
    [ -x /usr/sbin/depmod ] || need+=(kmod)
    command -v mkfs.ext4 > /dev/null || need+=(e2fsprogs)
    if [ ${#need[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || die "run as root to install: ${need[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
    fi
    mkdir -p "$LAB_CACHE"
    if [ ! -d "$LAB_CACHE/$KERNEL_PACKAGE" ]; then
        (cd "$LAB_CACHE" && apt-get download "$KERNEL_PACKAGE")
        dpkg-deb -x "$LAB_CACHE/${KERNEL_PACKAGE}"_*.deb "$LAB_CACHE/$KERNEL_PACKAGE"
    fi
    local kdir=$LAB_CACHE/$KERNEL_PACKAGE
    /usr/sbin/depmod -b "$kdir" "$(basename "$(ls -d "$kdir"/lib/modules/*)")"
    echo "kernel: $(ls "$LAB_CACHE/$KERNEL_PACKAGE"/boot/vmlinuz-*)"
}

# KVM when it boots the kernel: under nested virtualization /dev/kvm can open and still hang after the
# boot loader (seen on this project's AMD build machines), so the kernel must print its banner within
# 20 s (it then panics for want of a root file system, and -no-reboot ends QEMU).
kvm_works() {
    [ -w /dev/kvm ] || return 1
    local log
    log=$(timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -kernel "$1" \
        -append "console=ttyS0 panic=-1" -nographic -no-reboot < /dev/null 2>&1 || true)
    grep -q "Linux version" <<< "$log"
}

# A disk's bandwidth limit in bytes/s (0: none), as a -drive option.
throttle() {
    [ "$1" -gt 0 ] && echo ",throttling.bps-total=$1" || true
}

# build_initramfs DIR INIT_SCRIPT: busybox, the lab's programs, the virtio modules and /init.
build_initramfs() {
    local root=$1/root init=$2
    local kdir=$LAB_CACHE/$KERNEL_PACKAGE
    local kver
    kver=$(basename "$(ls -d "$kdir"/lib/modules/*)")
    mkdir -p "$root"/{bin,dev,proc,sys,run,lib/modules}
    cp /bin/busybox "$root/bin/busybox"
    gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/rl-sampler" "$LAB_DIR/guest/rl_sampler.c"
    gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/rl-work" "$LAB_DIR/guest/rl_work.c"
    for name in rl-anon rl-read rl-write; do ln "$root/bin/rl-work" "$root/bin/$name"; done
    # Each module after its dependencies (modules.dep lists them nearest last), each once.
    local dep=$kdir/lib/modules/$kver/modules.dep order=() m
    [ -f "$dep" ] || die "no modules.dep: run 'lab.sh fetch'"
    for m in "${MODULES[@]}"; do
        local line
        line=$(grep -E "/$m\.ko:" "$dep") || die "module $m not found in $KERNEL_PACKAGE"
        local deps=(${line#*:}) i
        for ((i = ${#deps[@]} - 1; i >= 0; i--)); do order+=("${deps[i]}"); done
        order+=("${line%%:*}")
    done
    : > "$root/lib/modules/order"
    for m in "${order[@]}"; do
        local name
        name=$(basename "$m")
        [ -f "$root/lib/modules/$name" ] && continue
        cp "$kdir/lib/modules/$kver/$m" "$root/lib/modules/$name"
        echo "$name" >> "$root/lib/modules/order"
    done
    cp "$init" "$root/init"
    chmod +x "$root/init"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$1/initramfs.gz"
}

run() {
    local experiment=$1 outdir=$2
    [ -f "$experiment" ] || die "no experiment file $experiment"
    [ -d "$LAB_CACHE/$KERNEL_PACKAGE" ] || die "run 'lab.sh fetch' first"
    # Defaults an experiment may override.
    MEM_MIB=512 CPUS=1 SWAP_MIB=1024 DATA_MIB=512 OUT_MIB=512 SAMPLE_MS=100 TIMEOUT_S=600
    DATA_BPS=0 SWAP_BPS=0 SYSCTLS=() THP=always GUEST_STEPS=""
    # shellcheck source=/dev/null
    source "$experiment"
    [ -n "$GUEST_STEPS" ] || die "$experiment sets no GUEST_STEPS"

    LAB_WORK=$(mktemp -d /tmp/kernel-lab.XXXXXX)
    trap 'rm -rf "$LAB_WORK"' EXIT
    local work=$LAB_WORK
    {
        echo '#!/bin/busybox sh'
        echo '/bin/busybox --install -s /bin'
        echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
        echo 'mount -t tmpfs -o size=1m run /run'
        echo 'for m in $(cat /lib/modules/order); do insmod /lib/modules/$m || echo "insmod $m failed"; done'
        echo 'for d in vda vdb vdc; do n=0; while [ ! -b /dev/$d ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done; done'
        [ "$SWAP_MIB" -gt 0 ] && echo 'mkswap /dev/vdb > /dev/null && swapon /dev/vdb'
        echo 'mkdir -p /data && mount -t ext4 -o noatime /dev/vda /data || echo "mount /data failed"'
        for s in "${SYSCTLS[@]}"; do echo "sysctl -q -w $s || echo 'sysctl $s failed'"; done
        echo 'sync; echo 3 > /proc/sys/vm/drop_caches'
        echo "rl-sampler /dev/vdc $SAMPLE_MS & SAMPLER=\$!"
        echo 'sleep 1'
        echo 'echo "$(cut -d" " -f1 /proc/uptime) lab steps start" >> /run/marks'
        echo "$GUEST_STEPS"
        echo 'echo "$(cut -d" " -f1 /proc/uptime) lab steps done" >> /run/marks'
        echo 'sleep 1'
        echo 'kill $SAMPLER; wait $SAMPLER'
        echo 'umount /data'
        echo 'echo lab: done'
        echo 'poweroff -f'
    } > "$work/init"
    build_initramfs "$work" "$work/init"
    # /data/file on ext4: reads and writes go through a regular file's page cache, as in the engine.
    mkdir -p "$work/data"
    head -c "$((DATA_MIB * 1048576))" /dev/urandom > "$work/data/file"
    mkfs.ext4 -q -F -m 0 -d "$work/data" "$work/data.img" "$((DATA_MIB + 64))M"
    rm "$work/data/file"
    # With SWAP_MIB=0 the swap disk is still attached (1 MiB, unused), so the disks keep their names.
    truncate -s "$((SWAP_MIB > 0 ? SWAP_MIB : 1))M" "$work/swap.img"
    truncate -s "${OUT_MIB}M" "$work/out.img"

    local vmlinuz
    vmlinuz=$(ls "$LAB_CACHE/$KERNEL_PACKAGE"/boot/vmlinuz-*)
    # LAB_ACCEL=tcg|kvm chooses; by default KVM when it boots, else TCG.
    local accel=${LAB_ACCEL:-}
    if [ -z "$accel" ]; then
        accel=tcg
        kvm_works "$vmlinuz" && accel=kvm
    fi
    local cpu=max
    [ "$accel" = kvm ] && cpu=host
    local qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$CPUS" -m "$MEM_MIB"
        -kernel "$vmlinuz" -initrd "$work/initramfs.gz"
        -append "console=ttyS0 panic=-1 transparent_hugepage=$THP"
        -drive "file=$work/data.img,if=virtio,format=raw,cache=none,aio=threads$(throttle "$DATA_BPS")"
        -drive "file=$work/swap.img,if=virtio,format=raw,cache=none,aio=threads$(throttle "$SWAP_BPS")"
        -drive "file=$work/out.img,if=virtio,format=raw,cache=none,aio=threads"
        -nographic -no-reboot)
    mkdir -p "$outdir"
    echo "lab.sh: booting ($accel, ${MEM_MIB} MiB, timeout ${TIMEOUT_S}s)" >&2
    local status=0
    timeout --kill-after=10 "$TIMEOUT_S" "${qemu[@]}" > "$outdir/console.txt" 2>&1 || status=$?
    [ $status = 0 ] || echo "lab.sh: qemu exited with $status (124: timed out); keeping what was recorded" >&2
    python3 "$LAB_DIR/parse_recording.py" "$work/out.img" "$outdir"
    {
        echo "experiment: $(basename "$experiment")"
        echo "command: tools/kernel-lab/lab.sh run $experiment $outdir"
        echo "kernel: $KERNEL_PACKAGE ($(basename "$vmlinuz"))"
        echo "qemu: $(qemu-system-x86_64 --version | head -1)"
        echo "accel: $accel, cpus: $CPUS, memory: ${MEM_MIB} MiB, swap: ${SWAP_MIB} MiB, data: ${DATA_MIB} MiB"
        echo "disk limits (bytes/s, 0 = none): data $DATA_BPS, swap $SWAP_BPS"
        echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
        echo "recorded: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "qemu exit status: $status"
    } > "$outdir/recording.txt"
    cp "$experiment" "$outdir/experiment.sh"
}

case "${1:-}" in
fetch) fetch ;;
run)
    [ $# = 3 ] || die "usage: lab.sh run EXPERIMENT.sh OUTDIR"
    run "$2" "$3"
    ;;
*) die "usage: lab.sh fetch | lab.sh run EXPERIMENT.sh OUTDIR" ;;
esac
