/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Slow path on the control lcore: drain the workers' punt rings, answer ARP,
 * NS, ICMP/ICMPv6 echo and GTP-U Echo Request, learn neighbour MACs, send
 * rate-limited Error Indications for unknown TEIDs, mark sessions named by
 * received Error Indications, and solicit unresolved neighbours.
 * Context: control.
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "ctl_api.h"
#include "ctl_log.h"
#include "ctl_loop.h"
#include "ctl_punt.h"
#include "dp_fwd.h"
#include "dp_main.h"
#include "dp_msg.h"
#include "gtpu_build.h"
#include "gtpu_parse.h"
#include "sess_table.h"

#define PUNT_ARP_LEN		28
#define PUNT_ICMP6_NS		135
#define PUNT_ICMP6_NA		136
#define PUNT_ICMP6_ECHO_REQ	128
#define PUNT_ICMP6_ECHO_REP	129
#define PUNT_ICMP_ECHO_REP	0
#define PUNT_ND_HOP_LIMIT	255	/* RFC 4861 section 7.1 */
#define PUNT_TTL		64
#define PUNT_RESOLVE_MS		100	/* how often due entries are looked for */

static uint64_t punt_cnt[CTL_PUNT_CNT_MAX];
static struct ctl_timer *punt_timer;
static struct ctl_timer *punt_resolve_timer;
static uint64_t punt_tokens = CTL_PUNT_ERRIND_RATE;
static uint64_t punt_tokens_ms;
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

void
ctl_punt_reset(void)
{
	memset(punt_cnt, 0, sizeof(punt_cnt));
	punt_tokens = CTL_PUNT_ERRIND_RATE;
	punt_tokens_ms = ctl_loop_now_ms();
}

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * New frame of an Ethernet header (@dst, @src, @ether_type) and @len more
 * bytes, whose start *@payload is set to. The pool is the data plane's.
 * @return the mbuf, or NULL after counting CTL_PUNT_NO_MBUF
 */
static struct rte_mbuf *
punt_frame_new(const struct rte_ether_addr *dst,
	       const struct rte_ether_addr *src, uint16_t ether_type,
	       uint16_t len, uint8_t **payload)
{
	struct rte_ether_hdr *eh;
	struct rte_mbuf *r;
	uint8_t *d;

	r = rte_pktmbuf_alloc(dp_mbuf_pool());
	if (r == NULL) {
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return NULL;
	}
	d = (uint8_t *)rte_pktmbuf_append(r, (uint16_t)(RTE_ETHER_HDR_LEN +
							len));
	if (d == NULL) {
		rte_pktmbuf_free(r);
		punt_cnt[CTL_PUNT_NO_MBUF]++;
		return NULL;
	}
	eh = (struct rte_ether_hdr *)d;
	eh->dst_addr = *dst;
	eh->src_addr = *src;
	eh->ether_type = rte_cpu_to_be_16(ether_type);
	*payload = d + RTE_ETHER_HDR_LEN;
	return r;
}

/*
 * Reply construction: Ethernet + IP header + an L4 area the caller fills,
 * then punt_ip_finish() computes the checksums.
 */
struct punt_pkt {
	struct rte_mbuf	*m;
	uint8_t		*l3;
	uint8_t		*l4;
	uint8_t		af;
	uint8_t		proto;
	uint16_t	l4_len;
};

static int
punt_ip_new(struct punt_pkt *pp, uint16_t port_idx,
	    const struct rte_ether_addr *dst_mac, uint8_t af,
	    const uint8_t *src, const uint8_t *dst, uint8_t proto, uint8_t ttl,
	    uint16_t l4_len)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	uint16_t ip_len = af == 4 ? 20 : 40;
	struct rte_mempool *mp = dp_mbuf_pool();

	if (mp == NULL || fs == NULL || port_idx >= DP_MAX_PORTS)
		return -ENOENT;
	pp->m = punt_frame_new(dst_mac, &fs->ports[port_idx].mac,
			       af == 4 ? RTE_ETHER_TYPE_IPV4 :
					 RTE_ETHER_TYPE_IPV6,
			       (uint16_t)(ip_len + l4_len), &pp->l3);
	if (pp->m == NULL)
		return -ENOMEM;
	memset(pp->l3, 0, (size_t)ip_len + l4_len);
	pp->l4 = pp->l3 + ip_len;
	pp->af = af;
	pp->proto = proto;
	pp->l4_len = l4_len;
	if (af == 4) {
		pp->l3[0] = 0x45;
		wr16(pp->l3 + 2, (uint16_t)(ip_len + l4_len));
		wr16(pp->l3 + 6, 0x4000);	/* DF */
		pp->l3[8] = ttl;
		pp->l3[9] = proto;
		memcpy(pp->l3 + 12, src, 4);
		memcpy(pp->l3 + 16, dst, 4);
	} else {
		pp->l3[0] = 0x60;
		wr16(pp->l3 + 4, l4_len);
		pp->l3[6] = proto;
		pp->l3[7] = ttl;
		memcpy(pp->l3 + 8, src, 16);
		memcpy(pp->l3 + 24, dst, 16);
	}
	return 0;
}

