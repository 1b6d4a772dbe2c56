# (held out) Refault-driven activation with a 176 MiB file read four times beside 200 MiB of held
# anonymous memory: between the 128 and 224 MiB cases. Recorded after the engine and the comparison
# were settled, to check ReclaimLab on a case it was not tuned on.
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=256
TIMEOUT_S=400
SYSCTLS=("vm.swappiness=60")
GUEST_STEPS='
rl-anon 200 0 60 &
ANON=$!
sleep 3
rl-read /data/file 176 0 4
kill $ANON
'
