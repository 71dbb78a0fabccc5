/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: the tx loop (rate, sequence numbers, gateway MAC), the rx loop
 * (parse, check, account) and the ARP both do. Context: main lcore (tx,
 * and rx when no second lcore is given) and the rx lcore.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "gen_run.h"

#define GEN_ARP_PRE_MS	1000	/* longest wait for the MACs before t0 */
#define GEN_ARP_RETRY_MS 100	/* request interval in that wait */

/* UE address of session @i: pool4 + 1 + i, or the i-th /64 of pool6 (::1). */
static inline void
gen_ue_addr(const struct gen_opts *o, uint32_t i, uint8_t *ue)
{
	uint64_t hi;
	uint32_t a;
	int k;

	if (o->pkt.inner_af == 4) {
		a = o->pool4 + 1 + i;
		ue[0] = (uint8_t)(a >> 24);
		ue[1] = (uint8_t)(a >> 16);
		ue[2] = (uint8_t)(a >> 8);
		ue[3] = (uint8_t)a;
		return;
	}
	/* The i-th /64 inside the pool: add i to the upper 64 bits. */
	hi = o->pool6_hi + i;
	for (k = 7; k >= 0; k--, hi >>= 8)
		ue[k] = (uint8_t)hi;
	memset(ue + 8, 0, 7);
	ue[15] = 1;
}

/* Packets direction @d may have sent by @now (rate and count limits). */
static uint64_t
gen_tx_due(const struct gen_run *r, int d, uint64_t now)
{
	const struct gen_opts *o = r->o;
	uint64_t el = now - r->t0_tsc, due;

	if (o->rate_pps == 0)
		due = r->sent[d] + r->no_mac[d] + o->burst;
	else
		due = el / r->hz * o->rate_pps +
			el % r->hz * o->rate_pps / r->hz;
	if (o->count != 0 && due > o->count)
		due = o->count;
	return due;
}

/*
 * Copy the learnt gateway MAC of direction @d's side into the tx frame
 * template (only the tx loop reads o->pkt). Context: tx loop.
 * Returns false while the MAC is unknown.
 */
static bool
gen_gw_mac_load(struct gen_run *r, int d)
{
	struct gen_opts *o = r->o;
	uint64_t mac;

	if (!o->resolve[d])
		return true;
	mac = __atomic_load_n(&r->arp[d].mac, __ATOMIC_RELAXED);
	if (mac != r->tx_mac[d]) {
		/* From packet sent[d] on, the new gateway gets the traffic. */
		if (r->tx_mac[d] != 0) {
			r->gw_changes[d]++;
			r->switch_k[d] = r->sent[d];
		}
		r->tx_mac[d] = mac;
	}
	return gen_mac_unpack(mac, d == GEN_DIR_UL ? o->pkt.access_gw_mac :
			      o->pkt.core_gw_mac) == 0;
}

/* Send one ARP frame on @side. Context: tx loop. Returns true if sent. */
static bool
gen_arp_send(struct gen_run *r, int side, const uint8_t *dst,
	     const struct gen_arp_msg *a)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(r->pool);
	uint8_t *buf;

	if (m == NULL) {
		r->tx_alloc_fail++;
		return false;
	}
	buf = (uint8_t *)rte_pktmbuf_append(m, GEN_ARP_FRAME_LEN);
	if (buf == NULL) {
		rte_pktmbuf_free(m);
		return false;
	}
	gen_arp_build(buf, dst, a);
	if (rte_eth_tx_burst(r->o->port[side], 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return false;
	}
	return true;
}

/*
 * ARP work of the tx loop: answer a posted request, and send a request for
 * the gateway address when due (@force: now, whatever the timer).
 * Context: tx loop.
 */
static void
gen_arp_tx(struct gen_run *r, uint64_t now, bool force)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct gen_opts *o = r->o;
	struct gen_arp_side *s;
	struct gen_arp_msg a;
	int side;

	for (side = 0; side < 2; side++) {
		s = &r->arp[side];
		if (__atomic_load_n(&s->ask_pending, __ATOMIC_ACQUIRE)) {
			memset(&a, 0, sizeof(a));
			a.op = GEN_ARP_OP_REPLY;
			memcpy(a.sha, o->mac[side], 6);
			memcpy(a.spa, o->own_ip[side], 4);
			memcpy(a.tha, s->ask.sha, 6);
			memcpy(a.tpa, s->ask.spa, 4);
			if (gen_arp_send(r, side, s->ask.sha, &a))
				s->replies_sent++;
			__atomic_store_n(&s->ask_pending, 0, __ATOMIC_RELEASE);
		}
		if (!o->resolve[side] || (!force && now < s->next_req_tsc))
			continue;
		memset(&a, 0, sizeof(a));
		a.op = GEN_ARP_OP_REQUEST;
		memcpy(a.sha, o->mac[side], 6);
		if (o->own_set[side])
			memcpy(a.spa, o->own_ip[side], 4);
		memcpy(a.tpa, o->gw_ip[side], 4);
		if (gen_arp_send(r, side, bcast, &a))
			s->requests_sent++;
		s->next_req_tsc = o->arp_refresh_ms == 0 ? UINT64_MAX :
			now + (uint64_t)o->arp_refresh_ms * r->hz / 1000;
	}
}

