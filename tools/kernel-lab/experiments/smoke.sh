# A quick check that the lab works: a cold read, an anonymous ramp past free memory, a re-read.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=256
TIMEOUT_S=300
SYSCTLS=("vm.swappiness=60")
GUEST_STEPS='
rl-read /data/file 256 0 1
rl-anon 400 100 5 &
ANON=$!
sleep 6
rl-read /data/file 256 0 1
wait $ANON
'
