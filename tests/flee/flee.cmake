# SPDX-License-Identifier: MIT
# `relok sim run --format flee` read the way Flee's post-processing reads
# its out.csv (pandas; tests/flee/check_out.py). pandas comes from Debian
# (python3-pandas, installed by `scripts/deps.sh test`), so the test runs
# Debian's /usr/bin/python3, not whichever python3 is first on PATH.
# Skipped (77) when pandas is not installed.
find_program(RELOK_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(RELOK_DEBIAN_PYTHON3)
  add_test(NAME flee_out_pandas
    COMMAND ${RELOK_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/flee/check_out.py
            $<TARGET_FILE:relok> ${PROJECT_SOURCE_DIR}/data)
  set_tests_properties(flee_out_pandas PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
    ENVIRONMENT "TZ=UTC;LC_ALL=C")
endif()
