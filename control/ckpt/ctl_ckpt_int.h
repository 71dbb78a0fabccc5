/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the parts of session replication (ctl_ckpt.c,
 * ctl_ckpt_tx.c, ctl_ckpt_rx.c, ctl_ckpt_rx_apply.c, ctl_ckpt_rx_epoch.c).
 * Not for other modules. Context: control.
 */
#ifndef CTL_CKPT_INT_H
#define CTL_CKPT_INT_H

#include "ctl_ckpt.h"

/** Wall clock (ops->wall_ms or CLOCK_REALTIME), ms since the epoch. */
uint64_t ctl_ckpt_i_wall(const struct ctl_ckpt *c);

/** Monotonic ms (ops->now_ms or CLOCK_MONOTONIC). */
uint64_t ctl_ckpt_i_now(const struct ctl_ckpt *c);

/** "checkpoint session duration" for a session with @sess_flags, in ms. */
uint32_t ctl_ckpt_i_duration_ms(const struct ctl_ckpt *c, uint8_t sess_flags);

/**
 * Add @v to set @s of the active side (pending changes, counter slots),
 * sized for the whole table at its first add: a set that doubles rehashes
 * everything it holds in one reactor turn (tens of ms at half a million).
 * @return as ctl_ckpt_set_add()
 */
int ctl_ckpt_i_set_add(struct ctl_ckpt *c, struct ctl_ckpt_set *s,
		       uint32_t v);

/**
 * Empty set @s of the active side for a reset: a large one is freed (the
 * next add sizes it again) rather than cleared entry by entry.
 */
void ctl_ckpt_i_set_reset(struct ctl_ckpt_set *s);

/** The session table's change hook (active side: deltas, aging). */
void ctl_ckpt_i_tx_hook(void *arg, uint32_t teid, enum sess_table_change w);

/**
 * Active: the peer asks for a full checkpoint (@nack: a NACK, which also
 * abandons a running one; else a hello in STANDBY_SYNCING). Started now
 * unless one the peer asked for started less than restart_min_ms ago;
 * then deferred (counted) and started by the poll when the interval ends,
 * however many requests came meanwhile.
 */
void ctl_ckpt_i_peer_start(struct ctl_ckpt *c, bool nack);

/** Abandon a running full checkpoint, the waiting message, the deltas. */
void ctl_ckpt_i_tx_reset(struct ctl_ckpt *c);

/** Forget the standby's epoch. */
void ctl_ckpt_i_rx_reset(struct ctl_ckpt *c);

/** Standby: CKPT_BEGIN/CHUNK/END or SESS_DELTA. @return 0 or -EPROTO. */
int ctl_ckpt_i_rx_msg(struct ctl_ckpt *c, const struct srp_msg *m);

/**
 * Tell the workers the refresh interval this node wants now (the
 * configured one while ACTIVE with a standby peer on the link, else 0),
 * when it differs from the last one given.
 */
void ctl_ckpt_i_mc_refresh(struct ctl_ckpt *c);

/**
 * Active: take the slots the workers noted (rings, then overflow sweeps;
 * at most @budget slots) and queue a counter refresh per session in
 * cnt[cnt_in] (coalesced per TEID), skipping sessions not replicated yet
 * (younger than the duration at @wall) and those with an upsert pending;
 * @record false: slots are taken and dropped (no standby listens).
 */
void ctl_ckpt_i_mc_collect(struct ctl_ckpt *c, uint64_t wall, bool record,
			   uint32_t budget);

/**
 * Active: a counter refresh of @teid (slot @slot, @pkts ul + dl packets)
 * was encoded: remember it for the trailing check.
 */
void ctl_ckpt_i_mc_sent(struct ctl_ckpt *c, uint32_t slot, uint64_t pkts);

/** Free the trailing-check queue. */
void ctl_ckpt_i_mc_free(struct ctl_ckpt *c);

/**
 * Standby: apply up to @budget more records of the batch being applied
 * and of the messages queued behind it, in arrival order.
 */
