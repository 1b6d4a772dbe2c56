# (a) Reclaim onset: a cold read fills the page cache, then anonymous memory grows past RAM at a fixed
# rate. When does kswapd wake, when does the first direct reclaim come, how many allocstalls, with
# min_free_kbytes 5632 (twice the default 2816; kept out of tuning: a held-out check).
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=320
TIMEOUT_S=400
SYSCTLS=("vm.min_free_kbytes=5632" "vm.watermark_scale_factor=10")
GUEST_STEPS='
rl-read /data/file 320 0 1
rl-anon 600 60 3
'
