/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Local faults (srpgw's "local-fault" lines): a watched port losing its
 * link, a worker whose loop counter stops advancing for the configured
 * time, the mbuf pool running dry (fewer free mbufs outside the lcore
 * caches than a burst per worker, or a port's rx_nombuf growing, three
 * checks in a row). Checked on a reactor timer; on the
 * active a fault asks SRP to hand over to a ready standby (again every
 * second while it lasts, in case the standby was not ready). Link state:
 * the kernel interface's carrier for af_packet/af_xdp ports (their PMDs
 * do not follow it), the ethdev's link otherwise. Also the test hooks
 * "debug worker-stall" and "debug mbuf-hold". Context: control.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "alarm/ctl_alarm.h"
#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "ctl_mon.h"
#include "ctl_mon_int.h"
#include "dp_lcore.h"
#include "dp_lifecycle.h"
#include "dp_stats.h"

#define LF_MAX_ITEMS	(SRP_LF_MAX_PORTS + RTE_MAX_LCORE + 1)
#define LF_PERIOD_MS	100u
#define LF_RETRY_MS	1000u
#define LF_HOLD_CHUNK	32u	/* mbufs "debug mbuf-hold" takes at once */

enum lf_kind { LF_PORT, LF_WORKER, LF_MBUF };

struct lf_item {
	enum lf_kind	kind;
	char		name[48];	/* "port 1/1", "worker 0", "mbuf pool" */
	unsigned int	port_idx;	/* LF_PORT */
	unsigned int	lcore;		/* LF_WORKER */
	bool		fault;
	uint64_t	n_faults;
	uint64_t	last_change_wall_ms;
	uint64_t	last_loops;	/* LF_WORKER */
	uint64_t	same_since_ms;
	struct ctl_mon_mbuf_rule mbuf;	/* LF_MBUF */
	char		detail[64];
};

static struct {
	struct ctl_loop		*loop;
	struct ctl_timer	*timer;
	struct lf_item		item[LF_MAX_ITEMS];
	unsigned int		n;
	uint32_t		stall_ms;
	unsigned int		mbuf_floor;	/* a burst per worker */
	bool			active;
	uint64_t		last_ask_ms;
	uint64_t		n_handover_asks;
	int			sock;		/* for SIOCGIFFLAGS */
	ctl_mon_fault_fn	*fault_fn;
	ctl_mon_recovery_fn	*recovery_fn;
	bool			faulty;		/* some item in fault */
	uint64_t		n_recoveries;	/* faulty -> all clear */
} lf = { .sock = -1 };

/* "debug mbuf-hold on": mbufs taken out of the pool and kept. */
static struct {
	struct rte_mempool	*mp;
	void			**obj;		/* mp->size slots */
	unsigned int		n;
	unsigned int		cap;
} hold;

bool
ctl_mon_mbuf_check(struct ctl_mon_mbuf_rule *r, uint64_t n_free,
		   uint64_t floor, uint64_t nombuf)
{
	bool grew = nombuf > r->last_nombuf;

	/* A counter reset (smaller value) is not growth: start from it. */
	r->last_nombuf = nombuf;
	if (n_free < floor || grew) {
		if (r->n_short < CTL_MON_MBUF_CHECKS)
			r->n_short++;
	} else {
		r->n_short = 0;
	}
	return r->n_short >= CTL_MON_MBUF_CHECKS;
}

bool
ctl_mon_worker_stalled(void)
{
	unsigned int i;

	for (i = 0; i < lf.n; i++)
		if (lf.item[i].kind == LF_WORKER && lf.item[i].fault)
			return true;
	return false;
}

void
ctl_mon_fault_set(ctl_mon_fault_fn *fn)
{
	lf.fault_fn = fn;
}

void
ctl_mon_recovery_set(ctl_mon_recovery_fn *fn)
{
	lf.recovery_fn = fn;
}


/* Link of port index @idx: 1 up, 0 down, -1 unknown. */
static int
lf_link(unsigned int idx)
{
	struct rte_eth_dev_info info;
	struct dp_port_stats ps;
	struct ifreq ifr;

	if (!dp_port_is_started(idx) || dp_port_stats_get(idx, &ps) < 0)
		return 0;
	/* af_packet and af_xdp ports sit on a kernel interface whose
	 * carrier their PMDs do not report. */
	if (rte_eth_dev_info_get(ps.port_id, &info) == 0 &&
	    info.if_index != 0 && lf.sock >= 0) {
		memset(&ifr, 0, sizeof(ifr));
		if (if_indextoname(info.if_index, ifr.ifr_name) != NULL &&
		    ioctl(lf.sock, SIOCGIFFLAGS, &ifr) == 0)
			return (ifr.ifr_flags & IFF_UP) &&
			       (ifr.ifr_flags & IFF_RUNNING) ? 1 : 0;
	}
	return ps.link_up ? 1 : 0;
}

