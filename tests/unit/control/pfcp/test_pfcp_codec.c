/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the PFCP codec: round trips of every sample message, the
 * Open5GS-shaped Session Establishment Request (built here and read from
 * tests/vectors/pfcp), every framing and IE error with the IE it reports,
 * limits, unknown and vendor IEs, encoder refusals and random mutations.
 * Runs without EAL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "pfcp_sample.h"
#include "support/ut_rand.h"
#include "support/ut_run.h"

static uint8_t buf[PFCP_MSG_MAX];
static uint8_t buf2[PFCP_MSG_MAX];
static struct pfcp_msg msg, msg2;

static size_t
encode(sample_build_fn *build, uint8_t *out)
{
	size_t len = 0;

	build(&msg);
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_encode(&msg, out, PFCP_MSG_MAX, &len),
			      PFCP_OK);
	return len;
}

/* Encode the current msg into buf. */
static size_t
encode_cur(void)
{
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(pfcp_msg_encode(&msg, buf, PFCP_MSG_MAX, &len),
			      PFCP_OK);
	return len;
}

/* Decode @len bytes of buf; the error, with *ei filled. */
static enum pfcp_err
decode(size_t len, struct pfcp_err_info *ei)
{
	return pfcp_msg_decode(buf, len, &msg2, ei);
}

/* Raw message writer for error cases: header, then IEs by hand. */
static size_t
raw_hdr(uint8_t type, bool seid)
{
	memset(buf, 0, 16);
	buf[0] = 0x20 | (seid ? PFCP_HDR_F_S : 0);
	buf[1] = type;
	buf[seid ? 14 : 6] = 7;	/* seq 7 */
	return seid ? 16 : 8;
}

static size_t
raw_ie(size_t at, uint16_t type, uint16_t len, const void *v)
{
	buf[at] = (uint8_t)(type >> 8);
	buf[at + 1] = (uint8_t)type;
	buf[at + 2] = (uint8_t)(len >> 8);
	buf[at + 3] = (uint8_t)len;
	memcpy(buf + at + 4, v, len);
	return at + 4 + len;
}

static size_t
raw_end(size_t len)
{
	buf[2] = (uint8_t)((len - 4) >> 8);
	buf[3] = (uint8_t)(len - 4);
	return len;
}

static const uint8_t rts[4] = { 0xe8, 0, 0, 1 };

static void
test_pfcp_codec_roundtrip_every_sample(void)
{
	size_t i, len, len2;

	for (i = 0; i < N_SAMPLES; i++) {
		struct pfcp_err_info ei;

		len = encode(samples[i].build, buf);
		CU_ASSERT_EQUAL(pfcp_msg_decode(buf, len, &msg2, &ei), PFCP_OK);
		if (ei.err != PFCP_OK)
			fprintf(stderr, "\n  %s: %s ie %u", samples[i].name,
				pfcp_err_name(ei.err), ei.ie_type);
		CU_ASSERT_EQUAL(msg2.hdr.type, msg.hdr.type);
		CU_ASSERT_EQUAL(msg2.hdr.seq, SAMPLE_SEQ);
		CU_ASSERT_EQUAL(msg2.hdr.seid, msg.hdr.seid);
		CU_ASSERT_EQUAL(msg2.hdr.has_seid,
				pfcp_msg_type_has_seid(msg.hdr.type));
		CU_ASSERT_EQUAL(msg2.hdr.msg_len, len);
		CU_ASSERT_EQUAL(msg2.present, msg.present);
		CU_ASSERT_EQUAL(msg2.n_unknown + msg2.n_vendor, 0);
		CU_ASSERT_EQUAL(msg2.n_create_pdr, msg.n_create_pdr);
		CU_ASSERT_EQUAL(msg2.n_create_far, msg.n_create_far);
		CU_ASSERT_EQUAL(msg2.n_created_pdr, msg.n_created_pdr);
		CU_ASSERT_EQUAL(msg2.n_update_far, msg.n_update_far);
		CU_ASSERT_EQUAL(msg2.n_remove_qer, msg.n_remove_qer);
		/* Canonical: re-encoding the decoded message is equal. */
		CU_ASSERT_EQUAL(pfcp_msg_encode(&msg2, buf2, sizeof(buf2),
						&len2), PFCP_OK);
		CU_ASSERT_EQUAL(len2, len);
		CU_ASSERT(memcmp(buf, buf2, len) == 0);
		CU_ASSERT_STRING_NOT_EQUAL(pfcp_msg_type_name(msg.hdr.type),
					   "unknown");
	}
}

