/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP operator commands: "show sx-service statistics", "show sx peers",
 * and the PFCP part of "show subscribers" (SEIDs and rules of the PFCP
 * session that installed it). Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "ctl_pfcp_int.h"
#include "sess/ctl_sess.h"

/* QER, URR, BAR and SDF filters are kept and replicated, not applied. */
#define PFCP_NOT_ENFORCED \
	"QER, URR, BAR, SDF-filtered and CP-function PDRs: stored, not enforced"

static void
out_rts(struct ctl_reply *out, const char *key, const char *key_utc,
	uint32_t rts)
{
	ctl_reply_u64(out, key, rts);
	ctl_reply_utc(out, key_utc, rts >= PFCP_NTP_UNIX_DELTA ?
		      rts - PFCP_NTP_UNIX_DELTA : 0, "none");
}

static void
out_addr(struct ctl_reply *out, const char *key, int af, const void *a)
{
	char b[INET6_ADDRSTRLEN];

	if (inet_ntop(af, a, b, sizeof(b)) == NULL)
		snprintf(b, sizeof(b), "?");
	ctl_reply_str(out, key, b);
}

static int
cmd_not_enabled(struct ctl_reply *out)
{
	ctl_reply_error(out, "no sx-service in use (configure sx-service, "
			"user-plane-service and control-plane-group: "
			"docs/configuration.md section 3.4)");
	return -ENOENT;
}

static const char *
srv_state(void)
{
	if (ctl_pfcp_listening())
		return "listening";
	return pfcp_srv.standalone ? "down" : "standby (silent on N4)";
}

static int
cmd_show_stats(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct pfcp_stats *st = &pfcp_srv.st;
	char b[INET6_ADDRSTRLEN + 8];
	unsigned int i, n_assoc = 0;

	(void)argc;
	(void)argv;
	(void)arg;
	if (!pfcp_srv.enabled)
		return cmd_not_enabled(out);
	for (i = 0; i < pfcp_srv.n_peers; i++)
		if (pfcp_srv.peers[i].state != PFCP_PEER_IDLE)
			n_assoc++;
	ctl_reply_str(out, "sx_service", pfcp_srv.sx_name);
	ctl_reply_str(out, "context", pfcp_srv.ctx_name);
	ctl_reply_str(out, "state", srv_state());
	pfcp_node_id_str(&pfcp_srv.node, b, sizeof(b));
	ctl_reply_str(out, "node_id", b);
	if (pfcp_srv.bind4.len != 0)
		out_addr(out, "bind_ipv4", AF_INET,
			 &pfcp_srv.bind4.u.in4.sin_addr);
	if (pfcp_srv.bind6.len != 0)
		out_addr(out, "bind_ipv6", AF_INET6,
			 &pfcp_srv.bind6.u.in6.sin6_addr);
	if (pfcp_srv.has_ftup4)
		out_addr(out, "fteid_ipv4", AF_INET, pfcp_srv.ftup4);
	if (pfcp_srv.has_ftup6)
		out_addr(out, "fteid_ipv6", AF_INET6, pfcp_srv.ftup6);
	out_rts(out, "recovery_time_stamp", "recovery_time_stamp_utc",
		pfcp_srv.rts);
	ctl_reply_bool(out, "restart_on_incomplete_takeover",
		       pfcp_srv.restart_if_incomplete);
	ctl_reply_u64(out, "recovery_time_stamp_renewals",
		      pfcp_srv.n_rts_renewed);
	ctl_reply_u64(out, "peers_associated", n_assoc);
	ctl_reply_u64(out, "sessions", pfcp_srv.n_sess);
	ctl_reply_str(out, "not_enforced", PFCP_NOT_ENFORCED);
	ctl_reply_obj_begin(out, "messages");
	ctl_reply_u64(out, "rx", st->rx);
	ctl_reply_u64(out, "tx", st->tx);
	ctl_reply_u64(out, "tx_failed", st->tx_fail);
	ctl_reply_u64(out, "rx_malformed", st->rx_malformed);
	ctl_reply_u64(out, "rx_refused_peer", st->rx_refused);
	ctl_reply_u64(out, "rx_retransmitted", st->rx_dup);
	ctl_reply_u64(out, "rx_unknown_type", st->rx_unknown_type);
	ctl_reply_u64(out, "rx_bad_version", st->rx_version);
	ctl_reply_u64(out, "rx_unexpected", st->rx_unexpected);
	for (i = 1; i < 256; i++) {
		const char *name = pfcp_msg_type_name((uint8_t)i);
		char key[64];

		if (strcmp(name, "unknown") == 0)
			continue;
		snprintf(key, sizeof(key), "rx_%s", name);
		ctl_reply_u64(out, key, st->rx_type[i]);
	}
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "sessions_procedures");
	ctl_reply_u64(out, "establishment_accepted", st->est_ok);
	ctl_reply_u64(out, "establishment_refused", st->est_fail);
	ctl_reply_u64(out, "establishment_existing", st->est_dup);
	ctl_reply_u64(out, "modification_accepted", st->mod_ok);
	ctl_reply_u64(out, "modification_refused", st->mod_fail);
	ctl_reply_u64(out, "deletion_accepted", st->del_ok);
	ctl_reply_u64(out, "deletion_refused", st->del_fail);
	ctl_reply_u64(out, "purged", st->purged);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "causes_sent");
	for (i = 1; i < 256; i++) {
		char key[32];

		if (st->tx_cause[i] == 0)
			continue;
		snprintf(key, sizeof(key), "cause_%u", i);
		ctl_reply_u64(out, key, st->tx_cause[i]);
	}
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "response_cache");
	ctl_reply_u64(out, "entries", pfcp_srv.cache_n);
	ctl_reply_u64(out, "retention_ms", pfcp_srv.cache_ms);
	ctl_reply_u64(out, "evicted", st->cache_evicted);
	ctl_reply_obj_end(out);
	return 0;
}

