# SPDX-License-Identifier: MIT
# Hardening checks against the real binary (issue 13), in make test as the
# issue asks: slow and idle clients (~32 s) and kill -9 during import
# (10 rounds, a few seconds). rss_burst.py is run by hand (it waits 30 s).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND AND TARGET relok_server)
  add_test(NAME harden_slow_clients
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/harden/slow_clients.py
            $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/data)
  # COST: it mostly waits, so it starts first, beside the CPU-bound tests.
  set_tests_properties(harden_slow_clients PROPERTIES COST 250 TIMEOUT 180 LABELS harden
    ENVIRONMENT "TZ=UTC;LC_ALL=C")
endif()
if(Python3_FOUND)
  add_test(NAME harden_kill9
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/harden/kill9.py
            $<TARGET_FILE:relok> 10)
  set_tests_properties(harden_kill9 PROPERTIES TIMEOUT 300 LABELS harden
    ENVIRONMENT "TZ=UTC;LC_ALL=C")
endif()
