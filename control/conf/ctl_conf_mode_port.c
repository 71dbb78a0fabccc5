/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, port ethernet mode: device, role, binding, MTU,
 * medium, description and shutdown of one port. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_conf_int.h"

#define CTL_MTU_MIN		68	/* RFC 791 minimum */
#define CTL_MTU_MAX		9600

static struct ctl_port *
ctl_cur_port(struct ctl_parser *p)
{
	return &p->conf->ports[p->port];
}

static int
ctl_cmd_port_description(struct ctl_parser *p, const struct ctl_line *ln,
			 unsigned int at, enum ctl_form form)
{
	struct ctl_port *pt = ctl_cur_port(p);
	char text[CTL_TEXT_LEN];

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no description") < 0)
			return -EINVAL;
		memset(pt->description, 0, sizeof(pt->description));
		return 0;
	}
	if (ctl_arg_text(p, ln, at + 1, "description", text,
			 sizeof(text)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, "description") < 0)
		return -EINVAL;
	memset(pt->description, 0, sizeof(pt->description));
	snprintf(pt->description, sizeof(pt->description), "%s", text);
	return 0;
}

/* medium auto | medium speed 10|100|1000 duplex full|half */
static int
ctl_cmd_port_medium(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "auto", "speed", NULL };
	static const char *const kw_speed[] = { "10", "100", "1000", NULL };
	static const char *const kw_dup[] = { "duplex", NULL };
	static const char *const kw_fh[] = { "full", "half", NULL };
	static const uint16_t speeds[] = { 10, 100, 1000 };
	struct ctl_port *pt = ctl_cur_port(p);
	int which, speed, dup;

	(void)form;
	which = ctl_arg_kw(p, ln, at + 1, "medium", kw);
	if (which < 0)
		return which;
	if (which == 0) {
		if (ctl_arg_end(p, ln, at + 2, "medium auto") < 0)
			return -EINVAL;
		pt->speed_mbps = 0;
		pt->duplex_half = false;
		return 0;
	}
	speed = ctl_arg_kw(p, ln, at + 2, "medium speed", kw_speed);
	if (speed < 0 || ctl_arg_kw(p, ln, at + 3, "medium speed", kw_dup) < 0)
		return -EINVAL;
	dup = ctl_arg_kw(p, ln, at + 4, "medium speed duplex", kw_fh);
	if (dup < 0 || ctl_arg_end(p, ln, at + 5, "medium") < 0)
		return -EINVAL;
	pt->speed_mbps = speeds[speed];
	pt->duplex_half = dup == 1;
	return 0;
}

static int
ctl_cmd_port_shutdown(struct ctl_parser *p, const struct ctl_line *ln,
		      unsigned int at, enum ctl_form form)
{
	struct ctl_port *pt = ctl_cur_port(p);

	if (ctl_arg_end(p, ln, at + 1, form == CTL_FORM_NO ? "no shutdown" :
			"shutdown") < 0)
		return -EINVAL;
	pt->shutdown = form != CTL_FORM_NO;
	if (!pt->shutdown)
		p->port_up_line[p->port] = p->line;
	return 0;
}

static int
ctl_cmd_port_bind(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	struct ctl_port *pt = ctl_cur_port(p);
	char ifname[CTL_NAME_LEN], ctx[CTL_NAME_LEN];

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 2, "no bind interface") < 0)
			return -EINVAL;
		memset(pt->bind_iface, 0, sizeof(pt->bind_iface));
		memset(pt->bind_context, 0, sizeof(pt->bind_context));
		p->port_bind_line[p->port] = 0;
		return 0;
	}
	if (ctl_arg_name(p, ln, at + 2, "bind interface", ifname,
			 sizeof(ifname)) < 0 ||
	    ctl_arg_name(p, ln, at + 3, "bind interface context", ctx,
			 sizeof(ctx)) < 0 ||
	    ctl_arg_end(p, ln, at + 4, "bind interface") < 0)
		return -EINVAL;
	memcpy(pt->bind_iface, ifname, sizeof(ifname));
	memcpy(pt->bind_context, ctx, sizeof(ctx));
	p->port_bind_line[p->port] = p->line;
	return 0;
}

static bool
ctl_device_ok(const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0 || len >= DP_DEVICE_LEN || s[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("_.:-", c) != NULL))
			return false;
	}
	return true;
}

static int
ctl_cmd_port_device(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	struct ctl_port *pt = ctl_cur_port(p);
	const char *d;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no dpdk-device") < 0)
			return -EINVAL;
		memset(pt->device, 0, sizeof(pt->device));
		p->port_dev_line[p->port] = 0;
		return 0;
	}
	if (ctl_arg_need(p, ln, at + 1, "dpdk-device",
			 "a DPDK device name") < 0)
		return -EINVAL;
	d = ln->tok[at + 1].s;
	if (!ctl_device_ok(d))
		return ctl_perr(p, "dpdk-device: expected a DPDK device name "
				"(1..%u of A-Z a-z 0-9 _ . : -, e.g. net_memif0 "
				"or 0000:00:08.0), got '%.40s'",
				DP_DEVICE_LEN - 1, d);
	if (ctl_arg_end(p, ln, at + 2, "dpdk-device") < 0)
		return -EINVAL;
	memset(pt->device, 0, sizeof(pt->device));
	snprintf(pt->device, sizeof(pt->device), "%s", d);
	p->port_dev_line[p->port] = p->line;
	return 0;
}

static int
ctl_cmd_port_role(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "access", "core", NULL };
	struct ctl_port *pt = ctl_cur_port(p);
	int which;

	(void)form;
	which = ctl_arg_kw(p, ln, at + 1, "role", kw);
	if (which < 0 || ctl_arg_end(p, ln, at + 2, "role") < 0)
		return -EINVAL;
	pt->role = which == 0 ? DP_ROLE_ACCESS : DP_ROLE_CORE;
	pt->role_set = true;
	return 0;
}

static int
ctl_cmd_port_mtu(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	struct ctl_port *pt = ctl_cur_port(p);
	uint32_t v = 0;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no mtu") < 0)
			return -EINVAL;
	} else if (ctl_arg_u32(p, ln, at + 1, "mtu", CTL_MTU_MIN, CTL_MTU_MAX,
			       &v) < 0 ||
		   ctl_arg_end(p, ln, at + 2, "mtu") < 0) {
		return -EINVAL;
	}
	pt->mtu = (uint16_t)v;
	return 0;
}

static const struct ctl_cmd ctl_port_cmds[] = {
	{ CTL_MODE_PORT, "description", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_port_description, "description \"TEXT\" | no description" },
	{ CTL_MODE_PORT, "medium", NULL, CTL_F_SET, ctl_cmd_port_medium,
	  "medium auto | medium speed 10|100|1000 duplex full|half" },
	{ CTL_MODE_PORT, "shutdown", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_port_shutdown, "shutdown | no shutdown" },
	{ CTL_MODE_PORT, "bind", "interface", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_port_bind, "bind interface INTERFACE CONTEXT | "
	  "no bind interface" },
	{ CTL_MODE_PORT, "dpdk-device", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_port_device, "dpdk-device NAME | no dpdk-device" },
	{ CTL_MODE_PORT, "role", NULL, CTL_F_SET, ctl_cmd_port_role,
	  "role access|core" },
	{ CTL_MODE_PORT, "mtu", NULL, CTL_F_SET | CTL_F_NO, ctl_cmd_port_mtu,
	  "mtu 68..9600 | no mtu" },
};

const struct ctl_cmd_table ctl_port_table =
	CTL_CMD_TABLE(ctl_port_cmds);
