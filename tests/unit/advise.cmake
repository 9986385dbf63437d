relok_unit_test(advise)
