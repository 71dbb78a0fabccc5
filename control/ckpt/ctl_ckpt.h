/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session replication over SRP (docs/checkpoint.md): on the active, full
 * (macro) checkpoints in slices, per-session deltas coalesced per TEID, an
 * aging queue for sessions younger than "checkpoint session duration" and
 * the workers' micro-checkpoints (counter refreshes drained from dp_ckpt_ring
 * rings, coalesced per TEID); on the standby, validation, decompression and
 * application of chunks and deltas through ctl_sess, the sliced
 * end-of-checkpoint sweep, epochs and NACKs. The SRP glue (ctl_srp.c)
 * feeds it link, hello, role and message events and a poll timer; the
 * transport is a function pointer so tests can run both sides in one
 * process. Context: control.
 */
#ifndef CTL_CKPT_H
#define CTL_CKPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_ckpt_audit.h"
#include "ctl_ckpt_set.h"
#include "sess_table.h"
#include "srp_ckpt_rec.h"
#include "srp_codec.h"
#include "srp_conf.h"
#include "srp_proto.h"

/* Uncompressed bytes of one chunk or delta batch. */
#define CTL_CKPT_BATCH_MAX	(64u << 10)
/* Records one poll encodes at most (bounded work per reactor turn). */
#define CTL_CKPT_SLICE_RECORDS	4096u
/* Time one poll encodes and compresses at most: checked after each batch
 * (a 64 KiB batch compresses in well under a millisecond with zlib). */
#define CTL_CKPT_SLICE_NS	(1000u * 1000)
/* Records the standby applies at most from one poll to the next, shared
 * by the poll and every message arriving meanwhile (one socket read may
 * deliver dozens of batches of up to 8,192 records): the rest waits. */
#define CTL_CKPT_RX_SLICE_RECORDS	512u
/* Messages (and payload bytes, compressed) the standby holds waiting;
 * when full, the oldest waiting work is done at once to make room
 * (counted), nothing is lost. */
#define CTL_CKPT_RXQ_MAX	4096u
#define CTL_CKPT_RXQ_BYTES	(64u << 20)
/* Counter slots one poll visits at most (full checkpoint collection, the
 * standby's end-of-checkpoint sweep, ring drains and overflow sweeps). */
#define CTL_CKPT_SLICE_SLOTS	16384u
/* Entries of a drained change set emptied per poll at most, and the size
 * above which a reset frees a set rather than clearing it. */
#define CTL_CKPT_SET_CLEAR	16384u
/* Poll period of the glue's timer. */
#define CTL_CKPT_POLL_MS	2u
/* An empty delta carries the session count at least this often. */
#define CTL_CKPT_COUNT_MS	1000u
/* Least time between two full checkpoints the peer makes the active
 * (re)start (a NACK, a hello back in STANDBY_SYNCING): a peer that NACKs
 * in a loop gets at most one restart per interval. */
#define CTL_CKPT_RESTART_MIN_MS	1000u
/* NACK window (chapter: max-response per 10 minutes). */
#define CTL_CKPT_NACK_WINDOW_MS	(10u * 60u * 1000u)

/* Checkpoint command ids (NACK CMD_ID, show srp checkpoint info). */
enum ctl_ckpt_cmd {
	CTL_CKPT_CMD_FULL = 1,		/* macro: CKPT_BEGIN/CHUNK/END */
	CTL_CKPT_CMD_UPSERT = 2,	/* micro: session created/changed */
	CTL_CKPT_CMD_DELETE = 3,	/* micro: session deleted */
	CTL_CKPT_CMD_COUNTERS = 4,	/* micro: counters, last activity */
	CTL_CKPT_CMD_MAX = 5,
};

