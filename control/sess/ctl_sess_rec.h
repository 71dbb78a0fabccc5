/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sessions as replication records and the subscriber digest (an
 * order-independent sum of per-session fingerprints) that both chassis
 * compare. Context: control.
 */
#ifndef CTL_SESS_REC_H
#define CTL_SESS_REC_H

#include <stdint.h>

#include "sess_table.h"
#include "srp_ckpt_rec.h"

/**
 * Fill @r (an upsert) from session @s of table @t, with its counters
 * (sess_table_cnt_sum, base included) and last activity as wall-clock ms
 * (see ctl_sess_rec_counters); @t NULL: counters and last activity 0.
 * Context: control.
 */
void ctl_sess_rec_from(const struct sess_table *t, const struct sess *s,
			    uint64_t wall_ms, struct srp_rec *r);

/**
 * Fill the counters and last_activity_ms of @r from slot @slot of @t:
 * the workers' sums plus the base, and the newest worker packet time
 * converted from TSC to wall-clock ms (@wall_ms is now), or the base's
 * last_ms when no worker saw a packet (whichever is newer).
 * Context: control.
 */
void ctl_sess_rec_counters(const struct sess_table *t, uint32_t slot,
			   uint64_t wall_ms, struct srp_rec *r);

/**
 * Order-independent digest of the replicated fields of every session of
 * @t (sum mod 2^64 of ctl_sess_digest_one() per session) and the session
 * count. O(1) on a table attached with ctl_sess_digest_attach() (the
 * session writer and replication attach theirs): the table keeps the sum
 * up to date on every change (sess_table_digest_set). A table nobody
 * attached is walked (ctl_sess_digest_walk).
 * Context: control.
 */
uint64_t ctl_sess_digest(const struct sess_table *t, uint32_t *count);

/**
 * Fingerprint of one session: a 64-bit hash of its replicated fields
 * (what an upsert record carries); counters and last activity are left
 * out (they are refreshed later by design). Context: control.
 */
uint64_t ctl_sess_digest_one(const struct sess *s);

/**
 * Make @t keep the running digest of ctl_sess_digest() (walks @t once
 * unless already attached). Called by ctl_sess_init and ctl_ckpt_init.
 * Context: control.
 */
void ctl_sess_digest_attach(struct sess_table *t);

/**
 * The same digest computed from scratch by walking every session: for
 * tests and audits only, never on a command path.
 * Context: control.
 */
uint64_t ctl_sess_digest_walk(const struct sess_table *t, uint32_t *count);

/**
 * Sessions fingerprinted so far (every change and walk) and sessions
 * visited by walks (ctl_sess_digest_walk, attaching). For tests.
 * Context: control.
 */
void ctl_sess_digest_calls(uint64_t *n_hashed, uint64_t *n_walked);

#endif /* CTL_SESS_REC_H */
