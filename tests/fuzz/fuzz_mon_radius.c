/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the AAA monitor's RADIUS codec (control/mon/
 * mon_radius.c): each input is checked as an answer to a fixed request
 * (its second byte taken as the expected identifier so that the checks
 * past it are reached); an accepted answer must have an answer code and a
 * Length within the input. The same input, re-signed with the secret as a
 * server would (Response Authenticator, RFC 2865 section 3), must then be
 * accepted when its attributes are well formed and carry no
 * Message-Authenticator. Then an Access-Request is built with user and
 * password taken from the input and its length and Message-Authenticator
 * are checked. Any broken invariant aborts. Test code only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "mon_radius.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t secret[] = "fuzz secret";
static const uint8_t req_auth[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

static void
check(int cond)
{
	if (!cond)
		abort();
}

/* Well-formed attributes without a Message-Authenticator. */
static int
attrs_plain(const uint8_t *p, size_t len)
{
	size_t off = 20;

	while (off < len) {
		if (len - off < 2 || p[off + 1] < 2 || p[off + 1] > len - off ||
		    p[off] == MON_RADIUS_A_MESSAGE_AUTHENTICATOR)
			return 0;
		off += p[off + 1];
	}
	return 1;
}

static void
resigned(const uint8_t *data, size_t size)
{
	uint8_t pkt[MON_RADIUS_MAX_LEN];
	unsigned int n = 0;
	EVP_MD_CTX *ctx;
	int good;

	if (size < 20 || size > sizeof(pkt))
		return;
	memcpy(pkt, data, size);
	pkt[0] = MON_RADIUS_ACCESS_REJECT;
	pkt[2] = (uint8_t)(size >> 8);
	pkt[3] = (uint8_t)size;
	memcpy(pkt + 4, req_auth, 16);
	ctx = EVP_MD_CTX_new();
	check(ctx != NULL);
	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, pkt, size);
	EVP_DigestUpdate(ctx, secret, sizeof(secret) - 1);
	EVP_DigestFinal_ex(ctx, pkt + 4, &n);
	EVP_MD_CTX_free(ctx);
	good = attrs_plain(pkt, size);
	if (good)
		check(mon_radius_response_check(pkt, size, pkt[1], req_auth,
			secret, sizeof(secret) - 1, NULL) == MON_RADIUS_OK);
}

static void
request(const uint8_t *data, size_t size)
{
	char user[MON_RADIUS_USER_MAX + 1], pass[MON_RADIUS_PASS_MAX + 1];
	uint8_t buf[512], copy[512], md[16];
	struct mon_radius_req r;
	size_t ul, pl;
	unsigned int n = 0;
	int len;

	if (size < 2)
		return;
	ul = data[0] % sizeof(user);
	pl = data[1] % sizeof(pass);
	data += 2;
	size -= 2;
	if (ul + pl > size)
		return;
	memcpy(user, data, ul);
	user[ul] = '\0';
	memcpy(pass, data + ul, pl);
	pass[pl] = '\0';
	memset(&r, 0, sizeof(r));
	r.secret = secret;
	r.secret_len = sizeof(secret) - 1;
	r.user = user;
	r.password = pass;
	memcpy(r.auth, req_auth, 16);
	len = mon_radius_request_build(&r, buf, sizeof(buf));
	ul = strlen(user);
	pl = strlen(pass);
	if (ul == 0 || pl == 0) {
		check(len == -EINVAL);
		return;
	}
	check(len == (int)(20 + 2 + ul + 2 + (pl + 15) / 16 * 16 + 18));
	check((size_t)(buf[2] << 8 | buf[3]) == (size_t)len);
	memcpy(copy, buf, (size_t)len);
	memset(copy + len - 16, 0, 16);
	HMAC(EVP_md5(), secret, sizeof(secret) - 1, copy, (size_t)len, md, &n);
	check(n == 16 && memcmp(md, buf + len - 16, 16) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t code = 0;
	size_t plen;

	if (mon_radius_response_check(data, size, size > 1 ? data[1] : 0,
				      req_auth, secret, sizeof(secret) - 1,
				      &code) == MON_RADIUS_OK) {
		plen = (size_t)data[2] << 8 | data[3];
		check(plen >= 20 && plen <= size);
		check(code == 2 || code == 3 || code == 11);
	}
	resigned(data, size);
	request(data, size);
	return 0;
}