/* Why a chunk or delta was not applied (counted; NACK reason). */
enum ctl_ckpt_fail {
	CTL_CKPT_FAIL_ORDER = 0,	/* no or another epoch */
	CTL_CKPT_FAIL_DECOMPRESS,	/* algorithm, corrupt, wrong length */
	CTL_CKPT_FAIL_DECODE,		/* srp_rec_check refused the batch */
	CTL_CKPT_FAIL_APPLY,		/* ctl_sess refused a record */
	CTL_CKPT_FAIL_RESOURCES,	/* out of memory, bookkeeping full */
	CTL_CKPT_FAIL_TOO_BIG,		/* declared size over the sender's
					 * limit: refused undecompressed */
	CTL_CKPT_FAIL_MAX,
};

/* Transport and callbacks given by the glue (or a test). */
struct ctl_ckpt_ops {
	/* Send @m; @control: control class (NACK), else session class.
	 * @return 0, -ENOBUFS (queue full: retried later), other < 0 */
	int		(*send)(void *arg, struct srp_msg *m, bool control);
	/* Standby: a full checkpoint is applied (feed CKPT_DONE). */
	void		(*ready)(void *arg);
	/* Standby: the copy is no longer complete (a full checkpoint failed
	 * to apply on a READY standby): feed CKPT_LOST, back to SYNCING.
	 * NULL: not told. */
	void		(*unready)(void *arg);
	/* Wall clock, ms since the epoch (NULL: CLOCK_REALTIME). */
	uint64_t	(*wall_ms)(void *arg);
	/* Monotonic ms (NULL: CLOCK_MONOTONIC). */
	uint64_t	(*now_ms)(void *arg);
};

struct dp_ckpt_ring;

/* Publishes the workers' refresh interval (ctl_fwd_mc_set; 0 = off). */
typedef int ctl_ckpt_ring_set_fn(uint32_t refresh_ms);

struct ctl_ckpt_stats {
	/* Active side. */
	uint64_t	n_full_started;
	uint64_t	n_full_sent;		/* CKPT_END sent */
	uint64_t	n_full_aborted;		/* link down, role, NACK */
	uint64_t	n_chunk_tx;
	uint64_t	n_delta_tx;
	uint64_t	n_rec_tx[CTL_CKPT_CMD_MAX];	/* by command id */
	uint64_t	n_aged;			/* sent once old enough */
	uint64_t	n_backoff;		/* -ENOBUFS, retried */
	uint64_t	n_send_fail;
	uint64_t	n_rec_tx_ext;	/* PFCP records sent */
	uint64_t	n_rec_rx_ext;	/* PFCP records applied */
	uint64_t	n_timers_tx;	/* session timer records sent */
	uint64_t	n_timers_unshared; /* not sent: the peer lacks
					 * SRP_CAP_SESS_TIMERS */
	uint64_t	n_timers_rx;	/* session timer records applied */
	uint64_t	bytes_raw[SRP_WCOMP_MAX];	/* before compression */
	uint64_t	bytes_comp[SRP_WCOMP_MAX];	/* on the wire */
	uint64_t	n_nack_rx;
	uint64_t	n_nack_stale;		/* NACK of an epoch before the
						 * last one: ignored */
	uint64_t	n_restart_limited;	/* peer requests deferred */
	uint64_t	last_full_ms;		/* duration of the last one */
	/* Active side: worker micro-checkpoints. */
	uint64_t	n_mc_slots;		/* slots taken from rings */
	uint64_t	n_mc_drains;		/* polls that took slots */
	uint64_t	n_mc_sweeps;		/* overflow bitmap sweeps done */
	uint64_t	n_mc_swept;		/* slots found by sweeps */
	uint64_t	n_mc_coalesced;		/* refresh already queued */
	uint64_t	n_mc_young;		/* not replicated yet: skipped */
	uint64_t	n_mc_pending;		/* upsert pending: skipped */
	uint64_t	n_mc_gone;		/* slot without a session */
	uint64_t	n_mc_set_fail;		/* mc_set refused */
	uint64_t	n_mc_trailing;		/* trailing refreshes queued */
	/* Standby side. */
	uint64_t	n_full_begun;
	uint64_t	n_full_applied;
	uint64_t	n_full_failed;
	uint64_t	n_chunk_rx;
	uint64_t	n_delta_rx;
	uint64_t	n_fail[CTL_CKPT_FAIL_MAX];	/* chunks + deltas */
	uint64_t	n_rec_rx[CTL_CKPT_CMD_MAX];	/* applied, by id */
	uint64_t	n_rec_fail;		/* records not applied */
	uint64_t	n_rec_fail_cmd[CTL_CKPT_CMD_MAX]; /* ... by id */
	uint64_t	n_evicted;		/* conflicting local sessions */
	uint64_t	n_cleanup;		/* deleted at CKPT_END */
	uint64_t	rx_bytes_raw;
	uint64_t	rx_bytes_comp;
	uint64_t	n_nack_tx;
	uint64_t	n_nack_suppressed;	/* over max-response / off */
	uint64_t	last_full_rx_ms;	/* BEGIN to END, last applied */
	uint64_t	n_ignored_active;	/* received while ACTIVE */
	uint64_t	n_rx_too_big;		/* batches over the limits */
	uint64_t	n_delete_unknown;	/* DELETEs of absent sessions */
	uint64_t	n_seen_full;		/* seen set at its bound */
	uint64_t	n_rx_slices;		/* turns a batch was left for */
	uint64_t	n_rxq_queued;		/* messages queued behind one */
	uint64_t	n_rxq_full;		/* full: drained at once */
	uint64_t	n_rx_stale;		/* CHUNK/END of another epoch:
						 * ignored */
	uint64_t	n_resync_req;		/* END of a missed epoch: NACK
						 * asking for a new one */
	uint32_t	rxq_max;		/* queue high-water mark */
};

