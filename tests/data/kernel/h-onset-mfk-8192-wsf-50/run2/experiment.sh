# (held out) Reclaim onset at a setting no other experiment uses: min_free_kbytes 8192 with
# watermark_scale_factor 50, a 256 MiB cold read, then anonymous growth to 560 MiB at 50 MiB/s.
# Recorded after the engine and the comparison were settled, to check ReclaimLab on a case it was not
# tuned on.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=320
TIMEOUT_S=400
SYSCTLS=("vm.min_free_kbytes=8192" "vm.watermark_scale_factor=50")
GUEST_STEPS='
rl-read /data/file 256 0 1
rl-anon 560 50 3
'
