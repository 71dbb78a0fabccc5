/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Neighbour (next-hop) management on the control lcore: find-or-create,
 * learning from ARP/ND, resolution schedule, session references, on-demand
 * entries with their caps and ageing. The per-id control state lives here;
 * what the workers read (MAC/port words, use marks, the address map) is
 * owned by dataplane/dp_fwd and written only through its dp_fwd_nh_*
 * primitives. This table is (re)made when dp_fwd's neighbour map is
 * (dp_fwd_nh_epoch()), so it follows dp_fwd_init()/dp_fwd_fini().
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_nbr.h"
#include "dp_conf.h"

/* Control-side view of one neighbour entry. */
struct ctl_nbr {
	uint8_t			af;
	uint8_t			addr[16];
	enum ctl_nbr_state	state;
	uint16_t		port_idx;
	uint32_t		refcnt;
	uint32_t		tries;
	uint64_t		next_try_ms;
	bool			gateway;
	/* Made by ctl_nbr_demand() and not claimed since (no reference,
	 * not static, not a gateway): capped and aged. */
	bool			demand;
	uint64_t		used_ms;	/* demand: last seen in use */
};

static struct ctl_nbr *ctl_nbr_nhs;	/* DP_FWD_MAX_NH entries */
static uint64_t ctl_nbr_epoch;		/* dp_fwd_nh_epoch() they follow */
static uint16_t ctl_nbr_hi;		/* highest id used + 1 */
static uint32_t ctl_nbr_n_demand;	/* entries with demand set */
static uint32_t ctl_nbr_n_demand_unres;	/* of those, not reachable */
static uint16_t ctl_nbr_age_cursor;	/* next id ctl_nbr_age() checks */

/* The entries of the current neighbour map (NULL before dp_fwd_init()
 * or after dp_fwd_fini()), empty after each new map. */
static struct ctl_nbr *
ctl_nbr_tbl(void)
{
	uint64_t epoch = dp_fwd_nh_epoch();

	if (epoch == ctl_nbr_epoch)
		return ctl_nbr_nhs;
	free(ctl_nbr_nhs);
	ctl_nbr_nhs = NULL;
	ctl_nbr_hi = 0;
	ctl_nbr_n_demand = 0;
	ctl_nbr_n_demand_unres = 0;
	ctl_nbr_age_cursor = 0;
	if (epoch != 0) {
		ctl_nbr_nhs = calloc(DP_FWD_MAX_NH, sizeof(*ctl_nbr_nhs));
		if (ctl_nbr_nhs == NULL)
			return NULL;
	}
	ctl_nbr_epoch = epoch;
	return ctl_nbr_nhs;
}

/* Whether neighbour @nh is in use (not free, not waiting for reuse). */
static bool
ctl_nbr_live(const struct ctl_nbr *nh)
{
	return nh->state != CTL_NBR_ST_FREE && nh->state != CTL_NBR_ST_RECLAIM;
}

/* Whether id @id can be given to a new entry: never used, or freed and
 * its grace period over (dp_fwd_reclaim() has run since). */
static bool
ctl_nbr_reusable(const struct ctl_nbr *nh, uint16_t id)
{
	return nh->state == CTL_NBR_ST_FREE ||
	       (nh->state == CTL_NBR_ST_RECLAIM && dp_fwd_nh_reusable(id));
}

static bool
ctl_nbr_unresolved(const struct ctl_nbr *nh)
{
	return nh->state == CTL_NBR_ST_INCOMPLETE ||
	       nh->state == CTL_NBR_ST_FAILED;
}

/* An on-demand entry claimed by a reference, a route or configuration
 * leaves the demand accounting (call before changing its state). */
static void
ctl_nbr_undemand(struct ctl_nbr *nh)
{
	if (!nh->demand)
		return;
	nh->demand = false;
	ctl_nbr_n_demand--;
	if (ctl_nbr_unresolved(nh))
		ctl_nbr_n_demand_unres--;
}

