relok_bench(advise)
