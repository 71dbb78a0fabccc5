/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to control/mon: life cycle, commands, naming. Context: control.
 */
#ifndef CTL_MON_INT_H
#define CTL_MON_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_mon.h"

/** Copy the targets from @conf, register the commands, start the engines
 *  of the kinds configured. @return 0 or a negative errno */
int ctl_mon_init(const struct ctl_conf *conf, struct ctl_loop *loop);
void ctl_mon_fini(void);
/** In-service configuration change (module reconf hook): the monitors
 *  start again when their lines or the AAA/Diameter settings changed.
 *  @return 0 or a negative errno (@err filled) */
int ctl_mon_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
		   char *err, size_t err_len);
/** Whether an engine probes @kind. */
bool ctl_mon_engine_for(enum srp_monitor_kind kind);
int ctl_mon_cmd_register(void);
/** "CTX ADDR [group N]" or "CTX endpoint E [peer P]" into @buf. */
const char *ctl_mon_target_name(const struct srp_monitor *m, char *buf,
				size_t len);

/* ctl_mon_local.c: the local-fault detector and its test hook. */
struct ctl_reply;
int ctl_mon_local_start(const struct ctl_conf *conf, struct ctl_loop *loop);
void ctl_mon_local_stop(void);
void ctl_mon_local_role(bool active);
void ctl_mon_local_show(struct ctl_reply *out);
int ctl_mon_local_cmd_register(void);

/* Checks in a row a short mbuf pool takes to be a fault. */
#define CTL_MON_MBUF_CHECKS	3u

/* State of the mbuf-exhaustion rule between two checks. */
struct ctl_mon_mbuf_rule {
	uint64_t	last_nombuf;	/* rx_nombuf sum seen last */
	unsigned int	n_short;	/* short checks in a row (saturates) */
};

/**
 * One check of the mbuf-exhaustion rule (pure): the pool is short when
 * @n_free (free mbufs outside the per-lcore caches) is below @floor (a
 * burst per worker) or when @nombuf (the ports' rx_nombuf summed) grew
 * since the last check. Updates @r.
 * Context: any (pure).
 * @return true when short for CTL_MON_MBUF_CHECKS checks in a row
 */
bool ctl_mon_mbuf_check(struct ctl_mon_mbuf_rule *r, uint64_t n_free,
			uint64_t floor, uint64_t nombuf);

#endif /* CTL_MON_INT_H */
