/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the parts of the session tables share (sess_table.c: tables,
 * lookups, counters; sess_table_edit.c: add, modify, delete;
 * sess_table_remote.c: the index by peer and remote TEID;
 * sess_table_reclaim.c: QSBR reclamation); not for other modules.
 * Context: any (the lookups run on workers, the rest on control).
 */
#ifndef SESS_TABLE_INT_H
#define SESS_TABLE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_hash.h>
#if defined(RTE_ARCH_X86) || defined(RTE_ARCH_ARM64)
#include <rte_hash_crc.h>
#define SESS_HASH_FN	rte_hash_crc
#else
#include <rte_jhash.h>
#define SESS_HASH_FN	rte_jhash
#endif

#include "dp_rcu.h"
#include "sess_table.h"

/* Keys of one session, in the order of sess_table.h (TEID, UE4, UE6). */
enum sess_key {
	SESS_KEY_TEID = 0,
	SESS_KEY_UE4,
	SESS_KEY_UE6,
	SESS_KEY_N,
};

#define SESS_POS_NONE	(-1)
#define SESS_FLAGS_ALL	(SESS_F_VOLTE | SESS_F_ERR_IND | SESS_F_UL_DROP | \
			 SESS_F_DL_DROP)

/*
 * A session object as allocated: the published part first (readers only
 * see struct sess), then what the writer needs to retire it.
 */
struct sess_obj {
	struct sess		s;
	struct dp_rcu_node	node;		/* waiting for a grace period */
	int32_t			pos[SESS_KEY_N]; /* key slots to free */
	uint32_t		free_slot;	/* slot to return, or NONE */
};

/*
 * One entry of the (peer, remote TEID) index, per counter slot: one cache
 * miss per chain step; the object is only read when the full hash matches.
 */
struct sess_rk_ent {
	uint32_t	next;	/* next slot in the chain, or NONE */
	uint32_t	hash;	/* of the key, unmasked */
	struct sess_obj	*obj;	/* current object of the slot */
};

struct sess_table {
	struct rte_hash		*h[SESS_KEY_N];
	struct sess_cnt		**cnt;		/* [n_workers][capacity] */
	/* Counters sessions brought with them, by slot (control only). */
	struct sess_cnt_base	*base;		/* [capacity] */
	unsigned int		n_workers;
	uint32_t		capacity;	/* counter slots: max + headroom */
	uint32_t		max_sess;	/* sessions allowed (max-sessions) */
	uint32_t		n_sess;
	/* Free counter slots: a stack of slot numbers. */
	uint32_t		*free_slots;
	uint32_t		n_free;
	/* Retired objects waiting for a grace period (never blocks). */
	struct dp_rcu_defer	dq;
	uint32_t		n_pending_slots;
	uint32_t		n_obj;		/* objects allocated, not freed */
	struct sess_table_stats	st;
	uint64_t		fixed_bytes;	/* hashes, counters, slot list */
	/*
	 * Sessions by (peer, remote TEID), for received Error Indications.
	 * Only the control lcore reads or writes it, so it needs no RCU:
	 * a chained hash threaded through the counter slots (a slot belongs
	 * to one live session), kept in libc memory, 16 bytes per slot plus
	 * 4 per bucket.
	 */
	uint32_t		*rk_head;	/* [rk_mask + 1] first slot */
	struct sess_rk_ent	*rk;		/* [capacity], by slot */
	uint32_t		rk_mask;
	uint32_t		rk_seed;	/* random per table */
	/* Told about every change (session replication). */
	sess_table_change_fn	*hook;
	void			*hook_arg;
	/* Running digest (sess_table_digest_set), sum over live sessions. */
	sess_table_digest_fn	*digest_fn;
	uint64_t		digest;
	/* The same sum per TEID bucket (sess_table_bucket), and the
	 * sessions of each bucket: range digests with no walk (audits).
	 * NULL when the digest is off or they could not be allocated. */
	uint64_t		*bkt_sum;	/* [SESS_TABLE_BUCKETS] */
	uint32_t		*bkt_n;		/* [SESS_TABLE_BUCKETS] */
};

/*
 * Key of the remote table: bytes 0-3 remote TEID, 4 peer af, 8-23 peer
 * address (an IPv4 peer uses 4 bytes), the rest 0. Written with memcpy
 * only: the CRC reads it as 64-bit words, which a store through a
 * narrower member type would not be ordered with (strict aliasing).
 */
union sess_remote_key {
	uint64_t	u64[3];
	uint8_t		b[24];
};

/* A key copied to aligned storage: rte_hash_crc reads it in words. */
union sess_key_buf {
	uint64_t	u64[2];
	uint32_t	u32;
	uint8_t		b[16];
};

static const uint32_t sess_key_len[SESS_KEY_N] = { 4, 4, 16 };

/* sess_table_reclaim.c */

/** Free @o (no grace period: nothing published it, or readers are gone). */
void sess_table_i_obj_free(struct sess_table *t, struct sess_obj *o);

/** Defer-queue callback: free the key slots, counter slot and object. */
void sess_table_i_obj_release_node(void *arg, struct dp_rcu_node *n);

/** Put @o on the pending list; it is freed by the next reclaim. */
void sess_table_i_obj_retire(struct sess_table *t, struct sess_obj *o);

/* sess_table_remote.c */

/** Whether @a and @b have the same (peer, remote TEID) key. */
bool sess_table_i_remote_same(const struct sess_params *a,
			      const struct sess_params *b);

/** Whether a session with the remote key of @p is in the index. */
bool sess_table_i_remote_exists(const struct sess_table *t,
				const struct sess_params *p);

/**
 * Chain @o under its remote key (cannot fail: the slot is the entry); a
 * session without a downlink tunnel is only recorded as the slot's object.
 */
void sess_table_i_remote_link(struct sess_table *t, struct sess_obj *o);

/** Take slot @slot out of its chain. */
void sess_table_i_remote_unlink(struct sess_table *t, uint32_t slot);

#endif /* SESS_TABLE_INT_H */
