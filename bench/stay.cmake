# SPDX-License-Identifier: MIT
# bench_stay: the stay engine against the tests' day-by-day reference.
relok_bench(stay ${PROJECT_SOURCE_DIR}/tests/unit/stay_ref.c)
target_include_directories(bench_stay PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
