# SPDX-License-Identifier: MIT
# relok serve: the API, protections, privacy of the log, reload, shutdown and
# an allocator sweep, against an in-process server (tests/unit/test_server.c);
# and the replay of the HTTP-input fuzz corpus (tests/fuzz/http/).
if(TARGET relok_server)
  relok_unit_test(server)
  target_include_directories(test_server PRIVATE ${PROJECT_SOURCE_DIR}/server)
  target_link_libraries(test_server PRIVATE relok_server)
  # The faces-agree test runs the CLI on the same input as the API.
  set_property(TEST unit_server APPEND PROPERTY ENVIRONMENT "RELOK_BIN=$<TARGET_FILE:relok>")

  add_executable(replay_http ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/http/harness.c
    ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.c)
  relok_warnings(replay_http)
  target_include_directories(replay_http PRIVATE ${PROJECT_SOURCE_DIR}/src
    ${PROJECT_SOURCE_DIR}/server)
  target_link_libraries(replay_http PRIVATE relok_server)
  add_test(NAME fuzz_replay_http COMMAND replay_http ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/http/corpus)
  set_tests_properties(fuzz_replay_http PROPERTIES
    ENVIRONMENT "TZ=UTC;LC_ALL=C;RELOK_TEST_DATA=${CMAKE_CURRENT_SOURCE_DIR}/data")
  if(RELOK_FUZZ)
    add_executable(fuzz_http ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/http/harness.c)
    target_include_directories(fuzz_http PRIVATE ${PROJECT_SOURCE_DIR}/src
      ${PROJECT_SOURCE_DIR}/server)
    target_compile_definitions(fuzz_http PRIVATE _POSIX_C_SOURCE=200809L)
    target_compile_options(fuzz_http PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_http PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_http PRIVATE relok_server)
  endif()
endif()
