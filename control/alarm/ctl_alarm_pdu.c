/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap records, the history ring, varbinds in words and the SNMPv2-Trap
 * encoding through net-snmp (ctl_alarm_pdu.h). Pure: no sockets, no
 * clocks. Context: any.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "ctl_alarm_pdu.h"

_Static_assert(sizeof(oid) == sizeof(unsigned long),
	       "ctl_alarm_oid writes net-snmp sub-identifiers");

/* srpgwSrpMIB: enterprises.32473.1, 32473 being the enterprise number
 * RFC 5612 keeps for documentation (a placeholder, docs/alarms.md). */
static const oid alarm_mib[] = { 1, 3, 6, 1, 4, 1, 32473, 1 };
#define ALARM_MIB_LEN	(sizeof(alarm_mib) / sizeof(alarm_mib[0]))
#define ALARM_ARC_NOTIF	0	/* srpgwSrpNotifications */
#define ALARM_ARC_OBJ	1	/* srpgwSrpObjects */

/* sysUpTime.0 (RFC 3418) and snmpTrapOID.0 (RFC 3418). */
static const oid oid_sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
static const oid oid_trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

static const struct {
	unsigned int	sub;
	uint32_t	objs;
} trap_info[CTL_TRAP_MAX] = {
#define CTL_TRAP(id, name, s, o, help) [CTL_TRAP_##id] = { (s), (o) },
#include "conf/ctl_trap.def"
#undef CTL_TRAP
};

static const char *const var_names[CTL_ALARM_VAR_MAX] = {
	[CTL_ALARM_VAR_STATE] = "state",
	[CTL_ALARM_VAR_CAUSE] = "cause",
	[CTL_ALARM_VAR_PEER] = "peer",
	[CTL_ALARM_VAR_TARGET] = "target",
};

void
ctl_alarm_pdu_init(void)
{
	netsnmp_session sess;

	snmp_sess_init(&sess);
}

uint32_t
ctl_alarm_trap_objects(enum ctl_trap t)
{
	return (unsigned int)t < CTL_TRAP_MAX ? trap_info[t].objs : 0;
}

const char *
ctl_alarm_var_name(enum ctl_alarm_var v)
{
	return (unsigned int)v < CTL_ALARM_VAR_MAX ? var_names[v] : "?";
}

