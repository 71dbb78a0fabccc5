/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Printer of the normalised configuration (StarOS style, two spaces per
 * level, "#exit" closing each mode); what it prints parses back to the same
 * configuration. Runs on the control thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf.h"
#include "srp_keyseal.h"

struct ctl_pr {
	FILE		*out;
	int		err;	/* first error, 0 = none */
};

static void
ctl_pr(struct ctl_pr *o, unsigned int depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
ctl_pr(struct ctl_pr *o, unsigned int depth, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err != 0)
		return;
	if (fprintf(o->out, "%*s", (int)(depth * 2), "") < 0) {
		o->err = -EIO;
		return;
	}
	va_start(ap, fmt);
	n = vfprintf(o->out, fmt, ap);
	va_end(ap);
	if (n < 0 || fputc('\n', o->out) == EOF)
		o->err = -EIO;
}

/* A word as the tokeniser reads it back: quoted when it has blanks. */
static const char *
ctl_word(const char *s, char *buf, size_t len)
{
	if (s[0] != '\0' && strpbrk(s, " \t") == NULL)
		return s;
	snprintf(buf, len, "\"%s\"", s);
	return buf;
}

/* "A M" or "A/L" (IPv4 keeps the form it was written in). */
static const char *
ctl_pfx_str(const struct ctl_prefix *pfx, bool mask_form, char *buf,
	    size_t len)
{
	char a[CTL_ADDR_STR_LEN], m[CTL_ADDR_STR_LEN];

	if (mask_form && pfx->addr.family == AF_INET)
		snprintf(buf, len, "%s %s",
			 ctl_addr_fmt(&pfx->addr, a, sizeof(a)),
			 ctl_mask_fmt(pfx->plen, m, sizeof(m)));
	else
		ctl_prefix_fmt(pfx, buf, len);
	return buf;
}

static void
ctl_pr_guard(struct ctl_pr *o, unsigned int d, const char *name,
	     const struct srp_guard *g)
{
	if (g->damping_s != SRP_DAMPING_PERIOD_DEFAULT)
		ctl_pr(o, d, "guard-timer %s damping-period %u", name,
		       g->damping_s);
	if (g->guard_s != SRP_GUARD_PERIOD_DEFAULT)
		ctl_pr(o, d, "guard-timer %s guard-period %u", name,
		       g->guard_s);
}

static void
ctl_pr_interval(struct ctl_pr *o, unsigned int d, const char *name,
		uint32_t ms, bool in_msec, uint32_t def_s)
{
	if (in_msec)
		ctl_pr(o, d, "%s msec %u", name, ms);
	else if (ms != def_s * 1000u)
		ctl_pr(o, d, "%s %u", name, ms / 1000u);
}

static void
ctl_pr_monitor(struct ctl_pr *o, unsigned int d, const struct srp_monitor *m)
{
	char a[CTL_ADDR_STR_LEN], opt[48] = "";

	switch (m->kind) {
	case SRP_MON_BGP:
		if (m->group != 0)
			snprintf(opt, sizeof(opt), " group %u", m->group);
		ctl_pr(o, d, "monitor bgp context %s %s%s", m->context,
		       ctl_addr_fmt(&m->addr, a, sizeof(a)), opt);
		break;
	case SRP_MON_AUTH_PROBE:
		if (m->port != 0)
			snprintf(opt, sizeof(opt), " port %u", m->port);
		ctl_pr(o, d, "monitor authentication-probe context %s %s%s",
		       m->context, ctl_addr_fmt(&m->addr, a, sizeof(a)), opt);
		break;
	case SRP_MON_DIAMETER:
		ctl_pr(o, d, "monitor diameter context %s endpoint %s%s%s",
		       m->context, m->endpoint, m->peer[0] != '\0' ?
		       " peer " : "", m->peer);
		break;
	}
}

static void
ctl_pr_nack(struct ctl_pr *o, unsigned int d, const char *kind, uint32_t max)
{
	if (max == SRP_NACK_MAX_RESPONSE_DEFAULT)
		ctl_pr(o, d, "checkpoint session nack %s", kind);
	else
		ctl_pr(o, d, "checkpoint session nack %s max-response %u",
		       kind, max);
}

