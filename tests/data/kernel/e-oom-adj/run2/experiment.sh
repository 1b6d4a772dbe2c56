# (e) OOM without swap: three processes of 170 MiB each grow at 40 MiB/s on a 512 MiB machine (455 MiB
# managed), with oom_score_adj 0, 500 and -500. The kernel's OOM killer picks by badness: the 500 one
# first, and the other two then fit. (A bare `wait` would also wait for the lab's sampler: name the pids.) (With 200 MiB each they did not: the guest spent the 400 s timeout
# in reclaim after the first kill, under TCG.)
MEM_MIB=512
SWAP_MIB=0
DATA_MIB=64
TIMEOUT_S=400
SYSCTLS=("vm.oom_dump_tasks=1")
GUEST_STEPS='
sh -c "echo 0 > /proc/self/oom_score_adj; exec rl-anon 170 40 10" & A=$!
sh -c "echo 500 > /proc/self/oom_score_adj; exec rl-anon 170 40 10" & B=$!
sh -c "echo -500 > /proc/self/oom_score_adj; exec rl-anon 170 40 10" & C=$!
wait $A $B $C
'
