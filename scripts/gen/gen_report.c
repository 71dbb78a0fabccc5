/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: the report: the JSON summary on stdout and the optional CSV
 * time series. Context: main lcore, after the run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gen_run.h"

static const char *const gen_dir_name[GEN_N_DIR] = { "uplink", "downlink" };

static double
gen_ns(const struct gen_run *r, uint64_t cycles)
{
	return (double)cycles * 1e9 / (double)r->hz;
}

/* Close every flow, then print one direction's JSON object. */
static void
gen_print_dir(struct gen_run *r, int d, bool last)
{
	const struct gen_opts *o = r->o;
	struct gen_dir_stats *s = r->st[d];
	double tx_s = (double)(r->tx_end_tsc - r->t0_tsc) / (double)r->hz;
	double rate, outage_ms;
	uint64_t lost, per, extra, silent, after;
	uint32_t i;

	/* Sessions through the gateway in use since the last MAC change. */
	silent = after = 0;
	if (o->dir_on[d])
		gen_flows_count(r->flows[d], o->n_sessions, r->switch_k[d],
				&silent, &after);
	if (o->dir_on[d]) {
		per = r->sent[d] / o->n_sessions;
		extra = r->sent[d] % o->n_sessions;
		for (i = 0; i < o->n_sessions; i++)
			gen_flow_finish(s, &r->flows[d][i], per + (i < extra));
	}
	lost = r->sent[d] > s->unique ? r->sent[d] - s->unique : 0;
	rate = o->rate_pps != 0 ? (double)o->rate_pps :
		(tx_s > 0 ? (double)r->sent[d] / tx_s : 0);
	/* Each flow gets one packet in n_sessions: its rate is rate / N. */
	outage_ms = rate > 0 ?
		(double)s->max_lost_run * o->n_sessions * 1000.0 / rate : 0;
	printf("  \"%s\": {\n", gen_dir_name[d]);
	printf("    \"enabled\": %s,\n", o->dir_on[d] ? "true" : "false");
	printf("    \"sent\": %" PRIu64 ",\n", r->sent[d]);
	printf("    \"not_sent_no_gw_mac\": %" PRIu64 ",\n", r->no_mac[d]);
	printf("    \"gw_changes\": %" PRIu64 ",\n", r->gw_changes[d]);
	printf("    \"flows_silent\": %" PRIu64 ",\n", silent);
	printf("    \"flows_rx_after_gw_change\": %" PRIu64 ",\n", after);
	printf("    \"tx_pps\": %.0f,\n",
	       tx_s > 0 ? (double)r->sent[d] / tx_s : 0.0);
	printf("    \"received\": %" PRIu64 ",\n", s->received);
	printf("    \"unique\": %" PRIu64 ",\n", s->unique);
	printf("    \"lost\": %" PRIu64 ",\n", lost);
	printf("    \"reordered\": %" PRIu64 ",\n", s->reordered);
	printf("    \"duplicated\": %" PRIu64 ",\n", s->duplicated);
	printf("    \"late\": %" PRIu64 ",\n", s->late);
	printf("    \"bad_flow\": %" PRIu64 ",\n", s->bad_flow);
	printf("    \"wrong_teid\": %" PRIu64 ",\n", s->wrong_teid);
	printf("    \"latency_ns\": { \"min\": %.0f, \"mean\": %.0f, "
	       "\"p50\": %.0f, \"p99\": %.0f, \"p99_9\": %.0f, \"max\": %.0f },\n",
	       gen_ns(r, s->lat_min),
	       s->received > 0 ?
	       gen_ns(r, s->lat_sum) / (double)s->received : 0.0,
	       gen_ns(r, gen_hist_quantile(s, 500000)),
	       gen_ns(r, gen_hist_quantile(s, 990000)),
	       gen_ns(r, gen_hist_quantile(s, 999000)),
	       gen_ns(r, s->lat_max));
	printf("    \"max_lost_run\": %" PRIu64 ",\n", s->max_lost_run);
	printf("    \"outage_seq_ms\": %.3f,\n", outage_ms);
	printf("    \"max_gap_ms\": %.3f,\n", gen_ns(r, s->max_gap_tsc) / 1e6);
	printf("    \"max_gap_end_ms\": %.3f\n",
	       s->max_gap_tsc != 0 ?
	       gen_ns(r, s->max_gap_end_tsc - r->t0_tsc) / 1e6 : 0.0);
	printf("  }%s\n", last ? "" : ",");
}

