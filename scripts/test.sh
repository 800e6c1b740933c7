#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole test suite in
# legs: a plain Debug build with warnings as errors, and an ASan+UBSan build;
# the threaded tests (the spooler's) once more under ThreadSanitizer; and the
# Windows build (mingw-w64) with the whole suite under Wine
# (scripts/windows-leg.sh, docs/windows.md).
#   MAPI_EMU_LEGS="linux tsan" scripts/test.sh   runs only the legs named
#   (linux, asan-ubsan, tsan, windows; all four by default);
#   MAPI_EMU_SKIP_ASAN=1, MAPI_EMU_SKIP_TSAN=1 and MAPI_EMU_SKIP_WINDOWS=1
#   drop one leg.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
status=0
# Line tables only (-g1): backtraces and sanitizer reports keep file:line,
# and the legs build a good deal faster than with full debug info.
debug="-DCMAKE_CXX_FLAGS_DEBUG=-g1"
# Every leg builds in unity batches (MAPI_EMU_UNITY_BUILD): each batch of 16
# sources parses the common headers once, and a clean build takes less than
# half as long.
leg() {  # leg NAME BUILD_DIR CMAKE_ARGS...   ($targets, $labels narrow it)
  local name=$1 dir=$2; shift 2
  local start=$SECONDS
  echo "=== leg: $name ($dir)"
  cmake -S . -B "$dir" -G Ninja -DMAPI_EMU_WERROR=ON -DMAPI_EMU_UNITY_BUILD=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" ${targets:+--target $targets}
  if ! ctest --test-dir "$dir" -j"$jobs" --output-on-failure --timeout 300 ${labels:+-L $labels}; then
    status=1
  fi
  echo "=== leg $name took $((SECONDS - start)) s"
}
legs=" ${MAPI_EMU_LEGS:-linux asan-ubsan tsan windows} "
[ "${MAPI_EMU_SKIP_ASAN:-0}" != 1 ] || legs=${legs/ asan-ubsan / }
[ "${MAPI_EMU_SKIP_TSAN:-0}" != 1 ] || legs=${legs/ tsan / }
[ "${MAPI_EMU_SKIP_WINDOWS:-0}" != 1 ] || legs=${legs/ windows / }
wanted() { [[ "$legs" == *" $1 "* ]]; }
if wanted linux; then
  leg linux build-test -DCMAKE_BUILD_TYPE=Debug "$debug"
fi
if wanted asan-ubsan; then
  san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
  leg asan-ubsan build-asan -DCMAKE_BUILD_TYPE=Debug "$debug" -DMAPI_EMU_BUILD_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=$san" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=address,undefined"
fi
if wanted tsan; then
  # Debian's Abseil is not instrumented, so absl::Mutex would be invisible to
  # TSan: the leg builds Abseil with TSan first, once per machine (a cache
  # outside the checkout, $MAPI_EMU_CACHE or ~/.cache/mapi_emu).
  start=$SECONDS
  absl_tsan="${MAPI_EMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mapi_emu}/absl-tsan-20220623.1"
  bash scripts/absl-tsan.sh "$absl_tsan" build-tsan/absl-work
  echo "=== Abseil with TSan ready after $((SECONDS - start)) s"
  export TSAN_OPTIONS="suppressions=$PWD/scripts/tsan.supp halt_on_error=1 second_deadlock_stack=1"
  targets="spooler_test" labels="spooler" leg tsan build-tsan -DCMAKE_BUILD_TYPE=Debug "$debug" \
    -DMAPI_EMU_BUILD_BENCH=OFF "-DCMAKE_PREFIX_PATH=$absl_tsan" \
    "-DCMAKE_CXX_FLAGS=-fsanitize=thread" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread" \
    "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread" "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=thread"
fi
if wanted windows; then
  bash scripts/windows-leg.sh build-win || status=1
fi
exit $status
