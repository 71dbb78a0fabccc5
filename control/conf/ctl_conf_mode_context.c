/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, context mode: the commands that enter the
 * interface, router bgp, subscriber and ha-service modes, and the
 * context's pools, routes, static neighbours and radius servers.
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

#define CTL_KEY_MAX		127	/* radius key characters */

static int
ctl_cmd_interface(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "loopback", NULL };
	struct ctl_context *c = ctl_cur_ctx(p);
	char name[CTL_NAME_LEN];
	bool loopback = false;
	unsigned int i = at + 2;
	int idx;

	(void)form;
	if (ctl_arg_name(p, ln, at + 1, "interface", name, sizeof(name)) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, "interface", kw) < 0)
			return -EINVAL;
		loopback = true;
		i++;
	}
	if (ctl_arg_end(p, ln, i, "interface") < 0)
		return -EINVAL;
	idx = ctl_find_iface(c, name);
	if (idx >= 0 && c->ifaces[idx].loopback != loopback)
		return ctl_perr(p, "interface: '%s' already exists as a %s "
				"interface in context '%s'", name,
				c->ifaces[idx].loopback ? "loopback" :
				"non-loopback", c->name);
	if (idx < 0) {
		if (c->n_ifaces >= CTL_MAX_IFACES)
			return ctl_perr(p, "interface: too many interfaces in "
					"context '%s' (max %u)", c->name,
					CTL_MAX_IFACES);
		idx = (int)c->n_ifaces++;
		snprintf(c->ifaces[idx].name, sizeof(c->ifaces[idx].name),
			 "%s", name);
		c->ifaces[idx].loopback = loopback;
	}
	p->iface = idx;
	p->mode = CTL_MODE_IFACE;
	return 0;
}

static int
ctl_cmd_ip_pool(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw_type[] = { "public", "private", "static",
					       "srp-activate", NULL };
	const char *what = "ip pool";
	struct ctl_context *c = ctl_cur_ctx(p);
	char pfx_s[CTL_ADDR_STR_LEN];
	struct ctl_pool pool;
	unsigned int i, k;
	int ret;

	memset(&pool, 0, sizeof(pool));
	if (ctl_arg_name(p, ln, at + 2, what, pool.name,
			 sizeof(pool.name)) < 0)
		return -EINVAL;
	for (k = 0; k < c->n_pools; k++)
		if (strcmp(c->pools[k].name, pool.name) == 0)
			break;
	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 3, "no ip pool") < 0)
			return -EINVAL;
		if (k == c->n_pools)
			return ctl_perr(p, "no ip pool: context '%s' has no "
					"pool '%s'", c->name, pool.name);
		memmove(&c->pools[k], &c->pools[k + 1],
			(c->n_pools - k - 1) * sizeof(c->pools[0]));
		c->n_pools--;
		memset(&c->pools[c->n_pools], 0, sizeof(c->pools[0]));
		return 0;
	}
	ret = ctl_arg_prefix(p, ln, at + 3, what, AF_INET, true, false, 1,
			     &pool.pfx, &pool.mask_form, &i);
	if (ret < 0)
		return ret;
	if (ctl_need_network(p, what, &pool.pfx) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL) {
		ret = ctl_arg_kw(p, ln, i, what, kw_type);
		if (ret < 0)
			return ret;
		if (ret == 0 || ret == 1) {
			pool.type = ret == 0 ? CTL_POOL_PUBLIC :
				CTL_POOL_PRIVATE;
			if (ctl_arg_u32(p, ln, i + 1, ret == 0 ?
					"ip pool public" : "ip pool private",
					0, 10, &pool.type_priority) < 0)
				return -EINVAL;
			i += 2;
		} else if (ret == 2) {
			pool.type = CTL_POOL_STATIC;
			i++;
		}
	}
	if (ctl_tok(ln, i) != NULL && strcmp(ln->tok[i].s, "srp-activate") == 0) {
		pool.srp_activate = true;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	if (k < c->n_pools)
		return ctl_perr(p, "ip pool: pool '%s' already exists in "
				"context '%s'", pool.name, c->name);
	for (k = 0; k < c->n_pools; k++)
		if (ctl_prefix_overlap(&c->pools[k].pfx, &pool.pfx))
			return ctl_perr(p, "ip pool: %s overlaps pool '%s' in "
					"context '%s'",
					ctl_prefix_fmt(&pool.pfx, pfx_s,
						       sizeof(pfx_s)),
					c->pools[k].name, c->name);
	if (c->n_pools >= CTL_MAX_POOLS)
		return ctl_perr(p, "ip pool: too many pools in context '%s' "
				"(max %u)", c->name, CTL_MAX_POOLS);
	c->pools[c->n_pools++] = pool;
	return 0;
}

