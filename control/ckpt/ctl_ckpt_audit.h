/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inter-chassis subscriber state audit (docs/srp-operations.md section
 * "Audits", wire: docs/srp-protocol.md 4.9): the standby compares range
 * digests of the TEID buckets with the active's, narrows down to the
 * buckets that differ, lists them, and with sync repairs its copy; the
 * active answers. State kept inside struct ctl_ckpt. Context: control.
 */
#ifndef CTL_CKPT_AUDIT_H
#define CTL_CKPT_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_ckpt_set.h"
#include "srp_audit.h"

/* Ways a range is split when its digests differ. */
#define CTL_AUDIT_FANOUT	16u
/* Sessions the standby's sweep or the active's listing visit per poll. */
#define CTL_AUDIT_SLICE		16384u
/* An answer missing this long fails the audit (the peer is gone). */
#define CTL_AUDIT_ANSWER_MS	(30u * 1000u)
/* The active answers a query once its queued deltas went (they come
 * before the answer, so both sides compare the same state), or after
 * this many polls whatever is queued. */
#define CTL_AUDIT_QUIET_POLLS	500u

/* Where the standby's audit is. */
enum ctl_audit_phase {
	CTL_AUDIT_IDLE = 0,
	CTL_AUDIT_QUERY,	/* a QUERY is out, DIGESTS awaited */
	CTL_AUDIT_FETCH,	/* a FETCH is out, ITEMS awaited */
	CTL_AUDIT_SWEEP,	/* looking for stale sessions here */
};

/* Counters of show srp audit-statistics. */
struct ctl_audit_stats {
	uint64_t	n_run;		/* audits started here (standby) */
	uint64_t	n_passed;	/* finished without a difference */
	uint64_t	n_failed;	/* differences found, or not finished */
	uint64_t	n_repaired;	/* sessions repaired, all audits */
	uint64_t	n_served;	/* active: queries answered */
	uint64_t	n_listed;	/* active: fetches answered */
	uint64_t	n_bad;		/* audit messages refused */
	uint64_t	n_dropped;	/* delta records dropped (test hook) */
	/* The last audit run here. */
	uint64_t	last_start_ms;	/* wall clock; 0 none yet */
	uint64_t	last_end_ms;	/* 0 while running */
	bool		last_sync;
	bool		last_scheduled;
	const char	*last_result;	/* static text */
	uint32_t	ranges;		/* range digests compared */
	uint32_t	msgs;		/* audit messages sent + received */
	uint32_t	missing;	/* on the active, not here */
	uint32_t	stale;		/* here, not on the active */
	uint32_t	differing;	/* both, different content */
	uint32_t	repaired;	/* asked again or deleted (sync) */
	uint32_t	buckets;	/* buckets listed */
	char		last_bad[128];	/* why the last message was refused */
};

struct ctl_ckpt_audit {
	uint8_t		local_state;	/* SRP_WSTATE_* */
	uint32_t	drop_deltas;	/* test hook: delta records to drop */
	uint8_t		*buf;		/* SRP_AUDIT_PAYLOAD_MAX */
	/* Standby: the audit it drives. */
	enum ctl_audit_phase phase;
	bool		sync;
	uint32_t	id;
	uint32_t	next_id;
	uint64_t	wait_until_ms;	/* monotonic; answer deadline */
	uint32_t	*rlo, *rhi;	/* ranges to query (a FIFO) */
	uint32_t	r_head, r_n, r_cap;
	uint32_t	n_asked;	/* ranges of the QUERY out: */
	uint32_t	a_lo[256], a_hi[256];	/* ascending, as sent */
	uint32_t	*leaf;		/* buckets found different */
	uint32_t	n_leaf, leaf_cap, leaf_i;
	uint8_t		*leaf_bm;	/* bitmap of those buckets */
	struct ctl_ckpt_set seen;	/* TEIDs the active listed */
	uint32_t	sweep_iter;
	uint64_t	next_sched_ms;	/* wall; 0: not scheduled */
	/* Active: the query or fetch being answered. */
	bool		q_pending;
	uint32_t	q_id, q_n, q_polls;
	uint32_t	q_lo[256], q_hi[256];	/* SRP_AUDIT_RANGES_MAX */
	bool		f_running;
	bool		f_sync;
	bool		f_full;		/* f_w is ready to go */
	uint32_t	f_id, f_iter;
	uint8_t		*f_bm;		/* buckets asked for */
	uint8_t		*f_buf;		/* SRP_AUDIT_PAYLOAD_MAX */
	struct srp_audit f_w;		/* ITEMS being filled in f_buf */
	struct ctl_audit_stats st;
};

struct ctl_ckpt;
struct srp_msg;

/** Free what the audit holds (ctl_ckpt_fini). Context: control. */
void ctl_ckpt_audit_fini(struct ctl_ckpt *c);


/**
 * Start an audit on this standby: compare (and with @sync repair).
 * @err gets a reason when refused. Context: control.
 * @return 0; -EPERM not a READY standby; -ENOTCONN no peer; -EOPNOTSUPP
 *	   the peer has no audit; -EBUSY one is running; -ENOMEM
 */
int ctl_ckpt_audit_start(struct ctl_ckpt *c, bool sync, bool scheduled,
			 char *err, size_t err_len);

/** Whether an audit driven by this chassis is running. */
bool ctl_ckpt_audit_running(const struct ctl_ckpt *c);

/**
 * Test hook: the active drops its next @n delta records (upserts and
 * deletes) instead of sending them. Context: control.
 */
void ctl_ckpt_audit_drop_deltas(struct ctl_ckpt *c, uint32_t n);

/** Register srp initiate-audit, show srp audit-statistics, the hook. */
int ctl_ckpt_audit_cmd_register(struct ctl_ckpt *c);

#endif /* CTL_CKPT_AUDIT_H */
