# SPDX-License-Identifier: MIT
# The one place for compiler warning flags (as curl's PickyWarnings.cmake).
set(RELOK_WARNINGS
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition
  -Wpointer-arith -Wcast-qual -Wcast-align -Wwrite-strings -Wformat=2
  -Wundef -Wvla -Wnull-dereference -Wdouble-promotion -Wimplicit-fallthrough
  -Wconversion -Wno-sign-conversion)

# Apply the picky set to one of our own targets (never to third-party code).
function(relok_warnings target)
  target_compile_options(${target} PRIVATE ${RELOK_WARNINGS})
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200809L)
endfunction()
