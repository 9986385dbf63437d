# SPDX-License-Identifier: MIT
# Odd files, fuzz findings and allocation-failure sweeps (issue 13). The
# sweeps sample every RELOK_SWEEP_STRIDE-th allocation here; `make sweep`
# runs them with stride 1 (every point).
relok_unit_test(harden)
target_link_libraries(test_harden PRIVATE PkgConfig::SQLITE)
set_property(TEST unit_harden APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")

# The HTTP face's sweeps: every API endpoint (success and error paths) and a
# SIGHUP-style reload, on the shipped KB, in-process through server/feed.c.
if(TARGET relok_server)
  relok_unit_test(sweep_api)
  target_include_directories(test_sweep_api PRIVATE ${PROJECT_SOURCE_DIR}/server)
  target_link_libraries(test_sweep_api PRIVATE relok_server)
  set_property(TEST unit_sweep_api APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
endif()