/* bgp-speaker lines (srpgw extension): only what is configured. */
static void
ctl_pr_bgp_speaker(struct ctl_pr *o, unsigned int d,
		   const struct srp_bgp_speaker *b)
{
	if (b->control_socket[0] != '\0')
		ctl_pr(o, d, "bgp-speaker control-socket %s",
		       b->control_socket);
	if (b->include_file[0] != '\0')
		ctl_pr(o, d, "bgp-speaker include-file %s", b->include_file);
	if (b->bird_config[0] != '\0')
		ctl_pr(o, d, "bgp-speaker bird-config %s", b->bird_config);
	if (b->prepend_active != SRP_BGP_PREPEND_ACTIVE_DEFAULT ||
	    b->prepend_standby != SRP_BGP_PREPEND_STANDBY_DEFAULT)
		ctl_pr(o, d, "bgp-speaker as-path-prepend active %u standby %u",
		       b->prepend_active, b->prepend_standby);
}

/* The service-redundancy-protocol block; only values that differ from
 * the defaults, so equal settings print equal text. */
static void
ctl_pr_srp(struct ctl_pr *o, unsigned int d, const struct srp_conf *s)
{
	char a[CTL_ADDR_STR_LEN], port[24];
	char sealed[SRP_KEYSEAL_HEX_LEN(SRP_CONF_KEY_LEN)];
	unsigned int i;

	ctl_pr(o, d, "service-redundancy-protocol");
	d++;
	if (s->mode != SRP_MODE_NONE)
		ctl_pr(o, d, "chassis-mode %s", s->mode == SRP_MODE_PRIMARY ?
		       "primary" : "backup");
	if (s->priority != SRP_PRIORITY_DEFAULT)
		ctl_pr(o, d, "priority %u", s->priority);
	if (s->peer_addr.family != AF_UNSPEC) {
		port[0] = '\0';
		if (s->peer_port != SRP_PORT_DEFAULT)
			snprintf(port, sizeof(port), " port %u", s->peer_port);
		ctl_pr(o, d, "peer-ip-address %s%s",
		       ctl_addr_fmt(&s->peer_addr, a, sizeof(a)), port);
	}
	if (s->bind_addr.family != AF_UNSPEC) {
		port[0] = '\0';
		if (s->bind_port != SRP_PORT_DEFAULT)
			snprintf(port, sizeof(port), " port %u", s->bind_port);
		ctl_pr(o, d, "bind address %s%s",
		       ctl_addr_fmt(&s->bind_addr, a, sizeof(a)), port);
	}
	ctl_pr_interval(o, d, "hello-interval", s->hello_ms, s->hello_in_msec,
			SRP_HELLO_S_DEFAULT);
	ctl_pr_interval(o, d, "dead-interval", s->dead_ms, s->dead_in_msec,
			SRP_DEAD_S_DEFAULT);
	if (s->delay_s != 0)
		ctl_pr(o, d, "delay-interval %u", s->delay_s);
	if (s->ckpt_duration_ims_s == s->ckpt_duration_non_ims_s) {
		if (s->ckpt_duration_ims_s != SRP_CKPT_DURATION_DEFAULT)
			ctl_pr(o, d, "checkpoint session duration %u",
			       s->ckpt_duration_ims_s);
	} else {
		if (s->ckpt_duration_ims_s != SRP_CKPT_DURATION_DEFAULT)
			ctl_pr(o, d, "checkpoint session duration ims-session "
			       "%u", s->ckpt_duration_ims_s);
		if (s->ckpt_duration_non_ims_s != SRP_CKPT_DURATION_DEFAULT)
			ctl_pr(o, d, "checkpoint session duration "
			       "non-ims-session %u",
			       s->ckpt_duration_non_ims_s);
	}
	if (s->ckpt_periodic_off)
		ctl_pr(o, d, "no checkpoint session periodic-interval");
	else if (s->ckpt_periodic_min != SRP_CKPT_PERIODIC_DEFAULT)
		ctl_pr(o, d, "checkpoint session periodic-interval %u",
		       s->ckpt_periodic_min);
	if (s->ckpt_refresh_ms == 0)
		ctl_pr(o, d, "no checkpoint session activity-refresh");
	else if (s->ckpt_refresh_ms % 1000u != 0)
		ctl_pr(o, d, "checkpoint session activity-refresh msec %u",
		       s->ckpt_refresh_ms);
	else if (s->ckpt_refresh_ms != SRP_CKPT_REFRESH_DEFAULT_MS)
		ctl_pr(o, d, "checkpoint session activity-refresh %u",
		       s->ckpt_refresh_ms / 1000u);
	if (s->nack_macro)
		ctl_pr_nack(o, d, "macro", s->nack_macro_max);
	if (s->nack_micro)
		ctl_pr_nack(o, d, "micro", s->nack_micro_max);
	if (s->compression == SRP_COMP_LZ4)
		ctl_pr(o, d, "checkpoint session compression lz4");
	for (i = 0; i < s->n_monitors && i < SRP_CONF_MAX_MONITORS; i++)
		ctl_pr_monitor(o, d, &s->monitors[i]);
	ctl_pr_guard(o, d, "aaa-switchover-timers", &s->aaa_switchover);
	ctl_pr_guard(o, d, "diameter-switchover-timers",
		     &s->diameter_switchover);
	ctl_pr_guard(o, d, "srp-redundancy-timers aaa", &s->redundancy_aaa);
	ctl_pr_guard(o, d, "srp-redundancy-timers bgp", &s->redundancy_bgp);
	ctl_pr_guard(o, d, "srp-redundancy-timers diam", &s->redundancy_diam);
	if (s->dscp_control != 0 && srp_dscp_name(s->dscp_control) != NULL)
		ctl_pr(o, d, "dscp-marking control %s",
		       srp_dscp_name(s->dscp_control));
	if (s->dscp_session != 0 && srp_dscp_name(s->dscp_session) != NULL)
		ctl_pr(o, d, "dscp-marking session %s",
		       srp_dscp_name(s->dscp_session));
	if (s->allow_all_data)
		ctl_pr(o, d, "switchover allow-all-data-traffic");
	if (s->allow_volte_data)
		ctl_pr(o, d, "switchover allow-volte-data-traffic%s",
		       s->volte_maintain_accounting ?
		       " maintain-accounting" : "");
	if (s->allow_early_active)
		ctl_pr(o, d, "switchover allow-early-active-transition");
	if (s->control_outage_opt)
		ctl_pr(o, d, "switchover control-outage-optimization");
	if (s->db_recovery == SRP_DBREC_AGGRESSIVE)
		ctl_pr(o, d, "standby database-recovery aggressive");
	if (s->audit_start_set)
		ctl_pr(o, d, "audit daily-start-time %02u %02u",
		       s->audit_start_hour, s->audit_start_min);
	if (s->audit_period_min != SRP_AUDIT_PERIOD_DEFAULT)
		ctl_pr(o, d, "audit periodicity %u", s->audit_period_min);
	/* Never in clear: the reversible printed form (srp_keyseal.h). */
	if (s->auth_key[0] != '\0' &&
	    srp_key_seal(s->auth_key, sealed, sizeof(sealed)) == 0)
		ctl_pr(o, d, "authentication encrypted key %s", sealed);
	ctl_pr_bgp_speaker(o, d, &s->bgp);
	for (i = 0; i < s->lf_n_ports && i < SRP_LF_MAX_PORTS; i++)
		ctl_pr(o, d, "local-fault port %s", s->lf_ports[i]);
	if (s->lf_stall_ms != 0)
		ctl_pr(o, d, "local-fault worker-stall msec %u", s->lf_stall_ms);
	if (s->lf_mbuf)
		ctl_pr(o, d, "local-fault mbuf-exhaustion");
	ctl_pr(o, d - 1, "#exit");
}

