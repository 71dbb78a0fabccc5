/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure core of the slow path: one punted frame and the forwarding state in,
 * the actions it asks for out (a reply frame, a neighbour to learn or to
 * create, a session to mark, an Error Indication wanted, counters). No
 * mbufs, rings, tables or clocks: ctl_punt.c applies the actions, the unit
 * tests and fuzz_ctl_punt call it directly. Context: any (control).
 */
#ifndef CTL_PUNT_PKT_H
#define CTL_PUNT_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include "dp_fwd.h"

/* Largest reply frame built (Ethernet header included): fits an mbuf of
 * the default data room. */
#define CTL_PUNT_REPLY_MAX	2048
/* Counters one punted frame may add to. */
#define CTL_PUNT_ACT_MAX_CNT	4
/* Bytes of the offending packet quoted in an ICMP error (RFC 1812 section
 * 4.3.2.3 for IPv4 asks for as much as fits in 576 bytes; RFC 4443 section
 * 2.4 (c) for IPv6 in 1280). */
#define CTL_PUNT_ICMP4_QUOTE	(576 - 20 - 8)
#define CTL_PUNT_ICMP6_QUOTE	(1280 - 40 - 8)

/* What the control lcore is asked to do about one punted frame. */
struct ctl_punt_act {
	uint8_t		n_cnt;
	uint8_t		cnt[CTL_PUNT_ACT_MAX_CNT];	/* CTL_PUNT_* += 1 */
	/* Learn nh_mac for nh_addr if an entry exists on the receiving port
	 * (checked by the caller: the entry's port is table state). */
	bool		learn;
	/* NH_MISS: give the on-link destination nh_addr an entry. */
	bool		demand;
	uint8_t		nh_af;
	uint8_t		nh_addr[16];
	uint8_t		nh_mac[6];
	/* Error Indication received: flag the session with this remote TEID
	 * towards this peer. */
	bool		mark;
	uint8_t		mark_af;
	uint32_t	mark_teid;
	uint8_t		mark_addr[16];
	/* G-PDU of an unknown TEID: an Error Indication is wanted; the caller
	 * rate-limits, then builds it with ctl_punt_pkt_errind(). */
	bool		errind;
	/* Reply frame for the receiving port (reply_len 0 = none), counted as
	 * reply_cnt once queued. */
	uint8_t		reply_cnt;
	uint16_t	reply_len;
	uint8_t		reply[CTL_PUNT_REPLY_MAX];
};

/**
 * Handle the frame @frame (@len bytes, L3 header at @l3) that a worker
 * punted for @reason (enum dp_punt_reason) from port @port: validate it and
 * fill @act. @aux is the reason's extra value (DP_PUNT_TOO_BIG: the
 * next-hop MTU to report). Every length is checked against @len.
 * Context: any (control).
 */
void ctl_punt_pkt(const struct dp_fwd_state *fs, uint16_t port,
		  uint8_t reason, uint32_t aux, const uint8_t *frame,
		  uint32_t len, uint16_t l3, struct ctl_punt_act *act);

/**
 * Build into @act the Error Indication answering the G-PDU @frame (for
 * which ctl_punt_pkt() set act->errind), with sequence number @seq.
 * Context: any (control).
 * @return 0, or -EINVAL when the frame does not parse (act unchanged)
 */
int ctl_punt_pkt_errind(const struct dp_fwd_state *fs, uint16_t port,
			const uint8_t *frame, uint32_t len, uint16_t l3,
			uint16_t seq, struct ctl_punt_act *act);

/**
 * Build the ARP request (IPv4) or neighbour solicitation (IPv6, to the
 * solicited-node group, RFC 4861 section 7.2.2) resolving @addr on port
 * @port into @out (@out_len bytes).
 * Context: any (control).
 * @return frame length, -ENOENT (no port or no source address),
 *   -ENOSPC
 */
int ctl_punt_pkt_solicit(const struct dp_fwd_state *fs, uint16_t port,
			 uint8_t af, const uint8_t *addr, uint8_t *out,
			 uint32_t out_len);

/**
 * Index of the address of port @p whose subnet holds @addr (host
 * addresses /32 and /128 left out), or -1.
 * Context: any.
 */
int ctl_punt_pkt_subnet(const struct dp_fwd_port *p, uint8_t af,
			const uint8_t *addr);

#endif /* CTL_PUNT_PKT_H */
