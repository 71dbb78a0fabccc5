/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The single writer of the session tables: request parsing and validation,
 * create/modify/delete with neighbour references, the manager's life cycle
 * and the reclaim timer (bulk operations: ctl_sess_bulk.c). Context: control.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_common.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "ckpt/ctl_ckpt.h"
#include "conf/ctl_conf.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_sess.h"
#include "ctl_sess_int.h"
#include "dp_fwd.h"
#include "net/ctl_nbr.h"

#define SESS_MAX_LINE_WORDS	24

static struct {
	struct sess_table	*t;
	struct ctl_loop		*loop;
	struct ctl_timer	*timer;
	bool			timer_armed;
	ctl_sess_nh_get_fn	*nh_get;
	ctl_sess_nh_put_fn	*nh_put;
	uint32_t		reclaim_ms;
	uint32_t		sweep_ms;
} cs;

void
ctl_sess_i_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* Parsing */

int
ctl_sess_teid_parse(const char *s, uint32_t *teid)
{
	unsigned long long v = 0;
	const char *p = s;
	unsigned int base = 10, d, n = 0;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p != '\0'; p++, n++) {
		if (isdigit((unsigned char)*p))
			d = (unsigned int)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' + 10);
		else
			return -EINVAL;
		v = v * base + d;
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	if (n == 0 || v == 0)
		return -EINVAL;
	*teid = (uint32_t)v;
	return 0;
}

static int
sess_qfi_parse(const char *s, uint8_t *qfi)
{
	unsigned int v = 0;

	if (*s == '\0' || strlen(s) > 2)
		return -EINVAL;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	if (v > 63)
		return -EINVAL;
	*qfi = (uint8_t)v;
	return 0;
}

/* Any address: af 4 or 6, 4 or 16 bytes in @addr. */
static int
sess_addr_parse(const char *s, uint8_t *af, uint8_t addr[16])
{
	struct srp_addr a;

	if (ctl_addr_parse(s, &a) < 0)
		return -EINVAL;
	memset(addr, 0, 16);
	if (a.family == AF_INET) {
		*af = 4;
		memcpy(addr, &a.v4, 4);
	} else {
		*af = 6;
		memcpy(addr, &a.v6, 16);
	}
	return 0;
}

static int
sess_ue4_parse(const char *s, uint8_t ue4[4])
{
	uint8_t af, a[16];

	if (sess_addr_parse(s, &af, a) < 0 || af != 4)
		return -EINVAL;
	memcpy(ue4, a, 4);
	return 0;
}

/* A UE IPv6 address, or a /64 prefix keyed by its interface id 0. */
static int
sess_ue6_parse(const char *s, uint8_t ue6[16])
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	uint8_t af, a[16];
	size_t n;
	unsigned int i;

	if (slash != NULL) {
		n = (size_t)(slash - s);
		if (strcmp(slash, "/64") != 0 || n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, s, n);
		buf[n] = '\0';
		s = buf;
	}
	if (sess_addr_parse(s, &af, a) < 0 || af != 6)
		return -EINVAL;
	if (slash != NULL) {
		for (i = 8; i < 16; i++)
			if (a[i] != 0)
				return -EINVAL;
	}
	memcpy(ue6, a, 16);
	return 0;
}

/* A prefix "A/L" of family @af (4 or 6) with L in 1..@max_plen. */
static int
sess_pool_parse(const char *s, uint8_t af, uint8_t max_plen, uint8_t *addr,
		uint8_t *plen)
{
	struct ctl_prefix pfx;

	if (ctl_prefix_parse(s, &pfx) < 0)
		return -EINVAL;
	if ((af == 4) != (pfx.addr.family == AF_INET))
		return -EINVAL;
	if (pfx.plen == 0 || pfx.plen > max_plen)
		return -EINVAL;
	if (af == 4)
		memcpy(addr, &pfx.addr.v4, 4);
	else
		memcpy(addr, &pfx.addr.v6, 16);
	*plen = pfx.plen;
	return 0;
}