static void
out_ms_ago(struct ctl_reply *out, const char *key, uint64_t then_ms)
{
	uint64_t now = pfcp_now_ms();

	if (then_ms == 0)
		ctl_reply_i64(out, key, -1);
	else
		ctl_reply_i64(out, key, (int64_t)(now - then_ms));
}

static int
cmd_show_peers(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char b[256];
	unsigned int i;

	(void)argc;
	(void)argv;
	(void)arg;
	if (!pfcp_srv.enabled)
		return cmd_not_enabled(out);
	ctl_reply_str(out, "sx_service", pfcp_srv.sx_name);
	out_rts(out, "local_recovery_time_stamp",
		"local_recovery_time_stamp_utc", pfcp_srv.rts);
	ctl_reply_u64(out, "heartbeat_interval_ms", pfcp_srv.hb_interval_ms);
	ctl_reply_arr_begin(out, "peers");
	for (i = 0; i < pfcp_srv.n_peers; i++) {
		const struct pfcp_peer *p = &pfcp_srv.peers[i];
		const struct ctl_cp_peer *c = &p->allow;

		ctl_reply_obj_begin(out, NULL);
		if (c->type == CTL_NODE_ID_IPV4)
			out_addr(out, "node_id", AF_INET, &c->addr.v4);
		else if (c->type == CTL_NODE_ID_IPV6)
			out_addr(out, "node_id", AF_INET6, &c->addr.v6);
		else
			ctl_reply_str(out, "node_id", c->fqdn);
		ctl_reply_str(out, "state", pfcp_peer_state_name(p->state));
		pfcp_addr_str(&p->addr, b, sizeof(b));
		ctl_reply_str(out, "address", b);
		out_rts(out, "recovery_time_stamp",
			"recovery_time_stamp_utc", p->rts);
		out_ms_ago(out, "associated_ms_ago", p->assoc_ms);
		out_ms_ago(out, "last_message_ms_ago", p->last_rx_ms);
		ctl_reply_u64(out, "sessions", p->n_sess);
		ctl_reply_u64(out, "heartbeat_requests_sent", p->n_hb_req_tx);
		ctl_reply_u64(out, "heartbeat_responses_received",
			      p->n_hb_resp_rx);
		ctl_reply_u64(out, "heartbeat_timeouts", p->n_hb_timeouts);
		ctl_reply_u64(out, "heartbeat_requests_received",
			      p->n_hb_req_rx);
		ctl_reply_u64(out, "association_setups", p->n_setups);
		ctl_reply_u64(out, "restarts_seen", p->n_restarts);
		ctl_reply_u64(out, "sessions_purged", p->n_purged);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static const char *
iface_name(uint8_t v)
{
	switch (v) {
	case PFCP_IFACE_ACCESS:
		return "access";
	case PFCP_IFACE_CORE:
		return "core";
	case PFCP_IFACE_SGI_LAN:
		return "sgi-lan";
	case PFCP_IFACE_CP_FUNCTION:
		return "cp-function";
	default:
		return "other";
	}
}

static void
out_action(struct ctl_reply *out, uint16_t aa)
{
	char b[64];

	snprintf(b, sizeof(b), "%s%s%s%s%s", aa & PFCP_AA_FORW ? "FORW " : "",
		 aa & PFCP_AA_DROP ? "DROP " : "",
		 aa & PFCP_AA_BUFF ? "BUFF " : "",
		 aa & PFCP_AA_NOCP ? "NOCP " : "",
		 aa & PFCP_AA_DUPL ? "DUPL " : "");
	if (b[0] != '\0')
		b[strlen(b) - 1] = '\0';
	ctl_reply_str(out, "apply_action", b);
}

static void
out_pdr(struct ctl_reply *out, const struct pfcp_pdr *p)
{
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_u64(out, "pdr_id", p->pdr_id);
	if (p->present & PFCP_PDR_PRECEDENCE)
		ctl_reply_u64(out, "precedence", p->precedence);
	ctl_reply_str(out, "source_interface", iface_name(p->pdi.src_iface));
	if (p->pdi.present & PFCP_PDI_FTEID) {
		ctl_reply_u64(out, "local_teid", p->pdi.fteid.teid);
		if (p->pdi.fteid.flags & PFCP_FTEID_V4)
			out_addr(out, "local_ipv4", AF_INET, p->pdi.fteid.v4);
		if (p->pdi.fteid.flags & PFCP_FTEID_V6)
			out_addr(out, "local_ipv6", AF_INET6, p->pdi.fteid.v6);
	}
	if (p->pdi.present & PFCP_PDI_UE_IP) {
		if (p->pdi.ue_ip.flags & PFCP_UEIP_V4)
			out_addr(out, "ue_ipv4", AF_INET, p->pdi.ue_ip.v4);
		if (p->pdi.ue_ip.flags & PFCP_UEIP_V6)
			out_addr(out, "ue_ipv6", AF_INET6, p->pdi.ue_ip.v6);
	}
	ctl_reply_u64(out, "sdf_filters", p->pdi.n_sdf);
	if (p->present & PFCP_PDR_OHR)
		ctl_reply_u64(out, "outer_header_removal", p->ohr_desc);
	ctl_reply_u64(out, "far_id", p->far_id);
	ctl_reply_obj_end(out);
}

static void
out_far(struct ctl_reply *out, const struct pfcp_far *a)
{
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_u64(out, "far_id", a->far_id);
	out_action(out, a->apply_action);
	if (a->fwd.present & PFCP_FWD_DST_IFACE)
		ctl_reply_str(out, "destination_interface",
			      iface_name(a->fwd.dst_iface));
	if (a->fwd.present & PFCP_FWD_OHC) {
		ctl_reply_u64(out, "ohc_teid", a->fwd.ohc.teid);
		if (a->fwd.ohc.desc & PFCP_OHC_GTPU_V4)
			out_addr(out, "ohc_ipv4", AF_INET, a->fwd.ohc.v4);
		if (a->fwd.ohc.desc & PFCP_OHC_GTPU_V6)
			out_addr(out, "ohc_ipv6", AF_INET6, a->fwd.ohc.v6);
	}
	ctl_reply_obj_end(out);
}

/* "show subscribers": the PFCP session behind a gateway session. */
static void
pfcp_show_sess(struct ctl_reply *out, const struct sess *gs)
{
	const struct pfcp_sess *s = pfcp_sess_by_teid(gs->p.teid_local);
	struct pfcp_msg *r = &pfcp_rules;
	char b[256];
	unsigned int i;

	if (s == NULL || s->gw_teid != gs->p.teid_local ||
	    pfcp_sess_rules(s, r) < 0)
		return;
	ctl_reply_obj_begin(out, "pfcp");
	ctl_reply_fmt_str(out, "up_seid", "0x%016" PRIx64, s->up_seid);
	ctl_reply_fmt_str(out, "cp_seid", "0x%016" PRIx64, s->cp_seid);
	pfcp_node_id_str(&pfcp_srv.peers[s->peer].node, b, sizeof(b));
	ctl_reply_str(out, "cp_node_id", b);
	ctl_reply_u64(out, "modifications", s->n_mod);
	ctl_reply_arr_begin(out, "pdrs");
	for (i = 0; i < r->n_create_pdr; i++)
		out_pdr(out, &r->create_pdr[i]);
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "fars");
	for (i = 0; i < r->n_create_far; i++)
		out_far(out, &r->create_far[i]);
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "qer_ids");
	for (i = 0; i < r->n_create_qer; i++)
		ctl_reply_u64(out, NULL, r->create_qer[i].id);
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "urr_ids");
	for (i = 0; i < r->n_create_urr; i++)
		ctl_reply_u64(out, NULL, r->create_urr[i].id);
	ctl_reply_arr_end(out);
	if (r->present & PFCP_F_BAR)
		ctl_reply_u64(out, "bar_id", r->bar.id);
	ctl_reply_str(out, "not_enforced", PFCP_NOT_ENFORCED);
	ctl_reply_obj_end(out);
}

static const struct ctl_cmd pfcp_cmds[] = {
	{
		.words = "show sx-service statistics",
		.args = "",
		.help = "PFCP (N4/Sx) server state and message counters",
		.fn = cmd_show_stats,
		.telemetry = true,
	},
	{
		.words = "show sx peers",
		.args = "",
		.help = "PFCP control planes: association, Recovery Time "
			"Stamps, heartbeats, sessions",
		.fn = cmd_show_peers,
		.telemetry = true,
	},
};

int
pfcp_cmd_register(void)
{
	unsigned int i;
	int ret, first = 0;

	for (i = 0; i < sizeof(pfcp_cmds) / sizeof(pfcp_cmds[0]); i++) {
		ret = ctl_api_register(&pfcp_cmds[i]);
		if (ret < 0 && ret != -EEXIST && first == 0)
			first = ret;
	}
	ctl_sess_show_ext_set(pfcp_show_sess);
	return first;
}
