#!/usr/bin/env bash
# Installs what is missing, builds mapi_emu (Release) with the sample
# providers, and runs the demo: a MAPI client takes sample_store, sample_ab
# and sample_xp through a full lifecycle on the default profile, made from
# the MAPISVC.INF beside the providers. Profiles and provider data go to a
# fresh directory (printed at the end), never to your own profiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMAPI_EMU_BUILD_TESTS=OFF -DMAPI_EMU_BUILD_BENCH=OFF >/dev/null
cmake --build build-release -j"$(nproc)"
work="$(mktemp -d "${TMPDIR:-/tmp}/mapi_emu_demo.XXXXXX")"
mkdir -p "$work/profiles" "$work/data"
export MAPI_EMU_PROFILES="$work/profiles"
export MAPI_EMU_DATA="$work/data"
export MAPI_EMU_MAPISVC="$PWD/build-release/providers/mapisvc.inf"
./build-release/mapi_emu/cli/mapi_emu demo
echo "profiles and provider data of this run: $work"
