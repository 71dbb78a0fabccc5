/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the GTP-U builders: byte-exact against the scapy vectors,
 * parse(build(x)) round trips, argument errors and the checksum helpers.
 * Runs without EAL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "gtpu_build.h"
#include "gtpu_parse.h"
#include "../vectors/gtpu/gtpu_vec.h"
#include "support/ut_run.h"

static void
dump_diff(const char *name, const uint8_t *want, const uint8_t *got,
	  size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (want[i] != got[i]) {
			fprintf(stderr, "\n  %s: byte %zu want %02x got %02x",
				name, i, want[i], got[i]);
			return;
		}
}

static void
addr_from(const struct ut_vec *v, const char *key, uint8_t af,
	  uint8_t out[16])
{
	memset(out, 0, 16);
	CU_ASSERT_EQUAL_FATAL(inet_pton(af == 4 ? AF_INET : AF_INET6,
					ut_vec_get(v, key), out), 1);
}

static void
encap_one(const struct ut_vec *v, void *arg)
{
	static uint8_t inner[GTPU_VEC_MAX_BYTES], want[GTPU_VEC_MAX_BYTES];
	static uint8_t got[GTPU_VEC_MAX_BYTES];
	struct gtpu_encap_params p;
	struct gtpu_info info;
	int inner_len, want_len, hlen, ret;
	unsigned int *count = arg;

	memset(&p, 0, sizeof(p));
	p.outer_af = (uint8_t)ut_vec_int(v, "outer_af");
	p.teid = (uint32_t)ut_vec_int(v, "teid");
	p.udp_sport = (uint16_t)ut_vec_int(v, "udp_sport");
	p.tos = (uint8_t)ut_vec_int(v, "tos");
	p.has_qfi = ut_vec_int(v, "qfi") >= 0;
	p.qfi = p.has_qfi ? (uint8_t)ut_vec_int(v, "qfi") : 0;
	addr_from(v, "src", p.outer_af, p.src);
	addr_from(v, "dst", p.outer_af, p.dst);
	inner_len = gtpu_vec_hex(v, "inner", inner);
	want_len = gtpu_vec_hex(v, "packet", want);
	CU_ASSERT_FATAL(inner_len > 0 && want_len > inner_len);

	hlen = gtpu_encap_hdr_len(p.outer_af, p.has_qfi);
	CU_ASSERT_EQUAL(hlen, want_len - inner_len);
	memset(got, 0xcc, sizeof(got));
	ret = gtpu_encap_build(got, &p, (uint16_t)inner_len);
	CU_ASSERT_EQUAL_FATAL(ret, hlen);
	memcpy(got + hlen, inner, (size_t)inner_len);
	if (p.outer_af == 6)
		CU_ASSERT_EQUAL(gtpu_encap_udp6_cksum(got, inner,
						      (uint16_t)inner_len), 0);
	dump_diff(v->name, want, got, (size_t)want_len);
	CU_ASSERT(memcmp(want, got, (size_t)want_len) == 0);

	/* Round trip: what we build, we accept with the same values. */
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(got, (uint32_t)want_len, 0,
					       &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.msg_type, GTPU_MSG_GPDU);
	CU_ASSERT_EQUAL(info.teid, p.teid);
	CU_ASSERT_EQUAL(info.outer_af, p.outer_af);
	CU_ASSERT_EQUAL(info.udp_sport, p.udp_sport);
	CU_ASSERT_EQUAL(info.has_qfi, p.has_qfi);
	CU_ASSERT_EQUAL(info.qfi, p.qfi);
	CU_ASSERT_EQUAL(info.pdu_type, GTPU_PDU_TYPE_DL);
	CU_ASSERT_EQUAL(info.payload_off, hlen);
	CU_ASSERT_EQUAL(info.payload_len, inner_len);
	CU_ASSERT_EQUAL(info.inner_len, inner_len);
	CU_ASSERT(memcmp(info.src, p.src, 16) == 0);
	CU_ASSERT(memcmp(info.dst, p.dst, 16) == 0);
	(*count)++;
}

static void
test_gtpu_build_encap_vectors(void)
{
	unsigned int count = 0;

	CU_ASSERT(gtpu_vec_foreach("encap", encap_one, &count) == 4);
	CU_ASSERT_EQUAL(count, 4);
}

