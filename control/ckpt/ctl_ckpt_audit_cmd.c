/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator commands of the subscriber state audit: srp initiate-audit
 * [manual-with-sync], show srp audit-statistics, and the test hook debug
 * ckpt-drop-deltas N. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "ctl_ckpt.h"

static struct ctl_ckpt *audit_ckpt;

static int
audit_ready(struct ctl_reply *out)
{
	if (audit_ckpt == NULL || audit_ckpt->t == NULL) {
		ctl_reply_error(out, "SRP is not running");
		return -ENODEV;
	}
	return 0;
}

/* srp initiate-audit [manual-with-sync] */
static int
cmd_initiate(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[160];
	bool sync;
	int ret;

	(void)arg;
	ret = audit_ready(out);
	if (ret != 0)
		return ret;
	if (argc > 1 || (argc == 1 && strcmp(argv[0], "manual-with-sync"))) {
		ctl_reply_error(out, "expected: srp initiate-audit "
				"[manual-with-sync]");
		return -EINVAL;
	}
	sync = argc == 1;
	ret = ctl_ckpt_audit_start(audit_ckpt, sync, false, err, sizeof(err));
	if (ret < 0) {
		ctl_reply_error(out, "srp initiate-audit refused: %s", err);
		return ret;
	}
	ctl_reply_u64(out, "audit", audit_ckpt->au.id);
	ctl_reply_bool(out, "sync", sync);
	ctl_reply_str(out, "state", "started (see show srp "
		      "audit-statistics)");
	return 0;
}

static void
utc_ms(struct ctl_reply *out, const char *key, uint64_t ms, const char *none)
{
	ctl_reply_utc(out, key, ms / 1000u, none);
}

/* show srp audit-statistics */
static int
cmd_show(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_ckpt_audit *a;
	const struct ctl_audit_stats *st;
	int ret;

	(void)argv;
	(void)arg;
	ret = audit_ready(out);
	if (ret != 0)
		return ret;
	if (argc > 0) {
		ctl_reply_error(out, "show srp audit-statistics: too many "
				"arguments");
		return -EINVAL;
	}
	a = &audit_ckpt->au;
	st = &a->st;
	ctl_reply_bool(out, "peer_supports_audit",
		       (audit_ckpt->feat_caps & SRP_CAP_AUDIT) != 0);
	ctl_reply_bool(out, "audit_running", a->phase != CTL_AUDIT_IDLE);
	ctl_reply_u64(out, "audits_run", st->n_run);
	ctl_reply_u64(out, "audits_passed", st->n_passed);
	ctl_reply_u64(out, "audits_failed", st->n_failed);
	ctl_reply_u64(out, "sessions_repaired_total", st->n_repaired);
	ctl_reply_obj_begin(out, "last_audit");
	ctl_reply_u64(out, "id", st->n_run > 0 ? a->id : 0);
	utc_ms(out, "start_time", st->last_start_ms, "never");
	utc_ms(out, "end_time", st->last_end_ms,
	       st->last_start_ms != 0 ? "running" : "never");
	ctl_reply_str(out, "kind", st->n_run == 0 ? "-" :
		      st->last_scheduled ? "scheduled" :
		      st->last_sync ? "manual-with-sync" : "manual");
	ctl_reply_str(out, "result", st->last_result != NULL ?
		      st->last_result : "-");
	ctl_reply_u64(out, "ranges_compared", st->ranges);
	ctl_reply_u64(out, "buckets_listed", st->buckets);
	ctl_reply_u64(out, "messages_exchanged", st->msgs);
	ctl_reply_u64(out, "missing_on_standby", st->missing);
	ctl_reply_u64(out, "stale_on_standby", st->stale);
	ctl_reply_u64(out, "differing", st->differing);
	ctl_reply_u64(out, "repaired", st->repaired);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "active_side");
	ctl_reply_u64(out, "queries_answered", st->n_served);
	ctl_reply_u64(out, "fetches_answered", st->n_listed);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "messages_refused", st->n_bad);
	ctl_reply_str(out, "last_refusal", st->last_bad[0] != '\0' ?
		      st->last_bad : "-");
	ctl_reply_u64(out, "deltas_dropped_by_test_hook", st->n_dropped);
	ctl_reply_u64(out, "deltas_to_drop", a->drop_deltas);
	return 0;
}

/* debug ckpt-drop-deltas N (the audit test's hook). */
static int
cmd_drop(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	unsigned int n;
	char extra;
	int ret;

	(void)arg;
	ret = audit_ready(out);
	if (ret != 0)
		return ret;
	if (argc != 1 || sscanf(argv[0], "%u%c", &n, &extra) != 1 ||
	    n > 1000000) {
		ctl_reply_error(out, "expected: debug ckpt-drop-deltas "
				"0..1000000");
		return -EINVAL;
	}
	if (!audit_ckpt->active) {
		ctl_reply_error(out, "debug ckpt-drop-deltas: only on the "
				"active chassis");
		return -EPERM;
	}
	ctl_ckpt_audit_drop_deltas(audit_ckpt, n);
	ctl_reply_u64(out, "deltas_to_drop", n);
	return 0;
}

static const struct ctl_cmd audit_cmds[] = {
	{
		.words = "srp initiate-audit",
		.args = "[manual-with-sync]",
		.help = "compare the sessions with the active's now (on the "
			"standby); manual-with-sync also repairs",
		.fn = cmd_initiate,
	},
	{
		.words = "show srp audit-statistics",
		.args = "",
		.help = "last subscriber state audit and audit counters",
		.fn = cmd_show,
		.telemetry = true,
	},
	{
		.words = "debug ckpt-drop-deltas",
		.args = "N",
		.help = "test hook: the active drops its next N delta "
			"records instead of sending them",
		.fn = cmd_drop,
	},
};

int
ctl_ckpt_audit_cmd_register(struct ctl_ckpt *c)
{
	unsigned int i;
	int ret;

	audit_ckpt = c;
	for (i = 0; i < RTE_DIM(audit_cmds); i++) {
		ret = ctl_api_register(&audit_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