/* Index of @w in @kw (NULL-terminated), or -1. */
static int
sess_kw_find(const char *const *kw, const char *w)
{
	int i;

	for (i = 0; kw[i] != NULL; i++)
		if (strcmp(kw[i], w) == 0)
			return i;
	return -1;
}

/*
 * Walk keyword/value pairs: checks unknown words, repeated keywords and
 * missing values. @novalue marks keywords without a value. Calls @fn for
 * each keyword with its value (NULL for flags).
 */
typedef int sess_kw_fn(int kw, const char *val, void *arg, char *err,
		       size_t err_len);

static int
sess_kw_walk(int argc, char **argv, const char *const *kw,
	     const bool *novalue, const char *usage, sess_kw_fn *fn, void *arg,
	     char *err, size_t err_len)
{
	uint64_t seen = 0;
	int i, k, ret;

	for (i = 0; i < argc; i++) {
		k = sess_kw_find(kw, argv[i]);
		if (k < 0) {
			ctl_sess_i_err(err, err_len, "unknown word '%.64s'; usage: %s",
				 argv[i], usage);
			return -EINVAL;
		}
		if (seen & (UINT64_C(1) << k)) {
			ctl_sess_i_err(err, err_len, "'%s' given twice; usage: %s",
				 kw[k], usage);
			return -EINVAL;
		}
		seen |= UINT64_C(1) << k;
		if (novalue[k]) {
			ret = fn(k, NULL, arg, err, err_len);
		} else {
			if (i + 1 >= argc) {
				ctl_sess_i_err(err, err_len,
					 "'%s' needs a value; usage: %s",
					 kw[k], usage);
				return -EINVAL;
			}
			ret = fn(k, argv[++i], arg, err, err_len);
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int
sess_bad_value(char *err, size_t err_len, const char *kw, const char *val,
	       const char *what, const char *usage)
{
	ctl_sess_i_err(err, err_len, "bad %s '%.64s': expected %s; usage: %s",
		 kw, val, what, usage);
	return -EINVAL;
}

#define SESS_TEID_WHAT	"1..4294967295 (decimal or 0x hex)"
#define SESS_QFI_WHAT	"0..63"
#define SESS_USAGE_CREATE	"session create " CTL_SESS_CREATE_ARGS
#define SESS_USAGE_MODIFY	"session modify " CTL_SESS_MODIFY_ARGS
#define SESS_USAGE_GENERATE	"session generate " CTL_SESS_GENERATE_ARGS

enum { KC_LTEID, KC_RTEID, KC_PEER, KC_UE4, KC_UE6, KC_QFI, KC_VOLTE };
static const char *const kw_create[] = {
	"local-teid", "remote-teid", "peer", "ue-ipv4", "ue-ipv6", "qfi",
	"volte", NULL,
};
static const bool nv_create[] = {
	false, false, false, false, false, false, true,
};

struct create_ctx {
	struct sess_params	*p;
	bool			has_lteid, has_rteid, has_peer;
};

static int
create_kw(int k, const char *v, void *arg, char *err, size_t err_len)
{
	struct create_ctx *c = arg;
	struct sess_params *p = c->p;
	const char *u = SESS_USAGE_CREATE;

	switch (k) {
	case KC_LTEID:
		if (ctl_sess_teid_parse(v, &p->teid_local) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      SESS_TEID_WHAT, u);
		c->has_lteid = true;
		break;
	case KC_RTEID:
		if (ctl_sess_teid_parse(v, &p->teid_remote) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      SESS_TEID_WHAT, u);
		c->has_rteid = true;
		break;
	case KC_PEER:
		if (sess_addr_parse(v, &p->peer_af, p->peer_addr) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      "an IPv4 or IPv6 address", u);
		c->has_peer = true;
		break;
	case KC_UE4:
		if (sess_ue4_parse(v, p->ue4) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      "an IPv4 address", u);
		p->has_ue4 = true;
		break;
	case KC_UE6:
		if (sess_ue6_parse(v, p->ue6) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      "an IPv6 address or P/64", u);
		p->has_ue6 = true;
		break;
	case KC_QFI:
		if (sess_qfi_parse(v, &p->qfi) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      SESS_QFI_WHAT, u);
		p->has_qfi = true;
		break;
	case KC_VOLTE:
		p->flags |= SESS_F_VOLTE;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int
ctl_sess_parse_create(int argc, char **argv, struct sess_params *p,
		      char *err, size_t err_len)
{
	struct sess_params tmp;
	struct create_ctx c = { .p = &tmp };
	const char *missing = NULL;
	int ret;

	memset(&tmp, 0, sizeof(tmp));
	tmp.nh_id = DP_NH_NONE;
	ret = sess_kw_walk(argc, argv, kw_create, nv_create, SESS_USAGE_CREATE,
			   create_kw, &c, err, err_len);
	if (ret < 0)
		return ret;
	if (!c.has_lteid)
		missing = "local-teid";
	else if (!c.has_rteid)
		missing = "remote-teid";
	else if (!c.has_peer)
		missing = "peer";
	else if (!tmp.has_ue4 && !tmp.has_ue6)
		missing = "ue-ipv4 or ue-ipv6";
	if (missing != NULL) {
		ctl_sess_i_err(err, err_len, "missing %s; usage: %s", missing,
			 SESS_USAGE_CREATE);
		return -EINVAL;
	}
	*p = tmp;
	return 0;
}

static const char *const kw_modify[] = {
	"local-teid", "remote-teid", "peer", "ue-ipv4", "ue-ipv6", "qfi",
	"volte", "no-volte", NULL,
};
static const bool nv_modify[] = {
	false, false, false, false, false, false, true, true,
};
enum { KM_NOVOLTE = KC_VOLTE + 1 };

static int
modify_kw(int k, const char *v, void *arg, char *err, size_t err_len)
{
	struct ctl_sess_mod *m = arg;
	const char *u = SESS_USAGE_MODIFY;
	bool none = v != NULL && strcmp(v, "none") == 0;

	switch (k) {
	case KC_LTEID:
		if (ctl_sess_teid_parse(v, &m->teid_local) < 0)
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      SESS_TEID_WHAT, u);
		break;
	case KC_RTEID:
		if (ctl_sess_teid_parse(v, &m->teid_remote) < 0)
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      SESS_TEID_WHAT, u);
		m->set_remote = true;
		break;
	case KC_PEER:
		if (sess_addr_parse(v, &m->peer_af, m->peer_addr) < 0)
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      "an IPv4 or IPv6 address", u);
		m->set_peer = true;
		break;
	case KC_UE4:
		if (none)
			m->ue4_op = CTL_SESS_CLEAR;
		else if (sess_ue4_parse(v, m->ue4) == 0)
			m->ue4_op = CTL_SESS_SET;
		else
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      "an IPv4 address or none", u);
		break;
	case KC_UE6:
		if (none)
			m->ue6_op = CTL_SESS_CLEAR;
		else if (sess_ue6_parse(v, m->ue6) == 0)
			m->ue6_op = CTL_SESS_SET;
		else
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      "an IPv6 address, P/64 or none",
					      u);
		break;
	case KC_QFI:
		if (none)
			m->qfi_op = CTL_SESS_CLEAR;
		else if (sess_qfi_parse(v, &m->qfi) == 0)
			m->qfi_op = CTL_SESS_SET;
		else
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      SESS_QFI_WHAT " or none", u);
		break;
	case KC_VOLTE:
	case KM_NOVOLTE:
		if (m->volte_op != CTL_SESS_KEEP) {
			ctl_sess_i_err(err, err_len,
				 "volte and no-volte exclude each other; usage: %s",
				 u);
			return -EINVAL;
		}
		m->volte_op = k == KC_VOLTE ? CTL_SESS_SET : CTL_SESS_CLEAR;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int
ctl_sess_parse_modify(int argc, char **argv, struct ctl_sess_mod *m,
		      char *err, size_t err_len)
{
	struct ctl_sess_mod tmp;
	int ret;

	memset(&tmp, 0, sizeof(tmp));
	ret = sess_kw_walk(argc, argv, kw_modify, nv_modify, SESS_USAGE_MODIFY,
			   modify_kw, &tmp, err, err_len);
	if (ret < 0)
		return ret;
	if (tmp.teid_local == 0) {
		ctl_sess_i_err(err, err_len, "missing local-teid; usage: %s",
			 SESS_USAGE_MODIFY);
		return -EINVAL;
	}
	if (!tmp.set_remote && !tmp.set_peer && tmp.ue4_op == CTL_SESS_KEEP &&
	    tmp.ue6_op == CTL_SESS_KEEP && tmp.qfi_op == CTL_SESS_KEEP &&
	    tmp.volte_op == CTL_SESS_KEEP) {
		ctl_sess_i_err(err, err_len, "nothing to modify; usage: %s",
			 SESS_USAGE_MODIFY);
		return -EINVAL;
	}
	*m = tmp;
	return 0;
}

enum { KG_COUNT, KG_LTEID, KG_RTEID, KG_PEER, KG_POOL4, KG_POOL6, KG_QFI };
static const char *const kw_gen[] = {
	"count", "local-teid", "remote-teid", "peer", "ue-ipv4-pool",
	"ue-ipv6-pool", "qfi", NULL,
};
static const bool nv_gen[] = {
	false, false, false, false, false, false, false,
};

struct gen_ctx {
	struct ctl_sess_gen	*g;
	uint32_t		seen;
};

static int
gen_kw(int k, const char *v, void *arg, char *err, size_t err_len)
{
	struct gen_ctx *c = arg;
	struct ctl_sess_gen *g = c->g;
	const char *u = SESS_USAGE_GENERATE;

	c->seen |= 1u << k;
	switch (k) {
	case KG_COUNT:
		/* Same syntax as a TEID: 1..2^32-1, decimal or hex. */
		if (ctl_sess_teid_parse(v, &g->count) < 0 ||
		    g->count > SESS_MAX_CAPACITY)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      "1..16777216", u);
		break;
	case KG_LTEID:
		if (ctl_sess_teid_parse(v, &g->teid_local_base) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      SESS_TEID_WHAT, u);
		break;
	case KG_RTEID:
		if (ctl_sess_teid_parse(v, &g->teid_remote_base) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      SESS_TEID_WHAT, u);
		break;
	case KG_PEER:
		if (sess_addr_parse(v, &g->peer_af, g->peer_addr) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      "an IPv4 or IPv6 address", u);
		break;
	case KG_POOL4:
		if (sess_pool_parse(v, 4, 31, g->ue4_pool, &g->ue4_plen) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      "an IPv4 prefix A/L, L 1..31", u);
		break;
	case KG_POOL6:
		if (sess_pool_parse(v, 6, 64, g->ue6_pool, &g->ue6_plen) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      "an IPv6 prefix P/L, L 1..64", u);
		g->has_ue6_pool = true;
		break;
	case KG_QFI:
		if (sess_qfi_parse(v, &g->qfi) < 0)
			return sess_bad_value(err, err_len, kw_gen[k], v,
					      SESS_QFI_WHAT, u);
		g->has_qfi = true;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int
ctl_sess_parse_generate(int argc, char **argv, struct ctl_sess_gen *g,
			char *err, size_t err_len)
{
	struct ctl_sess_gen tmp;
	struct gen_ctx c = { .g = &tmp };
	static const int required[] = {
		KG_COUNT, KG_LTEID, KG_RTEID, KG_PEER, KG_POOL4,
	};
	unsigned int i;
	int ret;

	memset(&tmp, 0, sizeof(tmp));
	ret = sess_kw_walk(argc, argv, kw_gen, nv_gen, SESS_USAGE_GENERATE,
			   gen_kw, &c, err, err_len);
	if (ret < 0)
		return ret;
	for (i = 0; i < RTE_DIM(required); i++) {
		if (!(c.seen & (1u << required[i]))) {
			ctl_sess_i_err(err, err_len, "missing %s; usage: %s",
				 kw_gen[required[i]], SESS_USAGE_GENERATE);
			return -EINVAL;
		}
	}
	*g = tmp;
	return 0;
}

/* Reclaim scheduling */

static void
sess_reclaim_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg);

/*
 * Arm the reclaim timer to fire soon. It also runs every
 * CTL_SESS_SWEEP_MS, which catches objects retired by direct
 * sess_table_* calls that did not go through this module. Reclaim never
 * waits for a grace period on the reactor: each run frees what has passed
 * one and starts one for the rest, and the timer is armed again while
 * anything is pending.
 */
void
ctl_sess_i_schedule(void)
{
	if (sess_table_pending(cs.t) == 0 && dp_fwd_reclaim_pending() == 0)
		return;
	if (cs.loop == NULL) {
		/* No reactor (tools, tests): nothing to stall. */
		sess_table_reclaim_wait(cs.t);
		dp_fwd_reclaim_wait();
		return;
	}
	if (cs.timer_armed)
		return;
	if (cs.timer == NULL) {
		cs.timer = ctl_loop_timer_add(cs.loop, cs.reclaim_ms,
					      cs.sweep_ms,
					      sess_reclaim_cb, NULL);
		if (cs.timer == NULL) {
			/* No timer: do it now rather than never. */
			CTL_LOG(WARNING, "reclaim timer: %s; reclaiming now",
				strerror(errno));
			sess_table_reclaim(cs.t);
			return;
		}
	} else if (ctl_loop_timer_set(cs.timer, cs.reclaim_ms,
				      cs.sweep_ms) < 0) {
		sess_table_reclaim(cs.t);
		return;
	}
	cs.timer_armed = true;
}

static void
sess_reclaim_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	cs.timer_armed = false;
	if (cs.t == NULL)
		return;
	if (sess_table_pending(cs.t) == 0 && dp_fwd_reclaim_pending() == 0)
		return;
	/* Handlers on the telemetry thread may hold session pointers. The
	 * forwarding state's replaced copies and freed neighbour ids
	 * (dp_fwd.c) are reclaimed here too. */
	sess_table_reclaim(cs.t);
	dp_fwd_reclaim();
	/*
	 * A reclaim frees a bounded number of objects per turn: when more
	 * have passed their grace period (a delete all), come back at once
	 * rather than after reclaim_ms.
	 */
	if (sess_table_reclaim_ready(cs.t) > 0 && cs.timer != NULL &&
	    ctl_loop_timer_set(cs.timer, 1, cs.sweep_ms) == 0) {
		cs.timer_armed = true;
		return;
	}
	/* Grace periods still running: look again soon. */
	ctl_sess_i_schedule();
}

