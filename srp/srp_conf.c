/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Service Redundancy Protocol settings: defaults, cross-field rules and the
 * DSCP name table. Pure code, runs on any thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "srp_conf.h"

/* Per-hop behaviours of RFC 2474 (class selectors), RFC 2597 (AF) and
 * RFC 3246 (EF). Listed in the order the CLI documents them. */
struct srp_dscp_entry {
	const char	*name;
	uint8_t		value;
};

static const struct srp_dscp_entry srp_dscp_table[] = {
	{ "af11", 10 }, { "af12", 12 }, { "af13", 14 },
	{ "af21", 18 }, { "af22", 20 }, { "af23", 22 },
	{ "af31", 26 }, { "af32", 28 }, { "af33", 30 },
	{ "af41", 34 }, { "af42", 36 }, { "af43", 38 },
	{ "be", 0 },
	{ "cs1", 8 }, { "cs2", 16 }, { "cs3", 24 }, { "cs4", 32 },
	{ "cs5", 40 }, { "cs6", 48 }, { "cs7", 56 },
	{ "ef", 46 },
};

#define SRP_N_DSCP (sizeof(srp_dscp_table) / sizeof(srp_dscp_table[0]))

void
srp_conf_init(struct srp_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->present = false;
	conf->mode = SRP_MODE_NONE;
	conf->priority = SRP_PRIORITY_DEFAULT;
	conf->bind_addr.family = AF_UNSPEC;
	conf->bind_port = SRP_PORT_DEFAULT;
	conf->peer_addr.family = AF_UNSPEC;
	conf->peer_port = SRP_PORT_DEFAULT;
	conf->hello_ms = SRP_HELLO_S_DEFAULT * 1000u;
	conf->dead_ms = SRP_DEAD_S_DEFAULT * 1000u;
	conf->delay_s = 0;
	conf->ckpt_duration_ims_s = SRP_CKPT_DURATION_DEFAULT;
	conf->ckpt_duration_non_ims_s = SRP_CKPT_DURATION_DEFAULT;
	conf->ckpt_periodic_min = SRP_CKPT_PERIODIC_DEFAULT;
	conf->ckpt_periodic_off = false;
	conf->ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
	conf->nack_micro_max = SRP_NACK_MAX_RESPONSE_DEFAULT;
	conf->nack_macro_max = SRP_NACK_MAX_RESPONSE_DEFAULT;
	conf->compression = SRP_COMP_ZLIB;
	conf->aaa_switchover.damping_s = SRP_DAMPING_PERIOD_DEFAULT;
	conf->aaa_switchover.guard_s = SRP_GUARD_PERIOD_DEFAULT;
	conf->diameter_switchover = conf->aaa_switchover;
	conf->redundancy_aaa = conf->aaa_switchover;
	conf->redundancy_bgp = conf->aaa_switchover;
	conf->redundancy_diam = conf->aaa_switchover;
	conf->dscp_control = 0;		/* be */
	conf->dscp_session = 0;
	conf->db_recovery = SRP_DBREC_NORMAL;
	conf->audit_period_min = SRP_AUDIT_PERIOD_DEFAULT;
	conf->bgp.prepend_active = SRP_BGP_PREPEND_ACTIVE_DEFAULT;
	conf->bgp.prepend_standby = SRP_BGP_PREPEND_STANDBY_DEFAULT;
}

bool
srp_addr_equal(const struct srp_addr *a, const struct srp_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0;
	return true;
}

/* Record the first broken rule; later calls are ignored so that the
 * message always names the first problem found. */