static void
test_pfcp_codec_values_survive(void)
{
	size_t len;

	len = encode(sample_assoc_setup_resp, buf);
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.recovery_ts, SAMPLE_RECOVERY_TS);
	CU_ASSERT_EQUAL(msg2.cause, PFCP_CAUSE_ACCEPTED);
	CU_ASSERT_EQUAL(msg2.node_id.type, PFCP_NODE_ID_IPV4);
	CU_ASSERT(memcmp(msg2.node_id.v4, sample_up_v4, 4) == 0);
	CU_ASSERT(msg2.up_features[0] & PFCP_UPF_F5_FTUP);
	CU_ASSERT_EQUAL(msg2.up_features_len, 2);

	len = encode(sample_sess_est_resp, buf);
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.fseid.seid, SAMPLE_UP_SEID);
	CU_ASSERT_EQUAL(msg2.created_pdr[1].pdr_id, 3);
	CU_ASSERT(msg2.created_pdr[1].has_fteid);
	CU_ASSERT_EQUAL(msg2.created_pdr[1].fteid.teid, SAMPLE_TEID);
	CU_ASSERT(memcmp(msg2.created_pdr[1].fteid.v6, sample_up_v6, 16) ==
		  0);

	len = encode(sample_sess_est_resp_rule_fail, buf);
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.failed_rule.type, PFCP_RULE_PDR);
	CU_ASSERT_EQUAL(msg2.failed_rule.id, 3);

	len = encode(sample_sess_est_resp_missing, buf);
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.offending_ie, PFCP_IE_F_SEID);

	len = encode(sample_sess_mod_req, buf);
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.update_far[0].fwd.ohc.teid, 0x202);
	CU_ASSERT_EQUAL(msg2.update_far[0].apply_action, PFCP_AA_FORW);
	CU_ASSERT_EQUAL(msg2.update_pdr[0].precedence, 200);
	CU_ASSERT_EQUAL(msg2.remove_pdr[0], 4);
	CU_ASSERT_EQUAL(msg2.remove_far[0], 4);
	CU_ASSERT_EQUAL(msg2.remove_urr[0], 9);
	CU_ASSERT_EQUAL(msg2.remove_qer[0], 7);

	len = encode(sample_version_not_supp, buf);
	CU_ASSERT_EQUAL(len, PFCP_HDR_NODE_LEN);
}

