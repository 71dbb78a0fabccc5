/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PFCP (N4/Sx) server of the user plane: UDP 8805 on the sx-service's
 * bind address, served by the control reactor. Associations with the
 * control planes of the user-plane-service's control-plane-group,
 * heartbeats both ways, session establishment, modification and deletion
 * mapped onto the gateway's sessions through control/sess. With SRP the
 * N4 socket is open only on the active chassis (ctl_pfcp_role()).
 * Context: control.
 */
#ifndef CTL_PFCP_H
#define CTL_PFCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctl_conf;
struct ctl_loop;
struct sess_params;

/**
 * Read the configuration (the first user-plane-service that associates an
 * sx-service and a control-plane-group) and register the show commands.
 * Without SRP the N4 socket opens now; with SRP it waits for
 * ctl_pfcp_role(true). Nothing to serve is not an error.
 * Context: control.
 * @return 0, -ENOMEM, or the error of opening the socket (standalone)
 */
int ctl_pfcp_init(const struct ctl_conf *conf, struct ctl_loop *loop);

/** Close the socket, forget every PFCP session (gateway sessions stay). */
void ctl_pfcp_fini(void);

/**
 * The chassis became active (open the N4 socket) or standby (close it:
 * the standby is silent on N4). Context: control.
 */
void ctl_pfcp_role(bool active);

/**
 * This chassis becomes active (called before ctl_pfcp_role(true)). When
 * @copy_complete is false (it never held a complete copy, or lost it) and
 * the sx-service keeps "sx-protocol restart-on-incomplete-takeover" (the
 * default), the Recovery Time Stamp changes: the SMF sees a restart and
 * restores its sessions (PFCPSEReq-Flags RESTI) instead of trusting a
 * partial copy. Context: control.
 */
void ctl_pfcp_takeover(bool copy_complete);

/** Whether an sx-service is configured and used. Context: control. */
bool ctl_pfcp_enabled(void);

/** Whether the N4 socket is open. Context: control. */
bool ctl_pfcp_listening(void);

/*
 * Replication (called by control/ckpt). On the active, the records of
 * docs/pfcp.md "Replication"; on the standby, their application (checked
 * first: a bad record changes nothing).
 */

/** Whether the gateway session with local TEID @teid is a PFCP session's
 *  (checkpointed at once, whatever its age). Context: control. */
bool ctl_pfcp_owns(uint32_t teid);

/**
 * The PFCP session record of the gateway session @teid into @buf.
 * Context: control.
 * @return its length, or 0 (no PFCP session on @teid, or @cap too small)
 */
size_t ctl_pfcp_rec_sess(uint32_t teid, uint8_t *buf, size_t cap);

/**
 * The answer to the PFCP deletion of gateway session @teid, for the
 * standby with its delete (kept for the last PFCP_GONE_MAX deletions).
 * Context: control.
 * @return its length, or 0 (none kept)
 */
size_t ctl_pfcp_rec_gone(uint32_t teid, uint8_t *buf, size_t cap);

/** Standby: keep a deletion's answer for retransmissions. @return as
 *  ctl_pfcp_repl_sess(). */
int ctl_pfcp_repl_gone(const uint8_t *b, size_t n, char *err,
		       size_t err_len);

/** Changes each time the node record would say something new. */
uint64_t ctl_pfcp_node_gen(void);

/** The node record into @buf. @return its length, or 0. Context: control. */
size_t ctl_pfcp_rec_node(uint8_t *buf, size_t cap);

/**
 * Standby: install the PFCP session record @b for gateway session @teid
 * (applied just before), replacing what it supersedes.
 * Context: control.
 * @return 0, or -EPROTO / -ENOENT / -ENOMEM with @err filled
 */
int ctl_pfcp_repl_sess(uint32_t teid, const uint8_t *b, size_t n, char *err,
		       size_t err_len);

/** Standby: apply the node record @b. @return as ctl_pfcp_repl_sess(). */
int ctl_pfcp_repl_node(const uint8_t *b, size_t n, char *err,
		       size_t err_len);

/** Standby: gateway session @teid is gone; so is its PFCP session. */
void ctl_pfcp_repl_forget(uint32_t teid);

/*
 * Post-switchover audit (called by control/srp on the new active;
 * ctl_pfcp_audit.c).
 */

/**
 * Check the gateway session @teid (installed as @installed) against the
 * stored rules of the PFCP session that holds it (ctl_pfcp_map_audit()).
 * Context: control.
 * @return an enum ctl_pfcp_audit_res value (ctl_pfcp_map.h), or -ENOENT
 *	   when no PFCP session holds @teid
 */
int ctl_pfcp_audit(uint32_t teid, const struct sess_params *installed);

/**
 * Purge the PFCP session holding gateway session @teid and, through the
 * normal delete path (replicated), the gateway session.
 * Context: control.
 * @return 0 or -ENOENT
 */
int ctl_pfcp_audit_purge(uint32_t teid);

/**
 * Graceful cleanup: ask the SMF of the PFCP session holding @teid to
 * release it, with a Session Report Request (Report Type UISR, TS 29.244
 * Release 16), resent every T1 until its
 * Session Report Response comes or N1 resends went unanswered (the
 * heartbeat settings of the sx-service). Call before the purge.
 * Context: control.
 * @return 0 (sent), -ENOENT (no PFCP session holds @teid), -ENOTCONN (its
 *	   control plane is not associated, or N4 is not served here),
 *	   -ENOBUFS (too many reports in flight), -EIO
 */
int ctl_pfcp_audit_notify(uint32_t teid);

/* Session Report Requests of the audit, since start. */
struct ctl_pfcp_report_stats {
	uint64_t	tx;		/* first sends */
	uint64_t	retx;		/* resends on T1 */
	uint64_t	accepted;	/* answered, Cause Request accepted */
	uint64_t	rejected;	/* answered with another Cause */
	uint64_t	timeouts;	/* no answer after N1 resends */
	uint64_t	no_room;	/* not sent: too many in flight */
	uint32_t	pending;	/* waiting for an answer now */
};

/** Copy the Session Report counters into @st. Context: control. */
void ctl_pfcp_report_stats_get(struct ctl_pfcp_report_stats *st);

/**
 * Test hook: spoil the stored rules of the PFCP session holding @teid so
 * that the audit finds @what (CTL_PFCP_AUDIT_RULES: the uplink PDR's FAR
 * removed; CTL_PFCP_AUDIT_NO_FTEID: no PDR keeps its F-TEID). Nothing
 * else changes (the gateway session stays installed).
 * Context: control.
 * @return 0, -ENOENT (no PFCP session), -EINVAL (@what, or rules that
 *	   are already wrong), -ENOMEM
 */
int ctl_pfcp_test_corrupt(uint32_t teid, int what);

#endif /* CTL_PFCP_H */
