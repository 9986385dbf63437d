# SPDX-License-Identifier: MIT
# Fuzz harnesses beyond the document parsers (relok_fuzz is in fuzz.cmake).
# The profile harness also advises the profiles that parse, on the small
# test KB.
relok_fuzz(profile)
target_compile_definitions(replay_profile PRIVATE
  RELOK_FUZZ_KB="${CMAKE_CURRENT_SOURCE_DIR}/data/kb-example")
if(RELOK_FUZZ)
  target_compile_definitions(fuzz_profile PRIVATE
    RELOK_FUZZ_KB="${CMAKE_CURRENT_SOURCE_DIR}/data/kb-example")
endif()

# Issue 13: the KB loader with its meaning checks, diary files and argument
# vectors (the CLI built in, without the server). The corpora are small and
# minimised (make fuzz grows them in build/, not here).
relok_fuzz(kb)
relok_fuzz(diary)
relok_fuzz(argv)
foreach(t replay_kb replay_argv)
  target_compile_definitions(${t} PRIVATE
    RELOK_FUZZ_KB="${CMAKE_CURRENT_SOURCE_DIR}/data/kb-example")
endforeach()
# The CLI's source list, read without disturbing the caller's variable.
set(relok_saved_cli_sources "${RELOK_CLI_SOURCES}")
set(RELOK_CLI_SOURCES "")
include(${PROJECT_SOURCE_DIR}/cli/sources.cmake)
set(RELOK_FUZZ_CLI_SOURCES ${RELOK_CLI_SOURCES})
set(RELOK_CLI_SOURCES "${relok_saved_cli_sources}")
set_source_files_properties(${PROJECT_SOURCE_DIR}/cli/main.c PROPERTIES
  COMPILE_DEFINITIONS main=relok_cli_main COMPILE_OPTIONS -Wno-missing-prototypes)
# Compiled once for the argv replay and the CLI sweep (test_sweep_cli), not
# once per binary; the command files are the tool's own objects
# (relok_cli_cmds, cli/CMakeLists.txt), so only main.c (renamed) and
# cmd_serve.c (without the server) are compiled again here.
add_library(relok_cli_embedded OBJECT
  ${PROJECT_SOURCE_DIR}/cli/main.c ${PROJECT_SOURCE_DIR}/cli/cmd_serve.c)
relok_warnings(relok_cli_embedded)
target_link_libraries(relok_cli_embedded PUBLIC relok_cli_cmds relok_static)
# An object library's objects reach only the targets that link it directly.
target_link_libraries(replay_argv PRIVATE relok_cli_embedded relok_cli_cmds)
if(RELOK_FUZZ)
  foreach(t fuzz_kb fuzz_argv)
    target_compile_definitions(${t} PRIVATE
      RELOK_FUZZ_KB="${CMAKE_CURRENT_SOURCE_DIR}/data/kb-example")
  endforeach()
  target_sources(fuzz_argv PRIVATE ${RELOK_FUZZ_CLI_SOURCES})
  # The CLI's sources need POSIX declarations (strdup, fileno): without
  # them strdup was implicitly int and its pointer cut to 32 bits - the
  # "SEGV in relok_utf8_width via relok sources" of the first fuzz runs was
  # this build's, not the CLI's.
  target_compile_definitions(fuzz_argv PRIVATE _POSIX_C_SOURCE=200809L)
  target_include_directories(fuzz_argv PRIVATE ${PROJECT_SOURCE_DIR}/cli)
endif()

# Scenario files (data/scenarios/NAME.yaml) with their checks against the
# shipped KB, and a short run of what loads.
relok_fuzz(scenario)
target_compile_definitions(replay_scenario PRIVATE RELOK_FUZZ_KB="${PROJECT_SOURCE_DIR}/data")
if(RELOK_FUZZ)
  target_compile_definitions(fuzz_scenario PRIVATE RELOK_FUZZ_KB="${PROJECT_SOURCE_DIR}/data")
endif()
