/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration file: model, parser (StarOS configuration grammar) and
 * printer of the normalised running configuration. Pure code: no DPDK, no
 * sockets. Context: control.
 */
#ifndef CTL_CONF_H
#define CTL_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srp_conf.h"
#include "dp_conf.h"

#define CTL_NAME_LEN		64
#define CTL_TEXT_LEN		256
#define CTL_MAX_CONTEXTS	16
#define CTL_MAX_IFACES		32	/* per context */
#define CTL_MAX_ADDRS		8	/* per interface */
#define CTL_MAX_POOLS		32	/* per context */
#define CTL_MAX_ROUTES		32	/* per context */
#define CTL_MAX_ARPS		32	/* per context */
#define CTL_MAX_BGP_NEIGH	16
#define CTL_MAX_BGP_NET		32
#define CTL_MAX_RADIUS		8
#define CTL_MAX_PORTS		DP_MAX_PORTS
#define CTL_ERR_LEN		512
#define CTL_LINE_MAX		1024	/* bytes per line, newline excluded */
#define CTL_MAX_HA_SERVICES	4	/* per context */
#define CTL_MAX_HA_SPI		8	/* per ha-service and kind */
#define CTL_HA_SECRET_LEN	129	/* up to 128 hex digits */
#define CTL_MAX_SX_SERVICES	4	/* per file, at most one per context */
#define CTL_MAX_UP_SERVICES	4	/* per file, at most one per context */
#define CTL_MAX_CP_GROUPS	4
#define CTL_MAX_DIAM_ENDPOINTS	4	/* per context */
#define CTL_MAX_DIAM_PEERS	8	/* per diameter endpoint */
#define CTL_DIAM_ID_LEN		128	/* DiameterIdentity, realm */
#define CTL_DIAM_PORT_DEFAULT	3868	/* RFC 6733 section 2.1 */
#define CTL_DIAM_WATCHDOG_DEFAULT 30	/* watchdog-timeout, seconds */
#define CTL_DIAM_WATCHDOG_MIN	1	/* StarOS: 6; lower for tests */
#define CTL_DIAM_WATCHDOG_MAX	30
#define CTL_MAX_CP_PEERS	16	/* peer-node-id per control-plane-group */
#define CTL_FQDN_LEN		254	/* 253 characters + NUL */

/* AAA defaults (context mode radius timeout, max-retries, probe-...). */
#define CTL_RADIUS_TIMEOUT_DEFAULT	3	/* seconds */
#define CTL_RADIUS_MAX_RETRIES_DEFAULT	3
#define CTL_RADIUS_PROBE_INTERVAL_DEFAULT 5	/* seconds (srpgw) */
#define CTL_RADIUS_PROBE_USER_DEFAULT	"srpgw-probe"
#define CTL_RADIUS_PROBE_PASSWORD_DEFAULT "srpgw-probe"

/* sx-service heartbeat defaults (sx-protocol heartbeat ...). */
#define CTL_SX_HB_INTERVAL_DEFAULT	60	/* seconds */
#define CTL_SX_HB_RETX_TIMEOUT_DEFAULT	5	/* seconds */
#define CTL_SX_HB_MAX_RETX_DEFAULT	4

/* Data-plane defaults applied by ctl_conf_init() (the dataplane block). */
#define CTL_DP_N_MBUFS_DEFAULT		8191
#define CTL_DP_N_DESC_DEFAULT		1024
#define CTL_DP_BURST_DEFAULT		32
#define CTL_DP_MAX_SESSIONS_DEFAULT	1048576

/* An address with a prefix length (plen 32/128 for a host). */
struct ctl_prefix {
	struct srp_addr		addr;
	uint8_t			plen;
};

struct ctl_if_addr {
	struct ctl_prefix	pfx;
	bool			srp_activate;
	bool			mask_form;	/* written "A M", printed alike */
};

struct ctl_iface {
	char			name[CTL_NAME_LEN];
	char			description[CTL_TEXT_LEN];
	bool			loopback;
	unsigned int		n_addrs;
	struct ctl_if_addr	addrs[CTL_MAX_ADDRS];
};

enum ctl_pool_type {
	CTL_POOL_PLAIN = 0,	/* no type keyword */
	CTL_POOL_PUBLIC,	/* public PRIORITY */
	CTL_POOL_PRIVATE,	/* private PRIORITY */
	CTL_POOL_STATIC,	/* static */
};

