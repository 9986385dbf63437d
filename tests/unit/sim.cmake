relok_unit_test(sim)
