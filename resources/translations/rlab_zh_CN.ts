<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Charts</name>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Memory · %1 at %2 s</source>
        <translation>内存 · %1，第 %2 秒</translation>
    </message>
</context>
<context>
    <name>ComparisonChart</name>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>time after the steps started (s)</source>
        <translation>实验步骤开始后的时间（秒）</translation>
    </message>
    <message>
        <source>free pages (all zones)</source>
        <translation>空闲页（所有 zone）</translation>
    </message>
    <message>
        <source>pages scanned (cumulative)</source>
        <translation>已扫描页数（累计）</translation>
    </message>
    <message>
        <source>min (simulated)</source>
        <translation>min（模拟）</translation>
    </message>
    <message>
        <source>low (simulated)</source>
        <translation>low（模拟）</translation>
    </message>
    <message>
        <source>high (simulated)</source>
        <translation>high（模拟）</translation>
    </message>
    <message>
        <source>free, Linux 6.1 run %1</source>
        <translation>空闲页，Linux 6.1 第 %1 次记录</translation>
    </message>
    <message>
        <source>kswapd, Linux 6.1 run %1</source>
        <translation>kswapd，Linux 6.1 第 %1 次记录</translation>
    </message>
    <message>
        <source>direct, Linux 6.1 run %1</source>
        <translation>直接回收，Linux 6.1 第 %1 次记录</translation>
    </message>
    <message>
        <source>free, ReclaimLab</source>
        <translation>空闲页，ReclaimLab</translation>
    </message>
    <message>
        <source>kswapd, ReclaimLab</source>
        <translation>kswapd，ReclaimLab</translation>
    </message>
    <message>
        <source>direct, ReclaimLab</source>
        <translation>直接回收，ReclaimLab</translation>
    </message>
    <message>
        <source>simulated time (s)</source>
        <translation>模拟时间（秒）</translation>
    </message>
    <message>
        <source>free pages: solid; low watermark: dashed</source>
        <translation>空闲页：实线；low 水位线：虚线</translation>
    </message>
    <message>
        <source>LRU pages: anon solid, file dashed</source>
        <translation>LRU 页：匿名页实线，文件页虚线</translation>
    </message>
    <message>
        <source>scanned: solid; swapped out: dashed (cumulative)</source>
        <translation>扫描页：实线；换出页：虚线（累计）</translation>
    </message>
    <message>
        <source>refaults: solid; allocation stalls: dashed (cumulative)</source>
        <translation>refault：实线；分配停顿：虚线（累计）</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1（pid %2）</translation>
    </message>
    <message>
        <source>kswapd</source>
        <translation>kswapd</translation>
    </message>
    <message>
        <source>Direct reclaim</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>Scan balance</source>
        <translation>扫描比例</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>内存耗尽</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Live changes</source>
        <translation>实时修改</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>kswapd woke up</source>
        <translation>kswapd 被唤醒</translation>
    </message>
    <message>
        <source>kswapd sleeps</source>
        <translation>kswapd 进入睡眠</translation>
    </message>
    <message>
        <source>kswapd balanced</source>
        <translation>kswapd 已平衡</translation>
    </message>
    <message>
        <source>Direct reclaim starts</source>
        <translation>直接回收开始</translation>
    </message>
    <message>
        <source>Direct reclaim ends</source>
        <translation>直接回收结束</translation>
    </message>
    <message>
        <source>Direct reclaim throttled</source>
        <translation>直接回收被限流</translation>
    </message>
    <message>
        <source>sysctl written</source>
        <translation>写入 sysctl</translation>
    </message>
    <message>
        <source>OOM kill</source>
        <translation>OOM 杀进程</translation>
    </message>
    <message>
        <source>Process started</source>
        <translation>进程启动</translation>
    </message>
    <message>
        <source>Process exited</source>
        <translation>进程退出</translation>
    </message>
    <message>
        <source>Process killed</source>
        <translation>进程被杀死</translation>
    </message>
    <message>
        <source>swapon</source>
        <translation>swapon</translation>
    </message>
    <message>
        <source>swapoff</source>
        <translation>swapoff</translation>
    </message>
    <message>
        <source>drop_caches</source>
        <translation>drop_caches</translation>
    </message>
    <message>
        <source>oom_score_adj changed</source>
        <translation>oom_score_adj 已修改</translation>
    </message>
    <message>
        <source>Simulation stopped</source>
        <translation>模拟已停止</translation>
    </message>
    <message>
        <source>Change refused</source>
        <translation>修改被拒绝</translation>
    </message>
    <message>
        <source>kswapd was napping after balancing, but free memory (%1 pages) fell below the low watermark again right away (kswapd_low_wmark_hit_quickly): it goes straight back to reclaiming.</source>
        <translation>kswapd 在平衡后小睡，但空闲内存（%1 页）很快又跌破低水位线（kswapd_low_wmark_hit_quickly）：它立即重新开始回收。</translation>
    </message>
    <message>
        <source>kswapd&apos;s short nap ended with free memory (%1 pages) below the high watermark (kswapd_high_wmark_hit_quickly): it reclaims again.</source>
        <translation>kswapd 短暂小睡结束时，空闲内存（%1 页）低于高水位线（kswapd_high_wmark_hit_quickly）：它再次开始回收。</translation>
    </message>
    <message>
        <source>An allocation found zone %1 with %2 free pages, below its low watermark (%3): the allocator woke kswapd of node %4, which now reclaims in the background until every zone is above its high watermark.</source>
        <translation>一次分配发现内存区 %1 只剩 %2 个空闲页，低于其低水位线（%3）：分配器唤醒了节点 %4 的 kswapd，它在后台回收内存，直到每个内存区都高于高水位线。</translation>
    </message>
    <message>
        <source>kswapd balanced node %1: it scanned %2 pages and reclaimed %3, ending at priority %4 after %5. Every zone is above its high watermark, so it naps.</source>
        <translation>kswapd 使节点 %1 恢复平衡：扫描了 %2 页，回收了 %3 页，结束时优先级为 %4，耗时 %5。所有内存区都已高于高水位线，它开始小睡。</translation>
    </message>
    <message>
        <source>Free memory (%1 pages) stayed above the high watermark (%2) during kswapd&apos;s nap: kswapd goes to sleep until an allocation dips below a low watermark again.</source>
        <translation>在 kswapd 小睡期间，空闲内存（%1 页）一直高于高水位线（%2）：kswapd 进入睡眠，直到某次分配再次跌破低水位线。</translation>
    </message>
    <message>
        <source>%1 could not get a page without going below the min watermark (free: %2 pages). It must reclaim memory itself before its allocation can succeed: the process stalls.</source>
        <translation>%1 无法在不跌破最低水位线的情况下获得页面（空闲：%2 页）。它必须自己回收内存，分配才能成功：进程因此停顿。</translation>
    </message>
    <message>
        <source>%1 finished direct reclaim: it scanned %2 pages and reclaimed %3, and was stalled for %4.</source>
        <translation>%1 完成直接回收：扫描了 %2 页，回收了 %3 页，停顿了 %4。</translation>
    </message>
    <message>
        <source>%1 was throttled: too many direct reclaimers and too little free memory on node %2, so it waits for kswapd to make progress (throttle_direct_reclaim).</source>
        <translation>%1 被限流：节点 %2 上直接回收者太多而空闲内存太少，因此它等待 kswapd 取得进展（throttle_direct_reclaim）。</translation>
    </message>
    <message>
        <source>%1 at priority %2 decided how to split its scan (get_scan_count): %3. Anon %4%, file %5% (swappiness %6). This pass scans %7 inactive and %8 active anon pages, %9 inactive and %10 active file pages.</source>
        <translation>%1 在优先级 %2 决定如何分配扫描（get_scan_count）：%3。匿名页 %4%，文件页 %5%（swappiness %6）。本轮扫描 %7 个不活跃和 %8 个活跃匿名页，%9 个不活跃和 %10 个活跃文件页。</translation>
    </message>
    <message>
        <source>%1 = %2 was written to /proc/sys. It takes effect at the next step.</source>
        <translation>已将 %1 = %2 写入 /proc/sys，在下一步生效。</translation>
    </message>
    <message>
        <source>oom_score_adj %1</source>
        <translation>oom_score_adj %1</translation>
    </message>
    <message>
        <source>The OOM killer chose %1 as the process whose death frees the most memory, weighted by oom_score_adj, and killed it%2.</source>
        <translation>OOM killer 选中 %1：按 oom_score_adj 加权后，杀死它能释放最多内存，于是将其杀死%2。</translation>
    </message>
    <message>
        <source>%1 started.</source>
        <translation>%1 已启动。</translation>
    </message>
    <message>
        <source>%1 exited; its memory returns to the free lists.</source>
        <translation>%1 已退出；它的内存回到空闲链表。</translation>
    </message>
    <message>
        <source>%1 was killed (SIGKILL); its memory returns to the free lists.</source>
        <translation>%1 被杀死（SIGKILL）；它的内存回到空闲链表。</translation>
    </message>
    <message>
        <source>Swap device %1 was enabled with %2 pages (priority %3). Anonymous pages can be swapped out again.</source>
        <translation>交换设备 %1 已启用，共 %2 页（优先级 %3）。匿名页又可以被换出了。</translation>
    </message>
    <message>
        <source>Swap device %1 was disabled: no new pages go there, so anonymous memory can no longer be reclaimed through it.</source>
        <translation>交换设备 %1 已停用：不再有新页面写入，匿名内存无法再通过它回收。</translation>
    </message>
    <message>
        <source>the clean page cache</source>
        <translation>干净的页缓存</translation>
    </message>
    <message>
        <source>reclaimable slab objects</source>
        <translation>可回收的 slab 对象</translation>
    </message>
    <message>
        <source>the clean page cache and slab objects</source>
        <translation>干净的页缓存和 slab 对象</translation>
    </message>
    <message>
        <source>echo %1 &gt; /proc/sys/vm/drop_caches: the kernel dropped %2. Dirty and mapped pages stay.</source>
        <translation>echo %1 &gt; /proc/sys/vm/drop_caches：内核丢弃了%2。脏页和已映射的页面保留。</translation>
    </message>
    <message>
        <source>oom_score_adj of %1 is now %2: the OOM killer&apos;s choice is weighted by it (-1000 never kills, 1000 kills first).</source>
        <translation>%1 的 oom_score_adj 现在为 %2：OOM killer 的选择按它加权（-1000 永不杀死，1000 最先杀死）。</translation>
    </message>
    <message>
        <source>The simulation stopped: %1</source>
        <translation>模拟已停止：%1</translation>
    </message>
    <message>
        <source>A change was refused: %1</source>
        <translation>一项修改被拒绝：%1</translation>
    </message>
    <message>
        <source>Inactive anon</source>
        <translation>不活跃匿名页</translation>
    </message>
    <message>
        <source>Active anon</source>
        <translation>活跃匿名页</translation>
    </message>
    <message>
        <source>Inactive file</source>
        <translation>不活跃文件页</translation>
    </message>
    <message>
        <source>Active file</source>
        <translation>活跃文件页</translation>
    </message>
    <message>
        <source>Unevictable</source>
        <translation>不可回收</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <source>first touch of anonymous memory (page fault)</source>
        <translation>首次访问匿名内存（缺页）</translation>
    </message>
    <message>
        <source>read into the page cache</source>
        <translation>读入页缓存</translation>
    </message>
    <message>
        <source>written into the page cache</source>
        <translation>写入页缓存</translation>
    </message>
    <message>
        <source>swapped back in</source>
        <translation>被换回内存</translation>
    </message>
    <message>
        <source>swap readahead</source>
        <translation>交换预读</translation>
    </message>
    <message>
        <source>refault of a recently evicted page: activated</source>
        <translation>最近被驱逐的页面再次缺页（refault）：被激活</translation>
    </message>
    <message>
        <source>second access: activated</source>
        <translation>第二次访问：被激活</translation>
    </message>
    <message>
        <source>deactivated by shrink_active_list</source>
        <translation>被 shrink_active_list 降为不活跃</translation>
    </message>
    <message>
        <source>referenced executable page: kept active</source>
        <translation>被引用的可执行页：保持活跃</translation>
    </message>
    <message>
        <source>referenced: activated</source>
        <translation>被引用：激活</translation>
    </message>
    <message>
        <source>referenced once: one more trip round the list</source>
        <translation>被引用一次：再在链表中绕一圈</translation>
    </message>
    <message>
        <source>written out by reclaim</source>
        <translation>被回收写出</translation>
    </message>
    <message>
        <source>dirty: writeback started, kept for now</source>
        <translation>脏页：已开始回写，暂时保留</translation>
    </message>
    <message>
        <source>under writeback: kept for now</source>
        <translation>正在回写：暂时保留</translation>
    </message>
    <message>
        <source>no swap space: activated</source>
        <translation>没有交换空间：被激活</translation>
    </message>
    <message>
        <source>reclaimed</source>
        <translation>已回收</translation>
    </message>
    <message>
        <source>writeback done: rotated to the tail</source>
        <translation>回写完成：移到链表尾部</translation>
    </message>
    <message>
        <source>mlocked: moved to the unevictable list</source>
        <translation>被 mlock：移到不可回收链表</translation>
    </message>
    <message>
        <source>freed when its process exited</source>
        <translation>进程退出时释放</translation>
    </message>
    <message>
        <source>dropped by drop_caches</source>
        <translation>被 drop_caches 丢弃</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>已移动</translation>
    </message>
    <message>
        <source>direct reclaim</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2：%3</translation>
    </message>
    <message>
        <source>, scanned by %1 at priority %2</source>
        <translation>，由 %1 在优先级 %2 扫描</translation>
    </message>
    <message>
        <source>, by %1</source>
        <translation>，由 %1</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>throttled</source>
        <translation>被限流</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存耗尽</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>已杀死</translation>
    </message>
    <message>
        <source>anon and file in proportion to swappiness and the recent cost of each</source>
        <translation>按 swappiness 和各自近期的回收代价按比例扫描匿名页和文件页</translation>
    </message>
    <message>
        <source>file pages only (no swap space, or the page cache alone can be trimmed)</source>
        <translation>只扫描文件页（没有交换空间，或仅靠页缓存即可缩减）</translation>
    </message>
    <message>
        <source>anon pages only (the file lists are tiny)</source>
        <translation>只扫描匿名页（文件链表太小）</translation>
    </message>
    <message>
        <source>every list equally (priority 0: last resort)</source>
        <translation>所有链表同等扫描（优先级 0：最后手段）</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>睡眠中</translation>
    </message>
    <message>
        <source>napping</source>
        <translation>小睡中</translation>
    </message>
    <message>
        <source>reclaiming</source>
        <translation>回收中</translation>
    </message>
    <message>
        <source>kB</source>
        <translation>kB</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>centisecs</source>
        <translation>厘秒</translation>
    </message>
    <message>
        <source>‱</source>
        <translation>‱</translation>
    </message>
    <message>
        <source>stalled: reclaim</source>
        <translation>停顿：回收</translation>
    </message>
    <message>
        <source>stalled: I/O</source>
        <translation>停顿：I/O</translation>
    </message>
    <message>
        <source>%1 is already an OOM victim: while it has not been reaped, the OOM killer waits for it instead of choosing another process.</source>
        <translation>%1 已是 OOM 受害者：在它的内存被回收（reap）之前，OOM killer 会等待它，而不是另选进程。</translation>
    </message>
    <message>
        <source>%1 is never chosen: its oom_score_adj is -1000, or its memory has already been reaped.</source>
        <translation>%1 永远不会被选中：它的 oom_score_adj 为 -1000，或者它的内存已被回收（reap）。</translation>
    </message>
    <message>
        <source>%1: badness %2 = %3 resident + %4 swapped + %5 page-table pages, plus oom_score_adj %6 × totalpages / 1000 = %7 (oom_badness); oom_score %8.</source>
        <translation>%1：badness %2 = 驻留 %3 页 + 交换 %4 页 + 页表 %5 页，再加 oom_score_adj %6 × totalpages / 1000 = %7（oom_badness）；oom_score %8。</translation>
    </message>
    <message>
        <source>OOM candidate</source>
        <translation>OOM 候选进程</translation>
    </message>
    <message>
        <source>OOM reaper done</source>
        <translation>OOM reaper 完成</translation>
    </message>
    <message>
        <source>Kernel panic</source>
        <translation>内核 panic</translation>
    </message>
    <message>
        <source>%1 could not allocate a page: reclaim made no progress and the retries ran out (free: %2 pages). The kernel calls the OOM killer (out_of_memory), which weighs every process against %3 pages of RAM and swap.</source>
        <translation>%1 无法分配页面：回收没有进展，重试次数已用完（空闲：%2 页）。内核调用 OOM killer（out_of_memory），它以 %3 页内存加交换空间为基准衡量每个进程。</translation>
    </message>
    <message>
        <source>oom_score %1</source>
        <translation>oom_score %1</translation>
    </message>
    <message>
        <source>%1 resident pages</source>
        <translation>驻留 %1 页</translation>
    </message>
    <message>
        <source>The oom_reaper freed the anonymous memory of %1 without waiting for it to exit; the OOM killer may now choose another victim (MMF_OOM_SKIP).</source>
        <translation>oom_reaper 没有等待 %1 退出就释放了它的匿名内存；OOM killer 现在可以另选受害者（MMF_OOM_SKIP）。</translation>
    </message>
    <message>
        <source>Kernel panic: %1</source>
        <translation>内核 panic：%1</translation>
    </message>
    <message>
        <source>Watermark boost</source>
        <translation>水位提升（watermark boost）</translation>
    </message>
    <message>
        <source>A %1 allocation found no free block of its own migratetype in zone %2 and took pages from another type&apos;s pageblock (a fallback that fragments memory). The kernel raised the zone&apos;s watermark_boost to %3 pages (at most 1.5 × the high watermark of %4 pages) and woke kswapd to reclaim that much more, so later requests find free blocks of their own type.</source>
        <translation>一次 %1 类型的分配在 zone %2 里找不到本迁移类型（migratetype）的空闲块，于是从另一种类型的 pageblock 借走了页（这种回退会让内存碎片化）。内核把该 zone 的 watermark_boost 提高到 %3 页（最多为高水位 %4 页的 1.5 倍），并唤醒 kswapd 多回收这么多内存，好让后来的请求能找到本类型的空闲块。</translation>
    </message>
    <message>
        <source>%1 needed an order-%2 block (%3) and compacted memory itself at priority %4: it moved %5 pages and stalled for %6.</source>
        <translation>%1 需要一个 order-%2 的块（%3），于是自己以优先级 %4 规整内存：移动了 %5 页，卡顿 %6。</translation>
    </message>
    <message>
        <source>A free block of that order formed: compact_success.</source>
        <translation>凑出了一个该阶的空闲块：compact_success。</translation>
    </message>
    <message>
        <source>Compaction</source>
        <translation>内存规整</translation>
    </message>
    <message>
        <source>Direct compaction</source>
        <translation>直接规整</translation>
    </message>
    <message>
        <source>kcompactd compacted</source>
        <translation>kcompactd 完成规整</translation>
    </message>
    <message>
        <source>Allocation failure</source>
        <translation>分配失败</translation>
    </message>
    <message>
        <source>%1 needs a free block of order %2 (%3 contiguous pages) and no zone has one above its min watermark (free: %4 pages, maybe in smaller pieces). It must reclaim memory itself, then compact: the process stalls.</source>
        <translation>%1 需要一个 order %2 的空闲块（%3 个连续页），但没有哪个 zone 能在 min 水位线之上给出这样的块（空闲：%4 页，可能都是更小的碎块）。它必须自己回收内存，然后规整：进程卡顿。</translation>
    </message>
    <message>
        <source>Proactive compaction (vm.compaction_proactiveness): kcompactd found node %1 fragmented and moved %2 pages in %3 to gather free memory into pageblocks.</source>
        <translation>主动规整（vm.compaction_proactiveness）：kcompactd 发现节点 %1 碎片化，用 %3 移动了 %2 页，把空闲内存聚拢成整个 pageblock。</translation>
    </message>
    <message>
        <source>The allocation of %1 (order %2, %3 contiguous pages, %4) failed: the kernel logs &quot;page allocation failure&quot; (at most once per 10 s) and the caller must cope without the memory; a driver drops a packet, for example.</source>
        <translation>%1 的分配（order %2，%3 个连续页，%4）失败了：内核记录 “page allocation failure”（每 10 秒最多一条），调用者只能在没有这块内存的情况下应付，例如驱动丢掉一个包。</translation>
    </message>
    <message>
        <source>The allocation still found no block of that order above the watermark (compaction result: %1): compact_fail; the allocator reclaims and retries, or gives up.</source>
        <translation>分配仍然没能在水位线之上找到该阶的块（规整结果：%1）：compact_fail；分配器会回收后重试，或者放弃。</translation>
    </message>
    <message>
        <source>kcompactd of node %1, woken for order-%2 requests (by kswapd, or by an allocation that may not compact itself), moved %3 pages in %4 so that free memory forms larger blocks.</source>
        <translation>节点 %1 的 kcompactd 为 order-%2 请求被唤醒（由 kswapd，或由一个自己不能规整的分配），用 %4 移动了 %3 页，让空闲内存形成更大的块。</translation>
    </message>
    <message>
        <source>The allocation of %1 (order %2, %3 contiguous pages, %4) failed. With __GFP_NOWARN the kernel logs nothing: the caller has a fallback (a THP fault takes a small page).</source>
        <translation>%1 的分配（order %2，%3 个连续页，%4）失败了。带 __GFP_NOWARN 时内核不记录任何信息：调用者有后备方案（例如 THP 缺页改用小页）。</translation>
    </message>
    <message>
        <source>THP setting written</source>
        <translation>THP 设置已写入</translation>
    </message>
    <message>
        <source>/sys/kernel/mm/transparent_hugepage now reads enabled = %1, defrag = %2. Faults from now on follow it; THPs already mapped stay.</source>
        <translation>/sys/kernel/mm/transparent_hugepage 现在为 enabled = %1，defrag = %2。此后的缺页按新设置处理；已经映射的透明大页保持不变。</translation>
    </message>
    <message>
        <source>khugepaged collapse</source>
        <translation>khugepaged 合并</translation>
    </message>
    <message>
        <source>khugepaged found a 2 MiB range of %1 (pid %2) worth collapsing, but could not allocate a huge page on node %3 (thp_collapse_alloc_failed). It sleeps alloc_sleep_millisecs before it tries again.</source>
        <translation>khugepaged 在 %1（pid %2）中找到一段值得合并的 2 MiB 区间，但在节点 %3 上分配不到大页（thp_collapse_alloc_failed）。它会先睡眠 alloc_sleep_millisecs，再重试。</translation>
    </message>
    <message>
        <source>khugepaged collapsed a 2 MiB range of %1 (pid %2) into a transparent huge page on node %3: it copied %4 and freed them (thp_collapse_alloc).</source>
        <translation>khugepaged 把 %1（pid %2）的一段 2 MiB 区间合并成节点 %3 上的一个透明大页：它复制了 %4，并释放了这些页（thp_collapse_alloc）。</translation>
    </message>
    <message>
        <source>collapsed into a transparent huge page by khugepaged</source>
        <translation>被 khugepaged 合并进透明大页</translation>
    </message>
    <message>
        <source>Cgroup reclaim</source>
        <translation>cgroup 回收</translation>
    </message>
    <message>
        <source>memory.high throttle</source>
        <translation>memory.high 限流</translation>
    </message>
    <message>
        <source>Cgroup file written</source>
        <translation>cgroup 文件已写入</translation>
    </message>
    <message>
        <source>Process moved to a cgroup</source>
        <translation>进程移入 cgroup</translation>
    </message>
    <message>
        <source>khugepaged allocated a huge page to collapse a 2 MiB range of %1 (pid %2), but the process&apos;s cgroup refused the charge of 512 pages (memory.max), so the range stays in 4 KiB pages.</source>
        <translation>khugepaged 为合并 %1（pid %2）的一段 2 MiB 区间分配了大页，但该进程所在的 cgroup 拒绝计入这 512 页（memory.max），所以这段区间仍是 4 KiB 小页。</translation>
    </message>
    <message>
        <source>%1 reclaimed in cgroup %2 only (try_to_free_mem_cgroup_pages): it asked for %3, scanned %4, freed %5 and stalled for %6. memory.current is now %7 of memory.max %8. Memory outside the cgroup is not touched, however much is free.</source>
        <translation>%1 只在 cgroup %2 内回收（try_to_free_mem_cgroup_pages）：目标 %3，扫描了 %4，释放了 %5，停顿 %6。memory.current 现在为 %7，memory.max 为 %8。无论机器上还有多少空闲内存，cgroup 之外的内存都不会被动到。</translation>
    </message>
    <message>
        <source>%1 sleeps %2 because cgroup %3 is over memory.high (%4 of %5): the penalty grows with the square of the overage (calculate_high_delay), at most 2 s per return to user mode. memory.high slows a cgroup down; it never kills.</source>
        <translation>%1 睡眠 %2，因为 cgroup %3 超过了 memory.high（%4，上限 %5）：惩罚时间随超出比例的平方增长（calculate_high_delay），每次返回用户态最多 2 秒。memory.high 只会让 cgroup 变慢，从不杀进程。</translation>
    </message>
    <message>
        <source>%1 of cgroup %2 now reads %3. A lower memory.max or memory.high reclaims the cgroup at once; memory.low and memory.min only change what reclaim spares.</source>
        <translation>cgroup %2 的 %1 现在为 %3。调低 memory.max 或 memory.high 会立即回收该 cgroup；memory.low 和 memory.min 只改变回收时放过哪些内存。</translation>
    </message>
    <message>
        <source>%1 moved from cgroup %2 to %3. Its new pages are charged to %3; the pages it already has stay charged to %2 (cgroup v2 does not move charges).</source>
        <translation>%1 从 cgroup %2 移到了 %3。它之后的新页计入 %3；已有的页仍计在 %2 名下（cgroup v2 不迁移计费）。</translation>
    </message>
    <message>
        <source>A cgroup could not get under its memory.max by reclaim: the memory cgroup OOM killer chose %1 among the processes of that cgroup only, weighted by oom_score_adj against the cgroup&apos;s limit, and killed it%2. Processes outside the cgroup are never chosen, however large.</source>
        <translation>某个 cgroup 通过回收也无法降到 memory.max 以下：memory cgroup OOM killer 只在该 cgroup 的进程中挑选，按 oom_score_adj 相对于该 cgroup 的上限加权，选中并杀死了 %1%2。cgroup 之外的进程无论多大都不会被选中。</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>1920 × 1080 (Full HD slide)</source>
        <translation>1920 × 1080（全高清幻灯片）</translation>
    </message>
    <message>
        <source>1280 × 720 (HD slide)</source>
        <translation>1280 × 720（高清幻灯片）</translation>
    </message>
    <message>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <source>Exported from ReclaimLab</source>
        <translation>由 ReclaimLab 导出</translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 pages · %2</source>
        <translation>%1 页 · %2</translation>
    </message>
    <message>
        <source>%1.%2 s</source>
        <translation>%1.%2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 微秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
