#!/usr/bin/env bash
# The README's run command: install what is missing, build, and run ReclaimLab on the default
# scenario (or the scenario given). Without a display the app runs headless and prints where its
# charts went.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRLAB_BUILD_TESTS=OFF > /dev/null
cmake --build build/release -j "$(nproc)"
if [ -x build/release/app/reclaimlab ]; then
  exec build/release/app/reclaimlab "$@"
fi
scenario=${1:-resources/scenarios/default.json}
exec build/release/cli/reclaimlab-cli run "$scenario"
