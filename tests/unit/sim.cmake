relok_unit_test(sim)
relok_unit_test(sim_api)
