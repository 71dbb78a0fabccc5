/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Neighbour (next-hop) management: the control side of the neighbour
 * table whose words the workers read (dp_fwd.h). It keeps, per neighbour
 * id, the resolution state (ARP/ND tries and their schedule), references
 * taken by sessions, the gateway and static marks and the on-demand
 * accounting and ageing; it writes what workers use only through the
 * dp_fwd primitives (address map entry, MAC/port word, unmap and id
 * reuse after a grace period).
 *
 * Border with dataplane/dp_fwd: dp_fwd owns the memory the workers read
 * (neighbour words, use marks, the address -> id map with its RCU
 * reclaim); this module owns everything only the control lcore reads.
 * Context: control.
 */
#ifndef CTL_NBR_H
#define CTL_NBR_H

#include <stdbool.h>
#include <stdint.h>

#include "dp_fwd.h"

/* Neighbour states (control side). */
enum ctl_nbr_state {
	CTL_NBR_ST_FREE = 0,
	CTL_NBR_ST_INCOMPLETE,	/* ARP/NS sent, no answer yet */
	CTL_NBR_ST_REACHABLE,	/* learnt from an answer */
	CTL_NBR_ST_STATIC,	/* ip arp / ipv6 neighbor */
	CTL_NBR_ST_FAILED,	/* no answer after CTL_NBR_TRIES tries */
	CTL_NBR_ST_RECLAIM,	/* freed; id reused after a grace period */
};

/* Resolution: a try every second, back off after three failures. */
#define CTL_NBR_TRIES		3
#define CTL_NBR_RETRY_MS	1000
#define CTL_NBR_BACKOFF_MS	10000

/*
 * Entries created on demand (ctl_nbr_demand(): traffic to an on-link
 * address) are capped, in all and while unresolved, so that subscriber
 * traffic to many addresses of a connected subnet cannot fill the table
 * or keep ARP/ND scanning; ctl_nbr_age() frees those unused for
 * CTL_NBR_AGE_MS and those that failed to resolve (no endless retry).
 */
#define CTL_NBR_DEMAND_MAX		4096
#define CTL_NBR_DEMAND_UNRES_MAX	128
#define CTL_NBR_AGE_MS			60000

/* A neighbour as shown to users. */
struct ctl_nbr_info {
	uint8_t			af;
	uint8_t			addr[16];
	enum ctl_nbr_state	state;
	bool			valid;		/* MAC usable by workers */
	uint8_t			mac[6];
	uint16_t		port_idx;
	uint32_t		refcnt;
	uint32_t		tries;
	bool			is_static;
	bool			is_gateway;	/* next hop of a route */
};

/**
 * Find or create the neighbour entry of @addr on port @port_idx. A new
 * entry is incomplete (resolution starts at the next ctl_nbr_due()),
 * or static/valid when @mac is given. Giving @mac to an existing entry
 * makes it static with that MAC.
 * Context: control.
 * @return 0 with @id set; -EINVAL; -ENOSPC (table full); -EEXIST (the
 *   address exists on another port)
 */
int ctl_nbr_add(uint8_t af, const uint8_t *addr, uint16_t port_idx,
		const uint8_t *mac, uint16_t *id);

/**
 * An ARP reply/request or NA told us @mac for @addr: update the entry if
 * we have one (static entries are not changed).
 * Context: control.
 * @return 0 updated, -ENOENT no entry, -EPERM static entry
 */
int ctl_nbr_learn(uint8_t af, const uint8_t *addr, const uint8_t *mac);

/**
 * Mark neighbour @id as a route gateway (kept while routes use it).
 * Context: control.
 */
void ctl_nbr_gateway_set(uint16_t id);

/** Snapshot of neighbour @id. @return 0 or -ENOENT. Context: control. */
int ctl_nbr_info_get(uint16_t id, struct ctl_nbr_info *info);

/**
 * Called for each neighbour that needs an ARP request / NS now; the entry's
 * try count and next-try time advance whatever @fn returns.
 */
typedef void ctl_nbr_solicit_fn(uint16_t id, const struct ctl_nbr_info *nh,
				void *arg);

/**
 * Walk incomplete/failed entries whose next try is due at @now_ms and call
 * @fn for each (at most @max). After CTL_NBR_TRIES unanswered tries an
 * entry is FAILED and retried every CTL_NBR_BACKOFF_MS.
 * Context: control.
 * @return number of entries @fn was called for
 */
unsigned int ctl_nbr_due(uint64_t now_ms, unsigned int max,
			 ctl_nbr_solicit_fn *fn, void *arg);

/** Highest neighbour id in use + 1 (for walks). Context: control. */
uint16_t ctl_nbr_limit(void);

/**
 * Find or create the neighbour entry through which packets to @addr leave
 * (the address itself when on-link, else its route's next hop), take a
 * reference and start its resolution (ARP/ND) if needed.
 * Context: control.
 * @param af 4 or 6
 * @param addr network order, 4 or 16 bytes
 * @param nh_id neighbour id to store in the session
 * @return 0, -ENETUNREACH (no route or connected subnet), -ENOSPC
 */
int ctl_nbr_peer_get(uint8_t af, const uint8_t *addr, uint16_t *nh_id);

/**
 * A worker met @addr as an on-link destination without a neighbour entry:
 * create the entry (on the port of its connected subnet, no reference) so
 * that resolution starts. Such entries are capped (CTL_NBR_DEMAND_MAX,
 * CTL_NBR_DEMAND_UNRES_MAX) and aged (ctl_nbr_age()).
 * Context: control.
 * @param now_ms clock of the caller (ms), start of the entry's life
 * @return 0 (created or already there), -ENETUNREACH (not on-link),
 *   -EBUSY (cap reached), -ENOSPC
 */
int ctl_nbr_demand(uint8_t af, const uint8_t *addr, uint64_t now_ms);

/**
 * Look at up to @max entries, from where the previous call stopped, and
 * free the on-demand ones without references that failed to resolve or
 * that no worker used for CTL_NBR_AGE_MS (at most @max_free of them:
 * each waits for a grace period). Bounded: call it from a timer.
 * Context: control.
 * @return number of entries freed
 */
unsigned int ctl_nbr_age(uint64_t now_ms, unsigned int max,
			 unsigned int max_free);

/**
 * On-demand entries in use and, of those, the unresolved ones
 * (incomplete or failed).
 * Context: control.
 */
void ctl_nbr_demand_count(uint32_t *n, uint32_t *n_unres);

/**
 * Drop a reference taken by ctl_nbr_peer_get (entries without references
 * and without static configuration are unmapped now; their id and hash key
 * slot are reused after a grace period, see dp_fwd_reclaim(); never waits).
 * Context: control.
 */
void ctl_nbr_peer_put(uint16_t nh_id);

#endif /* CTL_NBR_H */
