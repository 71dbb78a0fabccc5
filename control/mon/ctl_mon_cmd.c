/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "show srp monitor [all|bgp|authentication-probe|diameter]": per target
 * its kind, target, state, last change, failures and probes, and per kind
 * whether the service failed. Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "ctl_mon_int.h"

const char *
ctl_mon_target_name(const struct srp_monitor *m, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";
	int n;

	if (m->kind == SRP_MON_DIAMETER) {
		n = snprintf(buf, len, "%s endpoint %s", m->context,
			     m->endpoint);
		if (m->peer[0] != '\0' && n >= 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n, " peer %s",
				 m->peer);
		return buf;
	}
	inet_ntop(m->addr.family, m->addr.family == AF_INET ?
		  (const void *)&m->addr.v4 : (const void *)&m->addr.v6, a,
		  sizeof(a));
	n = snprintf(buf, len, "%s %s", m->context, a);
	if (m->kind == SRP_MON_BGP && m->group != 0 && n >= 0 &&
	    (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " group %u", m->group);
	else if (m->kind == SRP_MON_AUTH_PROBE && m->port != 0 && n >= 0 &&
		 (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " port %u", m->port);
	return buf;
}

static void
out_target(struct ctl_reply *out, const struct ctl_mon_target *t)
{
	char name[160];

	ctl_reply_obj_begin(out, NULL);
	ctl_reply_str(out, "type", ctl_mon_kind_name(t->conf->kind));
	ctl_reply_str(out, "target", ctl_mon_target_name(t->conf, name,
							 sizeof(name)));
	ctl_reply_str(out, "context", t->conf->context);
	if (t->conf->kind == SRP_MON_BGP)
		ctl_reply_u64(out, "group", t->conf->group);
	ctl_reply_str(out, "state", ctl_mon_state_name(t->state));
	ctl_reply_utc(out, "last_change", t->last_change_wall_ms / 1000,
		      "never");
	ctl_reply_u64(out, "failures", t->n_down);
	ctl_reply_u64(out, "probes_sent", t->n_sent);
	ctl_reply_u64(out, "probes_answered", t->n_answered);
	ctl_reply_u64(out, "probes_unanswered", t->n_timeouts);
	ctl_reply_u64(out, "errors", t->n_errors);
	ctl_reply_str(out, "detail", t->detail[0] != '\0' ? t->detail : "-");
	ctl_reply_obj_end(out);
}

static int
cmd_show_monitor(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	static const enum srp_monitor_kind kinds[] = {
		SRP_MON_BGP, SRP_MON_AUTH_PROBE, SRP_MON_DIAMETER,
	};
	bool want[3] = { true, true, true };
	unsigned int i, k;

	(void)arg;
	if (argc > 1 || (argc == 1 && strcmp(argv[0], "all") != 0 &&
			 strcmp(argv[0], "bgp") != 0 &&
			 strcmp(argv[0], "authentication-probe") != 0 &&
			 strcmp(argv[0], "diameter") != 0)) {
		ctl_reply_error(out, "expected: show srp monitor "
				"[all|bgp|authentication-probe|diameter], "
				"got '%.64s'", argc >= 1 ? argv[0] : "");
		return -EINVAL;
	}
	if (argc == 1 && strcmp(argv[0], "all") != 0)
		for (k = 0; k < 3; k++)
			want[k] = strcmp(argv[0],
					 ctl_mon_kind_name(kinds[k])) == 0;
	ctl_reply_obj_begin(out, "services");
	for (k = 0; k < 3; k++) {
		bool used = false;

		if (!want[k])
			continue;
		for (i = 0; i < ctl_mon_count(); i++)
			used |= ctl_mon_target(i)->conf->kind == kinds[k];
		ctl_reply_str(out, ctl_mon_kind_name(kinds[k]), !used ?
			      "not configured" : ctl_mon_failed(kinds[k]) ?
			      "failed" : "ok");
	}
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "monitors");
	for (i = 0; i < ctl_mon_count(); i++) {
		const struct ctl_mon_target *t = ctl_mon_target(i);

		for (k = 0; k < 3; k++)
			if (want[k] && t->conf->kind == kinds[k])
				out_target(out, t);
	}
	ctl_reply_arr_end(out);
	if (argc == 0 || strcmp(argv[0], "all") == 0)
		ctl_mon_local_show(out);
	return 0;
}

static const struct ctl_cmd mon_cmds[] = {
	{
		.words = "show srp monitor",
		.args = "[all|bgp|authentication-probe|diameter]",
		.help = "service monitors: targets, states, failures, probes",
		.fn = cmd_show_monitor,
		.telemetry = true,
	},
};

int
ctl_mon_cmd_register(void)
{
	return ctl_api_register(&mon_cmds[0]);
}
