/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session manager: owns the session table given to ctl_sess_init(),
 * its life cycle, the reclaim timer and the checks shared by every writer
 * (readiness, conflicts, capacity, neighbour resolution). Parsing:
 * ctl_sess_parse.c; single changes: ctl_sess_edit.c; bulk jobs:
 * ctl_sess_bulk.c. Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/ctl_api.h"
#include "ctl_sess_rec.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_sess.h"
#include "ctl_sess_int.h"
#include "dp_fwd.h"
#include "net/ctl_nbr.h"

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
	ctl_sess_digest_attach(t);
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
	if (ret == -EEXIST)
		ret = 0;
	if (ret == 0)
		ret = ctl_sess_i_timer_start(loop);
	if (ret < 0) {
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
	ctl_sess_i_timer_stop();
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

/* Checks shared by the writers */

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

	/* No downlink tunnel (dl-drop): nothing to send to, no neighbour. */
	if (!sess_params_has_tunnel(p)) {
		p->nh_id = DP_NH_NONE;
		return 0;
	}
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

void
ctl_sess_i_nh_put(uint16_t nh_id)
{
	if (nh_id != DP_NH_NONE)
		cs.nh_put(nh_id);
}

struct ctl_loop *
ctl_sess_i_loop(void)
{
	return cs.loop;
}

/* The change gate: set by a feature above sess, never by sess itself. */
static ctl_sess_gate_fn *sess_gate;

void
ctl_sess_gate_set(ctl_sess_gate_fn *fn)
{
	sess_gate = fn;
}

int
ctl_sess_touch(uint32_t teid)
{
	struct sess_table *t = ctl_sess_table();

	return t == NULL ? -ENODEV : sess_table_touch(t, teid);
}

int
ctl_sess_gate(enum ctl_sess_change what, char *err, size_t err_len)
{
	return sess_gate != NULL ? sess_gate(what, err, err_len) : 0;
}