unsigned int
ctl_sess_reclaim_now(void)
{
	unsigned int n;

	if (cs.t == NULL)
		return 0;
	n = sess_table_reclaim(cs.t);
	return n;
}

/* Life cycle */

static int
sess_default_nh_get(uint8_t af, const uint8_t *addr, uint16_t *nh_id)
{
	return ctl_nbr_peer_get(af, addr, nh_id);
}

static void
sess_default_nh_put(uint16_t nh_id)
{
	ctl_nbr_peer_put(nh_id);
}

int
ctl_sess_init_opts(struct sess_table *t, struct ctl_loop *loop,
		   const struct ctl_sess_opts *opts)
{
	int ret;

	if (t == NULL)
		return -EINVAL;
	if (cs.t != NULL)
		return -EALREADY;
	memset(&cs, 0, sizeof(cs));
	cs.nh_get = sess_default_nh_get;
	cs.nh_put = sess_default_nh_put;
	cs.reclaim_ms = CTL_SESS_RECLAIM_MS;
	cs.sweep_ms = CTL_SESS_SWEEP_MS;
	if (opts != NULL) {
		if (opts->nh_get != NULL)
			cs.nh_get = opts->nh_get;
		if (opts->nh_put != NULL)
			cs.nh_put = opts->nh_put;
		if (opts->reclaim_ms != 0)
			cs.reclaim_ms = opts->reclaim_ms;
		if (opts->sweep_ms != 0)
			cs.sweep_ms = opts->sweep_ms;
	}
	cs.loop = loop;
	/* show subscribers digest reads a running sum: keep it from here. */
	ctl_ckpt_digest_attach(t);
	if (loop != NULL) {
		cs.timer = ctl_loop_timer_add(loop, cs.sweep_ms,
					      cs.sweep_ms,
					      sess_reclaim_cb, NULL);
		if (cs.timer == NULL) {
			ret = -errno;
			memset(&cs, 0, sizeof(cs));
			return ret;
		}
	}
	ret = ctl_sess_cmd_register();
	/* Commands stay registered across fini/init. */
	if (ret < 0 && ret != -EEXIST) {
		if (cs.timer != NULL)
			ctl_loop_timer_del(cs.timer);
		memset(&cs, 0, sizeof(cs));
		return ret;
	}
	cs.t = t;
	return 0;
}

