/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, global mode: the SNMP trap lines (snmp target,
 * snmp trap suppress|enable) and the trap names of ctl_trap.def.
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_conf_int.h"

/* Trap names by enum ctl_trap. */
static const char *const trap_names[CTL_TRAP_MAX] = {
#define CTL_TRAP(id, name, sub, objs, help) [CTL_TRAP_##id] = name,
#include "ctl_trap.def"
#undef CTL_TRAP
};

/* The suppression bits must fit their word. */
_Static_assert(CTL_TRAP_MAX <= 32, "snmp_suppressed holds one bit per trap");

const char *
ctl_trap_name(enum ctl_trap t)
{
	return (unsigned int)t < CTL_TRAP_MAX ? trap_names[t] : "?";
}

int
ctl_trap_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < CTL_TRAP_MAX; i++)
		if (strcmp(trap_names[i], name) == 0)
			return (int)i;
	return -1;
}

/* A community: 1..32 printable characters, no blank, no quote. */
static bool
community_ok(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || len >= CTL_SNMP_COMMUNITY_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '"')
			return false;
	return true;
}

static int
snmp_target_find(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_snmp_targets; i++)
		if (strcmp(conf->snmp_targets[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
ctl_cmd_snmp_target(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const what = "snmp target";
	struct ctl_conf *conf = p->conf;
	struct ctl_snmp_target t;
	unsigned int i = at + 4;
	uint32_t port = CTL_SNMP_PORT_DEFAULT;
	int idx;

	memset(&t, 0, sizeof(t));
	if (ctl_arg_name(p, ln, at + 2, what, t.name, sizeof(t.name)) < 0)
		return -EINVAL;
	idx = snmp_target_find(conf, t.name);
	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 3, "no snmp target") < 0)
			return -EINVAL;
		if (idx < 0)
			return ctl_perr(p, "no snmp target: no target named "
					"'%s'", t.name);
		memmove(&conf->snmp_targets[idx], &conf->snmp_targets[idx + 1],
			(conf->n_snmp_targets - (unsigned int)idx - 1) *
			sizeof(t));
		conf->n_snmp_targets--;
		memset(&conf->snmp_targets[conf->n_snmp_targets], 0, sizeof(t));
		return 0;
	}
	/* Numeric only: the sender never resolves a name (docs/alarms.md). */
	if (ctl_arg_need(p, ln, at + 3, what, "IPV4-ADDRESS") < 0 ||
	    ctl_arg_addr(p, ln, at + 3, what, AF_INET, &t.addr) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL && strcmp(ctl_tok(ln, i), "port") == 0) {
		if (ctl_arg_u32(p, ln, i + 1, "snmp target port", 1, 65535,
				&port) < 0)
			return -EINVAL;
		i += 2;
	}
	t.port = (uint16_t)port;
	if (ctl_tok(ln, i) == NULL || strcmp(ctl_tok(ln, i), "community") != 0)
		return ctl_perr(p, "snmp target: expected [port P] community "
				"C after the address, got '%.40s'",
				ctl_tok(ln, i) != NULL ? ctl_tok(ln, i) : "");
	if (ctl_arg_need(p, ln, i + 1, what, "COMMUNITY") < 0)
		return -EINVAL;
	if (!community_ok(ctl_tok(ln, i + 1)))
		return ctl_perr(p, "snmp target: community must be 1..%u "
				"printable characters without blanks or "
				"quotes", CTL_SNMP_COMMUNITY_LEN - 1);
	snprintf(t.community, sizeof(t.community), "%s", ctl_tok(ln, i + 1));
	if (ctl_arg_end(p, ln, i + 2, what) < 0)
		return -EINVAL;
	if (idx < 0) {
		if (conf->n_snmp_targets >= CTL_MAX_SNMP_TARGETS)
			return ctl_perr(p, "snmp target: too many targets "
					"(max %u)", CTL_MAX_SNMP_TARGETS);
		idx = (int)conf->n_snmp_targets++;
	}
	conf->snmp_targets[idx] = t;
	return 0;
}

static int
ctl_cmd_snmp_trap(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "suppress", "enable", NULL };
	const char *name;
	int how, t;

	(void)form;
	how = ctl_arg_kw(p, ln, at + 2, "snmp trap", kw);
	if (how < 0)
		return -EINVAL;
	if (ctl_arg_need(p, ln, at + 3, "snmp trap", "TRAP-NAME") < 0)
		return -EINVAL;
	name = ctl_tok(ln, at + 3);
	t = ctl_trap_find(name);
	if (t < 0)
		return ctl_perr(p, "snmp trap: unknown trap '%.40s' (the "
				"names are in docs/alarms.md, e.g. %s)", name,
				trap_names[CTL_TRAP_AAA_DOWN]);
	if (ctl_arg_end(p, ln, at + 4, "snmp trap") < 0)
		return -EINVAL;
	if (how == 0)
		p->conf->snmp_suppressed |= 1u << t;
	else
		p->conf->snmp_suppressed &= ~(1u << t);
	return 0;
}

static const struct ctl_cmd ctl_snmp_cmds[] = {
	{ CTL_MODE_TOP, "snmp", "target", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_snmp_target,
	  "snmp target NAME IPV4-ADDRESS [port P] community C | "
	  "no snmp target NAME" },
	{ CTL_MODE_TOP, "snmp", "trap", CTL_F_SET, ctl_cmd_snmp_trap,
	  "snmp trap suppress|enable TRAP-NAME" },
};

const struct ctl_cmd_table ctl_snmp_table = CTL_CMD_TABLE(ctl_snmp_cmds);
