/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pure part of the alarms: trap records, the history ring, the
 * varbinds in words and the SNMPv2-Trap PDU (built and encoded with
 * net-snmp's library, never sent from here). Context: any (no I/O).
 */
#ifndef CTL_ALARM_PDU_H
#define CTL_ALARM_PDU_H

#include <stddef.h>
#include <stdint.h>

#include "conf/ctl_conf.h"

#define CTL_ALARM_HISTORY	64	/* records `show snmp trap history` keeps */
#define CTL_ALARM_VAR_LEN	96	/* bytes per varbind text, NUL included */
#define CTL_ALARM_PKT_MAX	1024	/* an encoded trap fits this */
#define CTL_ALARM_OID_MAX	16	/* sub-identifiers of our OIDs */

/* The varbinds, in the bit order of CTL_TRAP_O_*. */
enum ctl_alarm_var {
	CTL_ALARM_VAR_STATE = 0,
	CTL_ALARM_VAR_CAUSE,
	CTL_ALARM_VAR_PEER,
	CTL_ALARM_VAR_TARGET,
	CTL_ALARM_VAR_MAX,
};

/* What a caller tells about an event; NULL = not known ("-"). */
struct ctl_alarm_vars {
	const char	*state;
	const char	*cause;
	const char	*peer;
	const char	*target;
};

/* One raised trap as kept in the history and encoded for the targets. */
struct ctl_alarm_rec {
	uint64_t	wall_ms;	/* CLOCK_REALTIME, ms since the epoch */
	uint32_t	uptime_cs;	/* sysUpTime.0: hundredths of a second */
	enum ctl_trap	trap;
	char		var[CTL_ALARM_VAR_MAX][CTL_ALARM_VAR_LEN];
};

/* The last CTL_ALARM_HISTORY records, oldest overwritten first. */
struct ctl_alarm_ring {
	struct ctl_alarm_rec	rec[CTL_ALARM_HISTORY];
	uint64_t		n;	/* records ever pushed */
};

/**
 * Set net-snmp's library defaults (it reads /etc/services once) at
 * start-up rather than on the first trap. Context: control, at start.
 */
void ctl_alarm_pdu_init(void);

/** CTL_TRAP_O_* varbinds trap @t carries (0 when out of range). */
uint32_t ctl_alarm_trap_objects(enum ctl_trap t);

/** Short name of varbind @v ("state", "cause", "peer", "target"). */
const char *ctl_alarm_var_name(enum ctl_alarm_var v);

/**
 * Fill @rec for trap @t: the varbinds @t carries are copied from @v
 * (cut to CTL_ALARM_VAR_LEN - 1 bytes, control characters replaced by
 * '?', "-" when NULL or empty), the others left empty.
 */
void ctl_alarm_rec_fill(struct ctl_alarm_rec *rec, enum ctl_trap t,
			const struct ctl_alarm_vars *v, uint64_t wall_ms,
			uint32_t uptime_cs);

/**
 * The varbinds of @rec in words, "peer 192.0.2.2, cause hello timeout",
 * into @buf (always NUL-terminated). @return @buf
 */
const char *ctl_alarm_rec_words(const struct ctl_alarm_rec *rec, char *buf,
				size_t len);

/** Append a copy of @rec, dropping the oldest when full. */
void ctl_alarm_ring_push(struct ctl_alarm_ring *r,
			 const struct ctl_alarm_rec *rec);

/** Records held (at most CTL_ALARM_HISTORY). */
unsigned int ctl_alarm_ring_count(const struct ctl_alarm_ring *r);

/** Record @i, 0 = the oldest held; NULL past the end. */
const struct ctl_alarm_rec *ctl_alarm_ring_get(const struct ctl_alarm_ring *r,
					       unsigned int i);

/**
 * OID of trap @t (srpgwSrpNotifications.sub-id) or, with @t ==
 * CTL_TRAP_MAX and @var < CTL_ALARM_VAR_MAX, of varbind instance
 * srpgwSrpObjects.(var+1).0, as sub-identifiers into @out.
 * @return the number of sub-identifiers, or -EINVAL
 */
int ctl_alarm_oid(enum ctl_trap t, enum ctl_alarm_var var, unsigned long *out,
		  size_t cap);

/**
 * Encode @rec as an SNMPv2c message with an SNMPv2-Trap PDU (RFC 3416
 * section 4.2.6): sysUpTime.0, snmpTrapOID.0, then the trap's varbinds as
 * OCTET STRINGs, community @community, request id @reqid.
 * @return the length written to @buf, -ENOMEM, -EMSGSIZE when @cap is too
 * small, -EPROTO when net-snmp refuses the PDU
 */
int ctl_alarm_encode(const struct ctl_alarm_rec *rec, const char *community,
		     int32_t reqid, uint8_t *buf, size_t cap);

#endif /* CTL_ALARM_PDU_H */
