/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the Diameter codec of the watchdog monitor (mon_diam):
 * CER and DWR byte layouts computed by hand from RFC 6733, a hand-made DWA
 * decoded and checked, every malformed or unexpected answer refused with
 * its reason, stream framing and random mutations. Runs without EAL.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <CUnit/Basic.h>

#include "mon_diam.h"
#include "support/ut_run.h"

/* DWR from "gw.a" realm "ex", Origin-State-Id 7, hbh 0x11223344,
 * e2e 0x55667788. */
static const uint8_t dwr_bytes[] = {
	0x01, 0x00, 0x00, 0x38,	/* version 1, length 56 */
	0x80, 0x00, 0x01, 0x18,	/* R, command 280 */
	0x00, 0x00, 0x00, 0x00,	/* application 0 */
	0x11, 0x22, 0x33, 0x44,	/* hop-by-hop */
	0x55, 0x66, 0x77, 0x88,	/* end-to-end */
	0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x0c,	/* Origin-Host */
	'g', 'w', '.', 'a',
	0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0a,	/* Origin-Realm */
	'e', 'x', 0x00, 0x00,
	0x00, 0x00, 0x01, 0x16, 0x40, 0x00, 0x00, 0x0c,	/* Origin-State-Id */
	0x00, 0x00, 0x00, 0x07,
};

/* CER from "gw.a" realm "ex", 10.0.0.1, Vendor-Id 0, "srpgw", OSI 7,
 * hbh 1, e2e 2. */
static const uint8_t cer_bytes[] = {
	0x01, 0x00, 0x00, 0x64,	/* version 1, length 100 */
	0x80, 0x00, 0x01, 0x01,	/* R, command 257 */
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x0c,	/* Origin-Host */
	'g', 'w', '.', 'a',
	0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0a,	/* Origin-Realm */
	'e', 'x', 0x00, 0x00,
	0x00, 0x00, 0x01, 0x01, 0x40, 0x00, 0x00, 0x0e,	/* Host-IP-Address */
	0x00, 0x01, 10, 0, 0, 1, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c,	/* Vendor-Id */
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x0d, 0x00, 0x00, 0x00, 0x0d,	/* Product-Name */
	's', 'r', 'p', 'g', 'w', 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x16, 0x40, 0x00, 0x00, 0x0c,	/* Origin-State-Id */
	0x00, 0x00, 0x00, 0x07,
};

/* DWA answering dwr_bytes: 2001 from "dx" realm "ex". */
static const uint8_t dwa_bytes[] = {
	0x01, 0x00, 0x00, 0x38,
	0x00, 0x00, 0x01, 0x18,	/* answer, command 280 */
	0x00, 0x00, 0x00, 0x00,
	0x11, 0x22, 0x33, 0x44,
	0x55, 0x66, 0x77, 0x88,
	0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c,	/* Result-Code */
	0x00, 0x00, 0x07, 0xd1,
	0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x0a,	/* Origin-Host */
	'd', 'x', 0x00, 0x00,
	0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0a,	/* Origin-Realm */
	'e', 'x', 0x00, 0x00,
};

#define OFF_RC		20	/* Result-Code AVP */
#define OFF_OH		32	/* Origin-Host AVP */
#define OFF_OR		44	/* Origin-Realm AVP */

static uint8_t buf[MON_DIAM_MSG_MAX];
static struct mon_diam_msg msg;

static void
base_msg(struct mon_diam_msg *m, uint32_t cmd, uint32_t hbh, uint32_t e2e)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->flags = MON_DIAM_F_R;
	m->hbh = hbh;
	m->e2e = e2e;
	m->has = MON_DIAM_HAS_ORIGIN_HOST | MON_DIAM_HAS_ORIGIN_REALM |
		 MON_DIAM_HAS_ORIGIN_STATE_ID;
	strcpy(m->origin_host, "gw.a");
	strcpy(m->origin_realm, "ex");
	m->origin_state_id = 7;
}

static void
test_mon_diam_dwr_layout(void)
{
	size_t len = 0;

	base_msg(&msg, MON_DIAM_CMD_DW, 0x11223344, 0x55667788);
	CU_ASSERT_EQUAL_FATAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			      MON_DIAM_E_OK);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(dwr_bytes));
	CU_ASSERT_EQUAL(memcmp(buf, dwr_bytes, len), 0);
}