void ctl_ckpt_i_rx_drain(struct ctl_ckpt *c, uint32_t budget);

/** Standby, each poll: a new budget (rx_slice_records), then drain. */
void ctl_ckpt_i_rx_turn(struct ctl_ckpt *c);

/** Standby: drop what is queued or half-applied (fini). */
void ctl_ckpt_i_rx_free(struct ctl_ckpt *c);

/** Standby: the next slice of the end-of-checkpoint sweep. */
void ctl_ckpt_i_rx_poll(struct ctl_ckpt *c);

/* ctl_ckpt_rx_apply.c */

/**
 * Whether @m declares or carries more than CTL_CKPT_BATCH_MAX raw bytes
 * (nothing bigger is legitimate).
 */
bool ctl_ckpt_i_rx_size_over(const struct srp_msg *m);

/**
 * Standby: check batch @m (size, decompression into dbuf, srp_rec_check
 * of the whole batch) and make it the one being applied (rx_busy).
 * @return 0 or the failure (counted)
 */
int ctl_ckpt_i_rx_batch_start(struct ctl_ckpt *c, const struct srp_msg *m);

/**
 * Standby: apply up to *@budget records of the current batch (charged to
 * *@budget); clears rx_busy after the last one.
 */
void ctl_ckpt_i_rx_batch_slice(struct ctl_ckpt *c, uint32_t *budget);

/* ctl_ckpt_rx_epoch.c */

/**
 * Standby: count, log (rate-limited) and, for a delta, NACK a failure of
 * @m; @cmd_id: the micro-checkpoint command that failed.
 */
void ctl_ckpt_i_rx_fail_cmd(struct ctl_ckpt *c, const struct srp_msg *m,
			    enum ctl_ckpt_fail why, const char *detail,
			    uint8_t cmd_id);

/** ctl_ckpt_i_rx_fail_cmd() charged to session-upsert. */
void ctl_ckpt_i_rx_fail(struct ctl_ckpt *c, const struct srp_msg *m,
			enum ctl_ckpt_fail why, const char *detail);

/**
 * Standby: a CKPT_CHUNK or CKPT_END of an epoch this standby is not in:
 * ignored, counted, logged at most once a second.
 */
void ctl_ckpt_i_rx_stale(struct ctl_ckpt *c, const struct srp_msg *m);

/** Standby: CKPT_END (sweep, ready, or failure and NACK). */
void ctl_ckpt_i_rx_end(struct ctl_ckpt *c, const struct srp_msg *m);

/* ctl_ckpt_audit.c */

/** Active: queue the upsert of @teid again (an audit's repair). */
void ctl_ckpt_i_tx_resend(struct ctl_ckpt *c, uint32_t teid);

/** Active: whether the test hook drops this delta record (counted). */
bool ctl_ckpt_i_audit_drop(struct ctl_ckpt *c);

/**
 * An audit message from the peer: QUERY and FETCH are answered by the
 * active; DIGESTS and ITEMS go through the standby's FIFO (behind the
 * deltas that came first). @return 0 or -EPROTO (refused, counted).
 */
int ctl_ckpt_i_audit_msg(struct ctl_ckpt *c, const struct srp_msg *m);

/** Standby, in FIFO order: DIGESTS or ITEMS. @return 0 or -EPROTO. */
int ctl_ckpt_i_audit_rx(struct ctl_ckpt *c, const struct srp_msg *m);

/** Standby: a replicated change of @teid was applied (not stale). */
void ctl_ckpt_i_audit_note(struct ctl_ckpt *c, uint32_t teid);

/** Each poll, both sides: answers, sweep, deadlines, schedule. */
void ctl_ckpt_i_audit_poll(struct ctl_ckpt *c);

/** Link or role change: a running audit fails with @why (static). */
void ctl_ckpt_i_audit_reset(struct ctl_ckpt *c, const char *why);

#endif /* CTL_CKPT_INT_H */
