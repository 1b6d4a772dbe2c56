# (c) Refault-driven activation: 200 MiB of anonymous memory is held, then a 224 MiB file is read four
# times. Smaller than the inactive file list, its pages are activated by their second access; larger,
# they are evicted before it and come back as refaults (workingset_refault_file, _activate_file).
MEM_MIB=512
SWAP_MIB=1024
DATA_MIB=256
TIMEOUT_S=400
SYSCTLS=("vm.swappiness=60")
GUEST_STEPS='
rl-anon 200 0 60 &
ANON=$!
sleep 3
rl-read /data/file 224 0 4
kill $ANON
'
