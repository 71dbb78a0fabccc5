/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the PFCP server's replication (ctl_pfcp_repl.c) without a
 * data plane: a node record and a session record applied as a standby
 * would, the session record read back byte for byte, every malformed
 * record refused without a change, and the Recovery Time Stamp rule of a
 * takeover with an incomplete copy (sx-protocol
 * restart-on-incomplete-takeover). Runs without EAL.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "conf/ctl_conf.h"
#include "ctl_pfcp_int.h"
#include "ctl_pfcp_map.h"
#include "pfcp_sample.h"
#include "support/ut_run.h"

#define CONF_TEXT \
	"config\n" \
	"  control-plane-group smf\n" \
	"    peer-node-id ipv4-address 127.0.0.7\n" \
	"    peer-node-id fqdn smf.example.org\n" \
	"  #exit\n" \
	"  context access\n" \
	"    interface a\n" \
	"      ip address 192.0.2.1/24\n" \
	"    #exit\n" \
	"    sx-service n4\n" \
	"      bind ipv4-address 127.77.0.1\n" \
	"%s" \
	"    #exit\n" \
	"    user-plane-service up\n" \
	"      associate sx-service n4\n" \
	"      associate control-plane-group smf\n" \
	"    #exit\n" \
	"  #exit\n" \
	"  port ethernet 1/1\n" \
	"    dpdk-device net_null0\n" \
	"    role access\n" \
	"    bind interface a access\n" \
	"  #exit\n" \
	"end\n"

static struct ctl_conf conf;

static void
server_start(const char *extra)
{
	char text[4096], err[512];

	snprintf(text, sizeof(text), CONF_TEXT, extra);
	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(text, "t", &conf, err,
					     sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_init(&conf, NULL), 0);
	CU_ASSERT_TRUE_FATAL(ctl_pfcp_enabled());
	CU_ASSERT_FALSE(ctl_pfcp_listening());
}

/* A node record: peer 0 associated (Recovery Time Stamp 0x1234), our
 * time stamp @rts, high-water marks 500 / 600. */
static size_t
node_rec(uint8_t *b, uint32_t rts)
{
	size_t n = 0, i;

	b[n++] = 1;			/* version */
	b[n++] = 2;			/* peers */
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = rts >> 24; b[n++] = rts >> 16; b[n++] = rts >> 8;
	b[n++] = (uint8_t)rts;
	memcpy(b + n, "\x00\x00\x01\xf4", 4);	/* TEID hwm 500 */
	n += 4;
	memcpy(b + n, "\x00\x00\x00\x00\x00\x00\x02\x58", 8); /* SEID 600 */
	n += 8;
	for (i = 0; i < 2; i++) {
		b[n++] = i == 0;		/* associated */
		b[n++] = PFCP_NODE_ID_IPV4;
		b[n++] = 0;			/* FQDN length */
		b[n++] = 0;
		memcpy(b + n, "\x00\x00\x12\x34", 4);	/* peer rts */
		n += 4;
		memset(b + n, 0, 4);		/* gen */
		n += 4;
		b[n++] = 4;			/* address family */
		memset(b + n, 0, 16);
		memcpy(b + n, "\x7f\x00\x00\x07", 4);
		n += 16;
		b[n++] = 0x22;			/* port 8805 */
		b[n++] = 0x65;
		memcpy(b + n, "\x7f\x00\x00\x07", 4);
		n += 4;
		memset(b + n, 0, 16);
		n += 16;
	}
	return n;
}

