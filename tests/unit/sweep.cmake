# SPDX-License-Identifier: MIT
# Allocation-failure sweep of every CLI command on the shipped data (issue
# 13): the CLI built in with its main renamed relok_cli_main (the sources
# and the rename come from tests/fuzz/more.cmake, included before this).
if(DEFINED RELOK_FUZZ_CLI_SOURCES)
  relok_unit_test(sweep_cli ${RELOK_FUZZ_CLI_SOURCES})
  target_include_directories(test_sweep_cli PRIVATE ${PROJECT_SOURCE_DIR}/cli)
  target_link_libraries(test_sweep_cli PRIVATE PkgConfig::SQLITE)
  set_property(TEST unit_sweep_cli APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
  set_property(TEST unit_sweep_cli PROPERTY COST 50) # long: start early (see e2e.cmake)
endif()
