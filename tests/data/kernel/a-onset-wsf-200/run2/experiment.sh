# (a) Reclaim onset as in a-onset-mfk-2816.sh, with watermark_scale_factor 200: low and high move
# away from min, so kswapd wakes earlier and runs longer.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=320
TIMEOUT_S=400
SYSCTLS=("vm.min_free_kbytes=2816" "vm.watermark_scale_factor=200")
GUEST_STEPS='
rl-read /data/file 320 0 1
rl-anon 600 60 3
'
