/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of in-service configuration changes: the run-time / restart
 * classification (conf/ctl_conf_diff.c) and the all-or-nothing apply
 * (core/ctl_reconf.c) with two fake modules, one of which can refuse.
 * Runs without EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "conf/ctl_conf.h"
#include "conf/ctl_conf_diff.h"
#include "core/ctl_module.h"
#include "core/ctl_reconf.h"
#include "support/ut_run.h"

static char *base_text;			/* srpgw_backup.cfg */
static struct ctl_conf *run;		/* the "running" configuration */
static char path[64];			/* temporary file of each case */

/* What the fake modules saw. */
static unsigned int n_net_calls, n_srp_calls;
static uint32_t srp_seen_priority;
static int srp_fail;			/* srp's hook returns this */

static int
net_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
	   char *err, size_t err_len)
{
	(void)was;
	(void)conf;
	(void)err;
	(void)err_len;
	n_net_calls++;
	return 0;
}

static int
srp_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
	   char *err, size_t err_len)
{
	(void)was;
	n_srp_calls++;
	if (srp_fail != 0) {
		snprintf(err, err_len, "test refusal");
		return srp_fail;
	}
	srp_seen_priority = conf->srp.priority;
	return 0;
}

static struct ctl_module net_mod = {
	.name = "tnet", .rank = 20, .reconf = net_reconf,
};
static struct ctl_module srp_mod = {
	.name = "tsrp", .rank = 40, .reconf = srp_reconf,
};

/* @text with the first @from replaced by @to (a new string). */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t pre, len;
	char *out;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pre = (size_t)(p - text);
	len = strlen(text) - strlen(from) + strlen(to);
	out = malloc(len + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memcpy(out, text, pre);
	strcpy(out + pre, to);
	strcat(out, p + strlen(from));
	return out;
}

static void
file_write(const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static char *
printed(const struct ctl_conf *c)
{
	size_t len;
	char *t = NULL;
	FILE *f = open_memstream(&t, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(ctl_conf_print(c, false, f), 0);
	fclose(f);
	return t;
}

static struct ctl_conf *
parsed(const char *text)
{
	char err[CTL_ERR_LEN];
	struct ctl_conf *c = malloc(sizeof(*c));

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(text, "t.cfg", c, err,
					     sizeof(err)), 0);
	return c;
}

/* Whether @d lists @line (substring) in class @restart. */
static bool
has_change(const struct ctl_conf_diff *d, bool restart, const char *line)
{
	unsigned int i;

	for (i = 0; i < d->n; i++)
		if (d->c[i].restart == restart &&
		    strstr(d->c[i].line, line) != NULL)
			return true;
	return false;
}

/* Start over: running = base file, counters cleared. */
static void
reset(void)
{
	char err[CTL_ERR_LEN];

	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(base_text, "base.cfg", run, err,
					     sizeof(err)), 0);
	n_net_calls = 0;
	n_srp_calls = 0;
	srp_fail = 0;
	srp_seen_priority = 0;
}

static void
test_diff_same_file(void)
{
	struct ctl_conf *b = parsed(base_text);
	struct ctl_conf_diff d;

	reset();
	CU_ASSERT_EQUAL(ctl_conf_diff(run, b, &d), 0);
	CU_ASSERT_EQUAL(d.n_runtime, 0);
	CU_ASSERT_EQUAL(d.n_restart, 0);
	CU_ASSERT_EQUAL(d.n, 0);
	free(b);
}

/* Hello interval, priority, a monitor, a static route, checkpoint and
 * switchover options, session timers: all run time. */
