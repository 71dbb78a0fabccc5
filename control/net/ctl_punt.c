/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Slow path on the control lcore, the shell around ctl_punt_pkt.c: drain
 * the workers' punt rings, apply what each punted frame asks for (replies
 * queued on the tx rings, neighbours learnt or created, sessions marked,
 * rate-limited Error Indications and ICMP too-big errors), and solicit
 * unresolved neighbours. Context: control.
 */
#include <errno.h>
#include <string.h>

#include <rte_mbuf.h>

#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_nbr.h"
#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "ctl_punt_pkt_int.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"
#include "dp_msg.h"
#include "gtpu_build.h"
#include "sess_table.h"

#define PUNT_SOLICIT_MAX	128	/* an ARP request or an NS frame */
#define PUNT_RESOLVE_MS		100	/* how often due entries are looked for */

static uint64_t punt_cnt[CTL_PUNT_CNT_MAX];
static struct ctl_timer *punt_timer;
static struct ctl_timer *punt_resolve_timer;
static uint16_t punt_errind_seq;

static const char *const punt_cnt_names[CTL_PUNT_CNT_MAX] = {
#define CTL_PUNT_CNT_NAME(e, n, h) [CTL_PUNT_##e] = #n,
	CTL_PUNT_CNT_LIST(CTL_PUNT_CNT_NAME)
#undef CTL_PUNT_CNT_NAME
};

static const char *const punt_cnt_helps[CTL_PUNT_CNT_MAX] = {
#define CTL_PUNT_CNT_HELP(e, n, h) [CTL_PUNT_##e] = h,
	CTL_PUNT_CNT_LIST(CTL_PUNT_CNT_HELP)
#undef CTL_PUNT_CNT_HELP
};

uint64_t
ctl_punt_cnt(unsigned int c)
{
	return c < CTL_PUNT_CNT_MAX ? punt_cnt[c] : 0;
}

const char *
ctl_punt_cnt_name(unsigned int c)
{
	return c < CTL_PUNT_CNT_MAX ? punt_cnt_names[c] : NULL;
}

const char *
ctl_punt_cnt_help(unsigned int c)
{
	return c < CTL_PUNT_CNT_MAX ? punt_cnt_helps[c] : NULL;
}

/*
 * Token bucket of @rate tokens per second (and at most @rate stored).
 */
struct punt_bucket {
	uint32_t	rate;
	uint64_t	tokens;
	uint64_t	ms;		/* last refill */
};

static struct punt_bucket punt_errind_tb = { .rate = CTL_PUNT_ERRIND_RATE };
static struct punt_bucket punt_too_big_tb = { .rate = CTL_PUNT_TOO_BIG_RATE };
static struct punt_bucket punt_solicit_tb = { .rate = CTL_PUNT_SOLICIT_RATE };

/* Per punt reason: what a packet of that reason may cost per second
 * (rate 0: not limited; ARP and ND have their own ring, drained first),
 * and the counter of those refused. */
static struct punt_bucket punt_reason_tb[DP_PUNT_MAX] = {
	[DP_PUNT_ICMP_ECHO] = { .rate = CTL_PUNT_ECHO_RATE },
	[DP_PUNT_ICMP6_ECHO] = { .rate = CTL_PUNT_ECHO_RATE },
	[DP_PUNT_GTPU_ECHO_REQ] = { .rate = CTL_PUNT_GTPU_RATE },
	[DP_PUNT_GTPU_ERR_IND] = { .rate = CTL_PUNT_GTPU_RATE },
	[DP_PUNT_GTPU_NO_SESS] = { .rate = CTL_PUNT_GTPU_RATE },
	[DP_PUNT_NH_MISS] = { .rate = CTL_PUNT_NH_MISS_RATE },
	[DP_PUNT_TOO_BIG] = { .rate = CTL_PUNT_GTPU_RATE },
};

static const uint8_t punt_reason_limited[DP_PUNT_MAX] = {
	[DP_PUNT_ICMP_ECHO] = CTL_PUNT_LIMITED_ECHO,
	[DP_PUNT_ICMP6_ECHO] = CTL_PUNT_LIMITED_ECHO,
	[DP_PUNT_GTPU_ECHO_REQ] = CTL_PUNT_LIMITED_GTPU_ECHO,
	[DP_PUNT_GTPU_ERR_IND] = CTL_PUNT_LIMITED_ERR_IND,
	[DP_PUNT_GTPU_NO_SESS] = CTL_PUNT_LIMITED_NO_SESS,
	[DP_PUNT_NH_MISS] = CTL_PUNT_LIMITED_NH_MISS,
	[DP_PUNT_TOO_BIG] = CTL_PUNT_LIMITED_TOO_BIG,
};