/* The "arp" object: per side what was learnt, asked and answered. */
static void
gen_print_arp(const struct gen_run *r)
{
	static const char *const side_name[2] = { "access", "core" };
	const struct gen_opts *o = r->o;
	const struct gen_arp_side *s;
	uint8_t mac[6];
	char ip[INET_ADDRSTRLEN];
	int side;

	printf("  \"arp\": {\n");
	for (side = 0; side < 2; side++) {
		s = &r->arp[side];
		printf("    \"%s\": { \"resolve\": %s, ", side_name[side],
		       o->resolve[side] ? "true" : "false");
		if (o->resolve[side]) {
			inet_ntop(AF_INET, o->gw_ip[side], ip, sizeof(ip));
			printf("\"gw_ip\": \"%s\", ", ip);
		}
		if (gen_mac_unpack(s->mac, mac) == 0)
			printf("\"gw_mac\": \"%02x:%02x:%02x:%02x:%02x:%02x\", ",
			       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		else
			printf("\"gw_mac\": null, ");
		printf("\"mac_changes\": %" PRIu64 ", \"last_change_ms\": %.3f, "
		       "\"binds\": %" PRIu64 ", \"requests_sent\": %" PRIu64
		       ", \"replies_sent\": %" PRIu64 ", \"rx\": %" PRIu64
		       ", \"rx_bad\": %" PRIu64 ", \"asks_dropped\": %" PRIu64
		       " }%s\n", s->mac_changes,
		       s->mac_changes != 0 && s->last_change_tsc > r->t0_tsc ?
		       gen_ns(r, s->last_change_tsc - r->t0_tsc) / 1e6 : 0.0,
		       s->binds, s->requests_sent, s->replies_sent, s->rx,
		       s->rx_bad, s->asks_dropped, side == 0 ? "," : "");
	}
	printf("  },\n");
}

void
gen_print_json(struct gen_run *r, unsigned int n_lcores)
{
	const struct gen_opts *o = r->o;
	const char *dir = o->dir_on[0] && o->dir_on[1] ? "both" :
		(o->dir_on[0] ? "ul" : "dl");

	printf("{\n");
	printf("  \"sessions\": %u,\n", o->n_sessions);
	printf("  \"rate_pps\": %" PRIu64 ",\n", o->rate_pps);
	printf("  \"inner_size\": %u,\n", o->pkt.inner_len);
	printf("  \"outer_af\": %u,\n", o->pkt.outer_af);
	printf("  \"inner_af\": %u,\n", o->pkt.inner_af);
	printf("  \"dir\": \"%s\",\n", dir);
	printf("  \"lcores\": %u,\n", n_lcores);
	printf("  \"reflect\": %s,\n", o->reflect ? "true" : "false");
	printf("  \"tx_ms\": %.3f,\n",
	       gen_ns(r, r->tx_end_tsc - r->t0_tsc) / 1e6);
	printf("  \"foreign\": %" PRIu64 ",\n", r->foreign);
	printf("  \"wrong_port\": %" PRIu64 ",\n", r->wrong_port);
	printf("  \"tx_alloc_fail\": %" PRIu64 ",\n", r->tx_alloc_fail);
	gen_print_arp(r);
	gen_print_dir(r, GEN_DIR_UL, false);
	gen_print_dir(r, GEN_DIR_DL, true);
	printf("}\n");
	fflush(stdout);
}

int
gen_write_csv(const struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	uint64_t last = 0, b, mult = 1000 / o->bucket_ms;
	FILE *f;
	int d;

	f = fopen(o->csv_path, "w");
	if (f == NULL) {
		fprintf(stderr, "srpgw-gen: cannot write %s: %s\n",
			o->csv_path, strerror(errno));
		return -errno;
	}
	for (b = 0; b < r->n_buckets; b++)
		for (d = 0; d < GEN_N_DIR; d++)
			if (r->series[d][b] != 0)
				last = b + 1;
	fprintf(f, "t_ms,uplink_pps,downlink_pps\n");
	for (b = 0; b < last; b++)
		fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
			b * o->bucket_ms, r->series[0][b] * mult,
			r->series[1][b] * mult);
	if (fclose(f) != 0) {
		fprintf(stderr, "srpgw-gen: write %s: %s\n", o->csv_path,
			strerror(errno));
		return -EIO;
	}
	return 0;
}
