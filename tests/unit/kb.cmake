relok_unit_test(kb)
relok_unit_test(data)
