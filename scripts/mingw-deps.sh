#!/usr/bin/env bash
# Cross-builds what mapi_emu links for Windows into PREFIX with mingw-w64
# (cmake/mingw-w64-x86_64.cmake): Abseil, fmt and spdlog from Debian's own
# source packages (the versions the Linux build uses, Abseil with the same
# options.h), GoogleTest/GMock from Debian's /usr/src/googletest, and
# nlohmann/json, which is header-only, copied. Nothing comes from outside
# Debian. A stamp file marks a complete PREFIX: a cached one is reused as is.
#   usage: scripts/mingw-deps.sh PREFIX WORKDIR
#   e.g.   scripts/mingw-deps.sh \
#            "${MAPI_EMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mapi_emu}/mingw-deps" build-win/deps-work
set -euo pipefail
prefix=$(realpath -m "${1:?prefix}"); work=$(realpath -m "${2:?workdir}")
toolchain=$(cd "$(dirname "$0")/.." && pwd)/cmake/mingw-w64-x86_64.cmake
# What a complete PREFIX was built from; a change here rebuilds the cache.
recipe="mingw-deps 1: abseil fmtlib spdlog (bookworm sources), googletest, nlohmann-json3; Release, C++20"
stamp="$prefix/mingw-deps.stamp"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

# The cross compiler is needed by the project build too, cache or not.
packages=(g++-mingw-w64-x86-64-posix cmake ninja-build dpkg-dev googletest nlohmann-json3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "mingw-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$recipe" ]; then
  echo "mingw-deps: reusing $prefix"; exit 0
fi
# A PREFIX without the right stamp is a half-built or older one: start over.
rm -rf "$prefix"
mkdir -p "$work" "$prefix"; cd "$work"

if ! ls -d abseil-*/ fmtlib-*/ spdlog-*/ >/dev/null 2>&1; then
  # Debian's mirrors carry the sources next to the binaries; enable them once.
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  fi
  $SUDO apt-get update -qq
  apt-get source -qq abseil fmtlib spdlog >apt-source.log 2>&1 || { cat apt-source.log; exit 1; }
fi

common=(-G Ninja "-DCMAKE_TOOLCHAIN_FILE=$toolchain" "-DMINGW_DEPS_PREFIX=$prefix"
        -DCMAKE_BUILD_TYPE=Release "-DCMAKE_INSTALL_PREFIX=$prefix" -DCMAKE_CXX_STANDARD=20)
build() {  # build NAME SOURCE_DIR CMAKE_ARGS...
  local name=$1 src=$2 start=$SECONDS; shift 2
  local log="$work/build-$name.log"
  { cmake -S "$src" -B "build-$name" "${common[@]}" "$@" &&
    cmake --build "build-$name" -j"$(nproc)" &&
    cmake --install "build-$name"; } >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
  echo "mingw-deps: built $name in $((SECONDS - start)) s"
}
# In dependency order: spdlog finds the fmt installed just before it.
build absl "$(ls -d abseil-*/ | head -1)" -DBUILD_TESTING=OFF -DABSL_PROPAGATE_CXX_STD=ON
build gtest /usr/src/googletest
build fmt "$(ls -d fmtlib-*/ | head -1)" -DFMT_TEST=OFF -DFMT_DOC=OFF
build spdlog "$(ls -d spdlog-*/ | head -1)" -DSPDLOG_FMT_EXTERNAL=ON \
  -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF -DSPDLOG_BUILD_BENCH=OFF

# Header-only; its CMake package finds the prefix three levels above itself.
mkdir -p "$prefix/include" "$prefix/share/cmake"
cp -r /usr/include/nlohmann "$prefix/include/"
cp -r /usr/share/cmake/nlohmann_json "$prefix/share/cmake/"

echo "$recipe" >"$stamp"
echo "mingw-deps: built into $prefix"
