/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Post-switchover phases of a chassis that has just become active:
 * critical flush -> network convergence -> accounting flush, with the
 * audit running beside the accounting flush, then done. Pure logic: the
 * SRP glue (ctl_srp.c) reports each end condition and asks which data
 * mode the workers may use and whether the session API takes new
 * sessions; a guard time-out ends any phase whose condition never comes.
 * End conditions and the per-option behaviour: docs/srp-operations.md.
 * Context: control.
 */
#ifndef CTL_TAKEOVER_H
#define CTL_TAKEOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sess/ctl_sess.h"
#include "srp_fsm.h"

/* Guard time-out of one phase. */
#define CTL_TAKEOVER_GUARD_MS	10000u

/* Phases, in the order they start. */
enum ctl_takeover_phase {
	CTL_TAKEOVER_IDLE = 0,		/* never active, or standby */
	CTL_TAKEOVER_CRIT_FLUSH,	/* old active's last checkpoints */
	CTL_TAKEOVER_NET_CONV,		/* GARP rounds, BGP confirmed */
	CTL_TAKEOVER_ACCT_FLUSH,	/* base counters final */
	CTL_TAKEOVER_AUDIT,		/* one walk over the sessions */
	CTL_TAKEOVER_DONE,
	CTL_TAKEOVER_MAX
};

/* Options (srp_conf switchover lines). */
struct ctl_takeover_opts {
	bool		allow_all;	/* allow-all-data-traffic */
	bool		allow_volte;	/* allow-volte-data-traffic */
	bool		volte_maint_acct; /* ... maintain-accounting */
	bool		control_outage_opt; /* control-outage-optimization */
	uint32_t	guard_ms;	/* per phase, 0 = CTL_TAKEOVER_GUARD_MS */
};

/* One switchover's phases. */
struct ctl_takeover {
	struct ctl_takeover_opts opts;
	bool		planned;	/* make-before-break or fence-first */
	bool		terminated;	/* srp terminate-post-process */
	bool		done[CTL_TAKEOVER_MAX];	/* phase ended */
	bool		timed_out[CTL_TAKEOVER_MAX]; /* ended by its guard */
	bool		cond[CTL_TAKEOVER_MAX];	/* end condition reported */
	uint64_t	start_ms[CTL_TAKEOVER_MAX]; /* 0 = not started */
	uint64_t	dur_ms[CTL_TAKEOVER_MAX];  /* once done */
	uint64_t	activated_ms;
	uint64_t	n_runs;		/* switchovers handled */
	uint64_t	n_timeouts;	/* phases ended by a guard */
	uint64_t	n_terminated;
};

/**
 * Start the phases at activation (@now_ms). After an unplanned takeover
 * there is no old active to wait for: the glue reports the flushes at once.
 * Context: control.
 */
void ctl_takeover_start(struct ctl_takeover *p,
			const struct ctl_takeover_opts *o, bool planned,
			uint64_t now_ms);

/**
 * The chassis left ACTIVE: back to IDLE (the last run's durations stay
 * for show, phases not ended are marked ended now).
 * Context: control.
 */
void ctl_takeover_stop(struct ctl_takeover *p, uint64_t now_ms);

/**
 * Report that the end condition of @phase holds. Conditions may come
 * before their phase starts (kept until then).
 * Context: control.
 * @return 0, -EINVAL (@phase not one of the four)
 */
int ctl_takeover_cond(struct ctl_takeover *p, enum ctl_takeover_phase phase);

/**
 * Advance: end every running phase whose condition holds or whose guard
 * (from its start) has passed, start the next ones.
 * Context: control.
 * @return true when something ended
 */
bool ctl_takeover_step(struct ctl_takeover *p, uint64_t now_ms);

/**
 * srp terminate-post-process: end every phase now.
 * Context: control.
 * @return 0, -EALREADY when no phase runs
 */
int ctl_takeover_terminate(struct ctl_takeover *p, uint64_t now_ms);

/**
 * The phase shown: the first one not ended (the accounting flush before
 * the audit while both run), IDLE or DONE.
 * Context: any.
 * @return phase
 */
enum ctl_takeover_phase ctl_takeover_phase(const struct ctl_takeover *p);

/**
 * Whether @phase runs now. Context: any.
 * @return true while started and not ended
 */
bool ctl_takeover_running(const struct ctl_takeover *p,
			  enum ctl_takeover_phase phase);

/**
 * Data mode (enum dp_data_mode) the workers may use now: ALL when idle or
 * done or with allow-all; with allow-volte VOLTE until the accounting
 * flush ends (with maintain-accounting NONE during the critical flush:
 * VoLTE data waits for its counters); otherwise NONE until the accounting
 * flush ends.
 * Context: any.
 * @return DP_DATA_NONE, DP_DATA_VOLTE or DP_DATA_ALL
 */
uint8_t ctl_takeover_data_mode(const struct ctl_takeover *p);

/**
 * Whether the session API accepts new sessions: idle or done, or (with
 * control-outage-optimization) once the audit has ended.
 * Context: any.
 * @return true when creates are allowed
 */
bool ctl_takeover_create_ok(const struct ctl_takeover *p);

/**
 * Session change gate of an SRP chassis in @state (@phase while
 * SWITCHING) with the post-switchover phases @p: only an ACTIVE chassis
 * changes sessions (@err: "chassis is <STATE>[ (<phase>)]: session changes
 * are accepted on the active only"), and on it new sessions wait for
 * ctl_takeover_create_ok() (@err: "switchover post-processing: <phase>").
 * Context: any.
 * @return 0, -EROFS (not active) or -EAGAIN (phases refuse new sessions)
 */
int ctl_takeover_change_check(const struct ctl_takeover *p,
			      enum srp_fsm_state state,
			      enum srp_fsm_phase phase,
			      enum ctl_sess_change what,
			      char *err, size_t err_len);

/**
 * Name of a phase: "idle", "critical-flush", "network-convergence",
 * "accounting-flush", "audit", "done" ("?" out of range).
 * Context: any.
 * @return static string
 */
const char *ctl_takeover_phase_str(enum ctl_takeover_phase phase);

#endif /* CTL_TAKEOVER_H */
