/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP election rules and route modifier arithmetic, pure functions called
 * by the role state machine. Context: any.
 */
#include <stddef.h>

#include "srp_elect.h"

int
srp_elect_node_id_cmp(const uint8_t a[SRP_NODE_ID_LEN],
		      const uint8_t b[SRP_NODE_ID_LEN])
{
	/* Chapter "Chassis Initialization": vendor code skipped first. */
	static const unsigned int order[SRP_NODE_ID_LEN] = { 3, 4, 5, 0, 1, 2 };
	unsigned int i;

	for (i = 0; i < SRP_NODE_ID_LEN; i++) {
		unsigned int o = order[i];

		if (a[o] != b[o])
			return a[o] > b[o] ? 1 : -1;
	}
	return 0;
}

static int
mode_valid(uint8_t mode)
{
	return mode == SRP_WMODE_PRIMARY || mode == SRP_WMODE_BACKUP;
}

static enum srp_elect_result
prio_then_mac(const struct srp_elect_node *local,
	      const struct srp_elect_node *peer)
{
	int c;

	if (local->priority != peer->priority)
		return local->priority < peer->priority ? SRP_ELECT_LOCAL :
							   SRP_ELECT_PEER;
	c = srp_elect_node_id_cmp(local->node_id, peer->node_id);
	if (c == 0)
		return SRP_ELECT_TIE;
	return c > 0 ? SRP_ELECT_LOCAL : SRP_ELECT_PEER;
}

enum srp_elect_result
srp_elect_startup(const struct srp_elect_node *local,
		  const struct srp_elect_node *peer)
{
	if (!mode_valid(local->mode) || !mode_valid(peer->mode))
		return SRP_ELECT_NO_MODE;
	if (local->mode != peer->mode)
		return local->mode == SRP_WMODE_PRIMARY ? SRP_ELECT_LOCAL :
							   SRP_ELECT_PEER;
	return prio_then_mac(local, peer);
}

enum srp_elect_result
srp_elect_split_brain(const struct srp_elect_node *local,
		      const struct srp_elect_node *peer)
{
	/* Chapter "BGP Interaction": the shorter AS path stays preferred. */
	if (local->route_modifier != peer->route_modifier)
		return local->route_modifier < peer->route_modifier ?
			SRP_ELECT_LOCAL : SRP_ELECT_PEER;
	return prio_then_mac(local, peer);
}

uint32_t
srp_rm_initial(uint8_t mode)
{
	return mode == SRP_WMODE_PRIMARY ? SRP_RM_INIT_PRIMARY :
					    SRP_RM_INIT_BACKUP;
}

uint32_t
srp_rm_on_demote(uint32_t own, uint32_t peer_rm, uint8_t mode)
{
	uint32_t top = own > peer_rm ? own : peer_rm;

	if (top >= SRP_RM_THRESHOLD)
		return srp_rm_initial(mode);
	return top + 1;
}

uint32_t
srp_rm_on_active(uint32_t own, uint32_t standby_rm)
{
	if (own < standby_rm)
		return own;
	if (standby_rm <= SRP_RM_MIN)
		return SRP_RM_MIN;
	return standby_rm - 1;
}

const char *
srp_elect_result_str(enum srp_elect_result r)
{
	switch (r) {
	case SRP_ELECT_LOCAL:
		return "local";
	case SRP_ELECT_PEER:
		return "peer";
	case SRP_ELECT_TIE:
		return "tie";
	case SRP_ELECT_NO_MODE:
		return "no-mode";
	}
	return "?";
}