struct ctl_pool {
	char			name[CTL_NAME_LEN];
	struct ctl_prefix	pfx;
	bool			mask_form;
	enum ctl_pool_type	type;
	uint32_t		type_priority;	/* public/private 0..10 */
	bool			srp_activate;
};

/* ip route PREFIX NEXTHOP IFNAME, or ipv6 route (pfx.addr.family AF_INET6;
 * IPv4 and IPv6 routes share routes[]). */
struct ctl_route {
	struct ctl_prefix	pfx;
	bool			mask_form;
	struct srp_addr		nexthop;
	char			iface[CTL_NAME_LEN];
};

/* Static neighbour: ip arp ADDR MAC, or ipv6 neighbor ADDR MAC (addr.family
 * AF_INET6; both share arps[]). */
struct ctl_arp {
	struct srp_addr		addr;
	uint8_t			mac[6];
};

struct ctl_bgp_neigh {
	struct srp_addr		addr;
	uint32_t		remote_as;
};

struct ctl_bgp {
	bool			present;
	uint32_t		as;
	unsigned int		n_neigh;
	struct ctl_bgp_neigh	neigh[CTL_MAX_BGP_NEIGH];
	unsigned int		n_net;
	struct ctl_prefix	net[CTL_MAX_BGP_NET];
	bool			net_mask_form[CTL_MAX_BGP_NET];
};

enum ctl_radius_kind {
	CTL_RADIUS_AUTH = 0,	/* radius server */
	CTL_RADIUS_ACCT,	/* radius accounting server */
};

struct ctl_radius {
	enum ctl_radius_kind	kind;
	struct srp_addr		addr;
	char			key[CTL_TEXT_LEN];	/* as written */
	bool			key_encrypted;
	uint16_t		port;			/* 0 = default */
};

enum ctl_ha_hash {
	CTL_HA_HASH_MD5 = 0,	/* hash-algorithm md5 */
	CTL_HA_HASH_HMAC_MD5,	/* hash-algorithm hmac-md5 */
};

/* mn-ha-spi spi-number N encrypted secret HEX hash-algorithm ALG */
struct ctl_ha_mn_spi {
	uint32_t		spi;
	enum ctl_ha_hash	hash;
	char			secret[CTL_HA_SECRET_LEN]; /* lower-case hex */
};

/* fa-ha-spi remote-address A/L spi-number N encrypted secret HEX */
struct ctl_ha_fa_spi {
	struct ctl_prefix	remote;
	uint32_t		spi;
	char			secret[CTL_HA_SECRET_LEN]; /* lower-case hex */
};

/* ha-service NAME: stored so that it prints back (not used by srpgw). */
struct ctl_ha_service {
	char			name[CTL_NAME_LEN];
	unsigned int		n_mn_spi;
	struct ctl_ha_mn_spi	mn_spi[CTL_MAX_HA_SPI];
	unsigned int		n_fa_spi;
	struct ctl_ha_fa_spi	fa_spi[CTL_MAX_HA_SPI];
	bool			bind_set;
	struct srp_addr		bind_addr;
};

/* peer-node-id of a control-plane-group: the PFCP Node ID a control plane
 * may associate with. */
enum ctl_node_id_type {
	CTL_NODE_ID_IPV4 = 0,	/* peer-node-id ipv4-address A */
	CTL_NODE_ID_IPV6,	/* peer-node-id ipv6-address A */
	CTL_NODE_ID_FQDN,	/* peer-node-id fqdn NAME */
};

struct ctl_cp_peer {
	enum ctl_node_id_type	type;
	struct srp_addr		addr;			/* IPV4, IPV6 */
	char			fqdn[CTL_FQDN_LEN];	/* FQDN, lower case */
};

/* control-plane-group NAME (global): the control planes allowed to
 * associate with the user-plane-services that name the group. */
struct ctl_cp_group {
	char			name[CTL_NAME_LEN];
	unsigned int		n_peers;
	struct ctl_cp_peer	peers[CTL_MAX_CP_PEERS];
};

/* sx-service NAME (context): the Sx/N4 (PFCP) endpoint. instance-type is
 * always userplane and not stored. Carried only; the PFCP server reads
 * it. */
struct ctl_sx_service {
	bool			present;
	char			name[CTL_NAME_LEN];
	struct srp_addr		bind_v4;	/* AF_UNSPEC = none */
	struct srp_addr		bind_v6;	/* AF_UNSPEC = none */
	uint32_t		hb_interval_s;
	uint32_t		hb_retx_timeout_s;
	uint32_t		hb_max_retx;
	/* A standby that takes over before it ever held a complete copy
	 * shows the SMF a new Recovery Time Stamp (sessions restored with
	 * RESTI); default on. */
	bool			restart_if_incomplete;
};

