/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Subscriber session tables: session objects, lookup by local TEID and by
 * UE IPv4/IPv6 address (rte_hash, lock-free readers) and, for the control
 * side, by peer address + remote TEID; per-worker
 * per-session counters, and RCU (liburcu QSBR) reclamation of replaced or
 * deleted objects. One writer: the control lcore. Workers only read.
 */
#ifndef SESS_TABLE_H
#define SESS_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define SESS_MAX_CAPACITY	(16u * 1024 * 1024)
#define SESS_SLOT_NONE		UINT32_MAX
/* Counter slots beyond max-sessions for slots waiting for reclaim: see
 * sess_table_headroom(). */
#define SESS_HEADROOM_MIN	64u

/* Session flags. */
#define SESS_F_VOLTE		0x01	/* IMS/VoLTE bearer (early forwarding) */
#define SESS_F_ERR_IND		0x02	/* peer sent an Error Indication */
#define SESS_F_UL_DROP		0x04	/* uplink G-PDUs dropped by rule
					 * (PFCP FAR DROP/BUFF) */
#define SESS_F_DL_DROP		0x08	/* downlink dropped by rule (PFCP
					 * FAR DROP/BUFF); the session may
					 * then have no downlink tunnel */

/* sess_params idle/absolute timeout: this session never expires that way. */
#define SESS_TIMEOUT_NONE	UINT32_MAX

/*
 * What the control side gives to create or modify a session. Addresses in
 * network byte order. The downlink tunnel (peer_af, peer_addr,
 * teid_remote) is required, except with SESS_F_DL_DROP: such a session may
 * have none (peer_af 0, teid_remote 0, peer_addr all zero; a PFCP session
 * before the gNodeB's tunnel is known), and is then not in the (peer,
 * remote TEID) index and holds no neighbour (nh_id DP_NH_NONE).
 */
struct sess_params {
	uint32_t	teid_local;	/* uplink TEID we allocated (!= 0) */
	uint32_t	teid_remote;	/* downlink TEID at the peer (!= 0;
					 * 0 when peer_af is 0) */
	uint8_t		peer_af;	/* 4 or 6: eNodeB/gNodeB/S-GW address;
					 * 0: no downlink tunnel (only with
					 * SESS_F_DL_DROP) */
	uint8_t		peer_addr[16];
	bool		has_ue4;
	uint8_t		ue4[4];
	bool		has_ue6;
	uint8_t		ue6[16];	/* UE address (/128 key; /64 prefix
					 * sessions are keyed by their
					 * interface identifier 0) */
	bool		has_qfi;
	uint8_t		qfi;		/* 0..63 */
	uint8_t		flags;		/* SESS_F_* */
	uint16_t	nh_id;		/* downlink neighbour (see dp_fwd.h) */
	/* Session timers of this session (control/sess/ctl_sess_timer.c;
	 * never read by workers): 0 takes the configured default,
	 * SESS_TIMEOUT_NONE means no timeout, else seconds. */
	uint32_t	idle_timeout_s;
	uint32_t	abs_timeout_s;
};

/*
 * A published session: immutable while readers may see it. Modify = copy,
 * edit, replace in every table, retire the old one after a grace period.
 */
struct sess {
	struct sess_params	p;
	uint32_t		slot;		/* counter slot, stable for the
						 * session's life */
	uint64_t		created_ms;	/* wall clock, ms since epoch */
};

/* Per-worker, per-slot counters (written by one worker only). */
struct sess_cnt {
	uint64_t	ul_pkts;
	uint64_t	ul_bytes;
	uint64_t	dl_pkts;
	uint64_t	dl_bytes;
	uint64_t	last_tsc;	/* TSC of the last packet either way */
	uint64_t	ckpt_tsc;	/* TSC of this worker's last
					 * micro-checkpoint of the slot */
};

/*
 * Counters a session brought with it (replicated from the active, or set
 * by the control side): kept per slot by the control lcore, added to the
 * workers' counts by sess_table_cnt_sum(). last_ms is wall-clock ms of the
 * last packet the previous holder saw (0: none).
 */
struct sess_cnt_base {
	uint64_t	ul_pkts;
	uint64_t	ul_bytes;
	uint64_t	dl_pkts;
	uint64_t	dl_bytes;
	uint64_t	last_ms;
};

struct sess_table;

/** Whether @p has a downlink tunnel (peer and remote TEID). Context: any. */
static inline bool
sess_params_has_tunnel(const struct sess_params *p)
{
	return p->peer_af != 0;
}

/**
 * The rules every installed session follows: local TEID not 0, a UE
 * address, qfi <= 63, known flags, and a downlink tunnel (peer af 4 or 6
 * with a remote TEID) unless SESS_F_DL_DROP is set and the tunnel is
 * absent as a whole (af 0, remote TEID 0, zero address).
 * Context: any (pure).
 * @return 0 or -EINVAL
 */