/* Free mbufs of @mp that any worker can get: the pool's own store, not
 * the per-lcore caches (a worker cannot take from another's cache). */
static uint64_t
lf_mbuf_shared(struct rte_mempool *mp)
{
	uint64_t avail = rte_mempool_avail_count(mp);
	uint64_t in_caches = 0;
	unsigned int l;

	if (mp->cache_size != 0)
		for (l = 0; l < RTE_MAX_LCORE; l++)
			in_caches += mp->local_cache[l].len;
	return avail > in_caches ? avail - in_caches : 0;
}

/* rx_nombuf summed over the started ports (0 for PMDs that keep none). */
static uint64_t
lf_nombuf(void)
{
	struct dp_port_stats ps;
	uint64_t sum = 0;
	unsigned int k;

	for (k = 0; k < dp_port_count(); k++)
		if (dp_port_is_started(k) && dp_port_stats_get(k, &ps) == 0)
			sum += ps.rx_nombuf;
	return sum;
}

/* Take every mbuf the pool gives into the hold, and ask the workers to
 * flush their caches so the next call takes those too. */
static void
hold_take(void)
{
	unsigned int k;

	while (hold.n < hold.cap) {
		k = RTE_MIN(LF_HOLD_CHUNK, hold.cap - hold.n);
		if (rte_mempool_get_bulk(hold.mp, &hold.obj[hold.n], k) == 0) {
			hold.n += k;
			continue;
		}
		/* Fewer than a chunk left: one at a time. */
		if (k == 1 || rte_mempool_get(hold.mp, &hold.obj[hold.n]) != 0)
			break;
		hold.n++;
	}
	dp_lcore_test_flush(hold.mp);
}

/* Give every held mbuf back. @return how many */
static unsigned int
hold_release(void)
{
	unsigned int n = hold.n;

	if (hold.obj == NULL)
		return 0;
	if (n != 0)
		rte_mempool_put_bulk(hold.mp, hold.obj, n);
	free(hold.obj);
	memset(&hold, 0, sizeof(hold));
	if (n != 0)
		CTL_LOG(NOTICE, "debug mbuf-hold off: %u mbufs given back", n);
	return n;
}

static void
lf_set(struct lf_item *it, bool fault, const char *detail)
{
	snprintf(it->detail, sizeof(it->detail), "%s", detail);
	if (it->fault == fault)
		return;
	it->fault = fault;
	it->last_change_wall_ms = ctl_loop_wall_ms();
	if (fault)
		it->n_faults++;
	if (fault)
		CTL_LOG(WARNING, "local fault %s: FAULT (%s)", it->name,
			detail);
	else
		CTL_LOG(NOTICE, "local fault %s: cleared (%s)", it->name,
			detail);
	ctl_alarm_raise(fault ? CTL_TRAP_LOCAL_FAULT : CTL_TRAP_LOCAL_CLEAR,
			&(struct ctl_alarm_vars){ .target = it->name,
						  .cause = detail });
}

static void
lf_check(struct lf_item *it, uint64_t now)
{
	uint64_t loops, n_free, nombuf, grew;
	struct rte_mempool *mp;
	char d[64];
	bool fault;
	int link;

	switch (it->kind) {
	case LF_PORT:
		link = lf_link(it->port_idx);
		lf_set(it, link == 0, link == 0 ? "link down" : "link up");
		break;
	case LF_WORKER:
		loops = dp_stats_read(&dp_stats_lcore[it->lcore].cnt[
				      DP_CNT_LOOPS]);
		if (loops != it->last_loops) {
			it->last_loops = loops;
			it->same_since_ms = now;
			lf_set(it, false, "looping");
		} else if (now - it->same_since_ms >= lf.stall_ms) {
			snprintf(d, sizeof(d), "no loop for %llu ms",
				 (unsigned long long)(now - it->same_since_ms));
			lf_set(it, true, d);
		}
		break;
	case LF_MBUF:
		mp = dp_mbuf_pool();
		if (mp == NULL)
			break;
		n_free = lf_mbuf_shared(mp);
		nombuf = lf_nombuf();
		grew = nombuf > it->mbuf.last_nombuf ?
			       nombuf - it->mbuf.last_nombuf : 0;
		fault = ctl_mon_mbuf_check(&it->mbuf, n_free, lf.mbuf_floor,
					   nombuf);
		snprintf(d, sizeof(d), "%llu free (floor %u), rx_nombuf +%llu",
			 (unsigned long long)n_free, lf.mbuf_floor,
			 (unsigned long long)grew);
		lf_set(it, fault, d);
		break;
	}
}