/* Last takeover as seen by this node (show srp call-loss statistics). */
struct ctl_ckpt_loss {
	uint64_t	n_takeovers;
	int64_t		wall_s;
	uint32_t	announced;	/* active's last session count */
	uint32_t	held;		/* sessions here at takeover */
	uint32_t	lost;		/* announced - held, >= 0 */
	uint32_t	not_applied;	/* records refused since last full */
	uint32_t	too_young;	/* lost - not_applied */
	uint64_t	total_lost;	/* over all takeovers */
	const char	*cause;		/* of the last takeover (static) */
};

/* Sessions waiting to be old enough, by creation time. */
struct ctl_ckpt_ring {
	uint32_t	*teid;
	uint64_t	*created_ms;
	uint32_t	head;
	uint32_t	n;
	uint32_t	cap;
};

/*
 * Counter refreshes sent, by send time: one refresh-interval later a
 * session whose counters moved without a newer worker note gets a trailing
 * refresh (the last packets before traffic stopped).
 */
struct ctl_ckpt_trail {
	uint32_t	*slot;		/* counter slot of the session */
	uint64_t	*tsc;		/* rte_rdtsc() when sent */
	uint64_t	*pkts;		/* ul + dl packets sent */
	uint32_t	head;
	uint32_t	n;
	uint32_t	cap;
};

/* Worker micro-checkpoint state of the active (one entry per worker). */
struct ctl_ckpt_ringw {
	uint64_t	gen_seen;	/* over_gen when the last sweep began */
	uint32_t	cursor;		/* dp_ckpt_ring_sweep word cursor */
	bool		sweeping;
};

/* One NACK window (per kind). */
struct ctl_ckpt_nackw {
	uint64_t	start_ms;
	uint32_t	n;
};

/* Standby: a message waiting, with its payload (one allocation). */
struct ctl_ckpt_rxq_ent {
	struct srp_msg	m;		/* m.payload: data, or NULL */
	uint8_t		data[];		/* copy of the payload */
};

/* Standby: FIFO of such messages (ring of CTL_CKPT_RXQ_MAX). */
struct ctl_ckpt_rxq {
	struct ctl_ckpt_rxq_ent	**e;	/* NULL until first needed */
	uint64_t		bytes;	/* payload bytes held */
	uint32_t		head;
	uint32_t		n;
};