</context>
<context>
    <name>LessonText</name>
    <message>
        <source>pages</source>
        <translation>页</translation>
    </message>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>Speed</name>
    <message>
        <source>Max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>每秒 1 步</translation>
    </message>
    <message>
        <source>%1 ms/s</source>
        <translation>%1 毫秒/秒</translation>
    </message>
    <message>
        <source>×1 real time</source>
        <translation>×1 实时</translation>
    </message>
    <message>
        <source>×%1</source>
        <translation>×%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Watch Linux 6.1 reclaim memory, and steer it live.</source>
        <translation>观察 Linux 6.1 如何回收内存，并实时调节。</translation>
    </message>
    <message>
        <source>Write the charts (PNG, SVG, CSV) into DIR without a window.</source>
        <translation>不打开窗口，将图表（PNG、SVG、CSV）写入 DIR。</translation>
    </message>
    <message>
        <source>Random seed (default: the scenario&apos;s).</source>
        <translation>随机种子（默认使用场景中的值）。</translation>
    </message>
    <message>
        <source>User interface language, e.g. zh_CN or en.</source>
        <translation>界面语言，例如 zh_CN 或 en。</translation>
    </message>
    <message>
        <source>light or dark.</source>
        <translation>light（浅色）或 dark（深色）。</translation>
    </message>
    <message>
        <source>Open the scenario paused.</source>
        <translation>打开场景时保持暂停。</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1：无法读取：%2</translation>
    </message>
    <message>
        <source>--duration: &apos;%1&apos; is not a duration; expected e.g. 30s, 500ms, 2m</source>
        <translation>--duration：“%1”不是有效时长；应为 30s、500ms、2m 等</translation>
    </message>
    <message>
        <source>--seed: &apos;%1&apos; is not an integer</source>
        <translation>--seed：“%1”不是整数</translation>
    </message>
    <message>
        <source>No display found: writing charts instead of opening a window.</source>
        <translation>未找到显示器：改为写出图表，不打开窗口。</translation>
    </message>
    <message>
        <source>reclaimlab: %1</source>
        <translation>reclaimlab：%1</translation>
    </message>
    <message>
        <source>The run stopped early: %1</source>
        <translation>运行提前停止：%1</translation>
    </message>
    <message>
        <source>Simulated time for --charts, e.g. 30s or 500ms (default 30s); wall time measured by --benchmark (default 20s).</source>
        <translation>--charts 的模拟时长，例如 30s 或 500ms（默认 30s）；--benchmark 测量的实际时长（默认 20s）。</translation>
    </message>
    <message>
        <source>Measure the GUI: the window at 1920×1080 runs SCENARIO (default: a built-in 16 GiB machine) at maximum speed and prints frame-time percentiles and how many frames a slider&apos;s effect takes to show.</source>
        <translation>测量图形界面：1920×1080 的窗口以最高速度运行 SCENARIO（默认：内置的 16 GiB 机器），输出帧时间的百分位数，以及滑块的效果要过几帧才显示出来。</translation>
    </message>
    <message>
        <source>Warning: the window was %1×%2, not 1920×1080.</source>
        <translation>警告：窗口为 %1×%2，而不是 1920×1080。</translation>
    </message>
    <message>
        <source>Scenario or lesson file to open (default: the built-in scenario).</source>
        <translation>要打开的场景或课程文件（默认使用内置场景）。</translation>
    </message>
    <message>
        <source>Engine memory a scenario may need before it is refused, from 64M to 1T (default 8G); RAM costs about 60 bytes per 4 KiB page.</source>
        <translation>场景最多可占用的引擎内存，超过即拒绝打开；范围 64M 到 1T（默认 8G）。每 4 KiB 内存页约占 60 字节。</translation>
    </message>
