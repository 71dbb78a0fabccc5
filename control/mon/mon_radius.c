/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RADIUS codec of the AAA monitor: Access-Request build, answer check
 * (mon_radius.h). Pure. Context: any.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "mon_radius.h"

#define MD5_LEN		16
#define MA_ATTR_LEN	(2 + MD5_LEN)	/* Message-Authenticator */

/* MD5 over up to four pieces (NULL pieces skipped). @return 0 or -EIO */
static int
md5_4(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
      const uint8_t *c, size_t c_len, const uint8_t *d, size_t d_len,
      uint8_t out[MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	int ok;

	if (ctx == NULL)
		return -EIO;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
	     (a == NULL || EVP_DigestUpdate(ctx, a, a_len) == 1) &&
	     (b == NULL || EVP_DigestUpdate(ctx, b, b_len) == 1) &&
	     (c == NULL || EVP_DigestUpdate(ctx, c, c_len) == 1) &&
	     (d == NULL || EVP_DigestUpdate(ctx, d, d_len) == 1) &&
	     EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

static int
hmac_md5(const uint8_t *key, size_t key_len, const uint8_t *data,
	 size_t len, uint8_t out[MD5_LEN])
{
	unsigned int n = 0;

	if (HMAC(EVP_md5(), key, (int)key_len, data, len, out, &n) == NULL ||
	    n != MD5_LEN)
		return -EIO;
	return 0;
}

static void
put_attr(uint8_t *buf, size_t *off, uint8_t type, const void *val,
	 size_t len)
{
	buf[*off] = type;
	buf[*off + 1] = (uint8_t)(2 + len);
	if (len > 0)
		memcpy(buf + *off + 2, val, len);
	*off += 2 + len;
}

/* RFC 2865 section 5.2: c(1) = p1 xor MD5(S + RA),
 * c(i) = pi xor MD5(S + c(i-1)). */
static int
password_hide(const struct mon_radius_req *r, uint8_t *out, size_t n_pad)
{
	uint8_t b[MD5_LEN];
	const uint8_t *prev = r->auth;
	size_t i, k;
	int ret;

	memset(out, 0, n_pad);
	memcpy(out, r->password, strlen(r->password));
	for (i = 0; i < n_pad; i += MD5_LEN) {
		ret = md5_4(r->secret, r->secret_len, prev, MD5_LEN, NULL, 0,
			    NULL, 0, b);
		if (ret < 0)
			return ret;
		for (k = 0; k < MD5_LEN; k++)
			out[i + k] ^= b[k];
		prev = out + i;
	}
	return 0;
}

int
mon_radius_request_build(const struct mon_radius_req *r, uint8_t *buf,
			 size_t len)
{
	uint8_t hidden[MON_RADIUS_PASS_MAX];
	size_t user_len, pass_len, n_pad, need, off, ma_off, nas_len = 0;
	int ret;

	if (r == NULL || buf == NULL || r->user == NULL ||
	    r->password == NULL || r->secret == NULL || r->secret_len == 0)
		return -EINVAL;
	user_len = strlen(r->user);
	pass_len = strlen(r->password);
	if (user_len == 0 || user_len > MON_RADIUS_USER_MAX ||
	    pass_len == 0 || pass_len > MON_RADIUS_PASS_MAX)
		return -EINVAL;
	if (r->nas_family == AF_INET)
		nas_len = 4;
	else if (r->nas_family == AF_INET6)
		nas_len = 16;
	else if (r->nas_family != 0)
		return -EINVAL;
	n_pad = (pass_len + MD5_LEN - 1) / MD5_LEN * MD5_LEN;
	need = MON_RADIUS_HDR_LEN + 2 + user_len + 2 + n_pad +
	       (nas_len > 0 ? 2 + nas_len : 0) + MA_ATTR_LEN;
	if (len < need)
		return -ENOSPC;
	ret = password_hide(r, hidden, n_pad);
	if (ret < 0)
		goto out_wipe;
	buf[0] = MON_RADIUS_ACCESS_REQUEST;
	buf[1] = r->id;
	buf[2] = (uint8_t)(need >> 8);
	buf[3] = (uint8_t)need;
	memcpy(buf + 4, r->auth, MON_RADIUS_AUTH_LEN);
	off = MON_RADIUS_HDR_LEN;
	put_attr(buf, &off, MON_RADIUS_A_USER_NAME, r->user, user_len);
	put_attr(buf, &off, MON_RADIUS_A_USER_PASSWORD, hidden, n_pad);
	if (nas_len > 0)
		put_attr(buf, &off, nas_len == 4 ? MON_RADIUS_A_NAS_IP_ADDRESS :
			 MON_RADIUS_A_NAS_IPV6_ADDRESS, r->nas_ip, nas_len);
	/* RFC 3579 section 3.2: computed with the value zeroed. */
	ma_off = off;
	put_attr(buf, &off, MON_RADIUS_A_MESSAGE_AUTHENTICATOR, NULL, 0);
	buf[ma_off + 1] = MA_ATTR_LEN;
	memset(buf + ma_off + 2, 0, MD5_LEN);
	off += MD5_LEN;
	ret = hmac_md5(r->secret, r->secret_len, buf, need, buf + ma_off + 2);
	if (ret == 0)
		ret = (int)need;
out_wipe:
	memset(hidden, 0, sizeof(hidden));
	return ret;
}

/* Every attribute fits and has length >= 2 (RFC 2865 section 5); the
 * offset of a Message-Authenticator in *ma (0: none). */
static enum mon_radius_err
attrs_walk(const uint8_t *pkt, size_t plen, size_t *ma)
{
	size_t off = MON_RADIUS_HDR_LEN;

	*ma = 0;
	while (off < plen) {
		if (plen - off < 2 || pkt[off + 1] < 2 ||
		    pkt[off + 1] > plen - off)
			return MON_RADIUS_E_ATTR;
		if (pkt[off] == MON_RADIUS_A_MESSAGE_AUTHENTICATOR) {
			/* RFC 3579 section 3.2: exactly 18 bytes, once. */
			if (pkt[off + 1] != MA_ATTR_LEN || *ma != 0)
				return MON_RADIUS_E_MSG_AUTH;
			*ma = off;
		}
		off += pkt[off + 1];
	}
	return MON_RADIUS_OK;
}

static bool
same16(const uint8_t *a, const uint8_t *b)
{
	uint8_t d = 0;
	unsigned int i;

	for (i = 0; i < MD5_LEN; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

enum mon_radius_err
mon_radius_response_check(const uint8_t *pkt, size_t len, uint8_t id,
			  const uint8_t *req_auth, const uint8_t *secret,
			  size_t secret_len, uint8_t *code)
{
	uint8_t copy[MON_RADIUS_MAX_LEN], md[MD5_LEN];
	enum mon_radius_err e;
	size_t plen, ma;

	if (pkt == NULL || len < MON_RADIUS_HDR_LEN)
		return MON_RADIUS_E_SHORT;
	plen = (size_t)pkt[2] << 8 | pkt[3];
	if (plen < MON_RADIUS_MIN_LEN || plen > MON_RADIUS_MAX_LEN)
		return MON_RADIUS_E_LENGTH;
	/* RFC 2865 section 3: shorter than Length is discarded; octets
	 * past it are padding and ignored. */
	if (len < plen)
		return MON_RADIUS_E_SHORT;
	if (pkt[0] != MON_RADIUS_ACCESS_ACCEPT &&
	    pkt[0] != MON_RADIUS_ACCESS_REJECT &&
	    pkt[0] != MON_RADIUS_ACCESS_CHALLENGE)
		return MON_RADIUS_E_CODE;
	if (pkt[1] != id)
		return MON_RADIUS_E_ID;
	e = attrs_walk(pkt, plen, &ma);
	if (e != MON_RADIUS_OK)
		return e;
	/* RFC 2865 section 3: Response Authenticator. */
	if (md5_4(pkt, 4, req_auth, MON_RADIUS_AUTH_LEN,
		  pkt + MON_RADIUS_HDR_LEN, plen - MON_RADIUS_HDR_LEN,
		  secret, secret_len, md) < 0)
		return MON_RADIUS_E_AUTH;
	if (!same16(md, pkt + 4))
		return MON_RADIUS_E_AUTH;
	/* RFC 3579 section 3.2: in a response, computed over the packet
	 * with the Request Authenticator and the value zeroed. */
	if (ma != 0) {
		memcpy(copy, pkt, plen);
		memcpy(copy + 4, req_auth, MON_RADIUS_AUTH_LEN);
		memset(copy + ma + 2, 0, MD5_LEN);
		if (hmac_md5(secret, secret_len, copy, plen, md) < 0 ||
		    !same16(md, pkt + ma + 2))
			return MON_RADIUS_E_MSG_AUTH;
	}
	if (code != NULL)
		*code = pkt[0];
	return MON_RADIUS_OK;
}

const char *
mon_radius_err_str(enum mon_radius_err e)
{
	static const char *const names[MON_RADIUS_E_MAX] = {
		[MON_RADIUS_OK] = "ok",
		[MON_RADIUS_E_SHORT] = "truncated",
		[MON_RADIUS_E_LENGTH] = "bad-length",
		[MON_RADIUS_E_CODE] = "unexpected-code",
		[MON_RADIUS_E_ID] = "wrong-identifier",
		[MON_RADIUS_E_ATTR] = "bad-attribute",
		[MON_RADIUS_E_AUTH] = "bad-response-authenticator",
		[MON_RADIUS_E_MSG_AUTH] = "bad-message-authenticator",
	};

	return (unsigned int)e < MON_RADIUS_E_MAX ? names[e] : "?";
}

const char *
mon_radius_code_str(uint8_t code)
{
	switch (code) {
	case MON_RADIUS_ACCESS_REQUEST:
		return "access-request";
	case MON_RADIUS_ACCESS_ACCEPT:
		return "access-accept";
	case MON_RADIUS_ACCESS_REJECT:
		return "access-reject";
	case MON_RADIUS_ACCESS_CHALLENGE:
		return "access-challenge";
	default:
		return "?";
	}
}
