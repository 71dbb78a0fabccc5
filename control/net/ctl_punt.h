/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Slow path on the control lcore: drains the workers' punt rings and answers
 * ARP, Neighbour Solicitation, ICMP/ICMPv6 echo and GTP-U Echo Request,
 * learns neighbours, sends rate-limited GTP-U Error Indications for unknown
 * TEIDs, marks sessions named in received Error Indications, and sends the
 * ARP requests / solicitations that resolve neighbours. Replies leave
 * through the tx ring of the worker that punted the packet. Context: control.
 */
#ifndef CTL_PUNT_H
#define CTL_PUNT_H

#include <stdint.h>

#include "dp_fwd.h"

struct ctl_loop;
struct rte_mbuf;

/* Punt rings are drained every millisecond, at most this many per tick. */
#define CTL_PUNT_PERIOD_MS	1
#define CTL_PUNT_BUDGET		256
/* Error Indications: token bucket, per second and burst. */
#define CTL_PUNT_ERRIND_RATE	100
/* ICMP fragmentation needed / Packet Too Big: token bucket, per second. */
#define CTL_PUNT_TOO_BIG_RATE	100
/* Punted packets handled per second and type (token buckets; the excess
 * is dropped and counted as limited_*): ICMP/ICMPv6 echo, each GTP-U
 * type (echo, Error Indication, unknown TEID) and too big packets, and
 * neighbour misses (each may create an entry and start ARP/ND). ARP and
 * ND are not limited: their own ring is drained first. */
#define CTL_PUNT_ECHO_RATE	1000
#define CTL_PUNT_GTPU_RATE	1000
#define CTL_PUNT_NH_MISS_RATE	200
/* ARP requests and neighbour solicitations: per second, and at most per
 * resolution pass (every 100 ms). */
#define CTL_PUNT_SOLICIT_RATE	100
#define CTL_PUNT_SOLICIT_BURST	64
/* Neighbour ageing on each resolution pass: entries looked at, at most
 * freed (each waits for an RCU grace period). */
#define CTL_PUNT_AGE_SLICE	256
#define CTL_PUNT_AGE_FREE	16

/* Control-side slow-path counters: CTL_PUNT_CNT(ENUM, name, help). */
#define CTL_PUNT_CNT_LIST(C) \
	C(RECEIVED, received, "punted packets taken off the rings") \
	C(ARP_REPLY, arp_replies, "ARP replies sent for local addresses") \
	C(ARP_REQUEST, arp_requests, "ARP requests sent to resolve neighbours") \
	C(NA_SENT, nd_advertisements, "neighbour advertisements sent") \
	C(NS_SENT, nd_solicitations, "neighbour solicitations sent") \
	C(NH_LEARNT, neighbours_learnt, "neighbour MACs learnt from ARP/NA") \
	C(ICMP_REPLY, icmp_echo_replies, "ICMP echo replies sent") \
	C(ICMP6_REPLY, icmp6_echo_replies, "ICMPv6 echo replies sent") \
	C(ECHO_RESP, gtpu_echo_responses, "GTP-U Echo Responses sent") \
	C(ERRIND_SENT, gtpu_err_ind_sent, \
	  "GTP-U Error Indications sent for unknown TEIDs") \
	C(ERRIND_SUPPRESSED, gtpu_err_ind_suppressed, \
	  "Error Indications not sent: rate limit reached") \
	C(ERRIND_MARKED, gtpu_err_ind_marked, \
	  "sessions marked by a received Error Indication") \
	C(ERRIND_UNKNOWN, gtpu_err_ind_unknown, \
	  "received Error Indications naming no session") \
	C(NH_DEMAND, nh_demand, "on-link destinations given a neighbour entry") \
	C(IGNORED, ignored, "punted packets needing no answer") \
	C(MALFORMED, malformed, "punted packets refused as malformed") \
	C(NO_MBUF, no_mbuf, "replies not sent: no mbuf") \
	C(TX_FAILED, tx_failed, "replies refused by a full worker tx ring") \
	C(GARP_SENT, garp_sent, \
	  "gratuitous ARPs sent for srp-activated addresses (ctl_garp)") \
	C(UNA_SENT, una_sent, \
	  "unsolicited neighbour advertisements sent (ctl_garp)") \
	C(BAD_SRC_MAC, bad_src_mac, \
	  "punted frames or ARP/ND with a broadcast, multicast or zero " \
	  "source link-layer address: refused") \
	C(NH_WRONG_PORT, nh_wrong_port, \
	  "ARP/ND not learnt: sender outside the subnets of the receiving " \
	  "port, or its neighbour entry is on another port") \
	C(TOO_BIG4_SENT, icmp_frag_needed_sent, \
	  "ICMP fragmentation needed sent for too big downlink packets") \
	C(TOO_BIG6_SENT, icmp6_too_big_sent, \
	  "ICMPv6 Packet Too Big sent for too big downlink packets") \
	C(TOO_BIG_SUPPRESSED, icmp_too_big_suppressed, \
	  "fragmentation needed / Packet Too Big not sent: rate limit") \
	C(LIMITED_ECHO, limited_icmp_echo, \
	  "punted ICMP/ICMPv6 echo requests dropped: per-type rate limit") \
	C(LIMITED_GTPU_ECHO, limited_gtpu_echo, \
	  "punted GTP-U Echo Requests dropped: per-type rate limit") \
	C(LIMITED_ERR_IND, limited_gtpu_err_ind, \
	  "punted Error Indications dropped: per-type rate limit") \
	C(LIMITED_NO_SESS, limited_gtpu_unknown_teid, \
	  "punted unknown-TEID G-PDUs dropped: per-type rate limit") \
	C(LIMITED_NH_MISS, limited_nh_miss, \
	  "punted neighbour misses dropped: per-type rate limit") \
	C(LIMITED_TOO_BIG, limited_too_big, \
	  "punted too big packets dropped: per-type rate limit") \
	C(NH_DEMAND_REFUSED, nh_demand_refused, \
	  "on-link destinations given no neighbour entry: on-demand cap") \
	C(NH_AGED, neighbours_aged, \
	  "on-demand neighbour entries freed: unused or unresolved")