/* user-plane-service NAME (context): ties the context's sx-service to a
 * control-plane-group. */
struct ctl_up_service {
	bool			present;
	char			name[CTL_NAME_LEN];
	char			sx_service[CTL_NAME_LEN];	/* "" = none */
	char			cp_group[CTL_NAME_LEN];		/* "" = none */
};

/* peer NAME realm R address A [port P] of a diameter endpoint. */
struct ctl_diam_peer {
	char			name[CTL_NAME_LEN];	/* its Origin-Host */
	char			realm[CTL_DIAM_ID_LEN];
	struct srp_addr		addr;
	uint16_t		port;		/* CTL_DIAM_PORT_DEFAULT */
};

/* diameter endpoint NAME block of a context (TCP only). */
struct ctl_diam_endpoint {
	char			name[CTL_NAME_LEN];
	char			realm[CTL_DIAM_ID_LEN];	/* origin realm */
	char			host[CTL_DIAM_ID_LEN];	/* origin host */
	struct srp_addr		host_addr;	/* origin host ... address */
	uint16_t		watchdog_s;	/* watchdog-timeout (Tw) */
	unsigned int		n_peers;
	struct ctl_diam_peer	peers[CTL_MAX_DIAM_PEERS];
};

struct ctl_context {
	char			name[CTL_NAME_LEN];
	unsigned int		n_ifaces;
	struct ctl_iface	ifaces[CTL_MAX_IFACES];
	unsigned int		n_pools;
	struct ctl_pool		pools[CTL_MAX_POOLS];
	unsigned int		n_routes;
	struct ctl_route	routes[CTL_MAX_ROUTES];
	unsigned int		n_arps;
	struct ctl_arp		arps[CTL_MAX_ARPS];
	struct ctl_bgp		bgp;
	unsigned int		n_radius;
	struct ctl_radius	radius[CTL_MAX_RADIUS];
	bool			nas_ip_set;	/* radius attribute nas-ip-address */
	struct srp_addr		nas_ip;
	/* AAA timers (radius timeout, radius max-retries) and the AAA
	 * monitor's probe (srpgw's radius probe-...): 0 or "" = default. */
	uint32_t		radius_timeout_s;	/* 0: 3 s */
	bool			radius_max_retries_set;
	uint32_t		radius_max_retries;	/* unset: 3 */
	uint32_t		radius_probe_interval_s; /* 0: 5 s */
	char			radius_probe_user[CTL_NAME_LEN];
	char			radius_probe_password[CTL_TEXT_LEN];
	bool			subscriber_default;
	unsigned int		n_ha;
	struct ctl_ha_service	ha[CTL_MAX_HA_SERVICES];
	struct ctl_sx_service	sx;	/* at most one per context */
	struct ctl_up_service	up;	/* at most one per context */
	unsigned int		n_diam;
	struct ctl_diam_endpoint diam[CTL_MAX_DIAM_ENDPOINTS];
};

/* require graceful-cleanup-during-audit-failure del-cause non-ims-apn X */
enum ctl_del_cause {
	CTL_DEL_CAUSE_UNSET = 0,	/* no del-cause keyword */
	CTL_DEL_CAUSE_SYSTEM_FAILURE,
	CTL_DEL_CAUSE_NONE,
};

/* port ethernet SLOT/PORT block. */
struct ctl_port {
	char			name[CTL_NAME_LEN];	/* "1/10" */
	char			description[CTL_TEXT_LEN];
	char			device[DP_DEVICE_LEN];	/* dpdk-device */
	enum dp_port_role	role;
	bool			role_set;
	uint16_t		mtu;			/* 0 = not set */
	uint16_t		speed_mbps;		/* 0 = medium auto */
	bool			duplex_half;		/* with speed_mbps */
	bool			shutdown;		/* default true */
	char			bind_iface[CTL_NAME_LEN];
	char			bind_context[CTL_NAME_LEN];
};

/* Varbinds a trap may carry (mib/SRPGW-SRP-MIB.txt srpgwSrpObjects). */
#define CTL_TRAP_O_STATE	(1u << 0)	/* SRP state after the event */
#define CTL_TRAP_O_CAUSE	(1u << 1)	/* why, in words */
#define CTL_TRAP_O_PEER		(1u << 2)	/* peer address */
#define CTL_TRAP_O_TARGET	(1u << 3)	/* monitor target, fault item */

