/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the pure part of the alarms: SRP events to trap names,
 * trap records and their words, the history ring, the SNMPv2-Trap PDU
 * (decoded back with net-snmp) and the MIB file against ctl_trap.def.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "alarm/ctl_alarm_map.h"
#include "alarm/ctl_alarm_pdu.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	30

/* Transition @from -> @to for @cause: the traps it maps to. */
static unsigned int
map(enum srp_fsm_state from, enum srp_fsm_state to, enum srp_fsm_cause cause,
    enum ctl_trap out[CTL_ALARM_MAP_MAX])
{
	struct srp_fsm_transition t = {
		.from = from, .to = to, .cause = cause,
		.event = SRP_EV_HELLO,
	};

	return ctl_alarm_map_transition(&t, out);
}

static void
test_ctl_alarm_map_transition(void)
{
	enum ctl_trap o[CTL_ALARM_MAP_MAX];

	/* Start-up election: a role, no switchover, even through
	 * SWITCHING (promoting). */
	CU_ASSERT_EQUAL(map(SRP_ST_NEGOTIATING, SRP_ST_SWITCHING,
			    SRP_CAUSE_ELECTION, o), 0);
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_SWITCHING, SRP_ST_ACTIVE,
				  SRP_CAUSE_ELECTION, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_ACTIVE);
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_NEGOTIATING, SRP_ST_ACTIVE,
				  SRP_CAUSE_ELECTION, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_ACTIVE);
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_NEGOTIATING, SRP_ST_STANDBY_SYNCING,
				  SRP_CAUSE_ELECTION, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_STANDBY);
	/* Planned: both sides enter SWITCHING first. */
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_ACTIVE, SRP_ST_SWITCHING,
				  SRP_CAUSE_MANUAL, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_SWITCHOVER);
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_STANDBY_READY, SRP_ST_SWITCHING,
				  SRP_CAUSE_ELECTION, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_SWITCHOVER);
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_SWITCHING, SRP_ST_ACTIVE,
				  SRP_CAUSE_MANUAL, o), 1);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_ACTIVE);
	/* Unplanned: a ready standby takes over at once. */
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_STANDBY_READY, SRP_ST_ACTIVE,
				  SRP_CAUSE_DEAD_PEER, o), 2);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_SWITCHOVER);
	CU_ASSERT_EQUAL(o[1], CTL_TRAP_ACTIVE);
	/* Split brain: the active that gives way says so. */
	CU_ASSERT_EQUAL_FATAL(map(SRP_ST_ACTIVE, SRP_ST_STANDBY_SYNCING,
				  SRP_CAUSE_SPLIT_BRAIN, o), 2);
	CU_ASSERT_EQUAL(o[0], CTL_TRAP_DUAL_ACTIVE);
	CU_ASSERT_EQUAL(o[1], CTL_TRAP_STANDBY);
	/* Inside the standby role, and no change at all: nothing. */
	CU_ASSERT_EQUAL(map(SRP_ST_STANDBY_SYNCING, SRP_ST_STANDBY_READY,
			    SRP_CAUSE_ELECTION, o), 0);
	CU_ASSERT_EQUAL(map(SRP_ST_STANDBY_READY, SRP_ST_STANDBY_SYNCING,
			    SRP_CAUSE_ELECTION, o), 0);
	CU_ASSERT_EQUAL(map(SRP_ST_ACTIVE, SRP_ST_ACTIVE, SRP_CAUSE_MANUAL, o),
			0);
	CU_ASSERT_EQUAL(map(SRP_ST_INIT, SRP_ST_CONNECTING, SRP_CAUSE_ELECTION,
			    o), 0);
}

/* A planned switchover's SWITCHING entry names the cause on the wire (the
 * machine's cause is still the previous one); other transitions keep the
 * machine's. */
static void
test_ctl_alarm_map_cause(void)
{
	struct srp_fsm_transition t = {
		.from = SRP_ST_ACTIVE, .to = SRP_ST_SWITCHING,
		.cause = SRP_CAUSE_ELECTION,
	};

	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_REQ_SENT,
						   SRP_SWCAUSE_MONITOR_AAA),
			       "monitor");
	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_REQ_SENT,
						   SRP_SWCAUSE_ADMIN),
			       "manual");
	t.from = SRP_ST_STANDBY_READY;
	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_WAIT_FENCE,
						   SRP_SWCAUSE_LOCAL_FAULT),
			       "local-fault");
	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_WAIT_FENCE, 0),
			       "?");
	/* Promoting: the machine set its cause. */
	t.cause = SRP_CAUSE_DEAD_PEER;
	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_PROMOTING,
						   SRP_SWCAUSE_ADMIN),
			       "dead-peer");
	t.from = SRP_ST_SWITCHING;
	t.to = SRP_ST_ACTIVE;
	t.cause = SRP_CAUSE_MONITOR;
	CU_ASSERT_STRING_EQUAL(ctl_alarm_map_cause(&t, SRP_PH_NONE,
						   SRP_SWCAUSE_ADMIN),
			       "monitor");
}

