/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure slow-path handlers of GTP-U signalling (TS 29.281): Echo Request
 * (Echo Response), G-PDUs of unknown TEIDs (Error Indication wanted and
 * built) and Error Indications received (session to mark). Context: any
 * (run by the control lcore).
 */
#include <errno.h>
#include <string.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "ctl_punt_pkt_int.h"
#include "dp_msg.h"
#include "gtpu_build.h"
#include "gtpu_parse.h"

/* Frame of the IP packet @l3 (@len bytes, from gtpu_build) back to the
 * sender of @frame. */
static void
pkt_l3_reply(const struct dp_fwd_state *fs, uint16_t port,
	     const uint8_t *frame, const uint8_t *l3, int len,
	     enum ctl_punt_cnt ok, struct ctl_punt_act *act)
{
	uint8_t *d;

	if (len <= 0 || PKT_ETH_LEN + len > CTL_PUNT_REPLY_MAX) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	d = ctl_punt_eth(fs, port, frame + 6,
			 (l3[0] >> 4) == 4 ? PKT_ETH_IPV4 : PKT_ETH_IPV6, act);
	memcpy(d, l3, (size_t)len);
	act->reply_len = (uint16_t)(PKT_ETH_LEN + len);
	act->reply_cnt = ok;
}

int
ctl_punt_pkt_errind(const struct dp_fwd_state *fs, uint16_t port,
		    const uint8_t *frame, uint32_t len, uint16_t l3,
		    uint16_t seq, struct ctl_punt_act *act)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];
	struct gtpu_err_ind_params ep;
	struct gtpu_info gi;

	if (fs == NULL || port >= DP_MAX_PORTS || l3 < PKT_ETH_LEN ||
	    l3 >= len || gtpu_outer_parse(frame, len, l3, &gi) != GTPU_OK ||
	    gi.msg_type != GTPU_MSG_GPDU)
		return -EINVAL;
	gtpu_err_ind_params_from(&ep, &gi, seq);
	pkt_l3_reply(fs, port, frame, buf,
		     gtpu_err_ind_build(buf, sizeof(buf), &ep),
		     CTL_PUNT_ERRIND_SENT, act);
	return 0;
}

void
ctl_punt_gtpu_rx(const struct dp_fwd_state *fs, uint16_t port, uint8_t reason,
		 const uint8_t *frame, uint32_t len, uint16_t l3,
		 struct ctl_punt_act *act)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];
	struct gtpu_info gi;

	if (gtpu_outer_parse(frame, len, l3, &gi) != GTPU_OK) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	switch (reason) {
	case DP_PUNT_GTPU_ECHO_REQ:
		pkt_l3_reply(fs, port, frame, buf,
			     gtpu_echo_resp_build(buf, sizeof(buf), &gi),
			     CTL_PUNT_ECHO_RESP, act);
		break;
	case DP_PUNT_GTPU_NO_SESS:
		if (gi.msg_type != GTPU_MSG_GPDU) {
			ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		act->errind = true;
		break;
	default:
		memset(act->mark_addr, 0, sizeof(act->mark_addr));
		if (gtpu_err_ind_parse(frame, len, &gi, &act->mark_teid,
				       &act->mark_af, act->mark_addr) !=
		    GTPU_OK) {
			ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		act->mark = true;
		break;
	}
}
