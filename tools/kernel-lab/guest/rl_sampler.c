// SPDX-License-Identifier: GPL-3.0-or-later
// Guest side of the kernel lab: every interval, copies /proc files into records on a raw disk.
// Writes use O_DIRECT so the recording itself adds no dirty or cached pages to the guest.
//
// usage: rl-sampler OUTPUT_DEVICE INTERVAL_MS
// Stops at SIGTERM or SIGINT, then appends the kernel log and an end record.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <time.h>
#include <unistd.h>

enum { kBlock = 4096, kBufferBytes = 1 << 20 };

static volatile sig_atomic_t stopRequested = 0;
static char* buffer;
static size_t used;
static int out = -1;
static off_t outOffset;

static void onSignal(int sig)
{
    (void)sig;
    stopRequested = 1;
}

static void append(const char* data, size_t length)
{
    if (used + length > kBufferBytes - kBlock)
        length = kBufferBytes - kBlock - used; // a record never outgrows the buffer
    memcpy(buffer + used, data, length);
    used += length;
}

static void appendText(const char* text)
{
    append(text, strlen(text));
}

static void appendFile(const char* label, const char* path)
{
    char header[256];
    snprintf(header, sizeof header, "--- %s\n", label);
    appendText(header);
    const int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    for (;;) {
        const size_t room = kBufferBytes - kBlock - used;
        if (room == 0)
            break;
        const ssize_t n = read(fd, buffer + used, room);
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    close(fd);
}

static double monotonicMs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/// Pads the record to whole blocks (the padding is spaces, then a newline) and writes it.
static int flush(void)
{
    const size_t padded = (used + kBlock - 1) / kBlock * kBlock;
    if (padded > used) {
        memset(buffer + used, ' ', padded - used);
        buffer[padded - 1] = '\n';
    }
    const ssize_t n = pwrite(out, buffer, padded, outOffset);
    used = 0;
    if (n != (ssize_t)padded) {
        fprintf(stderr, "rl-sampler: write failed at %lld: %s\n", (long long)outOffset, strerror(errno));
        return -1;
    }
    outOffset += (off_t)padded;
    return 0;
}

static void appendProcesses(void)
{
    // Per-process status of the lab's workload programs (their names start with "rl-").
    DIR* proc = opendir("/proc");
    if (!proc)
        return;
    struct dirent* entry;
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        char path[288];
        char comm[64] = "";
        snprintf(path, sizeof path, "/proc/%s/comm", entry->d_name);
        FILE* f = fopen(path, "r");
        if (!f)
            continue;
        if (!fgets(comm, sizeof comm, f))
            comm[0] = '\0';
        fclose(f);
        if (strncmp(comm, "rl-", 3) != 0 || strncmp(comm, "rl-sampler", 10) == 0)
            continue;
        char label[320];
        snprintf(label, sizeof label, "pid %s status", entry->d_name);
        snprintf(path, sizeof path, "/proc/%s/status", entry->d_name);
        appendFile(label, path);
        snprintf(label, sizeof label, "pid %s oom_score", entry->d_name);
        snprintf(path, sizeof path, "/proc/%s/oom_score", entry->d_name);
        appendFile(label, path);
    }
    closedir(proc);
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: rl-sampler OUTPUT_DEVICE INTERVAL_MS\n");
        return 2;
    }
    const long intervalMs = strtol(argv[2], NULL, 10);
    if (intervalMs < 10 || intervalMs > 60000) {
        fprintf(stderr, "rl-sampler: INTERVAL_MS must be 10..60000\n");
        return 2;
    }
    out = open(argv[1], O_WRONLY | O_DIRECT);
    if (out < 0) {
        fprintf(stderr, "rl-sampler: cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    if (posix_memalign((void**)&buffer, kBlock, kBufferBytes) != 0)
        return 1;
    signal(SIGTERM, onSignal);
    signal(SIGINT, onSignal);

    const double start = monotonicMs();
    double next = start;
    char header[128];
    while (!stopRequested) {
        const double now = monotonicMs();
        snprintf(header, sizeof header, "=== sample t_ms=%.1f mono_s=%.3f\n", now - start, now / 1000.0);
        appendText(header);
        appendFile("vmstat", "/proc/vmstat");
        appendFile("zoneinfo", "/proc/zoneinfo");
        appendFile("meminfo", "/proc/meminfo");
        appendFile("pressure", "/proc/pressure/memory");
        appendFile("marks", "/run/marks");
        appendProcesses();
        if (flush() != 0)
            return 1;
        next += (double)intervalMs;
        const double wait = next - monotonicMs();
        if (wait > 0) {
            const struct timespec ts = { (time_t)(wait / 1000.0), (long)((wait - (double)(time_t)(wait / 1000.0) * 1000.0) * 1e6) };
            nanosleep(&ts, NULL); // a signal ends the sleep early
        } else {
            next = monotonicMs(); // fell behind: do not try to catch up with a burst
        }
    }
    snprintf(header, sizeof header, "=== dmesg t_ms=%.1f\n", monotonicMs() - start);
    appendText(header);
    const int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
    if (size > 0) {
        char* log = malloc((size_t)size);
        const int n = log ? klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, size) : -1;
        if (n > 0)
            append(log, (size_t)n);
        free(log);
    }
    appendText("\n=== end\n");
    return flush() != 0;
}
