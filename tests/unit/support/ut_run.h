/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit runner shared by the unit test executables: registers a suite table,
 * runs it verbosely and turns the result into an exit status; test code only.
 */
#ifndef UT_RUN_H
#define UT_RUN_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

/**
 * Register @suites, run every test and clean the registry up.
 *
 * A suite whose init or cleanup fails counts as a failure, so a test binary
 * that could not even set up its fixtures does not pass.
 *
 * Context: test main thread.
 * @param suites  CU_SUITE_INFO_NULL terminated table
 * @return 0 if every test passed, 1 otherwise (including registry errors);
 *	   meant to be returned from main()
 */
static inline int
ut_run(CU_SuiteInfo *suites)
{
	unsigned int n_fail;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	n_fail = CU_get_number_of_failures() +
		 CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return n_fail > 0 ? 1 : 0;
}

#endif /* UT_RUN_H */
