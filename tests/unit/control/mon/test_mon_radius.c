/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the AAA monitor's RADIUS codec (mon_radius): the RFC 2865
 * section 7.1 example (User-Password hiding, Response Authenticator), the
 * Message-Authenticator of RFC 3579 checked with an independent HMAC,
 * long passwords, and every malformed answer refused. Runs without EAL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "mon/mon_radius.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	30

/* RFC 2865 section 7.1: secret, Request Authenticator, packets. */
static const char rfc_secret[] = "xyzzy5461";
static const uint8_t rfc_req_auth[16] = {
	0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57,
	0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a,
};
static const uint8_t rfc_req[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94,
	0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65,
	0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f,
	0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};
static const uint8_t rfc_accept[] = {
	0x02, 0x00, 0x00, 0x26, 0x86, 0xfe, 0x22, 0x0e,
	0x76, 0x24, 0xba, 0x2a, 0x10, 0x05, 0xf6, 0xbf,
	0x9b, 0x55, 0xe0, 0xb2, 0x06, 0x06, 0x00, 0x00,
	0x00, 0x01, 0x0f, 0x06, 0x00, 0x00, 0x00, 0x00,
	0x0e, 0x06, 0xc0, 0xa8, 0x01, 0x03,
};

static void
rfc_request(struct mon_radius_req *r)
{
	memset(r, 0, sizeof(*r));
	r->secret = (const uint8_t *)rfc_secret;
	r->secret_len = strlen(rfc_secret);
	r->user = "nemo";
	r->password = "arctangent";
	memcpy(r->auth, rfc_req_auth, 16);
	r->id = 0;
	r->nas_family = AF_INET;
	inet_pton(AF_INET, "192.168.1.16", r->nas_ip);
}

static bool
hmac_ok(const uint8_t *pkt, size_t len, size_t ma_off, const char *secret,
	const uint8_t *auth_in_header)
{
	uint8_t copy[4096], md[16];
	unsigned int n = 0;

	memcpy(copy, pkt, len);
	if (auth_in_header != NULL)
		memcpy(copy + 4, auth_in_header, 16);
	memset(copy + ma_off + 2, 0, 16);
	HMAC(EVP_md5(), secret, (int)strlen(secret), copy, len, md, &n);
	return n == 16 && memcmp(md, pkt + ma_off + 2, 16) == 0;
}

static void
test_mon_radius_rfc2865_request(void)
{
	struct mon_radius_req r;
	uint8_t buf[256];
	int len;

	rfc_request(&r);
	len = mon_radius_request_build(&r, buf, sizeof(buf));
	/* The example's attributes up to NAS-IP-Address, then ours. */
	CU_ASSERT_EQUAL_FATAL(len, 50 + 18);
	CU_ASSERT_EQUAL(buf[0], 1);
	CU_ASSERT_EQUAL(buf[1], 0);
	CU_ASSERT_EQUAL(buf[2] << 8 | buf[3], len);
	CU_ASSERT_EQUAL(memcmp(buf + 4, rfc_req + 4, 50 - 4), 0);
	CU_ASSERT_EQUAL(buf[50], 80);
	CU_ASSERT_EQUAL(buf[51], 18);
	CU_ASSERT(hmac_ok(buf, (size_t)len, 50, rfc_secret, NULL));
}

static void
test_mon_radius_rfc2865_accept(void)
{
	uint8_t code = 0, pad[64];

	CU_ASSERT_EQUAL(mon_radius_response_check(rfc_accept,
		sizeof(rfc_accept), 0, rfc_req_auth,
		(const uint8_t *)rfc_secret, strlen(rfc_secret), &code),
		MON_RADIUS_OK);
	CU_ASSERT_EQUAL(code, MON_RADIUS_ACCESS_ACCEPT);
	/* Octets past Length are padding (RFC 2865 section 3). */
	memset(pad, 0xee, sizeof(pad));
	memcpy(pad, rfc_accept, sizeof(rfc_accept));
	CU_ASSERT_EQUAL(mon_radius_response_check(pad, sizeof(pad), 0,
		rfc_req_auth, (const uint8_t *)rfc_secret,
		strlen(rfc_secret), NULL), MON_RADIUS_OK);
}