static int
ctl_cmd_ip_route(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	bool v6 = strcmp(ln->tok[at].s, "ipv6") == 0;
	const char *what = v6 ? "ipv6 route" : "ip route";
	int af = v6 ? AF_INET6 : AF_INET;
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_route r;
	unsigned int i, k;

	(void)form;
	memset(&r, 0, sizeof(r));
	if (ctl_arg_prefix(p, ln, at + 2, what, af, !v6, false, 0,
			   &r.pfx, &r.mask_form, &i) < 0)
		return -EINVAL;
	if (ctl_need_network(p, what, &r.pfx) < 0)
		return -EINVAL;
	if (ctl_arg_addr(p, ln, i, v6 ? "ipv6 route next hop" :
			 "ip route next hop", af, &r.nexthop) < 0)
		return -EINVAL;
	if (ctl_arg_name(p, ln, i + 1, v6 ? "ipv6 route interface" :
			 "ip route interface", r.iface, sizeof(r.iface)) < 0)
		return -EINVAL;
	if (ctl_arg_end(p, ln, i + 2, what) < 0)
		return -EINVAL;
	for (k = 0; k < c->n_routes; k++)
		if (c->routes[k].pfx.plen == r.pfx.plen &&
		    srp_addr_equal(&c->routes[k].pfx.addr, &r.pfx.addr) &&
		    srp_addr_equal(&c->routes[k].nexthop, &r.nexthop))
			return ctl_perr(p, "%s: the same route is already "
					"configured in context '%s'", what,
					c->name);
	if (c->n_routes >= CTL_MAX_ROUTES)
		return ctl_perr(p, "%s: too many routes in context '%s' "
				"(max %u)", what, c->name, CTL_MAX_ROUTES);
	p->route_line[p->ctx][c->n_routes] = p->line;
	c->routes[c->n_routes++] = r;
	return 0;
}

static int
ctl_cmd_ip_arp(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int at, enum ctl_form form)
{
	bool v6 = strcmp(ln->tok[at].s, "ipv6") == 0;
	const char *what = v6 ? "ipv6 neighbor" : "ip arp";
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_arp a;
	unsigned int k;
	static const uint8_t zero[6];

	(void)form;
	memset(&a, 0, sizeof(a));
	if (ctl_arg_addr(p, ln, at + 2, what, v6 ? AF_INET6 : AF_INET,
			 &a.addr) < 0)
		return -EINVAL;
	if (ctl_arg_need(p, ln, at + 3, what,
			 "a MAC address aa:bb:cc:dd:ee:ff") < 0)
		return -EINVAL;
	if (ctl_mac_parse(ln->tok[at + 3].s, a.mac) < 0)
		return ctl_perr(p, "%s: expected a MAC address "
				"aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff, got "
				"'%.40s'", what, ln->tok[at + 3].s);
	/* A neighbour is one station: group and all-zero MACs are wrong. */
	if ((a.mac[0] & 1u) != 0 || memcmp(a.mac, zero, sizeof(zero)) == 0)
		return ctl_perr(p, "%s: %s is not a unicast MAC address",
				what, ln->tok[at + 3].s);
	if (ctl_arg_end(p, ln, at + 4, what) < 0)
		return -EINVAL;
	for (k = 0; k < c->n_arps; k++)
		if (srp_addr_equal(&c->arps[k].addr, &a.addr))
			return ctl_perr(p, "%s: %s already has a static "
					"entry in context '%s'", what,
					ln->tok[at + 2].s, c->name);
	if (c->n_arps >= CTL_MAX_ARPS)
		return ctl_perr(p, "%s: too many entries in context '%s' "
				"(max %u)", what, c->name, CTL_MAX_ARPS);
	c->arps[c->n_arps++] = a;
	return 0;
}