int
ctl_sess_init(struct sess_table *t, struct ctl_loop *loop)
{
	return ctl_sess_init_opts(t, loop, NULL);
}

void
ctl_sess_fini(void)
{
	ctl_sess_i_bulk_abort();
	if (cs.timer != NULL)
		ctl_loop_timer_del(cs.timer);
	/* Shutdown, off the live reactor: may wait for grace periods. */
	if (cs.t != NULL)
		sess_table_reclaim_wait(cs.t);
	memset(&cs, 0, sizeof(cs));
}

struct sess_table *
ctl_sess_table(void)
{
	return cs.t;
}

/* Changes */

const char *
ctl_sess_i_addr_str(uint8_t af, const uint8_t *a, char *buf, size_t len)
{
	if (inet_ntop(af == 4 ? AF_INET : AF_INET6, a, buf, (socklen_t)len) ==
	    NULL)
		snprintf(buf, len, "?");
	return buf;
}

int
ctl_sess_i_ready(char *err, size_t err_len)
{
	if (cs.t == NULL) {
		ctl_sess_i_err(err, err_len, "session table not ready");
		return -ENODEV;
	}
	return 0;
}

int
ctl_sess_i_resolve(struct sess_params *p, char *err, size_t err_len)
{
	char a[INET6_ADDRSTRLEN];
	int ret;

	ret = cs.nh_get(p->peer_af, p->peer_addr, &p->nh_id);
	if (ret == -ENETUNREACH) {
		ctl_sess_i_err(err, err_len, "no route to peer %s",
			 ctl_sess_i_addr_str(p->peer_af, p->peer_addr, a, sizeof(a)));
	} else if (ret < 0) {
		ctl_sess_i_err(err, err_len, "cannot resolve peer %s: %s",
			 ctl_sess_i_addr_str(p->peer_af, p->peer_addr, a, sizeof(a)),
			 strerror(-ret));
	}
	return ret;
}

