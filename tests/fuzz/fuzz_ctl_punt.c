/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the control-side slow-path handlers (ctl_punt_pkt:
 * ARP, ND, ICMP/ICMPv6 echo and too-big, GTP-U echo, Error Indication,
 * neighbour misses) against a fixed two-port forwarding state. Input: one
 * byte punt reason, one byte port, two bytes next-hop MTU, one byte L3
 * offset selector, then the Ethernet frame. Checks that every reply is
 * well formed (length, Ethernet source, IPv4 header and ICMP checksums)
 * and that actions carry sane values. Any broken invariant aborts. Test
 * code only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ctl_punt.h"
#include "net/ctl_punt_pkt.h"
#include "dp_msg.h"
#include "gtpu_build.h"

#define HDR_LEN		5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dp_fwd_state fz_fs;
static struct ctl_punt_act fz_act;

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
fz_addr(struct dp_fwd_port *p, uint8_t af, const uint8_t *a, uint8_t plen)
{
	struct dp_fwd_addr *x = &p->addrs[p->n_addrs];

	x->af = af;
	x->plen = plen;
	memcpy(x->addr, a, af == 4 ? 4 : 16);
	if (af == 4 && p->src4 < 0)
		p->src4 = (int8_t)p->n_addrs;
	if (af == 6 && p->src6 < 0)
		p->src6 = (int8_t)p->n_addrs;
	p->n_addrs++;
}

/* Access port 0 (198.51.100.1/24, 2001:db8:a:1::1/64, loopback
 * 198.51.100.10/32), core port 1 (203.0.113.1/24, 2001:db8:c::1/64), port
 * 2 unused. */
static void
fz_state(void)
{
	static const uint8_t acc4[4] = { 198, 51, 100, 1 };
	static const uint8_t lo4[4] = { 198, 51, 100, 10 };
	static const uint8_t acc6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0,
					  1, [15] = 1 };
	static const uint8_t core4[4] = { 203, 0, 113, 1 };
	static const uint8_t core6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0c,
					   [15] = 1 };
	unsigned int i;

	memset(&fz_fs, 0, sizeof(fz_fs));
	fz_fs.active = true;
	fz_fs.data_mode = DP_DATA_ALL;
	fz_fs.src_check = true;
	for (i = 0; i < DP_MAX_PORTS; i++) {
		fz_fs.ports[i].src4 = -1;
		fz_fs.ports[i].src6 = -1;
	}
	for (i = 0; i < 2; i++) {
		fz_fs.ports[i].used = true;
		fz_fs.ports[i].role = i == 0 ? DP_ROLE_ACCESS : DP_ROLE_CORE;
		fz_fs.ports[i].mac.addr_bytes[0] = 2;
		fz_fs.ports[i].mac.addr_bytes[5] = (uint8_t)(i + 1);
	}
	fz_addr(&fz_fs.ports[0], 4, acc4, 24);
	fz_addr(&fz_fs.ports[0], 4, lo4, 32);
	fz_addr(&fz_fs.ports[0], 6, acc6, 64);
	fz_addr(&fz_fs.ports[1], 4, core4, 24);
	fz_addr(&fz_fs.ports[1], 6, core6, 64);
}

/* Invariants of a reply frame built for port @port. */
static void
check_reply(uint16_t port, const struct ctl_punt_act *act)
{
	const uint8_t *r = act->reply;
	uint16_t type;
	uint32_t ihl;
	uint32_t tl;

	check(act->reply_len >= 14 && act->reply_len <= CTL_PUNT_REPLY_MAX);
	check(act->reply_cnt < CTL_PUNT_CNT_MAX);
	check(memcmp(r + 6, fz_fs.ports[port].mac.addr_bytes, 6) == 0);
	check((r[0] & 1) == 0 || act->reply_cnt == CTL_PUNT_NA_SENT);
	type = (uint16_t)(r[12] << 8 | r[13]);
	if (type == 0x0806) {
		check(act->reply_len == 14 + 28);
		return;
	}
	if (type == 0x0800) {
		check(act->reply_len >= 14 + 20);
		ihl = (uint32_t)(r[14] & 0x0f) * 4;
		tl = (uint32_t)(r[16] << 8 | r[17]);
		check(r[14] >> 4 == 4 && ihl == 20);
		check(tl == act->reply_len - 14u);
		check(gtpu_cksum_fold(gtpu_cksum_add(0, r + 14, 20)) == 0);
		if (r[14 + 9] == 1)
			check(gtpu_cksum_fold(gtpu_cksum_add(0, r + 34,
							     tl - 20)) == 0);
		return;
	}
	check(type == 0x86dd);
	check(act->reply_len >= 14 + 40);
	check((uint32_t)(r[18] << 8 | r[19]) == act->reply_len - 54u);
	if (r[20] == 58) {
		uint32_t sum = gtpu_cksum_add(0, r + 22, 32);

		sum += act->reply_len - 54u + 58;
		sum = gtpu_cksum_add(sum, r + 54, act->reply_len - 54u);
		check(gtpu_cksum_fold(sum) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *frame = data + HDR_LEN;
	uint8_t buf[128];
	uint32_t len;
	uint16_t port;
	uint16_t l3;
	unsigned int i;
	int n;

	if (fz_fs.ports[0].used == false)
		fz_state();
	if (size < HDR_LEN || size - HDR_LEN > 65535)
		return 0;
	len = (uint32_t)(size - HDR_LEN);
	port = data[1] % 3;
	/* Usually the Ethernet header length (with or without a tag), now
	 * and then any offset, as a worker bug would give. */
	l3 = data[4] < 128 ? 14 : data[4] < 192 ? 18 : data[4];
	ctl_punt_pkt(&fz_fs, port, (uint8_t)(data[0] % (DP_PUNT_MAX + 1)),
		     (uint32_t)(data[2] << 8 | data[3]), frame, len, l3,
		     &fz_act);
	check(fz_act.n_cnt <= CTL_PUNT_ACT_MAX_CNT);
	for (i = 0; i < fz_act.n_cnt; i++)
		check(fz_act.cnt[i] < CTL_PUNT_CNT_MAX);
	check(!fz_act.learn || fz_act.nh_af == 4 || fz_act.nh_af == 6);
	check(!fz_act.learn || (fz_act.nh_mac[0] & 1) == 0);
	check(!fz_act.demand || fz_act.nh_af == 4 || fz_act.nh_af == 6);
	check(!fz_act.mark || fz_act.mark_af == 4 || fz_act.mark_af == 6);
	if (fz_act.reply_len != 0) {
		check(port < 2);
		check_reply(port, &fz_act);
	}
	if (fz_act.errind) {
		check(fz_act.reply_len == 0);
		check(ctl_punt_pkt_errind(&fz_fs, port, frame, len, l3, 7,
					  &fz_act) == 0);
		check_reply(port, &fz_act);
	}
	/* Solicitations for whatever address the frame starts with. */
	if (len >= 16) {
		n = ctl_punt_pkt_solicit(&fz_fs, port, len & 1 ? 6 : 4, frame,
					 buf, sizeof(buf));
		check(n == -ENOENT || (n > 0 && n <= (int)sizeof(buf)));
	}
	return 0;
}
