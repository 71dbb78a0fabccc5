/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of ctl_spawn: program lookup, arguments, no inherited file
 * descriptors, the parent-death signal, and that no fork() is made (fork is
 * wrapped at link time to fail). Runs without EAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "core/ctl_spawn.h"
#include "support/ut_run.h"

/* A broken parent-death signal must fail the run, not hang it. */
#define TEST_ALARM_S	60
/* Polls of 1 ms for a child to reach its exec. */
#define WAIT_POLLS	5000

static unsigned int n_forks;

pid_t __wrap_fork(void);

/* Linked with -Wl,--wrap=fork: the code under test must never fork. */
pid_t
__wrap_fork(void)
{
	n_forks++;
	errno = ENOSYS;
	return -1;
}

static char dir[] = "/tmp/test_ctl_spawn_XXXXXX";
static char old_path[4096];

static int
spawn_suite_init(void)
{
	char path[4200];
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return -1;
	/* A fake "bird": its arguments and open fds into out.txt. */
	snprintf(path, sizeof(path), "%s/bird", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "#!/bin/sh\necho \"args $*\" > %s/out.tmp\n"
		"ls -l /proc/$$/fd/ >> %s/out.tmp\n"
		"mv %s/out.tmp %s/out.txt\n", dir, dir, dir, dir);
	fclose(f);
	chmod(path, 0755);
	snprintf(old_path, sizeof(old_path), "%s", getenv("PATH"));
	snprintf(path, sizeof(path), "%s:%s", dir, old_path);
	setenv("PATH", path, 1);
	return 0;
}

static int
spawn_suite_cleanup(void)
{
	char cmd[256];

	setenv("PATH", old_path, 1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_ctl_spawn_find(void)
{
	char path[256];

	CU_ASSERT_EQUAL(ctl_spawn_find("bird", NULL, path, sizeof(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(path, dir));
	CU_ASSERT_EQUAL(ctl_spawn_find("no-such-program-srpgw", NULL, path,
				       sizeof(path)), -ENOENT);
	/* Extra directories are searched after PATH. */
	CU_ASSERT_EQUAL(ctl_spawn_find("no-such-program-srpgw", "/bin", path,
				       sizeof(path)), -ENOENT);
	CU_ASSERT_EQUAL(ctl_spawn_find("sh", "/nonexistent:/bin", path,
				       sizeof(path)), 0);
	CU_ASSERT_EQUAL(ctl_spawn_find("/bin/sh", NULL, path, sizeof(path)),
			0);
	CU_ASSERT_STRING_EQUAL(path, "/bin/sh");
	CU_ASSERT_EQUAL(ctl_spawn_find("sh", NULL, path, 4), -ENAMETOOLONG);
	CU_ASSERT_EQUAL(ctl_spawn_find("", NULL, path, sizeof(path)), -EINVAL);
}

static void
test_ctl_spawn_args_fds_no_fork(void)
{
	char *argv[] = { "bird", "-f", "-c", "/etc/x.conf", "-s", "/run/x",
			 NULL };
	char err[256], out[4200], buf[4096] = "";
	int status, leak, i;
	FILE *f = NULL;
	pid_t pid;
	size_t n;

	/* An fd without close-on-exec: the child must not get it. */
	snprintf(out, sizeof(out), "%s/leak-marker", dir);
	leak = open(out, O_RDWR | O_CREAT, 0600);
	CU_ASSERT_FATAL(leak > 2);
	pid = ctl_spawn(argv, err, sizeof(err));
	close(leak);
	CU_ASSERT_FATAL(pid > 0);
	CU_ASSERT_EQUAL(n_forks, 0);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	for (i = 0; i < WAIT_POLLS && f == NULL; i++) {
		f = fopen(out, "r");
		if (f == NULL)
			usleep(1000);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "args -f -c /etc/x.conf -s /run/x\n"));
	/* The shell's own fds are listed; ours is not among them. */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "out.tmp"));
	CU_ASSERT_PTR_NULL(strstr(buf, "leak-marker"));
	if (strstr(buf, "leak-marker") != NULL)
		fprintf(stderr, "child's fds:\n%s\n", buf);
}

static void
test_ctl_spawn_refuses(void)
{
	char *none[] = { NULL };
	char *missing[] = { "no-such-program-srpgw", NULL };
	char err[256];

	CU_ASSERT_EQUAL(ctl_spawn(none, err, sizeof(err)), -EINVAL);
	CU_ASSERT_EQUAL(ctl_spawn(missing, err, sizeof(err)), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not found"));
	CU_ASSERT_EQUAL(n_forks, 0);
}

/* Thread: start "sleep", wait until it runs, then end (the child's
 * parent-death signal follows the thread that started it). */
static void *
spawn_and_exit(void *arg)
{
	char *argv[] = { "sleep", "300", NULL };
	char err[256], path[64], comm[64];
	pid_t *pid = arg;
	FILE *f;
	int i;

	*pid = ctl_spawn(argv, err, sizeof(err));
	if (*pid <= 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)*pid);
	for (i = 0; i < WAIT_POLLS; i++) {
		f = fopen(path, "r");
		comm[0] = '\0';
		if (f != NULL) {
			if (fgets(comm, sizeof(comm), f) == NULL)
				comm[0] = '\0';
			fclose(f);
		}
		if (strcmp(comm, "sleep\n") == 0)
			break;
		usleep(1000);
	}
	return NULL;
}

static void
test_ctl_spawn_child_dies_with_parent(void)
{
	pthread_t th;
	pid_t pid = 0;
	int status;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, spawn_and_exit, &pid),
			      0);
	pthread_join(th, NULL);
	CU_ASSERT_FATAL(pid > 0);
	/* Blocks until the child ends: at once with the death signal. */
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CU_ASSERT_EQUAL(n_forks, 0);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_spawn_tests[] = {
	TEST(test_ctl_spawn_find),
	TEST(test_ctl_spawn_args_fds_no_fork),
	TEST(test_ctl_spawn_refuses),
	TEST(test_ctl_spawn_child_dies_with_parent),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_spawn_suites[] = {
	{ "ctl_spawn", spawn_suite_init, spawn_suite_cleanup, NULL, NULL,
	  test_ctl_spawn_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_spawn_suites);
}