/*
 * Duplicate and capacity checks with readable messages; @self is the
 * local TEID allowed to own the addresses already (modify), or 0.
 */
int
ctl_sess_i_conflicts(const struct sess_params *p, uint32_t self, char *err,
	       size_t err_len)
{
	char a[INET6_ADDRSTRLEN];
	const struct sess *s;

	if (self == 0 && sess_table_lookup_teid(cs.t, p->teid_local) != NULL) {
		ctl_sess_i_err(err, err_len, "local-teid %" PRIu32 " already exists",
			 p->teid_local);
		return -EEXIST;
	}
	if (p->has_ue4) {
		s = sess_table_lookup_ue4(cs.t, p->ue4);
		if (s != NULL && s->p.teid_local != self) {
			ctl_sess_i_err(err, err_len,
				 "ue-ipv4 %s already belongs to local-teid %" PRIu32,
				 ctl_sess_i_addr_str(4, p->ue4, a, sizeof(a)),
				 s->p.teid_local);
			return -EEXIST;
		}
	}
	if (p->has_ue6) {
		s = sess_table_lookup_ue6(cs.t, p->ue6);
		if (s != NULL && s->p.teid_local != self) {
			ctl_sess_i_err(err, err_len,
				 "ue-ipv6 %s already belongs to local-teid %" PRIu32,
				 ctl_sess_i_addr_str(6, p->ue6, a, sizeof(a)),
				 s->p.teid_local);
			return -EEXIST;
		}
	}
	/* A peer allocates its TEIDs uniquely: one session per peer TEID. */
	s = sess_table_lookup_remote(cs.t, p->peer_af, p->peer_addr,
				     p->teid_remote);
	if (s != NULL && s->p.teid_local != self) {
		ctl_sess_i_err(err, err_len, "peer %s remote-teid %" PRIu32
			 " (0x%" PRIx32 ") already used by local-teid %"
			 PRIu32, ctl_sess_i_addr_str(p->peer_af, p->peer_addr, a,
					       sizeof(a)),
			 p->teid_remote, p->teid_remote, s->p.teid_local);
		return -EEXIST;
	}
	return 0;
}