/* Checksums: IPv4 header; ICMP; UDP/ICMPv6 over IPv6 (pseudo header).
 * UDP over IPv4 keeps checksum 0 (RFC 768 allows it). */
static void
punt_ip_finish(struct punt_pkt *pp)
{
	uint16_t ck;

	if (pp->af == 4) {
		struct rte_ipv4_hdr *ih = (struct rte_ipv4_hdr *)pp->l3;

		ih->hdr_checksum = 0;
		ih->hdr_checksum = rte_ipv4_cksum(ih);
		if (pp->proto == IPPROTO_ICMP) {
			wr16(pp->l4 + 2, 0);
			ck = (uint16_t)~rte_raw_cksum(pp->l4, pp->l4_len);
			memcpy(pp->l4 + 2, &ck, 2);
		}
		return;
	}
	if (pp->proto == IPPROTO_UDP) {
		wr16(pp->l4 + 6, 0);
		ck = rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)pp->l3,
					   pp->l4);
		memcpy(pp->l4 + 6, &ck, 2);
	} else if (pp->proto == IPPROTO_ICMPV6) {
		wr16(pp->l4 + 2, 0);
		ck = rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)pp->l3,
					   pp->l4);
		memcpy(pp->l4 + 2, &ck, 2);
	}
}

static void
punt_send(unsigned int worker_idx, uint16_t port_idx, struct rte_mbuf *m,
	  enum ctl_punt_cnt ok)
{
	if (dp_msg_tx_send(worker_idx, port_idx, m) != 0) {
		punt_cnt[CTL_PUNT_TX_FAILED]++;
		return;
	}
	punt_cnt[ok]++;
}

static const struct rte_ether_addr *
punt_src_mac(const struct rte_mbuf *m)
{
	return &rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->src_addr;
}

/*
 * ARP (RFC 826): answer requests for a local address of the receiving port;
 * learn the sender's MAC for neighbours we have an entry for.
 */
static void
punt_arp(unsigned int w, uint16_t port, struct rte_mbuf *m, const uint8_t *a)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct rte_mbuf *r;
	uint8_t *d;
	uint16_t op;

	if (rd16(a) != 1 || rd16(a + 2) != RTE_ETHER_TYPE_IPV4 || a[4] != 6 ||
	    a[5] != 4) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	op = rd16(a + 6);
	if (op != 1 && op != 2) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	if (dp_fwd_nh_learn(4, a + 14, a + 8) == 0)
		punt_cnt[CTL_PUNT_NH_LEARNT]++;
	if (op != 1 || fs == NULL || !dp_fwd_is_local(fs, port, 4, a + 24)) {
		if (op != 1)
			return;
		punt_cnt[CTL_PUNT_IGNORED]++;
		return;
	}
	r = punt_frame_new(punt_src_mac(m), &fs->ports[port].mac,
			   RTE_ETHER_TYPE_ARP, PUNT_ARP_LEN, &d);
	if (r == NULL)
		return;
	memcpy(d, a, 6);			/* htype, ptype, hlen, plen */
	wr16(d + 6, 2);				/* reply */
	memcpy(d + 8, fs->ports[port].mac.addr_bytes, 6);
	memcpy(d + 14, a + 24, 4);		/* the address asked for */
	memcpy(d + 18, a + 8, 6);		/* back to the asker */
	memcpy(d + 24, a + 14, 4);
	punt_send(w, port, r, CTL_PUNT_ARP_REPLY);
}