/* The decoded Open5GS-shaped request, whatever produced its bytes. */
static void
check_open5gs_req(const struct pfcp_msg *m)
{
	const struct pfcp_pdr *p = m->create_pdr;
	const struct pfcp_far *f = m->create_far;

	CU_ASSERT_EQUAL(m->hdr.type, PFCP_MSG_SESS_EST_REQ);
	CU_ASSERT_EQUAL(m->fseid.seid, SAMPLE_CP_SEID);
	CU_ASSERT_EQUAL_FATAL(m->n_create_pdr, 4);
	CU_ASSERT_EQUAL_FATAL(m->n_create_far, 4);
	CU_ASSERT_EQUAL(p[0].pdi.src_iface, PFCP_IFACE_CORE);
	CU_ASSERT(p[0].pdi.present & PFCP_PDI_UE_IP);
	CU_ASSERT(memcmp(p[0].pdi.ue_ip.v4, sample_ue_v4, 4) == 0);
	CU_ASSERT_EQUAL(p[0].pdi.ue_ip.flags, PFCP_UEIP_V4 | PFCP_UEIP_SD);
	CU_ASSERT_EQUAL(p[1].pdi.src_iface, PFCP_IFACE_ACCESS);
	CU_ASSERT_EQUAL(p[1].pdi.fteid.flags,
			PFCP_FTEID_CH | PFCP_FTEID_CHID | PFCP_FTEID_V4);
	CU_ASSERT_EQUAL(p[1].pdi.fteid.choose_id, 1);
	CU_ASSERT_EQUAL(p[2].pdi.fteid.choose_id, 1);
	CU_ASSERT_EQUAL(p[1].ohr_desc, PFCP_OHR_GTPU_UDP_IPV4);
	CU_ASSERT_EQUAL(p[1].qer_id[0], 1);
	CU_ASSERT_EQUAL(p[1].pdi.net_inst.len, 9);
	CU_ASSERT_EQUAL_FATAL(p[2].pdi.n_sdf, 1);
	CU_ASSERT_EQUAL(p[2].pdi.sdf[0].fd.len, strlen(sample_rs_filter));
	CU_ASSERT(memcmp(p[2].pdi.sdf[0].fd.p, sample_rs_filter,
			 strlen(sample_rs_filter)) == 0);
	CU_ASSERT_EQUAL(p[3].pdi.src_iface, PFCP_IFACE_CP_FUNCTION);
	CU_ASSERT_EQUAL(p[3].far_id, 4);
	CU_ASSERT_EQUAL(f[0].apply_action, PFCP_AA_BUFF | PFCP_AA_NOCP);
	CU_ASSERT_EQUAL(f[0].bar_id, 1);
	CU_ASSERT_EQUAL(f[2].fwd.dst_iface, PFCP_IFACE_CP_FUNCTION);
	CU_ASSERT_EQUAL(f[3].fwd.ohc.desc, PFCP_OHC_GTPU_V4);
	CU_ASSERT(memcmp(f[3].fwd.ohc.v4, sample_gnb_v4, 4) == 0);
	CU_ASSERT_EQUAL(m->n_create_qer, 1);
	CU_ASSERT_EQUAL(m->create_qer[0].id, 1);
	CU_ASSERT(m->present & PFCP_F_BAR);
	CU_ASSERT_EQUAL(m->bar.id, 1);
	CU_ASSERT(m->present & PFCP_F_SEREQ_FLAGS);
	CU_ASSERT_EQUAL(m->pdn_type, 1);
}

static void
test_pfcp_codec_open5gs_request(void)
{
	size_t len = encode(sample_sess_est_req, buf);

	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	check_open5gs_req(&msg2);
}

/*
 * Open5GS's SGW-C shape: no Precedence, CH=1 with V4 and V6 and no CHOOSE
 * ID, a 3GPP Interface Type, one-octet Apply Action.
 */
static void
test_pfcp_codec_sgwc_shape(void)
{
	struct pfcp_pdr *p;
	size_t len, i;

	sample_sess_est_req(&msg);
	for (i = 0; i < msg.n_create_pdr; i++) {
		p = &msg.create_pdr[i];
		p->present &= ~PFCP_PDR_PRECEDENCE;
		p->pdi.present |= PFCP_PDI_IFACE_TYPE;
		p->pdi.iface_type = 1;	/* S5/S8-U */
		if (p->pdi.present & PFCP_PDI_FTEID)
			p->pdi.fteid.flags = PFCP_FTEID_CH | PFCP_FTEID_V4 |
					     PFCP_FTEID_V6;
	}
	msg.create_far[0].aa_len = 1;
	len = encode_cur();
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	p = &msg2.create_pdr[1];
	CU_ASSERT_FALSE(p->present & PFCP_PDR_PRECEDENCE);
	CU_ASSERT_EQUAL(p->pdi.fteid.flags,
			PFCP_FTEID_CH | PFCP_FTEID_V4 | PFCP_FTEID_V6);
	CU_ASSERT_EQUAL(p->pdi.fteid.choose_id, 0);
	CU_ASSERT_EQUAL(p->pdi.iface_type, 1);
	CU_ASSERT_EQUAL(msg2.create_far[0].aa_len, 1);
	CU_ASSERT_EQUAL(msg2.create_far[0].apply_action,
			PFCP_AA_BUFF | PFCP_AA_NOCP);
}

