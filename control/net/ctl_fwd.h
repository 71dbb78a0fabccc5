/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Builds the data plane's forwarding state (ports, local addresses, routes
 * through ctl_route, static neighbours) from the configuration, starts the
 * slow path (ctl_punt) and registers the forwarding show commands: show
 * dataplane statistics (ctl_show_dp.c), show ip arp, show ipv6
 * neighbors, show ip route, show ipv6 route (ctl_route.c). Context: control.
 */
#ifndef CTL_FWD_H
#define CTL_FWD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/ctl_conf.h"

struct ctl_loop;

/**
 * Build the forwarding state from @conf and publish it: for every started
 * port, its role, MAC and the addresses of the interface bound to it (with
 * their connected subnets); every static neighbour (ip arp, ipv6 neighbor)
 * on the port of the subnet it is in; every route via its next hop on the
 * port of the named interface. Built before the workers start, and again
 * for an in-service change (ctl_fwd_reconf), which keeps the chassis flag
 * and data mode of the state it replaces. Static neighbours outside the subnets of every started
 * port, and routes via an interface bound to no started port, are skipped
 * with a warning (their port may be shut down).
 * Context: control, after dp_init().
 * @param err one-line reason on failure
 * @return 0; -EINVAL (a next hop of another family, a next hop that is a
 *   neighbour on another port), -ENOMEM, -ENOSPC
 */
int ctl_fwd_build(const struct ctl_conf *conf, char *err, size_t err_len);

/**
 * ctl_fwd_build(), then register the show commands and start ctl_punt on
 * @loop.
 * Context: control, after dp_init() and before dp_launch().
 * @return 0 or the first error (logged)
 */
int ctl_fwd_init(const struct ctl_conf *conf, struct ctl_loop *loop);

/**
 * Chassis role flip: publish a copy of the forwarding state with the
 * chassis flag active set to @active (srp-activate addresses answer only
 * while active) and the data mode all (active) or none (standby).
 * Publication waits for the workers' grace period, so the flip is
 * complete when this returns. Nothing is published when both already have
 * those values.
 * Context: control (not inside an RCU read-side section).
 * @return 0; -ENOENT when no state is published yet; -ENOMEM
 */
int ctl_fwd_active_set(bool active);

/**
 * Whether the published forwarding state is active (true before any state
 * exists). Context: control.
 */
bool ctl_fwd_is_active(void);

/**
 * Publish the chassis flag @active and the data mode @mode (enum
 * dp_data_mode) in one new forwarding state: workers see both from their
 * next burst on and never block. A standby must use DP_DATA_NONE.
 * ctl_fwd_active_set(a) is ctl_fwd_chassis_set(a, a ? ALL : NONE).
 * Context: control, after ctl_fwd_init().
 * @return 0 (also when nothing changes), -ENOENT (no state), -EINVAL
 *	   (@mode out of range, or not NONE while not active), -ENOMEM
 */
int ctl_fwd_chassis_set(bool active, uint8_t mode);

/**
 * Data mode of the published state (DP_DATA_ALL before any state).
 * Context: control or telemetry.
 * @return enum dp_data_mode value
 */
uint8_t ctl_fwd_data_mode(void);

/**
 * Name of a data mode: "none", "volte", "all" ("?" out of range).
 * Context: any.
 * @return static string
 */
const char *ctl_fwd_data_mode_str(uint8_t mode);

/**
 * Worker micro-checkpoints (dp_ckpt_ring.h): each worker notes a session it
 * forwards for at most once every @refresh_ms milliseconds (0 = off, the
 * default). Publishes a copy of the forwarding state with the new interval
 * (waiting for the workers' grace period) unless it is unchanged. Before
 * any state exists the value is kept and ctl_fwd_build() applies it.
 * Context: control (not inside an RCU read-side section).
 * @return 0; -ENOMEM
 */
int ctl_fwd_mc_set(uint32_t refresh_ms);

/**
 * The micro-checkpoint interval last set with ctl_fwd_mc_set().
 * Context: control.
 * @return milliseconds, 0 = off
 */
uint32_t ctl_fwd_mc_get(void);

/** Stop the slow path timers. Idempotent. Context: control. */
void ctl_fwd_fini(void);

/**
 * Register the show commands only (ctl_fwd_init() does it).
 * Context: control.
 * @return 0, or the first ctl_api_register error other than -EEXIST
 */
int ctl_fwd_register(void);

/**
 * In-service configuration change (module reconf hook): when static routes
 * or neighbours changed, a new forwarding state is built from @conf and
 * published (the chassis flag and data mode kept). A neighbour taken out
 * of the file stays known until it ages or the gateway restarts.
 * Context: control.
 * @return 0, or a negative errno with @err filled (the old state stays)
 */
int ctl_fwd_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
		   char *err, size_t err_len);

#endif /* CTL_FWD_H */
