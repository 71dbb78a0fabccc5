/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, service-redundancy-protocol mode, second part:
 * monitors, guard timers, switchover and standby behaviour, audit,
 * DSCP marking, authentication key and bgp-speaker. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"
#include "srp_keyseal.h"

#define SRP_AUTH_KEY_MIN	8
#define SRP_AUTH_KEY_MAX	(SRP_CONF_KEY_LEN - 1)

/* "context CTX" shared by the three monitor kinds. */
static int
srp_monitor_context(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int i, const char *what, struct srp_monitor *m)
{
	static const char *const kw[] = { "context", NULL };
	int ret;

	ret = ctl_arg_kw(p, ln, i, what, kw);
	if (ret < 0)
		return ret;
	return ctl_arg_name(p, ln, i + 1, what, m->context,
			    sizeof(m->context));
}

/* Parse the words after "monitor KIND" into @m. */
static int
srp_monitor_parse(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, struct srp_monitor *m, const char **what)
{
	static const char *const kw_group[] = { "group", NULL };
	static const char *const kw_ep[] = { "endpoint", NULL };
	static const char *const kw_peer[] = { "peer", NULL };
	const char *kind = ctl_tok(ln, at + 1);
	unsigned int i = at + 2;
	int ret;

	memset(m, 0, sizeof(*m));
	if (strcmp(kind, "bgp") == 0) {
		*what = "monitor bgp";
		m->kind = SRP_MON_BGP;
	} else if (strcmp(kind, "authentication-probe") == 0) {
		*what = "monitor authentication-probe";
		m->kind = SRP_MON_AUTH_PROBE;
	} else {
		*what = "monitor diameter";
		m->kind = SRP_MON_DIAMETER;
	}
	ret = srp_monitor_context(p, ln, i, *what, m);
	if (ret < 0)
		return ret;
	if (m->kind == SRP_MON_DIAMETER) {
		ret = ctl_arg_kw(p, ln, i + 2, *what, kw_ep);
		if (ret < 0)
			return ret;
		ret = ctl_arg_name(p, ln, i + 3, "monitor diameter endpoint",
				   m->endpoint, sizeof(m->endpoint));
		if (ret < 0)
			return ret;
		i += 4;
		if (ctl_tok(ln, i) != NULL) {
			ret = ctl_arg_kw(p, ln, i, *what, kw_peer);
			if (ret < 0)
				return ret;
			ret = ctl_arg_name(p, ln, i + 1,
					   "monitor diameter peer", m->peer,
					   sizeof(m->peer));
			if (ret < 0)
				return ret;
			i += 2;
		}
		return ctl_arg_end(p, ln, i, *what);
	}
	ret = ctl_arg_addr(p, ln, i + 2, *what, AF_UNSPEC, &m->addr);
	if (ret < 0)
		return ret;
	if (m->kind == SRP_MON_BGP)
		ret = ctl_srp_opt_u16(p, ln, i + 3, *what, kw_group,
				      "monitor bgp group",
				      SRP_MONITOR_GROUP_MIN,
				      SRP_MONITOR_GROUP_MAX, &m->group, &i);
	else
		ret = ctl_srp_opt_u16(p, ln, i + 3, *what, ctl_srp_kw_port,
				      "monitor authentication-probe port", 1,
				      SRP_PORT_MAX, &m->port, &i);
	if (ret < 0)
		return ret;
	return ctl_arg_end(p, ln, i, *what);
}