int sess_table_params_check(const struct sess_params *p);

/**
 * Create tables for @max_sess sessions and @n_workers counter arrays on
 * NUMA @socket. The tables get sess_table_headroom(@max_sess) counter
 * slots (and key slots) more than @max_sess, so that slots of deleted
 * sessions still waiting for their grace period do not make the table
 * refuse a session while fewer than @max_sess are installed: a standby
 * must take every session its active (same max-sessions) took.
 * Context: control, after EAL init. The calling thread is registered with
 * liburcu QSBR (kept offline) for call_rcu().
 * @return the table, or NULL with errno (EINVAL, ENOMEM, ENOSPC)
 */
struct sess_table *sess_table_create(uint32_t max_sess, unsigned int n_workers,
				     int socket);

/**
 * Extra counter slots a table for @max_sess sessions gets for reclaim:
 * max_sess / 8 + SESS_HEADROOM_MIN. Context: any.
 */
uint32_t sess_table_headroom(uint32_t max_sess);

/**
 * Wait for readers (the one blocking wait: shutdown), free everything.
 * Context: control, workers stopped.
 */
void sess_table_free(struct sess_table *t);

/**
 * Add a session. All-or-nothing: on error no table changed.
 * Context: control.
 * @return 0; -EEXIST duplicate local TEID, UE address, or (peer address,
 *	remote TEID) pair (a peer allocates its TEIDs uniquely, so two
 *	sessions sending to the same peer TEID are an error); -ENOSPC full
 *	(max sessions installed, or more slots waiting for a grace period
 *	than the headroom holds: see sess_table_reclaim());
 *	-EINVAL bad parameters (see sess_table_params_check())
 */
int sess_table_add(struct sess_table *t, const struct sess_params *p);

/**
 * sess_table_add() with a given creation time (a session replicated from
 * the active keeps the active's): @created_ms is wall-clock ms since the
 * epoch, 0 means now.
 * Context: control.
 * @return as sess_table_add()
 */
int sess_table_add_at(struct sess_table *t, const struct sess_params *p,
		      uint64_t created_ms);

/* What a change did (change hook). */
enum sess_table_change {
	SESS_CHG_ADD = 0,	/* sess_table_add[_at] */
	SESS_CHG_MOD,		/* sess_table_modify, sess_table_flags_set */
	SESS_CHG_DEL,		/* sess_table_del */
};

/**
 * Told after every successful change of the session with local TEID
 * @teid_local. Must not change the table. Context: control.
 */
typedef void sess_table_change_fn(void *arg, uint32_t teid_local,
				  enum sess_table_change what);

/**
 * Install (or with NULL @fn remove) the change hook of @t.
 * Context: control.
 */
void sess_table_hook_set(struct sess_table *t, sess_table_change_fn *fn,
			 void *arg);

/**
 * Tell the change hook that the session with local TEID @teid_local
 * changed (SESS_CHG_MOD) although the table did not: state kept beside it
 * (its PFCP rules) must be replicated again.
 * Context: control.
 * @return 0 or -ENOENT
 */
int sess_table_touch(struct sess_table *t, uint32_t teid_local);

/**
 * Replace the session with local TEID p->teid_local by @p (the local TEID
 * cannot change; UE addresses, peer and remote TEID may, subject to the
 * duplicate rule of sess_table_add()).
 * Counters and creation time are kept.
 * Context: control.
 * @return 0, -ENOENT, -EEXIST, -EINVAL
 */
int sess_table_modify(struct sess_table *t, const struct sess_params *p);

/**
 * Test hook (the audit tests' "debug session-corrupt"): replace the
 * session with local TEID p->teid_local by @p WITHOUT sess_table_params_check()
 * and without telling the change hook, so that a session breaking the
 * table's rules can be installed on purpose. @p must keep the session's
 * UE addresses; the remote TEID may change. Workers read only the flags
 * they know, so an unknown flag bit is a safe way to break the rules.
 * Context: control.
 * @return 0, -ENOENT, -EINVAL (UE addresses changed), -EEXIST, -ENOMEM
 */
int sess_table_test_replace(struct sess_table *t, const struct sess_params *p);

/**
 * Remove a session; its object and slot are reclaimed after a grace period.
 * Context: control.
 * @return 0 or -ENOENT
 */
int sess_table_del(struct sess_table *t, uint32_t teid_local);

/**
 * Set/clear flags of a session (copy + replace).
 * Context: control.
 * @return 0, -ENOENT, -EINVAL (unknown flag bits, or SESS_F_DL_DROP
 *	cleared on a session without a downlink tunnel)
 */
