/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, cross-checks: the service-redundancy-protocol
 * block rules checked when the mode is left, and the end-of-file checks
 * of names one command refers to and another defines (route
 * interfaces, port bindings, devices, the Sx/N4 associations).
 * Context: control.
 */
#include <errno.h>
#include <string.h>

#include "ctl_conf_int.h"

/* ---------------------------------------------------------------------
 * service-redundancy-protocol block end
 */

static unsigned int
srp_max_line(unsigned int a, unsigned int b, unsigned int c)
{
	unsigned int m = a > b ? a : b;

	return m > c ? m : c;
}

int
ctl_srp_leave(struct ctl_parser *p)
{
	enum srp_conf_rule rule;
	char msg[CTL_ERR_LEN];
	unsigned int line;

	if (srp_conf_check_rule(srp_of(p), &rule, msg, sizeof(msg)) == 0)
		return 0;
	switch (rule) {
	case SRP_RULE_DEAD_HELLO:
		line = srp_max_line(p->srp_lines.hello, p->srp_lines.dead, 0);
		break;
	case SRP_RULE_EARLY_ACTIVE:
		line = srp_max_line(p->srp_lines.early,
				    p->srp_lines.allow_all,
				    p->srp_lines.allow_volte);
		break;
	case SRP_RULE_ADDR_FAMILY:
		line = srp_max_line(p->srp_lines.bind, p->srp_lines.peer, 0);
		break;
	case SRP_RULE_BGP_SPEAKER:
		line = p->srp_lines.bgp;
		break;
	default:
		line = 0;
		break;
	}
	if (line == 0)
		line = p->line;
	return ctl_perr_at(p, line, "service-redundancy-protocol: %s", msg);
}

/* ---------------------------------------------------------------------
 * End-of-file checks
 */

int
ctl_check_routes(struct ctl_parser *p)
{
	const struct ctl_conf *conf = p->conf;
	unsigned int c, r;

	for (c = 0; c < conf->n_contexts; c++) {
		const struct ctl_context *cx = &conf->contexts[c];

		for (r = 0; r < cx->n_routes; r++)
			if (ctl_find_iface(cx, cx->routes[r].iface) < 0)
				return ctl_perr_at(p, p->route_line[c][r],
					"%s: context '%s' has no "
					"interface '%s'",
					cx->routes[r].pfx.addr.family ==
					AF_INET6 ? "ipv6 route" : "ip route",
					cx->name, cx->routes[r].iface);
	}
	return 0;
}

int
ctl_check_ports(struct ctl_parser *p)
{
	const struct ctl_conf *conf = p->conf;
	unsigned int i, j;

	for (i = 0; i < conf->n_ports; i++) {
		const struct ctl_port *pt = &conf->ports[i];
		unsigned int bl = p->port_bind_line[i];

		if (pt->bind_iface[0] != '\0') {
			int c = ctl_find_context(conf, pt->bind_context);
			int f;

			if (c < 0)
				return ctl_perr_at(p, bl, "bind interface: "
					"there is no context '%s'",
					pt->bind_context);
			f = ctl_find_iface(&conf->contexts[c], pt->bind_iface);
			if (f < 0)
				return ctl_perr_at(p, bl, "bind interface: "
					"context '%s' has no interface '%s'",
					pt->bind_context, pt->bind_iface);
			if (conf->contexts[c].ifaces[f].loopback)
				return ctl_perr_at(p, bl, "bind interface: "
					"'%s' in context '%s' is a loopback "
					"interface and cannot be bound to a "
					"port", pt->bind_iface,
					pt->bind_context);
			for (j = 0; j < i; j++)
				if (strcmp(conf->ports[j].bind_iface,
					   pt->bind_iface) == 0 &&
				    strcmp(conf->ports[j].bind_context,
					   pt->bind_context) == 0)
					return ctl_perr_at(p,
						bl > p->port_bind_line[j] ? bl :
						p->port_bind_line[j],
						"bind interface: '%s' in "
						"context '%s' is bound to both "
						"port %s and port %s",
						pt->bind_iface,
						pt->bind_context,
						conf->ports[j].name, pt->name);
		}
		if (!pt->shutdown && pt->device[0] == '\0')
			return ctl_perr_at(p, p->port_up_line[i], "port "
				"ethernet %s is not shut down but has no "
				"dpdk-device; add 'dpdk-device NAME' or "
				"'shutdown'", pt->name);
		if (!pt->shutdown && !pt->role_set)
			return ctl_perr_at(p, p->port_up_line[i], "port "
				"ethernet %s is not shut down but has no role; "
				"add 'role access' or 'role core'", pt->name);
		for (j = 0; j < i && pt->device[0] != '\0'; j++) {
			unsigned int a = p->port_dev_line[i];
			unsigned int b = p->port_dev_line[j];

			if (strcmp(conf->ports[j].device, pt->device) == 0)
				return ctl_perr_at(p, a > b ? a : b,
					"dpdk-device: '%s' is used by both "
					"port %s and port %s", pt->device,
					conf->ports[j].name, pt->name);
		}
	}
	return 0;
}