static int
srp_cmd_monitor(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);
	struct srp_monitor m;
	const char *what = "monitor";
	char a[SRP_CONF_NAME_LEN + 16];
	unsigned int i;
	int ret;

	ret = srp_monitor_parse(p, ln, at, &m, &what);
	if (ret < 0)
		return ret;
	for (i = 0; i < s->n_monitors; i++)
		if (srp_monitor_equal(&s->monitors[i], &m))
			break;
	if (m.kind == SRP_MON_DIAMETER)
		snprintf(a, sizeof(a), "endpoint %s", m.endpoint);
	else
		ctl_addr_fmt(&m.addr, a, sizeof(a));

	if (form == CTL_FORM_NO) {
		if (i == s->n_monitors)
			return ctl_perr(p, "no %s: no such monitor for context "
					"'%s' %s", what, m.context, a);
		if (m.kind == SRP_MON_BGP && m.group != 0 &&
		    m.group != s->monitors[i].group)
			return ctl_perr(p, "no %s: %s in context '%s' is in "
					"group %u, not %u", what, a,
					m.context, s->monitors[i].group,
					m.group);
		memmove(&s->monitors[i], &s->monitors[i + 1],
			(s->n_monitors - i - 1) * sizeof(s->monitors[0]));
		memmove(&p->mon_line[i], &p->mon_line[i + 1],
			(s->n_monitors - i - 1) * sizeof(p->mon_line[0]));
		s->n_monitors--;
		memset(&s->monitors[s->n_monitors], 0,
		       sizeof(s->monitors[0]));
		return 0;
	}
	if (i < s->n_monitors)
		return ctl_perr(p, "%s: context '%s' %s is already monitored",
				what, m.context, a);
	if (s->n_monitors >= SRP_CONF_MAX_MONITORS)
		return ctl_perr(p, "%s: too many monitors (max %u)", what,
				SRP_CONF_MAX_MONITORS);
	p->mon_line[s->n_monitors] = p->line;
	s->monitors[s->n_monitors++] = m;
	return 0;
}

/* guard-timer GROUP [aaa|bgp|diam] damping-period S | guard-period S */
static int
srp_cmd_guard(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw_group[] = { "aaa-switchover-timers",
		"diameter-switchover-timers", "srp-redundancy-timers", NULL };
	static const char *const kw_red[] = { "aaa", "bgp", "diam", NULL };
	static const char *const kw_period[] = { "damping-period",
						 "guard-period", NULL };
	struct srp_conf *s = srp_of(p);
	struct srp_guard *g;
	unsigned int i = at + 1;
	int group, period = -1, ret;
	uint32_t v = 0;
	char what[96];

	group = ctl_arg_kw(p, ln, i, "guard-timer", kw_group);
	if (group < 0)
		return group;
	i++;
	snprintf(what, sizeof(what), "guard-timer %s", kw_group[group]);
	if (group == 0) {
		g = &s->aaa_switchover;
	} else if (group == 1) {
		g = &s->diameter_switchover;
	} else {
		ret = ctl_arg_kw(p, ln, i, what, kw_red);
		if (ret < 0)
			return ret;
		g = ret == 0 ? &s->redundancy_aaa :
			ret == 1 ? &s->redundancy_bgp : &s->redundancy_diam;
		snprintf(what, sizeof(what), "guard-timer %s %s",
			 kw_group[group], kw_red[ret]);
		i++;
	}
	if (form == CTL_FORM_SET || ctl_tok(ln, i) != NULL) {
		period = ctl_arg_kw(p, ln, i, what, kw_period);
		if (period < 0)
			return period;
		i++;
	}
	if (form == CTL_FORM_SET) {
		char label[128];

		snprintf(label, sizeof(label), "%s %s", what,
			 kw_period[period]);
		ret = ctl_arg_u32(p, ln, i, label, 0, SRP_GUARD_S_MAX, &v);
		if (ret < 0)
			return ret;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	if (form == CTL_FORM_SET) {
		if (period == 0)
			g->damping_s = v;
		else
			g->guard_s = v;
		return 0;
	}
	/* default: one period, or both when none is named */
	if (period != 1)
		g->damping_s = SRP_DAMPING_PERIOD_DEFAULT;
	if (period != 0)
		g->guard_s = SRP_GUARD_PERIOD_DEFAULT;
	return 0;
}

static int
srp_cmd_dscp(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "control", "session", NULL };
	struct srp_conf *s = srp_of(p);
	const char *name;
	int which, v = 0;

	which = ctl_arg_kw(p, ln, at + 1, "dscp-marking", kw);
	if (which < 0)
		return which;
	if (form == CTL_FORM_SET) {
		if (ctl_arg_need(p, ln, at + 2, which == 0 ?
				 "dscp-marking control" :
				 "dscp-marking session",
				 "a DSCP name") < 0)
			return -EINVAL;
		name = ctl_tok(ln, at + 2);
		v = srp_dscp_from_name(name);
		if (v < 0)
			return ctl_perr(p, "dscp-marking %s: expected one of "
					"%s, got '%.40s'", kw[which],
					srp_dscp_names(), name);
		if (ctl_arg_end(p, ln, at + 3, "dscp-marking") < 0)
			return -EINVAL;
	} else if (ctl_arg_end(p, ln, at + 2, "default dscp-marking") < 0) {
		return -EINVAL;
	}
	if (which == 0)
		s->dscp_control = (uint8_t)v;
	else
		s->dscp_session = (uint8_t)v;
	return 0;
}

