# `cmake --install` lays out headers, libmapi_emu, the mapi_emu program and a
# CMake package so that an outside project can write
#   find_package(mapi_emu CONFIG REQUIRED)
#   target_link_libraries(my_provider PRIVATE mapi_emu::sdk)      # a provider
#   target_link_libraries(my_client PRIVATE mapi_emu::mapi)       # a client
include(CMakePackageConfigHelpers)
set(MAPI_EMU_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mapi_emu)
install(EXPORT mapi_emu_targets NAMESPACE mapi_emu::
  FILE mapi_emu-targets.cmake DESTINATION ${MAPI_EMU_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mapi_emu-config.cmake.in
  ${PROJECT_BINARY_DIR}/mapi_emu-config.cmake INSTALL_DESTINATION ${MAPI_EMU_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mapi_emu-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mapi_emu-config.cmake
  ${PROJECT_BINARY_DIR}/mapi_emu-config-version.cmake DESTINATION ${MAPI_EMU_CMAKE_DIR})

# The MAPISVC.INF new profiles are made from (session/subsystem.h reads it
# when $MAPI_EMU_MAPISVC is not set).
install(FILES ${PROJECT_SOURCE_DIR}/configs/mapisvc.inf
  DESTINATION ${CMAKE_INSTALL_DATADIR}/mapi_emu)