</context>
<context>
    <name>rlab::ui</name>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>ReclaimLab worksheet</source>
        <translation>ReclaimLab 练习单</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>A popular claim:</source>
        <translation>一种流行说法：</translation>
    </message>
    <message>
        <source>Your change:</source>
        <translation>你要做的修改：</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程：</translation>
    </message>
    <message>
        <source>My prediction:</source>
        <translation>我的预测：</translation>
    </message>
    <message>
        <source>What the run showed:</source>
        <translation>运行的结果：</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>The reference run</source>
        <translation>参考运行</translation>
    </message>
    <message>
        <source>Answer key — every answer computed by the engine</source>
        <translation>答案 —— 每个答案都由模拟引擎计算</translation>
    </message>
    <message>
        <source>The run stops at %1 s.</source>
        <translation>运行停在第 %1 秒。</translation>
    </message>
    <message>
        <source>(no answer: %1)</source>
        <translation>（没有答案：%1）</translation>
    </message>
    <message>
        <source>accepted:</source>
        <translation>可接受：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>答案：</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Side by side:</source>
        <translation>并排对照：</translation>
    </message>
</context>
<context>
    <name>rlab::ui::BuddyChart</name>
    <message>
        <source>order %1 · %2</source>
        <translation>order %1 · %2</translation>
    </message>
    <message>
        <source>Waiting for the simulation…</source>
        <translation>等待模拟…</translation>
    </message>
    <message>
        <source>Free blocks by order</source>
        <translation>各阶的空闲块</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>块数</translation>
    </message>
    <message>
        <source>extfrag</source>
        <translation>extfrag</translation>
    </message>
    <message>
        <source>order</source>
        <translation>阶</translation>
    </message>
    <message>
        <source>free pages</source>
        <translation>空闲页</translation>
    </message>
    <message>
        <source>Pageblocks (2 MiB, %1 per cell)</source>
        <translation>Pageblock（2 MiB，每格 %1 个）</translation>
    </message>
    <message>
        <source>Pageblocks (2 MiB each)</source>
        <translation>Pageblock（每个 2 MiB）</translation>
    </message>
    <message>
        <source>free part of a pageblock</source>
        <translation>pageblock 中空闲的部分</translation>
    </message>
    <message>
        <source>Order %1: blocks of %2 contiguous pages (%3).</source>
        <translation>order %1：由 %2 个连续页组成的块（%3）。</translation>
    </message>
    <message>
        <source>%1: %2 free blocks</source>
        <translation>%1：%2 个空闲块</translation>
    </message>
    <message>
        <source>PFN 0x%1: %2</source>
        <translation>PFN 0x%1：%2</translation>
    </message>
    <message>
        <source>%1 of 512 pages free</source>
        <translation>512 页中空闲 %1 页</translation>
    </message>
    <message numerus="yes">
        <source>… %n more pageblocks</source>
        <translation>
            <numerusform>… 另有 %n 个 pageblock</numerusform>
        </translation>
    </message>
    <message>
        <source>A free block of this order or larger exists: an order-%1 request succeeds if the watermark check passes (extfrag index -1.000).</source>
        <translation>存在该阶或更大的空闲块：只要水位线检查通过，order-%1 请求就能成功（extfrag 指数 -1.000）。</translation>
    </message>
    <message>
        <source>No free block of this order or larger. Fragmentation index %1: near 0 means memory is short (reclaim helps), near 1 that it is fragmented (compaction helps); for orders above 3 the kernel compacts only when the index is above vm.extfrag_threshold / 1000 (0.500 by default).</source>
        <translation>没有该阶或更大的空闲块。碎片指数 %1：接近 0 表示内存不足（回收有用），接近 1 表示内存碎片化（规整有用）；对于大于 3 的阶，只有指数高于 vm.extfrag_threshold / 1000（默认 0.500）时内核才会规整。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::BuddyView</name>
    <message>
        <source>Unmovable</source>
        <translation>不可移动</translation>
    </message>
    <message>
        <source>Movable</source>
        <translation>可移动</translation>
    </message>
    <message>
        <source>Reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <source>HighAtomic</source>
        <translation>高阶原子</translation>
    </message>
    <message>
        <source>Isolate</source>
        <translation>隔离</translation>
    </message>
    <message>
        <source>Which zone&apos;s buddy allocator the view shows</source>
        <translation>显示哪个 zone 的伙伴分配器</translation>
    </message>
    <message>
        <source>Waiting for the simulation…</source>
        <translation>等待模拟…</translation>
    </message>
    <message>
        <source>%1 free of %2; the largest free block is order %3.</source>
        <translation>%2 中空闲 %1；最大的空闲块是 order %3。</translation>
    </message>
    <message>
        <source>watermark_boost: %1 pages raise min, low and high until kswapd has reclaimed them (a fallback took pages from another type&apos;s pageblock).</source>
        <translation>watermark_boost：%1 页；在 kswapd 把它们回收掉之前，min、low 和 high 都被抬高（一次回退从其他类型的 pageblock 中拿走了页）。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::CompareDialog</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Images (*.png *.svg *.pdf)</source>
        <translation>图像 (*.png *.svg *.pdf)</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <source>Simulating both runs to %1…</source>
        <translation>正在把两次运行都模拟到 %1…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Both ran %1 of simulated time from the start.</source>
        <translation>两者都从开头运行了 %1 的模拟时间。</translation>
    </message>
    <message>
        <source>%1 stopped at %2: %3</source>
        <translation>%1 在 %2 停止：%3</translation>
    </message>
    <message>
        <source>Compare with a Variant</source>
        <translation>与变体对比</translation>
    </message>
    <message>
        <source>Runs this scenario twice from 0 s to %1 on one clock, with your live changes at their times: as it ran, and with one sysctl set otherwise from the start. The chart draws both; the table lists every timeseries.csv column at the end and the difference.</source>
        <translation>在同一时钟上把本场景从 0 秒到 %1 运行两次，你的实时修改都在原来的时刻生效：一次按原样运行，一次从开头就把某个 sysctl 设为另一个值。图中画出两者；表格列出结束时 timeseries.csv 的每一列及其差值。</translation>
    </message>
    <message>
        <source>set to</source>
        <translation>设为</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Export Table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>timeseries.csv column</source>
        <translation>timeseries.csv 列</translation>
    </message>