static void
lf_tick(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	uint64_t now = ctl_loop_now_ms();
	const struct lf_item *why = NULL;
	unsigned int i;
	char msg[128];

	(void)loop;
	(void)t;
	(void)arg;
	if (hold.obj != NULL)
		hold_take();
	for (i = 0; i < lf.n; i++) {
		lf_check(&lf.item[i], now);
		if (lf.item[i].fault && why == NULL)
			why = &lf.item[i];
	}
	if (lf.faulty && why == NULL) {
		lf.n_recoveries++;
		CTL_LOG(NOTICE, "local faults cleared: chassis recovered");
		if (lf.recovery_fn != NULL)
			lf.recovery_fn();
	}
	lf.faulty = why != NULL;
	if (why == NULL || !lf.active || lf.fault_fn == NULL ||
	    (lf.last_ask_ms != 0 && now - lf.last_ask_ms < LF_RETRY_MS))
		return;
	lf.last_ask_ms = now;
	lf.n_handover_asks++;
	snprintf(msg, sizeof(msg), "%s: %s", why->name, why->detail);
	lf.fault_fn(msg);
}

static void
lf_role(bool active)
{
	lf.active = active;
	lf.last_ask_ms = 0;
}

static int
lf_start(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	const struct srp_conf *s = &conf->srp;
	unsigned int i, k, l;

	lf.n = 0;
	lf.loop = loop;
	lf.stall_ms = s->lf_stall_ms;
	lf.mbuf_floor = 0;
	for (i = 0; i < s->lf_n_ports; i++) {
		for (k = 0; k < dp_port_count(); k++) {
			const struct dp_port_conf *pc = dp_port_conf_get(k);

			if (pc != NULL && strcmp(pc->name, s->lf_ports[i]) == 0)
				break;
		}
		if (k == dp_port_count()) {
			CTL_LOG(ERR, "local-fault port %s: no such data-plane "
				"port", s->lf_ports[i]);
			return -ENOENT;
		}
		lf.item[lf.n].kind = LF_PORT;
		lf.item[lf.n].port_idx = k;
		snprintf(lf.item[lf.n].name, sizeof(lf.item[0].name),
			 "port %s", s->lf_ports[i]);
		lf.n++;
	}
	if (s->lf_stall_ms != 0) {
		RTE_LCORE_FOREACH_WORKER(l) {
			struct dp_lcore *lc = dp_lcore_get(l);

			if (lc == NULL || !lc->ready || lf.n >= LF_MAX_ITEMS)
				continue;
			lf.item[lf.n].kind = LF_WORKER;
			lf.item[lf.n].lcore = l;
			lf.item[lf.n].same_since_ms = ctl_loop_now_ms();
			snprintf(lf.item[lf.n].name, sizeof(lf.item[0].name),
				 "worker %u", lc->worker_idx);
			lf.n++;
		}
	}
	if (s->lf_mbuf) {
		RTE_LCORE_FOREACH_WORKER(l) {
			struct dp_lcore *lc = dp_lcore_get(l);

			if (lc != NULL && lc->ready)
				lf.mbuf_floor += lc->burst;
		}
		lf.item[lf.n].kind = LF_MBUF;
		lf.item[lf.n].mbuf.last_nombuf = lf_nombuf();
		lf.item[lf.n].mbuf.n_short = 0;
		snprintf(lf.item[lf.n].name, sizeof(lf.item[0].name),
			 "mbuf pool");
		lf.n++;
	}
	if (lf.n == 0 || loop == NULL)
		return 0;
	lf.sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	lf.timer = ctl_loop_timer_add(loop, LF_PERIOD_MS, LF_PERIOD_MS,
				      lf_tick, NULL);
	if (lf.timer == NULL) {
		if (lf.sock >= 0)
			close(lf.sock);
		lf.sock = -1;
		return -ENOMEM;
	}
	return 0;
}

static void
lf_stop(void)
{
	hold_release();
	if (lf.timer != NULL)
		ctl_loop_timer_del(lf.timer);
	lf.timer = NULL;
	if (lf.sock >= 0)
		close(lf.sock);
	lf.sock = -1;
	lf.n = 0;
}

