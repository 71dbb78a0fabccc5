/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The post-switchover session audit of a new active: which sessions are
 * inconsistent and why (the table's own rules, a PFCP session's rules
 * against what is installed), the purge of each through the normal
 * delete path (replicated to the standby), preceded with "require
 * graceful-cleanup-during-audit-failure" by a notice to the peer that can
 * be told (GTP-U Error Indication to the eNodeB/gNodeB of a CLI session,
 * a PFCP Session Report Request asking the SMF to release a PFCP one),
 * and the test hook that spoils a session on purpose. Docs: docs/srp-operations.md "Audit". Context: control.
 */
#ifndef CTL_TAKEOVER_AUDIT_H
#define CTL_TAKEOVER_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "sess_table.h"

/* Why the audit purges a session. */
enum ctl_purge_reason {
	CTL_PURGE_OK = 0,
	CTL_PURGE_TABLE,	/* breaks sess_table_params_check(), or its
				 * slot does not hold it */
	CTL_PURGE_PFCP_RULES,	/* PFCP rule missing / reference dangling */
	CTL_PURGE_PFCP_NO_FTEID, /* PFCP rules without an uplink F-TEID */
	CTL_PURGE_PFCP_MISMATCH, /* installed state differs from the rules */
	CTL_PURGE_REASON_MAX
};

/* One audit run's results (kept for show until the next run). */
struct ctl_purge_stats {
	uint32_t	purged[CTL_PURGE_REASON_MAX];	/* by reason */
	uint32_t	purge_failed;	/* the delete refused */
	uint32_t	notified_errind; /* Error Indications sent */
	uint32_t	notified_pfcp;	/* Session Report Requests sent */
	uint32_t	notify_unavailable; /* no peer to tell (no tunnel, no
					 * resolved neighbour, no source
					 * address, SMF not associated) */
	uint32_t	notify_failed;	/* a notice could not be sent */
	bool		graceful;	/* graceful cleanup was on */
};

/**
 * Audit session @x found in slot @slot.
 * Context: control.
 * @return CTL_PURGE_OK or the first reason found
 */
enum ctl_purge_reason ctl_purge_check(const struct sess *x, uint32_t slot);

/**
 * Notify (when @graceful) and purge the session with parameters @p found
 * inconsistent for @why, counting into @st.
 * Context: control.
 * @return 0 when purged, or the delete's negative errno
 */
int ctl_purge_session(const struct sess_params *p, enum ctl_purge_reason why,
		    bool graceful, struct ctl_purge_stats *st);

/**
 * Name of a reason: "ok", "table", "pfcp-rules", "pfcp-no-fteid",
 * "pfcp-mismatch" ("?" out of range). Context: any.
 */
const char *ctl_purge_reason_str(enum ctl_purge_reason r);

/**
 * Reason of a name (ctl_purge_reason_str()), CTL_PURGE_OK if unknown.
 * Context: any.
 */
enum ctl_purge_reason ctl_purge_reason_parse(const char *name);

/**
 * Test hook: make session @teid fail the audit for @why (not OK): table
 * sets a flag bit no release knows; the PFCP reasons spoil the PFCP
 * session's stored rules (pfcp-rules, pfcp-no-fteid) or flip the gateway
 * session's uplink drop flag (pfcp-mismatch). Nothing replicates and no
 * other state changes.
 * Context: control.
 * @return 0, -ENOENT (no such session, or no PFCP session for a PFCP
 *	   reason), -EINVAL, -ENOMEM
 */
int ctl_purge_corrupt(uint32_t teid, enum ctl_purge_reason why);

/** Register "debug session-corrupt". Context: control. @return 0 or errno */
int ctl_purge_cmd_register(void);

#endif /* CTL_TAKEOVER_AUDIT_H */
