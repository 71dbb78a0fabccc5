/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: command line parsing and checks. Context: main thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pfcp/pfcp_proto.h"
#include "pfcpgen_args.h"

static void
pfcpgen_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s --server ADDR[:PORT] [options]\n"
		"Plays an SMF over PFCP (N4) against a user plane: Association Setup,\n"
		"then N Session Establishments, Modifications and Deletions.\n"
		"  --server A[:P]    user plane's PFCP address (port default %u)\n"
		"  --local A[:P]     our address, the Node ID (default: the route's\n"
		"                    source address towards the server; port %u)\n"
		"  --sessions N      sessions, 1..%u (default 1000)\n"
		"  --rate R          new requests per second, 0 = flat out (default 0)\n"
		"  --window W        outstanding requests at the most, 1..%u (default 256)\n"
		"  --phases LIST     any of est,mod,del in that order (default est,mod,del)\n"
		"  --t1-ms MS        retransmission timer T1 (default 3000)\n"
		"  --n1 N            retransmissions before a timeout (default 3)\n"
		"  --ue-pool A[/L]   UE IPv4 of session 0; session i gets A + i\n"
		"                    (default 10.64.0.1; with /L they must fit in A/L)\n"
		"  --gnb A           gNB IPv4 of the Modifications (default 192.0.2.20)\n"
		"  --seed S          CP SEIDs, gNB TEIDs, sequence numbers (default 1)\n"
		"  --no-cp-features  leave CP Function Features out of the Setup\n"
		"  --keep-going      run the phases even if the association failed\n"
		"  --json            the report as one JSON object on stdout\n"
		"Exit status: 0 every request accepted, 1 otherwise, 2 bad options.\n",
		prog, PFCP_UDP_PORT, PFCP_UDP_PORT, PFCPGEN_SESSIONS_MAX,
		PFCPGEN_WINDOW_MAX);
}

static int
pfcpgen_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
pfcpgen_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
pfcpgen_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (pfcpgen_parse_u64(s, min, max, &v) < 0)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/*
 * An IPv4 address (network order in *@v4), then optionally @sep and a
 * number in [@min, @max] written to *@num; *@has_num says if it was there.
 */
static int
pfcpgen_parse_v4_suffix(const char *s, char sep, uint32_t min, uint32_t max,
			uint32_t *v4, uint32_t *num, bool *has_num)
{
	char buf[64];
	char *at;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	at = strchr(buf, sep);
	*has_num = at != NULL;
	if (at != NULL) {
		*at = '\0';
		if (pfcpgen_parse_u32(at + 1, min, max, num) < 0)
			return -EINVAL;
	}
	return inet_pton(AF_INET, buf, v4) == 1 ? 0 : -EINVAL;
}

/* A.B.C.D[:PORT]; the port is left alone when absent. */
static int
pfcpgen_parse_hostport(const char *s, uint32_t *v4, uint16_t *port)
{
	uint32_t p;
	bool has_port;

	if (pfcpgen_parse_v4_suffix(s, ':', 1, 65535, v4, &p, &has_port) < 0)
		return -EINVAL;
	if (has_port)
		*port = (uint16_t)p;
	return 0;
}

static int
pfcpgen_parse_phases(const char *s, bool *phase)
{
	static const char *const names[] = { "est", "mod", "del" };
	const char *p = s;
	int last = -1;
	size_t i, len;

	for (i = PFCPGEN_PH_EST; i < PFCPGEN_PH_MAX; i++)
		phase[i] = false;
	while (*p != '\0') {
		len = strcspn(p, ",");
		for (i = 0; i < 3; i++)
			if (strlen(names[i]) == len &&
			    strncmp(p, names[i], len) == 0)
				break;
		if (i == 3 || (int)i <= last)
			return -EINVAL;	/* unknown, repeated or out of order */
		last = (int)i;
		phase[PFCPGEN_PH_EST + i] = true;
		p += len;
		if (*p == ',' && *++p == '\0')
			return -EINVAL;
	}
	return last < 0 ? -EINVAL : 0;
}

enum {
	OPT_SERVER = 256, OPT_LOCAL, OPT_SESSIONS, OPT_RATE, OPT_WINDOW,
	OPT_PHASES, OPT_T1, OPT_N1, OPT_POOL, OPT_GNB, OPT_SEED, OPT_JSON,
	OPT_KEEP_GOING, OPT_NO_CPF, OPT_HELP,
};

static const struct option pfcpgen_longopts[] = {
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "local", required_argument, NULL, OPT_LOCAL },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "phases", required_argument, NULL, OPT_PHASES },
	{ "t1-ms", required_argument, NULL, OPT_T1 },
	{ "n1", required_argument, NULL, OPT_N1 },
	{ "ue-pool", required_argument, NULL, OPT_POOL },
	{ "gnb", required_argument, NULL, OPT_GNB },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "keep-going", no_argument, NULL, OPT_KEEP_GOING },
	{ "no-cp-features", no_argument, NULL, OPT_NO_CPF },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void
pfcpgen_defaults(struct pfcpgen_opts *o)
{
	uint32_t be;

	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->sessions = 1000;
	o->window = 256;
	o->t1_ms = 3000;
	o->n1 = 3;
	o->ue_base = 0x0a400001;	/* 10.64.0.1 */
	inet_pton(AF_INET, "192.0.2.20", &be);
	o->gnb_v4 = be;
	o->server_port = PFCP_UDP_PORT;
	o->local_port = PFCP_UDP_PORT;
	o->phase[PFCPGEN_PH_ASSOC] = true;
	o->phase[PFCPGEN_PH_EST] = true;
	o->phase[PFCPGEN_PH_MOD] = true;
	o->phase[PFCPGEN_PH_DEL] = true;
	o->cp_features = true;
}

