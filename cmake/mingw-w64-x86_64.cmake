# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (the posix
# thread model: std::thread, std::mutex and std::jthread need it), running
# the results under Wine. The dependencies come from scripts/mingw-deps.sh:
#   cmake -S . -B build-win -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
#         -DMINGW_DEPS_PREFIX=<what mingw-deps.sh built>
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# try_compile projects re-read this file; hand them the prefix too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MINGW_DEPS_PREFIX)

# Headers, libraries and CMake packages from the mingw sysroot and the
# cross-built prefix only: a Linux /usr/include must never leak in.
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${MINGW_DEPS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest and gtest_discover_tests run the .exe files through Wine.
set(CMAKE_CROSSCOMPILING_EMULATOR wine)

# Paths compiled into the tests are the build host's (/work/build-win/...);
# under Wine they are absolute only with the drive that maps the Unix root.
set(MAPI_EMU_RUN_PATH_PREFIX "Z:")

# Every program and DLL carries its own C++ runtime (no libstdc++-6.dll,
# libgcc_s_seh-1.dll or libwinpthread-1.dll to ship or find). DLLs need
# -static too, not only -static-libgcc -static-libstdc++: with those alone a
# DLL that uses std::mutex or std::thread still imports libwinpthread-1.dll
# (mapi_emu.dll did). Every module shares msvcrt.dll, so the C heap and the
# environment are common to the whole process.
# Unoptimised objects of the larger sources pass the 32768 sections of a
# plain COFF object; the big-object format has room for them.
set(CMAKE_C_FLAGS_INIT "-Wa,-mbig-obj")
set(CMAKE_CXX_FLAGS_INIT "-Wa,-mbig-obj")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")
