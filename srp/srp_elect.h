/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP election rules: pure comparisons that pick the active chassis at
 * start-up and after a split brain, and the route modifier arithmetic
 * (docs/srp-roles.md). No state, no I/O. Context: any.
 */
#ifndef SRP_ELECT_H
#define SRP_ELECT_H

#include <stdint.h>

#include "srp_proto.h"

/* Route modifier values (docs/srp-roles.md, "Route modifier"). */
#define SRP_RM_INIT_PRIMARY	10u	/* boot value of a primary chassis */
#define SRP_RM_INIT_BACKUP	11u	/* boot value of a backup chassis */
#define SRP_RM_THRESHOLD	32u	/* never exceeded: reset instead */
#define SRP_RM_MIN		1u	/* lowest value an active may take */

/* What one side of an election looks like (taken from config or HELLO). */
struct srp_elect_node {
	uint8_t		node_id[SRP_NODE_ID_LEN];	/* MAC address */
	uint32_t	route_modifier;
	uint8_t		mode;		/* enum srp_wire_mode */
	uint8_t		priority;	/* 1..255, lower is better */
};

/* Outcome of a comparison, seen from the local node. */
enum srp_elect_result {
	SRP_ELECT_LOCAL = 0,	/* local node should be active */
	SRP_ELECT_PEER,		/* peer should be active */
	SRP_ELECT_TIE,		/* nothing differs: misconfiguration */
	SRP_ELECT_NO_MODE,	/* a side has no chassis-mode: no pairing */
};

/**
 * Compare two MAC addresses the way the reference chapter's example does:
 * octets 4, 5 and 6 (the part after the vendor code) from left to right,
 * then the vendor octets 1..3 so that only identical addresses tie.
 * Context: any.
 * @return > 0 if @a is higher, < 0 if @b is higher, 0 if identical
 */
int srp_elect_node_id_cmp(const uint8_t a[SRP_NODE_ID_LEN],
			  const uint8_t b[SRP_NODE_ID_LEN]);

/**
 * Start-up election between two undecided chassis: a side without
 * chassis-mode refuses; primary beats backup; same mode -> lower priority
 * number wins; same priority -> higher MAC (srp_elect_node_id_cmp) wins.
 * Context: any.
 * @return the winner, SRP_ELECT_TIE when all three are equal, or
 *	   SRP_ELECT_NO_MODE when either mode is SRP_WMODE_NONE or invalid
 */
enum srp_elect_result srp_elect_startup(const struct srp_elect_node *local,
					const struct srp_elect_node *peer);

/**
 * Split-brain resolution when both sides claim ACTIVE: the lower route
 * modifier (the one that was active first, advertising the shorter AS
 * path) keeps the role; then lower priority number; then higher MAC.
 * Context: any.
 * @return the side that keeps ACTIVE, or SRP_ELECT_TIE when all are equal
 */
enum srp_elect_result
srp_elect_split_brain(const struct srp_elect_node *local,
		      const struct srp_elect_node *peer);

/**
 * Boot value of the route modifier for a chassis mode.
 * Context: any.
 * @return SRP_RM_INIT_PRIMARY for a primary, SRP_RM_INIT_BACKUP otherwise
 */
uint32_t srp_rm_initial(uint8_t mode);

/**
 * Route modifier a node takes when it becomes standby while the peer is (or
 * becomes) active with @peer_rm: one above the higher of the two values, or
 * the node's initial value when that would exceed SRP_RM_THRESHOLD.
 * Context: any.
 * @param own current local value
 * @param peer_rm last value the active peer announced
 * @param mode local enum srp_wire_mode
 * @return the new local value
 */
uint32_t srp_rm_on_demote(uint32_t own, uint32_t peer_rm, uint8_t mode);

/**
 * Route modifier an active node keeps once it knows the standby's value:
 * unchanged while lower than @standby_rm, else @standby_rm - 1 (never
 * below SRP_RM_MIN), so the active always advertises the shorter path.
 * Context: any.
 * @return the new local value
 */
uint32_t srp_rm_on_active(uint32_t own, uint32_t standby_rm);

/**
 * Name of a result ("local", "peer", "tie", "no-mode").
 * Context: any.
 * @return a static string; "?" for other values
 */
const char *srp_elect_result_str(enum srp_elect_result r);

#endif /* SRP_ELECT_H */
