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
