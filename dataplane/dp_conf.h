/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the data plane needs to start: its ports (DPDK device, role) and
 * worker/pool settings. Filled by the control side from the configuration
 * file before dp_init(). Context: control.
 */
#ifndef DP_CONF_H
#define DP_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_MAX_PORTS		8
#define DP_PORT_NAME_LEN	64
#define DP_DEVICE_LEN		128

/* Defaults set by dp_conf_init() and limits enforced by dp_conf_check(). */
#define DP_CONF_DEF_MBUFS	8191
#define DP_CONF_DEF_DESC	1024
#define DP_CONF_DEF_BURST	32
#define DP_CONF_DEF_SESSIONS	(1u << 20)
#define DP_BURST_MAX		64	/* rx burst and tx buffer size */
#define DP_IDLE_SLEEP_MAX_US	100000	/* keeps dp_shutdown() prompt */
#define DP_CONF_MIN_MTU		68	/* RFC 791 minimum for IPv4 */

enum dp_port_role {
	DP_ROLE_ACCESS = 0,	/* GTP-U side: S1-U / S5-U / N3 */
	DP_ROLE_CORE,		/* plain IP side: SGi / N6 */
};

struct dp_port_conf {
	char			name[DP_PORT_NAME_LEN];	/* "1/1" as configured */
	char			device[DP_DEVICE_LEN];	/* DPDK name or PCI addr */
	enum dp_port_role	role;
	uint16_t		mtu;			/* 0 = leave as is */
	bool			shutdown;		/* administratively down */
};

struct dp_conf {
	unsigned int		n_ports;
	struct dp_port_conf	ports[DP_MAX_PORTS];
	uint32_t		n_mbufs;	/* per socket pool */
	uint16_t		n_rxd;		/* rx descriptors per queue */
	uint16_t		n_txd;		/* tx descriptors per queue */
	uint16_t		burst;		/* rx burst size (<= 64) */
	uint32_t		max_sessions;	/* session table capacity */
	/* Idle back-off: after idle_polls empty polls a worker sleeps
	 * idle_sleep_us (0 = rte_pause only). idle_polls 0 = off. */
	uint32_t		idle_polls;
	uint32_t		idle_sleep_us;
	/* "no source-check": uplink G-PDUs are not checked against their
	 * session's peer and UE addresses (the check is on by default). */
	bool			src_check_off;
};

/**
 * Fill @conf with the defaults (no ports, 8191 mbufs, 1024 descriptors,
 * burst 32, 1M sessions, idle back-off off).
 * Context: any.
 */
void dp_conf_init(struct dp_conf *conf);

/**
 * Check @conf for values dp_init() cannot use: more than DP_MAX_PORTS
 * ports, zero mbufs or descriptors, burst outside 1..DP_BURST_MAX, idle
 * sleep above DP_IDLE_SLEEP_MAX_US, a port without a name or device, an
 * unknown role, an MTU below DP_CONF_MIN_MTU, a port name or a device used
 * twice. Does not look at DPDK (device existence is checked by dp_init()).
 * Context: any.
 * @param conf
 *   settings to check
 * @param err
 *   buffer for a one-line reason on failure (emptied on success); may be
 *   NULL
 * @param err_len
 *   size of @err in bytes
 * @return 0 if usable, -EINVAL otherwise
 */
int dp_conf_check(const struct dp_conf *conf, char *err, size_t err_len);

#endif /* DP_CONF_H */
