# Declarative helpers: one call per target, no logic in leaf CMakeLists.txt.
#
#   mapi_emu_library(NAME <name> SRCS ... [HDRS ...] [DEPS ...] [PUBLIC_DEPS ...])
#       A static, position-independent internal library `mapi_emu_<name>`,
#       aliased `mapi_emu::<name>`.
#   mapi_emu_test(NAME <name> SRCS ... [DEPS ...] [LABELS ...])
#       A GoogleTest executable registered with CTest (one CTest test per case).
#   mapi_emu_provider(NAME <name> SRCS ... [DEPS ...] DEF <name>.def)
#       A provider shared library (MODULE) that sees only the SDK:
#       links mapi_emu::sdk, exports only its entry points (on Windows the
#       ones its .def file lists, by their undecorated names).
#   mapi_emu_benchmark(NAME <name> SRCS ... [DEPS ...])
#       A Google Benchmark program.

include_guard(GLOBAL)

function(mapi_emu_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    # No -Wnon-virtual-dtor: COM interfaces have no virtual destructor by ABI.
    # No -Wnull-dereference: g++ 12 reports false positives inside
    # std::vector at -O2/-O3, which made Release builds noisy.
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow
      -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
    if(MAPI_EMU_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
      # g++ 12 at -O2/-O3 reports impossible sizes inside libstdc++'s own
      # std::string and std::vector code (-Wrestrict: GCC bug 105651;
      # -Warray-bounds, -Wstringop-overread/-overflow: 105329, 106199),
      # fixed in 13: warnings still, but not errors (the Release builds).
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        target_compile_options(${target} PRIVATE -Wno-error=restrict -Wno-error=array-bounds
          -Wno-error=stringop-overread -Wno-error=stringop-overflow)
      endif()
    endif()
  elseif(MSVC)
    # The windows-msvc preset (docs/windows.md). /permissive- and
    # /Zc:__cplusplus hold MSVC to the standard the code is written to.
    target_compile_options(${target} PRIVATE /W4 /permissive- /Zc:__cplusplus /utf-8)
    if(MAPI_EMU_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()

function(mapi_emu_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;HDRS;DEPS;PUBLIC_DEPS" ${ARGN})
  set(target mapi_emu_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS} ${ARG_HDRS})
  add_library(mapi_emu::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  mapi_emu_warnings(${target})
endfunction()

function(mapi_emu_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  set(target ${ARG_NAME})
  add_executable(${target} ${ARG_SRCS})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  mapi_emu_warnings(${target})
  gtest_discover_tests(${target}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

function(mapi_emu_provider)
  cmake_parse_arguments(ARG "" "NAME;DEF" "SRCS;DEPS" ${ARGN})
  set(target ${ARG_NAME})
  if(NOT ARG_DEF)
    message(FATAL_ERROR "provider ${target}: no DEF file (its exports on Windows)")
  endif()
  add_library(${target} MODULE ${ARG_SRCS})
  if(WIN32)
    # Without a .def file (or dllexport) MinGW's linker would export every symbol.
    target_sources(${target} PRIVATE ${ARG_DEF})
  endif()
  target_link_libraries(${target} PRIVATE mapi_emu::sdk ${ARG_DEPS})
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/providers)
  # g++ gives some standard-library inline variables STB_GNU_UNIQUE binding,
  # and glibc never unloads a library that has one: a provider must really
  # go away at FreeLibrary.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  mapi_emu_warnings(${target})
endfunction()

function(mapi_emu_benchmark)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  mapi_emu_warnings(${ARG_NAME})
endfunction()