</context>
<context>
    <name>rlab::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
</context>
<context>
    <name>rlab::ui::EventLogPanel</name>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
</context>
<context>
    <name>rlab::ui::ExportDialog</name>
    <message>
        <source>Large fonts for projection</source>
        <translation>投影用大字体</translation>
    </message>
    <message>
        <source>Export for slides</source>
        <translation>导出到幻灯片</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>SVG vector drawing</source>
        <translation>SVG 矢量图</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Images and documents (*.png *.svg *.pdf)</source>
        <translation>图像和文档 (*.png *.svg *.pdf)</translation>
    </message>
    <message>
        <source>What:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Plots: only the time window on screen</source>
        <translation>图表：只导出屏幕上的时间窗口</translation>
    </message>
    <message>
        <source>Off: a plot shows the whole run (the last 10 simulated minutes the plots keep)</source>
        <translation>不勾选时：图表显示整个运行过程（图表保留的最近 10 分钟模拟时间）</translation>
    </message>
</context>
<context>
    <name>rlab::ui::GuiBenchmark</name>
    <message>
        <source>No scenario is loaded.</source>
        <translation>尚未加载场景。</translation>
    </message>
    <message>
        <source>No slider for %1.</source>
        <translation>%1 没有滑块。</translation>
    </message>
    <message>
        <source>No frame was painted.</source>
        <translation>没有绘制任何帧。</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>ReclaimLab GUI benchmark: “%1”, %2 page frames</source>
        <translation>ReclaimLab 图形界面基准测试：“%1”，%2 个页框</translation>
    </message>
    <message>
        <source>window %1×%2 on the %3 platform, %4 s measured</source>
        <translation>窗口 %1×%2，%3 平台，测量 %4 秒</translation>
    </message>
    <message>
        <source>frames (memory view repainted)</source>
        <translation>帧数（其中重绘内存视图的）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>frame clock ticks</source>
        <translation>帧时钟节拍数</translation>
    </message>
    <message>
        <source>snapshots taken</source>
        <translation>取得的快照</translation>
    </message>
    <message>
        <source>frames per second, mean</source>
        <translation>平均每秒帧数</translation>
    </message>
    <message>
        <source>frame time p50 / p90 / p99 / max</source>
        <translation>帧间隔 p50 / p90 / p99 / 最大</translation>
    </message>
    <message>
        <source>paint and flush p50 / p99</source>
        <translation>绘制与刷新 p50 / p99</translation>
    </message>
    <message>
        <source>snapshot to views p50 / p99</source>
        <translation>快照交给视图 p50 / p99</translation>
    </message>
    <message>
        <source>plot replot p50 / p99</source>
        <translation>图表重绘 p50 / p99</translation>
    </message>
    <message>
        <source>GUI thread busy (wall) / CPU</source>
        <translation>界面线程忙碌（墙钟）/ CPU</translation>
    </message>
    <message>
        <source>%1 % / %2 %</source>
        <translation>%1 % / %2 %</translation>
    </message>
    <message>
        <source>process CPU (all threads)</source>
        <translation>进程 CPU（所有线程）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>simulated time</source>
        <translation>模拟时间</translation>
    </message>
    <message>
        <source>%1 s (%2× real time)</source>
        <translation>%1 秒（实时的 %2 倍）</translation>
    </message>
    <message>
        <source>slider moves, frames until visible</source>
        <translation>滑块移动，显示前经过的帧数</translation>
    </message>
    <message>
        <source>%1 moves, %2 missed: %3</source>
        <translation>移动 %1 次，%2 次未显示：%3</translation>
    </message>
    <message>
        <source>memory now / peak (RSS)</source>
        <translation>当前 / 峰值内存（RSS）</translation>
    </message>
    <message>
        <source>%1 MiB / %2 MiB</source>
        <translation>%1 MiB / %2 MiB</translation>
    </message>