static void
test_diff_runtime_class(void)
{
	char *t1 = edit(base_text, "priority 20", "priority 30");
	char *t2 = edit(t1, "hello-interval msec 500", "hello-interval msec 400");
	char *t3 = edit(t2, "group 2\n", "group 3\n");
	char *t4 = edit(t3, "    ip route 0.0.0.0", "    ip route 10.9.0.0/16 "
			"198.51.100.253 access-port\n    ip route 0.0.0.0");
	char *t5 = edit(t4, "periodic-interval 60", "periodic-interval 90");
	char *t6 = edit(t5, "      switchover allow-early-active-transition\n",
			"");
	char *t7 = edit(t6, "\nend", "\n  dataplane\n    session idle-timeout 600\n"
			"  #exit\nend");
	struct ctl_conf *n = parsed(t7);
	struct ctl_conf_diff d;

	reset();
	CU_ASSERT_EQUAL(ctl_conf_diff(run, n, &d), 0);
	CU_ASSERT_EQUAL(d.n_restart, 0);
	CU_ASSERT(d.n_runtime >= 8);
	CU_ASSERT(has_change(&d, false, "service-redundancy-protocol > "
			     "priority 30"));
	CU_ASSERT(has_change(&d, false, "priority 20"));
	CU_ASSERT(has_change(&d, false, "hello-interval msec 400"));
	CU_ASSERT(has_change(&d, false, "group 3"));
	CU_ASSERT(has_change(&d, false, "context access > ip route "
			     "10.9.0.0/16"));
	CU_ASSERT(has_change(&d, false, "periodic-interval 90"));
	CU_ASSERT(has_change(&d, false, "allow-early-active-transition"));
	CU_ASSERT(has_change(&d, false, "idle-timeout 600"));
	free(n);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
	free(t5);
	free(t6);
	free(t7);
}

/* Ports, the SRP addresses, the chassis mode: restart. */
static void
test_diff_restart_class(void)
{
	static const char *const edits[][3] = {
		{ "net_memif1", "net_memif9", "dpdk-device net_memif9" },
		{ "bind address 192.0.2.2 port 5500",
		  "bind address 192.0.2.2 port 5501", "port 5501" },
		{ "chassis-mode backup", "chassis-mode primary",
		  "chassis-mode primary" },
		{ "ip pool ue-static 10.65.0.0/20", "ip pool ue-static "
		  "10.66.0.0/20", "10.66.0.0" },
	};
	struct ctl_conf_diff d;
	struct ctl_conf *n;
	unsigned int i;
	char *t, *t2;

	reset();
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		t = edit(base_text, edits[i][0], edits[i][1]);
		t2 = edit(t, "priority 20", "priority 30");
		n = parsed(t2);
		CU_ASSERT_EQUAL(ctl_conf_diff(run, n, &d), 0);
		CU_ASSERT(d.n_restart >= 1);
		CU_ASSERT(has_change(&d, true, edits[i][2]));
		CU_ASSERT(has_change(&d, false, "priority 30"));
		CU_ASSERT(!has_change(&d, true, "priority"));
		free(n);
		free(t);
		free(t2);
	}
}

/* One change that needs a restart: nothing applied, byte for byte. */
static void
test_apply_refuses_whole(void)
{
	char *t1 = edit(base_text, "priority 20", "priority 30");
	char *t2 = edit(t1, "net_memif2", "net_memif7");
	char err[CTL_ERR_LEN];
	char *before, *after;

	reset();
	before = printed(run);
	file_write(t2);
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, false, err, sizeof(err)),
			-EPERM);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "need a restart"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "net_memif7"));
	CU_ASSERT_PTR_NULL(strstr(err, "priority"));
	after = printed(run);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(n_net_calls + n_srp_calls, 0);
	free(after);
	/* partial: the run-time part only. */
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, true, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(run->srp.priority, 30);
	CU_ASSERT_EQUAL(srp_seen_priority, 30);
	after = printed(run);
	CU_ASSERT_PTR_NOT_NULL(strstr(after, "net_memif2"));
	CU_ASSERT_PTR_NULL(strstr(after, "net_memif7"));
	free(after);
	free(before);
	free(t1);
	free(t2);
}

