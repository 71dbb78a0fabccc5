/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From a PFCP session's rules to what the data plane forwards: checks the
 * rule set (unique IDs, every reference resolves, nothing we cannot
 * forward) and picks the uplink PDR (Access, local F-TEID, no SDF filter)
 * and the downlink PDR (Core, UE IP address) whose FARs become one gateway
 * session. SDF-filtered and CP-function PDRs, QER, URR and BAR are stored
 * but not enforced. Pure code. Context: any.
 */
#ifndef CTL_PFCP_MAP_H
#define CTL_PFCP_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "pfcp_codec.h"
#include "sess_table.h"

/* A rule the set cannot accept: answered with cause Rule creation/
 * modification failure and this Failed Rule ID. */
struct ctl_pfcp_map_fail {
	uint8_t		rule_type;	/* PFCP_RULE_* */
	uint32_t	rule_id;
	const char	*why;		/* static text for logs and tests */
};

/* What the rules say the data plane does. */
struct ctl_pfcp_map {
	bool		install;	/* a gateway session exists */
	struct sess_params p;		/* valid when @install */
	uint16_t	ul_pdr;		/* PDR IDs chosen (0: none) */
	uint16_t	dl_pdr;
};

/**
 * Check the rules held in @rules (the create_* arrays of a decoded
 * message: PDRs with resolved F-TEIDs, FARs, QERs, URRs, BAR) and map them.
 *
 * Context: any.
 * @return 0 with @out filled (out->install false when the rules forward
 *	   nothing yet: no uplink F-TEID or no UE address), or -EINVAL with
 *	   @fail naming the rule at fault
 */
int ctl_pfcp_map_rules(const struct pfcp_msg *rules, struct ctl_pfcp_map *out,
		       struct ctl_pfcp_map_fail *fail);

/**
 * Index in @rules' Create PDRs of PDR ID @id, -1 when none (an index, so
 * that callers holding writable rules may change that entry).
 * Context: any.
 */
int ctl_pfcp_pdr_index(const struct pfcp_msg *rules, uint16_t id);

/** Index in @rules' Create FARs of FAR ID @id, -1 when none. Context: any. */
int ctl_pfcp_far_index(const struct pfcp_msg *rules, uint32_t id);

/** The Create FAR of @rules with FAR ID @id, or NULL. Context: any. */
const struct pfcp_far *ctl_pfcp_far_find(const struct pfcp_msg *rules,
					 uint32_t id);

/**
 * The QFI a QER body carries (its QFI IE), for the downlink GTP-U PDU
 * session container. @return true and *@qfi when present.
 * Context: any.
 */
bool ctl_pfcp_qer_qfi(const struct pfcp_opaque_rule *qer, uint8_t *qfi);

/* What the post-switchover audit finds wrong with a PFCP session. */
enum ctl_pfcp_audit_res {
	CTL_PFCP_AUDIT_OK = 0,
	CTL_PFCP_AUDIT_RULES,		/* a rule missing or a reference
					 * that names no rule */
	CTL_PFCP_AUDIT_NO_FTEID,	/* no uplink PDR with an F-TEID */
	CTL_PFCP_AUDIT_MISMATCH,	/* the installed gateway session is
					 * not what the rules map to */
};

/**
 * Audit the stored rules @rules of a PFCP session against the gateway
 * session @installed that it holds: the rules must pass the checks of
 * ctl_pfcp_map_rules(), have an uplink F-TEID, and map to @installed's
 * local TEID, tunnel, UE addresses, QFI and drop flags.
 * Context: any.
 * @return the first finding (CTL_PFCP_AUDIT_OK when none); @fail names
 *	   the rule at fault for CTL_PFCP_AUDIT_RULES
 */
enum ctl_pfcp_audit_res ctl_pfcp_map_audit(const struct pfcp_msg *rules,
					   const struct sess_params *installed,
					   struct ctl_pfcp_map_fail *fail);

#endif /* CTL_PFCP_MAP_H */