/* ICMPv6 checksum of the packet at @ip (payload length already checked
 * against the buffer). */
static bool
punt_icmp6_cksum_ok(const uint8_t *ip)
{
	return rte_ipv6_udptcp_cksum_verify((const struct rte_ipv6_hdr *)ip,
					    ip + 40) == 0;
}

/* Walk ND options (RFC 4861 section 4.6) for a link-layer address. */
static const uint8_t *
punt_nd_lladdr(const uint8_t *opt, uint32_t len, uint8_t type, bool *bad)
{
	const uint8_t *found = NULL;
	uint32_t olen;

	while (len >= 2) {
		olen = (uint32_t)opt[1] * 8;
		if (olen == 0 || olen > len) {
			*bad = true;
			return NULL;
		}
		if (opt[0] == type && olen >= 8)
			found = opt + 2;
		opt += olen;
		len -= olen;
	}
	return found;
}

/* NS for a local address -> NA with our MAC; NS/NA -> learn. */
static void
punt_nd(unsigned int w, uint16_t port, struct rte_mbuf *m, const uint8_t *ip,
	uint32_t len)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t unspec[16];
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct rte_ether_addr dmac;
	const uint8_t *icmp = ip + 40;
	const uint8_t *target;
	const uint8_t *ll;
	struct punt_pkt pp;
	uint32_t plen;
	bool bad = false;
	bool dad;

	plen = rd16(ip + 4);
	/* RFC 4861 sections 7.1.1 and 7.1.2: validity checks. */
	if (len < 40 + plen || plen < 24 || ip[7] != PUNT_ND_HOP_LIMIT ||
	    icmp[1] != 0 || !punt_icmp6_cksum_ok(ip)) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	target = icmp + 8;
	ll = punt_nd_lladdr(icmp + 24, plen - 24,
			    icmp[0] == PUNT_ICMP6_NS ? 1 : 2, &bad);
	if (bad || target[0] == 0xff) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	if (icmp[0] == PUNT_ICMP6_NA) {
		if (ll != NULL && dp_fwd_nh_learn(6, target, ll) == 0)
			punt_cnt[CTL_PUNT_NH_LEARNT]++;
		else
			punt_cnt[CTL_PUNT_IGNORED]++;
		return;
	}
	dad = memcmp(ip + 8, unspec, 16) == 0;
	if (!dad && ll != NULL && dp_fwd_nh_learn(6, ip + 8, ll) == 0)
		punt_cnt[CTL_PUNT_NH_LEARNT]++;
	if (fs == NULL || !dp_fwd_is_local(fs, port, 6, target)) {
		punt_cnt[CTL_PUNT_IGNORED]++;
		return;
	}
	if (dad) {
		/* RFC 4861 section 7.2.4: answer a DAD probe to all nodes. */
		memcpy(dmac.addr_bytes, (const uint8_t[]){ 0x33, 0x33, 0, 0, 0, 1 },
		       6);
	} else {
		dmac = *punt_src_mac(m);
	}
	if (punt_ip_new(&pp, port, &dmac, 6, target, dad ? all_nodes : ip + 8,
			IPPROTO_ICMPV6, PUNT_ND_HOP_LIMIT, 32) != 0)
		return;
	pp.l4[0] = PUNT_ICMP6_NA;
	/* Router, Solicited (unless DAD), Override. */
	pp.l4[4] = 0x80 | (dad ? 0 : 0x40) | 0x20;
	memcpy(pp.l4 + 8, target, 16);
	pp.l4[24] = 2;		/* target link-layer address */
	pp.l4[25] = 1;
	memcpy(pp.l4 + 26, fs->ports[port].mac.addr_bytes, 6);
	punt_ip_finish(&pp);
	punt_send(w, port, pp.m, CTL_PUNT_NA_SENT);
}