static void
test_ctl_alarm_map_monitor(void)
{
	CU_ASSERT_EQUAL(ctl_alarm_map_monitor(SRP_MON_AUTH_PROBE, true),
			CTL_TRAP_AAA_DOWN);
	CU_ASSERT_EQUAL(ctl_alarm_map_monitor(SRP_MON_AUTH_PROBE, false),
			CTL_TRAP_AAA_UP);
	CU_ASSERT_EQUAL(ctl_alarm_map_monitor(SRP_MON_BGP, true),
			CTL_TRAP_BGP_DOWN);
	CU_ASSERT_EQUAL(ctl_alarm_map_monitor(SRP_MON_DIAMETER, false),
			CTL_TRAP_DIAM_UP);
	CU_ASSERT_EQUAL(ctl_alarm_map_monitor((enum srp_monitor_kind)9, true),
			CTL_TRAP_MAX);
	CU_ASSERT_STRING_EQUAL(ctl_trap_name(CTL_TRAP_AAA_DOWN),
			       "starSRPAAAUnreachable");
	CU_ASSERT_EQUAL(ctl_trap_find("starSRPConnDown"), CTL_TRAP_CONN_DOWN);
	CU_ASSERT_EQUAL(ctl_trap_find("starsrpconndown"), -1);
	CU_ASSERT_STRING_EQUAL(ctl_trap_name(CTL_TRAP_MAX), "?");
}

static void
test_ctl_alarm_rec_keeps_only_its_objects(void)
{
	struct ctl_alarm_vars v = {
		.state = "ACTIVE", .cause = "line\none", .peer = "192.0.2.2",
		.target = "ignored",
	};
	struct ctl_alarm_rec rec;
	char words[512], big[300];

	ctl_alarm_rec_fill(&rec, CTL_TRAP_CONN_DOWN, &v, 5000, 42);
	CU_ASSERT_EQUAL(rec.trap, CTL_TRAP_CONN_DOWN);
	CU_ASSERT_EQUAL(rec.uptime_cs, 42);
	CU_ASSERT_STRING_EQUAL(rec.var[CTL_ALARM_VAR_STATE], "");
	CU_ASSERT_STRING_EQUAL(rec.var[CTL_ALARM_VAR_TARGET], "");
	/* A control character never reaches the log or the manager. */
	CU_ASSERT_STRING_EQUAL(rec.var[CTL_ALARM_VAR_CAUSE], "line?one");
	CU_ASSERT_STRING_EQUAL(ctl_alarm_rec_words(&rec, words, sizeof(words)),
			       "cause line?one, peer 192.0.2.2");
	/* Missing values read "-"; long ones are cut. */
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	v.state = NULL;
	v.cause = big;
	ctl_alarm_rec_fill(&rec, CTL_TRAP_SWITCHOVER, &v, 0, 0);
	CU_ASSERT_STRING_EQUAL(rec.var[CTL_ALARM_VAR_STATE], "-");
	CU_ASSERT_EQUAL(strlen(rec.var[CTL_ALARM_VAR_CAUSE]),
			CTL_ALARM_VAR_LEN - 1);
	ctl_alarm_rec_fill(&rec, CTL_TRAP_CONN_UP, NULL, 0, 0);
	CU_ASSERT_STRING_EQUAL(ctl_alarm_rec_words(&rec, words, sizeof(words)),
			       "peer -");
	/* A short buffer stays terminated. */
	ctl_alarm_rec_fill(&rec, CTL_TRAP_SWITCHOVER, &v, 0, 0);
	CU_ASSERT_EQUAL(strlen(ctl_alarm_rec_words(&rec, words, 8)), 7);
}