/* tests/vectors/pfcp/NAME.hex: one message as hex, whitespace allowed. */
static size_t
read_vector(const char *name, uint8_t *out, size_t cap)
{
	const char *dir = getenv("SRPGW_VECTORS");
	char path[512];
	unsigned int byte;
	size_t n = 0;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(path, sizeof(path), "%s/pfcp/%s.hex", dir, name);
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (n < cap && fscanf(f, "%2x", &byte) == 1)
		out[n++] = (uint8_t)byte;
	fclose(f);
	return n;
}

/* Every stored vector decodes and equals what the encoder writes today. */
static void
test_pfcp_codec_vectors(void)
{
	size_t i, len, vlen;

	for (i = 0; i < N_SAMPLES; i++) {
		len = encode(samples[i].build, buf);
		vlen = read_vector(samples[i].name, buf2, sizeof(buf2));
		CU_ASSERT_EQUAL(vlen, len);
		CU_ASSERT(memcmp(buf, buf2, len) == 0);
		CU_ASSERT_EQUAL(pfcp_msg_decode(buf2, vlen, &msg2, NULL),
				PFCP_OK);
	}
	vlen = read_vector("sess_est_req_open5gs", buf2, sizeof(buf2));
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_decode(buf2, vlen, &msg2, NULL),
			      PFCP_OK);
	check_open5gs_req(&msg2);
}

static void
test_pfcp_codec_truncated_refused(void)
{
	struct pfcp_err_info ei;
	size_t i, n, len;

	for (i = 0; i < N_SAMPLES; i++) {
		len = encode(samples[i].build, buf);
		for (n = 0; n < len; n++) {
			enum pfcp_err e = decode(n, &ei);

			CU_ASSERT(e == PFCP_E_SHORT || e == PFCP_E_LEN);
			CU_ASSERT_EQUAL(ei.err, e);
			CU_ASSERT_EQUAL(msg2.present, 0);
			CU_ASSERT_EQUAL(msg2.n_create_pdr, 0);
			CU_ASSERT_EQUAL(pfcp_err_cause(e),
					PFCP_CAUSE_INVALID_LENGTH);
		}
	}
}

static void
test_pfcp_codec_header_errors(void)
{
	struct pfcp_err_info ei;
	size_t len;

	/* Version 2: Version Not Supported, with the type and seq to use. */
	len = encode(sample_heartbeat_req, buf);
	buf[0] = (uint8_t)((buf[0] & 0x1f) | 2 << 5);
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_VERSION);
	CU_ASSERT_EQUAL(ei.msg_type, PFCP_MSG_HEARTBEAT_REQ);
	CU_ASSERT_EQUAL(ei.seq, SAMPLE_SEQ);
	CU_ASSERT_EQUAL(pfcp_err_cause(PFCP_E_VERSION), 0);
	/* Length field one too big, one too small. */
	len = encode(sample_heartbeat_req, buf);
	buf[3]++;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_LEN);
	buf[3] -= 2;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_LEN);
	/* Shorter than its own header. */
	buf[2] = 0;
	buf[3] = 2;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_LEN);
	/* Trailing bytes are only allowed with FO (another message). */
	len = encode(sample_heartbeat_req, buf);
	buf[len] = 0x20;
	CU_ASSERT_EQUAL(decode(len + 1, &ei), PFCP_E_LEN);
	buf[0] |= PFCP_HDR_F_FO;
	CU_ASSERT_EQUAL(decode(len + 1, &ei), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.hdr.msg_len, len);
	/* S flag wrong for the type, unknown type. */
	len = encode(sample_heartbeat_req, buf);
	buf[0] |= PFCP_HDR_F_S;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_HDR);
	len = encode(sample_sess_del_req, buf);
	buf[0] &= (uint8_t)~PFCP_HDR_F_S;
	buf[3] = (uint8_t)(buf[3] - 8);
	CU_ASSERT_EQUAL(decode(len - 8, &ei), PFCP_E_HDR);
	len = encode(sample_heartbeat_req, buf);
	buf[1] = 99;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_TYPE);
	CU_ASSERT_EQUAL(decode(3, &ei), PFCP_E_SHORT);
	/* Message priority is read from the session header. */
	len = encode(sample_sess_del_req, buf);
	buf[0] |= PFCP_HDR_F_MP;
	buf[15] = 0xa0;
	CU_ASSERT_EQUAL_FATAL(decode(len, &ei), PFCP_OK);
	CU_ASSERT(msg2.hdr.mp);
	CU_ASSERT_EQUAL(msg2.hdr.prio, 10);
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg2, buf2, sizeof(buf2), &len),
			PFCP_OK);
	CU_ASSERT(memcmp(buf, buf2, len) == 0);
}

