/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Alarms (docs/alarms.md): what srp and mon call to raise a named SRP
 * event. Each goes to the log, to `show snmp trap history` and, unless
 * suppressed, as an SNMPv2c trap to every `snmp target`. Context: control.
 */
#ifndef CTL_ALARM_H
#define CTL_ALARM_H

#include "conf/ctl_conf.h"
#include "ctl_alarm_pdu.h"

/**
 * Raise trap @t with the varbinds in @v (NULL members: "-"; @v may be
 * NULL). Never blocks: one log line, one history record, and per target
 * one encoded trap queued for the reactor (dropped and counted when the
 * queue is full). Does nothing before the alarm module started.
 * Context: control.
 */
void ctl_alarm_raise(enum ctl_trap t, const struct ctl_alarm_vars *v);

#endif /* CTL_ALARM_H */
