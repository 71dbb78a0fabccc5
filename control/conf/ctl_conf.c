/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration file parser: line reader and tokeniser, mode tracking,
 * command dispatch, the handlers of every mode except
 * service-redundancy-protocol, and the end-of-file checks. Runs on the
 * control thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_addr.h"
#include "ctl_conf.h"
#include "ctl_conf_int.h"

/* Largest file ctl_conf_load() reads; far above any real configuration. */
#define CTL_CONF_FILE_MAX	(16u << 20)

#define CTL_PORT_SLOT_MAX	64
#define CTL_PORT_NUM_MAX	64
#define CTL_KEY_MAX		127	/* radius key characters */
#define CTL_HA_SPI_MIN		256	/* 0..255 reserved (RFC 5944 3.5.1) */
#define CTL_MTU_MIN		68	/* RFC 791 minimum */
#define CTL_MTU_MAX		9600

struct ctl_mode_info {
	const char	*name;		/* in messages: "... in NAME mode" */
	const char	*entry;		/* the command that enters it */
	enum ctl_mode	parent;
};

static const struct ctl_mode_info ctl_modes[CTL_MODE_COUNT] = {
	[CTL_MODE_TOP] = { "global configuration", "configure", CTL_MODE_TOP },
	[CTL_MODE_CONTEXT] = { "context", "context NAME", CTL_MODE_TOP },
	[CTL_MODE_SRP] = { "service-redundancy-protocol",
			   "service-redundancy-protocol", CTL_MODE_CONTEXT },
	[CTL_MODE_IFACE] = { "interface", "interface NAME", CTL_MODE_CONTEXT },
	[CTL_MODE_BGP] = { "router bgp", "router bgp AS", CTL_MODE_CONTEXT },
	[CTL_MODE_SUBSCRIBER] = { "subscriber", "subscriber default",
				  CTL_MODE_CONTEXT },
	[CTL_MODE_HA] = { "ha-service", "ha-service NAME", CTL_MODE_CONTEXT },
	[CTL_MODE_PORT] = { "port ethernet", "port ethernet SLOT/PORT",
			    CTL_MODE_TOP },
	[CTL_MODE_DATAPLANE] = { "dataplane", "dataplane", CTL_MODE_TOP },
	[CTL_MODE_BULKSTAT] = { "bulkstat", "bulkstat mode", CTL_MODE_TOP },
};

/* Everything one parse needs, allocated at once: struct ctl_conf is large. */
struct ctl_parse_work {
	struct ctl_conf		conf;
	struct ctl_parser	p;
	struct ctl_line		ln;
};

/* ---------------------------------------------------------------------
 * Defaults and errors
 */

void
ctl_conf_init(struct ctl_conf *conf)
{
	unsigned int i;

	memset(conf, 0, sizeof(*conf));
	srp_conf_init(&conf->srp);
	conf->dp.n_ports = 0;
	conf->dp.n_mbufs = CTL_DP_N_MBUFS_DEFAULT;
	conf->dp.n_rxd = CTL_DP_N_DESC_DEFAULT;
	conf->dp.n_txd = CTL_DP_N_DESC_DEFAULT;
	conf->dp.burst = CTL_DP_BURST_DEFAULT;
	conf->dp.max_sessions = CTL_DP_MAX_SESSIONS_DEFAULT;
	conf->dp.idle_polls = 0;
	conf->dp.idle_sleep_us = 0;
	conf->dp.src_check_off = false;
	conf->graceful_cleanup = false;
	conf->graceful_del_cause = CTL_DEL_CAUSE_UNSET;
	conf->bulkstat_no_standby = false;
	for (i = 0; i < CTL_MAX_PORTS; i++)
		conf->ports[i].shutdown = true;
}

static int
ctl_verr(struct ctl_parser *p, unsigned int line, const char *fmt, va_list ap)
{
	int n;

	if (p->err == NULL || p->err_len == 0)
		return -EINVAL;
	n = snprintf(p->err, p->err_len, "%s:%u: ", p->origin, line);
	if (n >= 0 && (size_t)n < p->err_len)
		vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
	return -EINVAL;
}

