/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Defaults and validation of the data-plane start-up settings; pure C with
 * no DPDK calls so the configuration code can use it. Context: any.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dp_conf.h"

void
dp_conf_init(struct dp_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->n_mbufs = DP_CONF_DEF_MBUFS;
	conf->n_rxd = DP_CONF_DEF_DESC;
	conf->n_txd = DP_CONF_DEF_DESC;
	conf->burst = DP_CONF_DEF_BURST;
	conf->max_sessions = DP_CONF_DEF_SESSIONS;
	/* idle back-off stays off (idle_polls 0): lowest latency */
}

/* Always returns -EINVAL so callers can write "return conf_err(...)". */
static int
conf_err(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && err_len > 0) {
		va_start(ap, fmt);
		vsnprintf(err, err_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int
conf_port_check(const struct dp_conf *conf, unsigned int i, char *err,
		size_t err_len)
{
	const struct dp_port_conf *p = &conf->ports[i];
	unsigned int j;

	if (memchr(p->name, '\0', sizeof(p->name)) == NULL || p->name[0] == 0)
		return conf_err(err, err_len,
				"port #%u: name is empty or not terminated", i);
	if (memchr(p->device, '\0', sizeof(p->device)) == NULL)
		return conf_err(err, err_len,
				"port %s: device name is not terminated",
				p->name);
	if (p->device[0] == 0)
		return conf_err(err, err_len, "port %s: no DPDK device given",
				p->name);
	if (p->role != DP_ROLE_ACCESS && p->role != DP_ROLE_CORE)
		return conf_err(err, err_len, "port %s: unknown role %d",
				p->name, (int)p->role);
	if (p->mtu != 0 && p->mtu < DP_CONF_MIN_MTU)
		return conf_err(err, err_len,
				"port %s: mtu %u is below the minimum %u",
				p->name, p->mtu, DP_CONF_MIN_MTU);
	/* One ethdev cannot be polled as two ports, names must be unique. */
	for (j = 0; j < i; j++) {
		if (strcmp(conf->ports[j].name, p->name) == 0)
			return conf_err(err, err_len,
					"port %s: configured twice", p->name);
		if (strcmp(conf->ports[j].device, p->device) == 0)
			return conf_err(err, err_len,
					"ports %s and %s: both use device %s",
					conf->ports[j].name, p->name,
					p->device);
	}
	return 0;
}

int
dp_conf_check(const struct dp_conf *conf, char *err, size_t err_len)
{
	unsigned int i;
	int ret;

	if (conf == NULL)
		return conf_err(err, err_len, "no data-plane configuration");
	if (conf->n_ports > DP_MAX_PORTS)
		return conf_err(err, err_len, "%u ports configured, at most %u",
				conf->n_ports, DP_MAX_PORTS);
	if (conf->n_mbufs == 0)
		return conf_err(err, err_len, "n_mbufs must be at least 1");
	if (conf->n_rxd == 0 || conf->n_txd == 0)
		return conf_err(err, err_len,
				"rx/tx descriptors must be at least 1 (%u/%u)",
				conf->n_rxd, conf->n_txd);
	if (conf->burst == 0 || conf->burst > DP_BURST_MAX)
		return conf_err(err, err_len, "burst %u is not in 1..%u",
				conf->burst, DP_BURST_MAX);
	if (conf->idle_sleep_us > DP_IDLE_SLEEP_MAX_US)
		return conf_err(err, err_len,
				"idle sleep %u us is above the maximum %u us",
				conf->idle_sleep_us, DP_IDLE_SLEEP_MAX_US);
	for (i = 0; i < conf->n_ports; i++) {
		ret = conf_port_check(conf, i, err, err_len);
		if (ret < 0)
			return ret;
	}
	if (err != NULL && err_len > 0)
		err[0] = 0;
	return 0;
}