static void
echo_one(const struct ut_vec *v, void *arg)
{
	static uint8_t req[GTPU_VEC_MAX_BYTES], want[GTPU_VEC_MAX_BYTES];
	static uint8_t got[GTPU_VEC_MAX_BYTES];
	struct gtpu_info info, resp;
	int req_len, want_len, ret;
	unsigned int *count = arg;

	req_len = gtpu_vec_hex(v, "request", req);
	want_len = gtpu_vec_hex(v, "packet", want);
	CU_ASSERT_FATAL(req_len > 0 && want_len > 0);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(req, (uint32_t)req_len, 0,
					       &info), GTPU_OK);
	memset(got, 0xcc, sizeof(got));
	ret = gtpu_echo_resp_build(got, sizeof(got), &info);
	CU_ASSERT_EQUAL_FATAL(ret, want_len);
	dump_diff(v->name, want, got, (size_t)want_len);
	CU_ASSERT(memcmp(want, got, (size_t)want_len) == 0);
	/* It goes to the request's source port; the parser only takes
	 * 2152, so check the rest with the port rewritten. */
	CU_ASSERT_EQUAL(got[ret - 14 - 8 + 2] << 8 | got[ret - 14 - 8 + 3],
			info.udp_sport);
	got[ret - 14 - 8 + 2] = GTPU_UDP_PORT >> 8;
	got[ret - 14 - 8 + 3] = GTPU_UDP_PORT & 0xff;
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(got, (uint32_t)ret, 0, &resp),
			      GTPU_OK);
	CU_ASSERT_EQUAL(resp.msg_type, GTPU_MSG_ECHO_RESP);
	CU_ASSERT(resp.has_seq);
	CU_ASSERT_EQUAL(resp.seq, info.seq);
	CU_ASSERT_EQUAL(resp.teid, 0);
	CU_ASSERT(memcmp(resp.src, info.dst, 16) == 0);
	CU_ASSERT(memcmp(resp.dst, info.src, 16) == 0);
	CU_ASSERT_EQUAL(resp.payload_len, 2);
	CU_ASSERT_EQUAL(got[resp.payload_off], GTPU_IE_RECOVERY);
	CU_ASSERT_EQUAL(got[resp.payload_off + 1], 0);
	(*count)++;
}

static void
test_gtpu_build_echo_resp_vectors(void)
{
	unsigned int count = 0;

	CU_ASSERT(gtpu_vec_foreach("echo_resp", echo_one, &count) == 2);
	CU_ASSERT_EQUAL(count, 2);
}

static void
err_ind_one(const struct ut_vec *v, void *arg)
{
	static uint8_t trig[GTPU_VEC_MAX_BYTES], want[GTPU_VEC_MAX_BYTES];
	static uint8_t got[GTPU_VEC_MAX_BYTES];
	struct gtpu_err_ind_params p;
	struct gtpu_info info, ind;
	int trig_len, want_len, ret;
	unsigned int *count = arg;
	uint8_t peer[16], af;
	uint32_t teid;

	trig_len = gtpu_vec_hex(v, "trigger", trig);
	want_len = gtpu_vec_hex(v, "packet", want);
	CU_ASSERT_FATAL(trig_len > 0 && want_len > 0);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(trig, (uint32_t)trig_len, 0,
					       &info), GTPU_OK);
	gtpu_err_ind_params_from(&p, &info, (uint16_t)ut_vec_int(v, "seq"));
	memset(got, 0xcc, sizeof(got));
	ret = gtpu_err_ind_build(got, sizeof(got), &p);
	CU_ASSERT_EQUAL_FATAL(ret, want_len);
	dump_diff(v->name, want, got, (size_t)want_len);
	CU_ASSERT(memcmp(want, got, (size_t)want_len) == 0);
	/* Round trip through both parsers. */
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(got, (uint32_t)ret, 0, &ind),
			      GTPU_OK);
	CU_ASSERT_EQUAL(ind.msg_type, GTPU_MSG_ERR_IND);
	CU_ASSERT_EQUAL(ind.seq, ut_vec_int(v, "seq"));
	CU_ASSERT_EQUAL_FATAL(gtpu_err_ind_parse(got, (uint32_t)ret, &ind,
						 &teid, &af, peer), GTPU_OK);
	CU_ASSERT_EQUAL(teid, info.teid);
	CU_ASSERT_EQUAL(af, info.outer_af);
	CU_ASSERT(memcmp(peer, info.dst, 16) == 0);
	(*count)++;
}

static void
test_gtpu_build_err_ind_vectors(void)
{
	unsigned int count = 0;

	CU_ASSERT(gtpu_vec_foreach("err_ind", err_ind_one, &count) == 2);
	CU_ASSERT_EQUAL(count, 2);
}

