# (a) Reclaim onset: a cold read fills the page cache, then anonymous memory grows past RAM at a fixed
# rate. When does kswapd wake, when does the first direct reclaim come, how many allocstalls, with
# min_free_kbytes 2816 (the 512 MiB machine's default is about 2816; 11264 is four times it).
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=320
TIMEOUT_S=400
SYSCTLS=("vm.min_free_kbytes=2816" "vm.watermark_scale_factor=10")
GUEST_STEPS='
rl-read /data/file 320 0 1
rl-anon 600 60 3
'
