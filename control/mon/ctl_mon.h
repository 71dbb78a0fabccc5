/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Service monitors (the chapter's "monitor bgp|authentication-probe|
 * diameter" lines): one target per configured line, probed by the engine
 * of its kind (ctl_mon_<kind>.c), which reports UP/DOWN here; this module
 * keeps each target's state and counters, decides per kind whether the
 * service failed (BGP: every peer of a context, or of any one group, down;
 * AAA: no server answers; Diameter: no peer answers), tells SRP through a
 * hook, and serves "show srp monitor". Context: control.
 */
#ifndef CTL_MON_H
#define CTL_MON_H

#include <stdbool.h>
#include <stdint.h>

#include "srp_conf.h"

struct ctl_conf;
struct ctl_loop;

/* State of one target. */
enum ctl_mon_state {
	CTL_MON_UNKNOWN = 0,	/* not probed yet */
	CTL_MON_UP,		/* answers */
	CTL_MON_DOWN,		/* stopped answering (after the retries) */
	CTL_MON_IDLE,		/* not probed in this role (AAA on a standby) */
};

/* Counters and state of one target; engines update the counters. */
struct ctl_mon_target {
	const struct srp_monitor *conf;	/* its configuration line */
	enum ctl_mon_state	state;
	uint64_t		last_change_wall_ms;	/* 0: never */
	uint64_t		n_down;		/* UP/UNKNOWN -> DOWN */
	uint64_t		n_sent;		/* probes sent */
	uint64_t		n_answered;	/* probes answered */
	uint64_t		n_timeouts;	/* probes unanswered */
	uint64_t		n_errors;	/* bad answers, socket errors */
	char			detail[96];	/* last reason, for show */
};

/* A kind's engine: probes the targets of its kind. */
struct ctl_mon_engine {
	enum srp_monitor_kind	kind;
	const char		*name;		/* "bgp", "authentication-probe" */
	/* Start probing the targets of this kind (ctl_mon_targets()).
	 * @return 0 or a negative errno (the module fails to start). */
	int			(*start)(const struct ctl_conf *conf,
					 struct ctl_loop *loop);
	void			(*stop)(void);
	/* The chassis became active or standby (may be NULL). */
	void			(*role)(bool active);
	/* Private to ctl_mon.c. */
	struct ctl_mon_engine	*next;
};

/** Add an engine. Context: a constructor, before main(). */
void ctl_mon_engine_register(struct ctl_mon_engine *e);

/** Number of targets (configured monitor lines). Context: control. */
unsigned int ctl_mon_count(void);

/** Target @idx (0 .. ctl_mon_count() - 1), or NULL. Context: control. */
struct ctl_mon_target *ctl_mon_target(unsigned int idx);

/**
 * An engine's verdict on target @idx: its new state and why (copied into
 * detail). Counts a DOWN, logs the change, re-evaluates the kind's
 * verdict and tells SRP when it changes. Context: control.
 */
void ctl_mon_report(unsigned int idx, enum ctl_mon_state st,
		    const char *detail);

/* SRP is told when a kind's service fails (@failed) or recovers. */
typedef void ctl_mon_verdict_fn(enum srp_monitor_kind kind, bool failed);

/** Install @fn (NULL: nobody told). Context: control. */
void ctl_mon_verdict_set(ctl_mon_verdict_fn *fn);

/**
 * Whether the service of @kind failed by the rule of docs/monitors.md
 * (false when no target of that kind is configured). Context: control.
 */
bool ctl_mon_failed(enum srp_monitor_kind kind);

/** Whether any configured kind failed (the standby's health in its
 *  hellos). Context: control. */
bool ctl_mon_any_failed(void);

/* A local fault on this chassis (srpgw's local-fault lines): @why says
 * which, for logs and SRP's history. */
typedef void ctl_mon_fault_fn(const char *why);

/** Install @fn (NULL: nobody told), called on the active while a local
 *  fault lasts (once a second). Context: control. */
void ctl_mon_fault_set(ctl_mon_fault_fn *fn);

/* The last local fault of this chassis cleared (in any role): the local
 * recovery that opens the guard-timer srp-redundancy-timers periods. */
typedef void ctl_mon_recovery_fn(void);

/** Install @fn (NULL: nobody told). Context: control. */
void ctl_mon_recovery_set(ctl_mon_recovery_fn *fn);

/**
 * Whether the local-fault detector sees a worker stalled now (its loop
 * counter stopped for the configured time). A fence does not wait for
 * such a worker's quiescent state: it resumes on the new state after at
 * most the burst it was in. Context: control.
 */
bool ctl_mon_worker_stalled(void);

/** Tell the engines about a role change. Context: control. */
void ctl_mon_role(bool active);

/** @return "bgp", "authentication-probe" or "diameter". Context: any. */
const char *ctl_mon_kind_name(enum srp_monitor_kind kind);

/** @return "unknown", "up", "down", "idle". Context: any. */
const char *ctl_mon_state_name(enum ctl_mon_state st);

#endif /* CTL_MON_H */
