# SPDX-License-Identifier: MIT
# -DRELOK_SANITIZE=ON: ASan + UBSan (with LeakSanitizer), no recovery, so any
# finding fails the test that caused it.
if(RELOK_SANITIZE)
  set(RELOK_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${RELOK_SAN_FLAGS})
  add_link_options(${RELOK_SAN_FLAGS})
endif()
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  add_compile_definitions(_FORTIFY_SOURCE=2)
endif()
