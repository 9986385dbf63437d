relok_bench(sim)
# Issue 10: ensembles and partitions over MPI ranks (bench/sim_mpi.sh runs
# it under mpirun with 1 and 2 ranks).
if(RELOK_MPI)
  relok_bench(sim_mpi)
endif()
