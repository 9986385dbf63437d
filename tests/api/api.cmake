# SPDX-License-Identifier: MIT
# The simulator's API (issue 10): GET /api/scenarios[/NAME[/result]] and
# POST /api/sim with good and bad input and every cap, against the real
# `relok serve` on the shipped data (tests/api/scenarios.py; seconds).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND AND TARGET relok_server)
  add_test(NAME api_scenarios
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/api/scenarios.py
            $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/data)
  set_tests_properties(api_scenarios PROPERTIES COST 15 TIMEOUT 300
    ENVIRONMENT "TZ=UTC;LC_ALL=C")
endif()