struct ctl_ckpt {
	struct sess_table	*t;
	const struct srp_conf	*conf;
	const struct ctl_ckpt_ops *ops;
	void			*arg;
	uint32_t		slice_records;	/* CTL_CKPT_SLICE_RECORDS */
	uint64_t		slice_end_ns;	/* this poll's time budget */
	/* Time budget of a poll, both sides: CTL_CKPT_SLICE_NS (tests that
	 * bound the work by count only set it out of reach). */
	uint64_t		slice_ns;
	bool			slice_over;	/* ... is spent */
	uint32_t		n_slice_recs;	/* records of this poll */
	uint32_t		max_slice_recs;	/* most records of one poll */
	uint32_t		set_clear_max;	/* drained set entries emptied
						 * per poll (CTL_CKPT_SET_CLEAR) */
	/* Roles and link. */
	bool			link_up;
	bool			active;		/* local role ACTIVE */
	bool			was_standby;	/* for call loss */
	uint8_t			peer_state;	/* SRP_WSTATE_*, MAX unknown */
	bool			comp_agreed;	/* this connection */
	uint8_t			local_caps;
	uint8_t			peer_caps;
	uint32_t		feat_caps;	/* SRP_CAP_* both sides know
						 * (ctl_ckpt_caps()) */
	enum srp_wire_comp	comp;
	uint32_t		generation;	/* carried in messages */
	/* Active: full checkpoint. */
	bool			tx_running;
	bool			tx_done_episode; /* sent for this sync */
	uint32_t		tx_epoch;
	uint32_t		*tx_teids;
	uint32_t		tx_n;
	uint32_t		tx_cap;
	uint32_t		tx_i;
	bool			tx_collecting;	/* walking slots */
	uint32_t		tx_col_slot;	/* next slot to visit */
	uint32_t		slice_slots;	/* CTL_CKPT_SLICE_SLOTS */
	bool			tx_begin_sent;
	uint64_t		tx_start_ms;
	uint64_t		next_periodic_ms; /* 0: none */
	/* Active: full checkpoints the peer asks for, rate-limited. */
	uint32_t		restart_min_ms;	/* CTL_CKPT_RESTART_MIN_MS */
	bool			restart_once;	/* one was started */
	bool			restart_pending; /* asked within the interval */
	uint64_t		restart_last_ms; /* when the last one started */
	/* Active: deltas and aging. */
	struct ctl_ckpt_set	pend[2];	/* [pend_in] collects */
	unsigned int		pend_in;
	uint32_t		drain_i;	/* in pend[!pend_in] */
	struct ctl_ckpt_ring	age[2];		/* [1]: VoLTE/IMS */
	uint64_t		last_count_ms;
	uint32_t		last_count;	/* last COUNT sent */
	/* Active: worker micro-checkpoints (counter refreshes). */
	struct dp_ckpt_ring		*mc;		/* NULL: none */
	struct ctl_ckpt_ringw	*mcw;		/* [mc->n_workers] */
	ctl_ckpt_ring_set_fn	*mc_set;	/* NULL: no data plane */
	uint32_t		mc_refresh_ms;	/* last value given, 0 off */
	bool			mc_set_done;	/* mc_refresh_ms was applied */
	uint32_t		*mc_slots;	/* drain buffer */
	struct ctl_ckpt_set	cnt[2];		/* [cnt_in] collects */
	unsigned int		cnt_in;
	uint32_t		cnt_i;		/* in cnt[!cnt_in] */
	struct ctl_ckpt_trail	trail;
	/* One message waiting for room in the session queue. */
	bool			out_full;
	bool			out_control;
	struct srp_msg		out;
	uint8_t			*raw;		/* CTL_CKPT_BATCH_MAX */
	uint64_t		pfcp_gen_sent;	/* node record sent for it */
	uint8_t			*zbuf;		/* compressed */
	size_t			zcap;
	/* Standby. */
	bool			rx_in_epoch;
	uint32_t		rx_epoch;
	uint32_t		rx_count;	/* BEGIN's COUNT */
	uint32_t		rx_applied;	/* records applied in epoch */
	bool			rx_failed;
	bool			rx_ready;	/* ready() told, not unready() */
	bool			copy_complete;	/* a full checkpoint applied
						 * and not lost since (kept
						 * across link loss) */
	bool			rx_sweeping;	/* END: deleting the unseen */
	uint32_t		rx_sweep_slot;	/* next slot to visit */
	uint32_t		rx_end_epoch;	/* epoch being swept */
	bool			rx_sweep_failed; /* sweeping a failed epoch */
	bool			rx_lost_batch;	/* a batch of the epoch refused
						 * whole (not only records) */
	enum ctl_ckpt_fail	rx_fail_reason;
	bool			rx_ever_failed;
	enum ctl_ckpt_fail	rx_last_fail;
	uint64_t		rx_begin_ms;
	struct ctl_ckpt_set	seen;
	/* Standby: the batch being applied in slices, and what waits. */
	uint32_t		rx_slice_records; /* CTL_CKPT_RX_SLICE_RECORDS */
	uint32_t		rx_budget;	/* records left until next poll */
	bool			rx_busy;	/* rx_cur has records left */
	int			rx_bad;		/* failed records in rx_cur */
	struct srp_rec_reader	rx_rd;		/* over dbuf */
	struct srp_msg		rx_cur;		/* its header (no payload) */
	struct ctl_ckpt_rxq	rxq;
	uint8_t			*dbuf;		/* decompression */
	size_t			dcap;
	uint32_t		announced;	/* active's session count */
	uint32_t		not_applied;	/* since the last full */
	struct ctl_ckpt_nackw	nack_macro;
	struct ctl_ckpt_nackw	nack_micro;
	bool			nack_off[CTL_CKPT_CMD_MAX]; /* by micro id */
	uint64_t		log_next_ms;	/* rate limit */
	uint64_t		log_stale_ms;	/* rate limit, stale messages */
	const char		*role_cause;	/* ctl_ckpt_role_cause */
	struct ctl_ckpt_loss	loss;
	struct ctl_ckpt_stats	stats;
	struct ctl_ckpt_audit	au;		/* ctl_ckpt_audit.c */
};