static int
srp_conf_fail(enum srp_conf_rule *rule, enum srp_conf_rule which,
	      char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (rule != NULL)
		*rule = which;
	if (err != NULL && err_len > 0) {
		va_start(ap, fmt);
		vsnprintf(err, err_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool
srp_str_ok(const char *s, size_t cap)
{
	size_t len = strnlen(s, cap);

	return len > 0 && len < cap;
}

static bool
srp_guard_ok(const struct srp_guard *g)
{
	return g->damping_s <= SRP_GUARD_S_MAX && g->guard_s <= SRP_GUARD_S_MAX;
}

bool
srp_monitor_equal(const struct srp_monitor *a, const struct srp_monitor *b)
{
	if (a->kind != b->kind || strcmp(a->context, b->context) != 0)
		return false;
	switch (a->kind) {
	case SRP_MON_BGP:
		return srp_addr_equal(&a->addr, &b->addr);
	case SRP_MON_AUTH_PROBE:
		return srp_addr_equal(&a->addr, &b->addr) &&
			a->port == b->port;
	case SRP_MON_DIAMETER:
		return strcmp(a->endpoint, b->endpoint) == 0 &&
			strcmp(a->peer, b->peer) == 0;
	}
	return false;
}

static int
srp_conf_check_monitors(const struct srp_conf *conf, enum srp_conf_rule *rule,
			char *err, size_t err_len)
{
	unsigned int i, j;

	if (conf->n_monitors > SRP_CONF_MAX_MONITORS)
		return srp_conf_fail(rule, SRP_RULE_MONITOR, err, err_len,
			"too many monitors (%u, max %u)",
			conf->n_monitors, SRP_CONF_MAX_MONITORS);
	for (i = 0; i < conf->n_monitors; i++) {
		const struct srp_monitor *m = &conf->monitors[i];

		if (!srp_str_ok(m->context, sizeof(m->context)))
			return srp_conf_fail(rule, SRP_RULE_MONITOR, err,
				err_len, "monitor %u has no context", i + 1);
		switch (m->kind) {
		case SRP_MON_BGP:
			if (m->group > SRP_MONITOR_GROUP_MAX)
				return srp_conf_fail(rule, SRP_RULE_MONITOR,
					err, err_len,
					"monitor bgp group %u is outside %u..%u",
					m->group, SRP_MONITOR_GROUP_MIN,
					SRP_MONITOR_GROUP_MAX);
			/* fall through */
		case SRP_MON_AUTH_PROBE:
			if (m->addr.family != AF_INET &&
			    m->addr.family != AF_INET6)
				return srp_conf_fail(rule, SRP_RULE_MONITOR,
					err, err_len,
					"monitor %u has no address", i + 1);
			break;
		case SRP_MON_DIAMETER:
			if (!srp_str_ok(m->endpoint, sizeof(m->endpoint)))
				return srp_conf_fail(rule, SRP_RULE_MONITOR,
					err, err_len,
					"monitor diameter %u has no endpoint",
					i + 1);
			break;
		default:
			return srp_conf_fail(rule, SRP_RULE_MONITOR, err,
				err_len, "monitor %u has an unknown kind %d",
				i + 1, (int)m->kind);
		}
		for (j = 0; j < i; j++)
			if (srp_monitor_equal(&conf->monitors[j], m))
				return srp_conf_fail(rule, SRP_RULE_MONITOR,
					err, err_len,
					"monitor %u repeats monitor %u",
					i + 1, j + 1);
	}
	return 0;
}

static int
srp_conf_check_ranges(const struct srp_conf *conf, enum srp_conf_rule *rule,
		      char *err, size_t err_len)
{
	const enum srp_conf_rule r = SRP_RULE_RANGE;

	if (conf->mode != SRP_MODE_NONE && conf->mode != SRP_MODE_PRIMARY &&
	    conf->mode != SRP_MODE_BACKUP)
		return srp_conf_fail(rule, r, err, err_len,
			"chassis-mode %d is unknown", (int)conf->mode);
	if (conf->priority < SRP_PRIORITY_MIN ||
	    conf->priority > SRP_PRIORITY_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"priority %u is outside %u..%u", conf->priority,
			SRP_PRIORITY_MIN, SRP_PRIORITY_MAX);
	if (conf->hello_ms == 0 ||
	    conf->hello_ms > SRP_HELLO_S_MAX * 1000u)
		return srp_conf_fail(rule, r, err, err_len,
			"hello-interval %u ms is outside 1..%u ms",
			conf->hello_ms, SRP_HELLO_S_MAX * 1000u);
	if (conf->dead_ms == 0 || conf->dead_ms > SRP_HELLO_S_MAX * 1000u)
		return srp_conf_fail(rule, r, err, err_len,
			"dead-interval %u ms is outside 1..%u ms",
			conf->dead_ms, SRP_HELLO_S_MAX * 1000u);
	if (conf->delay_s > SRP_DELAY_S_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"delay-interval %u is outside 1..%u", conf->delay_s,
			SRP_DELAY_S_MAX);
	if (conf->ckpt_duration_ims_s > SRP_CKPT_DURATION_MAX ||
	    conf->ckpt_duration_non_ims_s > SRP_CKPT_DURATION_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"checkpoint session duration is outside 0..%u",
			SRP_CKPT_DURATION_MAX);
	if (conf->ckpt_refresh_ms != 0 &&
	    (conf->ckpt_refresh_ms < SRP_CKPT_REFRESH_MIN_MS ||
	     conf->ckpt_refresh_ms > SRP_CKPT_REFRESH_MAX_MS))
		return srp_conf_fail(rule, r, err, err_len,
			"checkpoint session activity-refresh %u ms is outside "
			"%u..%u", conf->ckpt_refresh_ms,
			SRP_CKPT_REFRESH_MIN_MS, SRP_CKPT_REFRESH_MAX_MS);
	if (conf->ckpt_periodic_min < SRP_CKPT_PERIODIC_MIN ||
	    conf->ckpt_periodic_min > SRP_CKPT_PERIODIC_MAX ||
	    conf->ckpt_periodic_min % SRP_CKPT_PERIODIC_STEP != 0)
		return srp_conf_fail(rule, r, err, err_len,
			"checkpoint session periodic-interval %u is not a "
			"multiple of %u in %u..%u", conf->ckpt_periodic_min,
			SRP_CKPT_PERIODIC_STEP, SRP_CKPT_PERIODIC_MIN,
			SRP_CKPT_PERIODIC_MAX);
	if (conf->nack_micro_max > SRP_NACK_MAX_RESPONSE_MAX ||
	    conf->nack_macro_max > SRP_NACK_MAX_RESPONSE_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"checkpoint session nack max-response is outside 0..%u",
			SRP_NACK_MAX_RESPONSE_MAX);
	if (conf->compression != SRP_COMP_ZLIB &&
	    conf->compression != SRP_COMP_LZ4)
		return srp_conf_fail(rule, r, err, err_len,
			"checkpoint session compression %d is unknown",
			(int)conf->compression);
	if (!srp_guard_ok(&conf->aaa_switchover) ||
	    !srp_guard_ok(&conf->diameter_switchover) ||
	    !srp_guard_ok(&conf->redundancy_aaa) ||
	    !srp_guard_ok(&conf->redundancy_bgp) ||
	    !srp_guard_ok(&conf->redundancy_diam))
		return srp_conf_fail(rule, r, err, err_len,
			"a guard-timer value is outside 0..%u",
			SRP_GUARD_S_MAX);
	if (srp_dscp_name(conf->dscp_control) == NULL ||
	    srp_dscp_name(conf->dscp_session) == NULL)
		return srp_conf_fail(rule, r, err, err_len,
			"dscp-marking value has no PHB name; expected one of %s",
			srp_dscp_names());
	if (conf->db_recovery != SRP_DBREC_NORMAL &&
	    conf->db_recovery != SRP_DBREC_AGGRESSIVE)
		return srp_conf_fail(rule, r, err, err_len,
			"standby database-recovery %d is unknown",
			(int)conf->db_recovery);
	if (conf->audit_start_set &&
	    (conf->audit_start_hour > 23 || conf->audit_start_min > 59))
		return srp_conf_fail(rule, r, err, err_len,
			"audit daily-start-time %u %u is not a time 0..23 0..59",
			conf->audit_start_hour, conf->audit_start_min);
	if (conf->audit_period_min < SRP_AUDIT_PERIOD_MIN ||
	    conf->audit_period_min > SRP_AUDIT_PERIOD_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"audit periodicity %u is outside %u..%u",
			conf->audit_period_min, SRP_AUDIT_PERIOD_MIN,
			SRP_AUDIT_PERIOD_MAX);
	if (strnlen(conf->auth_key, sizeof(conf->auth_key)) ==
	    sizeof(conf->auth_key))
		return srp_conf_fail(rule, r, err, err_len,
			"authentication key is not terminated");
	return 0;
}

/* Whether @s (of capacity @cap) is terminated and absolute or empty. */
static bool
srp_bgp_path_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	return n < cap && (n == 0 || s[0] == '/');
}

/* bgp-speaker: paths, prepend counts, and the lines each one needs. */
static int
srp_conf_check_bgp(const struct srp_bgp_speaker *b, enum srp_conf_rule *rule,
		   char *err, size_t err_len)
{
	const enum srp_conf_rule r = SRP_RULE_BGP_SPEAKER;

	if (!srp_bgp_path_ok(b->control_socket, sizeof(b->control_socket)) ||
	    !srp_bgp_path_ok(b->include_file, sizeof(b->include_file)) ||
	    !srp_bgp_path_ok(b->bird_config, sizeof(b->bird_config)))
		return srp_conf_fail(rule, r, err, err_len,
			"bgp-speaker paths must be absolute and shorter than "
			"%u characters", SRP_BGP_PATH_LEN);
	if (b->prepend_active > SRP_BGP_PREPEND_MAX ||
	    b->prepend_standby > SRP_BGP_PREPEND_MAX)
		return srp_conf_fail(rule, r, err, err_len,
			"bgp-speaker as-path-prepend counts are outside 0..%u",
			SRP_BGP_PREPEND_MAX);
	if (b->prepend_active >= b->prepend_standby)
		return srp_conf_fail(rule, r, err, err_len,
			"bgp-speaker as-path-prepend: the active (%u) must "
			"prepend less than the standby (%u)",
			b->prepend_active, b->prepend_standby);
	if (b->control_socket[0] != '\0' && b->include_file[0] == '\0')
		return srp_conf_fail(rule, r, err, err_len,
			"bgp-speaker control-socket needs a bgp-speaker "
			"include-file (what the speaker re-reads)");
	if (b->bird_config[0] != '\0' && b->control_socket[0] == '\0')
		return srp_conf_fail(rule, r, err, err_len,
			"bgp-speaker bird-config needs a bgp-speaker "
			"control-socket (how srpgw reaches the BIRD it starts)");
	return 0;
}

int
srp_conf_check_rule(const struct srp_conf *conf, enum srp_conf_rule *rule,
		    char *err, size_t err_len)
{
	uint64_t min_dead_ms;
	int ret;

	if (rule != NULL)
		*rule = SRP_RULE_NONE;
	if (err != NULL && err_len > 0)
		err[0] = '\0';

	ret = srp_conf_check_ranges(conf, rule, err, err_len);
	if (ret < 0)
		return ret;

	/* The peer is declared dead only after at least three hellos have
	 * been missed; compared in ms so that both forms mix. */
	min_dead_ms = 3ull * conf->hello_ms;
	if (conf->dead_ms < min_dead_ms)
		return srp_conf_fail(rule, SRP_RULE_DEAD_HELLO, err, err_len,
			"dead-interval (%u ms) must be at least 3 x "
			"hello-interval (%u ms), i.e. at least %llu ms",
			conf->dead_ms, conf->hello_ms,
			(unsigned long long)min_dead_ms);

	/* Early active transition only shortens the outage when data is
	 * already let through during the switchover: allow-all, or VoLTE
	 * without waiting for the accounting flush. */
	if (conf->allow_early_active && !conf->allow_all_data &&
	    !(conf->allow_volte_data && !conf->volte_maintain_accounting))
		return srp_conf_fail(rule, SRP_RULE_EARLY_ACTIVE, err, err_len,
			"switchover allow-early-active-transition needs "
			"'switchover allow-all-data-traffic' or 'switchover "
			"allow-volte-data-traffic' without maintain-accounting");

	if ((conf->bind_addr.family == AF_INET ||
	     conf->bind_addr.family == AF_INET6) &&
	    (conf->peer_addr.family == AF_INET ||
	     conf->peer_addr.family == AF_INET6) &&
	    conf->bind_addr.family != conf->peer_addr.family)
		return srp_conf_fail(rule, SRP_RULE_ADDR_FAMILY, err, err_len,
			"bind address and peer-ip-address must both be IPv4 "
			"or both be IPv6");

	ret = srp_conf_check_bgp(&conf->bgp, rule, err, err_len);
	if (ret < 0)
		return ret;
	return srp_conf_check_monitors(conf, rule, err, err_len);
}

int
srp_conf_check(const struct srp_conf *conf, char *err, size_t err_len)
{
	return srp_conf_check_rule(conf, NULL, err, err_len);
}

int
srp_dscp_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return -EINVAL;
	for (i = 0; i < SRP_N_DSCP; i++)
		if (strcmp(srp_dscp_table[i].name, name) == 0)
			return srp_dscp_table[i].value;
	return -EINVAL;
}

const char *
srp_dscp_name(uint8_t dscp)
{
	size_t i;

	for (i = 0; i < SRP_N_DSCP; i++)
		if (srp_dscp_table[i].value == dscp)
			return srp_dscp_table[i].name;
	return NULL;
}

const char *
srp_dscp_names(void)
{
	/* A literal rather than a lazily built buffer so that any thread may
	 * call this; the unit test checks it against the table. */
	return "af11, af12, af13, af21, af22, af23, af31, af32, af33, "
		"af41, af42, af43, be, cs1, cs2, cs3, cs4, cs5, cs6, cs7, ef";
}
