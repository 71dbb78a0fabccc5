/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, dataplane and bulkstat modes: sizes and polling
 * of the dataplane, the session timers' defaults, and whether bulk statistics are gathered on the
 * standby. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_conf_int.h"

static bool
ctl_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* max-sessions, mbufs, rx-descriptors, tx-descriptors, burst */
static int
ctl_cmd_dp_value(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	const char *w = ln->tok[at].s;
	struct dp_conf *dp = &p->conf->dp;
	uint32_t min, max, def, v;
	bool pow2 = false;

	if (strcmp(w, "max-sessions") == 0) {
		min = 1;
		max = 16777216;
		def = CTL_DP_MAX_SESSIONS_DEFAULT;
	} else if (strcmp(w, "mbufs") == 0) {
		min = 1023;
		max = 1048575;
		def = CTL_DP_N_MBUFS_DEFAULT;
	} else if (strcmp(w, "burst") == 0) {
		min = 1;
		max = 64;
		def = CTL_DP_BURST_DEFAULT;
	} else {
		min = 64;
		max = 4096;
		def = CTL_DP_N_DESC_DEFAULT;
		pow2 = true;
	}
	v = def;
	if (form == CTL_FORM_DEFAULT) {
		if (ctl_arg_end(p, ln, at + 1, w) < 0)
			return -EINVAL;
	} else {
		if (ctl_arg_u32(p, ln, at + 1, w, min, max, &v) < 0)
			return -EINVAL;
		if (pow2 && !ctl_pow2(v))
			return ctl_perr(p, "%s: expected a power of two in "
					"%u..%u, got '%u'", w, min, max, v);
		if (ctl_arg_end(p, ln, at + 2, w) < 0)
			return -EINVAL;
	}
	if (strcmp(w, "max-sessions") == 0)
		dp->max_sessions = v;
	else if (strcmp(w, "mbufs") == 0)
		dp->n_mbufs = v;
	else if (strcmp(w, "burst") == 0)
		dp->burst = (uint16_t)v;
	else if (strcmp(w, "rx-descriptors") == 0)
		dp->n_rxd = (uint16_t)v;
	else
		dp->n_txd = (uint16_t)v;
	return 0;
}

static int
ctl_cmd_dp_idle(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw_ep[] = { "empty-polls", NULL };
	static const char *const kw_us[] = { "sleep-us", NULL };
	struct dp_conf *dp = &p->conf->dp;
	uint32_t polls = 0, us = 0;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no idle-backoff") < 0)
			return -EINVAL;
	} else if (ctl_arg_kw(p, ln, at + 1, "idle-backoff", kw_ep) < 0 ||
		   ctl_arg_u32(p, ln, at + 2, "idle-backoff empty-polls", 1,
			       10000000, &polls) < 0 ||
		   ctl_arg_kw(p, ln, at + 3, "idle-backoff", kw_us) < 0 ||
		   ctl_arg_u32(p, ln, at + 4, "idle-backoff sleep-us", 0,
			       100000, &us) < 0 ||
		   ctl_arg_end(p, ln, at + 5, "idle-backoff") < 0) {
		return -EINVAL;
	}
	dp->idle_polls = polls;
	dp->idle_sleep_us = us;
	return 0;
}

static int
ctl_cmd_dp_src_check(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int at, enum ctl_form form)
{
	if (ctl_arg_end(p, ln, at + 1, "source-check") < 0)
		return -EINVAL;
	p->conf->dp.src_check_off = form == CTL_FORM_NO;
	return 0;
}

/* session idle-timeout S | session absolute-timeout S (0: none) */
static int
ctl_cmd_dp_sess_timeout(struct ctl_parser *p, const struct ctl_line *ln,
			unsigned int at, enum ctl_form form)
{
	bool idle = strcmp(ln->tok[at + 1].s, "idle-timeout") == 0;
	const char *what = idle ? "session idle-timeout" :
			   "session absolute-timeout";
	uint32_t v = 0;

	if (form == CTL_FORM_DEFAULT) {
		if (ctl_arg_end(p, ln, at + 2, what) < 0)
			return -EINVAL;
	} else if (ctl_arg_u32(p, ln, at + 2, what, 0, 2147483647u, &v) < 0 ||
		   ctl_arg_end(p, ln, at + 3, what) < 0) {
		return -EINVAL;
	}
	if (idle)
		p->conf->sess_idle_timeout_s = v;
	else
		p->conf->sess_abs_timeout_s = v;
	return 0;
}

static int
ctl_cmd_gather(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int at, enum ctl_form form)
{
	if (ctl_arg_end(p, ln, at + 1, "gather-on-standby") < 0)
		return -EINVAL;
	p->conf->bulkstat_no_standby = form == CTL_FORM_NO;
	return 0;
}

static const struct ctl_cmd ctl_dataplane_cmds[] = {
	{ CTL_MODE_DATAPLANE, "max-sessions", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_value, "max-sessions 1..16777216 | default "
	  "max-sessions" },
	{ CTL_MODE_DATAPLANE, "mbufs", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_value, "mbufs 1023..1048575 | default mbufs" },
	{ CTL_MODE_DATAPLANE, "rx-descriptors", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_value, "rx-descriptors 64..4096 (power of two) | "
	  "default rx-descriptors" },
	{ CTL_MODE_DATAPLANE, "tx-descriptors", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_value, "tx-descriptors 64..4096 (power of two) | "
	  "default tx-descriptors" },
	{ CTL_MODE_DATAPLANE, "burst", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_value, "burst 1..64 | default burst" },
	{ CTL_MODE_DATAPLANE, "idle-backoff", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_dp_idle, "idle-backoff empty-polls 1..10000000 sleep-us "
	  "0..100000 | no idle-backoff" },
	{ CTL_MODE_DATAPLANE, "source-check", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_dp_src_check, "source-check | no source-check" },
	{ CTL_MODE_DATAPLANE, "session", "idle-timeout", CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_dp_sess_timeout, "session idle-timeout 0..2147483647 | "
	  "default session idle-timeout" },
	{ CTL_MODE_DATAPLANE, "session", "absolute-timeout",
	  CTL_F_SET | CTL_F_DEF, ctl_cmd_dp_sess_timeout,
	  "session absolute-timeout 0..2147483647 | default session "
	  "absolute-timeout" },
	/* bulkstat */
	{ CTL_MODE_BULKSTAT, "gather-on-standby", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_gather, "gather-on-standby | no gather-on-standby" },
};

const struct ctl_cmd_table ctl_dataplane_table =
	CTL_CMD_TABLE(ctl_dataplane_cmds);
