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
 *   new state, with the address -> id map workers look up and the use
 *   marks they set. Those are owned here; control/net/ctl_nbr.c owns the
 *   rest (resolution state and retries, references, on-demand ageing) and
 *   writes what workers read only through the dp_fwd_nh_* primitives
 *   below (map an id, set its word, unmap it; the id and its map slot are
 *   reused after a grace period, see dp_fwd_reclaim()).
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

/* Neighbour words, indexed by id. Written by control, read by workers. */
extern uint64_t dp_fwd_nh_words[DP_FWD_MAX_NH];

/* Use marks of neighbours, indexed by id: set by workers (on-link
 * destinations), cleared by ctl_nbr_age() (control/net/ctl_nbr.h). */
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
 * Id of the neighbour entry of @addr (worker and control).
 * Context: any (worker: inside the read side).
 * @return 0 and @id, or -ENOENT
 */
int dp_fwd_nh_lookup(uint8_t af, const uint8_t *addr, uint16_t *id);

/**
 * Neighbour word of @mac on port @port_idx, valid for workers.
 * Context: control.
 */
static inline uint64_t
dp_fwd_nh_word_make(const uint8_t *mac, uint16_t port_idx)
{
	uint64_t w = DP_FWD_NH_VALID;
	unsigned int i;

	for (i = 0; i < 6; i++)
		w |= (uint64_t)mac[i] << (8 * i);
	w |= (uint64_t)(port_idx & 0xff) << DP_FWD_NH_PORT_SHIFT;
	return w;
}

/**
 * Publish word @w of neighbour @id to the workers (one atomic store).
 * Context: control.
 */
static inline void
dp_fwd_nh_word_set(uint16_t id, uint64_t w)
{
	__atomic_store_n(&dp_fwd_nh_words[id], w, __ATOMIC_RELEASE);
}

/**
 * Number of the neighbour map now in place: changes at each dp_fwd_init(),
 * 0 before it and after dp_fwd_fini(). The control side drops its
 * per-id state when it changes.
 * Context: control.
 */
uint64_t dp_fwd_nh_epoch(void);

/**
 * Map @addr to id @id on port @port_idx (the word is left to the caller,
 * dp_fwd_nh_word_set()). @id must be dp_fwd_nh_reusable().
 * Context: control.
 * @return 0, -EINVAL, -ENOSPC (map full)
 */
int dp_fwd_nh_map_add(uint8_t af, const uint8_t *addr, uint16_t port_idx,
		      uint16_t id);

/**
 * Unmap neighbour @id: remove its address from the map and clear its word
 * now; the id and its map slot become reusable once a grace period has
 * passed (a later dp_fwd_reclaim(); never waits).
 * Context: control.
 */
void dp_fwd_nh_unmap(uint16_t id);

/**
 * Whether id @id is neither mapped nor waiting for a grace period.
 * Context: control.
 */
bool dp_fwd_nh_reusable(uint16_t id);

#endif /* DP_FWD_H */
