/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: the report of a run, as text or one JSON object.
 * Context: generator thread, after the run.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>

#include "pfcpgen_run.h"

static const char *
pfcpgen_cause_name(unsigned int cause)
{
	switch (cause) {
	case PFCP_CAUSE_ACCEPTED: return "Request accepted";
	case PFCP_CAUSE_REJECTED: return "Request rejected";
	case PFCP_CAUSE_SESS_NOT_FOUND: return "Session context not found";
	case PFCP_CAUSE_MANDATORY_MISSING: return "Mandatory IE missing";
	case PFCP_CAUSE_CONDITIONAL_MISSING: return "Conditional IE missing";
	case PFCP_CAUSE_INVALID_LENGTH: return "Invalid length";
	case PFCP_CAUSE_MANDATORY_INCORRECT: return "Mandatory IE incorrect";
	case PFCP_CAUSE_INVALID_FWD_POLICY: return "Invalid Forwarding Policy";
	case PFCP_CAUSE_INVALID_FTEID_ALLOC:
		return "Invalid F-TEID allocation option";
	case PFCP_CAUSE_NO_ASSOCIATION: return "No established PFCP Association";
	case PFCP_CAUSE_RULE_FAILURE:
		return "Rule creation/modification Failure";
	case PFCP_CAUSE_CONGESTION: return "PFCP entity in congestion";
	case PFCP_CAUSE_NO_RESOURCES: return "No resources available";
	case PFCP_CAUSE_SERVICE_NOT_SUPP: return "Service not supported";
	case PFCP_CAUSE_SYSTEM_FAILURE: return "System failure";
	case PFCP_CAUSE_RESTORATION_FAILURE: return "Redirection Requested";
	default: return "other";
	}
}

static const char *
pfcpgen_assoc_name(enum pfcpgen_assoc_state s)
{
	switch (s) {
	case PFCPGEN_AS_ACCEPTED: return "accepted";
	case PFCPGEN_AS_REFUSED: return "refused";
	case PFCPGEN_AS_BAD: return "accepted_without_ftup";
	case PFCPGEN_AS_TIMEOUT: return "timeout";
	default: return "not_answered";
	}
}

/* Answered per second over the phase, 0 if it did not last. */
static double
pfcpgen_rate(const struct pfcpgen_phase_stats *s)
{
	if (s->end_ns <= s->start_ns)
		return 0;
	return (double)s->answered * 1e9 / (double)(s->end_ns - s->start_ns);
}

static double
pfcpgen_duration_s(const struct pfcpgen_phase_stats *s)
{
	return s->end_ns > s->start_ns ? (s->end_ns - s->start_ns) / 1e9 : 0;
}

static void
pfcpgen_addr(char *out, size_t len, uint32_t v4, uint16_t port)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &v4, a, sizeof(a));
	snprintf(out, len, "%s:%u", a, port);
}

static void
pfcpgen_features_hex(const struct pfcpgen_run *r, char *out, size_t len)
{
	size_t i, at = 0;

	out[0] = '\0';
	for (i = 0; i < r->up_features_len && at + 3 < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%02x",
				       r->up_features[i]);
}

static void
pfcpgen_report_text(struct pfcpgen_run *r, const char *srv,
		    const char *loc)
{
	const struct pfcpgen_opts *o = &r->opts;
	struct pfcpgen_lat_summary sum;
	char feat[2 * PFCP_FEATURES_MAX + 1];
	unsigned int c;
	int ph;

	printf("srpgw-pfcpgen: server %s, local %s, %u sessions, window %u, ",
	       srv, loc, o->sessions, o->window);
	if (o->rate)
		printf("rate %u/s", o->rate);
	else
		printf("flat out");
	printf(", T1 %u ms, N1 %u%s\n", o->t1_ms, o->n1,
	       r->interrupted ? " (interrupted)" : "");
	pfcpgen_features_hex(r, feat, sizeof(feat));
	printf("association: %s", pfcpgen_assoc_name(r->assoc));
	if (r->assoc != PFCPGEN_AS_NONE && r->assoc != PFCPGEN_AS_TIMEOUT)
		printf(", cause %u, UP Function Features %s", r->assoc_cause,
		       feat[0] ? feat : "none");
	printf("\n");
	if (r->ph[PFCPGEN_PH_EST].accepted > 0) {
		char a[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, r->ul_v4_first, a, sizeof(a));
		printf("session 0: UP SEID 0x%" PRIx64 ", uplink F-TEID "
		       "0x%08x %s\n", r->up_seid_first, r->ul_teid_first, a);
	}
	printf("%-6s %9s %9s %9s %8s %6s %8s %8s %8s %10s %8s %8s %8s\n",
	       "phase", "sent", "answered", "accepted", "refused", "bad",
	       "timeouts", "retrans", "skipped", "rate/s", "p50_us", "p99_us",
	       "max_us");
	for (ph = 0; ph < PFCPGEN_PH_MAX; ph++) {
		struct pfcpgen_phase_stats *s = &r->ph[ph];

		if (!o->phase[ph])
			continue;
		pfcpgen_stats_summary(s, &sum);
		printf("%-6s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %8" PRIu64
		       " %6" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64
		       " %10.0f %8u %8u %8u\n",
		       pfcpgen_phase_name(ph), s->sent, s->answered,
		       s->accepted, s->refused, s->bad, s->timeouts,
		       s->retrans, s->skipped, pfcpgen_rate(s), sum.p50,
		       sum.p99, sum.max);
		for (c = 0; c < 256; c++)
			if (s->by_cause[c])
				printf("  %s refused: cause %u (%s): %" PRIu64
				       "\n", pfcpgen_phase_name(ph), c,
				       pfcpgen_cause_name(c), s->by_cause[c]);
	}
	printf("rx: %" PRIu64 " datagrams, %" PRIu64 " malformed, %" PRIu64
	       " unexpected, %" PRIu64 " late, %" PRIu64 " foreign; %" PRIu64
	       " heartbeats answered; %" PRIu64 " send errors\n",
	       r->rx.datagrams, r->rx.malformed, r->rx.unexpected,
	       r->rx.late, r->rx.foreign, r->rx.hb_answered,
	       r->rx.tx_errors);
}

