#!/usr/bin/env bash
# Builds Abseil with ThreadSanitizer into PREFIX, from Debian's own source
# package (the same 20220623.1 as libabsl-dev), so the TSan leg sees
# absl::Mutex: Debian's libabsl_synchronization.so is not instrumented and
# TSan would report races that the mutex in fact prevents. Position-independent,
# since libmapi_emu.so links it. Reuses PREFIX when it already holds a build.
#   usage: scripts/absl-tsan.sh PREFIX WORKDIR
set -euo pipefail
prefix=$(realpath -m "${1:?prefix}"); work=$(realpath -m "${2:?workdir}")
if [ -f "$prefix/lib/cmake/absl/abslConfig.cmake" ]; then
  echo "absl-tsan: reusing $prefix"; exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$work"; cd "$work"
if ! ls -d abseil-*/ >/dev/null 2>&1; then
  # Debian's mirrors carry the sources next to the binaries; enable them once.
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  fi
  dpkg-query -W -f='${Status}' dpkg-dev 2>/dev/null | grep -q "install ok installed" ||
    { $SUDO apt-get update -qq; $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null; }
  $SUDO apt-get update -qq
  apt-get source -qq abseil >apt-source.log 2>&1 || { cat apt-source.log; exit 1; }
fi
src=$(ls -d abseil-*/ | head -1)
cmake -S "$src" -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_STANDARD=20 \
  -DBUILD_TESTING=OFF -DABSL_PROPAGATE_CXX_STD=ON -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DCMAKE_INSTALL_PREFIX="$prefix" >build.log 2>&1 || { tail -20 build.log; exit 1; }
cmake --build build -j"$(nproc)" >>build.log 2>&1 || { tail -40 build.log; exit 1; }
cmake --install build >>build.log 2>&1
echo "absl-tsan: built into $prefix"