int sess_table_flags_set(struct sess_table *t, uint32_t teid_local,
			 uint8_t set, uint8_t clear);

/**
 * Free what deleted/replaced sessions left once every worker has passed a
 * quiescent state, without waiting: objects whose grace period (started by
 * an earlier call, with call_rcu) has ended are freed, and one grace period
 * is started for those retired since. Called by the control reactor after
 * a batch of changes and from a timer until nothing is pending; cheap when
 * nothing is pending. Never blocks, and frees at most
 * sess_table_reclaim_max_set() objects (DP_RCU_POLL_MAX by default) per
 * call: sess_table_reclaim_ready() says how many more could go now.
 * Context: control (not an RCU reader).
 * @return number of objects freed
 */
unsigned int sess_table_reclaim(struct sess_table *t);

/**
 * Objects past their grace period that the last sess_table_reclaim() left
 * for the next call (its budget was used up). Context: control.
 */
uint32_t sess_table_reclaim_ready(const struct sess_table *t);

/**
 * Most objects one sess_table_reclaim() frees (0: DP_RCU_POLL_MAX).
 * Context: control.
 */
void sess_table_reclaim_max_set(struct sess_table *t, uint32_t max);

/** Most objects one sess_table_reclaim() has freed so far. Context: control. */
uint32_t sess_table_reclaim_max_seen(const struct sess_table *t);

/**
 * Free everything pending, waiting for grace periods. Blocks: shutdown
 * and tests only, never on the live reactor.
 * Context: control.
 * @return number of objects freed
 */
unsigned int sess_table_reclaim_wait(struct sess_table *t);

/**
 * Bulk lookups for workers (inside the QSBR read side). @out[i] is the
 * session or NULL.
 * Context: worker (or control).
 * @return bit mask of hits (bit i for key i), @n <= 64
 */
uint64_t sess_table_lookup_teid_bulk(const struct sess_table *t,
				     const uint32_t *teids, unsigned int n,
				     const struct sess **out);
uint64_t sess_table_lookup_ue4_bulk(const struct sess_table *t,
				    const uint32_t *ue4_be, unsigned int n,
				    const struct sess **out);
uint64_t sess_table_lookup_ue6_bulk(const struct sess_table *t,
				    const uint8_t (*ue6)[16], unsigned int n,
				    const struct sess **out);

/** Single lookups (control side, tests). NULL when absent. */
const struct sess *sess_table_lookup_teid(const struct sess_table *t,
					  uint32_t teid);
const struct sess *sess_table_lookup_ue4(const struct sess_table *t,
					 const uint8_t ue4[4]);
const struct sess *sess_table_lookup_ue6(const struct sess_table *t,
					 const uint8_t ue6[16]);

/**
 * The session that sends to remote TEID @teid_remote at peer @peer_addr
 * (4 bytes read for @af 4, 16 for @af 6): what a received Error Indication
 * names. Constant time (hash), not a walk.
 * Context: control (the table behind it has no lock-free readers).
 * @return the session, or NULL when none (or @af is not 4 or 6)
 */
const struct sess *sess_table_lookup_remote(const struct sess_table *t,
					    uint8_t af,
					    const uint8_t *peer_addr,
					    uint32_t teid_remote);

/**
 * Counter array of worker @worker_idx, indexed by session slot.
 * Context: worker (its own index) or control (read).
 */
struct sess_cnt *sess_table_cnt(const struct sess_table *t,
				unsigned int worker_idx);

/**
 * Counters of one session summed over workers plus its base counters
 * (sess_cnt_base; last_tsc is the workers' latest, ckpt_tsc is 0).
 * Context: control.
 */
void sess_table_cnt_sum(const struct sess_table *t, uint32_t slot,
			struct sess_cnt *sum);

/**
 * Set / read the base counters of the session in @slot (set on the
 * standby from replicated records; a new session starts with zeros).
 * Context: control.
 * @return 0, or -EINVAL for a slot >= capacity
 */
int sess_table_cnt_base_set(struct sess_table *t, uint32_t slot,
			    const struct sess_cnt_base *b);
int sess_table_cnt_base_get(const struct sess_table *t, uint32_t slot,
			    struct sess_cnt_base *b);

/**
 * The live session that holds counter slot @slot (a slot waiting for its
 * grace period, or free, has none).
 * Context: control (not for workers: the slot map is the writer's).
 * @return the session or NULL
 */
const struct sess *sess_table_by_slot(const struct sess_table *t,
				      uint32_t slot);

/**
 * Sessions installed now; sessions allowed (max-sessions); counter slots
 * (slot numbers are below it: max-sessions plus the reclaim headroom).
 * Context: any.
 */
uint32_t sess_table_count(const struct sess_table *t);
uint32_t sess_table_max(const struct sess_table *t);
uint32_t sess_table_capacity(const struct sess_table *t);