/* The later of two lines, @a when @b is unset. */
static unsigned int
ctl_line_max(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

int
ctl_check_sx(struct ctl_parser *p)
{
	const struct ctl_conf *conf = p->conf;
	unsigned int c;

	for (c = 0; c < conf->n_contexts; c++) {
		const struct ctl_context *cx = &conf->contexts[c];
		const struct ctl_sx_service *sx = &cx->sx;
		const struct ctl_up_service *up = &cx->up;
		unsigned int ul = p->up_line[c];

		if (sx->present && sx->bind_v4.family == AF_UNSPEC &&
		    sx->bind_v6.family == AF_UNSPEC)
			return ctl_perr_at(p, p->sx_line[c], "sx-service '%s' "
				"in context '%s' has no bind address; add "
				"'bind ipv4-address ADDRESS' or 'bind "
				"ipv6-address ADDRESS'", sx->name, cx->name);
		if (!up->present)
			continue;
		if (up->sx_service[0] == '\0')
			return ctl_perr_at(p, ul, "user-plane-service '%s' in "
				"context '%s' associates no sx-service; add "
				"'associate sx-service NAME'", up->name,
				cx->name);
		if (!sx->present || strcmp(sx->name, up->sx_service) != 0)
			return ctl_perr_at(p, ctl_line_max(ul,
					p->up_sx_line[c]), "associate "
				"sx-service: context '%s' has no sx-service "
				"'%s'", cx->name, up->sx_service);
		if (up->cp_group[0] == '\0')
			return ctl_perr_at(p, ul, "user-plane-service '%s' in "
				"context '%s' associates no "
				"control-plane-group; add 'associate "
				"control-plane-group NAME'", up->name,
				cx->name);
		if (ctl_find_cp_group(conf, up->cp_group) < 0)
			return ctl_perr_at(p, ctl_line_max(ul,
					p->up_cpg_line[c]), "associate "
				"control-plane-group: there is no "
				"control-plane-group '%s'", up->cp_group);
	}
	return 0;
}

int
ctl_check_local_fault(struct ctl_parser *p)
{
	const struct srp_conf *s = &p->conf->srp;
	unsigned int i, k;

	for (i = 0; i < s->lf_n_ports; i++) {
		for (k = 0; k < p->conf->n_ports; k++)
			if (strcmp(p->conf->ports[k].name, s->lf_ports[i]) == 0)
				break;
		if (k == p->conf->n_ports)
			return ctl_perr_at(p, p->srp_lines.lf_port[i],
					   "local-fault port %s: no such port "
					   "(port ethernet %s)", s->lf_ports[i],
					   s->lf_ports[i]);
	}
	return 0;
}
