/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding state shared with the workers: local addresses per port,
 * routes, neighbours (next-hop MACs) and the chassis forwarding mode, all
 * published with RCU (liburcu QSBR) by the control lcore and read by the
 * workers once per burst.
 *
 * Two parts:
 * - struct dp_fwd_state (ports, addresses, chassis flags, LPM tables) is
 *   built by the control side, published with dp_fwd_publish() and never
 *   changed afterwards; a new one replaces it and the old one is freed
 *   after a grace period. Routes are static in this version: they are
 *   built once from the configuration before the workers start.
 * - the neighbour table is an array of 64-bit words (MAC, port index,
 *   valid bit) that control rewrites atomically, so a MAC change needs no
 *   new state. Control keeps the address -> id map, reference counts,
 *   resolution state and retries next to it.
 */
#ifndef DP_FWD_H
#define DP_FWD_H

#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ether.h>

#include "dp_conf.h"
#include "dp_ckpt_ring.h"
#include "dp_rcu.h"

#define DP_NH_NONE		UINT16_MAX
#define DP_FWD_MAX_NH		16384	/* neighbour entries (< 2^20) */
#define DP_FWD_MAX_ADDRS	8	/* local addresses per port */
#define DP_FWD_MAX_ROUTES	1024	/* per family */

/*
 * Route lookup values: a neighbour id, or DP_FWD_LPM_CONNECTED | port index
 * for a connected subnet (the neighbour is the destination itself, looked
 * up with dp_fwd_nh_lookup()).
 */
#define DP_FWD_LPM_CONNECTED	0x100000u

/* Neighbour word: MAC in bits 0-47 (byte i at bits 8i), port index in
 * 48-55, valid flag in bit 63. */
#define DP_FWD_NH_VALID		(UINT64_C(1) << 63)
#define DP_FWD_NH_PORT_SHIFT	48

/* Neighbour states (control side). */
enum dp_fwd_nh_state {
	DP_NH_ST_FREE = 0,
	DP_NH_ST_INCOMPLETE,	/* ARP/NS sent, no answer yet */
	DP_NH_ST_REACHABLE,	/* learnt from an answer */
	DP_NH_ST_STATIC,	/* ip arp / ipv6 neighbor */
	DP_NH_ST_FAILED,	/* no answer after DP_FWD_NH_TRIES tries */
	DP_NH_ST_RECLAIM,	/* freed; id reused after a grace period */
};

/* Resolution: a try every second, back off after three failures. */
#define DP_FWD_NH_TRIES		3
#define DP_FWD_NH_RETRY_MS	1000
#define DP_FWD_NH_BACKOFF_MS	10000

/*
 * Entries created on demand (dp_fwd_nh_demand(): traffic to an on-link
 * address) are capped, in all and while unresolved, so that subscriber
 * traffic to many addresses of a connected subnet cannot fill the table
 * or keep ARP/ND scanning; dp_fwd_nh_age() frees those unused for
 * DP_FWD_NH_AGE_MS and those that failed to resolve (no endless retry).
 */
#define DP_FWD_NH_DEMAND_MAX		4096
#define DP_FWD_NH_DEMAND_UNRES_MAX	128
#define DP_FWD_NH_AGE_MS		60000

/*
 * Longest-prefix match table: a multibit trie with 8-bit strides (4 levels
 * for IPv4, 16 for IPv6) and controlled prefix expansion. rte_lpm and
 * rte_lpm6 were not used: their 2^24-entry first level costs 64 MiB each,
 * too much next to a 1M-session table in small EAL memory. Routes are few
 * and static; a lookup touches one 12-byte entry per byte of address
 * until the first entry without a child table (one for a default route).
 */
struct dp_fwd_lpm_ent {
	uint32_t	value;		/* valid: next hop value */
	uint32_t	child;		/* table index, 0 = none */
	uint8_t		depth;		/* prefix length that set value */
	uint8_t		valid;
};

struct dp_fwd_lpm {
	uint32_t		n_tbl;	/* tables in use (table 0 = root) */
	uint32_t		cap;
	struct dp_fwd_lpm_ent	(*tbl)[256];
};

/**
 * Longest-prefix match of @addr (network order, @len_bytes 4 or 16).
 * Context: any (worker: table from this burst's state).
 * @return 0 with @value set, -ENOENT when no route covers @addr
 */
static inline int
dp_fwd_lpm_lookup(const struct dp_fwd_lpm *l, const uint8_t *addr,
		  unsigned int len_bytes, uint32_t *value)
{
	const struct dp_fwd_lpm_ent *e;
	uint32_t t = 0;
	unsigned int i;
	int ret = -ENOENT;

	for (i = 0; i < len_bytes; i++) {
		e = &l->tbl[t][addr[i]];
		if (e->valid) {
			*value = e->value;
			ret = 0;
		}
		if (e->child == 0)
			break;
		t = e->child;
	}
	return ret;
}

