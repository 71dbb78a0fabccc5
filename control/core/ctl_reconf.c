/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-service configuration changes: parse the whole new file, sort its
 * differences into run-time and restart classes (conf/ctl_conf_diff.c),
 * then apply all of them in one reactor turn (every module's reconf hook in
 * rank order, undone in reverse on a failure) or none. `configure FILE
 * [partial]`, SIGHUP, `show configuration changes`. Context: control.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/ctl_conf.h"
#include "conf/ctl_conf_diff.h"
#include "ctl_api.h"
#include "ctl_log.h"
#include "ctl_loop.h"
#include "ctl_module.h"
#include "ctl_reconf.h"

/* Outcome of one attempt. */
enum rc_result {
	RC_NONE = 0,		/* no attempt yet */
	RC_APPLIED,		/* every change applied */
	RC_PARTIAL,		/* run-time changes applied, restart ones not */
	RC_UNCHANGED,		/* nothing to apply */
	RC_REFUSED_RESTART,	/* a change needs a restart: nothing applied */
	RC_REFUSED_PARSE,	/* the file is not a valid configuration */
	RC_FAILED,		/* a module refused: everything undone */
};

static const char *const rc_result_names[] = {
	[RC_NONE] = "none",
	[RC_APPLIED] = "applied",
	[RC_PARTIAL] = "applied-partially",
	[RC_UNCHANGED] = "unchanged",
	[RC_REFUSED_RESTART] = "refused-restart-needed",
	[RC_REFUSED_PARSE] = "refused-invalid",
	[RC_FAILED] = "failed-rolled-back",
};

static struct {
	struct ctl_conf		*run;
	const char		*path;
	uint64_t		n_by[RC_FAILED + 1];	/* attempts by result */
	/* Last attempt. */
	enum rc_result		last;
	const char		*last_source;	/* "configure", "sighup" */
	uint64_t		last_wall_s;
	char			last_file[PATH_MAX];
	char			last_error[CTL_ERR_LEN];
	struct ctl_conf_diff	diff;
} rc;

static void
rc_done(enum rc_result r, const char *err)
{
	rc.last = r;
	rc.n_by[r]++;
	snprintf(rc.last_error, sizeof(rc.last_error), "%s", err);
}

/* The restart-class lines, "+ line; - line", into @buf. */
static void
rc_restart_list(char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < rc.diff.n; i++) {
		if (!rc.diff.c[i].restart)
			continue;
		n = snprintf(buf + off, len - off, "%s%c %s",
			     off == 0 ? "" : "; ",
			     rc.diff.c[i].added ? '+' : '-',
			     rc.diff.c[i].line);
		if (n < 0 || (size_t)n >= len - off)
			return;
		off += (size_t)n;
	}
	if (rc.diff.n_restart > rc.diff.n)
		snprintf(buf + off, len - off, "; ...");
}

/*
 * Apply @file. On refusal or failure @err says why (FILE:LINE for a parse
 * error). @return 0 (applied, partly applied or unchanged), -EINVAL (bad
 * file), -EPERM (restart needed), or a module's negative errno.
 */
static int
rc_apply(const char *file, bool partial, const char *source, char *err,
	 size_t err_len)
{
	const struct ctl_module *failed;
	struct ctl_conf *next, *was;
	char why[CTL_ERR_LEN];
	int ret;

	rc.last_source = source;
	rc.last_wall_s = ctl_loop_wall_ms() / 1000;
	snprintf(rc.last_file, sizeof(rc.last_file), "%s", file);
	memset(&rc.diff, 0, sizeof(rc.diff));
	err[0] = '\0';
	next = malloc(sizeof(*next));
	was = malloc(sizeof(*was));
	if (next == NULL || was == NULL) {
		snprintf(err, err_len, "out of memory");
		ret = -ENOMEM;
		rc_done(RC_FAILED, err);
		goto out_free;
	}
	/* The whole file with the start-up parser: its FILE:LINE errors. */
	ret = ctl_conf_load(file, next, err, err_len);
	if (ret < 0) {
		rc_done(RC_REFUSED_PARSE, err);
		goto out_free;
	}
	ret = ctl_conf_diff(rc.run, next, &rc.diff);
	if (ret < 0) {
		snprintf(err, err_len, "cannot compare the configurations: %s",
			 strerror(-ret));
		rc_done(RC_FAILED, err);
		goto out_free;
	}
	if (rc.diff.n_restart > 0 && !partial) {
		rc_restart_list(why, sizeof(why));
		snprintf(err, err_len, "%u change(s) need a restart, nothing "
			 "applied: %.400s", rc.diff.n_restart, why);
		rc_done(RC_REFUSED_RESTART, err);
		ret = -EPERM;
		goto out_free;
	}
	if (rc.diff.n_runtime == 0) {
		rc_done(RC_UNCHANGED, "");
		goto out_free;
	}
	if (rc.diff.n_restart > 0) {
		/* partial: the running file with the run-time part only. */
		*was = *rc.run;
		ctl_conf_runtime_take(was, next);
		*next = *was;
		if (next->srp.present &&
		    srp_conf_check(&next->srp, why, sizeof(why)) < 0) {
			snprintf(err, err_len, "%s: the run-time part alone "
				 "is not valid: %.200s", file, why);
			rc_done(RC_REFUSED_PARSE, err);
			ret = -EINVAL;
			goto out_free;
		}
	}
	*was = *rc.run;
	*rc.run = *next;
	ret = ctl_modules_reconf(was, rc.run, &failed, why, sizeof(why));
	if (ret < 0) {
		/* Back to the previous configuration, every module too. */
		*next = *rc.run;
		*rc.run = *was;
		ctl_modules_reconf_undo(failed, next, rc.run);
		snprintf(err, err_len, "module %s refused the change (%.300s); "
			 "the previous configuration is back",
			 failed != NULL ? failed->name : "?", why);
		rc_done(RC_FAILED, err);
		goto out_free;
	}
	rc_done(rc.diff.n_restart > 0 ? RC_PARTIAL : RC_APPLIED, "");
out_free:
	CTL_LOG(NOTICE, "configuration %s (%s, %s): %u run-time change(s), "
		"%u needing a restart%s%s", rc_result_names[rc.last], source,
		file, rc.diff.n_runtime, rc.diff.n_restart,
		err[0] != '\0' ? ": " : "", err);
	free(was);
	free(next);
	return ret;
}

