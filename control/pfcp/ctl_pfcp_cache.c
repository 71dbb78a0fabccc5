/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The response cache: the bytes of every answer to a state-changing
 * request, kept by (peer address, port, sequence number) for the peer's
 * retransmission window, so a retransmitted request gets the same answer
 * and no second effect. Entries expire in arrival order; the oldest go
 * first when the cache is full. Context: control.
 */
#include <stdlib.h>
#include <string.h>

#include "ctl_pfcp_int.h"

uint64_t
pfcp_cache_key(const struct pfcp_addr *from, uint32_t seq)
{
	uint64_t a, b;

	if (from->u.sa.sa_family == AF_INET) {
		a = from->u.in4.sin_addr.s_addr;
		b = from->u.in4.sin_port;
	} else {
		uint64_t w[2];

		memcpy(w, &from->u.in6.sin6_addr, 16);
		a = ctl_pfcp_idx_mix(w[0], w[1]);
		b = (uint64_t)from->u.in6.sin6_port | UINT64_C(1) << 63;
	}
	return ctl_pfcp_idx_mix(a, b << 24 | seq);
}

const struct pfcp_cache_ent *
pfcp_cache_get(uint64_t key)
{
	const struct pfcp_cache_ent *e =
		ctl_pfcp_idx_get(&pfcp_srv.cache_idx, key);

	if (e == NULL || e->expire_ms < pfcp_now_ms())
		return NULL;
	return e;
}

static void
cache_pop(void)
{
	struct pfcp_cache_ent *e = pfcp_srv.cache_head;

	pfcp_srv.cache_head = e->next;
	if (pfcp_srv.cache_head == NULL)
		pfcp_srv.cache_tail = NULL;
	if (ctl_pfcp_idx_get(&pfcp_srv.cache_idx, e->key) == e)
		ctl_pfcp_idx_del(&pfcp_srv.cache_idx, e->key);
	pfcp_srv.cache_n--;
	free(e);
}

void
pfcp_cache_put(uint64_t key, const uint8_t *b, size_t n)
{
	struct pfcp_cache_ent *e;

	if (pfcp_srv.cache_n >= PFCP_CACHE_MAX) {
		cache_pop();
		pfcp_srv.st.cache_evicted++;
	}
	e = malloc(sizeof(*e) + n);
	if (e == NULL)
		return;		/* a retransmission is then handled anew */
	e->next = NULL;
	e->key = key;
	e->expire_ms = pfcp_now_ms() + pfcp_srv.cache_ms;
	e->len = (uint16_t)n;
	memcpy(e->bytes, b, n);
	/* A stale entry under the same key (sequence reused after its
	 * window) is replaced; the old one just waits for its turn. */
	(void)ctl_pfcp_idx_del(&pfcp_srv.cache_idx, key);
	if (ctl_pfcp_idx_put(&pfcp_srv.cache_idx, key, e) < 0) {
		free(e);
		return;
	}
	if (pfcp_srv.cache_tail != NULL)
		pfcp_srv.cache_tail->next = e;
	else
		pfcp_srv.cache_head = e;
	pfcp_srv.cache_tail = e;
	pfcp_srv.cache_n++;
}

void
pfcp_cache_sweep(uint64_t now_ms)
{
	unsigned int budget = 65536;	/* bounded work per tick */

	while (pfcp_srv.cache_head != NULL && budget-- > 0 &&
	       pfcp_srv.cache_head->expire_ms < now_ms)
		cache_pop();
}

void
pfcp_cache_clear(void)
{
	while (pfcp_srv.cache_head != NULL)
		cache_pop();
}
