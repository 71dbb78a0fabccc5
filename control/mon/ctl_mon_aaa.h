/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The AAA monitor engine ("monitor authentication-probe"): RADIUS
 * Access-Request probes from the active chassis to each monitored server,
 * and "srp reset-auth-probe-fail". Context: control.
 */
#ifndef CTL_MON_AAA_H
#define CTL_MON_AAA_H

/* Told by "srp reset-auth-probe-fail" after the targets were reset, so
 * that SRP clears its AAA non-reversible flag (chapter "AAA Monitor"). */
typedef void ctl_mon_aaa_reset_fn(void);

/** Install @fn (NULL: nobody told). Context: control. */
void ctl_mon_aaa_reset_hook_set(ctl_mon_aaa_reset_fn *fn);

/**
 * "srp reset-auth-probe-fail": every AAA target's failure count and probe
 * counters back to 0, its failure state cleared (probing starts again on
 * the active), then the hook. Context: control.
 * @return the number of AAA targets reset
 */
unsigned int ctl_mon_aaa_reset(void);

#endif /* CTL_MON_AAA_H */