static void
test_gtpu_build_encap_refuses_bad_params(void)
{
	struct gtpu_encap_params p;
	uint8_t buf[GTPU_ENCAP_MAX_LEN], zero[GTPU_ENCAP_MAX_LEN];

	memset(&p, 0, sizeof(p));
	memset(buf, 0, sizeof(buf));
	memset(zero, 0, sizeof(zero));
	p.outer_af = 4;
	p.teid = 1;
	CU_ASSERT_EQUAL(gtpu_encap_hdr_len(4, false), 36);
	CU_ASSERT_EQUAL(gtpu_encap_hdr_len(4, true), 44);
	CU_ASSERT_EQUAL(gtpu_encap_hdr_len(6, false), 56);
	CU_ASSERT_EQUAL(gtpu_encap_hdr_len(6, true), 64);
	CU_ASSERT_EQUAL(gtpu_encap_hdr_len(5, false), -EINVAL);
	CU_ASSERT_EQUAL(GTPU_ENCAP_MAX_LEN, 64);
	p.outer_af = 0;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 20), -EINVAL);
	p.outer_af = 4;
	p.teid = 0;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 20), -EINVAL);
	p.teid = 1;
	p.has_qfi = true;
	p.qfi = 64;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 20), -EINVAL);
	p.qfi = 63;
	/* 20 + 8 + 16 + inner must fit the 16-bit IPv4 total length. */
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 65535 - 44 + 1), -EMSGSIZE);
	CU_ASSERT(memcmp(buf, zero, sizeof(buf)) == 0);
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 65535 - 44), 44);
	/* IPv6: the payload length excludes the 40-byte header. */
	p.outer_af = 6;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 65535 - 24 + 1), -EMSGSIZE);
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 65535 - 24), 64);
}

static void
test_gtpu_build_udp6_cksum_checks_header(void)
{
	struct gtpu_encap_params p;
	uint8_t buf[GTPU_ENCAP_MAX_LEN + 8];
	uint32_t sum;

	memset(&p, 0, sizeof(p));
	p.outer_af = 4;
	p.teid = 1;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 8), 36);
	CU_ASSERT_EQUAL(gtpu_encap_udp6_cksum(buf, buf + 36, 8), -EINVAL);
	p.outer_af = 6;
	CU_ASSERT_EQUAL(gtpu_encap_build(buf, &p, 8), 56);
	memset(buf + 56, 0xab, 8);
	CU_ASSERT_EQUAL(gtpu_encap_udp6_cksum(buf, buf + 56, 7), -EINVAL);
	CU_ASSERT_EQUAL(gtpu_encap_udp6_cksum(buf, buf + 56, 8), 0);
	/* Verification: the sum including the checksum field is ~0. */
	sum = gtpu_cksum_add(0, buf + 8, 32);
	sum += 17 + 8 + 8 + 8;
	sum = gtpu_cksum_add(sum, buf + 40, 8 + 8 + 8);
	CU_ASSERT_EQUAL(gtpu_cksum_fold(sum), 0);
	/* Same value from the contiguous helper. */
	CU_ASSERT_EQUAL(gtpu_udp_cksum(6, buf + 8, buf + 24, buf + 40, 24),
			(uint16_t)(buf[46] << 8 | buf[47]));
}

static void
test_gtpu_build_echo_resp_guards(void)
{
	struct gtpu_info req, resp;
	uint8_t buf[GTPU_REPLY_MAX_LEN];

	memset(&req, 0, sizeof(req));
	req.msg_type = GTPU_MSG_ECHO_REQ;
	req.outer_af = 4;
	req.udp_sport = 1234;
	req.src[0] = 1;
	req.dst[0] = 2;
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, 41, &req), -ENOSPC);
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, 42, &req), 42);
	CU_ASSERT_EQUAL(buf[22] << 8 | buf[23], 1234);
	/* No S in the request: sequence number 0 in the response. */
	buf[22] = GTPU_UDP_PORT >> 8;
	buf[23] = GTPU_UDP_PORT & 0xff;
	CU_ASSERT_EQUAL(gtpu_outer_parse(buf, 42, 0, &resp), GTPU_OK);
	CU_ASSERT(resp.has_seq);
	CU_ASSERT_EQUAL(resp.seq, 0);
	CU_ASSERT_EQUAL(resp.udp_sport, GTPU_UDP_PORT);
	req.outer_af = 6;
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, 61, &req), -ENOSPC);
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, 62, &req), 62);
	req.msg_type = GTPU_MSG_GPDU;
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, sizeof(buf), &req), -EINVAL);
	req.msg_type = GTPU_MSG_ECHO_REQ;
	req.outer_af = 0;
	CU_ASSERT_EQUAL(gtpu_echo_resp_build(buf, sizeof(buf), &req), -EINVAL);
}

