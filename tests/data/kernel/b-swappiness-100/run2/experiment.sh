# (b) Swappiness 100: a cold read, anonymous growth that is then held, and two re-reads of the file
# while the anonymous memory is held. The anon share of reclaim in each phase follows swappiness.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=256
TIMEOUT_S=400
SYSCTLS=("vm.swappiness=100")
GUEST_STEPS='
rl-read /data/file 256 0 1
rl-anon 360 60 30 &
ANON=$!
sleep 8
rl-read /data/file 256 0 2
wait $ANON
'
