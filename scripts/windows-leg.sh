#!/usr/bin/env bash
# The Windows leg: cross-builds mapi_emu for 64-bit Windows with mingw-w64
# (Debug at -O1 without debug information, in unity batches, which builds
# fastest; warnings as errors) and runs the whole suite under Wine, headless. The dependencies are cross-built once per machine into a cache
# outside the checkout ($MAPI_EMU_CACHE or ~/.cache/mapi_emu) by
# scripts/mingw-deps.sh.
#   usage: scripts/windows-leg.sh BUILD_DIR      (e.g. build-win)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath -m "${1:?build dir}")
jobs=$(nproc)
start=$SECONDS
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

echo "=== leg: windows ($build)"
deps="${MAPI_EMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mapi_emu}/mingw-deps"
bash scripts/mingw-deps.sh "$deps" "$build/mingw-deps-work"
echo "=== mingw dependencies ready after $((SECONDS - start)) s"
if ! command -v wine >/dev/null || ! command -v wineserver >/dev/null; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
fi

# Headless Wine in a prefix of its own: no display, no Mono or Gecko
# prompts, no debug chatter. The build runs the test programs too
# (gtest_discover_tests), so the server starts before it, and outside any
# pipe: a server that a piped wine starts holds that pipe open, and every
# run waits ~2.4 s for it to exit.
export WINEPREFIX="$build/.wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$WINEPREFIX"
wineserver -p 2>/dev/null || true   # fails only when one already serves this prefix
trap 'wineserver -k 2>/dev/null || true' EXIT
wine cmd /c exit 0 >/dev/null 2>&1 || true   # creates the prefix on first use (~3 s)

cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
  "-DMINGW_DEPS_PREFIX=$deps" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DMAPI_EMU_WERROR=ON \
  -DMAPI_EMU_UNITY_BUILD=ON \
  -DMAPI_EMU_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$jobs"
echo "=== windows build done after $((SECONDS - start)) s"
status=0
ctest --test-dir "$build" -j"$jobs" --output-on-failure --timeout 300 || status=1
wineserver -k || true
trap - EXIT
echo "=== leg windows took $((SECONDS - start)) s"
exit $status
