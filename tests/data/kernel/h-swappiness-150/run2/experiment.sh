# (held out) Swappiness 150 with a smaller anonymous load: a cold read of 200 MiB, 300 MiB of anonymous
# memory held, and two re-reads of the file while it is held. Recorded after the engine and the
# comparison were settled, to check ReclaimLab on a case it was not tuned on.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=256
TIMEOUT_S=400
SYSCTLS=("vm.swappiness=150")
GUEST_STEPS='
rl-read /data/file 200 0 1
rl-anon 300 60 30 &
ANON=$!
sleep 6
rl-read /data/file 200 0 2
wait $ANON
'
