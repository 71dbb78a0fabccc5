/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Steering plan of a port from the configuration (ctl_xdp_plan.h): which
 * addresses and pools the XDP program redirects to srpgw. Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctl_xdp_plan.h"

/* @a as a 16-byte key, IPv4 as ::ffff:a.b.c.d; @plen lifted alike. */
static void
plan_key(const struct srp_addr *a, uint8_t plen, uint8_t out[16],
	 uint8_t *out_plen)
{
	memset(out, 0, 16);
	if (a->family == AF_INET) {
		out[10] = 0xff;
		out[11] = 0xff;
		memcpy(out + 12, &a->v4, 4);
		*out_plen = (uint8_t)(96 + plen);
	} else {
		memcpy(out, &a->v6, 16);
		*out_plen = plen;
	}
}

static int
plan_add(struct ctl_xdp_plan *p, enum ctl_xdp_kind kind,
	 const struct srp_addr *a, uint8_t plen, bool srp_activate)
{
	struct ctl_xdp_entry e;
	unsigned int i;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.srp_activate = srp_activate;
	plan_key(a, plen, e.addr, &e.plen);
	if (kind == CTL_XDP_ADDR)
		e.plen = 128;
	for (i = 0; i < p->n; i++) {
		if (p->e[i].kind == kind && p->e[i].plen == e.plen &&
		    memcmp(p->e[i].addr, e.addr, 16) == 0) {
			/* Configured twice: present whenever either says. */
			p->e[i].srp_activate = p->e[i].srp_activate &&
					       srp_activate;
			return 0;
		}
	}
	if (p->n == CTL_XDP_PLAN_MAX)
		return -ENOSPC;
	p->e[p->n++] = e;
	if (kind == CTL_XDP_ADDR)
		p->n_addrs++;
	else
		p->n_pools++;
	return 0;
}

static const struct ctl_context *
plan_context(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_contexts; i++)
		if (strcmp(conf->contexts[i].name, name) == 0)
			return &conf->contexts[i];
	return NULL;
}

static int
plan_addrs(struct ctl_xdp_plan *p, const struct ctl_context *ctx)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < ctx->n_ifaces; i++) {
		const struct ctl_iface *ifc = &ctx->ifaces[i];

		for (j = 0; j < ifc->n_addrs; j++) {
			ret = plan_add(p, CTL_XDP_ADDR, &ifc->addrs[j].pfx.addr,
				       128, ifc->addrs[j].srp_activate);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int
plan_pools(struct ctl_xdp_plan *p, const struct ctl_conf *conf)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < conf->n_contexts; i++) {
		const struct ctl_context *ctx = &conf->contexts[i];

		for (j = 0; j < ctx->n_pools; j++) {
			ret = plan_add(p, CTL_XDP_POOL, &ctx->pools[j].pfx.addr,
				       ctx->pools[j].pfx.plen,
				       ctx->pools[j].srp_activate);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

int
ctl_xdp_plan_build(const struct ctl_conf *conf, const char *device,
		   struct ctl_xdp_plan *plan)
{
	const struct ctl_context *ctx;
	const struct ctl_port *pt = NULL;
	struct ctl_xdp_plan *p;
	unsigned int i;
	int ret;

	if (conf == NULL || device == NULL || plan == NULL)
		return -EINVAL;
	for (i = 0; i < conf->n_ports; i++) {
		if (strcmp(conf->ports[i].device, device) == 0) {
			pt = &conf->ports[i];
			break;
		}
	}
	if (pt == NULL)
		return -ENOENT;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	ret = 0;
	ctx = plan_context(conf, pt->bind_context);
	if (ctx != NULL)
		ret = plan_addrs(p, ctx);
	if (ret == 0 && pt->role == DP_ROLE_CORE)
		ret = plan_pools(p, conf);
	if (ret == 0)
		*plan = *p;
	free(p);
	return ret;
}

bool
ctl_xdp_entry_wanted(const struct ctl_xdp_entry *e, bool active)
{
	return !e->srp_activate || active;
}
