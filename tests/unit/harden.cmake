relok_unit_test(harden)
