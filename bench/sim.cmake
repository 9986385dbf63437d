relok_bench(sim)