static void
ctl_pr_iface(struct ctl_pr *o, unsigned int d, const struct ctl_iface *ifc,
	     bool srp_only)
{
	char pfx[2 * CTL_ADDR_STR_LEN];
	unsigned int i;

	ctl_pr(o, d, "interface %s%s", ifc->name,
	       ifc->loopback ? " loopback" : "");
	if (!srp_only && ifc->description[0] != '\0')
		ctl_pr(o, d + 1, "description \"%s\"", ifc->description);
	for (i = 0; i < ifc->n_addrs && i < CTL_MAX_ADDRS; i++) {
		const struct ctl_if_addr *a = &ifc->addrs[i];

		if (srp_only && !a->srp_activate)
			continue;
		ctl_pr(o, d + 1, "%s address %s%s",
		       a->pfx.addr.family == AF_INET6 ? "ipv6" : "ip",
		       ctl_pfx_str(&a->pfx, a->mask_form, pfx, sizeof(pfx)),
		       a->srp_activate ? " srp-activate" : "");
	}
	ctl_pr(o, d, "#exit");
}

static void
ctl_pr_pool(struct ctl_pr *o, unsigned int d, const struct ctl_pool *pl)
{
	char pfx[2 * CTL_ADDR_STR_LEN], type[24] = "";

	if (pl->type == CTL_POOL_PUBLIC || pl->type == CTL_POOL_PRIVATE)
		snprintf(type, sizeof(type), " %s %u",
			 pl->type == CTL_POOL_PUBLIC ? "public" : "private",
			 pl->type_priority);
	else if (pl->type == CTL_POOL_STATIC)
		snprintf(type, sizeof(type), " static");
	ctl_pr(o, d, "ip pool %s %s%s%s", pl->name,
	       ctl_pfx_str(&pl->pfx, pl->mask_form, pfx, sizeof(pfx)), type,
	       pl->srp_activate ? " srp-activate" : "");
}