/* Copy @s into @dst (CTL_ALARM_VAR_LEN): printable only, "-" for none. */
static void
var_copy(char *dst, const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		s = "-";
	for (i = 0; i + 1 < CTL_ALARM_VAR_LEN && s[i] != '\0'; i++)
		dst[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
			 s[i];
	dst[i] = '\0';
}

void
ctl_alarm_rec_fill(struct ctl_alarm_rec *rec, enum ctl_trap t,
		   const struct ctl_alarm_vars *v, uint64_t wall_ms,
		   uint32_t uptime_cs)
{
	static const struct ctl_alarm_vars none;
	uint32_t objs = ctl_alarm_trap_objects(t);
	const char *val[CTL_ALARM_VAR_MAX];
	unsigned int i;

	if (v == NULL)
		v = &none;
	val[CTL_ALARM_VAR_STATE] = v->state;
	val[CTL_ALARM_VAR_CAUSE] = v->cause;
	val[CTL_ALARM_VAR_PEER] = v->peer;
	val[CTL_ALARM_VAR_TARGET] = v->target;
	memset(rec, 0, sizeof(*rec));
	rec->wall_ms = wall_ms;
	rec->uptime_cs = uptime_cs;
	rec->trap = t;
	for (i = 0; i < CTL_ALARM_VAR_MAX; i++)
		if (objs & (1u << i))
			var_copy(rec->var[i], val[i]);
}

const char *
ctl_alarm_rec_words(const struct ctl_alarm_rec *rec, char *buf, size_t len)
{
	uint32_t objs = ctl_alarm_trap_objects(rec->trap);
	size_t used = 0;
	unsigned int i;
	int n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < CTL_ALARM_VAR_MAX && used < len; i++) {
		if (!(objs & (1u << i)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s %s",
			     used > 0 ? ", " : "", var_names[i], rec->var[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

void
ctl_alarm_ring_push(struct ctl_alarm_ring *r, const struct ctl_alarm_rec *rec)
{
	r->rec[r->n % CTL_ALARM_HISTORY] = *rec;
	r->n++;
}

unsigned int
ctl_alarm_ring_count(const struct ctl_alarm_ring *r)
{
	return r->n < CTL_ALARM_HISTORY ? (unsigned int)r->n :
	       CTL_ALARM_HISTORY;
}

const struct ctl_alarm_rec *
ctl_alarm_ring_get(const struct ctl_alarm_ring *r, unsigned int i)
{
	uint64_t first = r->n - ctl_alarm_ring_count(r);

	if (i >= ctl_alarm_ring_count(r))
		return NULL;
	return &r->rec[(first + i) % CTL_ALARM_HISTORY];
}

int
ctl_alarm_oid(enum ctl_trap t, enum ctl_alarm_var var, unsigned long *out,
	      size_t cap)
{
	size_t n = ALARM_MIB_LEN;

	if (cap < ALARM_MIB_LEN + 3)
		return -EINVAL;
	memcpy(out, alarm_mib, sizeof(alarm_mib));
	if ((unsigned int)t < CTL_TRAP_MAX) {
		out[n++] = ALARM_ARC_NOTIF;
		out[n++] = trap_info[t].sub;
		return (int)n;
	}
	if (t != CTL_TRAP_MAX || (unsigned int)var >= CTL_ALARM_VAR_MAX)
		return -EINVAL;
	out[n++] = ALARM_ARC_OBJ;
	out[n++] = (unsigned long)var + 1;
	out[n++] = 0;		/* scalar instance */
	return (int)n;
}

/* The PDU of @rec; NULL when out of memory or a varbind is refused. */
static netsnmp_pdu *
alarm_pdu_new(const struct ctl_alarm_rec *rec)
{
	uint32_t objs = ctl_alarm_trap_objects(rec->trap);
	oid name[CTL_ALARM_OID_MAX];
	long ticks = (long)rec->uptime_cs;
	netsnmp_pdu *pdu;
	unsigned int i;
	int n;

	n = ctl_alarm_oid(rec->trap, CTL_ALARM_VAR_STATE, name,
			  CTL_ALARM_OID_MAX);
	if (n < 0)
		return NULL;
	pdu = snmp_pdu_create(SNMP_MSG_TRAP2);
	if (pdu == NULL)
		return NULL;
	pdu->version = SNMP_VERSION_2c;
	if (snmp_pdu_add_variable(pdu, oid_sysuptime,
				  OID_LENGTH(oid_sysuptime), ASN_TIMETICKS,
				  &ticks, sizeof(ticks)) == NULL ||
	    snmp_pdu_add_variable(pdu, oid_trapoid, OID_LENGTH(oid_trapoid),
				  ASN_OBJECT_ID, name,
				  (size_t)n * sizeof(oid)) == NULL)
		goto out_free;
	for (i = 0; i < CTL_ALARM_VAR_MAX; i++) {
		if (!(objs & (1u << i)))
			continue;
		n = ctl_alarm_oid(CTL_TRAP_MAX, (enum ctl_alarm_var)i, name,
				  CTL_ALARM_OID_MAX);
		if (n < 0 ||
		    snmp_pdu_add_variable(pdu, name, (size_t)n,
					  ASN_OCTET_STR, rec->var[i],
					  strlen(rec->var[i])) == NULL)
			goto out_free;
	}
	return pdu;
out_free:
	snmp_free_pdu(pdu);
	return NULL;
}

int
ctl_alarm_encode(const struct ctl_alarm_rec *rec, const char *community,
		 int32_t reqid, uint8_t *buf, size_t cap)
{
	netsnmp_session sess;
	netsnmp_pdu *pdu;
	size_t pkt_len = CTL_ALARM_PKT_MAX, off = 0;
	u_char *pkt, *msg;
	int reverse, ret;

	pdu = alarm_pdu_new(rec);
	if (pdu == NULL)
		return -ENOMEM;
	pdu->reqid = reqid;
	/* The session only lends version and community to snmp_build; it
	 * is never opened (the reactor sends: ctl_alarm.c). snmp_sess_init
	 * also sets the library's defaults once (encoding direction). */
	snmp_sess_init(&sess);
	sess.version = SNMP_VERSION_2c;
	sess.community = (u_char *)(uintptr_t)community;
	sess.community_len = strlen(community);
	/* snmp_build may grow the buffer with realloc. */
	pkt = malloc(pkt_len);
	if (pkt == NULL) {
		ret = -ENOMEM;
		goto out_pdu;
	}
	reverse = netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID,
					 NETSNMP_DS_LIB_REVERSE_ENCODE);
	if (snmp_build(&pkt, &pkt_len, &off, &sess, pdu) != 0) {
		ret = -EPROTO;
		goto out_pkt;
	}
	/* Encoded backwards, the message ends the buffer and @off is its
	 * length; forwards, it starts it and @pkt_len is what is left. */
	if (reverse) {
		msg = pkt + pkt_len - off;
	} else {
		msg = pkt;
		off = CTL_ALARM_PKT_MAX - pkt_len;
	}
	if (off == 0 || off > cap) {
		ret = off == 0 ? -EPROTO : -EMSGSIZE;
		goto out_pkt;
	}
	memcpy(buf, msg, off);
	ret = (int)off;
out_pkt:
	free(pkt);
out_pdu:
	snmp_free_pdu(pdu);
	return ret;
}