static void
test_ctl_pfcp_node_record(void)
{
	uint8_t b[512], bad[512], out[512];
	char err[256];
	size_t n, k;

	server_start("");
	n = node_rec(b, 0xe0000001);
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(b, n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(pfcp_srv.rts, 0xe0000001);
	CU_ASSERT_EQUAL(pfcp_srv.peers[0].state, PFCP_PEER_ASSOCIATED);
	CU_ASSERT_EQUAL(pfcp_srv.peers[0].rts, 0x1234);
	CU_ASSERT_EQUAL(pfcp_srv.peers[1].state, PFCP_PEER_IDLE);
	CU_ASSERT_EQUAL(pfcp_srv.teid_next, 500);
	CU_ASSERT_EQUAL(pfcp_srv.seid_next, 600);
	/* The record we would send says the same. */
	CU_ASSERT_EQUAL(ctl_pfcp_rec_node(out, sizeof(out)), n);
	CU_ASSERT_EQUAL(memcmp(out, b, n), 0);
	/* Malformed: every truncation, a wrong version, another peer
	 * count, a bad state: refused, nothing changes. */
	for (k = 0; k < n; k++)
		CU_ASSERT_EQUAL(ctl_pfcp_repl_node(b, k, err, sizeof(err)),
				-EPROTO);
	memcpy(bad, b, n);
	bad[0] = 2;
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(bad, n, err, sizeof(err)), -EPROTO);
	memcpy(bad, b, n);
	bad[1] = 3;
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(bad, n, err, sizeof(err)), -EPROTO);
	memcpy(bad, b, n);
	bad[20] = 7;		/* peer 0: state 7 */
	bad[4] = 0x11;		/* and another time stamp */
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(bad, n, err, sizeof(err)), -EPROTO);
	CU_ASSERT_EQUAL(pfcp_srv.rts, 0xe0000001);
	ctl_pfcp_fini();
}

/* A session record for gateway TEID 0x55: the sample's rules. */
static size_t
sess_rec(uint8_t *b)
{
	static struct pfcp_msg m;
	uint8_t rules[4096];
	size_t rl = 0, n = 0;

	sample_sess_est_req(&m);
	m.hdr.type = PFCP_MSG_SESS_MOD_REQ;
	m.hdr.has_seid = true;
	m.present = PFCP_F_FSEID | PFCP_F_BAR;
	m.create_pdr[1].pdi.fteid.flags = PFCP_FTEID_V4;
	m.create_pdr[1].pdi.fteid.teid = 0x55;
	m.create_pdr[2].pdi.fteid.flags = PFCP_FTEID_V4;
	m.create_pdr[2].pdi.fteid.teid = 0x55;
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_encode(&m, rules, sizeof(rules), &rl),
			      PFCP_OK);
	b[n++] = 1;		/* version */
	b[n++] = 0;		/* peer 0 */
	b[n++] = 1;		/* one created PDR */
	b[n++] = 0;
	memcpy(b + n, "\x00\x00\x00\x00\x00\x00\x00\x09", 8);	/* UP SEID */
	n += 8;
	memcpy(b + n, "\x00\x00\x00\x00\x00\x00\x00\x01", 8);	/* CP SEID */
	n += 8;
	b[n++] = PFCP_FSEID_V4;
	memcpy(b + n, "\x7f\x00\x00\x07", 4);
	n += 4;
	memset(b + n, 0, 16);
	n += 16;
	memcpy(b + n, "\x00\x00\x00\x56", 4);			/* TEID hwm */
	n += 4;
	memcpy(b + n, "\x00\x00\x00\x00\x00\x00\x00\x0a", 8);	/* SEID hwm */
	n += 8;
	memset(b + n, 0, 8);					/* created */
	n += 8;
	memset(b + n, 0, 8);					/* n_mod, gen */
	n += 8;
	b[n++] = 0;						/* PDR 2 */
	b[n++] = 2;
	b[n++] = (uint8_t)(rl >> 8);
	b[n++] = (uint8_t)rl;
	memcpy(b + n, rules, rl);
	n += rl;
	b[n++] = 4;						/* last from */
	memset(b + n, 0, 16);
	memcpy(b + n, "\x7f\x00\x00\x07", 4);
	n += 16;
	b[n++] = 0x22;
	b[n++] = 0x65;
	memcpy(b + n, "\x00\x00\x00\x2a", 4);			/* seq 42 */
	n += 4;
	b[n++] = 0;						/* 3 bytes */
	b[n++] = 3;
	memcpy(b + n, "abc", 3);
	n += 3;
	return n;
}

