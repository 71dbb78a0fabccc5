/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Parsing of the session requests: TEID, QFI, addresses and pools, and the
 * keyword lists of session create, modify and generate (pure: no table, no
 * reactor). Context: any.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_common.h>

#include "conf/ctl_addr.h"
#include "conf/ctl_conf.h"
#include "ctl_sess.h"
#include "ctl_sess_int.h"
#include "dp_fwd.h"

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

/* Seconds 0..CTL_SESS_TIMEOUT_MAX, decimal; 0 becomes SESS_TIMEOUT_NONE
 * (sess_params: 0 takes the configured default). */
static int
sess_timeout_parse(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return -EINVAL;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > CTL_SESS_TIMEOUT_MAX)
		return -EINVAL;
	*out = v == 0 ? SESS_TIMEOUT_NONE : (uint32_t)v;
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
#define SESS_TIMEOUT_WHAT "seconds 0..2147483647 (0: no timeout)"
#define SESS_USAGE_CREATE	"session create " CTL_SESS_CREATE_ARGS
#define SESS_USAGE_MODIFY	"session modify " CTL_SESS_MODIFY_ARGS
#define SESS_USAGE_GENERATE	"session generate " CTL_SESS_GENERATE_ARGS

enum {
	KC_LTEID, KC_RTEID, KC_PEER, KC_UE4, KC_UE6, KC_QFI, KC_VOLTE,
	KC_ULDROP, KC_DLDROP, KC_IDLE, KC_ABS,
};
static const char *const kw_create[] = {
	"local-teid", "remote-teid", "peer", "ue-ipv4", "ue-ipv6", "qfi",
	"volte", "ul-drop", "dl-drop", "idle-timeout", "absolute-timeout",
	NULL,
};
static const bool nv_create[] = {
	false, false, false, false, false, false, true, true, true, false,
	false,
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
	case KC_ULDROP:
		p->flags |= SESS_F_UL_DROP;
		break;
	case KC_DLDROP:
		p->flags |= SESS_F_DL_DROP;
		break;
	case KC_IDLE:
	case KC_ABS:
		if (sess_timeout_parse(v, k == KC_IDLE ? &p->idle_timeout_s :
				       &p->abs_timeout_s) < 0)
			return sess_bad_value(err, err_len, kw_create[k], v,
					      SESS_TIMEOUT_WHAT, u);
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
	bool dl_drop;
	int ret;

	memset(&tmp, 0, sizeof(tmp));
	tmp.nh_id = DP_NH_NONE;
	ret = sess_kw_walk(argc, argv, kw_create, nv_create, SESS_USAGE_CREATE,
			   create_kw, &c, err, err_len);
	if (ret < 0)
		return ret;
	/* The downlink tunnel may wait for a modify only while downlink
	 * is dropped by rule. */
	dl_drop = (tmp.flags & SESS_F_DL_DROP) != 0;
	if (!c.has_lteid)
		missing = "local-teid";
	else if (!c.has_rteid && !dl_drop)
		missing = "remote-teid";
	else if (!c.has_peer && !dl_drop)
		missing = "peer";
	else if (!tmp.has_ue4 && !tmp.has_ue6)
		missing = "ue-ipv4 or ue-ipv6";
	if (missing != NULL) {
		ctl_sess_i_err(err, err_len, "missing %s; usage: %s", missing,
			 SESS_USAGE_CREATE);
		return -EINVAL;
	}
	if (c.has_rteid != c.has_peer) {
		ctl_sess_i_err(err, err_len, "remote-teid and peer (the downlink "
			 "tunnel) go together: give both, or neither with "
			 "dl-drop; usage: %s", SESS_USAGE_CREATE);
		return -EINVAL;
	}
	*p = tmp;
	return 0;
}

static const char *const kw_modify[] = {
	"local-teid", "remote-teid", "peer", "ue-ipv4", "ue-ipv6", "qfi",
	"volte", "no-volte", "ul-drop", "no-ul-drop", "dl-drop", "no-dl-drop",
	"idle-timeout", "absolute-timeout", NULL,
};
static const bool nv_modify[] = {
	false, false, false, false, false, false, true, true, true, true, true,
	true, false, false,
};
enum {
	KM_NOVOLTE = KC_VOLTE + 1, KM_ULDROP, KM_NOULDROP, KM_DLDROP,
	KM_NODLDROP, KM_IDLE, KM_ABS,
};

/* A flag word (kw_modify[@k]) or its "no-" form (the next keyword). */
static int
modify_flag(enum ctl_sess_op *op, int k, bool set, char *err, size_t err_len)
{
	int on = set ? k : k - 1;

	if (*op != CTL_SESS_KEEP) {
		ctl_sess_i_err(err, err_len,
			 "%s and %s exclude each other; usage: %s",
			 kw_modify[on], kw_modify[on + 1], SESS_USAGE_MODIFY);
		return -EINVAL;
	}
	*op = set ? CTL_SESS_SET : CTL_SESS_CLEAR;
	return 0;
}

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
		return modify_flag(&m->volte_op, k, k == KC_VOLTE, err,
				   err_len);
	case KM_ULDROP:
	case KM_NOULDROP:
		return modify_flag(&m->ul_drop_op, k, k == KM_ULDROP, err,
				   err_len);
	case KM_DLDROP:
	case KM_NODLDROP:
		return modify_flag(&m->dl_drop_op, k, k == KM_DLDROP, err,
				   err_len);
	case KM_IDLE:
	case KM_ABS: {
		uint32_t *to = k == KM_IDLE ? &m->idle_timeout_s :
			       &m->abs_timeout_s;

		/* "default": back to the configured default (0 in params). */
		if (strcmp(v, "default") == 0)
			*to = 0;
		else if (sess_timeout_parse(v, to) < 0)
			return sess_bad_value(err, err_len, kw_modify[k], v,
					      SESS_TIMEOUT_WHAT " or default",
					      u);
		if (k == KM_IDLE)
			m->set_idle = true;
		else
			m->set_abs = true;
		break;
	}
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
	    tmp.volte_op == CTL_SESS_KEEP && tmp.ul_drop_op == CTL_SESS_KEEP &&
	    tmp.dl_drop_op == CTL_SESS_KEEP && !tmp.set_idle &&
	    !tmp.set_abs) {
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
