# SPDX-License-Identifier: MIT
# Allocation-failure sweep of every CLI command on the shipped data (issue
# 13): the CLI built in with its main renamed relok_cli_main (the object
# library relok_cli_embedded of tests/fuzz/more.cmake, included before this).
if(TARGET relok_cli_embedded)
  relok_unit_test(sweep_cli)
  target_link_libraries(test_sweep_cli PRIVATE relok_cli_embedded)
  target_link_libraries(test_sweep_cli PRIVATE PkgConfig::SQLITE)
  set_property(TEST unit_sweep_cli APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
  set_property(TEST unit_sweep_cli PROPERTY COST 50) # long: start early (see e2e.cmake)
endif()