static void
test_pfcp_codec_ie_overrun(void)
{
	struct pfcp_err_info ei;
	size_t len;

	/* Top level: the last IE claims one octet more than there is. */
	len = raw_end(raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false),
			     PFCP_IE_RECOVERY_TS, 4, rts));
	CU_ASSERT_EQUAL(decode(len, NULL), PFCP_OK);
	buf[len - 5]++;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_TRUNC);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_RECOVERY_TS);
	CU_ASSERT_EQUAL(pfcp_err_cause(ei.err), PFCP_CAUSE_INVALID_LENGTH);
	/* Half an IE header at the end. */
	len = raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false),
		     PFCP_IE_RECOVERY_TS, 4, rts);
	buf[len] = 0;
	buf[len + 1] = PFCP_IE_CAUSE;
	len = raw_end(len + 3);
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_TRUNC);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_CAUSE);
}

/* Inner IE of a Create PDR running past its group, not the message. */
static void
test_pfcp_codec_group_overrun(void)
{
	struct pfcp_err_info ei;
	size_t len, i;

	len = encode(sample_sess_est_req, buf);
	/* First Create PDR at 16 + Node ID (9) + F-SEID (17) = 42. */
	CU_ASSERT_EQUAL_FATAL(buf[43], PFCP_IE_CREATE_PDR);
	CU_ASSERT_EQUAL_FATAL(buf[47], PFCP_IE_PDR_ID);
	i = 46 + 2;	/* PDR ID length */
	buf[i + 1] = 0x40;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_TRUNC);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_PDR_ID);
	CU_ASSERT_EQUAL(ei.top_type, PFCP_IE_CREATE_PDR);
	/* The group itself past the message. */
	len = encode(sample_sess_est_req, buf);
	buf[44] = 0x7f;
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_TRUNC);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_CREATE_PDR);
}

/*
 * Session Retention Information (a group whose content only matters by
 * its presence): kept through a re-encode, and its inner IEs must be
 * framed (a fuzzer's find: two stray octets inside it were accepted, and
 * the flag was lost on re-encode).
 */
static void
test_pfcp_codec_retention_info(void)
{
	static const uint8_t node[5] = { PFCP_NODE_ID_IPV4, 192, 0, 2, 10 };
	static const uint8_t cp_ip[9] = { 0, 185, 0, 5, 0x02, 192, 0, 2, 10 };
	static const uint8_t stray[2] = { 0x10, 0 };
	struct pfcp_err_info ei;
	size_t len, len2 = 0, at;
	uint8_t again[PFCP_MSG_MAX];

	at = raw_ie(raw_hdr(PFCP_MSG_ASSOC_SETUP_REQ, false),
		    PFCP_IE_NODE_ID, sizeof(node), node);
	at = raw_ie(at, PFCP_IE_RECOVERY_TS, 4, rts);
	len = raw_end(raw_ie(at, PFCP_IE_SESS_RETENTION_INFO, sizeof(cp_ip),
			     cp_ip));
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT(msg2.present & PFCP_F_SESS_RETENTION);
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_encode(&msg2, again, sizeof(again),
					      &len2), PFCP_OK);
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_decode(again, len2, &msg, NULL),
			      PFCP_OK);
	CU_ASSERT(msg.present & PFCP_F_SESS_RETENTION);
	/* An empty group is fine; two stray octets are not. */
	len = raw_end(raw_ie(at, PFCP_IE_SESS_RETENTION_INFO, 0, stray));
	CU_ASSERT_EQUAL(decode(len, NULL), PFCP_OK);
	len = raw_end(raw_ie(at, PFCP_IE_SESS_RETENTION_INFO, sizeof(stray),
			     stray));
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_TRUNC);
	CU_ASSERT_EQUAL(ei.top_type, PFCP_IE_SESS_RETENTION_INFO);
	CU_ASSERT_EQUAL(msg2.present, 0);
}

