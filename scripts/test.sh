#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole test suite twice:
# a plain Debug build with warnings as errors, and an ASan+UBSan build.
#   MAPI_EMU_SKIP_ASAN=1 scripts/test.sh   skips the sanitizer leg locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
status=0
leg() {  # leg NAME BUILD_DIR CMAKE_ARGS...
  local name=$1 dir=$2; shift 2
  local start=$SECONDS
  echo "=== leg: $name ($dir)"
  cmake -S . -B "$dir" -G Ninja -DMAPI_EMU_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  if ! ctest --test-dir "$dir" -j"$jobs" --output-on-failure --timeout 300; then status=1; fi
  echo "=== leg $name took $((SECONDS - start)) s"
}
leg linux build-test -DCMAKE_BUILD_TYPE=Debug
if [ "${MAPI_EMU_SKIP_ASAN:-0}" != 1 ]; then
  san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
  leg asan-ubsan build-asan -DCMAKE_BUILD_TYPE=Debug -DMAPI_EMU_BUILD_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=$san" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=address,undefined"
fi
exit $status