static void
test_mon_radius_long_password(void)
{
	char pass[MON_RADIUS_PASS_MAX + 2];
	struct mon_radius_req r;
	uint8_t buf[512], b[16], p[48];
	unsigned int n, i;
	EVP_MD_CTX *ctx;

	rfc_request(&r);
	r.nas_family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", r.nas_ip);
	memset(pass, 'x', sizeof(pass));
	pass[40] = '\0';	/* three 16-byte blocks */
	r.password = pass;
	CU_ASSERT_EQUAL_FATAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			      20 + 6 + 50 + 18 + 18);
	CU_ASSERT_EQUAL(buf[26], 2);
	CU_ASSERT_EQUAL(buf[27], 50);
	CU_ASSERT_EQUAL(buf[76], 95);	/* NAS-IPv6-Address */
	CU_ASSERT_EQUAL(buf[77], 18);
	/* Undo the hiding independently: p(i) = c(i) xor MD5(S + c(i-1)). */
	for (i = 0; i < 3; i++) {
		ctx = EVP_MD_CTX_new();
		EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
		EVP_DigestUpdate(ctx, rfc_secret, strlen(rfc_secret));
		EVP_DigestUpdate(ctx, i == 0 ? rfc_req_auth :
				 buf + 28 + 16 * (i - 1), 16);
		EVP_DigestFinal_ex(ctx, b, &n);
		EVP_MD_CTX_free(ctx);
		for (n = 0; n < 16; n++)
			p[16 * i + n] = buf[28 + 16 * i + n] ^ b[n];
	}
	CU_ASSERT_EQUAL(memcmp(p, pass, 40), 0);
	CU_ASSERT_EQUAL(p[40], 0);
	CU_ASSERT_EQUAL(p[47], 0);
	/* Limits. */
	pass[40] = 'x';
	pass[MON_RADIUS_PASS_MAX] = '\0';
	CU_ASSERT(mon_radius_request_build(&r, buf, sizeof(buf)) > 0);
	pass[MON_RADIUS_PASS_MAX] = 'x';
	pass[MON_RADIUS_PASS_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			-EINVAL);
	r.password = "";
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			-EINVAL);
	r.password = "a";
	r.user = "";
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			-EINVAL);
	r.user = "u";
	r.secret_len = 0;
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			-EINVAL);
	r.secret_len = 3;
	r.nas_family = 7;
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, sizeof(buf)),
			-EINVAL);
	r.nas_family = 0;
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, 20 + 3 + 18 + 18),
			20 + 3 + 18 + 18);
	CU_ASSERT_EQUAL(mon_radius_request_build(&r, buf, 20 + 3 + 18 + 17),
			-ENOSPC);
}

/* An answer to the RFC request signed with @secret: code, id, the
 * example's attributes, an optional Message-Authenticator. */
static size_t
make_answer(uint8_t *pkt, uint8_t code, uint8_t id, const char *secret,
	    bool with_ma)
{
	size_t len = sizeof(rfc_accept);
	unsigned int n = 0;
	uint8_t md[16];
	EVP_MD_CTX *ctx;

	memcpy(pkt, rfc_accept, len);
	pkt[0] = code;
	pkt[1] = id;
	if (with_ma) {
		pkt[len] = 80;
		pkt[len + 1] = 18;
		memset(pkt + len + 2, 0, 16);
		len += 18;
	}
	pkt[2] = (uint8_t)(len >> 8);
	pkt[3] = (uint8_t)len;
	memcpy(pkt + 4, rfc_req_auth, 16);
	if (with_ma) {
		HMAC(EVP_md5(), secret, (int)strlen(secret), pkt, len, md, &n);
		memcpy(pkt + len - 16, md, 16);
	}
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, pkt, len);
	EVP_DigestUpdate(ctx, secret, strlen(secret));
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	memcpy(pkt + 4, md, 16);
	return len;
}

static enum mon_radius_err
check(const uint8_t *pkt, size_t len, uint8_t id, uint8_t *code)
{
	return mon_radius_response_check(pkt, len, id, rfc_req_auth,
					 (const uint8_t *)rfc_secret,
					 strlen(rfc_secret), code);
}

static void
test_mon_radius_codes_and_msg_auth(void)
{
	static const uint8_t codes[] = { 2, 3, 11 };
	uint8_t pkt[128], code;
	unsigned int i;
	size_t len;

	for (i = 0; i < 3; i++) {
		len = make_answer(pkt, codes[i], 42, rfc_secret, i != 0);
		code = 0;
		CU_ASSERT_EQUAL(check(pkt, len, 42, &code), MON_RADIUS_OK);
		CU_ASSERT_EQUAL(code, codes[i]);
	}
	/* An Access-Request or Accounting-Response is not an answer. */
	len = make_answer(pkt, 1, 42, rfc_secret, false);
	CU_ASSERT_EQUAL(check(pkt, len, 42, NULL), MON_RADIUS_E_CODE);
	len = make_answer(pkt, 5, 42, rfc_secret, false);
	CU_ASSERT_EQUAL(check(pkt, len, 42, NULL), MON_RADIUS_E_CODE);
	/* Message-Authenticator altered, Response Authenticator redone. */
	len = make_answer(pkt, 2, 42, rfc_secret, true);
	CU_ASSERT_EQUAL(check(pkt, len, 42, NULL), MON_RADIUS_OK);
	CU_ASSERT(hmac_ok(pkt, len, len - 18, rfc_secret, rfc_req_auth));
}

