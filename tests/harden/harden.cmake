# SPDX-License-Identifier: MIT
# Hardening checks against the real binary (issue 13): slow and idle
# clients (~32 s, in make test as the issue asks).
if(TARGET relok_server)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_FOUND)
    add_test(NAME harden_slow_clients
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/harden/slow_clients.py
              $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/data)
    set_tests_properties(harden_slow_clients PROPERTIES TIMEOUT 180 LABELS harden
      ENVIRONMENT "TZ=UTC;LC_ALL=C")
  endif()
endif()