/**
 * Set up @c for table @t and configuration @conf, and install the table's
 * change hook (deltas).
 * Context: control.
 * @return 0, -EINVAL, -ENOMEM
 */
int ctl_ckpt_init(struct ctl_ckpt *c, struct sess_table *t,
		  const struct srp_conf *conf, const struct ctl_ckpt_ops *ops,
		  void *arg);

/** Remove the hook and free everything. Context: control. */
void ctl_ckpt_fini(struct ctl_ckpt *c);

/**
 * The link came up (@up) or went down: a running full checkpoint is
 * abandoned, queued changes are dropped (the next full checkpoint covers
 * them), the compression is negotiated again on the next hello.
 * Context: control.
 */
void ctl_ckpt_link(struct ctl_ckpt *c, bool up);

/**
 * Why the next role change happens (a static string, e.g. the role
 * machine's switchover cause), kept with the call loss of a takeover.
 * Context: control.
 */
void ctl_ckpt_role_cause(struct ctl_ckpt *c, const char *cause);

/**
 * The local role state (enum srp_fsm_state value) after an event. Leaving
 * ACTIVE stops the active side; a standby becoming ACTIVE records the
 * call loss of the takeover.
 * Context: control.
 */
void ctl_ckpt_role(struct ctl_ckpt *c, uint8_t local_state,
		   uint32_t generation);