/* ICMP / ICMPv6 echo request to a local address -> echo reply. */
static void
punt_echo(unsigned int w, uint16_t port, struct rte_mbuf *m, const uint8_t *ip,
	  uint32_t len, uint8_t af)
{
	struct punt_pkt pp;
	uint32_t ihl;
	uint32_t tl;

	if (af == 4) {
		ihl = (uint32_t)(ip[0] & 0x0f) * 4;
		tl = rd16(ip + 2);
		if (ihl < 20 || tl < ihl + 8 || tl > len ||
		    rte_raw_cksum(ip + ihl, tl - ihl) != 0xffff) {
			punt_cnt[CTL_PUNT_MALFORMED]++;
			return;
		}
		if (punt_ip_new(&pp, port, punt_src_mac(m), 4, ip + 16, ip + 12,
				IPPROTO_ICMP, PUNT_TTL,
				(uint16_t)(tl - ihl)) != 0)
			return;
		memcpy(pp.l4, ip + ihl, tl - ihl);
		pp.l4[0] = PUNT_ICMP_ECHO_REP;
		punt_ip_finish(&pp);
		punt_send(w, port, pp.m, CTL_PUNT_ICMP_REPLY);
		return;
	}
	tl = rd16(ip + 4);
	if (tl < 8 || 40 + tl > len || !punt_icmp6_cksum_ok(ip)) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	if (punt_ip_new(&pp, port, punt_src_mac(m), 6, ip + 24, ip + 8,
			IPPROTO_ICMPV6, PUNT_TTL, (uint16_t)tl) != 0)
		return;
	memcpy(pp.l4, ip + 40, tl);
	pp.l4[0] = PUNT_ICMP6_ECHO_REP;
	punt_ip_finish(&pp);
	punt_send(w, port, pp.m, CTL_PUNT_ICMP6_REPLY);
}

/* Send the IP packet @l3 (@len bytes, built by gtpu_build) back to the
 * sender of @m. */
static void
punt_l3_send(unsigned int w, uint16_t port, struct rte_mbuf *m,
	     const uint8_t *l3, int len, enum ctl_punt_cnt ok)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct rte_mbuf *r;
	uint8_t *d;

	if (len <= 0 || fs == NULL) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	r = punt_frame_new(punt_src_mac(m), &fs->ports[port].mac,
			   (l3[0] >> 4) == 4 ? RTE_ETHER_TYPE_IPV4 :
					       RTE_ETHER_TYPE_IPV6,
			   (uint16_t)len, &d);
	if (r == NULL)
		return;
	memcpy(d, l3, (size_t)len);
	punt_send(w, port, r, ok);
}

/* Echo Request -> Echo Response with Recovery (TS 29.281 section 7.2). */
static void
punt_gtpu_echo(unsigned int w, uint16_t port, struct rte_mbuf *m,
	       const struct gtpu_info *gi)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];

	punt_l3_send(w, port, m, buf,
		     gtpu_echo_resp_build(buf, sizeof(buf), gi),
		     CTL_PUNT_ECHO_RESP);
}

/* Take one token of the Error Indication bucket if there is one. */
static bool
punt_errind_allowed(void)
{
	uint64_t now = ctl_loop_now_ms();
	uint64_t add;

	add = (now - punt_tokens_ms) * CTL_PUNT_ERRIND_RATE / 1000;
	if (add > 0) {
		punt_tokens += add;
		if (punt_tokens > CTL_PUNT_ERRIND_RATE)
			punt_tokens = CTL_PUNT_ERRIND_RATE;
		punt_tokens_ms = now;
	}
	if (punt_tokens == 0)
		return false;
	punt_tokens--;
	return true;
}

/* G-PDU with an unknown TEID -> Error Indication (section 7.3.1). */
static void
punt_gtpu_no_sess(unsigned int w, uint16_t port, struct rte_mbuf *m,
		  const struct gtpu_info *gi)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];
	struct gtpu_err_ind_params ep;

	if (!punt_errind_allowed()) {
		punt_cnt[CTL_PUNT_ERRIND_SUPPRESSED]++;
		return;
	}
	gtpu_err_ind_params_from(&ep, gi, punt_errind_seq++);
	punt_l3_send(w, port, m, buf,
		     gtpu_err_ind_build(buf, sizeof(buf), &ep),
		     CTL_PUNT_ERRIND_SENT);
}

/*
 * Error Indication received: the peer does not know the TEID we send to.
 * Mark the session with that remote TEID and peer address, found in the
 * table keyed by (peer, remote TEID): constant time per packet, so a flood
 * of Error Indications cannot make the control lcore walk every session.
 */