static void
test_pfcp_codec_too_many(void)
{
	struct pfcp_err_info ei;
	size_t len;
	int i;

	sample_sess_est_req(&msg);
	for (i = 4; i < PFCP_MAX_PDR; i++)
		msg.create_pdr[i] = msg.create_pdr[0];
	msg.n_create_pdr = PFCP_MAX_PDR + 1;
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf, sizeof(buf), &len),
			PFCP_E_INVAL);
	msg.n_create_pdr = PFCP_MAX_PDR;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_OK);
	/* Append one more Create PDR by hand: 17 is refused. */
	memcpy(buf + len, buf + 42, 4u + buf[45]);
	len = raw_end(len + 4u + buf[45]);
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_TOO_MANY);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_CREATE_PDR);
	CU_ASSERT_EQUAL(pfcp_err_cause(ei.err), PFCP_CAUSE_NO_RESOURCES);
	/* More SDF filters than a PDI holds. */
	sample_sess_est_req(&msg);
	msg.create_pdr[2].pdi.n_sdf = PFCP_MAX_SDF + 1;
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf, sizeof(buf), &len),
			PFCP_E_INVAL);
}

static void
test_pfcp_codec_missing_mandatory(void)
{
	struct pfcp_err_info ei;
	size_t len;

	sample_sess_est_req(&msg);
	msg.present &= ~PFCP_F_FSEID;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_F_SEID);
	CU_ASSERT_EQUAL(ei.msg_type, PFCP_MSG_SESS_EST_REQ);
	CU_ASSERT_EQUAL(ei.seq, SAMPLE_SEQ);
	CU_ASSERT_EQUAL(pfcp_err_cause(ei.err), PFCP_CAUSE_MANDATORY_MISSING);
	/* Inside a group: Create PDR without PDI, PDI without source. */
	sample_sess_est_req(&msg);
	msg.create_pdr[1].present &= ~PFCP_PDR_PDI;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_PDI);
	CU_ASSERT_EQUAL(ei.top_type, PFCP_IE_CREATE_PDR);
	sample_sess_est_req(&msg);
	msg.create_pdr[0].pdi.present &= ~PFCP_PDI_SRC_IFACE;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_SOURCE_IFACE);
	/* Create FAR without Apply Action, Forwarding without interface. */
	sample_sess_est_req(&msg);
	msg.create_far[2].present &= ~PFCP_FAR_APPLY_ACTION;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_APPLY_ACTION);
	CU_ASSERT_EQUAL(ei.top_type, PFCP_IE_CREATE_FAR);
	sample_sess_est_req(&msg);
	msg.create_far[3].fwd.present &= ~PFCP_FWD_DST_IFACE;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_DEST_IFACE);
	/* Node messages. */
	len = raw_end(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false));
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_RECOVERY_TS);
	len = raw_end(raw_ie(raw_hdr(PFCP_MSG_ASSOC_SETUP_REQ, false),
			     PFCP_IE_RECOVERY_TS, 4, rts));
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_MISSING);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_NODE_ID);
}

