/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, diameter endpoint mode (context mode's "diameter
 * endpoint NAME"): origin realm and host, peers and the watchdog timeout
 * that the Diameter monitor uses; the end-of-file check of the monitor
 * diameter lines against them. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

static struct ctl_diam_endpoint *
diam_cur(struct ctl_parser *p)
{
	return &ctl_cur_ctx(p)->diam[p->diam];
}

static int
ctl_cmd_diam_endpoint(struct ctl_parser *p, const struct ctl_line *ln,
		      unsigned int at, enum ctl_form form)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	char name[CTL_NAME_LEN];
	unsigned int i;

	(void)form;
	if (ctl_arg_name(p, ln, at + 2, "diameter endpoint", name,
			 sizeof(name)) < 0 ||
	    ctl_arg_end(p, ln, at + 3, "diameter endpoint") < 0)
		return -EINVAL;
	for (i = 0; i < c->n_diam; i++)
		if (strcmp(c->diam[i].name, name) == 0)
			break;
	if (i == c->n_diam) {
		if (c->n_diam >= CTL_MAX_DIAM_ENDPOINTS)
			return ctl_perr(p, "diameter endpoint: too many "
					"endpoints in context '%s' (max %u)",
					c->name, CTL_MAX_DIAM_ENDPOINTS);
		c->n_diam++;
		snprintf(c->diam[i].name, sizeof(c->diam[i].name), "%s", name);
		c->diam[i].watchdog_s = CTL_DIAM_WATCHDOG_DEFAULT;
		p->diam_line[p->ctx][i] = p->line;
	}
	p->diam = (int)i;
	p->mode = CTL_MODE_DIAM;
	return 0;
}

/* origin realm R | origin host H address A */
static int
ctl_cmd_diam_origin(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "realm", "host", NULL };
	static const char *const kw_addr[] = { "address", NULL };
	struct ctl_diam_endpoint *e = diam_cur(p);
	int k;

	(void)form;
	k = ctl_arg_kw(p, ln, at + 1, "origin", kw);
	if (k < 0)
		return -EINVAL;
	if (k == 0)
		return ctl_arg_name(p, ln, at + 2, "origin realm", e->realm,
				    sizeof(e->realm)) < 0 ||
		       ctl_arg_end(p, ln, at + 3, "origin realm") < 0 ?
		       -EINVAL : 0;
	if (ctl_arg_name(p, ln, at + 2, "origin host", e->host,
			 sizeof(e->host)) < 0 ||
	    ctl_arg_kw(p, ln, at + 3, "origin host", kw_addr) < 0 ||
	    ctl_arg_addr(p, ln, at + 4, "origin host address", AF_UNSPEC,
			 &e->host_addr) < 0 ||
	    ctl_arg_end(p, ln, at + 5, "origin host") < 0)
		return -EINVAL;
	return 0;
}

/* peer NAME realm R address A [port P] */
static int
ctl_cmd_diam_peer(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	static const char *const kw_realm[] = { "realm", NULL };
	static const char *const kw_addr[] = { "address", NULL };
	struct ctl_diam_endpoint *e = diam_cur(p);
	struct ctl_diam_peer pr;
	unsigned int i, next;

	(void)form;
	memset(&pr, 0, sizeof(pr));
	pr.port = CTL_DIAM_PORT_DEFAULT;
	if (ctl_arg_name(p, ln, at + 1, "peer", pr.name, sizeof(pr.name)) < 0 ||
	    ctl_arg_kw(p, ln, at + 2, "peer", kw_realm) < 0 ||
	    ctl_arg_name(p, ln, at + 3, "peer realm", pr.realm,
			 sizeof(pr.realm)) < 0 ||
	    ctl_arg_kw(p, ln, at + 4, "peer", kw_addr) < 0 ||
	    ctl_arg_addr(p, ln, at + 5, "peer address", AF_UNSPEC,
			 &pr.addr) < 0 ||
	    ctl_srp_opt_u16(p, ln, at + 6, "peer", ctl_srp_kw_port,
			    "peer port", 1, 65535, &pr.port, &next) < 0 ||
	    ctl_arg_end(p, ln, next, "peer") < 0)
		return -EINVAL;
	for (i = 0; i < e->n_peers; i++)
		if (strcmp(e->peers[i].name, pr.name) == 0)
			return ctl_perr(p, "peer: '%s' is already a peer of "
					"diameter endpoint '%s'", pr.name,
					e->name);
	if (e->n_peers >= CTL_MAX_DIAM_PEERS)
		return ctl_perr(p, "peer: too many peers in diameter endpoint "
				"'%s' (max %u)", e->name, CTL_MAX_DIAM_PEERS);
	e->peers[e->n_peers++] = pr;
	return 0;
}