int
ctl_perr(struct ctl_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_verr(p, p->line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
ctl_perr_at(struct ctl_parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_verr(p, line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ---------------------------------------------------------------------
 * Argument helpers
 */

static const char *
ctl_usage(const struct ctl_parser *p, const char *what)
{
	return p->cmd != NULL ? p->cmd->usage : what;
}

const char *
ctl_tok(const struct ctl_line *ln, unsigned int i)
{
	return i < ln->n ? ln->tok[i].s : NULL;
}

int
ctl_arg_need(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, const char *expect)
{
	if (i < ln->n)
		return 0;
	return ctl_perr(p, "%s: missing %s; usage: %s", what, expect,
			ctl_usage(p, what));
}

int
ctl_arg_end(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	    const char *what)
{
	if (i >= ln->n)
		return 0;
	return ctl_perr(p, "%s: unexpected '%.40s' after the command; "
			"usage: %s", what, ln->tok[i].s, ctl_usage(p, what));
}

/* Strict decimal: digits only, no sign, no overflow. */
static bool
ctl_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10u + (uint64_t)(*s - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

int
ctl_arg_u32(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	    const char *what, uint32_t min, uint32_t max, uint32_t *out)
{
	char expect[64];
	uint32_t v;

	snprintf(expect, sizeof(expect), "an integer %u..%u", min, max);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (!ctl_parse_u32(ln->tok[i].s, &v) || v < min || v > max)
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	*out = v;
	return 0;
}

static void
ctl_join(char *buf, size_t len, const char *const *words)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; words[i] != NULL && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s",
				 i == 0 ? "" : ", ", words[i]);

		if (n < 0)
			break;
		off += (size_t)n;
	}
}

int
ctl_arg_kw(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	   const char *what, const char *const *words)
{
	char list[256], expect[300];
	unsigned int k;

	ctl_join(list, sizeof(list), words);
	snprintf(expect, sizeof(expect), words[1] == NULL ? "'%s'" :
		 "one of %s", list);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	for (k = 0; words[k] != NULL; k++)
		if (strcmp(words[k], ln->tok[i].s) == 0)
			return (int)k;
	return ctl_perr(p, "%s: expected %s, got '%.40s'", what, expect,
			ln->tok[i].s);
}

int
ctl_arg_addr(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, int family, struct srp_addr *out)
{
	const char *expect = family == AF_INET ? "an IPv4 address" :
		family == AF_INET6 ? "an IPv6 address" :
		"an IPv4 or IPv6 address";
	struct srp_addr a;

	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (ctl_addr_parse(ln->tok[i].s, &a) < 0 ||
	    (family != AF_UNSPEC && a.family != family))
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	*out = a;
	return 0;
}

bool
ctl_name_ok(const char *s, size_t cap)
{
	size_t len = strlen(s), i;

	if (len == 0 || len >= cap || s[0] == '-' || s[0] == '#')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("_-.:/@+", c) != NULL)
			continue;
		return false;
	}
	return true;
}

int
ctl_arg_name(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, char *out, size_t cap)
{
	char expect[96];

	snprintf(expect, sizeof(expect), "a name (1..%zu of A-Z a-z 0-9 "
		 "_ - . : / @ +)", cap - 1);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (!ctl_name_ok(ln->tok[i].s, cap))
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	snprintf(out, cap, "%s", ln->tok[i].s);
	return 0;
}

/* Free text (description): printable, shorter than @cap. */
static int
ctl_arg_text(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, char *out, size_t cap)
{
	char expect[96];

	snprintf(expect, sizeof(expect), "a text of at most %zu characters "
		 "(in double quotes if it has spaces)", cap - 1);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (strlen(ln->tok[i].s) >= cap)
		return ctl_perr(p, "%s: expected %s, got %zu characters",
				what, expect, strlen(ln->tok[i].s));
	snprintf(out, cap, "%s", ln->tok[i].s);
	return 0;
}

/*
 * A prefix at token @i: "A/L"; or "A MASK" (IPv4) when @allow_mask; or a
 * bare "A" (host prefix) when @allow_bare and no mask follows. @family is
 * AF_INET, AF_INET6 or AF_UNSPEC. *next gets the first unused token.
 */
static int
ctl_arg_prefix(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int i, const char *what, int family, bool allow_mask,
	       bool allow_bare, uint8_t min_plen, struct ctl_prefix *pfx,
	       bool *mask_form, unsigned int *next)
{
	const char *fam = family == AF_INET ? "IPv4 " :
		family == AF_INET6 ? "IPv6 " : "";
	char expect[96];
	struct ctl_prefix r;
	const char *t;

	snprintf(expect, sizeof(expect), "%s %sprefix ADDRESS/LENGTH%s%s",
		 fam[0] != '\0' ? "an" : "a", fam,
		 allow_mask ? " or ADDRESS MASK" : "",
		 allow_bare ? " or ADDRESS" : "");
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	t = ln->tok[i].s;
	memset(&r, 0, sizeof(r));
	*mask_form = false;
	if (strchr(t, '/') != NULL) {
		if (ctl_prefix_parse(t, &r) < 0 ||
		    (family != AF_UNSPEC && r.addr.family != family))
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		*next = i + 1;
	} else {
		if (ctl_addr_parse(t, &r.addr) < 0 ||
		    (family != AF_UNSPEC && r.addr.family != family))
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		if (allow_mask && r.addr.family == AF_INET &&
		    ctl_tok(ln, i + 1) != NULL) {
			const char *m = ln->tok[i + 1].s;

			if (ctl_mask_parse(m, &r.plen) < 0)
				return ctl_perr(p, "%s: expected a contiguous "
						"netmask after %s, got '%.40s'",
						what, t, m);
			*mask_form = true;
			*next = i + 2;
		} else if (allow_bare) {
			r.plen = ctl_addr_max_plen(&r.addr);
			*next = i + 1;
		} else if (allow_mask && r.addr.family == AF_INET) {
			return ctl_perr(p, "%s: missing netmask after '%s'; "
					"usage: %s", what, t,
					ctl_usage(p, what));
		} else {
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		}
	}
	if (r.plen < min_plen)
		return ctl_perr(p, "%s: prefix length %u is below the minimum "
				"%u", what, (unsigned int)r.plen,
				(unsigned int)min_plen);
	*pfx = r;
	return 0;
}