</context>
<context>
    <name>rlab::ui::LessonPanel</name>
    <message>
        <source>Do it for me</source>
        <translation>帮我完成</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>揭晓</translation>
    </message>
    <message>
        <source>Next step →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <source>Restart lesson</source>
        <translation>重新开始本课</translation>
    </message>
    <message>
        <source>Teacher mode: show the answers</source>
        <translation>教师模式：显示答案</translation>
    </message>
    <message>
        <source>Your prediction</source>
        <translation>你的预测</translation>
    </message>
    <message>
        <source>Run to the step&apos;s stop and show the answer</source>
        <translation>运行到本步的停止点并显示答案</translation>
    </message>
    <message>
        <source>No lesson is open. Choose one from the Lessons menu.</source>
        <translation>尚未打开课程。请从“课程”菜单中选择一课。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>A popular claim:</source>
        <translation>一种流行说法：</translation>
    </message>
    <message>
        <source>Your change:</source>
        <translation>你要做的修改：</translation>
    </message>
    <message>
        <source>(choose a process)</source>
        <translation>（选择一个进程）</translation>
    </message>
    <message>
        <source>Run ▶</source>
        <translation>运行 ▶</translation>
    </message>
    <message>
        <source>✓ done</source>
        <translation>✓ 已完成</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未完成</translation>
    </message>
    <message>
        <source>Write your prediction first (or press Reveal).</source>
        <translation>请先写下你的预测（或按“揭晓”）。</translation>
    </message>
    <message>
        <source>Make the change first: %1</source>
        <translation>请先完成修改：%1</translation>
    </message>
    <message>
        <source>Running to the step&apos;s stop…</source>
        <translation>正在运行到本步的停止点……</translation>
    </message>
    <message>
        <source>Stopped at %1 s.</source>
        <translation>停在第 %1 秒。</translation>
    </message>
    <message>
        <source>The run did not reach this step&apos;s stop: %1</source>
        <translation>运行没有到达本步的停止点：%1</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>正确。</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>不太对。</translation>
    </message>
    <message>
        <source>You said %1; the engine says %2.</source>
        <translation>你的答案是 %1；引擎给出的是 %2。</translation>
    </message>
    <message>
        <source>The engine says %1.</source>
        <translation>引擎给出的是 %1。</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>没有答案：%1</translation>
    </message>
    <message>
        <source>What the engine checked:</source>
        <translation>引擎检查了：</translation>
    </message>
    <message>
        <source>Teacher: this step has no question.</source>
        <translation>教师：本步没有问题。</translation>
    </message>
    <message>
        <source>Teacher: computing the answers…</source>
        <translation>教师：正在计算答案……</translation>
    </message>
    <message>
        <source>Teacher: the reference run has no answer for this step.</source>
        <translation>教师：参考运行中本步没有答案。</translation>
    </message>
    <message>
        <source>Teacher: the answer is %1.</source>
        <translation>教师：答案是 %1。</translation>
    </message>
    <message>
        <source>Run to the step&apos;s stop; with a question, your prediction is locked in and compared</source>
        <translation>运行到本步的停止点；有问题时，你的预测会被锁定并与结果对比</translation>
    </message>
    <message>
        <source>Read, then press Run.</source>
        <translation>读完后按“运行”。</translation>
    </message>
    <message>
        <source>Answer, then press Run.</source>
        <translation>先作答，再按“运行”。</translation>
    </message>
    <message>
        <source>Answer first, then press Run: the simulation runs to this step&apos;s stop.</source>
        <translation>先作答，再按“运行”：模拟会运行到本步的停止点。</translation>
    </message>
    <message>
        <source>Run and check ▶</source>
        <translation>运行并检查 ▶</translation>
    </message>
    <message>
        <source>Side by side:</source>
        <translation>并排对照：</translation>
    </message>
    <message>
        <source>When the run starts, a copy of the machine forks off with these settings and runs on the same clock; the checks compare the two.</source>
        <translation>运行开始时，会按这些设置分出一份机器副本，并在同一时钟上运行；检查点会比较两者。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::LruView</name>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Active anon</source>
        <translation>活跃匿名页</translation>
    </message>
    <message>
        <source>Inactive anon</source>
        <translation>不活跃匿名页</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>Active file</source>
        <translation>活跃文件页</translation>
    </message>
    <message>
        <source>Inactive file</source>
        <translation>不活跃文件页</translation>
    </message>
    <message>
        <source>Unevictable</source>
        <translation>不可回收</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>kswapd%1 %2</source>
        <translation>kswapd%1 %2</translation>
    </message>
    <message>
        <source>kswapd %1</source>
        <translation>kswapd %1</translation>
    </message>
    <message>
        <source> · priority %1</source>
        <translation> · 优先级 %1</translation>
    </message>
    <message>
        <source>kswapd</source>
        <translation>kswapd</translation>
    </message>
    <message numerus="yes">
        <source>direct reclaim: %n task(s) stalled</source>
        <translation>
            <numerusform>直接回收：%n 个任务停顿</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>direct reclaim: %n task(s) throttled</source>
        <translation>
            <numerusform>直接回收：%n 个任务被限流</numerusform>
        </translation>
    </message>
    <message>
        <source>no direct reclaim</source>
        <translation>没有直接回收</translation>
    </message>
    <message>
        <source>Scan balance (get_scan_count)</source>
        <translation>扫描比例（get_scan_count）</translation>
    </message>
    <message>
        <source>Scan balance: %1 at priority %2, swappiness %3</source>
        <translation>扫描比例：%1，优先级 %2，swappiness %3</translation>
    </message>
    <message>
        <source>direct reclaim</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>anon %1%</source>
        <translation>匿名页 %1%</translation>
    </message>
    <message>
        <source>file %1%</source>
        <translation>文件页 %1%</translation>
    </message>
    <message>
        <source>no reclaim yet</source>
        <translation>尚未回收</translation>
    </message>
    <message>
        <source>free %1 · min %2 · low %3 · high %4</source>
        <translation>空闲 %1 · 最低 %2 · 低 %3 · 高 %4</translation>
    </message>
    <message>
        <source>◀ head: pages enter here</source>
        <translation>◀ 链表头：页面从这里进入</translation>
    </message>
    <message>
        <source>tail: reclaim scans here ▶</source>
        <translation>链表尾：回收从这里扫描 ▶</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>no swap</source>
        <translation>无交换空间</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>%1k/s</source>
        <translation>%1k/秒</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Free pages of every zone. Allocations take them; below a zone&apos;s low watermark kswapd wakes, below min the allocating task reclaims itself (direct reclaim).</source>
        <translation>所有内存区的空闲页。分配从这里取页；低于某内存区的低水位线时 kswapd 被唤醒，低于最低水位线时分配任务自己回收（直接回收）。</translation>
    </message>
    <message>
        <source>Anonymous pages (heap, stacks) used recently. When the inactive anon list gets too small, reclaim deactivates pages from this list&apos;s tail.</source>
        <translation>最近使用过的匿名页（堆、栈）。当不活跃匿名链表太小时，回收会把这个链表尾部的页面降为不活跃。</translation>
    </message>
    <message>
        <source>Anonymous pages not used recently. Reclaim scans the tail: referenced pages go back to the active list, the others are written to swap and freed.</source>
        <translation>最近未使用的匿名页。回收扫描链表尾部：被引用的页面回到活跃链表，其余页面写入交换空间后释放。</translation>
    </message>
    <message>
        <source>Swap space in use: anonymous pages written out by reclaim. They are read back in (swap-in) when touched again.</source>
        <translation>已用的交换空间：被回收写出的匿名页。再次访问时会被读回内存（换入）。</translation>
    </message>
    <message>
        <source>Page cache used more than once recently. Deactivated to the inactive list when that list gets too small.</source>
        <translation>最近被多次使用的页缓存。当不活跃链表太小时会被降到不活跃链表。</translation>
    </message>
    <message>
        <source>Page cache read once or not used recently: the cheapest memory to reclaim. Clean pages are dropped, dirty ones written back first.</source>
        <translation>只读过一次或最近未使用的页缓存：回收代价最低的内存。干净页直接丢弃，脏页先回写。</translation>
    </message>
    <message>
        <source>mlock()ed pages: reclaim cannot touch them.</source>
        <translation>被 mlock() 锁定的页面：回收无法动它们。</translation>
    </message>
    <message>
        <source>Memory held by the kernel (slab, stacks, page tables): not on any LRU list.</source>
        <translation>内核占用的内存（slab、内核栈、页表）：不在任何 LRU 链表上。</translation>
    </message>
    <message>
        <source>◀ head</source>
        <translation>◀ 头部</translation>
    </message>
    <message>
        <source>tail ▶</source>
        <translation>尾部 ▶</translation>
    </message>
    <message>
        <source>compaction: %1 pages/s moved</source>
        <translation>规整：每秒移动 %1 页</translation>
    </message>
    <message>
        <source>compaction: nothing to move</source>
        <translation>规整：无页可移</translation>
    </message>
