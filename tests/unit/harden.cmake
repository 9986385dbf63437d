# SPDX-License-Identifier: MIT
# Odd files, fuzz findings and allocation-failure sweeps (issue 13). The
# sweeps sample every RELOK_SWEEP_STRIDE-th allocation here; `make sweep`
# runs them with stride 1 (every point).
relok_unit_test(harden)
target_link_libraries(test_harden PRIVATE PkgConfig::SQLITE)
set_property(TEST unit_harden APPEND PROPERTY ENVIRONMENT "RELOK_SWEEP_STRIDE=23")