/**
 * A peer hello: the first one of a connection fixes the compression;
 * while ACTIVE, a STANDBY_SYNCING peer gets a full checkpoint (once per
 * syncing episode), and a peer that leaves the standby states (it took
 * over) makes this node abandon a running full checkpoint and start a new
 * episode (docs/checkpoint.md section 14).
 * Context: control.
 */
void ctl_ckpt_hello(struct ctl_ckpt *c, uint8_t peer_state,
		    uint8_t peer_caps);

/**
 * The features both sides of the link understand (srp_fsm_caps_shared()),
 * pushed by control/srp on every hello and link event: records of a kind
 * whose bit is missing (SRP_CAP_SESS_TIMERS) are not sent, nor audit
 * messages without SRP_CAP_AUDIT.
 * Context: control.
 */
void ctl_ckpt_caps(struct ctl_ckpt *c, uint32_t shared);

/**
 * A checkpoint message (CKPT_BEGIN/CHUNK/END, SESS_DELTA, NACK, READY).
 * Context: control.
 * @return 0, or -EPROTO for a message of another type
 */
int ctl_ckpt_msg(struct ctl_ckpt *c, const struct srp_msg *m);

/**
 * Bounded work. Active: drain the workers' micro-checkpoint rings (and
 * sweep overflow bitmaps), send a waiting message, queued deltas, aged
 * sessions and counter refreshes, the next slice of a full checkpoint's
 * collection or encoding, the periodic full checkpoint. Standby: the next
 * slice of the end-of-checkpoint sweep. Both: tell the workers whether to
 * emit micro-checkpoints (on only while ACTIVE with a standby on the link).
 * Context: control (every CTL_CKPT_POLL_MS).
 */
void ctl_ckpt_poll(struct ctl_ckpt *c);

/**
 * Start a full checkpoint now (active with a standby peer on the link).
 * Context: control.
 * @return 0, -EAGAIN (not active, no standby peer), -ENOMEM
 */
int ctl_ckpt_full_start(struct ctl_ckpt *c);

/**
 * srp disable|enable nack micro-chkpt-cmd @cmd_id: stop or resume NACKs
 * for a failing micro-checkpoint command (standby side).
 * Context: control.
 * @return 0, or -EINVAL when @cmd_id is not a micro-checkpoint command
 */
int ctl_ckpt_nack_enable(struct ctl_ckpt *c, unsigned int cmd_id, bool on);

/**
 * Operator-facing sync state of this node in @buf ("ready", "syncing: N
 * of M sessions applied", ...) and the sessions the standby lacks.
 * Context: control.
 */
const char *ctl_ckpt_sync_str(const struct ctl_ckpt *c, uint8_t local_state,
			      char *buf, size_t len, uint32_t *missing);

/**
 * Use worker micro-checkpoint set @mc (rings, overflow bitmaps) and
 * publish the workers' refresh interval with @set (ctl_ckpt_init attaches
 * dp_ckpt_ring_get() and ctl_fwd_mc_set when a data plane runs; tests attach
 * their own). @mc NULL detaches; @set NULL: nobody to tell.
 * Context: control.
 * @return 0, -ENOMEM
 */
int ctl_ckpt_ring_attach(struct ctl_ckpt *c, struct dp_ckpt_ring *mc,
		       ctl_ckpt_ring_set_fn *set);

/** Name of a failure reason ("order", ...). Context: any. */
const char *ctl_ckpt_fail_str(enum ctl_ckpt_fail f);

/**
 * Register show srp checkpoint statistics|info, show srp call-loss
 * statistics and show subscribers digest.
 * Context: control.
 * @return 0 or the first ctl_api_register error other than -EEXIST
 */
int ctl_ckpt_cmd_register(struct ctl_ckpt *c);

/**
 * Whether this node's copy was complete: a full checkpoint was applied
 * and no later one failed (a link loss does not clear it). Asked when a
 * standby takes over. Context: control.
 */
bool ctl_ckpt_copy_complete(const struct ctl_ckpt *c);

#endif /* CTL_CKPT_H */
