/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "show snmp trap history" (the raised traps, newest last, one line each)
 * and "show snmp trap statistics" (per trap name and for the sender).
 * Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "ctl_alarm_int.h"

static int
no_args(struct ctl_reply *out, int argc, char **argv, const char *cmd)
{
	if (argc == 0)
		return 0;
	ctl_reply_error(out, "expected: %s (no arguments), got '%.64s'", cmd,
			argv[0]);
	return -EINVAL;
}

static void
out_rec(struct ctl_reply *out, const struct ctl_alarm_rec *rec)
{
	uint32_t objs = ctl_alarm_trap_objects(rec->trap);
	char words[CTL_ALARM_VAR_MAX * (CTL_ALARM_VAR_LEN + 16)];
	unsigned int i;

	if (ctl_reply_fmt(out) == CTL_REPLY_TEXT) {
		/* One line: "TIME, NAME, varbinds in words". */
		ctl_reply_arr_begin(out, NULL);
		ctl_reply_utc(out, NULL, rec->wall_ms / 1000, "-");
		ctl_reply_str(out, NULL, ctl_trap_name(rec->trap));
		ctl_reply_str(out, NULL, ctl_alarm_rec_words(rec, words,
							     sizeof(words)));
		ctl_reply_arr_end(out);
		return;
	}
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_utc(out, "time", rec->wall_ms / 1000, "-");
	ctl_reply_str(out, "trap", ctl_trap_name(rec->trap));
	ctl_reply_u64(out, "uptime_cs", rec->uptime_cs);
	ctl_reply_obj_begin(out, "varbinds");
	for (i = 0; i < CTL_ALARM_VAR_MAX; i++)
		if (objs & (1u << i))
			ctl_reply_str(out, ctl_alarm_var_name(i), rec->var[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_end(out);
}

static int
cmd_history(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_alarm_ring *r = ctl_alarm_history();
	unsigned int i, n = ctl_alarm_ring_count(r);

	(void)arg;
	if (no_args(out, argc, argv, "show snmp trap history") < 0)
		return -EINVAL;
	ctl_reply_u64(out, "traps_raised", r->n);
	ctl_reply_u64(out, "traps_shown", n);
	ctl_reply_arr_begin(out, "history");
	for (i = 0; i < n; i++)
		out_rec(out, ctl_alarm_ring_get(r, i));
	ctl_reply_arr_end(out);
	return 0;
}

static int
cmd_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_alarm_stats *st = ctl_alarm_stats();
	const struct ctl_conf *conf = ctl_alarm_conf();
	const struct ctl_snmp_target *t;
	char a[INET_ADDRSTRLEN];
	uint64_t sent = 0;
	unsigned int i;

	(void)arg;
	if (no_args(out, argc, argv, "show snmp trap statistics") < 0)
		return -EINVAL;
	for (i = 0; i < CTL_TRAP_MAX; i++)
		sent += st->n_sent[i];
	ctl_reply_u64(out, "traps_sent", sent);
	ctl_reply_u64(out, "send_errors", st->n_send_err);
	ctl_reply_u64(out, "encode_errors", st->n_encode_err);
	ctl_reply_u64(out, "queue_drops", st->n_queue_drop);
	ctl_reply_u64(out, "send_retries", st->n_send_retry);
	ctl_reply_u64(out, "queued", ctl_alarm_queued());
	ctl_reply_u64(out, "queue_size", ctl_alarm_queue_cap());
	/* Where traps go; the community is a secret and never shown. */
	ctl_reply_arr_begin(out, "targets");
	for (i = 0; conf != NULL && i < conf->n_snmp_targets; i++) {
		t = &conf->snmp_targets[i];
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "name", t->name);
		ctl_reply_str(out, "address", inet_ntop(AF_INET, &t->addr.v4,
							a, sizeof(a)) != NULL ?
			      a : "?");
		ctl_reply_u64(out, "port", t->port);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "traps");
	for (i = 0; i < CTL_TRAP_MAX; i++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "name", ctl_trap_name(i));
		ctl_reply_bool(out, "enabled", conf == NULL ||
			       !(conf->snmp_suppressed & (1u << i)));
		ctl_reply_u64(out, "raised", st->n_raised[i]);
		ctl_reply_u64(out, "sent", st->n_sent[i]);
		ctl_reply_u64(out, "suppressed", st->n_suppressed[i]);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static const struct ctl_cmd alarm_cmds[] = {
	{
		.words = "show snmp trap history",
		.args = "",
		.help = "the SRP traps raised, newest last (time, name, "
			"varbinds)",
		.fn = cmd_history,
		.telemetry = true,
	},
	{
		.words = "show snmp trap statistics",
		.args = "",
		.help = "traps raised, sent and suppressed per name; send "
			"errors and queue drops",
		.fn = cmd_statistics,
		.telemetry = true,
	},
};

int
ctl_alarm_cmd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(alarm_cmds) / sizeof(alarm_cmds[0]); i++) {
		ret = ctl_api_register(&alarm_cmds[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}
