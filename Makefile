# SPDX-License-Identifier: MIT
# The two set-up commands of the README:
#   make run   install what is missing, build a release build, run the main job
#   make test  install what the tests need, build with ASan+UBSan, run the suite
JOBS      ?= 2
RELEASE   ?= build/release
ASAN      ?= build/asan
PLAIN     ?= build/plain
CLANG     ?= build/clang

.PHONY: all run test deps build release asan plain valgrind clang bench clean install soak builds test-asan

all: release

deps:
	@sh scripts/deps.sh run

release: deps
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DRELOK_TESTS=OFF -DRELOK_BENCH=ON >/dev/null
	cmake --build $(RELEASE) -j $(JOBS)

# The main job on the shipped data (see README).
run: release
	@sh scripts/main-job.sh $(RELEASE)

# make test (issue 14: under 3 minutes on 2 cores, from a clean clone):
# - the sanitizer build is clang's (ASan + UBSan, Debug, tests on, -Werror),
#   so it is also the clang build STYLE.md asks for;
# - the plain build is gcc's Release build with the tests (-O3, -Werror: the
#   warnings only gcc's optimiser finds), whose unit tests run under
#   valgrind. The two builds run side by side;
# - one ctest run then schedules the sanitizer build's tests and each plain
#   unit test under valgrind (tests/valgrind.cmake), TEST_JOBS at a time:
#   several of the longest tests mostly wait (the browser, slow clients).
TEST_JOBS ?= 4
test:
	@sh scripts/deps.sh test
	$(MAKE) --no-print-directory -j2 test-asan plain
	cd $(ASAN) && ctest --output-on-failure -j $(TEST_JOBS) -LE soak

# The sanitizer build of make test (configured and built beside `plain`).
test-asan:
	CC=clang cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DRELOK_SANITIZE=ON -DRELOK_MPI=ON \
	  -DRELOK_VALGRIND_BUILD=$(abspath $(PLAIN)) >/dev/null
	cmake --build $(ASAN) -j $(JOBS)

# STYLE.md: the code must also build warning-free with clang (-Werror),
# tests included; make test's sanitizer build is clang's. This is the same
# without sanitizers. Both have the MPI driver (-DRELOK_MPI=ON, issue 10);
# the plain build has not, so both ways compile.
clang:
	CC=clang cmake -S . -B $(CLANG) -DCMAKE_BUILD_TYPE=Debug -DRELOK_TESTS=ON -DRELOK_MPI=ON >/dev/null
	cmake --build $(CLANG) -j $(JOBS)

# The full property runs (10 000 logs per rule kind; ctest label `soak`),
# which `make test` runs at RELOK_PROPERTY_SCALE=10 %.
soak:
	CC=clang cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DRELOK_SANITIZE=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ctest --output-on-failure -j $(JOBS) -L soak

# The unit tests again, without sanitizers, under valgrind (leaks, bad reads).
# The plain build is a gcc Release build with the tests (-O3, -Werror), so
# `make test` also catches the warnings only the optimiser finds (issue 14:
# -Wnull-dereference after cmocka's asserts) at the cost of no extra build.
valgrind: plain
	sh scripts/valgrind-tests.sh $(PLAIN)

plain:
	CC=gcc cmake -S . -B $(PLAIN) -DCMAKE_BUILD_TYPE=Release -DRELOK_TESTS=ON -DRELOK_SERVER=ON >/dev/null
	cmake --build $(PLAIN) -j $(JOBS)

# Debug and Release x gcc and clang, tests and benchmarks on, all with
# -Werror (the packager's first `cmake -DCMAKE_BUILD_TYPE=Release`, too).
# Builds only; `make test` runs the tests.
BUILDS ?= build/matrix
builds:
	@for cc in gcc clang; do for type in Debug Release; do \
	  echo "== $$cc $$type"; \
	  CC=$$cc cmake -S . -B $(BUILDS)/$$cc-$$type -DCMAKE_BUILD_TYPE=$$type \
	    -DRELOK_TESTS=ON -DRELOK_BENCH=ON >/dev/null || exit 1; \
	  cmake --build $(BUILDS)/$$cc-$$type -j $(JOBS) >$(BUILDS)/$$cc-$$type.log 2>&1 || \
	    { grep -E 'error|warning' $(BUILDS)/$$cc-$$type.log | head -40; exit 1; }; \
	done; done; echo "builds: gcc and clang, Debug and Release, warning-free"

bench: release
	@sh scripts/deps.sh bench
	sh scripts/bench.sh $(RELEASE)

install: release
	cmake --install $(RELEASE)

clean:
	rm -rf build

# Issue 13: libFuzzer + ASan + UBSan (clang) on every harness in tests/fuzz,
# FUZZ_TIME seconds each (default 5 min), one job, growing a corpus copy in
# the build tree (new finds are minimised into tests/fuzz/<name>/corpus by
# hand). `make sweep` runs the allocation-failure sweeps on every point
# (make test samples them): KB load, diary, API, reload and CLI (whose
# commands all start with the same KB load: that head is sampled every 64th
# point, each command's own points in full on a KB loaded once; see
# test_sweep_cli.c).
FUZZ      ?= build/fuzz
FUZZ_TIME ?= 300
FUZZERS   ?= http kb diary argv doc profile trips scenario
.PHONY: fuzz sweep
fuzz:
	CC=clang cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=Debug -DRELOK_SANITIZE=ON -DRELOK_FUZZ=ON >/dev/null
	cmake --build $(FUZZ) -j $(JOBS)
	sh scripts/fuzz.sh $(FUZZ) $(FUZZ_TIME) $(FUZZERS)

sweep:
	CC=clang cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DRELOK_SANITIZE=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS) --target test_harden test_sweep_api test_sweep_cli
	cd $(ASAN) && for t in test_harden test_sweep_api test_sweep_cli; do \
	  RELOK_SWEEP_STRIDE=1 RELOK_KB=$(CURDIR)/data RELOK_TEST_DATA=$(CURDIR)/tests/data \
	  ./tests/$$t || exit 1; done