static void
ctl_pr_radius(struct ctl_pr *o, unsigned int d, const struct ctl_context *c)
{
	char a[CTL_ADDR_STR_LEN], port[24], w[CTL_TEXT_LEN + 3];
	unsigned int i;

	if (c->nas_ip_set)
		ctl_pr(o, d, "radius attribute nas-ip-address address %s",
		       ctl_addr_fmt(&c->nas_ip, a, sizeof(a)));
	for (i = 0; i < c->n_radius && i < CTL_MAX_RADIUS; i++) {
		const struct ctl_radius *r = &c->radius[i];

		port[0] = '\0';
		if (r->port != 0)
			snprintf(port, sizeof(port), " port %u", r->port);
		ctl_pr(o, d, "radius %sserver %s %skey %s%s",
		       r->kind == CTL_RADIUS_ACCT ? "accounting " : "",
		       ctl_addr_fmt(&r->addr, a, sizeof(a)),
		       r->key_encrypted ? "encrypted " : "",
		       ctl_word(r->key, w, sizeof(w)), port);
	}
	if (c->radius_timeout_s != 0)
		ctl_pr(o, d, "radius timeout %u", c->radius_timeout_s);
	if (c->radius_max_retries_set)
		ctl_pr(o, d, "radius max-retries %u", c->radius_max_retries);
	if (c->radius_probe_interval_s != 0)
		ctl_pr(o, d, "radius probe-interval %u",
		       c->radius_probe_interval_s);
	if (c->radius_probe_user[0] != '\0')
		ctl_pr(o, d, "radius probe-username %s",
		       ctl_word(c->radius_probe_user, w, sizeof(w)));
	if (c->radius_probe_password[0] != '\0')
		ctl_pr(o, d, "radius probe-password %s",
		       ctl_word(c->radius_probe_password, w, sizeof(w)));
}

static void
ctl_pr_ha(struct ctl_pr *o, unsigned int d, const struct ctl_ha_service *ha)
{
	char a[CTL_ADDR_STR_LEN];
	unsigned int i;

	ctl_pr(o, d, "ha-service %s", ha->name);
	for (i = 0; i < ha->n_mn_spi && i < CTL_MAX_HA_SPI; i++)
		ctl_pr(o, d + 1, "mn-ha-spi spi-number %u encrypted secret %s "
		       "hash-algorithm %s", ha->mn_spi[i].spi,
		       ha->mn_spi[i].secret,
		       ha->mn_spi[i].hash == CTL_HA_HASH_MD5 ? "md5" :
		       "hmac-md5");
	for (i = 0; i < ha->n_fa_spi && i < CTL_MAX_HA_SPI; i++)
		ctl_pr(o, d + 1, "fa-ha-spi remote-address %s spi-number %u "
		       "encrypted secret %s",
		       ctl_prefix_fmt(&ha->fa_spi[i].remote, a, sizeof(a)),
		       ha->fa_spi[i].spi, ha->fa_spi[i].secret);
	if (ha->bind_set)
		ctl_pr(o, d + 1, "bind address %s",
		       ctl_addr_fmt(&ha->bind_addr, a, sizeof(a)));
	ctl_pr(o, d, "#exit");
}

