/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 redirection on a switchover: when this chassis becomes active it
 * announces every srp-activated address of every started port, a
 * gratuitous ARP for IPv4 and an unsolicited Neighbour Advertisement
 * (override) for IPv6, repeated on a short schedule, so that switches and
 * bridges move the addresses' traffic to it at once. A standby never sends
 * them. Frames leave through the slow path (ctl_punt_send_frame()).
 * Context: control.
 */
#ifndef CTL_GARP_H
#define CTL_GARP_H

#include <stddef.h>
#include <stdint.h>

struct ctl_loop;

/* Frame sizes: Ethernet + ARP; Ethernet + IPv6 + NA with one option. */
#define CTL_GARP_ARP_LEN	42
#define CTL_GARP_NA_LEN		86
/* Announcement rounds after an activation, in ms from the activation. */
#define CTL_GARP_ROUNDS		3
#define CTL_GARP_SCHEDULE_MS	{ 0, 100, 1000 }

/**
 * Build a gratuitous ARP (RFC 5227 section 3, request form): broadcast,
 * sender and target protocol address @ip4, sender hardware address @mac.
 * Context: any (pure).
 * @return CTL_GARP_ARP_LEN, or -ENOSPC when @cap is smaller
 */
int ctl_garp_arp_build(uint8_t *buf, size_t cap, const uint8_t mac[6],
		       const uint8_t ip4[4]);

/**
 * Build an unsolicited Neighbour Advertisement (RFC 4861 section 7.2.6):
 * from @ip6 to all-nodes ff02::1 (MAC 33:33:00:00:00:01), hop limit 255,
 * Override set, Solicited clear, target @ip6 with a target link-layer
 * address option carrying @mac; ICMPv6 checksum filled in.
 * Context: any (pure).
 * @return CTL_GARP_NA_LEN, or -ENOSPC when @cap is smaller
 */
int ctl_garp_na_build(uint8_t *buf, size_t cap, const uint8_t mac[6],
		      const uint8_t ip6[16]);

/**
 * Create the (disarmed) round timer on @loop.
 * Context: control.
 * @return 0, -EALREADY, or -errno from the timer
 */
int ctl_garp_init(struct ctl_loop *loop);

/** Delete the timer. Idempotent. Context: control. */
void ctl_garp_fini(void);

/**
 * The data plane has just become active: send the first round now and
 * schedule the others (CTL_GARP_SCHEDULE_MS). Restarts a running schedule.
 * Context: control.
 */
void ctl_garp_activated(void);

/**
 * The data plane is being fenced: cancel the rounds still due.
 * Context: control.
 */
void ctl_garp_cancel(void);

/**
 * Send one round now: a frame per srp-activated address per started
 * port; nothing when the published forwarding state is not active.
 * Context: control.
 * @return number of frames queued
 */
unsigned int ctl_garp_round(void);

#endif /* CTL_GARP_H */
