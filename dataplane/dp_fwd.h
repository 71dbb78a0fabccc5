/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding state shared with the workers: local addresses per port,
 * routes, neighbours (next-hop MACs) and the chassis forwarding mode, all
 * published with RCU (liburcu QSBR) by the control lcore and read by the
 * workers once per burst.
 */
#ifndef DP_FWD_H
#define DP_FWD_H

#include <stdint.h>

#define DP_NH_NONE	UINT16_MAX

/**
 * Find or create the neighbour entry through which packets to @addr leave
 * (the address itself when on-link, else its route's next hop), take a
 * reference and start its resolution (ARP/ND) if needed.
 * Context: control.
 * @param af 4 or 6
 * @param addr network order, 4 or 16 bytes
 * @param nh_id neighbour id to store in the session
 * @return 0, -ENETUNREACH (no route or connected subnet), -ENOSPC
 */
int dp_fwd_peer_nh_get(uint8_t af, const uint8_t *addr, uint16_t *nh_id);

/**
 * Drop a reference taken by dp_fwd_peer_nh_get (entries without references
 * and without static configuration are freed after a grace period).
 * Context: control.
 */
void dp_fwd_peer_nh_put(uint16_t nh_id);

#endif /* DP_FWD_H */
