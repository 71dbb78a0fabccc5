/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Gratuitous ARP and unsolicited Neighbour Advertisements for the
 * srp-activated addresses after an activation (docs/redirection.md):
 * frame builders, the per-port walk and the repeat schedule on a control
 * reactor timer. Context: control.
 */
#include <errno.h>
#include <string.h>

#include <rte_ether.h>

#include "core/ctl_api.h"
#include "ctl_garp.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_punt.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"

static const uint64_t garp_schedule[CTL_GARP_ROUNDS] = CTL_GARP_SCHEDULE_MS;

static struct ctl_timer *garp_timer;
static unsigned int garp_next;		/* next round; ROUNDS = none due */
static uint64_t garp_since_ms;		/* activation time of the rounds */

static void
garp_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int
ctl_garp_arp_build(uint8_t *buf, size_t cap, const uint8_t mac[6],
		   const uint8_t ip4[4])
{
	uint8_t *a = buf + 14;

	if (buf == NULL || cap < CTL_GARP_ARP_LEN)
		return -ENOSPC;
	memset(buf, 0xff, 6);			/* broadcast */
	memcpy(buf + 6, mac, 6);
	garp_wr16(buf + 12, RTE_ETHER_TYPE_ARP);
	garp_wr16(a, 1);			/* Ethernet */
	garp_wr16(a + 2, RTE_ETHER_TYPE_IPV4);
	a[4] = 6;
	a[5] = 4;
	garp_wr16(a + 6, 1);			/* request */
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, ip4, 4);			/* sender = target */
	memset(a + 18, 0, 6);
	memcpy(a + 24, ip4, 4);
	return CTL_GARP_ARP_LEN;
}

/* One's-complement sum of @len bytes (even) added to @sum. */
static uint32_t
garp_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)((p[i] << 8) | p[i + 1]);
	return sum;
}

int
ctl_garp_na_build(uint8_t *buf, size_t cap, const uint8_t mac[6],
		  const uint8_t ip6[16])
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	const uint16_t icmp_len = 32;
	uint8_t *ip = buf + 14;
	uint8_t *icmp = ip + 40;
	uint32_t sum;

	if (buf == NULL || cap < CTL_GARP_NA_LEN)
		return -ENOSPC;
	memset(buf, 0, CTL_GARP_NA_LEN);
	memcpy(buf, all_nodes_mac, 6);
	memcpy(buf + 6, mac, 6);
	garp_wr16(buf + 12, RTE_ETHER_TYPE_IPV6);
	ip[0] = 0x60;
	garp_wr16(ip + 4, icmp_len);
	ip[6] = 58;				/* ICMPv6 */
	ip[7] = 255;				/* RFC 4861 section 7.1.2 */
	memcpy(ip + 8, ip6, 16);
	memcpy(ip + 24, all_nodes, 16);
	icmp[0] = 136;				/* Neighbour Advertisement */
	icmp[4] = 0x20;				/* Override only */
	memcpy(icmp + 8, ip6, 16);
	icmp[24] = 2;				/* target link-layer address */
	icmp[25] = 1;
	memcpy(icmp + 26, mac, 6);
	/* Pseudo header: addresses, upper-layer length, next header. */
	sum = garp_sum(0, ip + 8, 32);
	sum += icmp_len + 58;
	sum = garp_sum(sum, icmp, icmp_len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	garp_wr16(icmp + 2, (uint16_t)~sum);
	return CTL_GARP_NA_LEN;
}

unsigned int
ctl_garp_round(void)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	const struct dp_fwd_port *p;
	const struct dp_fwd_addr *a;
	uint8_t frame[CTL_GARP_NA_LEN];
	unsigned int sent = 0;
	unsigned int i, k;
	int len;

	/* Never from a standby: the published flag is what workers obey. */
	if (fs == NULL || !fs->active)
		return 0;
	for (i = 0; i < DP_MAX_PORTS && i < dp_port_count(); i++) {
		p = &fs->ports[i];
		if (!p->used)
			continue;
		for (k = 0; k < p->n_addrs && k < DP_FWD_MAX_ADDRS; k++) {
			a = &p->addrs[k];
			if (!a->srp_activate)
				continue;
			if (a->af == 4)
				len = ctl_garp_arp_build(frame, sizeof(frame),
							 p->mac.addr_bytes,
							 a->addr);
			else
				len = ctl_garp_na_build(frame, sizeof(frame),
							p->mac.addr_bytes,
							a->addr);
			if (len > 0 &&
			    ctl_punt_send_frame((uint16_t)i, frame,
						(uint16_t)len,
						a->af == 4 ? CTL_PUNT_GARP_SENT :
							     CTL_PUNT_UNA_SENT)
			    == 0)
				sent++;
		}
	}
	return sent;
}

/* Arm the timer for round garp_next, or disarm when none is left. */
static void
garp_arm(uint64_t since_ms)
{
	uint64_t now = ctl_loop_now_ms();
	uint64_t at;

	if (garp_timer == NULL)
		return;
	if (garp_next >= CTL_GARP_ROUNDS) {
		ctl_loop_timer_stop(garp_timer);
		return;
	}
	at = since_ms + garp_schedule[garp_next];
	/* 0 would disarm a timerfd: a due round fires after 1 ms. */
	if (ctl_loop_timer_set(garp_timer, at > now ? at - now : 1, 0) < 0)
		CTL_LOG(ERR, "cannot arm the gratuitous ARP timer");
}

static void
garp_on_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	if (garp_next < CTL_GARP_ROUNDS) {
		ctl_garp_round();
		garp_next++;
		garp_arm(garp_since_ms);
	}
}

void
ctl_garp_activated(void)
{
	unsigned int n;

	garp_since_ms = ctl_loop_now_ms();
	n = ctl_garp_round();
	garp_next = 1;
	garp_arm(garp_since_ms);
	CTL_LOG(INFO, "announced %u srp-activated address(es) (gratuitous "
		"ARP / unsolicited NA), %u more round(s) due", n,
		CTL_GARP_ROUNDS - 1);
}

void
ctl_garp_cancel(void)
{
	garp_next = CTL_GARP_ROUNDS;
	if (garp_timer != NULL)
		ctl_loop_timer_stop(garp_timer);
}

int
ctl_garp_init(struct ctl_loop *loop)
{
	if (garp_timer != NULL)
		return -EALREADY;
	garp_next = CTL_GARP_ROUNDS;
	garp_timer = ctl_loop_timer_add(loop, 1000, 0, garp_on_timer, NULL);
	if (garp_timer == NULL)
		return -errno;
	ctl_loop_timer_stop(garp_timer);
	return 0;
}

void
ctl_garp_fini(void)
{
	if (garp_timer != NULL)
		ctl_loop_timer_del(garp_timer);
	garp_timer = NULL;
	garp_next = CTL_GARP_ROUNDS;
}
