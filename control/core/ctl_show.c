/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Handlers of the foundation show commands (version, configuration, port
 * statistics), registered with the command API and telemetry.
 * Context: control (telemetry requests are relayed to it by core/ctl_api_tel.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_version.h>

#include "ctl_api.h"
#include "ctl_reply.h"
#include "ctl_show.h"
#include "dp_lifecycle.h"

static const struct ctl_conf *show_conf;
static const char *show_config_path;
static time_t show_start_time;

/* Per-port fields a feature adds (ctl_show_port_ext_set). */
static ctl_show_port_fn *show_port_ext;

void
ctl_show_port_ext_set(ctl_show_port_fn *fn)
{
	show_port_ext = fn;
}

static int
show_version(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show version takes no arguments");
		return -EINVAL;
	}
	ctl_reply_str(out, "product", "srpgw");
	ctl_reply_str(out, "version", SRPGW_VERSION);
	ctl_reply_str(out, "dpdk_version", rte_version());
	ctl_reply_str(out, "config_file", show_config_path);
	ctl_reply_u64(out, "uptime_s", (uint64_t)(time(NULL) - show_start_time));
	ctl_reply_u64(out, "lcores", rte_lcore_count());
	ctl_reply_u64(out, "control_lcore", rte_get_main_lcore());
	ctl_reply_u64(out, "workers", dp_worker_count());
	ctl_reply_u64(out, "ports", dp_port_count());
	return 0;
}

static int
show_configuration(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	bool srp_only = false;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	(void)arg;
	if (argc == 1 && strcmp(argv[0], "srp") == 0) {
		srp_only = true;
	} else if (argc != 0) {
		ctl_reply_error(out, "unexpected '%s'; expected: show configuration [srp]",
			      argv[0]);
		return -EINVAL;
	}
	f = open_memstream(&text, &len);
	if (f == NULL) {
		ctl_reply_error(out, "out of memory");
		return -ENOMEM;
	}
	ret = ctl_conf_print(show_conf, srp_only, f);
	if (fclose(f) != 0 && ret == 0)
		ret = -EIO;
	if (ret < 0) {
		ctl_reply_error(out, "cannot print the configuration: %s",
			      strerror(-ret));
		free(text);
		return ret;
	}
	ctl_reply_block(out, "configuration", text);
	free(text);
	return 0;
}

static int
show_port_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct dp_port_stats st;
	unsigned int i;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show port statistics takes no arguments");
		return -EINVAL;
	}
	ctl_reply_arr_begin(out, "ports");
	for (i = 0; i < dp_port_count(); i++) {
		if (dp_port_stats_get(i, &st) < 0)
			continue;
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "port", st.name);
		ctl_reply_str(out, "device", st.device);
		ctl_reply_str(out, "role", st.role);
		ctl_reply_u64(out, "port_id", st.port_id);
		ctl_reply_str(out, "link", st.link_up ? "up" : "down");
		ctl_reply_u64(out, "link_speed_mbps", st.link_speed_mbps);
		ctl_reply_u64(out, "rx_packets", st.ipackets);
		ctl_reply_u64(out, "rx_bytes", st.ibytes);
		ctl_reply_u64(out, "rx_missed", st.imissed);
		ctl_reply_u64(out, "rx_errors", st.ierrors);
		ctl_reply_u64(out, "rx_no_mbuf", st.rx_nombuf);
		ctl_reply_u64(out, "tx_packets", st.opackets);
		ctl_reply_u64(out, "tx_bytes", st.obytes);
		ctl_reply_u64(out, "tx_errors", st.oerrors);
		ctl_reply_u64(out, "worker_rx", st.sw_rx);
		ctl_reply_u64(out, "worker_tx", st.sw_tx);
		ctl_reply_u64(out, "worker_drop", st.sw_drop);
		/* A feature's own counters (XDP steering, on ports that have
		 * the program). */
		if (show_port_ext != NULL)
			show_port_ext(out, st.port_id);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static const struct ctl_cmd show_cmds[] = {
	{
		.words = "show version",
		.args = "",
		.help = "software and process information",
		.fn = show_version,
		.telemetry = true,
	},
	{
		.words = "show configuration",
		.args = "[srp]",
		.help = "normalised running configuration (srp: the parts both chassis must share)",
		.fn = show_configuration,
		.telemetry = true,
	},
	{
		.words = "show port statistics",
		.args = "",
		.help = "per-port ethdev and worker counters",
		.fn = show_port_statistics,
		.telemetry = true,
	},
};

int
ctl_show_register(const struct ctl_conf *conf, const char *config_path)
{
	unsigned int i;
	int ret;

	show_conf = conf;
	show_config_path = config_path;
	show_start_time = time(NULL);
	for (i = 0; i < RTE_DIM(show_cmds); i++) {
		ret = ctl_api_register(&show_cmds[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}
