# SPDX-License-Identifier: MIT
# Browser end-to-end tests of the web UI: scripts/e2e.sh starts `relok serve`
# (this build's binary) on the shipped data and web/, installs playwright-core
# offline from tests/e2e/vendor and drives Debian's headless Chromium.
# Two parts run side by side, each with its own server and browser, so that
# neither is the last test left running (issue 14: the suite's wall time).
# Screenshots and logs go to <build>/e2e-out/PART. Needs the server in the
# build; node, npm and chromium-headless-shell come from `scripts/deps.sh test` (the script
# says so when one is missing).
if(TARGET relok_server)
  set(relok_e2e_parts
    "browser|browser.test.mjs"
    "layout|layout.test.mjs scenarios.test.mjs report.test.mjs static.test.mjs")
  foreach(part IN LISTS relok_e2e_parts)
    string(REPLACE "|" ";" part "${part}")
    list(GET part 0 name)
    list(GET part 1 files)
    separate_arguments(files UNIX_COMMAND "${files}")
    add_test(NAME e2e_${name}
      COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/e2e.sh $<TARGET_FILE:relok>
              ${CMAKE_BINARY_DIR}/e2e-out/${name} ${files})
    # About 45 s each on an idle machine; the whole suite in one part took
    # 190 s with the load average over 20: bounded, with room.
    set_tests_properties(e2e_${name} PROPERTIES
      TIMEOUT 480
      # COST: ctest -j starts the longest tests first, so the slowest one
      # does not begin last and set the suite's wall time (clean clones
      # have no cost history).
      COST 300
      LABELS e2e
      ENVIRONMENT "TZ=UTC;LC_ALL=C;RELOK_E2E_NPM=${CMAKE_BINARY_DIR}/e2e-out/npm")
  endforeach()
endif()
