relok_bench(kb_load)