/* Not a monitor line: started by the module for the local-fault lines. */
int
ctl_mon_local_start(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	return conf != NULL && conf->srp.present ? lf_start(conf, loop) : 0;
}

void
ctl_mon_local_stop(void)
{
	lf_stop();
}

void
ctl_mon_local_role(bool active)
{
	lf_role(active);
}

void
ctl_mon_local_show(struct ctl_reply *out)
{
	unsigned int i;

	ctl_reply_u64(out, "handover_requests", lf.n_handover_asks);
	ctl_reply_u64(out, "recoveries", lf.n_recoveries);
	ctl_reply_arr_begin(out, "local_faults");
	for (i = 0; i < lf.n; i++) {
		const struct lf_item *it = &lf.item[i];

		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "target", it->name);
		ctl_reply_str(out, "state", it->fault ? "fault" : "ok");
		ctl_reply_utc(out, "last_change", it->last_change_wall_ms / 1000,
			      "never");
		ctl_reply_u64(out, "faults", it->n_faults);
		ctl_reply_str(out, "detail", it->detail[0] ? it->detail : "-");
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
}

/* debug worker-stall WORKER msec MS (the local-fault tests' hook). */
static int
cmd_worker_stall(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	unsigned int w, ms;
	char extra;
	int ret;

	(void)arg;
	if (argc != 3 || sscanf(argv[0], "%u%c", &w, &extra) != 1 ||
	    strcmp(argv[1], "msec") != 0 ||
	    sscanf(argv[2], "%u%c", &ms, &extra) != 1) {
		ctl_reply_error(out, "expected: debug worker-stall WORKER msec "
				"1..60000");
		return -EINVAL;
	}
	ret = dp_lcore_test_stall(w, ms);
	if (ret < 0) {
		ctl_reply_error(out, "worker %u: %s", w, ret == -ENOENT ?
				"no such worker" : "msec must be 1..60000");
		return ret;
	}
	ctl_reply_u64(out, "worker", w);
	ctl_reply_u64(out, "stall_ms", ms);
	return 0;
}

/* Whether a local-fault mbuf-exhaustion line is being checked. */
static bool
lf_watches_mbuf(void)
{
	unsigned int i;

	for (i = 0; i < lf.n; i++)
		if (lf.item[i].kind == LF_MBUF)
			return true;
	return false;
}

/*
 * debug mbuf-hold on|off (the mbuf-exhaustion test's hook). Refused
 * without a watched pool: starving the data plane with nothing to notice
 * it would only stop forwarding.
 */
static int
cmd_mbuf_hold(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct rte_mempool *mp = dp_mbuf_pool();
	unsigned int n;

	(void)arg;
	if (argc != 1 || (strcmp(argv[0], "on") != 0 &&
			  strcmp(argv[0], "off") != 0)) {
		ctl_reply_error(out, "expected: debug mbuf-hold on|off");
		return -EINVAL;
	}
	if (strcmp(argv[0], "off") == 0) {
		n = hold_release();
		ctl_reply_u64(out, "held", 0);
		ctl_reply_u64(out, "returned", n);
		return 0;
	}
	if (mp == NULL || !lf_watches_mbuf() || lf.timer == NULL) {
		ctl_reply_error(out, "debug mbuf-hold: refused without "
				"'local-fault mbuf-exhaustion' and a running "
				"data plane");
		return -EPERM;
	}
	if (hold.obj == NULL) {
		hold.obj = calloc(mp->size, sizeof(hold.obj[0]));
		if (hold.obj == NULL) {
			ctl_reply_error(out, "debug mbuf-hold: out of memory");
			return -ENOMEM;
		}
		hold.mp = mp;
		hold.cap = mp->size;
	}
	n = hold.n;
	hold_take();
	if (n == 0)
		CTL_LOG(WARNING, "debug mbuf-hold on: %u of %u mbufs held",
			hold.n, hold.cap);
	ctl_reply_u64(out, "held", hold.n);
	ctl_reply_u64(out, "pool_size", hold.cap);
	return 0;
}

static const struct ctl_cmd lf_cmds[] = {
	{
		.words = "debug worker-stall",
		.args = "WORKER msec MS",
		.help = "test hook: stop a worker's loop for MS milliseconds",
		.fn = cmd_worker_stall,
	},
	{
		.words = "debug mbuf-hold",
		.args = "on|off",
		.help = "test hook: take every free mbuf out of the pool "
			"(on) or give them back (off)",
		.fn = cmd_mbuf_hold,
	},
};

int
ctl_mon_local_cmd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(lf_cmds); i++) {
		ret = ctl_api_register(&lf_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
