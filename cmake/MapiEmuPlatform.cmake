# What differs in the build between Linux and Windows, in one place (the
# code's counterpart is mapi_emu/base/platform.h and shared_library.h).
#
#   MAPI_EMU_RUN_PATH_PREFIX  put before an absolute path of the build host
#       that is compiled into a program, so that it is absolute where the
#       program runs: empty natively, "Z:" under Wine (the toolchain file
#       cmake/mingw-w64-x86_64.cmake sets it).
include_guard(GLOBAL)

if(NOT DEFINED MAPI_EMU_RUN_PATH_PREFIX)
  set(MAPI_EMU_RUN_PATH_PREFIX "")
endif()

if(WIN32)
  # Windows DLLs carry no "lib" prefix: the providers are sample_store.dll
  # and so on, the names MAPISVC.INF gives and session/library_resolver.cc
  # looks for, and libmapi_emu is mapi_emu.dll (import library
  # libmapi_emu.dll.a).
  set(CMAKE_SHARED_LIBRARY_PREFIX "")
  set(CMAKE_SHARED_MODULE_PREFIX "")
  # A program finds the DLLs it imports (mapi_emu.dll, the test probe)
  # beside itself, and nowhere else it should trust: every .exe and every
  # SHARED library goes to bin/. Provider DLLs (MODULE) stay where their
  # profiles name them.
  set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  # windows.h's min/max macros break std::min/std::max and numeric_limits.
  add_compile_definitions(NOMINMAX WIN32_LEAN_AND_MEAN)
endif()