int
ctl_sess_i_full(uint32_t need, char *err, size_t err_len)
{
	uint32_t n_free = sess_table_free_slots(cs.t);

	if (need <= n_free)
		return 0;
	/* Below max-sessions but the reclaim headroom is used up: take back
	 * what has passed its grace period (a poll, never a wait). */
	if (sess_table_count(cs.t) + need <= sess_table_max(cs.t)) {
		sess_table_reclaim(cs.t);
		n_free = sess_table_free_slots(cs.t);
		if (need <= n_free)
			return 0;
	}
	ctl_sess_i_err(err, err_len,
		 "session table full: %" PRIu32 " requested, %" PRIu32
		 " free (capacity %" PRIu32 ", %" PRIu32 " in use, %" PRIu32
		 " waiting for reclaim)", need, n_free,
		 sess_table_max(cs.t), sess_table_count(cs.t),
		 sess_table_pending_slots(cs.t));
	return -ENOSPC;
}

int
ctl_sess_i_add_err(int ret, char *err, size_t err_len)
{
	switch (ret) {
	case -EEXIST:
		ctl_sess_i_err(err, err_len, "duplicate local TEID, UE address or "
			 "peer remote TEID");
		break;
	case -ENOSPC:
		ctl_sess_i_err(err, err_len, "session table full");
		break;
	case -EINVAL:
		ctl_sess_i_err(err, err_len, "invalid session parameters");
		break;
	default:
		ctl_sess_i_err(err, err_len, "cannot install the session: %s",
			 strerror(-ret));
		break;
	}
	return ret;
}