/* watchdog-timeout N | default watchdog-timeout */
static int
ctl_cmd_diam_watchdog(struct ctl_parser *p, const struct ctl_line *ln,
		      unsigned int at, enum ctl_form form)
{
	struct ctl_diam_endpoint *e = diam_cur(p);
	uint32_t v;

	if (form == CTL_FORM_DEFAULT) {
		if (ctl_arg_end(p, ln, at + 1, "default watchdog-timeout") < 0)
			return -EINVAL;
		e->watchdog_s = CTL_DIAM_WATCHDOG_DEFAULT;
		return 0;
	}
	if (ctl_arg_u32(p, ln, at + 1, "watchdog-timeout",
			CTL_DIAM_WATCHDOG_MIN, CTL_DIAM_WATCHDOG_MAX, &v) < 0 ||
	    ctl_arg_end(p, ln, at + 2, "watchdog-timeout") < 0)
		return -EINVAL;
	e->watchdog_s = (uint16_t)v;
	return 0;
}

int
ctl_diam_leave(struct ctl_parser *p)
{
	const struct ctl_diam_endpoint *e = diam_cur(p);

	if (e->realm[0] == '\0')
		return ctl_perr(p, "diameter endpoint '%s' has no origin "
				"realm; add 'origin realm REALM'", e->name);
	if (e->host[0] == '\0')
		return ctl_perr(p, "diameter endpoint '%s' has no origin "
				"host; add 'origin host HOST address ADDRESS'",
				e->name);
	return 0;
}

int
ctl_check_diam(struct ctl_parser *p)
{
	const struct srp_conf *s = &p->conf->srp;
	unsigned int i, k;

	for (i = 0; i < s->n_monitors; i++) {
		const struct srp_monitor *m = &s->monitors[i];
		const struct ctl_diam_endpoint *e = NULL;
		int c;

		if (m->kind != SRP_MON_DIAMETER)
			continue;
		c = ctl_find_context(p->conf, m->context);
		if (c < 0)
			return ctl_perr_at(p, p->mon_line[i], "monitor "
				"diameter: there is no context '%s'",
				m->context);
		for (k = 0; k < p->conf->contexts[c].n_diam; k++)
			if (strcmp(p->conf->contexts[c].diam[k].name,
				   m->endpoint) == 0)
				e = &p->conf->contexts[c].diam[k];
		if (e == NULL)
			return ctl_perr_at(p, p->mon_line[i], "monitor "
				"diameter: context '%s' has no diameter "
				"endpoint '%s'", m->context, m->endpoint);
		if (e->n_peers == 0)
			return ctl_perr_at(p, p->mon_line[i], "monitor "
				"diameter: diameter endpoint '%s' in context "
				"'%s' has no peer", m->endpoint, m->context);
		if (m->peer[0] == '\0')
			continue;
		for (k = 0; k < e->n_peers; k++)
			if (strcmp(e->peers[k].name, m->peer) == 0)
				break;
		if (k == e->n_peers)
			return ctl_perr_at(p, p->mon_line[i], "monitor "
				"diameter: diameter endpoint '%s' in context "
				"'%s' has no peer '%s'", m->endpoint,
				m->context, m->peer);
	}
	return 0;
}

static const struct ctl_cmd ctl_diam_cmds[] = {
	{ CTL_MODE_CONTEXT, "diameter", "endpoint", CTL_F_SET,
	  ctl_cmd_diam_endpoint, "diameter endpoint NAME" },
	{ CTL_MODE_DIAM, "origin", NULL, CTL_F_SET, ctl_cmd_diam_origin,
	  "origin realm REALM | origin host HOST address ADDRESS" },
	{ CTL_MODE_DIAM, "peer", NULL, CTL_F_SET, ctl_cmd_diam_peer,
	  "peer NAME realm REALM address ADDRESS [port 1..65535]" },
	{ CTL_MODE_DIAM, "watchdog-timeout", NULL, CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_diam_watchdog, "watchdog-timeout 1..30 | "
	  "default watchdog-timeout" },
};

const struct ctl_cmd_table ctl_diam_table = CTL_CMD_TABLE(ctl_diam_cmds);