static void
test_mon_radius_malformed_refused(void)
{
	uint8_t pkt[128], bad[128];
	unsigned int i;
	size_t len;

	len = make_answer(pkt, 2, 7, rfc_secret, true);
	CU_ASSERT_EQUAL_FATAL(check(pkt, len, 7, NULL), MON_RADIUS_OK);
	/* Every truncation. */
	for (i = 0; i < len; i++)
		CU_ASSERT_EQUAL(check(pkt, i, 7, NULL), MON_RADIUS_E_SHORT);
	CU_ASSERT_EQUAL(check(NULL, 0, 7, NULL), MON_RADIUS_E_SHORT);
	/* Wrong identifier. */
	CU_ASSERT_EQUAL(check(pkt, len, 8, NULL), MON_RADIUS_E_ID);
	/* Wrong secret. */
	len = make_answer(pkt, 2, 7, "not-the-secret", false);
	CU_ASSERT_EQUAL(check(pkt, len, 7, NULL), MON_RADIUS_E_AUTH);
	len = make_answer(pkt, 2, 7, "not-the-secret", true);
	CU_ASSERT_EQUAL(check(pkt, len, 7, NULL), MON_RADIUS_E_AUTH);
	/* Every single bit flipped in a signed answer is refused. */
	len = make_answer(pkt, 2, 7, rfc_secret, true);
	for (i = 0; i < len * 8; i++) {
		memcpy(bad, pkt, len);
		bad[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (check(bad, len, 7, NULL) == MON_RADIUS_OK)
			CU_FAIL("a flipped bit was accepted");
	}
	/* Length field out of range. */
	memcpy(bad, pkt, len);
	bad[2] = 0;
	bad[3] = 19;
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_LENGTH);
	bad[2] = 0x10;
	bad[3] = 0x01;
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_LENGTH);
	/* Length beyond the datagram. */
	bad[2] = 0;
	bad[3] = (uint8_t)(len + 1);
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_SHORT);
	/* Attributes: length 0, 1, overrun (before the authenticators). */
	memcpy(bad, pkt, len);
	bad[21] = 0;
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_ATTR);
	bad[21] = 1;
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_ATTR);
	memcpy(bad, pkt, len);
	bad[len - 17] = 19;	/* the Message-Authenticator overruns */
	CU_ASSERT_EQUAL(check(bad, len, 7, NULL), MON_RADIUS_E_ATTR);
	/* An attribute header cut by Length. */
	memcpy(bad, pkt, 38);
	bad[38] = 6;
	bad[2] = 0;
	bad[3] = 39;
	CU_ASSERT_EQUAL(check(bad, 39, 7, NULL), MON_RADIUS_E_ATTR);
	/* Message-Authenticator of the wrong size, or twice. */
	memcpy(bad, pkt, len);
	bad[len - 17] = 17;
	bad[2] = 0;
	bad[3] = (uint8_t)(len - 1);
	CU_ASSERT_EQUAL(check(bad, len - 1, 7, NULL), MON_RADIUS_E_MSG_AUTH);
	memcpy(bad, pkt, len);
	memcpy(bad + len, pkt + len - 18, 18);
	bad[3] = (uint8_t)(len + 18);
	CU_ASSERT_EQUAL(check(bad, len + 18, 7, NULL), MON_RADIUS_E_MSG_AUTH);
}

static void
test_mon_radius_names(void)
{
	unsigned int i;

	for (i = 0; i < MON_RADIUS_E_MAX; i++)
		CU_ASSERT_STRING_NOT_EQUAL(mon_radius_err_str(i), "?");
	CU_ASSERT_STRING_EQUAL(mon_radius_err_str(MON_RADIUS_E_MAX), "?");
	CU_ASSERT_STRING_EQUAL(mon_radius_code_str(2), "access-accept");
	CU_ASSERT_STRING_EQUAL(mon_radius_code_str(11), "access-challenge");
	CU_ASSERT_STRING_EQUAL(mon_radius_code_str(4), "?");
}

static CU_TestInfo tests[] = {
	{ "test_mon_radius_rfc2865_request", test_mon_radius_rfc2865_request },
	{ "test_mon_radius_rfc2865_accept", test_mon_radius_rfc2865_accept },
	{ "test_mon_radius_long_password", test_mon_radius_long_password },
	{ "test_mon_radius_codes_and_msg_auth",
	  test_mon_radius_codes_and_msg_auth },
	{ "test_mon_radius_malformed_refused",
	  test_mon_radius_malformed_refused },
	{ "test_mon_radius_names", test_mon_radius_names },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "mon_radius", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(suites);
}
