/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Address, prefix, netmask and MAC parsing and formatting for the
 * configuration parser and printer. Pure code, runs on any thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf.h"

int
ctl_addr_parse(const char *s, struct srp_addr *addr)
{
	struct srp_addr a;

	if (s == NULL || *s == '\0' || strlen(s) >= INET6_ADDRSTRLEN)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	/* inet_pton rejects leading zeros, short forms and scope ids. */
	if (strchr(s, ':') != NULL) {
		if (inet_pton(AF_INET6, s, &a.v6) != 1)
			return -EINVAL;
		a.family = AF_INET6;
	} else {
		if (inet_pton(AF_INET, s, &a.v4) != 1)
			return -EINVAL;
		a.family = AF_INET;
	}
	*addr = a;
	return 0;
}

uint8_t
ctl_addr_max_plen(const struct srp_addr *addr)
{
	if (addr->family == AF_INET)
		return 32;
	if (addr->family == AF_INET6)
		return 128;
	return 0;
}

int
ctl_prefix_parse(const char *s, struct ctl_prefix *pfx)
{
	char buf[INET6_ADDRSTRLEN];
	struct ctl_prefix p;
	const char *slash, *d;
	unsigned int len = 0;
	size_t alen;

	if (s == NULL)
		return -EINVAL;
	slash = strchr(s, '/');
	if (slash == NULL)
		return -EINVAL;
	alen = (size_t)(slash - s);
	if (alen == 0 || alen >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	memset(&p, 0, sizeof(p));
	if (ctl_addr_parse(buf, &p.addr) < 0)
		return -EINVAL;
	/* 1 to 3 decimal digits, nothing else. */
	d = slash + 1;
	if (*d == '\0' || strlen(d) > 3)
		return -EINVAL;
	for (; *d != '\0'; d++) {
		if (*d < '0' || *d > '9')
			return -EINVAL;
		len = len * 10 + (unsigned int)(*d - '0');
	}
	if (len > ctl_addr_max_plen(&p.addr))
		return -EINVAL;
	p.plen = (uint8_t)len;
	*pfx = p;
	return 0;
}

uint32_t
ctl_mask_be(uint8_t plen)
{
	if (plen == 0)
		return 0;
	if (plen >= 32)
		return htonl(0xffffffffu);
	return htonl(~((1u << (32 - plen)) - 1u));
}

int
ctl_mask_parse(const char *s, uint8_t *plen)
{
	struct in_addr m;
	uint32_t host, inv;

	if (s == NULL || strchr(s, ':') != NULL)
		return -EINVAL;
	if (inet_pton(AF_INET, s, &m) != 1)
		return -EINVAL;
	host = ntohl(m.s_addr);
	/* Contiguous: the inverted mask is 2^k - 1, so adding one clears
	 * every bit it had. */
	inv = ~host;
	if ((inv & (inv + 1u)) != 0)
		return -EINVAL;
	*plen = (uint8_t)__builtin_popcount(host);
	return 0;
}

bool
ctl_prefix_is_network(const struct ctl_prefix *pfx)
{
	const uint8_t *b;
	unsigned int i, nbytes;

	if (pfx->addr.family == AF_INET)
		return (pfx->addr.v4.s_addr & ~ctl_mask_be(pfx->plen)) == 0;
	if (pfx->addr.family != AF_INET6 || pfx->plen > 128)
		return false;
	b = pfx->addr.v6.s6_addr;
	nbytes = 16;
	for (i = pfx->plen / 8u; i < nbytes; i++) {
		uint8_t keep = 0;

		if (i == pfx->plen / 8u && pfx->plen % 8u != 0)
			keep = (uint8_t)(0xffu << (8u - pfx->plen % 8u));
		if ((b[i] & (uint8_t)~keep) != 0)
			return false;
	}
	return true;
}

/* Whether the first @bits bits of two byte strings are equal. */
static bool
ctl_bits_equal(const uint8_t *a, const uint8_t *b, unsigned int bits)
{
	unsigned int full = bits / 8u, rest = bits % 8u;
	uint8_t mask;

	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xffu << (8u - rest));
	return (a[full] & mask) == (b[full] & mask);
}

bool
ctl_prefix_overlap(const struct ctl_prefix *a, const struct ctl_prefix *b)
{
	unsigned int bits = a->plen < b->plen ? a->plen : b->plen;

	if (a->addr.family != b->addr.family)
		return false;
	if (a->addr.family == AF_INET)
		return ctl_bits_equal((const uint8_t *)&a->addr.v4.s_addr,
				      (const uint8_t *)&b->addr.v4.s_addr,
				      bits);
	if (a->addr.family == AF_INET6)
		return ctl_bits_equal(a->addr.v6.s6_addr, b->addr.v6.s6_addr,
				      bits);
	return false;
}

static int
ctl_hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ctl_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t out[6];
	char sep;
	int i, hi, lo;

	if (s == NULL || strlen(s) != 17)
		return -EINVAL;
	sep = s[2];
	if (sep != ':' && sep != '-')
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		const char *o = s + i * 3;

		hi = ctl_hex_val(o[0]);
		lo = ctl_hex_val(o[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && o[2] != sep)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, sizeof(out));
	return 0;
}

const char *
ctl_addr_fmt(const struct srp_addr *addr, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if ((addr->family != AF_INET && addr->family != AF_INET6) ||
	    inet_ntop(addr->family, addr->family == AF_INET ?
		      (const void *)&addr->v4 : (const void *)&addr->v6,
		      buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "-");
	return buf;
}

const char *
ctl_prefix_fmt(const struct ctl_prefix *pfx, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", ctl_addr_fmt(&pfx->addr, a, sizeof(a)),
		 (unsigned int)pfx->plen);
	return buf;
}

const char *
ctl_mask_fmt(uint8_t plen, char *buf, size_t len)
{
	struct srp_addr m;

	memset(&m, 0, sizeof(m));
	m.family = AF_INET;
	m.v4.s_addr = ctl_mask_be(plen);
	return ctl_addr_fmt(&m, buf, len);
}

const char *
ctl_mac_fmt(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}