static int
ctl_cmd_router_bgp(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	uint32_t as;

	(void)form;
	if (ctl_arg_u32(p, ln, at + 2, "router bgp", 1, UINT32_MAX, &as) < 0)
		return -EINVAL;
	if (ctl_arg_end(p, ln, at + 3, "router bgp") < 0)
		return -EINVAL;
	if (c->bgp.present && c->bgp.as != as)
		return ctl_perr(p, "router bgp: context '%s' already runs BGP "
				"as AS %u; one BGP instance per context",
				c->name, c->bgp.as);
	c->bgp.present = true;
	c->bgp.as = as;
	p->mode = CTL_MODE_BGP;
	return 0;
}

static int
ctl_cmd_radius_attr(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw_nas[] = { "nas-ip-address", NULL };
	static const char *const kw_addr[] = { "address", NULL };
	const char *what = "radius attribute nas-ip-address";
	struct ctl_context *c = ctl_cur_ctx(p);
	struct srp_addr a;

	(void)form;
	if (ctl_arg_kw(p, ln, at + 2, "radius attribute", kw_nas) < 0 ||
	    ctl_arg_kw(p, ln, at + 3, what, kw_addr) < 0 ||
	    ctl_arg_addr(p, ln, at + 4, what, AF_UNSPEC, &a) < 0 ||
	    ctl_arg_end(p, ln, at + 5, what) < 0)
		return -EINVAL;
	c->nas_ip_set = true;
	c->nas_ip = a;
	return 0;
}

/* radius [accounting] server A [encrypted] key KEY [port P] */
static int
ctl_cmd_radius_server(struct ctl_parser *p, const struct ctl_line *ln,
		      unsigned int at, enum ctl_form form)
{
	static const char *const kw_server[] = { "server", NULL };
	static const char *const kw_key[] = { "encrypted", "key", NULL };
	static const char *const kw_port[] = { "port", NULL };
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_radius r;
	const char *what, *key;
	unsigned int i = at + 2, k;
	uint32_t port;
	size_t len;
	int ret;

	(void)form;
	memset(&r, 0, sizeof(r));
	if (strcmp(ln->tok[at + 1].s, "accounting") == 0) {
		what = "radius accounting server";
		r.kind = CTL_RADIUS_ACCT;
		if (ctl_arg_kw(p, ln, i, "radius accounting", kw_server) < 0)
			return -EINVAL;
		i++;
	} else {
		what = "radius server";
		r.kind = CTL_RADIUS_AUTH;
	}
	if (ctl_arg_addr(p, ln, i, what, AF_UNSPEC, &r.addr) < 0)
		return -EINVAL;
	ret = ctl_arg_kw(p, ln, i + 1, what, kw_key);
	if (ret < 0)
		return ret;
	i += 2;
	if (ret == 0) {
		r.key_encrypted = true;
		if (ctl_arg_kw(p, ln, i, what, kw_key + 1) < 0)
			return -EINVAL;
		i++;
	}
	if (ctl_arg_need(p, ln, i, what, "a key") < 0)
		return -EINVAL;
	key = ln->tok[i].s;
	len = strlen(key);
	if (len == 0 || len > CTL_KEY_MAX)
		return ctl_perr(p, "%s: expected a key of 1..%u characters, "
				"got %zu", what, CTL_KEY_MAX, len);
	if (r.key_encrypted && strspn(key, "0123456789abcdefABCDEF") != len)
		return ctl_perr(p, "%s: an encrypted key is written in hex "
				"digits, got '%.40s'", what, key);
	snprintf(r.key, sizeof(r.key), "%s", key);
	i++;
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, what, kw_port) < 0 ||
		    ctl_arg_u32(p, ln, i + 1, what, 1, 65535, &port) < 0)
			return -EINVAL;
		r.port = (uint16_t)port;
		i += 2;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	for (k = 0; k < c->n_radius; k++)
		if (c->radius[k].kind == r.kind && c->radius[k].port == r.port &&
		    srp_addr_equal(&c->radius[k].addr, &r.addr))
			return ctl_perr(p, "%s: %s is already configured in "
					"context '%s'", what,
					ln->tok[r.kind == CTL_RADIUS_ACCT ?
						at + 3 : at + 2].s, c->name);
	if (c->n_radius >= CTL_MAX_RADIUS)
		return ctl_perr(p, "%s: too many radius servers in context "
				"'%s' (max %u)", what, c->name,
				CTL_MAX_RADIUS);
	c->radius[c->n_radius++] = r;
	return 0;
}