int
ctl_reconf_apply(const char *file, bool partial, char *err, size_t err_len)
{
	if (rc.run == NULL || file == NULL || err == NULL)
		return -EINVAL;
	return rc_apply(file, partial, "configure", err, err_len);
}

int
ctl_reconf_sighup(void)
{
	char err[CTL_ERR_LEN];

	if (rc.run == NULL || rc.path == NULL)
		return -ENODEV;
	return rc_apply(rc.path, false, "sighup", err, sizeof(err));
}

static void
rc_changes_out(struct ctl_reply *out)
{
	char buf[CTL_DIFF_LINE_LEN + 16];
	unsigned int i;

	ctl_reply_u64(out, "runtime_changes", rc.diff.n_runtime);
	ctl_reply_u64(out, "restart_changes", rc.diff.n_restart);
	ctl_reply_arr_begin(out, "changes");
	for (i = 0; i < rc.diff.n; i++) {
		snprintf(buf, sizeof(buf), "%s %c %s",
			 rc.diff.c[i].restart ? "restart" : "runtime",
			 rc.diff.c[i].added ? '+' : '-', rc.diff.c[i].line);
		ctl_reply_str(out, NULL, buf);
	}
	ctl_reply_arr_end(out);
}

static int
rc_configure(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[CTL_ERR_LEN];
	bool partial = false;
	int ret;

	(void)arg;
	if (argc == 2 && strcmp(argv[1], "partial") == 0)
		partial = true;
	else if (argc != 1) {
		ctl_reply_error(out, "expected: configure FILE [partial]");
		return -EINVAL;
	}
	if (argv[0][0] != '/') {
		ctl_reply_error(out, "configure: '%s': expected an absolute "
				"path (srpgwctl makes one)", argv[0]);
		return -EINVAL;
	}
	ret = ctl_reconf_apply(argv[0], partial, err, sizeof(err));
	if (ret < 0) {
		ctl_reply_error(out, "configuration %s: %s",
				rc_result_names[rc.last], err);
		return ret;
	}
	ctl_reply_str(out, "result", rc_result_names[rc.last]);
	ctl_reply_str(out, "file", rc.last_file);
	rc_changes_out(out);
	return 0;
}

static int
rc_show_changes(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	unsigned int r;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show configuration changes takes no "
				"arguments");
		return -EINVAL;
	}
	ctl_reply_str(out, "startup_file", rc.path != NULL ? rc.path : "-");
	ctl_reply_str(out, "last_result", rc_result_names[rc.last]);
	ctl_reply_str(out, "last_source", rc.last_source != NULL ?
		      rc.last_source : "-");
	ctl_reply_str(out, "last_file", rc.last != RC_NONE ?
		      rc.last_file : "-");
	ctl_reply_utc(out, "last_time", rc.last_wall_s, "-");
	ctl_reply_str(out, "last_error", rc.last_error[0] != '\0' ?
		      rc.last_error : "-");
	ctl_reply_obj_begin(out, "attempts");
	for (r = RC_APPLIED; r <= RC_FAILED; r++)
		ctl_reply_u64(out, rc_result_names[r], rc.n_by[r]);
	ctl_reply_obj_end(out);
	rc_changes_out(out);
	return 0;
}

static const struct ctl_cmd rc_cmds[] = {
	{
		.words = "configure",
		.args = "FILE [partial]",
		.help = "apply a configuration file in service (all or nothing; partial: only its run-time changes)",
		.fn = rc_configure,
	},
	{
		.words = "show configuration changes",
		.args = "",
		.help = "last in-service configuration change, its changed lines, counts of applies and refusals",
		.fn = rc_show_changes,
		.telemetry = true,
	},
};

int
ctl_reconf_register(struct ctl_conf *run, const char *path)
{
	size_t i;
	int ret;

	rc.run = run;
	rc.path = path;
	for (i = 0; i < sizeof(rc_cmds) / sizeof(rc_cmds[0]); i++) {
		ret = ctl_api_register(&rc_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