static void
punt_bucket_fill(struct punt_bucket *b, uint64_t now)
{
	b->tokens = b->rate;
	b->ms = now;
}

/* Add the tokens earned since the last refill. */
static void
punt_bucket_refill(struct punt_bucket *b, uint64_t now)
{
	uint64_t add;

	if (now <= b->ms)
		return;
	add = (now - b->ms) * b->rate / 1000;
	if (add == 0)
		return;
	b->tokens += add;
	if (b->tokens > b->rate)
		b->tokens = b->rate;
	b->ms = now;
}

/* Take one token if there is one. */
static bool
punt_bucket_take(struct punt_bucket *b, uint64_t now)
{
	punt_bucket_refill(b, now);
	if (b->tokens == 0)
		return false;
	b->tokens--;
	return true;
}

void
ctl_punt_reset(void)
{
	uint64_t now = ctl_loop_now_ms();

	unsigned int i;

	memset(punt_cnt, 0, sizeof(punt_cnt));
	punt_bucket_fill(&punt_errind_tb, now);
	punt_bucket_fill(&punt_too_big_tb, now);
	punt_bucket_fill(&punt_solicit_tb, now);
	for (i = 0; i < DP_PUNT_MAX; i++)
		punt_bucket_fill(&punt_reason_tb[i], now);
}

/* Queue the reply frame of @act for port @port on worker @w's tx ring. */
static void
punt_reply(unsigned int w, uint16_t port, const struct ctl_punt_act *act)
{
	struct rte_mempool *mp = dp_mbuf_pool();
	struct rte_mbuf *r;
	uint8_t *d;

	r = mp != NULL ? rte_pktmbuf_alloc(mp) : NULL;
	if (r == NULL) {
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return;
	}
	d = (uint8_t *)rte_pktmbuf_append(r, act->reply_len);
	if (d == NULL) {
		rte_pktmbuf_free(r);
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return;
	}
	memcpy(d, act->reply, act->reply_len);
	if (dp_msg_tx_send(w, port, r) != 0) {
		punt_cnt[CTL_PUNT_TX_FAILED]++;
		return;
	}
	punt_cnt[act->reply_cnt]++;
}

/* Learn only for an entry that lives on the receiving port. */
static void
punt_learn(uint16_t port, const struct ctl_punt_act *act)
{
	struct ctl_nbr_info info;
	uint16_t id;

	if (dp_fwd_nh_lookup(act->nh_af, act->nh_addr, &id) != 0 ||
	    ctl_nbr_info_get(id, &info) != 0)
		return;
	if (info.port_idx != port) {
		punt_cnt[CTL_PUNT_NH_WRONG_PORT]++;
		return;
	}
	if (ctl_nbr_learn(act->nh_af, act->nh_addr, act->nh_mac) == 0)
		punt_cnt[CTL_PUNT_NH_LEARNT]++;
}

/*
 * Error Indication received: the peer does not know the TEID we send to.
 * Mark the session with that remote TEID and peer address, found in the
 * table keyed by (peer, remote TEID): constant time per packet, so a flood
 * of Error Indications cannot make the control lcore walk every session.
 */
static void
punt_mark(const struct ctl_punt_act *act)
{
	struct sess_table *t = dp_sess_table();
	const struct sess *s = NULL;
	uint32_t teid_local;
	bool already;

	if (t != NULL)
		s = sess_table_lookup_remote(t, act->mark_af, act->mark_addr,
					     act->mark_teid);
	if (s == NULL) {
		punt_cnt[CTL_PUNT_ERRIND_UNKNOWN]++;
		return;
	}
	/* Read before the replace: @s is retired by it. */
	teid_local = s->p.teid_local;
	already = (s->p.flags & SESS_F_ERR_IND) != 0;
	if (sess_table_flags_set(t, teid_local, SESS_F_ERR_IND, 0) != 0) {
		punt_cnt[CTL_PUNT_ERRIND_UNKNOWN]++;
		return;
	}
	punt_cnt[CTL_PUNT_ERRIND_MARKED]++;
	/* Logged once per session: a peer repeating itself is not news. */
	if (!already)
		CTL_LOG(INFO, "GTP-U Error Indication for session TEID 0x%08x "
			"(remote TEID 0x%08x): marked", teid_local,
			act->mark_teid);
}

/* An on-link destination without a neighbour entry: create it (capped). */
static void
punt_demand(const struct ctl_punt_act *act, uint64_t now)
{
	int ret = ctl_nbr_demand(act->nh_af, act->nh_addr, now);

	if (ret == 0)
		punt_cnt[CTL_PUNT_NH_DEMAND]++;
	else if (ret == -EBUSY || ret == -ENOSPC)
		punt_cnt[CTL_PUNT_NH_DEMAND_REFUSED]++;
}