/* One local address of a port. */
struct dp_fwd_addr {
	uint8_t		af;		/* 4 or 6 */
	uint8_t		plen;		/* prefix length of the subnet */
	bool		srp_activate;	/* usable only while active */
	uint8_t		addr[16];	/* network order */
};

/* What workers need about one port. */
struct dp_fwd_port {
	bool			used;		/* configured and started */
	uint8_t			role;		/* enum dp_port_role */
	uint8_t			n_addrs;
	struct rte_ether_addr	mac;
	struct dp_fwd_addr	addrs[DP_FWD_MAX_ADDRS];
	/* Outer source of encapsulated packets, per family (index of the
	 * first usable address, or -1). */
	int8_t			src4;
	int8_t			src6;
	/* IP MTU (bytes) packets leaving here must fit; 0 = unchecked. */
	uint16_t		mtu;
};

/* One route, as kept for show commands. */
struct dp_fwd_route {
	uint8_t		af;
	uint8_t		plen;
	bool		connected;	/* subnet of a local address */
	uint16_t	port_idx;	/* connected: its port */
	uint16_t	nh_id;		/* else: the gateway's neighbour */
	uint8_t		prefix[16];
};

/*
 * Which subscriber data (G-PDUs, downlink T-PDUs) the workers forward,
 * read once per burst. SRP sets it: NONE on a standby, ALL once a new
 * active's post-switchover phases allow it, VOLTE in between when only
 * sessions flagged SESS_F_VOLTE may forward (the others are dropped as
 * switchover_hold). Without SRP it is ALL.
 */
enum dp_data_mode {
	DP_DATA_NONE = 0,	/* drop all (standby; switchover_hold
				 * while active, in the phases) */
	DP_DATA_VOLTE,		/* only VoLTE/IMS sessions forward */
	DP_DATA_ALL,		/* every session forwards */
};

/* The RCU-published state. Immutable once published. */
struct dp_fwd_state {
	/* Chassis flag: active is false while SRP keeps this chassis
	 * standby (ctl_fwd_active_set), true without SRP; srp-activate
	 * addresses answer only while it is set. data_mode (enum
	 * dp_data_mode) gates subscriber data separately: an active chassis
	 * may still hold data during its post-switchover phases. */
	bool			active;
	uint8_t			data_mode;
	/* Uplink source checks (dataplane "source-check", on by default):
	 * outer source = session peer, inner source = UE address/prefix. */
	bool			src_check;
	/* Worker micro-checkpoints (dp_ckpt_ring.h): TSC ticks between two of one
	 * session by one worker; DP_CKPT_RING_OFF (the default) = never. */
	uint64_t		mc_refresh_tsc;
	struct dp_fwd_lpm	lpm4;
	struct dp_fwd_lpm	lpm6;
	uint32_t		gen;		/* publication number */
	uint32_t		n_routes4;
	uint32_t		n_routes6;
	struct dp_fwd_port	ports[DP_MAX_PORTS];
	/* Cold: every route added, for show commands. */
	uint32_t		n_routes;
	struct dp_fwd_route	*routes;	/* DP_FWD_MAX_ROUTES * 2 */
	struct dp_rcu_node	rcu_node;	/* replaced: waiting to be freed */
	uint64_t		replaced_by;	/* publish number that replaced it */
};

/* A neighbour as shown to users. */
struct dp_fwd_nh_info {
	uint8_t			af;
	uint8_t			addr[16];
	enum dp_fwd_nh_state	state;
	bool			valid;		/* MAC usable by workers */
	uint8_t			mac[6];
	uint16_t		port_idx;
	uint32_t		refcnt;
	uint32_t		tries;
	bool			is_static;
	bool			is_gateway;	/* next hop of a route */
};

/* Neighbour words, indexed by id. Written by control, read by workers. */
extern uint64_t dp_fwd_nh_words[DP_FWD_MAX_NH];

/* Use marks of neighbours, indexed by id: set by workers (on-link
 * destinations), cleared by dp_fwd_nh_age(). */
extern uint8_t dp_fwd_nh_used[DP_FWD_MAX_NH];

/**
 * Note that a packet went to neighbour @id (a load, and a store only
 * when the mark is clear, so the line stays shared between workers).
 * Context: worker.
 */
