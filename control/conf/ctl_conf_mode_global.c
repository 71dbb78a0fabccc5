/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, global configuration mode: the commands that
 * enter the context, port ethernet, dataplane and bulkstat modes, and the
 * global settings. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_conf_int.h"

#define CTL_PORT_SLOT_MAX	64
#define CTL_PORT_NUM_MAX	64

static int
ctl_cmd_context(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "-noconfirm", NULL };
	struct ctl_conf *conf = p->conf;
	char name[CTL_NAME_LEN];
	unsigned int i = at + 2;
	int idx;

	(void)form;
	if (ctl_arg_name(p, ln, at + 1, "context", name, sizeof(name)) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, "context", kw) < 0)
			return -EINVAL;
		i++;
	}
	if (ctl_arg_end(p, ln, i, "context") < 0)
		return -EINVAL;
	idx = ctl_find_context(conf, name);
	if (idx < 0) {
		if (conf->n_contexts >= CTL_MAX_CONTEXTS)
			return ctl_perr(p, "context: too many contexts (max "
					"%u)", CTL_MAX_CONTEXTS);
		idx = (int)conf->n_contexts++;
		snprintf(conf->contexts[idx].name,
			 sizeof(conf->contexts[idx].name), "%s", name);
	}
	p->ctx = idx;
	p->mode = CTL_MODE_CONTEXT;
	return 0;
}

static int
ctl_cmd_port(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	struct ctl_conf *conf = p->conf;
	char slot_s[12], name[CTL_NAME_LEN];
	uint32_t slot, num;
	const char *t, *slash;
	unsigned int i;
	struct ctl_port *pt;

	(void)form;
	if (ctl_arg_need(p, ln, at + 2, "port ethernet", "SLOT/PORT") < 0)
		return -EINVAL;
	t = ln->tok[at + 2].s;
	slash = strchr(t, '/');
	if (slash == NULL || (size_t)(slash - t) >= sizeof(slot_s))
		goto bad;
	memcpy(slot_s, t, (size_t)(slash - t));
	slot_s[slash - t] = '\0';
	if (!ctl_parse_u32(slot_s, &slot) || !ctl_parse_u32(slash + 1, &num) ||
	    slot < 1 || slot > CTL_PORT_SLOT_MAX || num < 1 ||
	    num > CTL_PORT_NUM_MAX)
		goto bad;
	if (ctl_arg_end(p, ln, at + 3, "port ethernet") < 0)
		return -EINVAL;
	snprintf(name, sizeof(name), "%u/%u", slot, num);
	for (i = 0; i < conf->n_ports; i++)
		if (strcmp(conf->ports[i].name, name) == 0)
			break;
	if (i == conf->n_ports) {
		if (conf->n_ports >= CTL_MAX_PORTS)
			return ctl_perr(p, "port ethernet: too many ports "
					"(max %u)", CTL_MAX_PORTS);
		pt = &conf->ports[conf->n_ports++];
		memset(pt, 0, sizeof(*pt));
		snprintf(pt->name, sizeof(pt->name), "%s", name);
		pt->shutdown = true;
		pt->role = DP_ROLE_ACCESS;
		p->port_line[i] = p->line;
	}
	p->port = (int)i;
	p->mode = CTL_MODE_PORT;
	return 0;
bad:
	return ctl_perr(p, "port ethernet: expected SLOT/PORT with SLOT "
			"1..%u and PORT 1..%u, got '%.40s'", CTL_PORT_SLOT_MAX,
			CTL_PORT_NUM_MAX, t);
}

static int
ctl_cmd_dataplane(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	(void)form;
	if (ctl_arg_end(p, ln, at + 1, "dataplane") < 0)
		return -EINVAL;
	p->mode = CTL_MODE_DATAPLANE;
	return 0;
}

static int
ctl_cmd_require(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw_dc[] = { "del-cause", NULL };
	static const char *const kw_apn[] = { "non-ims-apn", NULL };
	static const char *const kw_cause[] = { "system-failure", "none",
						NULL };
	const char *what = "require graceful-cleanup-during-audit-failure";
	enum ctl_del_cause cause = CTL_DEL_CAUSE_UNSET;
	unsigned int i = at + 2;
	int ret;

	if (form == CTL_FORM_SET && ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, what, kw_dc) < 0 ||
		    ctl_arg_kw(p, ln, i + 1, what, kw_apn) < 0)
			return -EINVAL;
		ret = ctl_arg_kw(p, ln, i + 2, what, kw_cause);
		if (ret < 0)
			return ret;
		cause = ret == 0 ? CTL_DEL_CAUSE_SYSTEM_FAILURE :
			CTL_DEL_CAUSE_NONE;
		i += 3;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	p->conf->graceful_cleanup = form == CTL_FORM_SET;
	p->conf->graceful_del_cause = cause;
	return 0;
}

static int
ctl_cmd_bulkstat(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	(void)form;
	if (ctl_arg_end(p, ln, at + 2, "bulkstat mode") < 0)
		return -EINVAL;
	p->mode = CTL_MODE_BULKSTAT;
	return 0;
}

static const struct ctl_cmd ctl_global_cmds[] = {
	{ CTL_MODE_TOP, "context", NULL, CTL_F_SET, ctl_cmd_context,
	  "context NAME [-noconfirm]" },
	{ CTL_MODE_TOP, "port", "ethernet", CTL_F_SET, ctl_cmd_port,
	  "port ethernet SLOT/PORT" },
	{ CTL_MODE_TOP, "dataplane", NULL, CTL_F_SET, ctl_cmd_dataplane,
	  "dataplane" },
	{ CTL_MODE_TOP, "require", "graceful-cleanup-during-audit-failure",
	  CTL_F_SET | CTL_F_NO, ctl_cmd_require,
	  "require graceful-cleanup-during-audit-failure [del-cause "
	  "non-ims-apn system-failure|none] | no require "
	  "graceful-cleanup-during-audit-failure" },
	{ CTL_MODE_TOP, "bulkstat", "mode", CTL_F_SET, ctl_cmd_bulkstat,
	  "bulkstat mode" },
};

const struct ctl_cmd_table ctl_global_table =
	CTL_CMD_TABLE(ctl_global_cmds);
