/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL start and clean-up shared by the unit tests of suite "eal": a
 * per-process --file-prefix and removal of its runtime directory; test code
 * only, run from the test's main thread.
 */
#ifndef UT_EAL_H
#define UT_EAL_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "ut_run.h"

#define UT_EAL_MAX_ARGS	32

/* EAL arguments of the tests that use tables and rings but no ports. */
#define UT_EAL_ARGS_NO_PORTS \
	"--no-huge", "-m", "1024", "--no-pci", "--no-telemetry", "-l", "0", \
	"--log-level=lib.eal:error"

/* File prefix of this process, "<tag><pid>"; empty before ut_eal_init(). */
static char ut_eal_prefix[64];

/**
 * Start EAL with @args and a file prefix unique to this process.
 *
 * Context: test main thread, once, before any DPDK call.
 * @param argv0  program name (argv[0] of main)
 * @param tag    start of the file prefix (the pid is appended); also what
 *		 ut_eal_cleanup() checks before deleting a directory
 * @param args   NULL-terminated EAL arguments, without argv0 and prefix
 * @return 0, or -1 after printing why (too many arguments, EAL refused)
 */
static inline int
ut_eal_init(char *argv0, const char *tag, char *const *args)
{
	char prefix_arg[sizeof(ut_eal_prefix) + 16];
	char *eal_argv[UT_EAL_MAX_ARGS + 3];
	int n = 0;

	snprintf(ut_eal_prefix, sizeof(ut_eal_prefix), "%s%d", tag,
		 (int)getpid());
	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s",
		 ut_eal_prefix);
	eal_argv[n++] = argv0;
	while (args[n - 1] != NULL) {
		if (n > UT_EAL_MAX_ARGS) {
			fprintf(stderr, "too many EAL arguments\n");
			return -1;
		}
		eal_argv[n] = args[n - 1];
		n++;
	}
	eal_argv[n++] = prefix_arg;
	eal_argv[n] = NULL;
	if (rte_eal_init(n, eal_argv) < 0) {
		fprintf(stderr, "rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

/*
 * EAL keeps its runtime directory (/var/run/dpdk/PREFIX, or under
 * XDG_RUNTIME_DIR) after rte_eal_cleanup(): delete its files and itself, and
 * only if the path carries our prefix, so that runs leave nothing behind.
 */
static inline void
ut_eal_run_dir_remove(const char *dir)
{
	char file[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (ut_eal_prefix[0] == '\0' || strstr(dir, ut_eal_prefix) == NULL)
		return;
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(file, sizeof(file), "%s/%s", dir, de->d_name) <
		    (int)sizeof(file))
			unlink(file);
	}
	closedir(d);
	rmdir(dir);
}

/**
 * Release EAL and remove the runtime directory of this process's prefix.
 *
 * Context: test main thread, once, after every DPDK object is freed.
 */
static inline void
ut_eal_cleanup(void)
{
	char run_dir[PATH_MAX];

	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	ut_eal_run_dir_remove(run_dir);
}

/**
 * Whole main() of a test that needs EAL and nothing more: start EAL, run
 * @suites, release EAL.
 *
 * Context: test main thread.
 * @param argv0   program name (argv[0] of main)
 * @param tag     start of the file prefix, as for ut_eal_init()
 * @param args    NULL-terminated EAL arguments, as for ut_eal_init()
 * @param suites  CU_SUITE_INFO_NULL terminated table
 * @return the exit status: 0 if every test passed, 1 otherwise
 */
static inline int
ut_eal_main(char *argv0, const char *tag, char *const *args,
	    CU_SuiteInfo *suites)
{
	int ret;

	if (ut_eal_init(argv0, tag, args) < 0)
		return 1;
	ret = ut_run(suites);
	ut_eal_cleanup();
	return ret;
}

#endif /* UT_EAL_H */