static void
test_pfcp_codec_ie_values(void)
{
	static const uint8_t fteid_short[3] = { PFCP_FTEID_V4, 0, 0 };
	static const uint8_t node_bad[5] = { 7, 1, 2, 3, 4 };
	struct pfcp_err_info ei;
	size_t len;

	len = raw_end(raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false),
			     PFCP_IE_RECOVERY_TS, 3, rts));
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_LEN);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_RECOVERY_TS);
	CU_ASSERT_EQUAL(pfcp_err_cause(ei.err),
			PFCP_CAUSE_MANDATORY_INCORRECT);
	/* Longer than this release knows: extra octets ignored. */
	len = raw_end(raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false),
			     PFCP_IE_RECOVERY_TS, 4, rts));
	buf[11] = 5;
	buf[len] = 0xff;
	len = raw_end(len + 1);
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.recovery_ts, 0xe8000001u);
	len = raw_ie(raw_hdr(PFCP_MSG_ASSOC_SETUP_REQ, false),
		     PFCP_IE_RECOVERY_TS, 4, rts);
	len = raw_end(raw_ie(len, PFCP_IE_NODE_ID, 5, node_bad));
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_VALUE);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_NODE_ID);
	sample_sess_est_req(&msg);
	msg.fseid.flags = 0;
	len = encode_cur();
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_VALUE);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_F_SEID);
	/* An F-TEID without CH too short for its TEID. */
	len = raw_hdr(PFCP_MSG_SESS_EST_RESP, true);
	len = raw_ie(len, PFCP_IE_NODE_ID, 5, node_bad);
	buf[len - 5] = 0;
	len = raw_ie(len, PFCP_IE_CAUSE, 1, "\x01");
	buf[len] = 0;
	buf[len + 1] = PFCP_IE_CREATED_PDR;
	buf[len + 2] = 0;
	buf[len + 3] = 6 + 7;
	raw_ie(len + 4, PFCP_IE_PDR_ID, 2, "\x00\x02");
	raw_ie(len + 10, PFCP_IE_F_TEID, 3, fteid_short);
	len = raw_end(len + 4 + 13);
	CU_ASSERT_EQUAL(decode(len, &ei), PFCP_E_IE_LEN);
	CU_ASSERT_EQUAL(ei.ie_type, PFCP_IE_F_TEID);
	CU_ASSERT_EQUAL(ei.top_type, PFCP_IE_CREATED_PDR);
}

static void
test_pfcp_codec_unknown_vendor_skipped(void)
{
	static const uint8_t vendor[6] = { 0x00, 0x0a, 1, 2, 3, 4 };
	static const uint8_t zero[3] = { 0 };
	size_t len, off;

	len = raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false), 250, 3, zero);
	len = raw_ie(len, 32770, 6, vendor);
	len = raw_ie(len, PFCP_IE_RECOVERY_TS, 4, rts);
	/* Known but not expected in a heartbeat: skipped as well. */
	len = raw_end(raw_ie(len, PFCP_IE_CAUSE, 1, zero));
	CU_ASSERT_EQUAL_FATAL(decode(len, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(msg2.n_unknown, 2);
	CU_ASSERT_EQUAL(msg2.n_vendor, 1);
	CU_ASSERT_EQUAL(msg2.present, PFCP_F_RECOVERY_TS);
	/* A vendor IE without its enterprise ID is a length error. */
	len = raw_end(raw_ie(raw_hdr(PFCP_MSG_HEARTBEAT_REQ, false), 32770, 1,
			     vendor));
	CU_ASSERT_EQUAL(decode(len, NULL), PFCP_E_IE_LEN);
	/* Unknown and vendor IEs inside a Create PDR's PDI. */
	len = encode(sample_sess_est_req, buf);
	off = 42;
	memmove(buf + off + 4 + 10 + 7, buf + off, len - off);
	memcpy(buf + off, "\x00\x01\x00\x11", 4);	/* Create PDR, 17 */
	memcpy(buf + off + 4, "\x80\x02\x00\x06\x00\x0a\x01\x02\x03\x04",
	       10);
	memcpy(buf + off + 14, "\x00\xfa\x00\x03\x00\x00\x00", 7);
	len = raw_end(len + 21);
	/* That Create PDR has no PDR ID: still refused as missing. */
	CU_ASSERT_EQUAL(decode(len, NULL), PFCP_E_MISSING);
}

static void
test_pfcp_codec_encode_refusals(void)
{
	size_t len, n, full;

	full = encode(sample_sess_est_req, buf);
	for (n = 0; n < full; n++)
		CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf2, n, &len),
				PFCP_E_NOSPACE);
	sample_heartbeat_req(&msg);
	msg.hdr.seq = PFCP_SEQ_MAX + 1;
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf, sizeof(buf), &len),
			PFCP_E_INVAL);
	sample_heartbeat_req(&msg);
	msg.hdr.type = 99;
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf, sizeof(buf), &len),
			PFCP_E_TYPE);
	sample_assoc_setup_resp(&msg);
	msg.up_features_len = PFCP_FEATURES_MAX + 1;
	CU_ASSERT_EQUAL(pfcp_msg_encode(&msg, buf, sizeof(buf), &len),
			PFCP_E_INVAL);
}