/* radius timeout S | radius max-retries N | radius probe-interval S |
 * radius probe-username NAME | radius probe-password PASSWORD */
static int
ctl_cmd_radius_probe(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int at, enum ctl_form form)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	const char *sub = ln->tok[at + 1].s, *v;
	char what[48];
	uint32_t n;
	size_t len;

	(void)form;
	snprintf(what, sizeof(what), "radius %s", sub);
	if (strcmp(sub, "probe-username") == 0 ||
	    strcmp(sub, "probe-password") == 0) {
		if (ctl_arg_need(p, ln, at + 2, what,
				 strcmp(sub, "probe-username") == 0 ?
				 "a user name of 1..63 characters" :
				 "a password of 1..127 characters") < 0 ||
		    ctl_arg_end(p, ln, at + 3, what) < 0)
			return -EINVAL;
		v = ln->tok[at + 2].s;
		len = strlen(v);
		if (strcmp(sub, "probe-username") == 0) {
			if (len == 0 || len >= sizeof(c->radius_probe_user))
				return ctl_perr(p, "%s: expected 1..%zu "
						"characters, got %zu", what,
						sizeof(c->radius_probe_user) - 1,
						len);
			snprintf(c->radius_probe_user,
				 sizeof(c->radius_probe_user), "%s", v);
			return 0;
		}
		/* RFC 2865 section 5.2: at most 128 octets; 127 here. */
		if (len == 0 || len > CTL_KEY_MAX)
			return ctl_perr(p, "%s: expected 1..%u characters, "
					"got %zu", what, CTL_KEY_MAX, len);
		snprintf(c->radius_probe_password,
			 sizeof(c->radius_probe_password), "%s", v);
		return 0;
	}
	if (strcmp(sub, "max-retries") == 0) {
		if (ctl_arg_u32(p, ln, at + 2, what, 0, 65535, &n) < 0 ||
		    ctl_arg_end(p, ln, at + 3, what) < 0)
			return -EINVAL;
		c->radius_max_retries_set = true;
		c->radius_max_retries = n;
		return 0;
	}
	if (ctl_arg_u32(p, ln, at + 2, what, 1, 65535, &n) < 0 ||
	    ctl_arg_end(p, ln, at + 3, what) < 0)
		return -EINVAL;
	if (strcmp(sub, "timeout") == 0)
		c->radius_timeout_s = n;
	else
		c->radius_probe_interval_s = n;
	return 0;
}

static int
ctl_cmd_subscriber(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	(void)form;
	if (ctl_arg_end(p, ln, at + 2, "subscriber default") < 0)
		return -EINVAL;
	ctl_cur_ctx(p)->subscriber_default = true;
	p->mode = CTL_MODE_SUBSCRIBER;
	return 0;
}

static int
ctl_cmd_ha_service(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	char name[CTL_NAME_LEN];
	unsigned int i;

	(void)form;
	if (ctl_arg_name(p, ln, at + 1, "ha-service", name, sizeof(name)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, "ha-service") < 0)
		return -EINVAL;
	for (i = 0; i < c->n_ha; i++)
		if (strcmp(c->ha[i].name, name) == 0)
			break;
	if (i == c->n_ha) {
		if (c->n_ha >= CTL_MAX_HA_SERVICES)
			return ctl_perr(p, "ha-service: too many ha-services "
					"in context '%s' (max %u)", c->name,
					CTL_MAX_HA_SERVICES);
		c->n_ha++;
		snprintf(c->ha[i].name, sizeof(c->ha[i].name), "%s", name);
	}
	p->ha = (int)i;
	p->mode = CTL_MODE_HA;
	return 0;
}