int
ctl_nbr_add(uint8_t af, const uint8_t *addr, uint16_t port_idx,
	    const uint8_t *mac, uint16_t *id)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	struct ctl_nbr *nh;
	unsigned int i;
	int ret;

	if (nhs == NULL || addr == NULL || id == NULL ||
	    (af != 4 && af != 6) || port_idx >= DP_MAX_PORTS)
		return -EINVAL;
	if (dp_fwd_nh_lookup(af, addr, id) == 0) {
		nh = &nhs[*id];
		if (nh->port_idx != port_idx)
			return -EEXIST;
		if (mac != NULL) {
			ctl_nbr_undemand(nh);
			nh->state = CTL_NBR_ST_STATIC;
			dp_fwd_nh_word_set(*id, dp_fwd_nh_word_make(mac,
								    port_idx));
		}
		return 0;
	}
	for (i = 0; i < DP_FWD_MAX_NH; i++)
		if (ctl_nbr_reusable(&nhs[i], (uint16_t)i))
			break;
	if (i == DP_FWD_MAX_NH && dp_fwd_reclaim() > 0) {
		/* Ids waiting for reuse whose grace period has ended. */
		for (i = 0; i < DP_FWD_MAX_NH; i++)
			if (ctl_nbr_reusable(&nhs[i], (uint16_t)i))
				break;
	}
	if (i == DP_FWD_MAX_NH)
		return -ENOSPC;
	ret = dp_fwd_nh_map_add(af, addr, port_idx, (uint16_t)i);
	if (ret != 0)
		return ret;
	nh = &nhs[i];
	memset(nh, 0, sizeof(*nh));
	nh->af = af;
	memcpy(nh->addr, addr, af == 4 ? 4 : 16);
	nh->port_idx = port_idx;
	if (mac != NULL) {
		nh->state = CTL_NBR_ST_STATIC;
		dp_fwd_nh_word_set((uint16_t)i,
				   dp_fwd_nh_word_make(mac, port_idx));
	} else {
		nh->state = CTL_NBR_ST_INCOMPLETE;
		/* Port known, MAC not yet: not valid for workers. */
		dp_fwd_nh_word_set((uint16_t)i,
				(uint64_t)(port_idx & 0xff) << DP_FWD_NH_PORT_SHIFT);
	}
	if (i + 1 > ctl_nbr_hi)
		ctl_nbr_hi = (uint16_t)(i + 1);
	*id = (uint16_t)i;
	return 0;
}

int
ctl_nbr_learn(uint8_t af, const uint8_t *addr, const uint8_t *mac)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	struct ctl_nbr *nh;
	uint16_t id;

	if (nhs == NULL || dp_fwd_nh_lookup(af, addr, &id) != 0)
		return -ENOENT;
	nh = &nhs[id];
	if (nh->state == CTL_NBR_ST_STATIC)
		return -EPERM;
	if (nh->demand && ctl_nbr_unresolved(nh))
		ctl_nbr_n_demand_unres--;
	nh->state = CTL_NBR_ST_REACHABLE;
	nh->tries = 0;
	dp_fwd_nh_word_set(id, dp_fwd_nh_word_make(mac, nh->port_idx));
	return 0;
}

void
ctl_nbr_gateway_set(uint16_t id)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();

	if (nhs != NULL && id < DP_FWD_MAX_NH) {
		ctl_nbr_undemand(&nhs[id]);
		nhs[id].gateway = true;
	}
}

