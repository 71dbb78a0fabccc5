/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * BIRD 2 "show protocols all" reader (ctl_bgp_proto.h). Pure.
 * Context: any.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_bgp.h"
#include "ctl_bgp_proto.h"

/* Copy the @n-th (0-based) blank-separated word of @s into @out. */
static bool
word_at(const char *s, unsigned int n, char *out, size_t cap)
{
	size_t l;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return false;
		l = strcspn(s, " \t");
		if (n-- == 0) {
			if (l >= cap)
				l = cap - 1;
			memcpy(out, s, l);
			out[l] = '\0';
			return true;
		}
		s += l;
	}
}

/* "key: value" anywhere in @s: the first word of the value into @out. */
static bool
value_of(const char *s, const char *key, char *out, size_t cap)
{
	const char *p = strstr(s, key);

	if (p == NULL)
		return false;
	return word_at(p + strlen(key), 0, out, cap);
}

static bool
addr_parse(const char *txt, struct srp_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 1];
	size_t l = strcspn(txt, "%");

	if (l >= sizeof(buf))
		return false;
	memcpy(buf, txt, l);
	buf[l] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, &a->v4) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, &a->v6) == 1) {
		a->family = AF_INET6;
		return true;
	}
	return false;
}

int
ctl_bgp_peers_parse(const char *reply, size_t len, struct ctl_bgp_peer *out,
		    unsigned int max)
{
	struct ctl_bgp_peer cur;
	char line[CTL_BGP_LINE_MAX], word[32], addr[INET6_ADDRSTRLEN + 16];
	const char *p = reply, *end = reply + len, *nl;
	bool in_bgp = false;
	unsigned int n = 0;
	size_t l;
	int code, r;

	if (reply == NULL)
		return -EINVAL;
	memset(&cur, 0, sizeof(cur));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = (size_t)((nl != NULL ? nl : end) - p);
		if (l >= sizeof(line))
			l = sizeof(line) - 1;	/* details beyond: not needed */
		memcpy(line, p, l);
		line[l] = '\0';
		p = nl != NULL ? nl + 1 : end;
		if (l == 0)
			continue;
		r = ctl_bgp_reply_line(line, &code);
		if (r < 0)
			return -EINVAL;
		if (r == 1 && !ctl_bgp_code_ok(code))
			return -EINVAL;
		if (line[0] != ' ' && strncmp(line, "1002", 4) == 0) {
			/* A new protocol: the previous one is complete. */
			if (in_bgp && n++ < max)
				out[n - 1] = cur;
			memset(&cur, 0, sizeof(cur));
			in_bgp = word_at(line + 5, 1, word, sizeof(word)) &&
				 strcmp(word, "BGP") == 0;
			if (in_bgp)
				word_at(line + 5, 0, cur.proto,
					sizeof(cur.proto));
			continue;
		}
		if (!in_bgp)
			continue;
		if (cur.state[0] == '\0' &&
		    value_of(line, "BGP state:", cur.state, sizeof(cur.state)))
			cur.established = strcmp(cur.state, "Established") == 0;
		else if (cur.addr.family == 0 &&
			 value_of(line, "Neighbor address:", addr,
				  sizeof(addr)))
			addr_parse(addr, &cur.addr);
	}
	if (in_bgp && n++ < max)
		out[n - 1] = cur;
	return (int)n;
}

const struct ctl_bgp_peer *
ctl_bgp_peer_find(const struct ctl_bgp_peer *peers, unsigned int n,
		  const struct srp_addr *addr)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (peers[i].addr.family != addr->family)
			continue;
		if (addr->family == AF_INET &&
		    peers[i].addr.v4.s_addr == addr->v4.s_addr)
			return &peers[i];
		if (addr->family == AF_INET6 &&
		    memcmp(&peers[i].addr.v6, &addr->v6,
			   sizeof(addr->v6)) == 0)
			return &peers[i];
	}
	return NULL;
}