static void
ctl_pr_bgp(struct ctl_pr *o, unsigned int d, const struct ctl_bgp *bgp)
{
	char a[CTL_ADDR_STR_LEN], m[CTL_ADDR_STR_LEN];
	unsigned int i;

	ctl_pr(o, d, "router bgp %u", bgp->as);
	for (i = 0; i < bgp->n_neigh && i < CTL_MAX_BGP_NEIGH; i++)
		ctl_pr(o, d + 1, "neighbor %s remote-as %u",
		       ctl_addr_fmt(&bgp->neigh[i].addr, a, sizeof(a)),
		       bgp->neigh[i].remote_as);
	for (i = 0; i < bgp->n_net && i < CTL_MAX_BGP_NET; i++) {
		const struct ctl_prefix *n = &bgp->net[i];

		if (bgp->net_mask_form[i] && n->addr.family == AF_INET)
			ctl_pr(o, d + 1, "network %s mask %s",
			       ctl_addr_fmt(&n->addr, a, sizeof(a)),
			       ctl_mask_fmt(n->plen, m, sizeof(m)));
		else if (n->plen == ctl_addr_max_plen(&n->addr))
			ctl_pr(o, d + 1, "network %s",
			       ctl_addr_fmt(&n->addr, a, sizeof(a)));
		else
			ctl_pr(o, d + 1, "network %s",
			       ctl_prefix_fmt(n, a, sizeof(a)));
	}
	ctl_pr(o, d, "#exit");
}

/* sx-service block: instance-type always, heartbeat values only when not
 * the default. */
static void
ctl_pr_sx(struct ctl_pr *o, unsigned int d, const struct ctl_sx_service *sx)
{
	char a[CTL_ADDR_STR_LEN], b[CTL_ADDR_STR_LEN];

	ctl_pr(o, d, "sx-service %s", sx->name);
	ctl_pr(o, d + 1, "instance-type userplane");
	if (sx->bind_v4.family == AF_INET && sx->bind_v6.family == AF_INET6)
		ctl_pr(o, d + 1, "bind ipv4-address %s ipv6-address %s",
		       ctl_addr_fmt(&sx->bind_v4, a, sizeof(a)),
		       ctl_addr_fmt(&sx->bind_v6, b, sizeof(b)));
	else if (sx->bind_v4.family == AF_INET)
		ctl_pr(o, d + 1, "bind ipv4-address %s",
		       ctl_addr_fmt(&sx->bind_v4, a, sizeof(a)));
	else if (sx->bind_v6.family == AF_INET6)
		ctl_pr(o, d + 1, "bind ipv6-address %s",
		       ctl_addr_fmt(&sx->bind_v6, b, sizeof(b)));
	if (sx->hb_interval_s != CTL_SX_HB_INTERVAL_DEFAULT)
		ctl_pr(o, d + 1, "sx-protocol heartbeat interval %u",
		       sx->hb_interval_s);
	if (sx->hb_retx_timeout_s != CTL_SX_HB_RETX_TIMEOUT_DEFAULT)
		ctl_pr(o, d + 1, "sx-protocol heartbeat retransmission-timeout "
		       "%u", sx->hb_retx_timeout_s);
	if (sx->hb_max_retx != CTL_SX_HB_MAX_RETX_DEFAULT)
		ctl_pr(o, d + 1, "sx-protocol heartbeat max-retransmissions %u",
		       sx->hb_max_retx);
	if (!sx->restart_if_incomplete)
		ctl_pr(o, d + 1, "no sx-protocol restart-on-incomplete-takeover");
	ctl_pr(o, d, "#exit");
}

static void
ctl_pr_up(struct ctl_pr *o, unsigned int d, const struct ctl_up_service *up)
{
	ctl_pr(o, d, "user-plane-service %s", up->name);
	if (up->sx_service[0] != '\0')
		ctl_pr(o, d + 1, "associate sx-service %s", up->sx_service);
	if (up->cp_group[0] != '\0')
		ctl_pr(o, d + 1, "associate control-plane-group %s",
		       up->cp_group);
	ctl_pr(o, d, "#exit");
}

static void
ctl_pr_cp_group(struct ctl_pr *o, const struct ctl_cp_group *g)
{
	char a[CTL_ADDR_STR_LEN];
	unsigned int i;

	ctl_pr(o, 1, "control-plane-group %s", g->name);
	for (i = 0; i < g->n_peers && i < CTL_MAX_CP_PEERS; i++) {
		const struct ctl_cp_peer *pr = &g->peers[i];

		if (pr->type == CTL_NODE_ID_FQDN)
			ctl_pr(o, 2, "peer-node-id fqdn %s", pr->fqdn);
		else
			ctl_pr(o, 2, "peer-node-id %s %s",
			       pr->type == CTL_NODE_ID_IPV6 ? "ipv6-address" :
			       "ipv4-address",
			       ctl_addr_fmt(&pr->addr, a, sizeof(a)));
	}
	ctl_pr(o, 1, "#exit");
}