/* A parse error: FILE:LINE, nothing changes, no module called. */
static void
test_apply_parse_error(void)
{
	char *t = edit(base_text, "priority 20", "priority 900");
	char err[CTL_ERR_LEN];
	char want[96];
	char *before, *after;

	reset();
	before = printed(run);
	file_write(t);
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, false, err, sizeof(err)),
			-EINVAL);
	snprintf(want, sizeof(want), "%s:13:", path);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	after = printed(run);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(n_net_calls + n_srp_calls, 0);
	/* A file that cannot be read: refused the same way. */
	CU_ASSERT(ctl_reconf_apply("/nonexistent/x.cfg", true, err,
				   sizeof(err)) < 0);
	free(after);
	free(before);
	free(t);
}

/* Run-time changes: every module hears them, in rank order, once. */
static void
test_apply_runtime(void)
{
	char *t = edit(base_text, "priority 20", "priority 40");
	char err[CTL_ERR_LEN];

	reset();
	file_write(t);
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, false, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(run->srp.priority, 40);
	CU_ASSERT_EQUAL(n_net_calls, 1);
	CU_ASSERT_EQUAL(n_srp_calls, 1);
	/* The same file again: unchanged, nobody called. */
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, false, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n_srp_calls, 1);
	free(t);
}

/* A module refuses: the configuration and the modules before it go back. */
static void
test_apply_rollback(void)
{
	char *t = edit(base_text, "priority 20", "priority 50");
	char err[CTL_ERR_LEN];
	char *before, *after;

	reset();
	before = printed(run);
	srp_fail = -EIO;
	file_write(t);
	CU_ASSERT_EQUAL(ctl_reconf_apply(path, false, err, sizeof(err)), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "tsrp"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "test refusal"));
	after = printed(run);
	CU_ASSERT_STRING_EQUAL(before, after);
	/* net took the change, then both took the old configuration back. */
	CU_ASSERT_EQUAL(n_net_calls, 2);
	CU_ASSERT_EQUAL(n_srp_calls, 2);
	free(after);
	free(before);
	free(t);
}

static int
reconf_suite_init(void)
{
	struct ctl_module_ctx ctx = { 0 };
	const char *dir = getenv("SRPGW_VECTORS");
	char file[512];
	long len;
	FILE *f;
	int fd;

	if (dir == NULL)
		return -1;
	snprintf(file, sizeof(file), "%s/conf/srpgw_backup.cfg", dir);
	f = fopen(file, "r");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0)
		return -1;
	len = ftell(f);
	rewind(f);
	base_text = calloc(1, (size_t)len + 1);
	if (base_text == NULL || fread(base_text, 1, (size_t)len, f) !=
	    (size_t)len)
		return -1;
	fclose(f);
	run = malloc(sizeof(*run));
	snprintf(path, sizeof(path), "/tmp/test_ctl_reconf.XXXXXX");
	fd = mkstemp(path);
	if (run == NULL || fd < 0)
		return -1;
	close(fd);
	ctl_module_register(&srp_mod);
	ctl_module_register(&net_mod);
	ctx.conf = run;
	ctx.running = run;
	if (ctl_modules_init(&ctx) < 0)
		return -1;
	return ctl_reconf_register(run, path) < 0 ? -1 : 0;
}

static int
reconf_suite_fini(void)
{
	ctl_modules_fini();
	unlink(path);
	free(run);
	free(base_text);
	return 0;
}

static CU_TestInfo reconf_tests[] = {
	{ "test_diff_same_file", test_diff_same_file },
	{ "test_diff_runtime_class", test_diff_runtime_class },
	{ "test_diff_restart_class", test_diff_restart_class },
	{ "test_apply_refuses_whole", test_apply_refuses_whole },
	{ "test_apply_parse_error", test_apply_parse_error },
	{ "test_apply_runtime", test_apply_runtime },
	{ "test_apply_rollback", test_apply_rollback },
	CU_TEST_INFO_NULL,
};

int
main(void)
{
	CU_SuiteInfo suites[] = {
		{ "ctl_reconf", reconf_suite_init, reconf_suite_fini, NULL,
		  NULL, reconf_tests },
		CU_SUITE_INFO_NULL,
	};

	return ut_run(suites);
}