static void
test_ctl_alarm_ring_newest_last(void)
{
	static struct ctl_alarm_ring r;
	struct ctl_alarm_rec rec;
	unsigned int i;

	CU_ASSERT_EQUAL(ctl_alarm_ring_count(&r), 0);
	CU_ASSERT_PTR_NULL(ctl_alarm_ring_get(&r, 0));
	for (i = 0; i < CTL_ALARM_HISTORY + 6; i++) {
		ctl_alarm_rec_fill(&rec, CTL_TRAP_CONN_UP, NULL, i, i);
		ctl_alarm_ring_push(&r, &rec);
		CU_ASSERT_EQUAL(ctl_alarm_ring_get(&r, ctl_alarm_ring_count(&r)
						   - 1)->wall_ms, i);
	}
	/* Bounded: the six oldest gave way. */
	CU_ASSERT_EQUAL(ctl_alarm_ring_count(&r), CTL_ALARM_HISTORY);
	CU_ASSERT_EQUAL(r.n, CTL_ALARM_HISTORY + 6);
	CU_ASSERT_EQUAL(ctl_alarm_ring_get(&r, 0)->wall_ms, 6);
	CU_ASSERT_EQUAL(ctl_alarm_ring_get(&r, CTL_ALARM_HISTORY - 1)->wall_ms,
			CTL_ALARM_HISTORY + 5);
	CU_ASSERT_PTR_NULL(ctl_alarm_ring_get(&r, CTL_ALARM_HISTORY));
}

/* Whether varbind @vb names @want (@n sub-identifiers). */
static bool
vb_is(const netsnmp_variable_list *vb, const oid *want, size_t n)
{
	return vb != NULL && snmp_oid_compare(vb->name, vb->name_length,
					      want, n) == 0;
}

static void
test_ctl_alarm_encode_trap_pdu(void)
{
	static const oid sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
	static const oid trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	static const oid aaa[] = { 1, 3, 6, 1, 4, 1, 32473, 1, 0, 9 };
	static const oid cause[] = { 1, 3, 6, 1, 4, 1, 32473, 1, 1, 2, 0 };
	static const oid target[] = { 1, 3, 6, 1, 4, 1, 32473, 1, 1, 4, 0 };
	struct ctl_alarm_vars v = {
		.cause = "no answer", .target = "isp 192.0.2.9 port 1812",
	};
	struct ctl_alarm_rec rec;
	netsnmp_session sess;
	netsnmp_variable_list *vb;
	netsnmp_pdu *pdu;
	uint8_t buf[CTL_ALARM_PKT_MAX];
	int len;

	ctl_alarm_rec_fill(&rec, CTL_TRAP_AAA_DOWN, &v, 1, 12345);
	len = ctl_alarm_encode(&rec, "s3cret", 77, buf, sizeof(buf));
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT_EQUAL(buf[0], 0x30);	/* a SEQUENCE: the message */
	/* Decode it back with the library a manager would use. */
	memset(&sess, 0, sizeof(sess));
	snmp_sess_init(&sess);
	pdu = snmp_pdu_create(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pdu);
	CU_ASSERT_EQUAL_FATAL(snmp_parse(NULL, &sess, pdu, buf, (size_t)len),
			      0);
	CU_ASSERT_EQUAL(pdu->version, SNMP_VERSION_2c);
	CU_ASSERT_EQUAL(pdu->command, SNMP_MSG_TRAP2);
	CU_ASSERT_EQUAL(pdu->reqid, 77);
	CU_ASSERT_EQUAL(pdu->community_len, 6);
	CU_ASSERT_EQUAL(memcmp(pdu->community, "s3cret", 6), 0);
	/* RFC 3416 section 4.2.6: sysUpTime.0, snmpTrapOID.0, then ours. */
	vb = pdu->variables;
	CU_ASSERT_FATAL(vb_is(vb, sysuptime, OID_LENGTH(sysuptime)));
	CU_ASSERT_EQUAL(vb->type, ASN_TIMETICKS);
	CU_ASSERT_EQUAL(*vb->val.integer, 12345);
	vb = vb->next_variable;
	CU_ASSERT_FATAL(vb_is(vb, trapoid, OID_LENGTH(trapoid)));
	CU_ASSERT_EQUAL(vb->type, ASN_OBJECT_ID);
	CU_ASSERT_EQUAL(snmp_oid_compare(vb->val.objid,
					 vb->val_len / sizeof(oid), aaa,
					 OID_LENGTH(aaa)), 0);
	vb = vb->next_variable;
	CU_ASSERT_FATAL(vb_is(vb, cause, OID_LENGTH(cause)));
	CU_ASSERT_EQUAL(vb->type, ASN_OCTET_STR);
	CU_ASSERT_EQUAL(vb->val_len, strlen("no answer"));
	CU_ASSERT_EQUAL(memcmp(vb->val.string, "no answer", vb->val_len), 0);
	vb = vb->next_variable;
	CU_ASSERT_FATAL(vb_is(vb, target, OID_LENGTH(target)));
	CU_ASSERT_EQUAL(memcmp(vb->val.string, "isp 192.0.2.9 port 1812",
			       vb->val_len), 0);
	CU_ASSERT_PTR_NULL(vb->next_variable);
	snmp_free_pdu(pdu);
	/* Too small a buffer is refused, not overrun. */
	CU_ASSERT_EQUAL(ctl_alarm_encode(&rec, "s3cret", 1, buf, 16),
			-EMSGSIZE);
}

