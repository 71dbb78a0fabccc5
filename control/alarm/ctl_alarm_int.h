/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Alarms, private to control/alarm: life cycle, the counters and history
 * the commands show. Context: control.
 */
#ifndef CTL_ALARM_INT_H
#define CTL_ALARM_INT_H

#include <stdint.h>

#include "ctl_alarm.h"

struct ctl_loop;

/* Counters of `show snmp trap statistics`. */
struct ctl_alarm_stats {
	uint64_t	n_raised[CTL_TRAP_MAX];		/* events */
	uint64_t	n_sent[CTL_TRAP_MAX];		/* datagrams sent */
	uint64_t	n_suppressed[CTL_TRAP_MAX];	/* snmp trap suppress */
	uint64_t	n_send_err;	/* sendto failed (not EAGAIN) */
	uint64_t	n_encode_err;	/* net-snmp refused the PDU */
	uint64_t	n_queue_drop;	/* queue full: not sent */
	uint64_t	n_send_retry;	/* EAGAIN: kept for the next turn */
};

/* Start: copy the targets of @conf, open the socket. @return 0 or -errno */
int ctl_alarm_init(const struct ctl_conf *conf, struct ctl_loop *loop);
void ctl_alarm_fini(void);

const struct ctl_alarm_stats *ctl_alarm_stats(void);
const struct ctl_alarm_ring *ctl_alarm_history(void);
/* Traps queued and not yet sent; the queue's size. */
unsigned int ctl_alarm_queued(void);
unsigned int ctl_alarm_queue_cap(void);
/* The configuration the module runs with. */
const struct ctl_conf *ctl_alarm_conf(void);

int ctl_alarm_cmd_register(void);

#endif /* CTL_ALARM_INT_H */