enum ctl_punt_cnt {
#define CTL_PUNT_CNT_ENUM(e, n, h) CTL_PUNT_##e,
	CTL_PUNT_CNT_LIST(CTL_PUNT_CNT_ENUM)
#undef CTL_PUNT_CNT_ENUM
	CTL_PUNT_CNT_MAX
};

/**
 * Start draining the punt rings from a CTL_PUNT_PERIOD_MS timer on @loop,
 * and resolving neighbours (once a second). Without workers there are no
 * rings: nothing is answered.
 * Context: control, after dp_init().
 * @return 0, -EALREADY, or -errno from the timer
 */
int ctl_punt_init(struct ctl_loop *loop);

/** Stop the timers. Idempotent. Context: control. */
void ctl_punt_fini(void);

/**
 * Drain up to @budget punted packets from the workers' rings and handle
 * each one (the timer calls this with CTL_PUNT_BUDGET).
 * Context: control.
 * @return number of packets handled
 */
unsigned int ctl_punt_poll(unsigned int budget);

/**
 * Handle one punted packet from worker @worker_idx (consumes @m).
 * Context: control.
 */
void ctl_punt_handle(unsigned int worker_idx, struct rte_mbuf *m);

/**
 * Send ARP requests / neighbour solicitations for the neighbours due at
 * @now_ms (see ctl_nbr_due()), as many as the CTL_PUNT_SOLICIT_RATE
 * token bucket (clocked by @now_ms) allows, at most
 * CTL_PUNT_SOLICIT_BURST.
 * Context: control.
 * @return number of neighbours solicited
 */
unsigned int ctl_punt_resolve(uint64_t now_ms);

/**
 * Value of counter @c (CTL_PUNT_*), its name and help.
 * Context: control.
 */
uint64_t ctl_punt_cnt(unsigned int c);
const char *ctl_punt_cnt_name(unsigned int c);
const char *ctl_punt_cnt_help(unsigned int c);

/**
 * Send the complete Ethernet frame @frame (@len bytes, built by the
 * caller) out of port @port_idx through worker 0's tx ring, as the
 * neighbour solicitations do; counts @ok (a CTL_PUNT_* value) when queued,
 * CTL_PUNT_NO_MBUF or CTL_PUNT_TX_FAILED otherwise.
 * Context: control.
 * @return 0, -ENODEV without workers or for a port not started, -ENOMEM,
 *   or the ring's refusal from dp_msg_tx_send()
 */
int ctl_punt_send_frame(uint16_t port_idx, const uint8_t *frame, uint16_t len,
			unsigned int ok);

/**
 * Send a GTP-U Error Indication (TS 29.281 section 7.3.1: header TEID 0,
 * Tunnel Endpoint Identifier Data I = @teid, GTP-U Peer Address = our
 * address) to the tunnel peer @peer (@af 4 or 6) through its neighbour
 * @nh_id, from the address of the neighbour's port: tells an eNodeB or
 * gNodeB that uplink TEID @teid is gone here. Counted as
 * gtpu_err_ind_sent; not rate-limited (the caller bounds it).
 * Context: control.
 * @return 0, -ENODEV (no data plane), -EINVAL, -EHOSTUNREACH (neighbour
 *   unknown or unresolved),
 *   -EADDRNOTAVAIL (no source address of @af on the port), or the error
 *   of ctl_punt_send_frame()
 */
int ctl_punt_errind_send(uint16_t nh_id, uint8_t af, const uint8_t *peer,
			 uint32_t teid);

/** Zero the counters and refill the rate limiter (tests). */
void ctl_punt_reset(void);

#endif /* CTL_PUNT_H */