int
ctl_nbr_info_get(uint16_t id, struct ctl_nbr_info *info)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	const struct ctl_nbr *nh;
	uint64_t w;
	unsigned int i;

	if (nhs == NULL || id >= DP_FWD_MAX_NH || !ctl_nbr_live(&nhs[id]))
		return -ENOENT;
	nh = &nhs[id];
	w = __atomic_load_n(&dp_fwd_nh_words[id], __ATOMIC_ACQUIRE);
	memset(info, 0, sizeof(*info));
	info->af = nh->af;
	memcpy(info->addr, nh->addr, 16);
	info->state = nh->state;
	info->valid = (w & DP_FWD_NH_VALID) != 0;
	for (i = 0; i < 6; i++)
		info->mac[i] = (uint8_t)(w >> (8 * i));
	info->port_idx = nh->port_idx;
	info->refcnt = nh->refcnt;
	info->tries = nh->tries;
	info->is_static = nh->state == CTL_NBR_ST_STATIC;
	info->is_gateway = nh->gateway;
	return 0;
}

uint16_t
ctl_nbr_limit(void)
{
	return ctl_nbr_tbl() != NULL ? ctl_nbr_hi : 0;
}

unsigned int
ctl_nbr_due(uint64_t now_ms, unsigned int max, ctl_nbr_solicit_fn *fn,
	    void *arg)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	struct ctl_nbr_info info;
	struct ctl_nbr *nh;
	unsigned int n = 0;
	uint16_t i;

	if (nhs == NULL)
		return 0;
	for (i = 0; i < ctl_nbr_hi && n < max; i++) {
		nh = &nhs[i];
		if (nh->state != CTL_NBR_ST_INCOMPLETE &&
		    nh->state != CTL_NBR_ST_FAILED)
			continue;
		if (nh->next_try_ms > now_ms)
			continue;
		if (nh->state == CTL_NBR_ST_INCOMPLETE &&
		    nh->tries >= CTL_NBR_TRIES) {
			nh->state = CTL_NBR_ST_FAILED;
			nh->tries = 0;
			nh->next_try_ms = now_ms + CTL_NBR_BACKOFF_MS;
			continue;
		}
		nh->tries++;
		nh->next_try_ms = now_ms + (nh->state == CTL_NBR_ST_FAILED ?
						    CTL_NBR_BACKOFF_MS :
						    CTL_NBR_RETRY_MS);
		if (ctl_nbr_info_get(i, &info) == 0)
			fn(i, &info, arg);
		n++;
	}
	return n;
}

/* Route lookup on the control side: connected port or gateway id. */
static int
ctl_nbr_route_lookup(uint8_t af, const uint8_t *addr, uint32_t *value)
{
	const struct dp_fwd_state *st = dp_fwd_cur;

	if (st == NULL)
		return -ENETUNREACH;
	if (af != 4 && af != 6)
		return -EINVAL;
	if (dp_fwd_lpm_lookup(af == 4 ? &st->lpm4 : &st->lpm6, addr,
			      af == 4 ? 4 : 16, value) != 0)
		return -ENETUNREACH;
	return 0;
}

int
ctl_nbr_peer_get(uint8_t af, const uint8_t *addr, uint16_t *nh_id)
{
	struct ctl_nbr *nhs;
	uint32_t value;
	uint16_t id;
	int ret;

	if (addr == NULL || nh_id == NULL)
		return -EINVAL;
	ret = ctl_nbr_route_lookup(af, addr, &value);
	if (ret != 0)
		return ret;
	if (value & DP_FWD_LPM_CONNECTED) {
		ret = ctl_nbr_add(af, addr,
				  (uint16_t)(value & ~DP_FWD_LPM_CONNECTED),
				  NULL, &id);
		if (ret != 0)
			return ret == -ENOSPC ? -ENOSPC : -ENETUNREACH;
	} else {
		id = (uint16_t)value;
	}
	/* A route's gateway was made by ctl_nbr_add(): the table exists. */
	nhs = ctl_nbr_tbl();
	if (nhs == NULL)
		return -ENETUNREACH;
	ctl_nbr_undemand(&nhs[id]);
	nhs[id].refcnt++;
	*nh_id = id;
	return 0;
}