/**
 * The session after cursor @iter (start with 0), for walks in slices: the
 * table may change between two calls (a session added or deleted
 * meanwhile may be seen or not). Context: control.
 * @return 0 with @s set, or -ENOENT at the end
 */
int sess_table_iterate(const struct sess_table *t, uint32_t *iter,
		       const struct sess **s);

/** Objects waiting for a grace period. Context: control. */
uint32_t sess_table_pending(const struct sess_table *t);

/** Counter slots waiting for a grace period. Context: control. */
uint32_t sess_table_pending_slots(const struct sess_table *t);

/**
 * Session objects allocated and not yet freed (installed plus pending):
 * the table's own allocation accounting, for leak checks.
 * Context: control.
 */
uint32_t sess_table_n_objects(const struct sess_table *t);

/**
 * Visit every session (control side; the callback must not change the
 * table). Stops when @fn returns non-zero and returns that value.
 */
int sess_table_walk(const struct sess_table *t,
		    int (*fn)(const struct sess *s, void *arg), void *arg);

/**
 * Fingerprint of one session for the running digest (e.g. a hash of its
 * replicated fields). Must depend only on @s. Context: control.
 */
typedef uint64_t sess_table_digest_fn(const struct sess *s);

/**
 * Keep a running digest of @t: the sum (mod 2^64) of @fn over the live
 * sessions, updated on every add, modify and delete (O(1) per change), so
 * reading it walks nothing. Installing walks the table once; NULL stops it.
 * Context: control.
 */
void sess_table_digest_set(struct sess_table *t, sess_table_digest_fn *fn);

/** The function installed by sess_table_digest_set(), or NULL. */
sess_table_digest_fn *sess_table_digest_fn_get(const struct sess_table *t);

/**
 * The running digest (0 without a function) and, in @count (may be NULL),
 * the number of sessions. O(1). Context: control.
 */
uint64_t sess_table_digest(const struct sess_table *t, uint32_t *count);

/*
 * TEID buckets of the range digests: a session belongs to bucket
 * sess_table_bucket(its local TEID). The rule is part of the SRP audit
 * (docs/srp-protocol.md): both chassis must compute it alike.
 */
#define SESS_TABLE_BUCKETS	65536u

/**
 * Bucket of local TEID @teid: the top 16 bits of a multiplicative hash,
 * so that consecutive TEIDs spread over all buckets. Context: any.
 */
static inline uint32_t
sess_table_bucket(uint32_t teid)
{
	return (uint32_t)(teid * 0x9e3779b1u) >> 16;
}

/**
 * Digest (sum mod 2^64 of the fingerprints) and session count of the
 * buckets [@lo, @hi), read from per-bucket sums the writer keeps with the
 * running digest: no session is visited. Context: control.
 * @return 0; -EINVAL for an empty or out-of-range interval; -ENODATA when
 *	   no digest function is installed or its buckets could not be
 *	   allocated
 */
int sess_table_digest_range(const struct sess_table *t, uint32_t lo,
			    uint32_t hi, uint64_t *sum, uint32_t *count);

/** Bytes of memory the tables use per session of capacity (for docs). */
uint64_t sess_table_mem_bytes(const struct sess_table *t);

/* Totals kept by the writer on every change (show subscribers summary). */
struct sess_table_stats {
	uint32_t	n_total;	/* sessions installed */
	uint32_t	n_ipv4;		/* UE IPv4 address only */
	uint32_t	n_ipv6;		/* UE IPv6 address only */
	uint32_t	n_dual;		/* both */
	uint32_t	n_qfi;		/* with a QFI */
	uint32_t	n_volte;	/* SESS_F_VOLTE */
	uint32_t	n_err_ind;	/* SESS_F_ERR_IND */
	uint32_t	n_ul_drop;	/* SESS_F_UL_DROP */
	uint32_t	n_dl_drop;	/* SESS_F_DL_DROP */
	uint32_t	n_no_tunnel;	/* without a downlink tunnel */
};

/**
 * Snapshot of the totals.
 * Context: control (or under the lock that serialises with the writer).
 */
void sess_table_stats_get(const struct sess_table *t,
			  struct sess_table_stats *st);

/**
 * How many sessions an add can take now: max-sessions minus installed
 * sessions, or fewer when slots waiting for a grace period have used up
 * the headroom.
 * Context: control.
 */
uint32_t sess_table_free_slots(const struct sess_table *t);

/** Number of per-worker counter arrays. Context: any. */
unsigned int sess_table_n_workers(const struct sess_table *t);

/**
 * Heap bytes of one session object as allocated (object, the writer's
 * bookkeeping and the allocator's chunk header). Context: any.
 */
uint64_t sess_table_obj_bytes(void);

#endif /* SESS_TABLE_H */
