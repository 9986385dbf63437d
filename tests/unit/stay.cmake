# SPDX-License-Identifier: MIT
# Stay engine, trip logs, diary and planner tests. stay_ref.c is the plain
# day-by-day reference the engine is checked against.
relok_unit_test(stay ${CMAKE_CURRENT_LIST_DIR}/stay_ref.c)
relok_unit_test(stay_prop ${CMAKE_CURRENT_LIST_DIR}/stay_ref.c)
# The reference is deliberately naive; optimise it so that the 90 000-log
# property run stays quick under the sanitizers.
target_compile_options(test_stay_prop PRIVATE -O2)
relok_unit_test(trips)
relok_unit_test(diary)
relok_unit_test(plan)
# Fuzz harness for the trip-log readers: the corpus replays under the
# sanitizers on every run (relok_fuzz in tests/fuzz/fuzz.cmake is defined
# after this file is included, so the targets are spelled out).
add_executable(replay_trips ${PROJECT_SOURCE_DIR}/tests/fuzz/trips/harness.c
  ${PROJECT_SOURCE_DIR}/tests/fuzz/replay.c)
relok_warnings(replay_trips)
target_include_directories(replay_trips PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(replay_trips PRIVATE relok_static)
add_test(NAME fuzz_replay_trips
  COMMAND replay_trips ${PROJECT_SOURCE_DIR}/tests/fuzz/trips/corpus)
if(RELOK_FUZZ)
  add_executable(fuzz_trips ${PROJECT_SOURCE_DIR}/tests/fuzz/trips/harness.c)
  target_include_directories(fuzz_trips PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(fuzz_trips PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_trips PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_trips PRIVATE relok_static)
endif()
relok_unit_test(stay_kb)
# The full property run (10 000 logs per kind): `make soak` (ctest -L soak);
# the everyday suite runs 10 % (RELOK_PROPERTY_SCALE, default 10).
add_test(NAME soak_stay_prop COMMAND test_stay_prop)
set_tests_properties(soak_stay_prop PROPERTIES LABELS soak TIMEOUT 1800
  ENVIRONMENT "TZ=UTC;LC_ALL=C;RELOK_PROPERTY_SCALE=100")