/* The alarms, one per line of ctl_trap.def. */
enum ctl_trap {
#define CTL_TRAP(id, name, sub, objs, help) CTL_TRAP_##id,
#include "ctl_trap.def"
#undef CTL_TRAP
	CTL_TRAP_MAX,
};

#define CTL_MAX_SNMP_TARGETS	4
#define CTL_SNMP_COMMUNITY_LEN	33	/* 1..32 printable characters */
#define CTL_SNMP_PORT_DEFAULT	162	/* snmpTrap, RFC 3417 section 3 */

/* snmp target NAME IPV4-ADDRESS [port P] community C */
struct ctl_snmp_target {
	char			name[CTL_NAME_LEN];
	struct srp_addr		addr;			/* AF_INET */
	uint16_t		port;
	char			community[CTL_SNMP_COMMUNITY_LEN];
};

struct ctl_conf {
	unsigned int		n_contexts;
	struct ctl_context	contexts[CTL_MAX_CONTEXTS];
	unsigned int		n_ports;
	struct ctl_port		ports[CTL_MAX_PORTS];
	struct srp_conf		srp;
	struct dp_conf		dp;		/* "dataplane" block */
	bool			graceful_cleanup;	/* require graceful-... */
	enum ctl_del_cause	graceful_del_cause;
	bool			bulkstat_no_standby;	/* no gather-on-standby */
	/* dataplane "session idle-timeout|absolute-timeout S": the session
	 * timers' defaults in seconds, 0 = none (the default). */
	uint32_t		sess_idle_timeout_s;
	uint32_t		sess_abs_timeout_s;
	unsigned int		n_cp_groups;
	struct ctl_cp_group	cp_groups[CTL_MAX_CP_GROUPS];
	unsigned int		n_snmp_targets;
	struct ctl_snmp_target	snmp_targets[CTL_MAX_SNMP_TARGETS];
	uint32_t		snmp_suppressed;	/* bit per ctl_trap */
};

/**
 * Set @conf to an empty configuration with every default applied.
 * Context: any.
 */
void ctl_conf_init(struct ctl_conf *conf);

/**
 * Parse configuration text. Nothing is applied on error: @conf is only
 * written when the whole text is valid.
 * Context: control.
 * @param text NUL-terminated configuration text
 * @param origin name used in messages (the file name)
 * @param conf result
 * @param err on error, "ORIGIN:LINE: message" naming the expected form
 * @param err_len size of @err (CTL_ERR_LEN is enough)
 * @return 0, -EINVAL for a bad configuration, -ENOMEM
 */
int ctl_conf_parse(const char *text, const char *origin,
		   struct ctl_conf *conf, char *err, size_t err_len);

/**
 * Parse configuration text of known length; like ctl_conf_parse() but a NUL
 * byte inside the text is reported as an error on its line.
 * Context: control.
 * @return 0, -EINVAL for a bad configuration, -ENOMEM
 */
int ctl_conf_parse_mem(const char *text, size_t len, const char *origin,
		       struct ctl_conf *conf, char *err, size_t err_len);

/**
 * Read and parse a file (see ctl_conf_parse).
 * Context: control.
 * @return 0, -EINVAL, -ENOMEM, or -errno when the file cannot be read
 */
int ctl_conf_load(const char *path, struct ctl_conf *conf,
		  char *err, size_t err_len);

/**
 * Print the normalised configuration; the output parses back to an equal
 * configuration. With @srp_only, only the parts that must match between the
 * two chassis: srp-activated addresses and pools, the SRP block, and the
 * Sx/N4 blocks (control-plane-group, sx-service, user-plane-service).
 * Context: control.
 * @return 0, or -ENOMEM / -EIO from the stream
 */
int ctl_conf_print(const struct ctl_conf *conf, bool srp_only, FILE *out);

/**
 * Fill a dp_conf for dp_init() from the ports and the dataplane block.
 * Context: control.
 */
void ctl_conf_to_dp(const struct ctl_conf *conf, struct dp_conf *dp);

/** Name of trap @t ("starSRPActive"), or "?" when out of range. Context: any. */
const char *ctl_trap_name(enum ctl_trap t);

/** The trap called @name (exact case), or -1. Context: any. */
int ctl_trap_find(const char *name);

#endif /* CTL_CONF_H */
