#!/usr/bin/env bash
# Installs what is missing, builds mapi_emu (Release) and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMAPI_EMU_BUILD_TESTS=OFF -DMAPI_EMU_BUILD_BENCH=OFF >/dev/null
cmake --build build-release -j"$(nproc)"
./build-release/mapi_emu/cli/mapi_emu demo