static inline void
dp_fwd_nh_touch(uint16_t id)
{
	if (__atomic_load_n(&dp_fwd_nh_used[id], __ATOMIC_RELAXED) == 0)
		__atomic_store_n(&dp_fwd_nh_used[id], 1, __ATOMIC_RELAXED);
}

/* Currently published state (use dp_fwd_state_get()). */
extern struct dp_fwd_state *dp_fwd_cur;

/**
 * Create the neighbour address map (needs EAL). Called by dp_init().
 * Context: control.
 * @return 0, -EALREADY, -ENOMEM
 */
int dp_fwd_init(int socket);

/**
 * Unpublish and free the state, the neighbour map and every neighbour.
 * Idempotent. Waits for grace periods (shutdown only).
 * Context: control, with the workers stopped.
 */
void dp_fwd_fini(void);

/**
 * Free replaced states and reuse freed neighbour ids whose grace period
 * has ended; start a grace period for those retired since the last call.
 * Never blocks. Called from the control reactor's reclaim timer.
 * Context: control.
 * @return number of objects released
 */
unsigned int dp_fwd_reclaim(void);

/**
 * dp_fwd_reclaim() waiting for grace periods: tests and shutdown only.
 * Context: control, not an RCU reader.
 * @return number of objects released
 */
unsigned int dp_fwd_reclaim_wait(void);

/** States and neighbour ids waiting for a grace period. Context: control. */
uint32_t dp_fwd_reclaim_pending(void);

/**
 * New empty state (chassis active, no port used) with empty LPM tables.
 * Context: control.
 * @return the state, or NULL with errno ENOMEM
 */
struct dp_fwd_state *dp_fwd_state_new(int socket);

/**
 * Deep copy of @src (LPM tables and route list included) with a new
 * publication number, to publish with a few fields changed (e.g. the
 * chassis flag @active at a switchover).
 * Context: control.
 * @return the copy, or NULL with errno EINVAL (NULL @src) or ENOMEM
 */
struct dp_fwd_state *dp_fwd_state_clone(const struct dp_fwd_state *src);

/** Free a state that was never published. Context: control. */
void dp_fwd_state_free(struct dp_fwd_state *st);

/**
 * Describe port index @port_idx in @st.
 * Context: control.
 * @return 0, -EINVAL for a bad index or role
 */
int dp_fwd_port_set(struct dp_fwd_state *st, uint16_t port_idx,
		    uint8_t role, const struct rte_ether_addr *mac);

/**
 * Add a local address (with its subnet as a connected route, unless a
 * host prefix) to port @port_idx.
 * Context: control.
 * @return 0, -EINVAL (bad family, length or port), -ENOSPC (too many
 *   addresses), -EEXIST (already an address of this port), or the LPM
 *   error
 */
int dp_fwd_addr_add(struct dp_fwd_state *st, uint16_t port_idx, uint8_t af,
		    const uint8_t *addr, uint8_t plen, bool srp_activate);

/**
 * Add a route to @prefix/@plen via neighbour @nh_id.
 * Context: control.
 * @return 0, -EINVAL, -ENOSPC, or the LPM error
 */
int dp_fwd_route_add(struct dp_fwd_state *st, uint8_t af,
		     const uint8_t *prefix, uint8_t plen, uint16_t nh_id);

/**
 * Publish @st (rcu_assign_pointer) and retire the state it replaces: it is
 * freed by a later dp_fwd_reclaim() once a grace period has passed (never
 * waits). Ownership of @st passes to dp_fwd.
 * Context: control (not inside an RCU read-side section).
 */
void dp_fwd_publish(struct dp_fwd_state *st);

/**
 * Number of the last dp_fwd_publish() (1 for the first one; 0 before any).
 * Context: control.
 */
uint64_t dp_fwd_published(void);

/**
 * Whether every worker has left the states published before publish
 * number @seq, i.e. none can still act on them: polls the reclaim queue of
 * replaced states (never waits). A role flip is complete only then.
 * Context: control.
 */
bool dp_fwd_settled(uint64_t seq);

/**
 * The state workers use now (control side, for show commands).
 * Context: control.
 */
const struct dp_fwd_state *dp_fwd_state_get(void);

/**
 * Routes of the published state, in the order they were added.
 * Context: control.
 * @return number of routes stored (up to @max)
 */
unsigned int dp_fwd_routes(struct dp_fwd_route *out, unsigned int max);

/**
 * Whether @addr is a local address of port @port_idx usable now (an
 * srp-activate address only while the chassis is active).
 * Context: any (worker: with @st from this burst).
 */
