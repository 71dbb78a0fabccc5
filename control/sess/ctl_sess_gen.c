/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The generator side of the session generate job: checking a request and
 * computing the parameters of its session i (the job itself runs in
 * ctl_sess_bulk.c). Pure: no table, no reactor. Context: any.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ctl_sess.h"
#include "ctl_sess_int.h"
#include "dp_fwd.h"

/* Session @i of a generator request. */
void
ctl_sess_i_gen_params(const struct ctl_sess_gen *g, uint32_t i,
		      struct sess_params *p)
{
	uint32_t a4, hostmask;
	uint64_t hi;
	unsigned int k;

	memset(p, 0, sizeof(*p));
	p->teid_local = g->teid_local_base + i;
	p->teid_remote = g->teid_remote_base + i;
	p->peer_af = g->peer_af;
	memcpy(p->peer_addr, g->peer_addr, 16);
	p->nh_id = DP_NH_NONE;
	hostmask = UINT32_MAX >> g->ue4_plen;
	memcpy(&a4, g->ue4_pool, 4);
	a4 = (ntohl(a4) & ~hostmask) + 1 + i;
	a4 = htonl(a4);
	memcpy(p->ue4, &a4, 4);
	p->has_ue4 = true;
	if (g->has_ue6_pool) {
		hi = 0;
		for (k = 0; k < 8; k++)
			hi = hi << 8 | g->ue6_pool[k];
		if (g->ue6_plen < 64)
			hi &= ~(UINT64_MAX >> g->ue6_plen);
		hi += i;
		for (k = 0; k < 8; k++)
			p->ue6[k] = (uint8_t)(hi >> (56 - 8 * k));
		p->has_ue6 = true;
	}
	if (g->has_qfi) {
		p->has_qfi = true;
		p->qfi = g->qfi;
	}
}

/* Arguments of a generate request that need no table. */
int
ctl_sess_i_gen_check(const struct ctl_sess_gen *g, char *err, size_t err_len)
{
	uint64_t size;

	if (g->count == 0 || g->teid_local_base == 0 ||
	    g->teid_remote_base == 0) {
		ctl_sess_i_err(err, err_len,
			       "count and TEID bases must be at least 1");
		return -EINVAL;
	}
	if ((uint64_t)g->teid_local_base + g->count - 1 > UINT32_MAX ||
	    (uint64_t)g->teid_remote_base + g->count - 1 > UINT32_MAX) {
		ctl_sess_i_err(err, err_len, "%" PRIu32
			       " TEIDs from the bases run past 4294967295",
			       g->count);
		return -EINVAL;
	}
	if (g->ue4_plen < 1 || g->ue4_plen > 31) {
		ctl_sess_i_err(err, err_len,
			       "ue-ipv4-pool length must be 1..31");
		return -EINVAL;
	}
	size = (UINT64_C(1) << (32 - g->ue4_plen)) - 1;
	if (g->count > size) {
		ctl_sess_i_err(err, err_len, "ue-ipv4-pool /%u holds %" PRIu64
			       " addresses, %" PRIu32 " requested",
			       g->ue4_plen, size, g->count);
		return -EINVAL;
	}
	if (g->has_ue6_pool) {
		if (g->ue6_plen < 1 || g->ue6_plen > 64) {
			ctl_sess_i_err(err, err_len,
				       "ue-ipv6-pool length must be 1..64");
			return -EINVAL;
		}
		if (64 - g->ue6_plen < 32 &&
		    g->count > (UINT64_C(1) << (64 - g->ue6_plen))) {
			ctl_sess_i_err(err, err_len, "ue-ipv6-pool /%u holds %"
				       PRIu64 " /64 prefixes, %" PRIu32
				       " requested", g->ue6_plen,
				       UINT64_C(1) << (64 - g->ue6_plen),
				       g->count);
			return -EINVAL;
		}
	}
	return 0;
}