/* Random flips never crash, and a refusal leaves nothing decoded. */
static void
test_pfcp_codec_mutations(void)
{
	struct pfcp_err_info ei;
	size_t len, i, k;
	uint32_t r = 15;

	for (i = 0; i < 20000; i++) {
		len = encode(samples[i % N_SAMPLES].build, buf);
		for (k = 0; k < 1 + ut_xorshift32(&r) % 4; k++)
			buf[ut_xorshift32(&r) % len] ^=
				(uint8_t)(1u << ut_xorshift32(&r) % 8);
		if (decode(len, &ei) != PFCP_OK) {
			CU_ASSERT(msg2.present == 0 && msg2.n_create_pdr == 0);
			CU_ASSERT((unsigned int)ei.err < PFCP_E_MAX);
		}
	}
}

static void
test_pfcp_codec_err_names(void)
{
	int e, f;

	for (e = 0; e < PFCP_E_MAX; e++) {
		CU_ASSERT_STRING_NOT_EQUAL(pfcp_err_name(e), "unknown");
		CU_ASSERT_PTR_NOT_NULL(pfcp_err_str(e));
		for (f = 0; f < e; f++)
			CU_ASSERT_STRING_NOT_EQUAL(pfcp_err_name(e),
						   pfcp_err_name(f));
	}
	CU_ASSERT_STRING_EQUAL(pfcp_err_name(PFCP_E_MAX), "unknown");
	CU_ASSERT_STRING_EQUAL(pfcp_msg_type_name(99), "unknown");
}

static CU_TestInfo codec_tests[] = {
	{ "roundtrip_every_sample", test_pfcp_codec_roundtrip_every_sample },
	{ "values_survive", test_pfcp_codec_values_survive },
	{ "open5gs_request", test_pfcp_codec_open5gs_request },
	{ "sgwc_shape", test_pfcp_codec_sgwc_shape },
	{ "vectors", test_pfcp_codec_vectors },
	{ "truncated_refused", test_pfcp_codec_truncated_refused },
	{ "header_errors", test_pfcp_codec_header_errors },
	{ "ie_overrun", test_pfcp_codec_ie_overrun },
	{ "group_overrun", test_pfcp_codec_group_overrun },
	{ "retention_info", test_pfcp_codec_retention_info },
	{ "too_many", test_pfcp_codec_too_many },
	{ "missing_mandatory", test_pfcp_codec_missing_mandatory },
	{ "ie_values", test_pfcp_codec_ie_values },
	{ "unknown_vendor_skipped", test_pfcp_codec_unknown_vendor_skipped },
	{ "encode_refusals", test_pfcp_codec_encode_refusals },
	{ "mutations", test_pfcp_codec_mutations },
	{ "err_names", test_pfcp_codec_err_names },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "pfcp_codec", NULL, NULL, NULL, NULL, codec_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