/* One option into @o; on error, what the option wants (else NULL). */
static const char *
pfcpgen_parse_one(struct pfcpgen_opts *o, int opt, const char *arg)
{
	uint64_t u64;
	const char *want = NULL;
	int ret = 0;

	switch (opt) {
	case OPT_SERVER:
		ret = pfcpgen_parse_hostport(arg, &o->server_v4,
					     &o->server_port);
		want = "an IPv4 address with an optional :PORT (1..65535)";
		break;
	case OPT_LOCAL:
		ret = pfcpgen_parse_hostport(arg, &o->local_v4,
					     &o->local_port);
		want = "an IPv4 address with an optional :PORT (1..65535)";
		break;
	case OPT_SESSIONS:
		ret = pfcpgen_parse_u32(arg, 1, PFCPGEN_SESSIONS_MAX,
					&o->sessions);
		want = "a number of sessions 1..16777216";
		break;
	case OPT_RATE:
		ret = pfcpgen_parse_u32(arg, 0, PFCPGEN_RATE_MAX, &o->rate);
		want = "requests per second 0..10000000 (0 = flat out)";
		break;
	case OPT_WINDOW:
		ret = pfcpgen_parse_u32(arg, 1, PFCPGEN_WINDOW_MAX,
					&o->window);
		want = "outstanding requests 1..65536";
		break;
	case OPT_PHASES:
		ret = pfcpgen_parse_phases(arg, o->phase);
		want = "a list of est,mod,del in that order, e.g. est,del";
		break;
	case OPT_T1:
		ret = pfcpgen_parse_u32(arg, 1, 600000, &o->t1_ms);
		want = "milliseconds 1..600000";
		break;
	case OPT_N1:
		ret = pfcpgen_parse_u32(arg, 0, 255, &o->n1);
		want = "retransmissions 0..255";
		break;
	case OPT_POOL:
		/* checked against --sessions once every option is read */
		ret = 0;
		break;
	case OPT_GNB:
		ret = inet_pton(AF_INET, arg, &o->gnb_v4) == 1 ? 0 : -EINVAL;
		want = "an IPv4 address";
		break;
	case OPT_SEED:
		ret = pfcpgen_parse_u64(arg, 0, UINT64_MAX, &u64);
		o->seed = u64;
		want = "a number";
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_KEEP_GOING:
		o->keep_going = true;
		break;
	case OPT_NO_CPF:
		o->cp_features = false;
		break;
	default:
		break;
	}
	return ret < 0 ? want : NULL;
}

/* The UE pool against the number of sessions. */
static int
pfcpgen_check_pool(struct pfcpgen_opts *o, const char *pool, char *err,
		   size_t err_len)
{
	uint32_t plen = 32, mask, be;
	bool has_len;

	if (pfcpgen_parse_v4_suffix(pool, '/', 1, 32, &be, &plen,
				    &has_len) < 0)
		return pfcpgen_err(err, err_len,
				   "--ue-pool: bad value '%s': want A.B.C.D "
				   "or A.B.C.D/LEN", pool);
	o->ue_base = ntohl(be);
	if ((uint64_t)o->ue_base + o->sessions - 1 > UINT32_MAX)
		return pfcpgen_err(err, err_len,
				   "--ue-pool %s: %u sessions run past "
				   "255.255.255.255", pool, o->sessions);
	if (has_len) {
		mask = plen == 32 ? UINT32_MAX : ~(UINT32_MAX >> plen);
		if (((o->ue_base + o->sessions - 1) & mask) !=
		    (o->ue_base & mask))
			return pfcpgen_err(err, err_len,
					   "--ue-pool %s: %u sessions do not "
					   "fit in the prefix", pool,
					   o->sessions);
	}
	return 0;
}

int
pfcpgen_args_parse(struct pfcpgen_opts *o, int argc, char **argv, char *err,
		   size_t err_len)
{
	const char *pool = NULL, *want;
	bool has_server = false;
	int opt;

	pfcpgen_defaults(o);
	err[0] = '\0';
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", pfcpgen_longopts,
				  NULL)) != -1) {
		if (opt == OPT_HELP) {
			pfcpgen_usage(stdout, argv[0]);
			return 1;
		}
		if (opt == '?') {
			return pfcpgen_err(err, err_len,
					   "unknown option or missing argument "
					   "'%s' (--help lists them)",
					   argv[optind - 1]);
		}
		want = pfcpgen_parse_one(o, opt, optarg);
		if (want != NULL)
			return pfcpgen_err(err, err_len,
					   "--%s: bad value '%s': want %s",
					   pfcpgen_longopts[opt - OPT_SERVER].name,
					   optarg, want);
		if (opt == OPT_SERVER)
			has_server = true;
		if (opt == OPT_POOL)
			pool = optarg;
	}
	if (optind < argc)
		return pfcpgen_err(err, err_len, "unexpected argument '%s'",
				   argv[optind]);
	if (!has_server)
		return pfcpgen_err(err, err_len,
				   "--server is required (the user plane's "
				   "PFCP address)");
	if (pool != NULL)
		return pfcpgen_check_pool(o, pool, err, err_len);
	return pfcpgen_check_pool(o, "10.64.0.1", err, err_len);
}