static int
srp_cmd_switchover(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "allow-all-data-traffic",
		"allow-volte-data-traffic", "allow-early-active-transition",
		"control-outage-optimization", NULL };
	static const char *const kw_ma[] = { "maintain-accounting", NULL };
	struct srp_conf *s = srp_of(p);
	bool on = form == CTL_FORM_SET, ma = false;
	unsigned int i = at + 2;
	int which, ret;

	which = ctl_arg_kw(p, ln, at + 1, "switchover", kw);
	if (which < 0)
		return which;
	if (which == 1 && on && ctl_tok(ln, i) != NULL) {
		ret = ctl_arg_kw(p, ln, i, "switchover allow-volte-data-traffic",
				 kw_ma);
		if (ret < 0)
			return ret;
		ma = true;
		i++;
	}
	if (ctl_arg_end(p, ln, i, "switchover") < 0)
		return -EINVAL;
	switch (which) {
	case 0:
		s->allow_all_data = on;
		p->srp_lines.allow_all = p->line;
		break;
	case 1:
		s->allow_volte_data = on;
		s->volte_maintain_accounting = ma;
		p->srp_lines.allow_volte = p->line;
		break;
	case 2:
		s->allow_early_active = on;
		p->srp_lines.early = p->line;
		break;
	default:
		s->control_outage_opt = on;
		break;
	}
	return 0;
}

static int
srp_cmd_standby(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "normal", "aggressive", NULL };
	int which = 0;

	if (form == CTL_FORM_SET) {
		which = ctl_arg_kw(p, ln, at + 2, "standby database-recovery",
				   kw);
		if (which < 0)
			return which;
		if (ctl_arg_end(p, ln, at + 3, "standby database-recovery") < 0)
			return -EINVAL;
	} else if (ctl_arg_end(p, ln, at + 2,
			       "default standby database-recovery") < 0) {
		return -EINVAL;
	}
	srp_of(p)->db_recovery = which == 1 ? SRP_DBREC_AGGRESSIVE :
		SRP_DBREC_NORMAL;
	return 0;
}