static void
test_ctl_pfcp_session_record(void)
{
	uint8_t b[8192], bad[8192], out[8192];
	struct pfcp_addr from;
	char err[256];
	size_t n, k;

	server_start("");
	n = sess_rec(b);
	CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, b, n, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(ctl_pfcp_owns(0x55));
	CU_ASSERT_FALSE(ctl_pfcp_owns(0x56));
	CU_ASSERT_EQUAL(pfcp_srv.n_sess, 1);
	CU_ASSERT_EQUAL(pfcp_srv.peers[0].n_sess, 1);
	CU_ASSERT_EQUAL(pfcp_srv.teid_next, 0x56);
	CU_ASSERT_EQUAL(pfcp_srv.seid_next, 10);
	CU_ASSERT_PTR_NOT_NULL(ctl_pfcp_idx_get(&pfcp_srv.by_up, 9));
	/* Its last answer is in the response cache for a retransmission. */
	memset(&from, 0, sizeof(from));
	from.u.in4.sin_family = AF_INET;
	from.u.in4.sin_addr.s_addr = htonl(0x7f000007);
	from.u.in4.sin_port = htons(8805);
	from.len = sizeof(from.u.in4);
	CU_ASSERT_PTR_NOT_NULL(pfcp_cache_get(pfcp_cache_key(&from, 42)));
	/* Read back byte for byte. */
	CU_ASSERT_EQUAL(ctl_pfcp_rec_sess(0x55, out, sizeof(out)), n);
	CU_ASSERT_EQUAL(memcmp(out, b, n), 0);
	/* Applied again (a later version): still one session. */
	CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, b, n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(pfcp_srv.n_sess, 1);
	/* Malformed: truncations, version, unknown peer, rules that do not
	 * decode: refused, the session stays as it was. */
	for (k = 0; k < n; k += 7)
		CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, b, k, err,
						   sizeof(err)), -EPROTO);
	memcpy(bad, b, n);
	bad[0] = 9;
	CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, bad, n, err, sizeof(err)),
			-EPROTO);
	memcpy(bad, b, n);
	bad[1] = 5;
	CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, bad, n, err, sizeof(err)),
			-EPROTO);
	memcpy(bad, b, n);
	bad[73] ^= 0xe0;	/* the rules: PFCP version 1 becomes 6 */
	CU_ASSERT_EQUAL(ctl_pfcp_repl_sess(0x55, bad, n, err, sizeof(err)),
			-EPROTO);
	CU_ASSERT_EQUAL(pfcp_srv.n_sess, 1);
	CU_ASSERT_EQUAL(ctl_pfcp_rec_sess(0x55, out, sizeof(out)), n);
	/* The gateway session went: so did the PFCP one. */
	ctl_pfcp_repl_forget(0x55);
	CU_ASSERT_EQUAL(pfcp_srv.n_sess, 0);
	CU_ASSERT_FALSE(ctl_pfcp_owns(0x55));
	CU_ASSERT_EQUAL(ctl_pfcp_rec_sess(0x55, out, sizeof(out)), 0);
	ctl_pfcp_fini();
}

static void
test_ctl_pfcp_incomplete_takeover(void)
{
	uint8_t b[512];
	char err[256];
	uint32_t rts;

	/* Complete copy: the pair's time stamp stays. */
	server_start("");
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(b, node_rec(b, 0xe0000001), err,
					   sizeof(err)), 0);
	ctl_pfcp_takeover(true);
	CU_ASSERT_EQUAL(pfcp_srv.rts, 0xe0000001);
	/* Incomplete copy: a new, higher one. */
	ctl_pfcp_takeover(false);
	rts = pfcp_srv.rts;
	CU_ASSERT_TRUE(rts > 0xe0000001);
	CU_ASSERT_EQUAL(pfcp_srv.n_rts_renewed, 1);
	ctl_pfcp_fini();
	/* The option off: the pair's time stamp stays. */
	server_start("      no sx-protocol restart-on-incomplete-takeover\n");
	CU_ASSERT_EQUAL(ctl_pfcp_repl_node(b, node_rec(b, 0xe0000001), err,
					   sizeof(err)), 0);
	ctl_pfcp_takeover(false);
	CU_ASSERT_EQUAL(pfcp_srv.rts, 0xe0000001);
	CU_ASSERT_EQUAL(pfcp_srv.n_rts_renewed, 0);
	ctl_pfcp_fini();
}

/* The audit's PFCP part (ctl_pfcp_audit.c) on a replicated session:
 * checks, the test hook's damage per reason, no report without N4. */