/*
 * An ARP frame received on @side: learn the gateway MAC from a reply or a
 * gratuitous ARP (a plain store), post a reply for a request for our own
 * address. Context: rx loop.
 * Returns false when the frame is not ARP.
 */
static bool
gen_arp_rx(struct gen_run *r, int side, const uint8_t *buf, uint32_t len,
	   uint64_t now)
{
	const struct gen_opts *o = r->o;
	struct gen_arp_side *s = &r->arp[side];
	struct gen_arp_msg a;
	uint64_t mac;
	int ret;

	ret = gen_arp_parse(buf, len, &a);
	if (ret == -ENOENT)
		return false;
	s->rx++;
	if (ret < 0) {
		s->rx_bad++;
		return true;
	}
	if (o->resolve[side] && gen_arp_binds(&a, o->gw_ip[side])) {
		s->binds++;
		mac = gen_mac_pack(a.sha);
		if (mac != s->mac) {
			__atomic_store_n(&s->mac, mac, __ATOMIC_RELAXED);
			s->mac_changes++;
			s->last_change_tsc = now;
		}
	}
	if (o->own_set[side] && gen_arp_asks(&a, o->own_ip[side])) {
		if (__atomic_load_n(&s->ask_pending, __ATOMIC_ACQUIRE)) {
			s->asks_dropped++;
		} else {
			s->ask = a;
			__atomic_store_n(&s->ask_pending, 1, __ATOMIC_RELEASE);
		}
	}
	return true;
}

/* One tx turn for both directions. Returns packets sent. */
static uint32_t
gen_tx_turn(struct gen_run *r, uint64_t now)
{
	const struct gen_opts *o = r->o;
	struct rte_mbuf *pkts[GEN_BURST_MAX];
	uint32_t n, j, len, total = 0;
	struct gen_mark m;
	uint8_t ue[16];
	uint16_t n_tx;
	uint64_t due, k;
	int d;

	for (d = 0; d < GEN_N_DIR; d++) {
		if (!o->dir_on[d])
			continue;
		due = gen_tx_due(r, d, now);
		if (due <= r->sent[d] + r->no_mac[d])
			continue;
		if (!gen_gw_mac_load(r, d)) {
			/* Slots pass unsent; sequence numbers stay dense. */
			r->no_mac[d] = due - r->sent[d];
			continue;
		}
		due -= r->no_mac[d];
		n = due - r->sent[d] > o->burst ? o->burst :
			(uint32_t)(due - r->sent[d]);
		if (rte_pktmbuf_alloc_bulk(r->pool, pkts, n) != 0) {
			r->tx_alloc_fail++;
			continue;
		}
		len = d == GEN_DIR_UL ? gen_pkt_ul_len(&o->pkt) :
			gen_pkt_dl_len(&o->pkt);
		m.tsc = (rte_rdtsc() - r->t0_tsc) & GEN_TSC_MASK;
		for (j = 0; j < n; j++) {
			uint8_t *buf = (uint8_t *)rte_pktmbuf_append(pkts[j],
								     (uint16_t)len);
			uint32_t i;

			if (buf == NULL) {
				/* Frame larger than the mbuf: cannot happen
				 * with the default buffer size; send nothing.
				 */
				rte_pktmbuf_free_bulk(pkts, n);
				return total;
			}
			k = r->sent[d] + j;
			i = (uint32_t)(k % o->n_sessions);
			m.flow = i | (d == GEN_DIR_DL ? GEN_FLOW_DL : 0);
			m.seq = (uint32_t)(k / o->n_sessions);
			gen_ue_addr(o, i, ue);
			if (d == GEN_DIR_UL)
				gen_pkt_build_ul(buf, &o->pkt, ue,
						 o->local_teid + i, &m);
			else
				gen_pkt_build_dl(buf, &o->pkt, ue, &m);
		}
		n_tx = rte_eth_tx_burst(o->port[d], 0, pkts, (uint16_t)n);
		/* Refused packets are rebuilt next turn with the same seqs. */
		if (n_tx < n)
			rte_pktmbuf_free_bulk(pkts + n_tx, n - n_tx);
		r->sent[d] += n_tx;
		total += n_tx;
	}
	return total;
}