static int
srp_cmd_audit(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "daily-start-time", "periodicity",
					   NULL };
	struct srp_conf *s = srp_of(p);
	uint32_t hh, mm, v;
	int which, ret;

	which = ctl_arg_kw(p, ln, at + 1, "audit", kw);
	if (which < 0)
		return which;
	if (which == 0) {
		if (form == CTL_FORM_DEFAULT)
			return ctl_srp_bad_form(p, form,
						"audit daily-start-time");
		if (form == CTL_FORM_NO) {
			if (ctl_arg_end(p, ln, at + 2,
					"no audit daily-start-time") < 0)
				return -EINVAL;
			s->audit_start_set = false;
			s->audit_start_hour = 0;
			s->audit_start_min = 0;
			return 0;
		}
		ret = ctl_arg_u32(p, ln, at + 2, "audit daily-start-time hour",
				  0, 23, &hh);
		if (ret < 0)
			return ret;
		ret = ctl_arg_u32(p, ln, at + 3,
				  "audit daily-start-time minute", 0, 59, &mm);
		if (ret < 0)
			return ret;
		if (ctl_arg_end(p, ln, at + 4, "audit daily-start-time") < 0)
			return -EINVAL;
		s->audit_start_set = true;
		s->audit_start_hour = (uint8_t)hh;
		s->audit_start_min = (uint8_t)mm;
		return 0;
	}
	if (form == CTL_FORM_NO)
		return ctl_srp_bad_form(p, form, "audit periodicity");
	v = SRP_AUDIT_PERIOD_DEFAULT;
	if (form == CTL_FORM_SET) {
		ret = ctl_arg_u32(p, ln, at + 2, "audit periodicity",
				  SRP_AUDIT_PERIOD_MIN, SRP_AUDIT_PERIOD_MAX,
				  &v);
		if (ret < 0)
			return ret;
		if (ctl_arg_end(p, ln, at + 3, "audit periodicity") < 0)
			return -EINVAL;
	} else if (ctl_arg_end(p, ln, at + 2,
			       "default audit periodicity") < 0) {
		return -EINVAL;
	}
	s->audit_period_min = v;
	return 0;
}

/* Check and store a clear-text key @key for "@what". */
static int
srp_auth_key_set(struct ctl_parser *p, struct srp_conf *s, const char *key,
		 const char *what)
{
	size_t len, i;

	len = strlen(key);
	if (len < SRP_AUTH_KEY_MIN || len > SRP_AUTH_KEY_MAX)
		return ctl_perr(p, "%s: expected %u..%u printable "
				"characters, got %zu", what, SRP_AUTH_KEY_MIN,
				SRP_AUTH_KEY_MAX, len);
	for (i = 0; i < len; i++)
		if (key[i] < 0x20 || key[i] > 0x7e)
			return ctl_perr(p, "%s: only printable characters are "
					"allowed", what);
	memset(s->auth_key, 0, sizeof(s->auth_key));
	memcpy(s->auth_key, key, len);
	return 0;
}

/* authentication key KEY | authentication encrypted key HEX |
 * no authentication key */
static int
srp_cmd_auth(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);
	char key[SRP_CONF_KEY_LEN];
	int ret;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 2, "no authentication key") < 0)
			return -EINVAL;
		memset(s->auth_key, 0, sizeof(s->auth_key));
		return 0;
	}
	if (strcmp(ctl_tok(ln, at + 1), "key") == 0) {
		if (ctl_arg_need(p, ln, at + 2, "authentication key",
				 "a key of 8..127 printable characters") < 0 ||
		    ctl_arg_end(p, ln, at + 3, "authentication key") < 0)
			return -EINVAL;
		return srp_auth_key_set(p, s, ctl_tok(ln, at + 2),
					"authentication key");
	}
	/* "encrypted key HEX": the form the configuration is printed in. */
	if (ctl_arg_need(p, ln, at + 2, "authentication encrypted",
			 "the word 'key'") < 0)
		return -EINVAL;
	if (strcmp(ctl_tok(ln, at + 2), "key") != 0)
		return ctl_perr(p, "authentication encrypted: expected 'key', "
				"got '%s'", ctl_tok(ln, at + 2));
	if (ctl_arg_need(p, ln, at + 3, "authentication encrypted key",
			 "the hex text 'show configuration' printed") < 0 ||
	    ctl_arg_end(p, ln, at + 4, "authentication encrypted key") < 0)
		return -EINVAL;
	ret = srp_key_unseal(ctl_tok(ln, at + 3), key, sizeof(key));
	if (ret == -EBADMSG)
		return ctl_perr(p, "authentication encrypted key: check "
				"mismatch (mistyped or altered)");
	if (ret < 0)
		return ctl_perr(p, "authentication encrypted key: not the hex "
				"form of a key of %u..%u characters",
				SRP_AUTH_KEY_MIN, SRP_AUTH_KEY_MAX);
	ret = srp_auth_key_set(p, s, key, "authentication encrypted key");
	explicit_bzero(key, sizeof(key));
	return ret;
}

