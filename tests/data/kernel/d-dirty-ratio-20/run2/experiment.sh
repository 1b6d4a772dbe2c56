# (d) A writer as fast as it can against dirty_ratio 20 (background 10) on a disk limited to 16 MB/s:
# nr_dirty climbs to the background threshold, the flusher starts, and the writer is throttled at the
# hard threshold (balance_dirty_pages).
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=320
DATA_BPS=16000000
TIMEOUT_S=400
SYSCTLS=("vm.dirty_ratio=20" "vm.dirty_background_ratio=10")
GUEST_STEPS='
rl-write /data/file 300 0
sync
'