/* One reply frame at a time on the control lcore. */
static struct ctl_punt_act punt_act;

void
ctl_punt_handle(unsigned int worker_idx, struct rte_mbuf *m)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct ctl_punt_act *act = &punt_act;
	uint16_t port = dp_msg_meta_port(m);
	uint16_t l3 = dp_msg_meta_l3_off(m);
	uint8_t reason = dp_msg_meta_reason(m);
	uint32_t len = rte_pktmbuf_data_len(m);
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint64_t now = ctl_loop_now_ms();
	unsigned int i;

	punt_cnt[CTL_PUNT_RECEIVED]++;
	if (m->nb_segs != 1 || reason >= DP_PUNT_MAX) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		goto out_free;
	}
	if (punt_reason_tb[reason].rate != 0 &&
	    !punt_bucket_take(&punt_reason_tb[reason], now)) {
		punt_cnt[punt_reason_limited[reason]]++;
		goto out_free;
	}
	ctl_punt_pkt(fs, port, reason, dp_msg_meta_aux(m), d, len, l3, act);
	for (i = 0; i < act->n_cnt; i++)
		punt_cnt[act->cnt[i]]++;
	if (act->learn)
		punt_learn(port, act);
	if (act->demand)
		punt_demand(act, now);
	if (act->mark)
		punt_mark(act);
	if (act->errind) {
		if (!punt_bucket_take(&punt_errind_tb, now))
			punt_cnt[CTL_PUNT_ERRIND_SUPPRESSED]++;
		else
			ctl_punt_pkt_errind(fs, port, d, len, l3,
					    punt_errind_seq++, act);
	}
	if (act->reply_len != 0 &&
	    (act->reply_cnt == CTL_PUNT_TOO_BIG4_SENT ||
	     act->reply_cnt == CTL_PUNT_TOO_BIG6_SENT) &&
	    !punt_bucket_take(&punt_too_big_tb, now)) {
		punt_cnt[CTL_PUNT_TOO_BIG_SUPPRESSED]++;
		act->reply_len = 0;
	}
	if (act->reply_len != 0)
		punt_reply(worker_idx, port, act);
out_free:
	rte_pktmbuf_free(m);
}


/*
 * Drain up to @budget packets of one ring class (ARP/ND when @nd) of every
 * worker, round robin so that one busy worker cannot starve the others.
 */
static unsigned int
punt_drain(bool nd, unsigned int budget)
{
	struct rte_mbuf *pkts[32];
	unsigned int n_workers = dp_msg_n_workers();
	unsigned int done = 0;
	unsigned int got;
	unsigned int w;
	unsigned int i;
	bool more = true;

	while (more && done < budget) {
		more = false;
		for (w = 0; w < n_workers && done < budget; w++) {
			got = dp_msg_punt_recv(w, nd, pkts,
					       RTE_MIN(RTE_DIM(pkts),
						       budget - done));
			for (i = 0; i < got; i++)
				ctl_punt_handle(w, pkts[i]);
			done += got;
			if (got != 0)
				more = true;
		}
	}
	return done;
}

unsigned int
ctl_punt_poll(unsigned int budget)
{
	/* Address resolution first: the rest gets what is left. */
	unsigned int done = punt_drain(true, budget);

	return done + punt_drain(false, budget - done);
}

/* Send an ARP request or a neighbour solicitation for neighbour @nh. */
static void
punt_solicit(uint16_t id, const struct ctl_nbr_info *nh, void *arg)
{
	uint8_t buf[PUNT_SOLICIT_MAX];
	int len;

	(void)id;
	(void)arg;
	len = ctl_punt_pkt_solicit(dp_fwd_state_get(), nh->port_idx, nh->af,
				   nh->addr, buf, sizeof(buf));
	if (len > 0)
		ctl_punt_send_frame(nh->port_idx, buf, (uint16_t)len,
				    nh->af == 4 ? CTL_PUNT_ARP_REQUEST :
						  CTL_PUNT_NS_SENT);
}

int
ctl_punt_send_frame(uint16_t port_idx, const uint8_t *frame, uint16_t len,
		    unsigned int ok)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct rte_mempool *mp = dp_mbuf_pool();
	struct rte_mbuf *r;
	uint8_t *d;
	int ret;

	if (fs == NULL || mp == NULL || dp_msg_n_workers() == 0 ||
	    port_idx >= DP_MAX_PORTS || !fs->ports[port_idx].used ||
	    ok >= CTL_PUNT_CNT_MAX)
		return -ENODEV;
	r = rte_pktmbuf_alloc(mp);
	if (r == NULL) {
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return -ENOMEM;
	}
	d = (uint8_t *)rte_pktmbuf_append(r, len);
	if (d == NULL) {
		rte_pktmbuf_free(r);
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return -ENOMEM;
	}
	memcpy(d, frame, len);
	ret = dp_msg_tx_send(0, port_idx, r);
	if (ret != 0) {
		punt_cnt[CTL_PUNT_TX_FAILED]++;
		return ret;
	}
	punt_cnt[ok]++;
	return 0;
}

