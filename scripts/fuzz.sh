#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, address + undefined sanitizers) in build/fuzz and runs each for
# SECONDS (default 60): fuzz_scenario and fuzz_lesson on the reader, fuzz_run on generated scenarios
# run for 200 ms with invariants checked, fuzz_host on the readers of a real machine's /proc. Seeds: the
# shipped scenarios and lessons, tests/golden, tests/fuzz/corpus/run and tests/fuzz/corpus/host; new
# inputs go to build/fuzz/corpus, crashes to build/fuzz/findings.
# Exit status 0 when no target found anything.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
case "$seconds" in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
./scripts/install-deps.sh clang libclang-rt-14-dev

CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRLAB_BUILD_FUZZERS=ON -DRLAB_BUILD_GUI=OFF -DRLAB_BUILD_TESTS=OFF > /dev/null
cmake --build build/fuzz -j "$(nproc)" --target fuzz_scenario fuzz_lesson fuzz_run fuzz_host

mkdir -p build/fuzz/findings
status=0
run() {
  local target=$1; shift
  local corpus=build/fuzz/corpus/$target
  mkdir -p "$corpus"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb and -timeout turn a runaway input into a finding instead of a hung CI.
  if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
      "build/fuzz/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$target-" \
      "$corpus" "$@" 2> "build/fuzz/$target.log"; then
    echo "$target found a problem; see build/fuzz/$target.log and build/fuzz/findings/" >&2
    tail -40 "build/fuzz/$target.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "build/fuzz/$target.log" || true
}
run fuzz_scenario resources/scenarios tests/golden
run fuzz_lesson lessons
run fuzz_run tests/fuzz/corpus/run
run fuzz_host tests/fuzz/corpus/host
exit $status
