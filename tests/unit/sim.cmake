relok_unit_test(sim)
relok_unit_test(sim_api)
relok_unit_test(sim_fit)
# The shipped calibration record: its ensemble re-run at the recorded values
# gives the recorded quantiles and loss (seconds). The whole fit redone from
# the priors and compared byte for byte is slower (about 35 s of CPU in a
# release build, minutes under ASan): `make soak`.
add_test(NAME sim_calibration_record
  COMMAND $<TARGET_FILE:relok> sim fit --check ${PROJECT_SOURCE_DIR}/data/sim/calibration.yaml --quick --threads 2)
set_tests_properties(sim_calibration_record PROPERTIES ENVIRONMENT "RELOK_KB=${PROJECT_SOURCE_DIR}/data")
add_test(NAME soak_sim_fit_reproduces
  COMMAND $<TARGET_FILE:relok> sim fit --check ${PROJECT_SOURCE_DIR}/data/sim/calibration.yaml --threads 2)
set_tests_properties(soak_sim_fit_reproduces PROPERTIES LABELS soak TIMEOUT 3600
  ENVIRONMENT "RELOK_KB=${PROJECT_SOURCE_DIR}/data")
relok_unit_test(sim_part)
