relok_unit_test(date)
relok_unit_test(doc)
relok_unit_test(limits)
relok_unit_test(country)
