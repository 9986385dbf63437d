# SPDX-License-Identifier: MIT
# make test's second pass over the unit tests (issue 14), in the same ctest
# run as this build's tests so that one scheduler keeps both cores busy:
# with -DRELOK_VALGRIND_BUILD=DIR (a configured build without sanitizers,
# tests on; make test passes build/plain, a gcc Release build), the test
# build_valgrind builds DIR and valgrind_<module> runs DIR's test_<module>
# under valgrind (scripts/valgrind-one.sh). make test builds DIR beside
# this build, before ctest, so build_valgrind only finds it current.
set(RELOK_VALGRIND_BUILD "" CACHE PATH "A configured build whose unit tests ctest runs under valgrind")
if(RELOK_VALGRIND_BUILD)
  find_program(RELOK_VALGRIND valgrind REQUIRED)
  add_test(NAME build_valgrind COMMAND ${CMAKE_COMMAND} --build ${RELOK_VALGRIND_BUILD} -j 2)
  set_tests_properties(build_valgrind PROPERTIES FIXTURES_SETUP valgrind_build
    COST 1000 LABELS build)
  get_property(modules GLOBAL PROPERTY RELOK_UNIT_TESTS)
  # The longest first (tests/valgrind-slow.txt, shared with
  # scripts/valgrind-tests.sh), the rest after.
  file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/valgrind-slow.txt slow REGEX "^[a-z_]+$")
  set(costs "")
  list(LENGTH slow n_slow)
  set(rank 0)
  foreach(m IN LISTS slow)
    math(EXPR c "${n_slow} - ${rank} + 1")
    list(APPEND costs ${m}:${c})
    math(EXPR rank "${rank} + 1")
  endforeach()
  foreach(entry IN LISTS modules)
    string(REPLACE ":" ";" entry ${entry})
    list(GET entry 0 m)
    list(GET entry 1 parts)
    set(cost 0)
    foreach(c IN LISTS costs)
      if(c MATCHES "^${m}:([0-9]+)$")
        set(cost ${CMAKE_MATCH_1})
      endif()
    endforeach()
    foreach(k RANGE 1 ${parts})
      set(name valgrind_${m})
      set(env "")
      if(parts GREATER 1)
        set(name valgrind_${m}_${k}of${parts})
        set(env "RELOK_TEST_PART=${k}/${parts}")
      endif()
      add_test(NAME ${name}
        COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/valgrind-one.sh ${RELOK_VALGRIND_BUILD}/tests/test_${m})
      set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED valgrind_build
        LABELS valgrind TIMEOUT 600 COST ${cost})
      if(env)
        set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}")
      endif()
    endforeach()
  endforeach()
endif()