static void
punt_gtpu_err_ind(const uint8_t *d, uint32_t len, const struct gtpu_info *gi)
{
	struct sess_table *t = dp_sess_table();
	const struct sess *s = NULL;
	uint32_t teid_remote, teid_local;
	uint8_t af, addr[16];
	bool already;

	memset(addr, 0, sizeof(addr));
	if (gtpu_err_ind_parse(d, len, gi, &teid_remote, &af, addr) !=
	    GTPU_OK) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	if (t != NULL)
		s = sess_table_lookup_remote(t, af, addr, teid_remote);
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
			teid_remote);
}

static void
punt_gtpu(unsigned int w, uint16_t port, struct rte_mbuf *m, uint8_t reason,
	  uint16_t l3)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	struct gtpu_info gi;

	if (gtpu_outer_parse(d, rte_pktmbuf_data_len(m), l3, &gi) != GTPU_OK) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		return;
	}
	switch (reason) {
	case DP_PUNT_GTPU_ECHO_REQ:
		punt_gtpu_echo(w, port, m, &gi);
		break;
	case DP_PUNT_GTPU_NO_SESS:
		punt_gtpu_no_sess(w, port, m, &gi);
		break;
	default:
		punt_gtpu_err_ind(d, rte_pktmbuf_data_len(m), &gi);
		break;
	}
}

void
ctl_punt_handle(unsigned int worker_idx, struct rte_mbuf *m)
{
	uint16_t port = dp_msg_meta_port(m);
	uint8_t reason = dp_msg_meta_reason(m);
	uint16_t l3 = dp_msg_meta_l3_off(m);
	uint32_t len = rte_pktmbuf_data_len(m);
	const uint8_t *ip;

	punt_cnt[CTL_PUNT_RECEIVED]++;
	if (port >= DP_MAX_PORTS || l3 < RTE_ETHER_HDR_LEN || l3 >= len ||
	    m->nb_segs != 1) {
		punt_cnt[CTL_PUNT_MALFORMED]++;
		goto out_free;
	}
	ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, l3);
	len -= l3;
	switch (reason) {
	case DP_PUNT_ARP:
		if (len < PUNT_ARP_LEN) {
			punt_cnt[CTL_PUNT_MALFORMED]++;
			break;
		}
		punt_arp(worker_idx, port, m, ip);
		break;
	case DP_PUNT_ND:
		if (len < 40 + 24) {
			punt_cnt[CTL_PUNT_MALFORMED]++;
			break;
		}
		punt_nd(worker_idx, port, m, ip, len);
		break;
	case DP_PUNT_ICMP_ECHO:
		punt_echo(worker_idx, port, m, ip, len, 4);
		break;
	case DP_PUNT_ICMP6_ECHO:
		punt_echo(worker_idx, port, m, ip, len, 6);
		break;
	case DP_PUNT_GTPU_ECHO_REQ:
	case DP_PUNT_GTPU_NO_SESS:
	case DP_PUNT_GTPU_ERR_IND:
		punt_gtpu(worker_idx, port, m, reason, l3);
		break;
	case DP_PUNT_NH_MISS:
		if ((ip[0] >> 4) == 4 && len >= 20) {
			if (dp_fwd_nh_demand(4, ip + 16) == 0)
				punt_cnt[CTL_PUNT_NH_DEMAND]++;
		} else if ((ip[0] >> 4) == 6 && len >= 40) {
			if (dp_fwd_nh_demand(6, ip + 24) == 0)
				punt_cnt[CTL_PUNT_NH_DEMAND]++;
		} else {
			punt_cnt[CTL_PUNT_MALFORMED]++;
		}
		break;
	default:
		punt_cnt[CTL_PUNT_MALFORMED]++;
		break;
	}
out_free:
	rte_pktmbuf_free(m);
}

