relok_unit_test(date)
relok_unit_test(errmsg)
relok_unit_test(doc)
relok_unit_test(limits)
relok_unit_test(country)
# The faces' set-up (environment, JSON allocator), without unit/json_alloc.c.
add_executable(test_faces ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_faces.c)
relok_warnings(test_faces)
target_link_libraries(test_faces PRIVATE relok_static PkgConfig::CMOCKA)
add_test(NAME unit_faces COMMAND test_faces)
set_property(GLOBAL APPEND PROPERTY RELOK_UNIT_TESTS faces:1) # under valgrind too
set_tests_properties(unit_faces PROPERTIES
  ENVIRONMENT "TZ=UTC;LC_ALL=C;RELOK_KB=${PROJECT_SOURCE_DIR}/data")