static void
test_ctl_alarm_oid_bounds(void)
{
	unsigned long o[CTL_ALARM_OID_MAX];

	CU_ASSERT_EQUAL(ctl_alarm_oid(CTL_TRAP_CONN_UP, 0, o, 4), -EINVAL);
	CU_ASSERT_EQUAL(ctl_alarm_oid(CTL_TRAP_MAX, CTL_ALARM_VAR_MAX, o,
				      CTL_ALARM_OID_MAX), -EINVAL);
	CU_ASSERT_EQUAL(ctl_alarm_oid(CTL_TRAP_MAX + 1, 0, o,
				      CTL_ALARM_OID_MAX), -EINVAL);
	CU_ASSERT_EQUAL(ctl_alarm_oid(CTL_TRAP_CONN_UP, 0, o,
				      CTL_ALARM_OID_MAX), 10);
	CU_ASSERT_EQUAL(o[9], 6);
}

/* Every trap of ctl_trap.def is in the MIB with its sub-id and objects. */
static void
test_ctl_alarm_mib_matches_def(void)
{
	static const char *const obj[] = {
		"srpgwSrpState", "srpgwSrpCause", "srpgwSrpPeer",
		"srpgwSrpTarget",
	};
	const char *path = getenv("SRPGW_MIB");
	char *text = NULL, want[160], *p, *end;
	size_t cap = 0;
	unsigned int t, i;
	unsigned long o[CTL_ALARM_OID_MAX];
	uint32_t objs;
	FILE *f;
	int n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_FATAL(getdelim(&text, &cap, '\0', f) > 0);
	fclose(f);
	for (t = 0; t < CTL_TRAP_MAX; t++) {
		snprintf(want, sizeof(want), "\n%s NOTIFICATION-TYPE",
			 ctl_trap_name(t));
		p = strstr(text, want);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		end = strstr(p, "::=");
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		n = ctl_alarm_oid(t, 0, o, CTL_ALARM_OID_MAX);
		snprintf(want, sizeof(want), "::= { srpgwSrpNotifications %lu }",
			 o[n - 1]);
		CU_ASSERT_EQUAL(strncmp(end, want, strlen(want)), 0);
		/* OBJECTS in the order the PDU carries them. */
		objs = ctl_alarm_trap_objects(t);
		want[0] = '\0';
		for (i = 0; i < CTL_ALARM_VAR_MAX; i++)
			if (objs & (1u << i))
				snprintf(want + strlen(want),
					 sizeof(want) - strlen(want), "%s%s",
					 want[0] != '\0' ? ", " : "{ ", obj[i]);
		strcat(want, " }");
		p = strstr(p, "OBJECTS");
		CU_ASSERT_FATAL(p != NULL && p < end);
		p += strlen("OBJECTS");
		p += strspn(p, " ");
		CU_ASSERT_EQUAL(strncmp(p, want, strlen(want)), 0);
	}
	free(text);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_alarm_tests[] = {
	TEST(test_ctl_alarm_map_transition),
	TEST(test_ctl_alarm_map_cause),
	TEST(test_ctl_alarm_map_monitor),
	TEST(test_ctl_alarm_rec_keeps_only_its_objects),
	TEST(test_ctl_alarm_ring_newest_last),
	TEST(test_ctl_alarm_encode_trap_pdu),
	TEST(test_ctl_alarm_oid_bounds),
	TEST(test_ctl_alarm_mib_matches_def),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_alarm_suites[] = {
	{ "ctl_alarm", NULL, NULL, NULL, NULL, test_ctl_alarm_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_alarm_suites);
}