static inline bool
dp_fwd_is_local(const struct dp_fwd_state *st, uint16_t port_idx, uint8_t af,
		const uint8_t *addr)
{
	const struct dp_fwd_port *p = &st->ports[port_idx];
	unsigned int i;
	unsigned int len = af == 4 ? 4 : 16;

	for (i = 0; i < p->n_addrs; i++) {
		const struct dp_fwd_addr *a = &p->addrs[i];

		if (a->af != af || (a->srp_activate && !st->active))
			continue;
		if (memcmp(a->addr, addr, len) == 0)
			return true;
	}
	return false;
}

/**
 * Find or create the neighbour entry of @addr on port @port_idx. A new
 * entry is incomplete (resolution starts at the next dp_fwd_nh_due()),
 * or static/valid when @mac is given. Giving @mac to an existing entry
 * makes it static with that MAC.
 * Context: control.
 * @return 0 with @id set; -EINVAL; -ENOSPC (table full); -EEXIST (the
 *   address exists on another port)
 */
int dp_fwd_nh_add(uint8_t af, const uint8_t *addr, uint16_t port_idx,
		  const uint8_t *mac, uint16_t *id);

/**
 * Id of the neighbour entry of @addr (worker and control).
 * Context: any (worker: inside the read side).
 * @return 0 and @id, or -ENOENT
 */
int dp_fwd_nh_lookup(uint8_t af, const uint8_t *addr, uint16_t *id);

/**
 * An ARP reply/request or NA told us @mac for @addr: update the entry if
 * we have one (static entries are not changed).
 * Context: control.
 * @return 0 updated, -ENOENT no entry, -EPERM static entry
 */
int dp_fwd_nh_learn(uint8_t af, const uint8_t *addr, const uint8_t *mac);

/**
 * Mark neighbour @id as a route gateway (kept while routes use it).
 * Context: control.
 */
void dp_fwd_nh_gateway_set(uint16_t id);

/** Snapshot of neighbour @id. @return 0 or -ENOENT. Context: control. */
int dp_fwd_nh_info(uint16_t id, struct dp_fwd_nh_info *info);

/**
 * Called for each neighbour that needs an ARP request / NS now; the entry's
 * try count and next-try time advance whatever @fn returns.
 */
typedef void dp_fwd_solicit_fn(uint16_t id, const struct dp_fwd_nh_info *nh,
			       void *arg);

/**
 * Walk incomplete/failed entries whose next try is due at @now_ms and call
 * @fn for each (at most @max). After DP_FWD_NH_TRIES unanswered tries an
 * entry is FAILED and retried every DP_FWD_NH_BACKOFF_MS.
 * Context: control.
 * @return number of entries @fn was called for
 */
unsigned int dp_fwd_nh_due(uint64_t now_ms, unsigned int max,
			   dp_fwd_solicit_fn *fn, void *arg);

/** Highest neighbour id in use + 1 (for walks). Context: control. */
uint16_t dp_fwd_nh_limit(void);

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
int dp_fwd_peer_nh_get(uint8_t af, const uint8_t *addr, uint16_t *nh_id);

/**
 * A worker met @addr as an on-link destination without a neighbour entry:
 * create the entry (on the port of its connected subnet, no reference) so
 * that resolution starts. Such entries are capped (DP_FWD_NH_DEMAND_MAX,
 * DP_FWD_NH_DEMAND_UNRES_MAX) and aged (dp_fwd_nh_age()).
 * Context: control.
 * @param now_ms clock of the caller (ms), start of the entry's life
 * @return 0 (created or already there), -ENETUNREACH (not on-link),
 *   -EBUSY (cap reached), -ENOSPC
 */
int dp_fwd_nh_demand(uint8_t af, const uint8_t *addr, uint64_t now_ms);

/**
 * Look at up to @max entries, from where the previous call stopped, and
 * free the on-demand ones without references that failed to resolve or
 * that no worker used for DP_FWD_NH_AGE_MS (at most @max_free of them:
 * each waits for a grace period). Bounded: call it from a timer.
 * Context: control.
 * @return number of entries freed
 */
unsigned int dp_fwd_nh_age(uint64_t now_ms, unsigned int max,
			   unsigned int max_free);

/**
 * On-demand entries in use and, of those, the unresolved ones
 * (incomplete or failed).
 * Context: control.
 */
void dp_fwd_nh_demand_count(uint32_t *n, uint32_t *n_unres);

/**
 * Drop a reference taken by dp_fwd_peer_nh_get (entries without references
 * and without static configuration are unmapped now; their id and hash key
 * slot are reused after a grace period, see dp_fwd_reclaim(); never waits).
 * Context: control.
 */
void dp_fwd_peer_nh_put(uint16_t nh_id);

#endif /* DP_FWD_H */
