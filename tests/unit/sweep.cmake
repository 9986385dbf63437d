# SPDX-License-Identifier: MIT
# Allocation-failure sweep of every CLI command on the shipped data (issue
# 13): the CLI built in with its main renamed relok_cli_main (the object
# library relok_cli_embedded of tests/fuzz/more.cmake, included before this).
if(TARGET relok_cli_embedded)
  # Three parts side by side (RELOK_TEST_PART: every third command line).
  relok_unit_test(sweep_cli PARTS 3)
  target_link_libraries(test_sweep_cli PRIVATE relok_cli_embedded)
  target_link_libraries(test_sweep_cli PRIVATE PkgConfig::SQLITE)
  foreach(k 1 2 3)
    set_property(TEST unit_sweep_cli_${k}of3 APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
    set_property(TEST unit_sweep_cli_${k}of3 PROPERTY COST 50) # long: start early (see e2e.cmake)
  endforeach()
endif()