static void
test_gtpu_build_err_ind_guards(void)
{
	struct gtpu_err_ind_params p;
	struct gtpu_info ind;
	uint8_t buf[GTPU_REPLY_MAX_LEN], peer[16], af;
	uint32_t teid;
	int ret;

	memset(&p, 0, sizeof(p));
	p.af = 6;
	p.teid = 99;
	p.seq = 7;
	p.has_udp_port = true;
	p.udp_port = 2152;
	p.src[15] = 1;
	p.dst[15] = 2;
	CU_ASSERT_EQUAL(gtpu_err_ind_build(buf, GTPU_REPLY_MAX_LEN - 1, &p),
			-ENOSPC);
	CU_ASSERT_EQUAL(gtpu_err_ind_build(buf, sizeof(buf), &p),
			GTPU_REPLY_MAX_LEN);
	/* Without the UDP Port extension header: E=0, 4 bytes shorter. */
	p.has_udp_port = false;
	ret = gtpu_err_ind_build(buf, sizeof(buf), &p);
	CU_ASSERT_EQUAL_FATAL(ret, GTPU_REPLY_MAX_LEN - 4);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(buf, (uint32_t)ret, 0, &ind),
			      GTPU_OK);
	CU_ASSERT_EQUAL(ind.gtp_flags, 0x32);
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(buf, (uint32_t)ret, &ind, &teid,
					   &af, peer), GTPU_OK);
	CU_ASSERT_EQUAL(teid, 99);
	CU_ASSERT_EQUAL(af, 6);
	CU_ASSERT_EQUAL(peer[15], 1);
	p.af = 5;
	CU_ASSERT_EQUAL(gtpu_err_ind_build(buf, sizeof(buf), &p), -EINVAL);
}

static void
test_gtpu_build_cksum_helpers(void)
{
	/* RFC 1071 section 3 example: partial sum 0xddf2. */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03,
				       0xf4, 0xf5, 0xf6, 0xf7 };
	/* A real IPv4 header (checksum 0xb861 in bytes 10-11). */
	static const uint8_t ip[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	uint8_t odd[3] = { 0x12, 0x34, 0x56 };

	CU_ASSERT_EQUAL(gtpu_cksum_add(0, rfc, sizeof(rfc)), 0xddf2);
	CU_ASSERT_EQUAL(gtpu_cksum_fold(0xddf2), 0x220d);
	CU_ASSERT_EQUAL(gtpu_ipv4_cksum(ip, 20), 0xb861);
	/* An odd tail is padded with a zero byte. */
	CU_ASSERT_EQUAL(gtpu_cksum_add(0, odd, 3), 0x1234 + 0x5600);
	/* Carries wrap around. */
	CU_ASSERT_EQUAL(gtpu_cksum_add(0xffff, odd, 2), 0x1234);
}

static void
test_gtpu_build_udp4_cksum_zero_is_ffff(void)
{
	uint8_t src[4] = { 0 }, dst[4] = { 0 };
	uint8_t udp[8] = { 0 };
	uint16_t c;

	/* Pick a payload whose sum complements to 0: stored as 0xffff. */
	c = gtpu_udp_cksum(4, src, dst, udp, 8);
	/* Pseudo-header 17 + 8 = 0x19 -> checksum 0xffe6; a source port
	 * of 0xffe6 makes the whole sum 0xffff, i.e. a checksum of 0. */
	CU_ASSERT_EQUAL(c, 0xffe6);
	udp[0] = 0xff;
	udp[1] = 0xe6;
	CU_ASSERT_EQUAL(gtpu_udp_cksum(4, src, dst, udp, 8), 0xffff);
}

static CU_TestInfo build_tests[] = {
	{ "test_gtpu_build_encap_vectors", test_gtpu_build_encap_vectors },
	{ "test_gtpu_build_echo_resp_vectors",
	  test_gtpu_build_echo_resp_vectors },
	{ "test_gtpu_build_err_ind_vectors", test_gtpu_build_err_ind_vectors },
	{ "test_gtpu_build_encap_refuses_bad_params",
	  test_gtpu_build_encap_refuses_bad_params },
	{ "test_gtpu_build_udp6_cksum_checks_header",
	  test_gtpu_build_udp6_cksum_checks_header },
	{ "test_gtpu_build_echo_resp_guards",
	  test_gtpu_build_echo_resp_guards },
	{ "test_gtpu_build_err_ind_guards", test_gtpu_build_err_ind_guards },
	{ "test_gtpu_build_cksum_helpers", test_gtpu_build_cksum_helpers },
	{ "test_gtpu_build_udp4_cksum_zero_is_ffff",
	  test_gtpu_build_udp4_cksum_zero_is_ffff },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "gtpu_build", ut_vec_suite_init, NULL, NULL, NULL, build_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