static bool
ctl_iface_has_srp(const struct ctl_iface *ifc)
{
	unsigned int i;

	for (i = 0; i < ifc->n_addrs && i < CTL_MAX_ADDRS; i++)
		if (ifc->addrs[i].srp_activate)
			return true;
	return false;
}

/* Whether @a is an srp-activated interface address of context @c. */
static bool
ctl_is_srp_addr(const struct ctl_context *c, const struct srp_addr *a)
{
	unsigned int i, k;

	for (i = 0; i < c->n_ifaces && i < CTL_MAX_IFACES; i++)
		for (k = 0; k < c->ifaces[i].n_addrs && k < CTL_MAX_ADDRS; k++)
			if (c->ifaces[i].addrs[k].srp_activate &&
			    srp_addr_equal(&c->ifaces[i].addrs[k].pfx.addr, a))
				return true;
	return false;
}

/* What "show configuration srp" keeps of a context: srp-activated
 * addresses and pools, and the AAA and HA settings that live on those
 * addresses (the radius NAS address, ha-services bound to them), as in
 * the reference's sample output. */
static bool
ctl_srp_radius(const struct ctl_context *c)
{
	return c->nas_ip_set && ctl_is_srp_addr(c, &c->nas_ip);
}

static bool
ctl_srp_ha(const struct ctl_context *c, const struct ctl_ha_service *ha)
{
	return ha->bind_set && ctl_is_srp_addr(c, &ha->bind_addr);
}

static bool
ctl_srp_context_used(const struct ctl_conf *conf, const struct ctl_context *c)
{
	unsigned int i;

	if (conf->srp.present && strcmp(conf->srp.context, c->name) == 0)
		return true;
	/* The N4 endpoint is one per pair: both chassis carry it alike.
	 * Diameter endpoints are what monitor diameter lines name. */
	if (c->sx.present || c->up.present || c->n_diam > 0)
		return true;
	for (i = 0; i < c->n_ifaces && i < CTL_MAX_IFACES; i++)
		if (ctl_iface_has_srp(&c->ifaces[i]))
			return true;
	for (i = 0; i < c->n_pools && i < CTL_MAX_POOLS; i++)
		if (c->pools[i].srp_activate)
			return true;
	return false;
}

static void
ctl_pr_diam(struct ctl_pr *o, unsigned int d,
	    const struct ctl_diam_endpoint *e)
{
	char a[CTL_ADDR_STR_LEN], port[16];
	unsigned int i;

	ctl_pr(o, d, "diameter endpoint %s", e->name);
	ctl_pr(o, d + 1, "origin realm %s", e->realm);
	ctl_pr(o, d + 1, "origin host %s address %s", e->host,
	       ctl_addr_fmt(&e->host_addr, a, sizeof(a)));
	for (i = 0; i < e->n_peers && i < CTL_MAX_DIAM_PEERS; i++) {
		const struct ctl_diam_peer *pr = &e->peers[i];

		port[0] = '\0';
		if (pr->port != CTL_DIAM_PORT_DEFAULT)
			snprintf(port, sizeof(port), " port %u", pr->port);
		ctl_pr(o, d + 1, "peer %s realm %s address %s%s", pr->name,
		       pr->realm, ctl_addr_fmt(&pr->addr, a, sizeof(a)), port);
	}
	if (e->watchdog_s != CTL_DIAM_WATCHDOG_DEFAULT)
		ctl_pr(o, d + 1, "watchdog-timeout %u", e->watchdog_s);
	ctl_pr(o, d, "#exit");
}