</context>
<context>
    <name>rlab::ui::MainWindow</name>
    <message>
        <source>Change refused: %1</source>
        <translation>修改被拒绝：%1</translation>
    </message>
    <message>
        <source>&amp;Open Scenario…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a scenario file (Ctrl+O)</source>
        <translation>打开场景文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json);;All files (*)</source>
        <translation>场景 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Save as Scenario…</source>
        <translation>另存为场景(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the scenario with your live changes as timed events (Ctrl+S)</source>
        <translation>保存场景，并把你的实时修改记录为定时事件（Ctrl+S）</translation>
    </message>
    <message>
        <source>Save as Scenario</source>
        <translation>另存为场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景 (*.json)</translation>
    </message>
    <message>
        <source>Could not save %1:
%2</source>
        <translation>无法保存 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %1 with %n live change(s)</source>
        <translation>
            <numerusform>已保存 %1，包含 %n 项实时修改</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a plot or the memory view as PNG, SVG or PDF (Ctrl+E)</source>
        <translation>将图表或内存视图导出为 PNG、SVG 或 PDF（Ctrl+E）</translation>
    </message>
    <message>
        <source>Export Data as &amp;CSV…</source>
        <translation>导出数据为 &amp;CSV…</translation>
    </message>
    <message>
        <source>Export Data as CSV</source>
        <translation>导出数据为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Copy Plot &amp;Image</source>
        <translation>复制图表图像(&amp;I)</translation>
    </message>
    <message>
        <source>Copy Plot &amp;Data as CSV</source>
        <translation>复制图表数据为 CSV(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>Step 10 ms</source>
        <translation>前进 10 毫秒</translation>
    </message>
    <message>
        <source>S&amp;top and Rewind</source>
        <translation>停止并回到开头(&amp;T)</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>重新开始(&amp;E)</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加快</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减慢</translation>
    </message>
    <message>
        <source>Run When a Scenario Opens</source>
        <translation>打开场景后自动运行</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Follow Live</source>
        <translation>跟随实时(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;About ReclaimLab</source>
        <translation>关于 ReclaimLab(&amp;A)</translation>
    </message>
    <message>
        <source>About ReclaimLab</source>
        <translation>关于 ReclaimLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ReclaimLab&lt;/h3&gt;&lt;p&gt;Watch Linux 6.1 reclaim memory, and steer it live: zones and watermarks, the LRU lists, kswapd and direct reclaim, swap and the OOM killer.&lt;/p&gt;&lt;p&gt;The simulation follows mm/vmscan.c, mm/page_alloc.c and friends; every simplification is documented in the engine&apos;s sources.&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ReclaimLab&lt;/h3&gt;&lt;p&gt;观察 Linux 6.1 如何回收内存，并实时调节：内存区与水位线、LRU 链表、kswapd 与直接回收、交换空间以及 OOM killer。&lt;/p&gt;&lt;p&gt;模拟遵循 mm/vmscan.c、mm/page_alloc.c 等内核源码；每一处简化都在引擎源码中有说明。&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>打开示例(&amp;E)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>模拟(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>From slow motion (one 100 µs step per second, every page move visible) to as fast as this computer allows ([ and ])</source>
        <translation>从慢动作（每秒一步 100 微秒，每次页面移动都清晰可见）到这台计算机允许的最快速度（[ 和 ]）</translation>
    </message>
    <message>
        <source>Simulated time since the scenario started</source>
        <translation>从场景开始起的模拟时间</translation>
    </message>
    <message>
        <source>Physical memory map</source>
        <translation>物理内存图</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Live tunables</source>
        <translation>实时参数</translation>
    </message>
    <message>
        <source>Cannot open scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <source>The scenario could not be loaded. The current run continues.</source>
        <translation>无法加载该场景。当前运行继续进行。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>No scenario is loaded.</source>
        <translation>尚未加载场景。</translation>
    </message>
    <message>
        <source>Memory view (LRU lists)</source>
        <translation>内存视图（LRU 链表）</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Could not export %1:
%2</source>
        <translation>无法导出 %1：
%2</translation>
    </message>
    <message>
        <source>Copied “%1” to the clipboard</source>
        <translation>已将“%1”复制到剪贴板</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n sample(s) of every series as CSV</source>
        <translation>
            <numerusform>已将所有序列的 %n 个采样复制为 CSV</numerusform>
        </translation>
    </message>
    <message>
        <source>RAM %1 · swap %2 used of %3</source>
        <translation>内存 %1 · 交换已用 %2 / %3</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <source>The simulation stopped at %1: %2</source>
        <translation>模拟在 %1 停止：%2</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pause the simulation (Space)</source>
        <translation>暂停模拟（空格）</translation>
    </message>
    <message>
        <source>Run the simulation (Space)</source>
        <translation>运行模拟（空格）</translation>
    </message>
    <message>
        <source>No recent scenarios</source>
        <translation>没有最近打开的场景</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>ReclaimLab</source>
        <translation>ReclaimLab</translation>
    </message>
    <message>
        <source>%1 — ReclaimLab</source>
        <translation>%1 — ReclaimLab</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Memory · %1</source>
        <translation>内存 · %1</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Open Lesson &amp;File…</source>
        <translation>打开课程文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.json);;All files (*)</source>
        <translation>课程 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export &amp;Handout…</source>
        <translation>导出讲义(&amp;H)…</translation>
    </message>
    <message>
        <source>Export Handout</source>
        <translation>导出讲义</translation>
    </message>
    <message>
        <source>Open a lesson first.</source>
        <translation>请先打开一课。</translation>
    </message>
    <message>
        <source>Handout written to %1</source>
        <translation>讲义已写入 %1</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>The lesson could not be loaded. The current run continues.</source>
        <translation>无法加载该课程。当前运行继续进行。</translation>
    </message>
    <message>
        <source>Opened lesson %1</source>
        <translation>已打开课程 %1</translation>
    </message>
    <message>
        <source>No lesson is open.</source>
        <translation>尚未打开课程。</translation>
    </message>
    <message>
        <source>Paused at the scenario&apos;s duration (%1); Run continues past it</source>
        <translation>已在场景设定的时长（%1）处暂停；按“运行”可继续运行</translation>
    </message>
    <message>
        <source>Advance by the step size and pause (S or →); the arrow beside it chooses the size</source>
        <translation>按步长前进后暂停（S 或 →）；旁边的箭头用来选择步长</translation>
    </message>
    <message>
        <source>Step Size 100 µs</source>
        <translation>步长 100 微秒</translation>
    </message>
    <message>
        <source>Step Size 1 ms</source>
        <translation>步长 1 毫秒</translation>
    </message>
    <message>
        <source>Step Size 10 ms</source>
        <translation>步长 10 毫秒</translation>
    </message>
    <message>
        <source>Step Size 100 ms</source>
        <translation>步长 100 毫秒</translation>
    </message>
    <message>
        <source>Step Size 1 s</source>
        <translation>步长 1 秒</translation>
    </message>
    <message>
        <source>Next %1</source>
        <translation>下一次%1</translation>
    </message>
    <message>
        <source>Stop and go back to time 0; your live changes are applied again at their times (Ctrl+.)</source>
        <translation>停止并回到时间 0；你做过的实时修改会在原来的时间点重新生效（Ctrl+.）</translation>
    </message>
    <message>
        <source>Rewind and &amp;Forget Live Changes</source>
        <translation>回到开头并丢弃实时修改(&amp;F)</translation>
    </message>
    <message>
        <source>Stop and go back to time 0 with the scenario&apos;s own settings</source>
        <translation>停止并回到时间 0，只用场景自身的设置</translation>
    </message>
    <message>
        <source>Rewound to 0 s without the live changes.</source>
        <translation>已回到 0 秒，不含实时修改。</translation>
    </message>
    <message>
        <source>Go back to time 0 and keep running; your live changes are applied again at their times</source>
        <translation>回到时间 0 并继续运行；你做过的实时修改会在原来的时间点重新生效</translation>
    </message>
    <message>
        <source>&lt;table cellpadding=3&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Space&lt;/b&gt;&lt;/td&gt;&lt;td&gt;run / pause&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;S&lt;/b&gt;, &lt;b&gt;→&lt;/b&gt;&lt;/td&gt;&lt;td&gt;one step (100 µs, or the chosen step size)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift+→&lt;/b&gt;&lt;/td&gt;&lt;td&gt;10 ms&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;run to the next kswapd wake-up&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;[&lt;/b&gt; / &lt;b&gt;]&lt;/b&gt;&lt;/td&gt;&lt;td&gt;slower / faster&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;stop and rewind&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;plots follow live&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;, &lt;b&gt;Ctrl+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;open, save as scenario&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;export for slides&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+=&lt;/b&gt; / &lt;b&gt;Ctrl+-&lt;/b&gt;&lt;/td&gt;&lt;td&gt;bigger / smaller text&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F11&lt;/b&gt;&lt;/td&gt;&lt;td&gt;full screen&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellpadding=3&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Space&lt;/b&gt;&lt;/td&gt;&lt;td&gt;运行 / 暂停&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;S&lt;/b&gt;, &lt;b&gt;→&lt;/b&gt;&lt;/td&gt;&lt;td&gt;前进一步（100 微秒，或所选步长）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift+→&lt;/b&gt;&lt;/td&gt;&lt;td&gt;10 毫秒&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;运行到下一次 kswapd 唤醒&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;[&lt;/b&gt; / &lt;b&gt;]&lt;/b&gt;&lt;/td&gt;&lt;td&gt;减速 / 加速&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+.&lt;/b&gt;&lt;/td&gt;&lt;td&gt;停止并回到开头&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;图表跟随实时&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;, &lt;b&gt;Ctrl+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;打开、另存为场景&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;导出到幻灯片&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+=&lt;/b&gt; / &lt;b&gt;Ctrl+-&lt;/b&gt;&lt;/td&gt;&lt;td&gt;放大 / 缩小文字&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F11&lt;/b&gt;&lt;/td&gt;&lt;td&gt;全屏&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Step Si&amp;ze</source>
        <translation>步长(&amp;Z)</translation>
    </message>
    <message>
        <source>Run &amp;To</source>
        <translation>运行到(&amp;T)</translation>
    </message>
    <message>
        <source>Run to</source>
        <translation>运行到</translation>
    </message>
    <message>
        <source>kswapd wake-up</source>
        <translation> kswapd 唤醒</translation>
    </message>
    <message>
        <source>kswapd sleep</source>
        <translation> kswapd 睡眠</translation>
    </message>
    <message>
        <source>direct reclaim</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>OOM kill</source>
        <translation> OOM 杀进程</translation>
    </message>
    <message>
        <source>scenario event</source>
        <translation>场景事件</translation>
    </message>
    <message>
        <source>Paused at the next %1: %2</source>
        <translation>已在下一次%1处暂停：%2</translation>
    </message>
    <message>
        <source>No %1 before %2 (the limit of a run to an event is 10 simulated minutes or the scenario&apos;s end); paused there</source>
        <translation>到 %2 为止没有发生%1（“运行到”最多运行 10 分钟模拟时间或到场景结束）；已在该处暂停</translation>
    </message>
    <message numerus="yes">
        <source>Rewound to 0 s: %n live change(s) will be applied again at their times.</source>
        <translation>
            <numerusform>已回到 0 秒：%n 项实时修改会在原来的时间点重新生效。</numerusform>
        </translation>
    </message>
    <message>
        <source>Run at full speed to the next kswapd wake-up or sleep, direct reclaim, OOM kill or scenario event, and pause there; the arrow beside it chooses which (N: the next kswapd wake-up)</source>
        <translation>全速运行到下一次 kswapd 唤醒或睡眠、直接回收、OOM 杀进程或场景事件，并在那里暂停；旁边的箭头用来选择目标（N：下一次 kswapd 唤醒）</translation>
    </message>
    <message>
        <source>The kernel&apos;s /proc files and its log, in the kernel&apos;s formats</source>
        <translation>内核的 /proc 文件和内核日志，保持内核的原始格式</translation>
    </message>
    <message>
        <source>No later event in the event log</source>
        <translation>事件日志中没有更晚的事件</translation>
    </message>
    <message>
        <source>No earlier event in the event log</source>
        <translation>事件日志中没有更早的事件</translation>
    </message>
    <message>
        <source>Continue from %1</source>
        <translation>从 %1 继续</translation>
    </message>
    <message numerus="yes">
        <source>The run goes on from %1: what was simulated after it is discarded and simulated again. %n live change(s) were made after this moment.</source>
        <translation>
            <numerusform>运行将从 %1 继续：之后已模拟的部分会被丢弃并重新模拟。此时刻之后有 %n 项实时修改。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Drop them</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Overlay a Recording</source>
        <translation>叠加一份记录</translation>
    </message>
    <message>
        <source>Overlay a &amp;Recording…</source>
        <translation>叠加记录(&amp;R)…</translation>
    </message>
    <message>
        <source>Draw a real machine&apos;s recording (reclaimlab-cli record, or the kernel lab) on the plots, matched by /proc/vmstat name and aligned at 0 s</source>
        <translation>把真实机器的记录（reclaimlab-cli record 或内核实验室）画到图上，按 /proc/vmstat 名称对应，0 秒对齐</translation>
    </message>
    <message>
        <source>Remove the Recording Overlay</source>
        <translation>移除叠加的记录</translation>
    </message>
    <message>
        <source>Recording %1 drawn on the plots as dotted lines</source>
        <translation>记录 %1 已以点线画在图上</translation>
    </message>
    <message>
        <source>&amp;Compare with a Variant…</source>
        <translation>与变体对比(&amp;C)…</translation>
    </message>
    <message>
        <source>Run this scenario again beside a copy with one sysctl set otherwise, on one clock: one chart and the table of what differs</source>
        <translation>在同一时钟上把本场景与一个改了某个 sysctl 的副本并排再运行一次：一张图加一张差异表</translation>
    </message>
    <message>
        <source>Fragmentation</source>
        <translation>碎片</translation>
    </message>
    <message>
        <source>The buddy allocator: free blocks by order and migratetype, and the pageblocks</source>
        <translation>伙伴分配器：按阶和迁移类型统计的空闲块，以及各个 pageblock</translation>
    </message>
</context>
<context>
    <name>rlab::ui::MemoryPlots</name>
    <message>
        <source>Free memory and watermarks</source>
        <translation>空闲内存与水位线</translation>
    </message>
    <message>
        <source>Where memory is: LRU lists</source>
        <translation>内存去向：LRU 链表</translation>
    </message>
    <message>
        <source>Reclaim: kswapd vs direct</source>
        <translation>回收：kswapd 与直接回收</translation>
    </message>
    <message>
        <source>Reclaim: anon vs file</source>
        <translation>回收：匿名页与文件页</translation>
    </message>
    <message>
        <source>Swap and writeback</source>
        <translation>交换与回写</translation>
    </message>
    <message>
        <source>Watermarks</source>
        <translation>水位线</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>内存区</translation>
    </message>
    <message>
        <source>Which zone&apos;s free pages and watermarks the plot shows</source>
        <translation>图中显示哪个内存区的空闲页和水位线</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>聚焦</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>跟随实时</translation>
    </message>
    <message>
        <source>Keep the newest %1 s in view; drag or zoom to look at the past</source>
        <translation>始终显示最近 %1 秒；拖动或缩放可查看过去</translation>
    </message>
    <message>
        <source>simulated time (s)</source>
        <translation>模拟时间（秒）</translation>
    </message>
    <message>
        <source>pages</source>
        <translation>页</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>pages per second</source>
        <translation>每秒页数</translation>
    </message>
    <message>
        <source>swap I/O (pages per second)</source>
        <translation>交换 I/O（每秒页数）</translation>
    </message>
    <message>
        <source>kswapd running</source>
        <translation>kswapd 运行中</translation>
    </message>
    <message>
        <source>direct reclaim</source>
        <translation>直接回收</translation>
    </message>
    <message>
        <source>change / process event</source>
        <translation>修改 / 进程事件</translation>
    </message>
    <message>
        <source>All zones (node total)</source>
        <translation>所有内存区（节点合计）</translation>
    </message>
    <message>
        <source>free pages</source>
        <translation>空闲页</translation>
    </message>
    <message>
        <source>min watermark</source>
        <translation>最低水位线</translation>
    </message>
    <message>
        <source>low watermark</source>
        <translation>低水位线</translation>
    </message>
    <message>
        <source>high watermark</source>
        <translation>高水位线</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>unevictable</source>
        <translation>不可回收</translation>
    </message>
    <message>
        <source>active anon</source>
        <translation>活跃匿名页</translation>
    </message>
    <message>
        <source>inactive anon</source>
        <translation>不活跃匿名页</translation>
    </message>
    <message>
        <source>active file</source>
        <translation>活跃文件页</translation>
    </message>
    <message>
        <source>inactive file</source>
        <translation>不活跃文件页</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>anon scanned</source>
        <translation>匿名页扫描</translation>
    </message>
    <message>
        <source>anon reclaimed</source>
        <translation>匿名页回收</translation>
    </message>
    <message>
        <source>file scanned</source>
        <translation>文件页扫描</translation>
    </message>
    <message>
        <source>file reclaimed</source>
        <translation>文件页回收</translation>
    </message>
    <message>
        <source>swap used</source>
        <translation>已用交换</translation>
    </message>
    <message>
        <source>swap size</source>
        <translation>交换大小</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>脏页</translation>
    </message>
    <message>
        <source>under writeback</source>
        <translation>回写中</translation>
    </message>
    <message>
        <source>swap-ins/s</source>
        <translation>换入/秒</translation>
    </message>
    <message>
        <source>swap-outs/s</source>
        <translation>换出/秒</translation>
    </message>
    <message>
        <source>OOM</source>
        <translation>OOM</translation>
    </message>
    <message>
        <source>t = %1 s</source>
        <translation>t = %1 秒</translation>
    </message>
    <message>
        <source>%1: %2/s</source>
        <translation>%1：%2/秒</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>kswapd running (%1% of this 10 ms)</source>
        <translation>kswapd 运行中（这 10 毫秒中的 %1%）</translation>
    </message>
    <message>
        <source>kswapd not running</source>
        <translation>kswapd 未运行</translation>
    </message>
    <message>
        <source>kswapd scanned</source>
        <translation>kswapd 扫描</translation>
    </message>
    <message>
        <source>kswapd reclaimed</source>
        <translation>kswapd 回收</translation>
    </message>
    <message>
        <source>direct scanned</source>
        <translation>直接回收·扫描</translation>
    </message>
    <message>
        <source>direct reclaimed</source>
        <translation>直接回收·回收</translation>
    </message>
    <message>
        <source>refaults</source>
        <translation>再缺页（refault）</translation>
    </message>
    <message>
        <source>Memory pressure (PSI)</source>
        <translation>内存压力（PSI）</translation>
    </message>
    <message>
        <source>% of time stalled on memory</source>
        <translation>因内存而停顿的时间占比（%）</translation>
    </message>
    <message>
        <source>some: a task stalled</source>
        <translation>some：至少一个任务停顿</translation>
    </message>
    <message>
        <source>full: all tasks stalled</source>
        <translation>full：所有任务停顿</translation>
    </message>
    <message>
        <source>some avg10</source>
        <translation>some avg10</translation>
    </message>
    <message>
        <source>full avg10</source>
        <translation>full avg10</translation>
    </message>
    <message>
        <source>%1: %2%</source>
        <translation>%1：%2%</translation>
    </message>
    <message>
        <source>LRU</source>
        <translation>LRU</translation>
    </message>
    <message>
        <source>kswapd/direct</source>
        <translation>kswapd/直接</translation>
    </message>
    <message>
        <source>Anon/file</source>
        <translation>匿名/文件</translation>
    </message>
    <message>
        <source>Swap/IO</source>
        <translation>交换/IO</translation>
    </message>
    <message>
        <source>PSI</source>
        <translation>PSI</translation>
    </message>
    <message>
        <source>Scale the plot to three times the high watermark, so min, low and high stay readable; a red bar along the top marks where free pages run above it</source>
        <translation>把纵轴缩放到高水位线的三倍，让 min、low、high 清晰可读；顶部的红条标出空闲页超出图表的时段</translation>
    </message>
    <message>
        <source>above the plot</source>
        <translation>超出图表</translation>
    </message>
    <message>
        <source>▲ up to %1 free pages above the plot (Zoom)</source>
        <translation>▲ 空闲页最多 %1，超出图表（缩放）</translation>
    </message>
    <message>
        <source>lowest–highest per %1 s ◀ </source>
        <translation>每 %1 秒的最低–最高值 ◀ </translation>
    </message>
    <message numerus="yes">
        <source>%n direct reclaims in these %1 s; the last one:</source>
        <translation>
            <numerusform>这 %1 秒内有 %n 次直接回收；最后一次：</numerusform>
        </translation>
    </message>
    <message>
        <source>t = %1 … %2 s: lowest – highest</source>
        <translation>t = %1 … %2 秒：最低 – 最高</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1: %2 – %3</source>
        <translation>%1：%2 – %3</translation>
    </message>
    <message>
        <source>kswapd ran in this stretch</source>
        <translation>kswapd 在这段时间内运行过</translation>
    </message>
    <message>
        <source>kswapd did not run</source>
        <translation>kswapd 未运行</translation>
    </message>
    <message>
        <source>(older than %1 s: kept as the lowest and highest value per %2 s)</source>
        <translation>（早于最近 %1 秒的部分：每 %2 秒只保留最低值和最高值）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>compaction / allocation failure</source>
        <translation>规整 / 分配失败</translation>
    </message>
    <message numerus="yes">
        <source>%n compaction events in these %1 s; the last one:</source>
        <translation>
            <numerusform>这 %1 秒内有 %n 次规整事件；最后一次：</numerusform>
        </translation>
    </message>
    <message>
        <source>memcg OOM</source>
        <translation>memcg OOM</translation>
    </message>
</context>
<context>
    <name>rlab::ui::PageHistoryPanel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Move and cause</source>
        <translation>移动与原因</translation>
    </message>
    <message>
        <source>Click a page in the page map to follow it: every move it makes from then on is listed here with its time and cause.</source>
        <translation>在物理内存图中点击一个页面来跟踪它：此后它的每次移动都会连同时间和原因列在这里。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Frame %1&lt;/b&gt; (%2) · now &lt;b&gt;%3&lt;/b&gt; %4&lt;br&gt;&lt;span style=&apos;color:%6&apos;&gt;Followed since %5&lt;/span&gt;</source>
        <translation>&lt;b&gt;页帧 %1&lt;/b&gt;（%2）· 当前 &lt;b&gt;%3&lt;/b&gt; %4&lt;br&gt;&lt;span style=&apos;color:%6&apos;&gt;自 %5 起跟踪&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>rlab::ui::PageMapView</name>
    <message>
        <source>Physical memory map</source>
        <translation>物理内存图</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>inactive anon</source>
        <translation>不活跃匿名页</translation>
    </message>
    <message>
        <source>active anon</source>
        <translation>活跃匿名页</translation>
    </message>
    <message>
        <source>inactive file</source>
        <translation>不活跃文件页</translation>
    </message>
    <message>
        <source>active file</source>
        <translation>活跃文件页</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>脏页</translation>
    </message>
    <message>
        <source>writeback</source>
        <translation>回写</translation>
    </message>
    <message>
        <source>unevictable</source>
        <translation>不可回收</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <source>The page map appears when a scenario runs.</source>
        <translation>场景运行后显示物理内存图。</translation>
    </message>
    <message numerus="yes">
        <source>%1 · one cell = %n pages</source>
        <translation>
            <numerusform>%1 · 每格 = %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · one cell = one page</source>
        <translation>%1 · 每格 = 1 页</translation>
    </message>
    <message>
        <source>%1 %2%</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>Frames %1–%2: mostly %3. Click to follow frame %1.</source>
        <translation>页帧 %1–%2：大多为%3。点击以跟踪页帧 %1。</translation>
    </message>
    <message>
        <source>Frame %1: %2. Click to follow it.</source>
        <translation>页帧 %1：%2。点击以跟踪它。</translation>
    </message>
    <message>
        <source>dot: a few dirty or writeback pages</source>
        <translation>圆点：含少量脏页或回写中的页</translation>
    </message>
    <message>
        <source>Some of its pages are under writeback.</source>
        <translation>其中有些页正在回写。</translation>
    </message>
    <message>
        <source>Some of its pages are dirty.</source>
        <translation>其中有些页是脏页。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::ProcTextView</name>
    <message>
        <source>Waiting for the simulation…</source>
        <translation>等待模拟…</translation>
    </message>
    <message>
        <source>Pressure stall information (PSI) is not yet modelled by the engine.</source>
        <translation>引擎尚未模拟压力停顿信息（PSI）。</translation>
    </message>
    <message>
        <source>The kernel log is not yet modelled by the engine.</source>
        <translation>引擎尚未模拟内核日志。</translation>
    </message>
    <message>
        <source>(the kernel log is empty: nothing to report yet)</source>
        <translation>（内核日志为空：暂无内容）</translation>
    </message>
    <message>
        <source>This scenario has no cgroups: every process runs in the root cgroup, which has no memory limits. A scenario&apos;s &quot;cgroups&quot; list creates them (docs/scenario-format.md).</source>
        <translation>这个场景没有 cgroup：每个进程都运行在根 cgroup 中，而根 cgroup 没有内存限制。在场景里加入 &quot;cgroups&quot; 列表即可创建 cgroup（见 docs/scenario-format.md）。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::ProcessModel</name>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>oom_score_adj</source>
        <translation>oom_score_adj</translation>
    </message>
    <message>
        <source>oom_score</source>
        <translation>oom_score</translation>
    </message>
    <message>
        <source>Resident anonymous memory (heap, stacks): MM_ANONPAGES</source>
        <translation>驻留的匿名内存（堆、栈）：MM_ANONPAGES</translation>
    </message>
    <message>
        <source>Resident file pages mapped by the process: MM_FILEPAGES</source>
        <translation>进程映射的驻留文件页：MM_FILEPAGES</translation>
    </message>
    <message>
        <source>Pages of this process that live in swap: MM_SWAPENTS</source>
        <translation>该进程位于交换空间中的页面：MM_SWAPENTS</translation>
    </message>
    <message>
        <source>Memory used by the process&apos;s page tables</source>
        <translation>进程页表占用的内存</translation>
    </message>
    <message>
        <source>/proc/PID/oom_score_adj, -1000 (never kill) to 1000 (kill first). Double-click to edit.</source>
        <translation>/proc/PID/oom_score_adj，-1000（永不杀死）到 1000（最先杀死）。双击可编辑。</translation>
    </message>
    <message>
        <source>/proc/PID/oom_score: the OOM killer&apos;s badness, normalised to 0..2000</source>
        <translation>/proc/PID/oom_score：OOM killer 的“坏度”评分，归一化到 0..2000</translation>
    </message>
    <message>
        <source>%1 ◀ OOM victim</source>
        <translation>%1 ◀ OOM 目标</translation>
    </message>
    <message>
        <source>The OOM killer would choose %1 now: it has the highest badness (memory use weighted by oom_score_adj).</source>
        <translation>此刻 OOM killer 会选中 %1：它的坏度最高（按 oom_score_adj 加权的内存用量）。</translation>
    </message>
    <message>
        <source>oom_score needs the engine&apos;s OOM killer model</source>
        <translation>oom_score 需要引擎的 OOM killer 模型</translation>
    </message>
    <message>
        <source>Stalled in direct reclaim: the process must free memory before its allocation succeeds (%1 stalled in total)</source>
        <translation>在直接回收中停顿：进程必须先释放内存，分配才能成功（累计停顿 %1）</translation>
    </message>
    <message>
        <source>RSS
anon</source>
        <translation>RSS
匿名</translation>
    </message>
    <message>
        <source>RSS
file</source>
        <translation>RSS
文件</translation>
    </message>
    <message>
        <source>Page
tables</source>
        <translation>页表</translation>
    </message>
    <message>
        <source>%1 (PID %2): page tables %3</source>
        <translation>%1（PID %2）：页表 %3</translation>
    </message>
    <message>
        <source>The OOM killer would choose it now.</source>
        <translation>OOM killer 现在会选中它。</translation>
    </message>
    <message>
        <source>Stalled for %1 in total in direct reclaim</source>
        <translation>在直接回收中累计停顿 %1</translation>
    </message>
</context>
<context>
    <name>rlab::ui::ProcessPanel</name>
    <message>
        <source>Memory hog</source>
        <translation>内存大户</translation>
    </message>
    <message>
        <source>Slow leak</source>
        <translation>缓慢泄漏</translation>
    </message>
    <message>
        <source>Allocation burst</source>
        <translation>突发分配</translation>
    </message>
    <message>
        <source>Streaming reader</source>
        <translation>流式读取</translation>
    </message>
    <message>
        <source>File writer</source>
        <translation>文件写入</translation>
    </message>
    <message>
        <source>Hot working set</source>
        <translation>热工作集</translation>
    </message>
    <message>
        <source>mlock()ed buffer</source>
        <translation>mlock() 锁定的缓冲区</translation>
    </message>
    <message>
        <source>allocates half of RAM at an eighth of RAM per second, then holds it</source>
        <translation>以每秒内存的八分之一的速度分配内存的一半，然后一直占用</translation>
    </message>
    <message>
        <source>allocates a 64th of RAM per second and never stops</source>
        <translation>每秒分配内存的六十四分之一，永不停止</translation>
    </message>
    <message>
        <source>allocates a quarter of RAM at once</source>
        <translation>一次性分配内存的四分之一</translation>
    </message>
    <message>
        <source>reads a file eight times the size of RAM once, at a tenth of RAM per second (backup, video)</source>
        <translation>以每秒内存十分之一的速度把一个八倍内存大小的文件读一遍（备份、视频）</translation>
    </message>
    <message>
        <source>writes a file at a twentieth of RAM per second, dirtying page cache</source>
        <translation>以每秒内存二十分之一的速度写文件，产生脏页缓存</translation>
    </message>
    <message>
        <source>touches a quarter of RAM of anonymous memory 20 000 times a second</source>
        <translation>每秒 20 000 次访问占内存四分之一的匿名内存</translation>
    </message>
    <message>
        <source>locks a 16th of RAM with mlock(): reclaim cannot touch it</source>
        <translation>用 mlock() 锁定内存的十六分之一：回收无法动它</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>杀死</translation>
    </message>
    <message>
        <source>Start process</source>
        <translation>启动进程</translation>
    </message>
    <message>
        <source>Send SIGKILL to the selected process</source>
        <translation>向选中的进程发送 SIGKILL</translation>
    </message>
    <message>
        <source>Double-click oom_score_adj to change it live.</source>
        <translation>双击 oom_score_adj 可实时修改。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::SimulationController</name>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1：无法读取：%2</translation>
    </message>
    <message>
        <source>%1, or raise the limit with --memory-limit SIZE</source>
        <translation>%1；也可以用 --memory-limit SIZE 放宽限制</translation>
    </message>
</context>
<context>
    <name>rlab::ui::TimelineBar</name>
    <message>
        <source>%1 of %2 · in the past</source>
        <translation>%1 / %2 · 过去的时刻</translation>
    </message>
    <message>
        <source>%1 · now</source>
        <translation>%1 · 当前</translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s) of the engine state, %1 of at most %2, one every %3: a moment is shown by restoring the checkpoint before it and simulating on to it.</source>
        <translation>
            <numerusform>引擎状态的检查点 %n 个，占 %1（上限 %2），每 %3 一个：显示某一时刻时，先恢复它之前的检查点，再模拟到该时刻。</numerusform>
        </translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Previous event in the event log</source>
        <translation>事件日志中的上一个事件</translation>
    </message>
    <message>
        <source>One step (100 µs) back</source>
        <translation>后退一步（100 µs）</translation>
    </message>
    <message>
        <source>One step (100 µs) forward, within what was simulated</source>
        <translation>前进一步（100 µs），限于已模拟的范围</translation>
    </message>
    <message>
        <source>Next event in the event log</source>
        <translation>事件日志中的下一个事件</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Back to the newest moment of the run</source>
        <translation>回到运行的最新时刻</translation>
    </message>
    <message>
        <source>Drag to any moment of the run: every view shows it. Run, Step or a live change then continues from there.</source>
        <translation>拖到运行中的任意时刻：所有视图都显示该时刻。之后的运行、单步或实时修改都从那里继续。</translation>
    </message>
</context>
<context>
    <name>rlab::ui::TunablesPanel</name>
    <message>
        <source>Changes apply at the next simulation step, also while paused. Hover a name for what it does.</source>
        <translation>修改在下一个模拟步生效，暂停时也一样。将鼠标悬停在名称上可查看说明。</translation>
    </message>
    <message>
        <source>Reclaim and watermarks</source>
        <translation>回收与水位线</translation>
    </message>
    <message>
        <source>No swap device in this scenario.</source>
        <translation>本场景没有交换设备。</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>Dirty pages and writeback</source>
        <translation>脏页与回写</translation>
    </message>
    <message>
        <source>Drop caches</source>
        <translation>丢弃缓存</translation>
    </message>
    <message>
        <source>1 · page cache</source>
        <translation>1 · 页缓存</translation>
    </message>
    <message>
        <source>2 · slab</source>
        <translation>2 · slab</translation>
    </message>
    <message>
        <source>3 · both</source>
        <translation>3 · 两者</translation>
    </message>
    <message>
        <source>echo %1 &gt; /proc/sys/vm/drop_caches</source>
        <translation>echo %1 &gt; /proc/sys/vm/drop_caches</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>内存耗尽</translation>
    </message>
    <message>
        <source>More sysctls</source>
        <translation>更多 sysctl</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>%1 – %2 %3</source>
        <translation>%1 – %2 %3</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Back to the scenario&apos;s value</source>
        <translation>恢复为场景中的值</translation>
    </message>
    <message>
        <source>%1 used of %2 · priority %3</source>
        <translation>已用 %1 / %2 · 优先级 %3</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Active: click for swapoff</source>
        <translation>已启用：点击执行 swapoff</translation>
    </message>
    <message>
        <source>Off: click for swapon</source>
        <translation>已关闭：点击执行 swapon</translation>
    </message>
    <message>
        <source>Fragmentation and compaction</source>
        <translation>碎片与内存规整</translation>
    </message>
    <message>
        <source>Transparent huge pages</source>
        <translation>透明大页（THP）</translation>
    </message>
    <message>
        <source>/sys/kernel/mm/transparent_hugepage/enabled: which anonymous regions a fault may map with one 2 MiB page. always: every region; madvise: only regions that asked with MADV_HUGEPAGE; never: none. THPs already mapped stay.</source>
        <translation>/sys/kernel/mm/transparent_hugepage/enabled：缺页时哪些匿名内存区域可以一次映射一个 2 MiB 的大页。always：所有区域；madvise：只有用 MADV_HUGEPAGE 申请过的区域；never：都不可以。已经映射的透明大页保持不变。</translation>
    </message>
    <message>
        <source>/sys/kernel/mm/transparent_hugepage/defrag: what a THP fault does when no free 2 MiB block is there. always: reclaim and compact in the fault (it stalls); defer: wake kswapd and kcompactd, use 4 KiB pages now; defer+madvise: MADV_HUGEPAGE regions as always, the others as defer; madvise (default): MADV_HUGEPAGE regions as always, the others fall back at once; never: fall back at once.</source>
        <translation>/sys/kernel/mm/transparent_hugepage/defrag：没有空闲的 2 MiB 块时，透明大页缺页怎么做。always：在缺页中直接回收并规整内存（进程会停顿）；defer：唤醒 kswapd 和 kcompactd，这次先用 4 KiB 页；defer+madvise：MADV_HUGEPAGE 区域按 always，其余按 defer；madvise（默认）：MADV_HUGEPAGE 区域按 always，其余立即退回 4 KiB 页；never：立即退回 4 KiB 页。</translation>
    </message>
</context>
</TS>