int
ctl_sess_create(const struct sess_params *in, char *err, size_t err_len)
{
	struct sess_params p;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	if (in == NULL) {
		ctl_sess_i_err(err, err_len, "no session given");
		return -EINVAL;
	}
	p = *in;
	ret = ctl_sess_i_conflicts(&p, 0, err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_full(1, err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_resolve(&p, err, err_len);
	if (ret < 0)
		return ret;
	ret = sess_table_add(cs.t, &p);
	if (ret < 0) {
		cs.nh_put(p.nh_id);
		ctl_sess_i_add_err(ret, err, err_len);
	}
	ctl_sess_i_schedule();
	return ret;
}

int
ctl_sess_modify(const struct ctl_sess_mod *m, char *err, size_t err_len)
{
	struct sess_params p;
	const struct sess *old;
	uint16_t old_nh;
	bool new_nh = false;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	old = sess_table_lookup_teid(cs.t, m->teid_local);
	if (old == NULL) {
		ctl_sess_i_err(err, err_len, "no session with local-teid %" PRIu32,
			 m->teid_local);
		return -ENOENT;
	}
	p = old->p;
	old_nh = p.nh_id;
	if (m->set_remote)
		p.teid_remote = m->teid_remote;
	if (m->ue4_op != CTL_SESS_KEEP) {
		p.has_ue4 = m->ue4_op == CTL_SESS_SET;
		memcpy(p.ue4, m->ue4, 4);
	}
	if (m->ue6_op != CTL_SESS_KEEP) {
		p.has_ue6 = m->ue6_op == CTL_SESS_SET;
		memcpy(p.ue6, m->ue6, 16);
	}
	if (m->qfi_op != CTL_SESS_KEEP) {
		p.has_qfi = m->qfi_op == CTL_SESS_SET;
		p.qfi = m->qfi_op == CTL_SESS_SET ? m->qfi : 0;
	}
	if (m->volte_op == CTL_SESS_SET)
		p.flags |= SESS_F_VOLTE;
	else if (m->volte_op == CTL_SESS_CLEAR)
		p.flags &= (uint8_t)~SESS_F_VOLTE;
	if (!p.has_ue4 && !p.has_ue6) {
		ctl_sess_i_err(err, err_len,
			 "a session needs at least one UE address (ue-ipv4 or ue-ipv6)");
		return -EINVAL;
	}
	if (m->set_peer && (m->peer_af != p.peer_af ||
			    memcmp(m->peer_addr, p.peer_addr, 16) != 0)) {
		p.peer_af = m->peer_af;
		memcpy(p.peer_addr, m->peer_addr, 16);
		new_nh = true;
	}
	/* With the new peer: (peer, remote TEID) is a key too. */
	ret = ctl_sess_i_conflicts(&p, p.teid_local, err, err_len);
	if (ret < 0)
		return ret;
	if (new_nh) {
		ret = ctl_sess_i_resolve(&p, err, err_len);
		if (ret < 0)
			return ret;
	}
	ret = sess_table_modify(cs.t, &p);
	if (ret < 0) {
		if (new_nh)
			cs.nh_put(p.nh_id);
		ctl_sess_i_add_err(ret, err, err_len);
	} else if (new_nh) {
		cs.nh_put(old_nh);
	}
	ctl_sess_i_schedule();
	return ret;
}

int
ctl_sess_delete(uint32_t teid, char *err, size_t err_len)
{
	const struct sess *s;
	uint16_t nh;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	s = sess_table_lookup_teid(cs.t, teid);
	if (s == NULL) {
		ctl_sess_i_err(err, err_len, "no session with local-teid %" PRIu32,
			 teid);
		return -ENOENT;
	}
	nh = s->p.nh_id;
	ret = sess_table_del(cs.t, teid);
	if (ret < 0) {
		ctl_sess_i_err(err, err_len, "cannot delete local-teid %" PRIu32
			 ": %s", teid, strerror(-ret));
		return ret;
	}
	cs.nh_put(nh);
	ctl_sess_i_schedule();
	return 0;
}

int
ctl_sess_flags_set(uint32_t teid, uint8_t set, uint8_t clear)
{
	int ret;

	if (cs.t == NULL)
		return -ENODEV;
	ret = sess_table_flags_set(cs.t, teid, set, clear);
	if (ret == 0)
		ctl_sess_i_schedule();
	return ret;
}

void
ctl_sess_i_nh_put(uint16_t nh_id)
{
	cs.nh_put(nh_id);
}

struct ctl_loop *
ctl_sess_i_loop(void)
{
	return cs.loop;
}