int
ctl_punt_errind_send(uint16_t nh_id, uint8_t af, const uint8_t *peer,
		     uint32_t teid)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	uint8_t frame[PKT_ETH_LEN + GTPU_REPLY_MAX_LEN];
	struct gtpu_err_ind_params ep;
	const struct dp_fwd_port *pt;
	struct ctl_nbr_info nh;
	int8_t src;
	int len;

	if (fs == NULL)
		return -ENODEV;
	if ((af != 4 && af != 6) || peer == NULL)
		return -EINVAL;
	if (ctl_nbr_info_get(nh_id, &nh) < 0 || !nh.valid ||
	    nh.port_idx >= DP_MAX_PORTS)
		return -EHOSTUNREACH;
	pt = &fs->ports[nh.port_idx];
	src = af == 4 ? pt->src4 : pt->src6;
	if (!pt->used || src < 0 || src >= pt->n_addrs)
		return -EADDRNOTAVAIL;
	memset(&ep, 0, sizeof(ep));
	ep.teid = teid;
	ep.seq = punt_errind_seq++;
	ep.af = af;
	memcpy(ep.src, pt->addrs[src].addr, af == 4 ? 4 : 16);
	memcpy(ep.dst, peer, af == 4 ? 4 : 16);
	len = gtpu_err_ind_build(frame + PKT_ETH_LEN,
				 sizeof(frame) - PKT_ETH_LEN, &ep);
	if (len <= 0)
		return -EINVAL;
	memcpy(frame, nh.mac, 6);
	memcpy(frame + 6, pt->mac.addr_bytes, 6);
	frame[12] = af == 4 ? 0x08 : 0x86;
	frame[13] = af == 4 ? 0x00 : 0xdd;
	return ctl_punt_send_frame(nh.port_idx, frame,
				   (uint16_t)(PKT_ETH_LEN + len),
				   CTL_PUNT_ERRIND_SENT);
}

unsigned int
ctl_punt_resolve(uint64_t now_ms)
{
	unsigned int max = CTL_PUNT_SOLICIT_BURST;
	unsigned int n;

	/* Token bucket: whatever is due, at most CTL_PUNT_SOLICIT_RATE ARP
	 * requests and solicitations per second leave; the rest waits for a
	 * later call (their try counts do not advance meanwhile). */
	punt_bucket_refill(&punt_solicit_tb, now_ms);
	if (punt_solicit_tb.tokens < max)
		max = (unsigned int)punt_solicit_tb.tokens;
	n = ctl_nbr_due(now_ms, max, punt_solicit, NULL);
	punt_solicit_tb.tokens -= n;
	return n;
}

static bool
punt_pending(void)
{
	unsigned int w;

	for (w = 0; w < dp_msg_n_workers(); w++)
		if (dp_msg_ring_count(w, true) != 0)
			return true;
	return false;
}

static void
punt_on_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	/* Nothing to do when the punt rings are empty. */
	if (!punt_pending())
		return;
	ctl_punt_poll(CTL_PUNT_BUDGET);
}

static void
punt_on_resolve(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	uint64_t now = ctl_loop_now_ms();

	ctl_punt_resolve(now);
	punt_cnt[CTL_PUNT_NH_AGED] += ctl_nbr_age(now, CTL_PUNT_AGE_SLICE,
						    CTL_PUNT_AGE_FREE);
}

int
ctl_punt_init(struct ctl_loop *loop)
{
	if (punt_timer != NULL)
		return -EALREADY;
	ctl_punt_reset();
	punt_timer = ctl_loop_timer_add(loop, CTL_PUNT_PERIOD_MS,
					CTL_PUNT_PERIOD_MS, punt_on_timer, NULL);
	if (punt_timer == NULL)
		return -errno;
	punt_resolve_timer = ctl_loop_timer_add(loop, PUNT_RESOLVE_MS,
						PUNT_RESOLVE_MS,
						punt_on_resolve, NULL);
	if (punt_resolve_timer == NULL) {
		ctl_loop_timer_del(punt_timer);
		punt_timer = NULL;
		return -errno;
	}
	return 0;
}

void
ctl_punt_fini(void)
{
	if (punt_timer != NULL)
		ctl_loop_timer_del(punt_timer);
	if (punt_resolve_timer != NULL)
		ctl_loop_timer_del(punt_resolve_timer);
	punt_timer = NULL;
	punt_resolve_timer = NULL;
}
