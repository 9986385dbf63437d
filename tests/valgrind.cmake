# SPDX-License-Identifier: MIT
# make test's second pass over the unit tests (issue 14), in the same ctest
# run as this build's tests so that one scheduler keeps both cores busy:
# with -DRELOK_VALGRIND_BUILD=DIR (a configured build without sanitizers,
# tests on; make test passes build/plain, a gcc Release build), the test
# build_valgrind builds DIR and valgrind_<module> runs DIR's test_<module>
# under valgrind (scripts/valgrind-one.sh). With -DRELOK_CLANG_BUILD=DIR the
# test build_clang builds DIR, a clang build that must compile warning-free.
# Both builds are ctest tests only to be scheduled beside the others.
set(RELOK_VALGRIND_BUILD "" CACHE PATH "A configured build whose unit tests ctest runs under valgrind")
set(RELOK_CLANG_BUILD "" CACHE PATH "A configured clang build that ctest builds (warnings are errors)")
if(RELOK_VALGRIND_BUILD)
  find_program(RELOK_VALGRIND valgrind REQUIRED)
  add_test(NAME build_valgrind COMMAND ${CMAKE_COMMAND} --build ${RELOK_VALGRIND_BUILD} -j 2)
  # PROCESSORS 2: the build runs two compilers.
  set_tests_properties(build_valgrind PROPERTIES FIXTURES_SETUP valgrind_build
    PROCESSORS 2 COST 200 LABELS build)
  get_property(modules GLOBAL PROPERTY RELOK_UNIT_TESTS)
  foreach(m IN LISTS modules)
    add_test(NAME valgrind_${m}
      COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/valgrind-one.sh ${RELOK_VALGRIND_BUILD}/tests/test_${m})
    set_tests_properties(valgrind_${m} PROPERTIES FIXTURES_REQUIRED valgrind_build
      LABELS valgrind TIMEOUT 600)
  endforeach()
  # The longest first (seconds under valgrind, measured), the rest after.
  foreach(pair sweep_cli:40 sim_fit:20 sim:20 harden:12 server:12 advise:11 sim_part:6)
    string(REPLACE ":" ";" pair ${pair})
    list(GET pair 0 m)
    list(GET pair 1 cost)
    if(TEST valgrind_${m})
      set_tests_properties(valgrind_${m} PROPERTIES COST ${cost})
    endif()
  endforeach()
endif()
if(RELOK_CLANG_BUILD)
  add_test(NAME build_clang COMMAND ${CMAKE_COMMAND} --build ${RELOK_CLANG_BUILD} -j 2)
  set_tests_properties(build_clang PROPERTIES PROCESSORS 2 COST 150 LABELS build)
endif()
