# SPDX-License-Identifier: MIT
# Browser end-to-end tests of the web UI: scripts/e2e.sh starts `relok serve`
# (this build's binary) on the shipped data and web/, installs playwright-core
# offline from tests/e2e/vendor and drives Debian's headless Chromium.
# Screenshots and logs go to <build>/e2e-out. Needs the server in the build;
# node, npm and chromium come from `scripts/deps.sh test` (the script says so
# when one is missing).
if(TARGET relok_server)
  add_test(NAME e2e_browser
    COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/e2e.sh $<TARGET_FILE:relok> ${CMAKE_BINARY_DIR}/e2e-out)
  # About 100 s on an idle machine; 190 s was seen with the load average
  # over 20 (eight people building on two cores): bounded, with room.
  set_tests_properties(e2e_browser PROPERTIES
    TIMEOUT 480
    # COST: ctest -j starts the longest tests first, so the slowest one
    # does not begin last and set the suite's wall time (clean clones have
    # no cost history).
    COST 100
    LABELS e2e
    ENVIRONMENT "TZ=UTC;LC_ALL=C")
endif()
