// SPDX-License-Identifier: GPL-3.0-or-later
// Guest side of the kernel lab: the workload programs, one binary named by how it is called.
//   rl-anon SIZE_MIB RATE_MIB_S HOLD_S [RETOUCH_MIB_S]  anonymous memory touched page by page at a rate,
//                                                      then held (re-touched in order, or idle)
//   rl-read PATH SIZE_MIB RATE_MIB_S PASSES            sequential read() of a file or disk
//   rl-write PATH SIZE_MIB RATE_MIB_S                  sequential buffered write()
// A rate of 0 means as fast as possible. Each program appends its start and end to /run/marks.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum { kPage = 4096, kChunk = 128 * 1024 };

static double nowSeconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void mark(const char* who, const char* what)
{
    const int fd = open("/run/marks", O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0)
        return;
    char line[160];
    const int n = snprintf(line, sizeof line, "%.3f %s[%d] %s\n", nowSeconds(), who, (int)getpid(), what);
    if (n > 0)
        (void)write(fd, line, (size_t)n);
    close(fd);
}

/// Sleeps until `done` bytes at `rate` bytes/s are due since `start` (rate 0: never sleeps).
static void pace(double start, double done, double rate)
{
    if (rate <= 0)
        return;
    const double wait = start + done / rate - nowSeconds();
    if (wait > 0) {
        const struct timespec ts = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };
        nanosleep(&ts, NULL);
    }
}

static double number(const char* text, const char* what)
{
    char* end = NULL;
    const double v = strtod(text, &end);
    if (!end || *end || v < 0) {
        fprintf(stderr, "bad %s: %s\n", what, text);
        exit(2);
    }
    return v;
}

static int anon(int argc, char** argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: rl-anon SIZE_MIB RATE_MIB_S HOLD_S [RETOUCH_MIB_S]\n");
        return 2;
    }
    const size_t size = (size_t)(number(argv[1], "size") * 1048576.0);
    const double rate = number(argv[2], "rate") * 1048576.0;
    const double hold = number(argv[3], "hold");
    const double retouch = argc == 5 ? number(argv[4], "retouch rate") * 1048576.0 : 0.0;
    char* region = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        perror("rl-anon: mmap");
        return 1;
    }
    mark("rl-anon", "start");
    double start = nowSeconds();
    for (size_t off = 0; off < size; off += kPage) {
        region[off] = 1; // first touch: one page fault, one page
        if ((off & (kChunk - 1)) == 0)
            pace(start, (double)off, rate);
    }
    mark("rl-anon", "allocated");
    const double holdEnd = nowSeconds() + hold;
    start = nowSeconds();
    double done = 0;
    size_t off = 0;
    while (nowSeconds() < holdEnd) {
        if (retouch <= 0) {
            const double left = holdEnd - nowSeconds();
            const struct timespec ts = { (time_t)(left < 1 ? 0 : 1), left < 1 ? (long)(left * 1e9) : 0 };
            nanosleep(&ts, NULL);
            continue;
        }
        region[off] += 1;
        off = (off + kPage) % size;
        done += kPage;
        if (((size_t)done & (kChunk - 1)) == 0)
            pace(start, done, retouch);
    }
    mark("rl-anon", "done");
    return 0;
}

static int readFile(int argc, char** argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: rl-read PATH SIZE_MIB RATE_MIB_S PASSES\n");
        return 2;
    }
    const size_t size = (size_t)(number(argv[2], "size") * 1048576.0);
    const double rate = number(argv[3], "rate") * 1048576.0;
    const int passes = (int)number(argv[4], "passes");
    const int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "rl-read: cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    static char chunk[kChunk];
    mark("rl-read", "start");
    for (int p = 0; p < passes; ++p) {
        const double start = nowSeconds();
        for (size_t off = 0; off < size; off += kChunk) {
            if (pread(fd, chunk, kChunk, (off_t)off) <= 0)
                break;
            pace(start, (double)off, rate);
        }
        mark("rl-read", "pass done");
    }
    close(fd);
    mark("rl-read", "done");
    return 0;
}

static int writeFile(int argc, char** argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: rl-write PATH SIZE_MIB RATE_MIB_S\n");
        return 2;
    }
    const size_t size = (size_t)(number(argv[2], "size") * 1048576.0);
    const double rate = number(argv[3], "rate") * 1048576.0;
    const int fd = open(argv[1], O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "rl-write: cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    static char chunk[kChunk];
    memset(chunk, 0x5a, sizeof chunk);
    mark("rl-write", "start");
    const double start = nowSeconds();
    for (size_t off = 0; off < size; off += kChunk) {
        if (pwrite(fd, chunk, kChunk, (off_t)off) != kChunk) {
            perror("rl-write: write");
            return 1;
        }
        pace(start, (double)off, rate);
    }
    close(fd);
    mark("rl-write", "done");
    return 0;
}

int main(int argc, char** argv)
{
    const char* name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strcmp(name, "rl-anon") == 0)
        return anon(argc, argv);
    if (strcmp(name, "rl-read") == 0)
        return readFile(argc, argv);
    if (strcmp(name, "rl-write") == 0)
        return writeFile(argc, argv);
    fprintf(stderr, "call me as rl-anon, rl-read or rl-write\n");
    return 2;
}