/* An absolute path at token @i for "bgp-speaker @what". */
static int
srp_bgp_path(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, char *out)
{
	char path[SRP_BGP_PATH_LEN] = { 0 };

	if (ctl_arg_name(p, ln, i, what, path, sizeof(path)) < 0)
		return -EINVAL;
	if (path[0] != '/')
		return ctl_perr(p, "%s: expected an absolute path, got "
				"'%.40s'", what, path);
	if (ctl_arg_end(p, ln, i + 1, what) < 0)
		return -EINVAL;
	memcpy(out, path, sizeof(path));
	return 0;
}

/* "as-path-prepend active N standby M" from token @i. */
static int
srp_bgp_prepend(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int i, struct srp_bgp_speaker *b)
{
	static const char *const kw_act[] = { "active", NULL };
	static const char *const kw_stb[] = { "standby", NULL };
	const char *what = "bgp-speaker as-path-prepend";
	uint32_t act, stb;

	if (ctl_arg_need(p, ln, i, what, "'active'") < 0 ||
	    ctl_arg_kw(p, ln, i, what, kw_act) < 0 ||
	    ctl_arg_u32(p, ln, i + 1, "bgp-speaker as-path-prepend active",
			0, SRP_BGP_PREPEND_MAX, &act) < 0 ||
	    ctl_arg_need(p, ln, i + 2, what, "'standby'") < 0 ||
	    ctl_arg_kw(p, ln, i + 2, what, kw_stb) < 0 ||
	    ctl_arg_u32(p, ln, i + 3, "bgp-speaker as-path-prepend standby",
			0, SRP_BGP_PREPEND_MAX, &stb) < 0 ||
	    ctl_arg_end(p, ln, i + 4, what) < 0)
		return -EINVAL;
	if (act >= stb)
		return ctl_perr(p, "%s: the active (%u) must prepend less than "
				"the standby (%u)", what, act, stb);
	b->prepend_active = (uint8_t)act;
	b->prepend_standby = (uint8_t)stb;
	return 0;
}

static int
srp_cmd_bgp_speaker(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "control-socket", "include-file",
					  "bird-config", "as-path-prepend",
					  NULL };
	struct srp_bgp_speaker *b = &srp_of(p)->bgp;
	char *paths[3] = { b->control_socket, b->include_file,
			   b->bird_config };
	char what[48];
	int which, ret;

	if (ctl_arg_need(p, ln, at + 1, "bgp-speaker",
			 "control-socket, include-file, bird-config or "
			 "as-path-prepend") < 0)
		return -EINVAL;
	which = ctl_arg_kw(p, ln, at + 1, "bgp-speaker", kw);
	if (which < 0)
		return which;
	snprintf(what, sizeof(what), "bgp-speaker %s", kw[which]);
	if (which == 3) {
		if (form == CTL_FORM_NO)
			return ctl_srp_bad_form(p, form, what);
		if (form == CTL_FORM_DEFAULT) {
			if (ctl_arg_end(p, ln, at + 2, what) < 0)
				return -EINVAL;
			b->prepend_active = SRP_BGP_PREPEND_ACTIVE_DEFAULT;
			b->prepend_standby = SRP_BGP_PREPEND_STANDBY_DEFAULT;
			ret = 0;
		} else {
			ret = srp_bgp_prepend(p, ln, at + 2, b);
		}
	} else if (form == CTL_FORM_DEFAULT) {
		return ctl_srp_bad_form(p, form, what);
	} else if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 2, what) < 0)
			return -EINVAL;
		memset(paths[which], 0, SRP_BGP_PATH_LEN);
		ret = 0;
	} else {
		ret = srp_bgp_path(p, ln, at + 2, what, paths[which]);
	}
	if (ret == 0)
		p->srp_lines.bgp = p->line;
	return ret;
}

