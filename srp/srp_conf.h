/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Service Redundancy Protocol settings (the "service-redundancy-protocol"
 * block of the configuration): the model, its defaults, the DSCP name table
 * and the cross-field rules. Pure code. Context: any.
 */
#ifndef SRP_CONF_H
#define SRP_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SRP_CONF_NAME_LEN	64
#define SRP_CONF_MAX_MONITORS	32
#define SRP_LF_MAX_PORTS	8	/* local-fault port lines */
#define SRP_LF_STALL_MS_MIN	50
#define SRP_LF_STALL_MS_MAX	60000
#define SRP_CONF_KEY_LEN	128

/* Ranges and defaults (see docs/configuration.md for the source of each). */
#define SRP_PRIORITY_MIN		1
#define SRP_PRIORITY_MAX		255
#define SRP_PRIORITY_DEFAULT		125
#define SRP_HELLO_S_MIN			1
#define SRP_HELLO_S_MAX			65535
#define SRP_HELLO_S_DEFAULT		3
#define SRP_HELLO_MS_MIN		1
#define SRP_HELLO_MS_MAX		65535
#define SRP_DEAD_S_DEFAULT		30
#define SRP_DELAY_S_MAX			65535
#define SRP_PORT_DEFAULT		5422
#define SRP_CKPT_DURATION_MAX		65535
#define SRP_CKPT_DURATION_DEFAULT	60
#define SRP_CKPT_PERIODIC_MIN		30
#define SRP_CKPT_PERIODIC_MAX		1440
#define SRP_CKPT_PERIODIC_STEP		15
#define SRP_CKPT_PERIODIC_DEFAULT	45
/* checkpoint session activity-refresh: ms between two counter refreshes
 * of one session by the workers (micro-checkpoints); 0 = off. */
#define SRP_CKPT_REFRESH_MIN_MS		10u
#define SRP_CKPT_REFRESH_MAX_MS		3600000u
#define SRP_CKPT_REFRESH_DEFAULT_MS	10000u
#define SRP_NACK_MAX_RESPONSE_MAX	65535
#define SRP_NACK_MAX_RESPONSE_DEFAULT	3
#define SRP_AUDIT_PERIOD_MIN		60
#define SRP_AUDIT_PERIOD_MAX		1440
#define SRP_AUDIT_PERIOD_DEFAULT	60
#define SRP_GUARD_S_MAX			86400
#define SRP_GUARD_PERIOD_DEFAULT	60
#define SRP_DAMPING_PERIOD_DEFAULT	0
#define SRP_MONITOR_GROUP_MIN		1
#define SRP_MONITOR_GROUP_MAX		10
/* bgp-speaker (srpgw extension): paths fit a UNIX socket address; the
 * AS-path prepend counts of the two roles (docs/redirection.md). */
#define SRP_BGP_PATH_LEN		108
#define SRP_BGP_PREPEND_MAX		16
#define SRP_BGP_PREPEND_ACTIVE_DEFAULT	0
#define SRP_BGP_PREPEND_STANDBY_DEFAULT	4

enum srp_chassis_mode {
	SRP_MODE_NONE = 0,	/* not configured: the chassis refuses to pair */
	SRP_MODE_PRIMARY,
	SRP_MODE_BACKUP,
};

enum srp_compression {
	SRP_COMP_ZLIB = 0,	/* default */
	SRP_COMP_LZ4,
};

enum srp_db_recovery {
	SRP_DBREC_NORMAL = 0,	/* default */
	SRP_DBREC_AGGRESSIVE,
};

enum srp_monitor_kind {
	SRP_MON_BGP = 0,
	SRP_MON_AUTH_PROBE,
	SRP_MON_DIAMETER,
};

/* An IPv4 or IPv6 address; family is AF_UNSPEC when not set. */
struct srp_addr {
	sa_family_t		family;
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	};
};

/* One "monitor ..." line. */
struct srp_monitor {
	enum srp_monitor_kind	kind;
	char			context[SRP_CONF_NAME_LEN];
	struct srp_addr		addr;		/* bgp neighbour, AAA server */
	uint16_t		port;		/* auth-probe: 0 = default */
	uint16_t		group;		/* bgp: 0 = no group */
	char			endpoint[SRP_CONF_NAME_LEN]; /* diameter */
	char			peer[SRP_CONF_NAME_LEN];     /* diameter */
};

/*
 * "bgp-speaker ..." lines (srpgw extension): how srpgw drives the BIRD 2
 * speaker that advertises the srp-activated loopback and pool routes. An
 * empty string means "not configured".
 */
struct srp_bgp_speaker {
	char			control_socket[SRP_BGP_PATH_LEN]; /* BIRD's -s */
	char			include_file[SRP_BGP_PATH_LEN];   /* we write */
	char			bird_config[SRP_BGP_PATH_LEN];	  /* we start */
	uint8_t			prepend_active;
	uint8_t			prepend_standby;
};

/* A damping/guard timer pair, in seconds. */
struct srp_guard {
	uint32_t		damping_s;
	uint32_t		guard_s;
};