unsigned int
ctl_punt_poll(unsigned int budget)
{
	struct rte_mbuf *pkts[32];
	unsigned int n_workers = dp_msg_n_workers();
	unsigned int done = 0;
	unsigned int got;
	unsigned int w;
	unsigned int i;
	bool more = true;

	/* Round robin so that one busy worker cannot starve the others. */
	while (more && done < budget) {
		more = false;
		for (w = 0; w < n_workers && done < budget; w++) {
			got = dp_msg_punt_recv(w, pkts,
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

/*
 * Source of a solicitation: the port's address whose subnet holds the
 * target (not a loopback /32), else the port's first one of the family.
 */
static int8_t
punt_solicit_src(const struct dp_fwd_port *p, uint8_t af, const uint8_t *addr)
{
	const struct dp_fwd_addr *a;
	unsigned int i;
	unsigned int b;
	uint8_t mask;
	bool match;

	for (i = 0; i < p->n_addrs; i++) {
		a = &p->addrs[i];
		if (a->af != af || a->plen == (af == 4 ? 32 : 128))
			continue;
		match = true;
		for (b = 0; b < (unsigned int)(a->plen + 7) / 8; b++) {
			mask = a->plen >= 8 * (b + 1) ? 0xff :
			       (uint8_t)(0xff << (8 - (a->plen - 8 * b)));
			if ((a->addr[b] & mask) != (addr[b] & mask))
				match = false;
		}
		if (match)
			return (int8_t)i;
	}
	return af == 4 ? p->src4 : p->src6;
}

/* Send an ARP request or a neighbour solicitation for neighbour @nh. */
static void
punt_solicit(uint16_t id, const struct dp_fwd_nh_info *nh, void *arg)
{
	static const struct rte_ether_addr bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	const struct dp_fwd_port *p;
	struct rte_ether_addr dmac;
	struct punt_pkt pp;
	struct rte_mbuf *r;
	uint8_t snm[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff };
	uint8_t *d;
	int8_t si;

	(void)id;
	(void)arg;
	if (fs == NULL || nh->port_idx >= DP_MAX_PORTS ||
	    dp_msg_n_workers() == 0)
		return;
	p = &fs->ports[nh->port_idx];
	si = punt_solicit_src(p, nh->af, nh->addr);
	if (si < 0)
		return;
	if (nh->af == 4) {
		r = punt_frame_new(&bcast, &p->mac, RTE_ETHER_TYPE_ARP,
				   PUNT_ARP_LEN, &d);
		if (r == NULL)
			return;
		wr16(d, 1);
		wr16(d + 2, RTE_ETHER_TYPE_IPV4);
		d[4] = 6;
		d[5] = 4;
		wr16(d + 6, 1);
		memcpy(d + 8, p->mac.addr_bytes, 6);
		memcpy(d + 14, p->addrs[si].addr, 4);
		memset(d + 18, 0, 6);
		memcpy(d + 24, nh->addr, 4);
		punt_send(0, nh->port_idx, r, CTL_PUNT_ARP_REQUEST);
		return;
	}
	/* RFC 4861 section 7.2.2: to the solicited-node multicast group. */
	memcpy(snm + 13, nh->addr + 13, 3);
	memcpy(dmac.addr_bytes, (const uint8_t[]){ 0x33, 0x33, 0xff, 0, 0, 0 }, 6);
	memcpy(dmac.addr_bytes + 3, nh->addr + 13, 3);
	if (punt_ip_new(&pp, nh->port_idx, &dmac, 6, p->addrs[si].addr, snm,
			IPPROTO_ICMPV6, PUNT_ND_HOP_LIMIT, 32) != 0)
		return;
	pp.l4[0] = PUNT_ICMP6_NS;
	memcpy(pp.l4 + 8, nh->addr, 16);
	pp.l4[24] = 1;		/* source link-layer address */
	pp.l4[25] = 1;
	memcpy(pp.l4 + 26, p->mac.addr_bytes, 6);
	punt_ip_finish(&pp);
	punt_send(0, nh->port_idx, pp.m, CTL_PUNT_NS_SENT);
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

unsigned int
ctl_punt_resolve(uint64_t now_ms)
{
	return dp_fwd_nh_due(now_ms, 64, punt_solicit, NULL);
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
	/* Neighbour state and counters are read by show handlers, which may
	 * run on the telemetry thread. Skip the lock when idle. */
	if (!punt_pending())
		return;
	ctl_api_lock();
	ctl_punt_poll(CTL_PUNT_BUDGET);
	ctl_api_unlock();
}

static void
punt_on_resolve(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	ctl_api_lock();
	ctl_punt_resolve(ctl_loop_now_ms());
	ctl_api_unlock();
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
