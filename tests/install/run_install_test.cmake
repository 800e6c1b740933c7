# cmake -P script behind the install.outside_project test.
file(REMOVE_RECURSE ${SCRATCH_DIR})
set(prefix ${SCRATCH_DIR}/prefix)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${MAPI_EMU_BUILD_DIR} --prefix ${prefix})
foreach(f include/mapi_emu/mapidefs.h include/mapi_emu/mapispi.h
          lib/cmake/mapi_emu/mapi_emu-config.cmake bin/mapi_emu)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "install is missing ${f}")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${OUTSIDE_SOURCE_DIR} -B ${SCRATCH_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Debug
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
    "-DCMAKE_MODULE_LINKER_FLAGS=${MODULE_LINKER_FLAGS}")
run(${CMAKE_COMMAND} --build ${SCRATCH_DIR}/build)
run(${SCRATCH_DIR}/build/outside_client)
if(NOT last_output MATCHES "outside provider: MSProviderInit S_OK, version 0x00010010, Shutdown S_OK")
  message(FATAL_ERROR "unexpected client output: ${last_output}")
endif()
message(STATUS "${last_output}")