static void
ctl_pr_context(struct ctl_pr *o, const struct ctl_conf *conf,
	       const struct ctl_context *c, bool srp_only)
{
	const unsigned int d = 2;
	char pfx[2 * CTL_ADDR_STR_LEN], a[CTL_ADDR_STR_LEN];
	char mac[CTL_ADDR_STR_LEN];
	unsigned int i;

	if (srp_only && !ctl_srp_context_used(conf, c))
		return;
	ctl_pr(o, 1, "context %s", c->name);
	for (i = 0; i < c->n_ifaces && i < CTL_MAX_IFACES; i++)
		if (!srp_only || ctl_iface_has_srp(&c->ifaces[i]))
			ctl_pr_iface(o, d, &c->ifaces[i], srp_only);
	if (conf->srp.present && strcmp(conf->srp.context, c->name) == 0)
		ctl_pr_srp(o, d, &conf->srp);
	for (i = 0; i < c->n_pools && i < CTL_MAX_POOLS; i++)
		if (!srp_only || c->pools[i].srp_activate)
			ctl_pr_pool(o, d, &c->pools[i]);
	if (!srp_only) {
		for (i = 0; i < c->n_routes && i < CTL_MAX_ROUTES; i++) {
			const struct ctl_route *r = &c->routes[i];

			ctl_pr(o, d, "%s %s %s %s",
			       r->pfx.addr.family == AF_INET6 ? "ipv6 route" :
			       "ip route",
			       ctl_pfx_str(&r->pfx, r->mask_form, pfx,
					   sizeof(pfx)),
			       ctl_addr_fmt(&r->nexthop, a, sizeof(a)),
			       r->iface);
		}
		for (i = 0; i < c->n_arps && i < CTL_MAX_ARPS; i++)
			ctl_pr(o, d, "%s %s %s",
			       c->arps[i].addr.family == AF_INET6 ?
			       "ipv6 neighbor" : "ip arp",
			       ctl_addr_fmt(&c->arps[i].addr, a, sizeof(a)),
			       ctl_mac_fmt(c->arps[i].mac, mac, sizeof(mac)));
	}
	if (!srp_only || ctl_srp_radius(c))
		ctl_pr_radius(o, d, c);
	for (i = 0; i < c->n_ha && i < CTL_MAX_HA_SERVICES; i++)
		if (!srp_only || ctl_srp_ha(c, &c->ha[i]))
			ctl_pr_ha(o, d, &c->ha[i]);
	if (!srp_only && c->bgp.present)
		ctl_pr_bgp(o, d, &c->bgp);
	if (!srp_only && c->subscriber_default) {
		ctl_pr(o, d, "subscriber default");
		ctl_pr(o, d, "#exit");
	}
	if (c->sx.present)
		ctl_pr_sx(o, d, &c->sx);
	if (c->up.present)
		ctl_pr_up(o, d, &c->up);
	for (i = 0; i < c->n_diam && i < CTL_MAX_DIAM_ENDPOINTS; i++)
		ctl_pr_diam(o, d, &c->diam[i]);
	ctl_pr(o, 1, "#exit");
}

static void
ctl_pr_port(struct ctl_pr *o, const struct ctl_port *pt)
{
	ctl_pr(o, 1, "port ethernet %s", pt->name);
	if (pt->description[0] != '\0')
		ctl_pr(o, 2, "description \"%s\"", pt->description);
	if (pt->speed_mbps != 0)
		ctl_pr(o, 2, "medium speed %u duplex %s", pt->speed_mbps,
		       pt->duplex_half ? "half" : "full");
	if (pt->device[0] != '\0')
		ctl_pr(o, 2, "dpdk-device %s", pt->device);
	if (pt->role_set)
		ctl_pr(o, 2, "role %s", pt->role == DP_ROLE_CORE ? "core" :
		       "access");
	if (pt->mtu != 0)
		ctl_pr(o, 2, "mtu %u", pt->mtu);
	if (pt->bind_iface[0] != '\0')
		ctl_pr(o, 2, "bind interface %s %s", pt->bind_iface,
		       pt->bind_context);
	if (!pt->shutdown)
		ctl_pr(o, 2, "no shutdown");
	ctl_pr(o, 1, "#exit");
}

