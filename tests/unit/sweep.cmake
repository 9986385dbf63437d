# SPDX-License-Identifier: MIT
# Allocation-failure sweep of every CLI command on the shipped data (issue
# 13): the CLI built in with its main renamed relok_cli_main (the object
# library relok_cli_embedded of tests/fuzz/more.cmake, included before this)
# and the command files' objects (relok_cli_cmds). One part: the runs of a
# command's own points are given a KB loaded once (cli_main_lent), so the
# sweep no longer needs splitting (RELOK_TEST_PART, PARTS n) to finish early.
if(TARGET relok_cli_embedded)
  relok_unit_test(sweep_cli)
  target_link_libraries(test_sweep_cli PRIVATE relok_cli_embedded relok_cli_cmds)
  target_link_libraries(test_sweep_cli PRIVATE PkgConfig::SQLITE)
  set_property(TEST unit_sweep_cli APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
endif()