static void
test_ctl_pfcp_audit(void)
{
	uint8_t b[8192];
	char err[256];
	struct ctl_pfcp_map m;
	struct ctl_pfcp_map_fail f;
	struct sess_params inst;
	struct pfcp_addr from;
	uint64_t unexpected;

	server_start("");
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_repl_sess(0x55, b, sess_rec(b), err,
						 sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pfcp_sess_rules(pfcp_sess_by_teid(0x55),
					      &pfcp_rules), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&pfcp_rules, &m, &f), 0);
	inst = m.p;
	CU_ASSERT_EQUAL(ctl_pfcp_audit(0x55, &inst), CTL_PFCP_AUDIT_OK);
	CU_ASSERT_EQUAL(ctl_pfcp_audit(0x56, &inst), -ENOENT);
	inst.flags ^= SESS_F_UL_DROP;
	CU_ASSERT_EQUAL(ctl_pfcp_audit(0x55, &inst), CTL_PFCP_AUDIT_MISMATCH);
	inst = m.p;
	/* N4 not served here: nobody to tell; not a PFCP session: -ENOENT. */
	CU_ASSERT_EQUAL(ctl_pfcp_audit_notify(0x55), -ENOTCONN);
	CU_ASSERT_EQUAL(ctl_pfcp_audit_notify(0x56), -ENOENT);
	/* An answer to no report of ours is counted as unexpected. */
	memset(&from, 0, sizeof(from));
	from.u.in4.sin_family = AF_INET;
	from.u.in4.sin_addr.s_addr = htonl(0x7f000007);
	from.len = sizeof(from.u.in4);
	unexpected = pfcp_srv.st.rx_unexpected;
	pfcp_req.hdr.seq = 77;
	pfcp_on_report_resp(&from);
	CU_ASSERT_EQUAL(pfcp_srv.st.rx_unexpected, unexpected + 1);
	/* The hook: an unknown kind and a non-PFCP session refused, then
	 * each kind makes the audit find it (the gateway session kept). */
	CU_ASSERT_EQUAL(ctl_pfcp_test_corrupt(0x55, CTL_PFCP_AUDIT_MISMATCH),
			-EINVAL);
	CU_ASSERT_EQUAL(ctl_pfcp_test_corrupt(0x56, CTL_PFCP_AUDIT_RULES),
			-ENOENT);
	CU_ASSERT_EQUAL(ctl_pfcp_test_corrupt(0x55, CTL_PFCP_AUDIT_NO_FTEID),
			0);
	CU_ASSERT_EQUAL(ctl_pfcp_audit(0x55, &inst), CTL_PFCP_AUDIT_NO_FTEID);
	/* Rules already wrong: the hook refuses to spoil them further. */
	CU_ASSERT_EQUAL(ctl_pfcp_test_corrupt(0x55, CTL_PFCP_AUDIT_RULES),
			-EINVAL);
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_repl_sess(0x55, b, sess_rec(b), err,
						 sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_pfcp_test_corrupt(0x55, CTL_PFCP_AUDIT_RULES), 0);
	CU_ASSERT_EQUAL(ctl_pfcp_audit(0x55, &inst), CTL_PFCP_AUDIT_RULES);
	CU_ASSERT_TRUE(ctl_pfcp_owns(0x55));
	/* The purge frees the PFCP session (no gateway table here). */
	CU_ASSERT_EQUAL(ctl_pfcp_audit_purge(0x55), 0);
	CU_ASSERT_FALSE(ctl_pfcp_owns(0x55));
	CU_ASSERT_EQUAL(pfcp_srv.n_sess, 0);
	CU_ASSERT_EQUAL(ctl_pfcp_audit_purge(0x55), -ENOENT);
	ctl_pfcp_fini();
}

static CU_TestInfo pfcp_tests[] = {
	{ "node_record", test_ctl_pfcp_node_record },
	{ "session_record", test_ctl_pfcp_session_record },
	{ "incomplete_takeover", test_ctl_pfcp_incomplete_takeover },
	{ "audit", test_ctl_pfcp_audit },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_pfcp", NULL, NULL, NULL, NULL, pfcp_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
