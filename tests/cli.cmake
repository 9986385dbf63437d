# CLI-level tests: golden output, the shipped KB check, banned functions.
add_test(NAME golden COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:relok>)
add_test(NAME kb_check_shipped_data COMMAND $<TARGET_FILE:relok> kb check ${PROJECT_SOURCE_DIR}/data)
add_test(NAME banned_functions COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/banned.sh ${PROJECT_SOURCE_DIR})
add_test(NAME readme_examples COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/readme-examples.sh $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/README.md)
set_tests_properties(readme_examples PROPERTIES ENVIRONMENT "RELOK_NOW=2026-12-07;TZ=UTC")
add_test(NAME report_new COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/report_new.sh $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/data)
# Issue 14: includes point only down the layers (docs/architecture.md).
add_test(NAME layers COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/layers.sh ${PROJECT_SOURCE_DIR})
# Issue 11: no English word in Russian golden output or the web's ru table,
# and a planted one is caught (tests/latin-check.sh explains the allowed list).
add_test(NAME latin_check COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/latin-check.sh ${PROJECT_SOURCE_DIR})
add_test(NAME latin_check_self_test COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/latin-check.sh --self-test)
# Issue 11: every error detail a library site records has its Russian form
# in src/base/errmsg.def, and no entry there is stale.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME errmsg_catalogue COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/i18n/formats.py --check ${PROJECT_SOURCE_DIR})
endif()