static const struct ctl_cmd ctl_context_cmds[] = {
	{ CTL_MODE_CONTEXT, "service-redundancy-protocol", NULL,
	  CTL_F_SET | CTL_F_NO, ctl_srp_enter,
	  "service-redundancy-protocol [variable] | no "
	  "service-redundancy-protocol" },
	{ CTL_MODE_CONTEXT, "interface", NULL, CTL_F_SET, ctl_cmd_interface,
	  "interface NAME [loopback]" },
	{ CTL_MODE_CONTEXT, "ip", "pool", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_ip_pool, "ip pool NAME ADDRESS MASK|ADDRESS/LENGTH "
	  "[public 0..10|private 0..10|static] [srp-activate] | "
	  "no ip pool NAME" },
	{ CTL_MODE_CONTEXT, "ip", "route", CTL_F_SET, ctl_cmd_ip_route,
	  "ip route ADDRESS MASK|ADDRESS/LENGTH NEXTHOP INTERFACE" },
	{ CTL_MODE_CONTEXT, "ip", "arp", CTL_F_SET, ctl_cmd_ip_arp,
	  "ip arp ADDRESS MAC" },
	{ CTL_MODE_CONTEXT, "ipv6", "route", CTL_F_SET, ctl_cmd_ip_route,
	  "ipv6 route ADDRESS/LENGTH NEXTHOP INTERFACE" },
	{ CTL_MODE_CONTEXT, "ipv6", "neighbor", CTL_F_SET, ctl_cmd_ip_arp,
	  "ipv6 neighbor ADDRESS MAC" },
	{ CTL_MODE_CONTEXT, "router", "bgp", CTL_F_SET, ctl_cmd_router_bgp,
	  "router bgp 1..4294967295" },
	{ CTL_MODE_CONTEXT, "radius", "attribute", CTL_F_SET,
	  ctl_cmd_radius_attr,
	  "radius attribute nas-ip-address address ADDRESS" },
	{ CTL_MODE_CONTEXT, "radius", "server", CTL_F_SET,
	  ctl_cmd_radius_server,
	  "radius server ADDRESS [encrypted] key KEY [port 1..65535]" },
	{ CTL_MODE_CONTEXT, "radius", "accounting", CTL_F_SET,
	  ctl_cmd_radius_server, "radius accounting server ADDRESS "
	  "[encrypted] key KEY [port 1..65535]" },
	{ CTL_MODE_CONTEXT, "radius", "timeout", CTL_F_SET,
	  ctl_cmd_radius_probe, "radius timeout 1..65535" },
	{ CTL_MODE_CONTEXT, "radius", "max-retries", CTL_F_SET,
	  ctl_cmd_radius_probe, "radius max-retries 0..65535" },
	{ CTL_MODE_CONTEXT, "radius", "probe-interval", CTL_F_SET,
	  ctl_cmd_radius_probe, "radius probe-interval 1..65535" },
	{ CTL_MODE_CONTEXT, "radius", "probe-username", CTL_F_SET,
	  ctl_cmd_radius_probe, "radius probe-username NAME" },
	{ CTL_MODE_CONTEXT, "radius", "probe-password", CTL_F_SET,
	  ctl_cmd_radius_probe, "radius probe-password PASSWORD" },
	{ CTL_MODE_CONTEXT, "subscriber", "default", CTL_F_SET,
	  ctl_cmd_subscriber, "subscriber default" },
	{ CTL_MODE_CONTEXT, "ha-service", NULL, CTL_F_SET, ctl_cmd_ha_service,
	  "ha-service NAME" },
};

const struct ctl_cmd_table ctl_context_table =
	CTL_CMD_TABLE(ctl_context_cmds);