static const struct ctl_cmd ctl_srp_policy_cmds[] = {
	{ CTL_MODE_SRP, "monitor", "bgp", CTL_F_SET | CTL_F_NO,
	  srp_cmd_monitor,
	  "[no] monitor bgp context NAME ADDRESS [group 1..10]" },
	{ CTL_MODE_SRP, "monitor", "authentication-probe",
	  CTL_F_SET | CTL_F_NO, srp_cmd_monitor,
	  "[no] monitor authentication-probe context NAME ADDRESS "
	  "[port 1..65535]" },
	{ CTL_MODE_SRP, "monitor", "diameter", CTL_F_SET | CTL_F_NO,
	  srp_cmd_monitor,
	  "[no] monitor diameter context NAME endpoint NAME [peer NAME]" },
	{ CTL_MODE_SRP, "guard-timer", NULL, CTL_F_SET | CTL_F_DEF,
	  srp_cmd_guard,
	  "guard-timer aaa-switchover-timers|diameter-switchover-timers|"
	  "srp-redundancy-timers aaa|bgp|diam damping-period 0..86400|"
	  "guard-period 0..86400 | default guard-timer ... "
	  "[damping-period|guard-period]" },
	{ CTL_MODE_SRP, "dscp-marking", NULL, CTL_F_SET | CTL_F_DEF,
	  srp_cmd_dscp, "dscp-marking control|session af11..af43|be|"
	  "cs1..cs7|ef | default dscp-marking control|session" },
	{ CTL_MODE_SRP, "switchover", NULL, CTL_F_SET | CTL_F_NO,
	  srp_cmd_switchover,
	  "[no] switchover allow-all-data-traffic|allow-volte-data-traffic "
	  "[maintain-accounting]|allow-early-active-transition|"
	  "control-outage-optimization" },
	{ CTL_MODE_SRP, "standby", "database-recovery", CTL_F_SET | CTL_F_DEF,
	  srp_cmd_standby, "standby database-recovery aggressive|normal | "
	  "default standby database-recovery" },
	{ CTL_MODE_SRP, "audit", NULL, CTL_F_SET | CTL_F_NO | CTL_F_DEF,
	  srp_cmd_audit, "audit daily-start-time 0..23 0..59 | "
	  "audit periodicity 60..1440 | no audit daily-start-time | "
	  "default audit periodicity" },
	{ CTL_MODE_SRP, "authentication", "key", CTL_F_SET | CTL_F_NO,
	  srp_cmd_auth, "authentication key KEY (8..127 printable "
	  "characters) | no authentication key" },
	{ CTL_MODE_SRP, "authentication", "encrypted", CTL_F_SET,
	  srp_cmd_auth, "authentication encrypted key HEX (as printed by "
	  "show configuration)" },
	{ CTL_MODE_SRP, "bgp-speaker", NULL,
	  CTL_F_SET | CTL_F_NO | CTL_F_DEF, srp_cmd_bgp_speaker,
	  "bgp-speaker control-socket|include-file|bird-config PATH | "
	  "bgp-speaker as-path-prepend active 0..16 standby 0..16 | "
	  "no bgp-speaker control-socket|include-file|bird-config | "
	  "default bgp-speaker as-path-prepend" },
};

const struct ctl_cmd_table ctl_srp_policy_table =
	CTL_CMD_TABLE(ctl_srp_policy_cmds);