/* Everything the service-redundancy-protocol block configures. */
struct srp_conf {
	bool			present;	/* block configured at all */
	char			context[SRP_CONF_NAME_LEN]; /* holding context */
	enum srp_chassis_mode	mode;
	uint32_t		priority;
	struct srp_addr		bind_addr;
	uint16_t		bind_port;	/* srpgw extension */
	struct srp_addr		peer_addr;
	uint16_t		peer_port;	/* srpgw extension */
	uint32_t		hello_ms;	/* stored in ms whatever the form */
	uint32_t		dead_ms;
	bool			hello_in_msec;	/* configured with "msec" */
	bool			dead_in_msec;
	uint32_t		delay_s;	/* 0 = no delay-interval */
	/* checkpoint session ... */
	uint32_t		ckpt_duration_ims_s;
	uint32_t		ckpt_duration_non_ims_s;
	uint32_t		ckpt_periodic_min;
	bool			ckpt_periodic_off; /* "no ... periodic-interval" */
	uint32_t		ckpt_refresh_ms;   /* activity-refresh, 0 off */
	bool			nack_micro;
	uint32_t		nack_micro_max;
	bool			nack_macro;
	uint32_t		nack_macro_max;
	enum srp_compression	compression;
	/* monitors */
	unsigned int		n_monitors;
	struct srp_monitor	monitors[SRP_CONF_MAX_MONITORS];
	/* guard-timer ... */
	struct srp_guard	aaa_switchover;
	struct srp_guard	diameter_switchover;
	struct srp_guard	redundancy_aaa;
	struct srp_guard	redundancy_bgp;
	struct srp_guard	redundancy_diam;
	/* dscp-marking: DSCP code points (0..63) */
	uint8_t			dscp_control;
	uint8_t			dscp_session;
	/* switchover ... */
	bool			allow_all_data;
	bool			allow_volte_data;
	bool			volte_maintain_accounting;
	bool			allow_early_active;
	bool			control_outage_opt;
	enum srp_db_recovery	db_recovery;
	/* audit ... (hour 0..23, minute 0..59; start_set false = none) */
	bool			audit_start_set;
	uint8_t			audit_start_hour;
	uint8_t			audit_start_min;
	uint32_t		audit_period_min;
	/* authentication key (srpgw extension): empty = no authentication */
	char			auth_key[SRP_CONF_KEY_LEN];
	/* bgp-speaker ... (srpgw extension) */
	struct srp_bgp_speaker	bgp;
	/* local-fault ... (srpgw extension): what hands over to the
	 * standby besides the service monitors */
	unsigned int		lf_n_ports;
	char			lf_ports[SRP_LF_MAX_PORTS][16];	/* "1/1" */
	uint32_t		lf_stall_ms;	/* worker-stall, 0 = off */
	bool			lf_mbuf;	/* mbuf-exhaustion */
};

/**
 * Fill @conf with the documented defaults (block not present).
 * Context: any.
 */
void srp_conf_init(struct srp_conf *conf);

/**
 * Check the rules that tie several settings together (dead-interval at least
 * three hello-intervals, early active transition needs an allow-*-data-traffic
 * mode, bind and peer of one family, ...).
 * Context: any.
 * @param conf the settings to check
 * @param err buffer for a one-line message naming the rule
 * @param err_len size of @err
 * @return 0 when valid, -EINVAL with @err filled otherwise
 */
int srp_conf_check(const struct srp_conf *conf, char *err, size_t err_len);

/* Which cross-field rule srp_conf_check_rule() found broken. */
enum srp_conf_rule {
	SRP_RULE_NONE = 0,	/* valid */
	SRP_RULE_RANGE,		/* one value outside its documented range */
	SRP_RULE_DEAD_HELLO,	/* dead-interval < 3 x hello-interval */
	SRP_RULE_EARLY_ACTIVE,	/* early active without an allow mode */
	SRP_RULE_ADDR_FAMILY,	/* bind and peer addresses differ in family */
	SRP_RULE_MONITOR,	/* bad or duplicate monitor entry */
	SRP_RULE_BGP_SPEAKER,	/* bgp-speaker lines that do not fit */
};

/**
 * Same checks as srp_conf_check(), also telling which rule failed so that a
 * caller (the configuration parser) can point at the offending lines.
 * Context: any.
 * @param conf the settings to check
 * @param rule set to the broken rule, SRP_RULE_NONE when valid (may be NULL)
 * @param err buffer for a one-line message naming the rule (may be NULL)
 * @param err_len size of @err
 * @return 0 when valid, -EINVAL otherwise
 */
int srp_conf_check_rule(const struct srp_conf *conf, enum srp_conf_rule *rule,
			char *err, size_t err_len);

/**
 * Whether two addresses are equal (same family and bytes; two unset
 * addresses are equal).
 * Context: any.
 */
bool srp_addr_equal(const struct srp_addr *a, const struct srp_addr *b);

/**
 * DSCP per-hop-behaviour name ("af11".."af43", "be", "cs1".."cs7", "ef") to
 * its 6-bit code point.
 * Context: any.
 * @return the code point (0..63), or -EINVAL for an unknown name
 */
int srp_dscp_from_name(const char *name);

/**
 * Code point back to its name; NULL when the value has no PHB name.
 * Context: any.
 */
const char *srp_dscp_name(uint8_t dscp);

/**
 * Comma-separated list of every DSCP name, for error messages.
 * Context: any.
 */
const char *srp_dscp_names(void);

/**
 * Whether two monitor lines watch the same thing (kind, context and target;
 * a BGP group does not count).
 * Context: any.
 */
bool srp_monitor_equal(const struct srp_monitor *a, const struct srp_monitor *b);

#endif /* SRP_CONF_H */
