#!/usr/bin/env bash
# The README's test command: install what is missing, build with warnings as errors, run every test,
# then build the tests again with AddressSanitizer + UndefinedBehaviorSanitizer and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc)

cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_COMPILE_WARNING_AS_ERROR=ON
cmake --build build/test -j "$jobs"
(cd build/test && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs")

if [ "${RLAB_SKIP_SANITIZERS:-0}" != "1" ]; then
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
        -DRLAB_SANITIZERS=address,undefined
  cmake --build build/asan -j "$jobs"
  (cd build/asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
     QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs")
fi
