/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the GTP-U parser: runs gtpu_ip_parse,
 * gtpu_outer_parse and gtpu_err_ind_parse on each input (L3 at offset 0)
 * and checks that what the builders answer to an accepted packet parses
 * back. Any broken invariant aborts. Test code only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gtpu_build.h"
#include "gtpu_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

/* Invariants of an accepted packet. */
static void
check_info(const struct gtpu_info *info, uint32_t len)
{
	check(info->outer_af == 4 || info->outer_af == 6);
	check(info->l3_off < info->l4_off && info->l4_off < info->gtp_off);
	check(info->gtp_off + 8u <= info->payload_off);
	check((uint32_t)info->payload_off + info->payload_len == info->ip_end);
	check(info->ip_end <= len);
	check(!info->has_qfi || info->qfi <= GTPU_QFI_MASK);
	check(!info->has_qfi || info->pdu_type <= GTPU_PDU_TYPE_UL);
	if (info->msg_type == GTPU_MSG_GPDU) {
		check(info->teid != 0);
		check(info->inner_af == 4 || info->inner_af == 6);
		check(info->inner_len > 0 &&
		      info->inner_len <= info->payload_len);
	}
}

/* Echo Response to an accepted Echo Request must itself be valid. */
static void
check_echo(const struct gtpu_info *req)
{
	uint8_t out[GTPU_REPLY_MAX_LEN];
	struct gtpu_info resp;
	int n;

	n = gtpu_echo_resp_build(out, sizeof(out), req);
	check(n > 0);
	/* It goes to the request's source port; the parser wants 2152. */
	out[n - 22 + 2] = GTPU_UDP_PORT >> 8;
	out[n - 22 + 3] = GTPU_UDP_PORT & 0xff;
	check(gtpu_outer_parse(out, (uint32_t)n, 0, &resp) == GTPU_OK);
	check(resp.msg_type == GTPU_MSG_ECHO_RESP);
	check(resp.seq == (req->has_seq ? req->seq : 0));
}

/* Error Indication and re-encapsulation of an accepted G-PDU. */
static void
check_gpdu(const uint8_t *data, const struct gtpu_info *info)
{
	static uint8_t pkt[GTPU_ENCAP_MAX_LEN + 65536];
	struct gtpu_encap_params ep;
	struct gtpu_err_ind_params p;
	uint8_t out[GTPU_REPLY_MAX_LEN], peer[16], af;
	struct gtpu_info ind, enc;
	uint32_t teid;
	int n;

	gtpu_err_ind_params_from(&p, info, 1);
	n = gtpu_err_ind_build(out, sizeof(out), &p);
	check(n > 0);
	check(gtpu_outer_parse(out, (uint32_t)n, 0, &ind) == GTPU_OK);
	check(gtpu_err_ind_parse(out, (uint32_t)n, &ind, &teid, &af, peer) ==
	      GTPU_OK);
	check(teid == info->teid && af == info->outer_af);

	memset(&ep, 0, sizeof(ep));
	ep.outer_af = info->outer_af;
	ep.teid = info->teid;
	ep.udp_sport = info->udp_sport;
	ep.has_qfi = info->has_qfi;
	ep.qfi = info->qfi;
	memcpy(ep.src, info->dst, 16);
	memcpy(ep.dst, info->src, 16);
	n = gtpu_encap_build(pkt, &ep, info->inner_len);
	if (n < 0) {
		/* Only a too large inner packet may be refused. */
		check(n == -EMSGSIZE);
		return;
	}
	memcpy(pkt + n, data + info->payload_off, info->inner_len);
	if (ep.outer_af == 6)
		check(gtpu_encap_udp6_cksum(pkt, pkt + n, info->inner_len) ==
		      0);
	check(gtpu_outer_parse(pkt, (uint32_t)n + info->inner_len, 0, &enc) ==
	      GTPU_OK);
	check(enc.teid == info->teid && enc.inner_len == info->inner_len);
	check(enc.has_qfi == info->has_qfi && enc.qfi == info->qfi);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gtpu_ip_info ipi;
	struct gtpu_info info;
	uint8_t peer[16], af;
	uint32_t len, teid;

	if (size > 70000)
		return 0;
	len = (uint32_t)size;
	if (gtpu_ip_parse(data, len, 0, &ipi) == GTPU_OK)
		check(ipi.l3_len <= len && (ipi.af == 4 || ipi.af == 6));
	if (gtpu_outer_parse(data, len, 0, &info) != GTPU_OK)
		return 0;
	check_info(&info, len);
	switch (info.msg_type) {
	case GTPU_MSG_ERR_IND:
		(void)gtpu_err_ind_parse(data, len, &info, &teid, &af, peer);
		break;
	case GTPU_MSG_ECHO_REQ:
		check_echo(&info);
		break;
	case GTPU_MSG_GPDU:
		check_gpdu(data, &info);
		break;
	default:
		break;
	}
	return 0;
}