/* Error unless @pfx is a network address (all host bits zero). */
static int
ctl_need_network(struct ctl_parser *p, const char *what,
		 const struct ctl_prefix *pfx)
{
	char a[CTL_ADDR_STR_LEN];

	if (ctl_prefix_is_network(pfx))
		return 0;
	return ctl_perr(p, "%s: %s has host bits set; expected a network "
			"address", what, ctl_prefix_fmt(pfx, a, sizeof(a)));
}

static struct ctl_context *
ctl_cur_ctx(struct ctl_parser *p)
{
	return &p->conf->contexts[p->ctx];
}

static int
ctl_find_context(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_contexts; i++)
		if (strcmp(conf->contexts[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
ctl_find_iface(const struct ctl_context *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->n_ifaces; i++)
		if (strcmp(c->ifaces[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---------------------------------------------------------------------
 * Global configuration mode
 */

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

/* ---------------------------------------------------------------------
 * Context mode
 */

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

/* ---------------------------------------------------------------------
 * Interface mode
 */

static int
ctl_iface_add(struct ctl_parser *p, const char *what,
	      const struct ctl_if_addr *a)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_iface *ifc = &c->ifaces[p->iface];
	char s[CTL_ADDR_STR_LEN];
	unsigned int i, k;

	for (i = 0; i < c->n_ifaces; i++)
		for (k = 0; k < c->ifaces[i].n_addrs; k++)
			if (srp_addr_equal(&c->ifaces[i].addrs[k].pfx.addr,
					   &a->pfx.addr))
				return ctl_perr(p, "%s: %s is already on "
						"interface '%s' of context "
						"'%s'", what,
						ctl_addr_fmt(&a->pfx.addr, s,
							     sizeof(s)),
						c->ifaces[i].name, c->name);
	if (ifc->n_addrs >= CTL_MAX_ADDRS)
		return ctl_perr(p, "%s: too many addresses on interface '%s' "
				"(max %u)", what, ifc->name, CTL_MAX_ADDRS);
	ifc->addrs[ifc->n_addrs++] = *a;
	return 0;
}

/* ip address A M|A/L [srp-activate], ipv6 address A/L [srp-activate] */
static int
ctl_cmd_if_address(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "srp-activate", NULL };
	bool v6 = strcmp(ln->tok[at].s, "ipv6") == 0;
	const char *what = v6 ? "ipv6 address" : "ip address";
	struct ctl_if_addr a;
	unsigned int i;

	(void)form;
	memset(&a, 0, sizeof(a));
	if (ctl_arg_prefix(p, ln, at + 2, what, v6 ? AF_INET6 : AF_INET, !v6,
			   false, 1, &a.pfx, &a.mask_form, &i) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, what, kw) < 0)
			return -EINVAL;
		a.srp_activate = true;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	return ctl_iface_add(p, what, &a);
}

/* ip-address A|A/L: the form the reference uses once. */
static int
ctl_cmd_if_ip_dash(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	struct ctl_if_addr a;
	unsigned int i;

	(void)form;
	memset(&a, 0, sizeof(a));
	if (ctl_arg_prefix(p, ln, at + 1, "ip-address", AF_INET, false, true,
			   1, &a.pfx, &a.mask_form, &i) < 0)
		return -EINVAL;
	if (ctl_arg_end(p, ln, i, "ip-address") < 0)
		return -EINVAL;
	return ctl_iface_add(p, "ip-address", &a);
}

static int
ctl_cmd_if_description(struct ctl_parser *p, const struct ctl_line *ln,
		       unsigned int at, enum ctl_form form)
{
	struct ctl_iface *ifc = &ctl_cur_ctx(p)->ifaces[p->iface];
	char text[CTL_TEXT_LEN];

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no description") < 0)
			return -EINVAL;
		memset(ifc->description, 0, sizeof(ifc->description));
		return 0;
	}
	if (ctl_arg_text(p, ln, at + 1, "description", text,
			 sizeof(text)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, "description") < 0)
		return -EINVAL;
	memset(ifc->description, 0, sizeof(ifc->description));
	snprintf(ifc->description, sizeof(ifc->description), "%s", text);
	return 0;
}

/* ---------------------------------------------------------------------
 * router bgp mode
 */

static int
ctl_cmd_bgp_neighbor(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "remote-as", NULL };
	struct ctl_bgp *bgp = &ctl_cur_ctx(p)->bgp;
	struct ctl_bgp_neigh n;
	unsigned int k;

	(void)form;
	memset(&n, 0, sizeof(n));
	if (ctl_arg_addr(p, ln, at + 1, "neighbor", AF_UNSPEC, &n.addr) < 0 ||
	    ctl_arg_kw(p, ln, at + 2, "neighbor", kw) < 0 ||
	    ctl_arg_u32(p, ln, at + 3, "neighbor remote-as", 1, UINT32_MAX,
			&n.remote_as) < 0 ||
	    ctl_arg_end(p, ln, at + 4, "neighbor") < 0)
		return -EINVAL;
	for (k = 0; k < bgp->n_neigh; k++)
		if (srp_addr_equal(&bgp->neigh[k].addr, &n.addr))
			return ctl_perr(p, "neighbor: %s is already a neighbor",
					ln->tok[at + 1].s);
	if (bgp->n_neigh >= CTL_MAX_BGP_NEIGH)
		return ctl_perr(p, "neighbor: too many neighbors (max %u)",
				CTL_MAX_BGP_NEIGH);
	bgp->neigh[bgp->n_neigh++] = n;
	return 0;
}

/* network A/L | network A mask M | network A */
static int
ctl_cmd_bgp_network(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	struct ctl_bgp *bgp = &ctl_cur_ctx(p)->bgp;
	struct ctl_prefix pfx;
	bool mask_form = false;
	const char *t;
	unsigned int i, k;

	(void)form;
	t = ctl_tok(ln, at + 2);
	if (t != NULL && strcmp(t, "mask") == 0) {
		if (ctl_arg_addr(p, ln, at + 1, "network", AF_INET,
				 &pfx.addr) < 0 ||
		    ctl_arg_need(p, ln, at + 3, "network mask",
				 "a netmask") < 0)
			return -EINVAL;
		if (ctl_mask_parse(ln->tok[at + 3].s, &pfx.plen) < 0)
			return ctl_perr(p, "network: expected a contiguous "
					"netmask after 'mask', got '%.40s'",
					ln->tok[at + 3].s);
		mask_form = true;
		i = at + 4;
	} else if (ctl_arg_prefix(p, ln, at + 1, "network", AF_UNSPEC, false,
				  true, 0, &pfx, &mask_form, &i) < 0) {
		return -EINVAL;
	}
	if (ctl_arg_end(p, ln, i, "network") < 0 ||
	    ctl_need_network(p, "network", &pfx) < 0)
		return -EINVAL;
	for (k = 0; k < bgp->n_net; k++)
		if (bgp->net[k].plen == pfx.plen &&
		    srp_addr_equal(&bgp->net[k].addr, &pfx.addr))
			return ctl_perr(p, "network: %s is already announced",
					ln->tok[at + 1].s);
	if (bgp->n_net >= CTL_MAX_BGP_NET)
		return ctl_perr(p, "network: too many networks (max %u)",
				CTL_MAX_BGP_NET);
	bgp->net_mask_form[bgp->n_net] = mask_form;
	bgp->net[bgp->n_net++] = pfx;
	return 0;
}

/* ---------------------------------------------------------------------
 * ha-service mode
 */

/* "spi-number N encrypted secret HEX" at token @i. */
static int
ctl_ha_spi_secret(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int i, const char *what, uint32_t *spi,
		  char *secret, size_t cap)
{
	static const char *const kw_spi[] = { "spi-number", NULL };
	static const char *const kw_enc[] = { "encrypted", NULL };
	static const char *const kw_sec[] = { "secret", NULL };
	const char *s;
	size_t len, k;

	if (ctl_arg_kw(p, ln, i, what, kw_spi) < 0 ||
	    ctl_arg_u32(p, ln, i + 1, what, CTL_HA_SPI_MIN, UINT32_MAX,
			spi) < 0 ||
	    ctl_arg_kw(p, ln, i + 2, what, kw_enc) < 0 ||
	    ctl_arg_kw(p, ln, i + 3, what, kw_sec) < 0 ||
	    ctl_arg_need(p, ln, i + 4, what, "a hex secret") < 0)
		return -EINVAL;
	s = ln->tok[i + 4].s;
	len = strlen(s);
	if (len < 2 || len >= cap || len % 2 != 0 ||
	    strspn(s, "0123456789abcdefABCDEF") != len)
		return ctl_perr(p, "%s: expected an even number (2..%zu) of "
				"hex digits as secret, got '%.40s'", what,
				cap - 1, s);
	for (k = 0; k < len; k++)
		secret[k] = (char)(s[k] >= 'A' && s[k] <= 'F' ?
				   s[k] - 'A' + 'a' : s[k]);
	secret[len] = '\0';
	return 0;
}

static int
ctl_cmd_ha_mn(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw_hash[] = { "hash-algorithm", NULL };
	static const char *const kw_alg[] = { "md5", "hmac-md5", NULL };
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct ctl_ha_mn_spi m;
	unsigned int k;
	int alg;

	(void)form;
	memset(&m, 0, sizeof(m));
	if (ctl_ha_spi_secret(p, ln, at + 1, "mn-ha-spi", &m.spi, m.secret,
			      sizeof(m.secret)) < 0 ||
	    ctl_arg_kw(p, ln, at + 6, "mn-ha-spi", kw_hash) < 0)
		return -EINVAL;
	alg = ctl_arg_kw(p, ln, at + 7, "mn-ha-spi hash-algorithm", kw_alg);
	if (alg < 0 || ctl_arg_end(p, ln, at + 8, "mn-ha-spi") < 0)
		return -EINVAL;
	m.hash = alg == 0 ? CTL_HA_HASH_MD5 : CTL_HA_HASH_HMAC_MD5;
	for (k = 0; k < ha->n_mn_spi; k++)
		if (ha->mn_spi[k].spi == m.spi)
			return ctl_perr(p, "mn-ha-spi: spi-number %u is already "
					"configured", m.spi);
	if (ha->n_mn_spi >= CTL_MAX_HA_SPI)
		return ctl_perr(p, "mn-ha-spi: too many entries (max %u)",
				CTL_MAX_HA_SPI);
	ha->mn_spi[ha->n_mn_spi++] = m;
	return 0;
}

static int
ctl_cmd_ha_fa(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw_ra[] = { "remote-address", NULL };
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct ctl_ha_fa_spi f;
	unsigned int i, k;
	bool mask_form;

	(void)form;
	memset(&f, 0, sizeof(f));
	if (ctl_arg_kw(p, ln, at + 1, "fa-ha-spi", kw_ra) < 0 ||
	    ctl_arg_prefix(p, ln, at + 2, "fa-ha-spi remote-address",
			   AF_UNSPEC, false, false, 0, &f.remote, &mask_form,
			   &i) < 0 ||
	    ctl_need_network(p, "fa-ha-spi remote-address", &f.remote) < 0 ||
	    ctl_ha_spi_secret(p, ln, i, "fa-ha-spi", &f.spi, f.secret,
			      sizeof(f.secret)) < 0 ||
	    ctl_arg_end(p, ln, i + 5, "fa-ha-spi") < 0)
		return -EINVAL;
	for (k = 0; k < ha->n_fa_spi; k++)
		if (ha->fa_spi[k].spi == f.spi &&
		    ha->fa_spi[k].remote.plen == f.remote.plen &&
		    srp_addr_equal(&ha->fa_spi[k].remote.addr,
				   &f.remote.addr))
			return ctl_perr(p, "fa-ha-spi: this remote-address and "
					"spi-number are already configured");
	if (ha->n_fa_spi >= CTL_MAX_HA_SPI)
		return ctl_perr(p, "fa-ha-spi: too many entries (max %u)",
				CTL_MAX_HA_SPI);
	ha->fa_spi[ha->n_fa_spi++] = f;
	return 0;
}

static int
ctl_cmd_ha_bind(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct srp_addr a;

	(void)form;
	if (ctl_arg_addr(p, ln, at + 2, "bind address", AF_UNSPEC, &a) < 0 ||
	    ctl_arg_end(p, ln, at + 3, "bind address") < 0)
		return -EINVAL;
	ha->bind_set = true;
	ha->bind_addr = a;
	return 0;
}

/* ---------------------------------------------------------------------
 * port ethernet mode
 */

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

/* ---------------------------------------------------------------------
 * dataplane and bulkstat modes
 */

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

static int
ctl_cmd_gather(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int at, enum ctl_form form)
{
	if (ctl_arg_end(p, ln, at + 1, "gather-on-standby") < 0)
		return -EINVAL;
	p->conf->bulkstat_no_standby = form == CTL_FORM_NO;
	return 0;
}

static const struct ctl_cmd ctl_cmds[] = {
	/* global configuration */
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
	/* context */
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
	{ CTL_MODE_CONTEXT, "subscriber", "default", CTL_F_SET,
	  ctl_cmd_subscriber, "subscriber default" },
	{ CTL_MODE_CONTEXT, "ha-service", NULL, CTL_F_SET, ctl_cmd_ha_service,
	  "ha-service NAME" },
	/* interface */
	{ CTL_MODE_IFACE, "ip", "address", CTL_F_SET, ctl_cmd_if_address,
	  "ip address ADDRESS MASK|ADDRESS/LENGTH [srp-activate]" },
	{ CTL_MODE_IFACE, "ip-address", NULL, CTL_F_SET, ctl_cmd_if_ip_dash,
	  "ip-address ADDRESS|ADDRESS/LENGTH" },
	{ CTL_MODE_IFACE, "ipv6", "address", CTL_F_SET, ctl_cmd_if_address,
	  "ipv6 address ADDRESS/LENGTH [srp-activate]" },
	{ CTL_MODE_IFACE, "description", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_if_description, "description \"TEXT\" | no description" },
	/* router bgp */
	{ CTL_MODE_BGP, "neighbor", NULL, CTL_F_SET, ctl_cmd_bgp_neighbor,
	  "neighbor ADDRESS remote-as 1..4294967295" },
	{ CTL_MODE_BGP, "network", NULL, CTL_F_SET, ctl_cmd_bgp_network,
	  "network ADDRESS/LENGTH | network ADDRESS mask MASK | "
	  "network ADDRESS" },
	/* ha-service */
	{ CTL_MODE_HA, "mn-ha-spi", NULL, CTL_F_SET, ctl_cmd_ha_mn,
	  "mn-ha-spi spi-number 256..4294967295 encrypted secret HEX "
	  "hash-algorithm md5|hmac-md5" },
	{ CTL_MODE_HA, "fa-ha-spi", NULL, CTL_F_SET, ctl_cmd_ha_fa,
	  "fa-ha-spi remote-address ADDRESS/LENGTH spi-number "
	  "256..4294967295 encrypted secret HEX" },
	{ CTL_MODE_HA, "bind", "address", CTL_F_SET, ctl_cmd_ha_bind,
	  "bind address ADDRESS" },
	/* port ethernet */
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
	/* dataplane */
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
	/* bulkstat */
	{ CTL_MODE_BULKSTAT, "gather-on-standby", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_gather, "gather-on-standby | no gather-on-standby" },
};

#define CTL_N_CMDS (sizeof(ctl_cmds) / sizeof(ctl_cmds[0]))

/* ---------------------------------------------------------------------
 * Dispatch
 */

/* Command @i of the two tables taken as one list; NULL past the end. */
static const struct ctl_cmd *
ctl_cmd_at(unsigned int i)
{
	if (i < CTL_N_CMDS)
		return &ctl_cmds[i];
	i -= (unsigned int)CTL_N_CMDS;
	if (i < ctl_srp_n_cmds)
		return &ctl_srp_cmds[i];
	return NULL;
}

static bool
ctl_cmd_match(const struct ctl_cmd *c, const char *w1, const char *w2)
{
	if (strcmp(c->word, w1) != 0)
		return false;
	return c->word2 == NULL || (w2 != NULL && strcmp(c->word2, w2) == 0);
}

static bool
ctl_mode_is_ancestor(enum ctl_mode anc, enum ctl_mode m)
{
	while (m != CTL_MODE_TOP) {
		m = ctl_modes[m].parent;
		if (m == anc)
			return true;
	}
	return false;
}

static const char *
ctl_article(const char *s)
{
	return strchr("aeiou", s[0]) != NULL ? "an" : "a";
}

/* The command is known, but not in the current mode. */
static int
ctl_wrong_mode(struct ctl_parser *p, const char *label, unsigned int modes)
{
	const struct ctl_mode_info *cur = &ctl_modes[p->mode];
	char names[256], entries[256];
	size_t on = 0, oe = 0;
	unsigned int m, n = 0;

	for (m = 0; m < CTL_MODE_COUNT; m++) {
		if ((modes & (1u << m)) == 0)
			continue;
		if (ctl_mode_is_ancestor((enum ctl_mode)m, p->mode))
			return ctl_perr(p, "'%s' is %s %s command, not %s %s "
					"command; leave %s mode with 'exit' "
					"first", label,
					ctl_article(ctl_modes[m].name),
					ctl_modes[m].name,
					ctl_article(cur->name), cur->name,
					cur->name);
	}
	names[0] = entries[0] = '\0';
	for (m = 0; m < CTL_MODE_COUNT; m++) {
		int a, b;

		if ((modes & (1u << m)) == 0)
			continue;
		a = snprintf(names + on, sizeof(names) - on, "%s%s",
			     n == 0 ? "" : " or ", ctl_modes[m].name);
		b = snprintf(entries + oe, sizeof(entries) - oe, "%s'%s'",
			     n == 0 ? "" : " or ", ctl_modes[m].entry);
		if (a < 0 || b < 0 || (size_t)a >= sizeof(names) - on ||
		    (size_t)b >= sizeof(entries) - oe)
			break;
		on += (size_t)a;
		oe += (size_t)b;
		n++;
	}
	return ctl_perr(p, "'%s' is %s %s command; use it after %s", label,
			ctl_article(names), names, entries);
}

static int
ctl_unknown(struct ctl_parser *p, const char *w)
{
	char list[768];
	size_t off = 0;
	unsigned int i, j;
	const struct ctl_cmd *c, *d;

	list[0] = '\0';
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		bool seen = false;
		int n;

		if (c->mode != p->mode)
			continue;
		for (j = 0; j < i && !seen; j++) {
			d = ctl_cmd_at(j);
			seen = d->mode == p->mode && strcmp(d->word, c->word) == 0;
		}
		if (seen)
			continue;
		n = snprintf(list + off, sizeof(list) - off, "%s, ", c->word);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	snprintf(list + off, sizeof(list) - off, "%s",
		 p->mode == CTL_MODE_TOP ? "end" : "exit, end");
	return ctl_perr(p, "unknown command '%.40s' in %s mode; expected one "
			"of: %s", w, ctl_modes[p->mode].name, list);
}

/* First word known in this mode, second word not: name the choices. */
static int
ctl_bad_word2(struct ctl_parser *p, const char *w1, const char *w2)
{
	char list[256];
	size_t off = 0;
	unsigned int i;
	const struct ctl_cmd *c;

	list[0] = '\0';
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		int n;

		if (c->mode != p->mode || strcmp(c->word, w1) != 0 ||
		    c->word2 == NULL)
			continue;
		n = snprintf(list + off, sizeof(list) - off, "%s%s",
			     off == 0 ? "" : ", ", c->word2);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	if (w2 == NULL)
		return ctl_perr(p, "%s: missing keyword; expected one of %s",
				w1, list);
	return ctl_perr(p, "%s: expected one of %s, got '%.40s'", w1, list,
			w2);
}

static int
ctl_leave(struct ctl_parser *p)
{
	switch (p->mode) {
	case CTL_MODE_TOP:
		return ctl_perr(p, "'exit' at the top level: there is no mode "
				"to leave");
	case CTL_MODE_SRP:
		if (ctl_srp_leave(p) < 0)
			return -EINVAL;
		break;
	case CTL_MODE_IFACE:
		p->iface = -1;
		break;
	case CTL_MODE_HA:
		p->ha = -1;
		break;
	case CTL_MODE_CONTEXT:
		p->ctx = -1;
		break;
	case CTL_MODE_PORT:
		p->port = -1;
		break;
	default:
		break;
	}
	p->mode = ctl_modes[p->mode].parent;
	return 0;
}

static int
ctl_leave_all(struct ctl_parser *p)
{
	while (p->mode != CTL_MODE_TOP)
		if (ctl_leave(p) < 0)
			return -EINVAL;
	return 0;
}

static int
ctl_run(struct ctl_parser *p, const struct ctl_line *ln)
{
	const char *w = ln->tok[0].s, *w1, *w2;
	enum ctl_form form = CTL_FORM_SET;
	const struct ctl_cmd *c, *found = NULL;
	unsigned int i, at = 0, modes = 0, modes1 = 0;
	bool word_here = false;
	char label[128];

	p->cmd = NULL;
	if (strcmp(w, "exit") == 0 || strcmp(w, "#exit") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0)
			return -EINVAL;
		return ctl_leave(p);
	}
	if (strcmp(w, "end") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0 || ctl_leave_all(p) < 0)
			return -EINVAL;
		p->in_config = false;
		return 0;
	}
	if (strcmp(w, "config") == 0 || strcmp(w, "configure") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0)
			return -EINVAL;
		if (p->mode != CTL_MODE_TOP)
			return ctl_perr(p, "'%s' is only valid at the top "
					"level; use 'end' first", w);
		if (p->in_config)
			return ctl_perr(p, "'%s': already in configuration "
					"mode", w);
		p->in_config = true;
		return 0;
	}
	if (strcmp(w, "no") == 0 || strcmp(w, "default") == 0) {
		form = w[0] == 'n' ? CTL_FORM_NO : CTL_FORM_DEFAULT;
		at = 1;
		if (ln->n < 2)
			return ctl_perr(p, "'%s' needs a command after it", w);
	}
	w1 = ln->tok[at].s;
	w2 = ctl_tok(ln, at + 1);
	if (at > 0 && (strcmp(w1, "exit") == 0 || strcmp(w1, "#exit") == 0 ||
		       strcmp(w1, "end") == 0 || strcmp(w1, "config") == 0 ||
		       strcmp(w1, "configure") == 0))
		return ctl_perr(p, "'%s %s' is not a command", w, w1);
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		if (strcmp(c->word, w1) != 0)
			continue;
		modes1 |= 1u << c->mode;
		if (c->mode == p->mode)
			word_here = true;
		if (!ctl_cmd_match(c, w1, w2))
			continue;
		if (c->mode == p->mode) {
			found = c;
			break;
		}
		modes |= 1u << c->mode;
	}
	if (found == NULL) {
		if (modes != 0) {
			/* Name the command by both words when the second one
			 * is what places it ("ip pool" vs "ip address"). */
			bool two = w2 != NULL;

			for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++)
				if (ctl_cmd_match(c, w1, w2) &&
				    c->word2 == NULL)
					two = false;
			snprintf(label, sizeof(label), "%s%s%.40s", w1,
				 two ? " " : "", two ? w2 : "");
			return ctl_wrong_mode(p, label, modes);
		}
		if (word_here)
			return ctl_bad_word2(p, w1, w2);
		/* "port" alone in context mode: the first word names the
		 * mode; with a second word that fits nowhere it is just an
		 * unknown command here. */
		if (modes1 != 0 && w2 == NULL)
			return ctl_wrong_mode(p, w1, modes1);
		return ctl_unknown(p, w1);
	}
	p->cmd = found;
	if ((found->forms & (1u << form)) == 0)
		return ctl_perr(p, "'%s %s' is not accepted; usage: %s", w, w1,
				found->usage);
	return found->fn(p, ln, at, form);
}