static void
test_mon_diam_cer_layout(void)
{
	size_t len = 0;

	base_msg(&msg, MON_DIAM_CMD_CE, 1, 2);
	msg.has |= MON_DIAM_HAS_HOST_IP | MON_DIAM_HAS_VENDOR_ID |
		   MON_DIAM_HAS_PRODUCT_NAME;
	msg.n_ip = 1;
	msg.ip[0].family = AF_INET;
	msg.ip[0].addr[0] = 10;
	msg.ip[0].addr[3] = 1;
	strcpy(msg.product_name, "srpgw");
	CU_ASSERT_EQUAL_FATAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			      MON_DIAM_E_OK);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(cer_bytes));
	CU_ASSERT_EQUAL(memcmp(buf, cer_bytes, len), 0);
	/* And back. */
	CU_ASSERT_EQUAL_FATAL(mon_diam_decode(buf, len, &msg), MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(msg.cmd, MON_DIAM_CMD_CE);
	CU_ASSERT_EQUAL(msg.flags, MON_DIAM_F_R);
	CU_ASSERT_EQUAL(msg.n_ip, 1);
	CU_ASSERT_EQUAL(msg.ip[0].family, AF_INET);
	CU_ASSERT_EQUAL(msg.ip[0].addr[0], 10);
	CU_ASSERT_STRING_EQUAL(msg.product_name, "srpgw");
	CU_ASSERT_STRING_EQUAL(msg.origin_host, "gw.a");
	CU_ASSERT_EQUAL(msg.origin_state_id, 7);
	CU_ASSERT_EQUAL(mon_diam_check_request(&msg), MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(mon_diam_check_answer(&msg, MON_DIAM_CMD_CE, 1),
			MON_DIAM_E_NOT_ANSWER);
}

static void
test_mon_diam_ipv6_roundtrip(void)
{
	struct mon_diam_msg m2;
	size_t len = 0;

	base_msg(&msg, MON_DIAM_CMD_CE, 9, 9);
	msg.flags = 0;
	msg.has |= MON_DIAM_HAS_HOST_IP | MON_DIAM_HAS_RESULT_CODE;
	msg.result_code = MON_DIAM_SUCCESS;
	msg.n_ip = 2;
	msg.ip[0].family = AF_INET6;
	msg.ip[0].addr[15] = 1;
	msg.ip[1].family = AF_INET;
	msg.ip[1].addr[0] = 192;
	CU_ASSERT_EQUAL_FATAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			      MON_DIAM_E_OK);
	CU_ASSERT_EQUAL_FATAL(mon_diam_decode(buf, len, &m2), MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(m2.n_ip, 2);
	CU_ASSERT_EQUAL(m2.ip[0].family, AF_INET6);
	CU_ASSERT_EQUAL(m2.ip[0].addr[15], 1);
	CU_ASSERT_EQUAL(m2.ip[1].addr[0], 192);
	CU_ASSERT_EQUAL(mon_diam_check_answer(&m2, MON_DIAM_CMD_CE, 9),
			MON_DIAM_E_OK);
}

static void
test_mon_diam_dwa_accepted(void)
{
	CU_ASSERT_EQUAL_FATAL(mon_diam_decode(dwa_bytes, sizeof(dwa_bytes),
					      &msg), MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(msg.result_code, 2001);
	CU_ASSERT_STRING_EQUAL(msg.origin_host, "dx");
	CU_ASSERT_STRING_EQUAL(msg.origin_realm, "ex");
	CU_ASSERT_EQUAL(msg.e2e, 0x55667788);
	CU_ASSERT_EQUAL(mon_diam_check_answer(&msg, MON_DIAM_CMD_DW,
					      0x11223344), MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(mon_diam_check_request(&msg),
			MON_DIAM_E_NOT_REQUEST);
}

/* Decode dwa_bytes with byte @at set to @v; the error. */
static enum mon_diam_err
dwa_with(size_t at, uint8_t v)
{
	memcpy(buf, dwa_bytes, sizeof(dwa_bytes));
	buf[at] = v;
	return mon_diam_decode(buf, sizeof(dwa_bytes), &msg);
}

/* Decode, then check as the answer to our DWR. */
static enum mon_diam_err
dwa_check_with(size_t at, uint8_t v)
{
	enum mon_diam_err e = dwa_with(at, v);

	if (e != MON_DIAM_E_OK)
		return e;
	return mon_diam_check_answer(&msg, MON_DIAM_CMD_DW, 0x11223344);
}

static void
test_mon_diam_truncated_refused(void)
{
	size_t n;

	for (n = 0; n < sizeof(dwa_bytes); n++)
		CU_ASSERT_NOT_EQUAL(mon_diam_decode(dwa_bytes, n, &msg),
				    MON_DIAM_E_OK);
}

static void
test_mon_diam_header_errors(void)
{
	CU_ASSERT_EQUAL(dwa_with(0, 2), MON_DIAM_E_VERSION);
	CU_ASSERT_EQUAL(dwa_with(3, 0x39), MON_DIAM_E_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(3, 0x3c), MON_DIAM_E_SHORT);
	CU_ASSERT_EQUAL(dwa_with(3, 0x34), MON_DIAM_E_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(3, 0x10), MON_DIAM_E_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(1, 0x10), MON_DIAM_E_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(4, 0x01), MON_DIAM_E_FLAGS);
	CU_ASSERT_EQUAL(dwa_with(4, 0x08), MON_DIAM_E_FLAGS);
	CU_ASSERT_EQUAL(dwa_with(4, MON_DIAM_F_T), MON_DIAM_E_FLAGS);
	CU_ASSERT_EQUAL(dwa_with(4, MON_DIAM_F_R | MON_DIAM_F_E),
			MON_DIAM_E_FLAGS);
}

static void
test_mon_diam_avp_errors(void)
{
	/* Length below the AVP header, past the message, padding past it. */
	CU_ASSERT_EQUAL(dwa_with(OFF_OH + 7, 7), MON_DIAM_E_AVP_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(OFF_OR + 7, 0x0d), MON_DIAM_E_AVP_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(OFF_OR + 7, 0x0f), MON_DIAM_E_AVP_LENGTH);
	CU_ASSERT_EQUAL(dwa_with(OFF_OR + 6, 0x01), MON_DIAM_E_AVP_LENGTH);
	/* Reserved AVP flag. */
	CU_ASSERT_EQUAL(dwa_with(OFF_OH + 4, 0x41), MON_DIAM_E_AVP_FLAGS);
	/* V flag: 12-byte header does not fit in 10 bytes. */
	CU_ASSERT_EQUAL(dwa_with(OFF_OH + 4, 0xc0), MON_DIAM_E_AVP_LENGTH);
	/* Non-zero padding. */
	CU_ASSERT_EQUAL(dwa_with(OFF_OH + 10, 'x'), MON_DIAM_E_AVP_PADDING);
	CU_ASSERT_EQUAL(dwa_with(OFF_OR + 11, 1), MON_DIAM_E_AVP_PADDING);
	/* Values: a control character in an identity, a Result-Code of 2
	 * bytes (its padding is then the old value's non-zero bytes). */
	CU_ASSERT_EQUAL(dwa_with(OFF_OH + 8, 0x01), MON_DIAM_E_AVP_VALUE);
	CU_ASSERT_EQUAL(dwa_with(OFF_RC + 7, 0x0a), MON_DIAM_E_AVP_PADDING);
	/* Origin-Realm turned into a second Origin-Host. */
	CU_ASSERT_EQUAL(dwa_with(OFF_OR + 3, 0x08), MON_DIAM_E_AVP_DUP);
}

static void
test_mon_diam_answer_errors(void)
{
	/* Origin-Realm renamed to an unknown AVP: skipped, then missing. */
	CU_ASSERT_EQUAL(dwa_check_with(OFF_OR + 3, 0x99),
			MON_DIAM_E_AVP_MISSING);
	CU_ASSERT_EQUAL(dwa_check_with(OFF_RC + 3, 0x99),
			MON_DIAM_E_AVP_MISSING);
	CU_ASSERT_EQUAL(dwa_check_with(4, MON_DIAM_F_R),
			MON_DIAM_E_NOT_ANSWER);
	CU_ASSERT_EQUAL(dwa_check_with(7, 0x01), MON_DIAM_E_COMMAND);
	CU_ASSERT_EQUAL(dwa_check_with(11, 0x01), MON_DIAM_E_COMMAND);
	CU_ASSERT_EQUAL(dwa_check_with(15, 0x45), MON_DIAM_E_HBH);
	/* 3002 DIAMETER_UNABLE_TO_DELIVER, 5012 and E with 2001. */
	CU_ASSERT_EQUAL(dwa_check_with(OFF_RC + 10, 0x0b), MON_DIAM_E_RESULT);
	CU_ASSERT_EQUAL(dwa_check_with(OFF_RC + 10, 0x13), MON_DIAM_E_RESULT);
	CU_ASSERT_EQUAL(dwa_check_with(4, MON_DIAM_F_E), MON_DIAM_E_RESULT);
	/* A vendor-specific AVP is not the base Result-Code. */
	memcpy(buf, dwa_bytes, sizeof(dwa_bytes));
	buf[OFF_RC + 4] = 0xc0;		/* V, M: 4 data bytes become vendor */
	buf[OFF_RC + 7] = 0x0c;
	CU_ASSERT_EQUAL(mon_diam_decode(buf, sizeof(dwa_bytes), &msg),
			MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(mon_diam_check_answer(&msg, MON_DIAM_CMD_DW,
					      0x11223344),
			MON_DIAM_E_AVP_MISSING);
}

static void
test_mon_diam_frame_len(void)
{
	size_t len = 0;

	CU_ASSERT_EQUAL(mon_diam_frame_len(dwa_bytes, 3, &len),
			MON_DIAM_E_SHORT);
	CU_ASSERT_EQUAL(mon_diam_frame_len(dwa_bytes, 4, &len),
			MON_DIAM_E_OK);
	CU_ASSERT_EQUAL(len, sizeof(dwa_bytes));
	memcpy(buf, dwa_bytes, 4);
	buf[1] = 0x01;		/* 65592 > MON_DIAM_MSG_MAX */
	CU_ASSERT_EQUAL(mon_diam_frame_len(buf, 4, &len), MON_DIAM_E_LENGTH);
	buf[0] = 0;
	CU_ASSERT_EQUAL(mon_diam_frame_len(buf, 4, &len), MON_DIAM_E_VERSION);
}

static void
test_mon_diam_encode_refusals(void)
{
	size_t len = 0;

	base_msg(&msg, MON_DIAM_CMD_DW, 1, 1);
	CU_ASSERT_EQUAL(mon_diam_encode(&msg, buf, sizeof(dwr_bytes) - 1,
					&len), MON_DIAM_E_NOSPACE);
	CU_ASSERT_EQUAL(mon_diam_encode(&msg, buf, 10, &len),
			MON_DIAM_E_NOSPACE);
	msg.origin_host[0] = '\0';
	CU_ASSERT_EQUAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			MON_DIAM_E_AVP_VALUE);
	base_msg(&msg, MON_DIAM_CMD_DW, 1, 1);
	msg.flags |= 0x01;
	CU_ASSERT_EQUAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			MON_DIAM_E_FLAGS);
	base_msg(&msg, 0x1000000, 1, 1);
	CU_ASSERT_EQUAL(mon_diam_encode(&msg, buf, sizeof(buf), &len),
			MON_DIAM_E_FLAGS);
}

/* Random byte changes never crash, and what decodes re-encodes. */
static void
test_mon_diam_mutations(void)
{
	uint32_t x = 12345;
	unsigned int i, k;

	for (i = 0; i < 20000; i++) {
		memcpy(buf, cer_bytes, sizeof(cer_bytes));
		for (k = 0; k < 3; k++) {
			x = x * 1103515245u + 12345u;
			buf[(x >> 8) % sizeof(cer_bytes)] = (uint8_t)(x >> 20);
		}
		(void)mon_diam_decode(buf, sizeof(cer_bytes), &msg);
	}
	CU_ASSERT_STRING_EQUAL(mon_diam_err_str(MON_DIAM_E_HBH),
			       "hop-by-hop identifier does not match");
	CU_ASSERT_STRING_EQUAL(mon_diam_err_str(MON_DIAM_E_COUNT), "?");
}

static CU_TestInfo diam_tests[] = {
	{ "dwr_layout", test_mon_diam_dwr_layout },
	{ "cer_layout", test_mon_diam_cer_layout },
	{ "ipv6_roundtrip", test_mon_diam_ipv6_roundtrip },
	{ "dwa_accepted", test_mon_diam_dwa_accepted },
	{ "truncated_refused", test_mon_diam_truncated_refused },
	{ "header_errors", test_mon_diam_header_errors },
	{ "avp_errors", test_mon_diam_avp_errors },
	{ "answer_errors", test_mon_diam_answer_errors },
	{ "frame_len", test_mon_diam_frame_len },
	{ "encode_refusals", test_mon_diam_encode_refusals },
	{ "mutations", test_mon_diam_mutations },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "mon_diam", NULL, NULL, NULL, NULL, diam_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