/* One rx turn on both ports. Returns frames received. */
static uint32_t
gen_rx_turn(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	struct rte_mbuf *pkts[GEN_BURST_MAX];
	uint64_t now, now48, b;
	struct gen_mark m;
	uint32_t total = 0, idx, teid = 0;
	uint16_t n, j;
	int side, d, ret;
	bool gtp;

	/* side 0: access port (receives downlink), 1: core port (uplink). */
	for (side = 0; side < 2; side++) {
		n = rte_eth_rx_burst(o->port[side], 0, pkts, 32);
		if (n == 0)
			continue;
		now = rte_rdtsc();
		now48 = (now - r->t0_tsc) & GEN_TSC_MASK;
		b = (now - r->t0_tsc) / r->bucket_tsc;
		for (j = 0; j < n; j++) {
			const uint8_t *buf = rte_pktmbuf_mtod(pkts[j],
							      const uint8_t *);
			uint32_t len = rte_pktmbuf_data_len(pkts[j]);

			if (gen_arp_rx(r, side, buf, len, now))
				continue;
			/* G-PDUs on the access side, or on the core side
			 * when frames come back unchanged.
			 */
			gtp = (side == 0) != o->reflect;
			ret = gtp ?
				gen_pkt_parse_access(buf, len, &o->rx_pkt, &m,
						     &teid) :
				gen_pkt_parse_core(buf, len, &o->rx_pkt, &m);
			if (ret < 0) {
				r->foreign++;
				continue;
			}
			d = (m.flow & GEN_FLOW_DL) ? GEN_DIR_DL : GEN_DIR_UL;
			if (d != (side == 0 ? GEN_DIR_DL : GEN_DIR_UL)) {
				r->wrong_port++;
				continue;
			}
			idx = m.flow & ~GEN_FLOW_DL;
			if (idx >= o->n_sessions || !o->dir_on[d]) {
				r->st[d]->bad_flow++;
				continue;
			}
			/* Downlink must come in the session's own tunnel;
			 * reflected uplink still carries the local TEID.
			 */
			if (gtp && teid != (side == 0 ? o->remote_teid :
					    o->local_teid) + idx) {
				r->st[d]->wrong_teid++;
				continue;
			}
			gen_flow_rx(r->st[d], &r->flows[d][idx], m.seq);
			gen_dir_rx_time(r->st[d], now,
					(now48 - m.tsc) & GEN_TSC_MASK);
			if (r->series[d] != NULL && b < r->n_buckets)
				r->series[d][b]++;
		}
		rte_pktmbuf_free_bulk(pkts, n);
		total += n;
	}
	return total;
}

/*
 * Before t0: ask for the gateway MACs and wait until both are known, at
 * most GEN_ARP_PRE_MS (then the run starts anyway and counts what it could
 * not send). Context: main lcore, before the rx lcore starts.
 */
void
gen_arp_resolve(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	uint64_t start = rte_rdtsc(), now = start, retry = start;
	uint64_t end = start + GEN_ARP_PRE_MS * r->hz / 1000;
	int side;
	bool known;

	if (!o->resolve[GEN_SIDE_ACCESS] && !o->resolve[GEN_SIDE_CORE])
		return;
	while (now < end && !gen_signalled) {
		known = true;
		for (side = 0; side < 2; side++)
			if (o->resolve[side] && r->arp[side].mac == 0)
				known = false;
		if (known)
			return;
		gen_arp_tx(r, now, now >= retry);
		if (now >= retry)
			retry = now + GEN_ARP_RETRY_MS * r->hz / 1000;
		if (gen_rx_turn(r) == 0)
			rte_delay_us_sleep(100);
		now = rte_rdtsc();
	}
}

int
gen_rx_lcore(void *arg)
{
	struct gen_run *r = arg;

	while (!r->rx_stop) {
		if (gen_rx_turn(r) == 0 && r->o->idle_sleep_us != 0)
			rte_delay_us_sleep(r->o->idle_sleep_us);
	}
	return 0;
}

/* Transmit until a limit or a signal; rx inline when @rx_inline. */
void
gen_run_loop(struct gen_run *r, bool rx_inline)
{
	const struct gen_opts *o = r->o;
	uint64_t end = UINT64_MAX, now, drain_end;
	uint32_t work;
	bool done;
	int d;

	if (o->duration_s > 0)
		end = r->t0_tsc + (uint64_t)(o->duration_s * (double)r->hz);
	for (;;) {
		now = rte_rdtsc();
		if (now >= end || gen_signalled)
			break;
		done = o->count != 0;
		for (d = 0; d < GEN_N_DIR; d++)
			if (o->dir_on[d] && r->sent[d] + r->no_mac[d] < o->count)
				done = false;
		if (done)
			break;
		gen_arp_tx(r, now, false);
		work = gen_tx_turn(r, now);
		if (rx_inline)
			work += gen_rx_turn(r);
		if (work == 0 && o->idle_sleep_us != 0)
			rte_delay_us_sleep(o->idle_sleep_us);
	}
	r->tx_end_tsc = rte_rdtsc();
	r->tx_done = true;
	drain_end = r->tx_end_tsc + (uint64_t)o->drain_ms * r->hz / 1000;
	while (rte_rdtsc() < drain_end) {
		work = rx_inline ? gen_rx_turn(r) : 0;
		if (work == 0)
			rte_delay_us_sleep(o->idle_sleep_us != 0 ?
					   o->idle_sleep_us : 100);
	}
}