/* ---------------------------------------------------------------------
 * Lines
 */

static bool
ctl_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Check the raw bytes of one line and split it into tokens. Sets ln->n to 0
 * for blank and comment lines. @raw is not NUL-terminated.
 */
static int
ctl_split(struct ctl_parser *p, const char *raw, size_t len,
	  struct ctl_line *ln)
{
	size_t i, s, e;
	char *out;

	ln->n = 0;
	if (len > 0 && raw[len - 1] == '\r')	/* CRLF line end */
		len--;
	if (len > CTL_LINE_MAX)
		return ctl_perr(p, "line is %zu bytes long; the limit is %u",
				len, CTL_LINE_MAX);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c == '\0')
			return ctl_perr(p, "NUL byte at column %zu", i + 1);
		if (c >= 0x80)
			return ctl_perr(p, "non-ASCII byte 0x%02x at column "
					"%zu; only printable ASCII is accepted",
					c, i + 1);
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return ctl_perr(p, "non-printable character 0x%02x at "
					"column %zu", c, i + 1);
	}
	s = 0;
	while (s < len && ctl_is_blank(raw[s]))
		s++;
	e = len;
	while (e > s && ctl_is_blank(raw[e - 1]))
		e--;
	if (s == e)
		return 0;
	/* "#exit" leaves a mode; any other line starting with '#' is a
	 * comment. */
	if (raw[s] == '#' && !(e - s >= 5 && memcmp(raw + s, "#exit", 5) == 0 &&
			       (e - s == 5 || ctl_is_blank(raw[s + 5]))))
		return 0;

	memcpy(ln->buf, raw + s, e - s);
	ln->buf[e - s] = '\0';
	out = ln->buf;
	while (*out != '\0') {
		struct ctl_tok *t;

		while (ctl_is_blank(*out))
			out++;
		if (*out == '\0')
			break;
		if (ln->n >= CTL_LINE_MAX_TOKENS)
			return ctl_perr(p, "too many words on the line (max "
					"%u)", CTL_LINE_MAX_TOKENS);
		t = &ln->tok[ln->n++];
		if (*out == '"') {
			char *close = strchr(out + 1, '"');

			if (close == NULL)
				return ctl_perr(p, "unterminated double quote");
			if (close[1] != '\0' && !ctl_is_blank(close[1]))
				return ctl_perr(p, "a closing double quote must "
						"be followed by a space");
			t->s = out + 1;
			t->quoted = true;
			*close = '\0';
			out = close + 1;
			if (*out != '\0')
				out++;
			continue;
		}
		t->s = out;
		t->quoted = false;
		while (*out != '\0' && !ctl_is_blank(*out)) {
			if (*out == '"')
				return ctl_perr(p, "double quote inside a word; "
						"quote the whole word");
			out++;
		}
		if (*out != '\0')
			*out++ = '\0';
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * End-of-file checks
 */

static int
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

static int
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

/* ---------------------------------------------------------------------
 * Entry points
 */

int
ctl_conf_parse_mem(const char *text, size_t len, const char *origin,
		   struct ctl_conf *conf, char *err, size_t err_len)
{
	struct ctl_parse_work *w;
	struct ctl_parser *p;
	size_t pos = 0;
	int ret = 0;

	if (err != NULL && err_len > 0)
		err[0] = '\0';
	if (origin == NULL)
		origin = "<config>";
	if (text == NULL || conf == NULL) {
		if (err != NULL && err_len > 0)
			snprintf(err, err_len, "%s:0: no configuration text",
				 origin);
		return -EINVAL;
	}
	w = malloc(sizeof(*w));
	if (w == NULL) {
		if (err != NULL && err_len > 0)
			snprintf(err, err_len, "%s:0: out of memory", origin);
		return -ENOMEM;
	}
	memset(&w->p, 0, sizeof(w->p));
	ctl_conf_init(&w->conf);
	p = &w->p;
	p->conf = &w->conf;
	p->origin = origin;
	p->err = err;
	p->err_len = err_len;
	p->mode = CTL_MODE_TOP;
	p->ctx = p->iface = p->port = p->ha = -1;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;

		p->line++;
		ret = ctl_split(p, text + pos, end - pos, &w->ln);
		if (ret < 0)
			goto out_free;
		if (w->ln.n > 0) {
			ret = ctl_run(p, &w->ln);
			if (ret < 0)
				goto out_free;
		}
		pos = end + 1;
	}
	p->cmd = NULL;
	ret = ctl_leave_all(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_routes(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_ports(p);
	if (ret < 0)
		goto out_free;
	memcpy(conf, &w->conf, sizeof(*conf));
out_free:
	free(w);
	return ret;
}

int
ctl_conf_parse(const char *text, const char *origin, struct ctl_conf *conf,
	       char *err, size_t err_len)
{
	return ctl_conf_parse_mem(text, text != NULL ? strlen(text) : 0,
				  origin, conf, err, err_len);
}

int
ctl_conf_load(const char *path, struct ctl_conf *conf, char *err,
	      size_t err_len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out_err;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out_close;
	}
	if ((uint64_t)st.st_size > CTL_CONF_FILE_MAX) {
		ret = -EFBIG;
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		ret = -ENOMEM;
		goto out_close;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	ret = ctl_conf_parse_mem(buf, got, path, conf, err, err_len);
	free(buf);
	return ret;

out_free:
	free(buf);
out_close:
	close(fd);
out_err:
	if (err != NULL && err_len > 0)
		snprintf(err, err_len, "%s:0: cannot read the configuration: "
			 "%s", path, ret == -EINVAL ? "not a regular file" :
			 ret == -EFBIG ? "file larger than 16 MiB" :
			 strerror(-ret));
	return ret;
}

void
ctl_conf_to_dp(const struct ctl_conf *conf, struct dp_conf *dp)
{
	unsigned int i;

	*dp = conf->dp;
	memset(dp->ports, 0, sizeof(dp->ports));
	dp->n_ports = 0;
	/* A port without a device cannot be opened; the parser only lets
	 * that happen for ports that are shut down. */
	for (i = 0; i < conf->n_ports && dp->n_ports < DP_MAX_PORTS; i++) {
		const struct ctl_port *pt = &conf->ports[i];
		struct dp_port_conf *d;

		if (pt->device[0] == '\0')
			continue;
		d = &dp->ports[dp->n_ports++];
		snprintf(d->name, sizeof(d->name), "%s", pt->name);
		snprintf(d->device, sizeof(d->device), "%s", pt->device);
		d->role = pt->role;
		d->mtu = pt->mtu;
		d->shutdown = pt->shutdown;
	}
}