static void
pfcpgen_report_json(struct pfcpgen_run *r, const char *srv,
		    const char *loc)
{
	const struct pfcpgen_opts *o = &r->opts;
	struct pfcpgen_lat_summary sum;
	char feat[2 * PFCP_FEATURES_MAX + 1];
	const char *sep = "";
	unsigned int c;
	int ph;

	pfcpgen_features_hex(r, feat, sizeof(feat));
	printf("{\"tool\": \"srpgw-pfcpgen\", \"server\": \"%s\", "
	       "\"local\": \"%s\", \"sessions\": %u, \"rate\": %u, "
	       "\"window\": %u, \"t1_ms\": %u, \"n1\": %u, \"seed\": %" PRIu64
	       ", \"interrupted\": %s, \"all_accepted\": %s,\n",
	       srv, loc, o->sessions, o->rate, o->window, o->t1_ms, o->n1,
	       o->seed, r->interrupted ? "true" : "false",
	       pfcpgen_all_accepted(r) ? "true" : "false");
	printf(" \"association\": {\"result\": \"%s\", \"cause\": %u, "
	       "\"up_features\": \"%s\"},\n", pfcpgen_assoc_name(r->assoc),
	       r->assoc_cause, feat);
	printf(" \"phases\": {");
	for (ph = 0; ph < PFCPGEN_PH_MAX; ph++) {
		struct pfcpgen_phase_stats *s = &r->ph[ph];
		const char *csep = "";

		if (!o->phase[ph])
			continue;
		pfcpgen_stats_summary(s, &sum);
		printf("%s\n  \"%s\": {\"sent\": %" PRIu64 ", \"answered\": %"
		       PRIu64 ", \"accepted\": %" PRIu64 ", \"refused\": %"
		       PRIu64 ", \"bad\": %" PRIu64 ", \"timeouts\": %" PRIu64
		       ", \"retransmissions\": %" PRIu64 ", \"skipped\": %"
		       PRIu64 ", \"duration_s\": %.6f, \"rate_per_s\": %.1f, "
		       "\"latency_us\": {\"p50\": %u, \"p99\": %u, \"max\": "
		       "%u}, \"refused_by_cause\": {",
		       sep, pfcpgen_phase_name(ph), s->sent, s->answered,
		       s->accepted, s->refused, s->bad, s->timeouts,
		       s->retrans, s->skipped, pfcpgen_duration_s(s),
		       pfcpgen_rate(s), sum.p50, sum.p99, sum.max);
		for (c = 0; c < 256; c++) {
			if (!s->by_cause[c])
				continue;
			printf("%s\"%u\": %" PRIu64, csep, c, s->by_cause[c]);
			csep = ", ";
		}
		printf("}}");
		sep = ",";
	}
	printf("},\n \"session0\": {\"up_seid\": %" PRIu64 ", \"ul_teid\": %u"
	       "},\n", r->up_seid_first, r->ul_teid_first);
	printf(" \"rx\": {\"datagrams\": %" PRIu64 ", \"malformed\": %" PRIu64
	       ", \"unexpected\": %" PRIu64 ", \"late\": %" PRIu64
	       ", \"foreign\": %" PRIu64 ", \"heartbeats_answered\": %" PRIu64
	       ", \"send_errors\": %" PRIu64 "}}\n",
	       r->rx.datagrams, r->rx.malformed, r->rx.unexpected,
	       r->rx.late, r->rx.foreign, r->rx.hb_answered,
	       r->rx.tx_errors);
}

bool
pfcpgen_all_accepted(const struct pfcpgen_run *r)
{
	int ph;

	if (r->interrupted || r->assoc != PFCPGEN_AS_ACCEPTED)
		return false;
	for (ph = PFCPGEN_PH_EST; ph < PFCPGEN_PH_MAX; ph++)
		if (r->opts.phase[ph] &&
		    r->ph[ph].accepted != r->opts.sessions)
			return false;
	return true;
}

void
pfcpgen_report(struct pfcpgen_run *r)
{
	char srv[32], loc[32];

	pfcpgen_addr(srv, sizeof(srv), r->opts.server_v4,
		     r->opts.server_port);
	pfcpgen_addr(loc, sizeof(loc), r->opts.local_v4, r->opts.local_port);
	if (r->opts.json)
		pfcpgen_report_json(r, srv, loc);
	else
		pfcpgen_report_text(r, srv, loc);
	fflush(stdout);
}
