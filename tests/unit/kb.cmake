relok_unit_test(kb)
