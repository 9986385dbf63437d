# SPDX-License-Identifier: MIT
# Issue 10: the simulator over Open MPI ranks (built with -DRELOK_MPI=ON,
# which `make test` uses): 2 ranks give the threaded run's output.
# LeakSanitizer is off for the ranks: Open MPI 4.1 keeps start-up
# allocations to the end of the process, from components without frame
# pointers, so only the slow unwinder could name them for a suppression,
# and it costs seconds of CPU per rank. relok's side is leak-checked
# without MPI: tests/unit/test_sim_part.c runs the same engine hooks (a
# partition over two threads, an ensemble in blocks) under LSan and
# valgrind. AddressSanitizer and UBSan stay on.
if(RELOK_MPI)
  add_test(NAME sim_mpi COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/sim_mpi.sh
    $<TARGET_FILE:relok> ${MPIEXEC_EXECUTABLE})
  set_tests_properties(sim_mpi PROPERTIES COST 20
    ENVIRONMENT "RELOK_KB=${PROJECT_SOURCE_DIR}/data;ASAN_OPTIONS=detect_leaks=0")
endif()