int
ctl_nbr_demand(uint8_t af, const uint8_t *addr, uint64_t now_ms)
{
	struct ctl_nbr *nh;
	uint32_t value;
	uint16_t id;
	int ret;

	if (addr == NULL)
		return -EINVAL;
	ret = ctl_nbr_route_lookup(af, addr, &value);
	if (ret != 0)
		return ret;
	if (!(value & DP_FWD_LPM_CONNECTED))
		return -ENETUNREACH;
	if (dp_fwd_nh_lookup(af, addr, &id) == 0)
		return 0;
	if (ctl_nbr_n_demand >= CTL_NBR_DEMAND_MAX ||
	    ctl_nbr_n_demand_unres >= CTL_NBR_DEMAND_UNRES_MAX)
		return -EBUSY;
	ret = ctl_nbr_add(af, addr, (uint16_t)(value & ~DP_FWD_LPM_CONNECTED),
			  NULL, &id);
	if (ret == -EEXIST)
		return 0;
	if (ret != 0)
		return ret;
	nh = &ctl_nbr_nhs[id];
	nh->demand = true;
	nh->used_ms = now_ms;
	__atomic_store_n(&dp_fwd_nh_used[id], 0, __ATOMIC_RELAXED);
	ctl_nbr_n_demand++;
	ctl_nbr_n_demand_unres++;
	return 0;
}

void
ctl_nbr_demand_count(uint32_t *n, uint32_t *n_unres)
{
	ctl_nbr_tbl();
	*n = ctl_nbr_n_demand;
	*n_unres = ctl_nbr_n_demand_unres;
}

/* Whether on-demand entry @nh (id @id) is to be freed at @now_ms. */
static bool
ctl_nbr_expired(struct ctl_nbr *nh, uint16_t id, uint64_t now_ms)
{
	if (nh->state == CTL_NBR_ST_FAILED)
		return true;
	if (__atomic_load_n(&dp_fwd_nh_used[id], __ATOMIC_RELAXED) != 0) {
		__atomic_store_n(&dp_fwd_nh_used[id], 0, __ATOMIC_RELAXED);
		nh->used_ms = now_ms;
		return false;
	}
	return now_ms >= nh->used_ms + CTL_NBR_AGE_MS;
}

unsigned int
ctl_nbr_age(uint64_t now_ms, unsigned int max, unsigned int max_free)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	struct ctl_nbr *nh;
	unsigned int n_freed = 0;
	unsigned int n;
	uint16_t id;

	if (nhs == NULL)
		return 0;
	for (n = 0; n < max && n_freed < max_free && ctl_nbr_hi != 0;
	     n++) {
		if (ctl_nbr_age_cursor >= ctl_nbr_hi)
			ctl_nbr_age_cursor = 0;
		id = ctl_nbr_age_cursor++;
		nh = &nhs[id];
		if (!ctl_nbr_live(nh) || !nh->demand ||
		    !ctl_nbr_expired(nh, id, now_ms))
			continue;
		ctl_nbr_undemand(nh);
		/* Released as an unreferenced dynamic entry is. */
		nh->refcnt = 1;
		ctl_nbr_peer_put(id);
		__atomic_store_n(&dp_fwd_nh_used[id], 0, __ATOMIC_RELAXED);
		n_freed++;
	}
	return n_freed;
}

void
ctl_nbr_peer_put(uint16_t nh_id)
{
	struct ctl_nbr *nhs = ctl_nbr_tbl();
	struct ctl_nbr *nh;

	if (nhs == NULL || nh_id >= DP_FWD_MAX_NH)
		return;
	nh = &nhs[nh_id];
	if (!ctl_nbr_live(nh) || nh->refcnt == 0)
		return;
	if (--nh->refcnt != 0 || nh->gateway || nh->state == CTL_NBR_ST_STATIC)
		return;
	/* Unreferenced dynamic entry: unmap it now; the id and the key slot
	 * are reused once readers that found it have finished. */
	dp_fwd_nh_unmap(nh_id);
	nh->state = CTL_NBR_ST_RECLAIM;
	nh->refcnt = 0;
	nh->gateway = false;
}