static void
ctl_pr_dataplane(struct ctl_pr *o, const struct ctl_conf *conf)
{
	const struct dp_conf *dp = &conf->dp;

	if (dp->max_sessions == CTL_DP_MAX_SESSIONS_DEFAULT &&
	    conf->sess_idle_timeout_s == 0 && conf->sess_abs_timeout_s == 0 &&
	    dp->n_mbufs == CTL_DP_N_MBUFS_DEFAULT &&
	    dp->n_rxd == CTL_DP_N_DESC_DEFAULT &&
	    dp->n_txd == CTL_DP_N_DESC_DEFAULT &&
	    dp->burst == CTL_DP_BURST_DEFAULT && dp->idle_polls == 0 &&
	    !dp->src_check_off)
		return;
	ctl_pr(o, 1, "dataplane");
	if (dp->max_sessions != CTL_DP_MAX_SESSIONS_DEFAULT)
		ctl_pr(o, 2, "max-sessions %u", dp->max_sessions);
	if (dp->n_mbufs != CTL_DP_N_MBUFS_DEFAULT)
		ctl_pr(o, 2, "mbufs %u", dp->n_mbufs);
	if (dp->n_rxd != CTL_DP_N_DESC_DEFAULT)
		ctl_pr(o, 2, "rx-descriptors %u", dp->n_rxd);
	if (dp->n_txd != CTL_DP_N_DESC_DEFAULT)
		ctl_pr(o, 2, "tx-descriptors %u", dp->n_txd);
	if (dp->burst != CTL_DP_BURST_DEFAULT)
		ctl_pr(o, 2, "burst %u", dp->burst);
	if (dp->idle_polls != 0)
		ctl_pr(o, 2, "idle-backoff empty-polls %u sleep-us %u",
		       dp->idle_polls, dp->idle_sleep_us);
	if (dp->src_check_off)
		ctl_pr(o, 2, "no source-check");
	if (conf->sess_idle_timeout_s != 0)
		ctl_pr(o, 2, "session idle-timeout %u",
		       conf->sess_idle_timeout_s);
	if (conf->sess_abs_timeout_s != 0)
		ctl_pr(o, 2, "session absolute-timeout %u",
		       conf->sess_abs_timeout_s);
	ctl_pr(o, 1, "#exit");
}

/* The SNMP trap lines (per chassis: not in the SRP must-match text). */
static void
ctl_pr_snmp(struct ctl_pr *o, const struct ctl_conf *conf)
{
	const struct ctl_snmp_target *t;
	char a[INET_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < conf->n_snmp_targets && i < CTL_MAX_SNMP_TARGETS;
	     i++) {
		t = &conf->snmp_targets[i];
		ctl_pr(o, 1, "snmp target %s %s port %u community %s", t->name,
		       inet_ntop(AF_INET, &t->addr.v4, a, sizeof(a)) != NULL ?
		       a : "?", t->port, t->community);
	}
	for (i = 0; i < CTL_TRAP_MAX; i++)
		if (conf->snmp_suppressed & (1u << i))
			ctl_pr(o, 1, "snmp trap suppress %s",
			       ctl_trap_name((enum ctl_trap)i));
}

int
ctl_conf_print(const struct ctl_conf *conf, bool srp_only, FILE *out)
{
	struct ctl_pr o = { .out = out, .err = 0 };
	bool srp_done = false;
	unsigned int i;

	if (conf == NULL || out == NULL)
		return -EINVAL;
	ctl_pr(&o, 0, "config");
	if (!srp_only && conf->graceful_cleanup)
		ctl_pr(&o, 1, "require graceful-cleanup-during-audit-failure%s",
		       conf->graceful_del_cause ==
		       CTL_DEL_CAUSE_SYSTEM_FAILURE ?
		       " del-cause non-ims-apn system-failure" :
		       conf->graceful_del_cause == CTL_DEL_CAUSE_NONE ?
		       " del-cause non-ims-apn none" : "");
	for (i = 0; i < conf->n_cp_groups && i < CTL_MAX_CP_GROUPS; i++)
		ctl_pr_cp_group(&o, &conf->cp_groups[i]);
	for (i = 0; i < conf->n_contexts && i < CTL_MAX_CONTEXTS; i++) {
		ctl_pr_context(&o, conf, &conf->contexts[i], srp_only);
		if (conf->srp.present &&
		    strcmp(conf->srp.context, conf->contexts[i].name) == 0)
			srp_done = true;
	}
	/* A model built by code may name a context it does not list. */
	if (conf->srp.present && !srp_done && conf->srp.context[0] != '\0') {
		ctl_pr(&o, 1, "context %s", conf->srp.context);
		ctl_pr_srp(&o, 2, &conf->srp);
		ctl_pr(&o, 1, "#exit");
	}
	if (!srp_only) {
		if (conf->bulkstat_no_standby) {
			ctl_pr(&o, 1, "bulkstat mode");
			ctl_pr(&o, 2, "no gather-on-standby");
			ctl_pr(&o, 1, "#exit");
		}
		for (i = 0; i < conf->n_ports && i < CTL_MAX_PORTS; i++)
			ctl_pr_port(&o, &conf->ports[i]);
		ctl_pr_dataplane(&o, conf);
		ctl_pr_snmp(&o, conf);
	}
	ctl_pr(&o, 0, "end");
	if (o.err == 0 && (fflush(out) == EOF || ferror(out)))
		o.err = -EIO;
	return o.err;
}
