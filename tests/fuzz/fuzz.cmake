# Corpus replay under the test build's sanitizers (every run), and a
# libFuzzer build when compiling with clang -DRELOK_FUZZ=ON.
function(relok_fuzz name)
  add_executable(replay_${name} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}/harness.c
    ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.c)
  relok_warnings(replay_${name})
  target_include_directories(replay_${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(replay_${name} PRIVATE relok_static)
  add_test(NAME fuzz_replay_${name} COMMAND replay_${name} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}/corpus)
  if(RELOK_FUZZ)
    add_executable(fuzz_${name} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}/harness.c)
    target_include_directories(fuzz_${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${name} PRIVATE relok_static)
  endif()
endfunction()
option(RELOK_FUZZ "Build libFuzzer targets (clang)" OFF)
# With RELOK_FUZZ the whole library is instrumented for coverage feedback
# (fuzzer-no-link); only the fuzz targets link libFuzzer's main.
if(RELOK_FUZZ)
  target_compile_options(relok_obj PRIVATE -fsanitize=fuzzer-no-link)
endif()
relok_fuzz(doc)
