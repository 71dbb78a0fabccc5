/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the two halves of the session manager: ctl_sess.c
 * (single changes, life cycle) and ctl_sess_bulk.c (load, generate, delete
 * all in slices). Not for other modules. Context: control.
 */
#ifndef CTL_SESS_INT_H
#define CTL_SESS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "sess_table.h"

struct ctl_loop;

/** snprintf into @err (NULL or 0 length: nothing). */
void ctl_sess_i_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** -ENODEV with a message when the manager is not initialised. */
int ctl_sess_i_ready(char *err, size_t err_len);

/** Take the downlink neighbour reference of p's peer into p->nh_id. */
int ctl_sess_i_resolve(struct sess_params *p, char *err, size_t err_len);

/**
 * -EEXIST with a message when a key of @p (local TEID unless @self, UE
 * addresses, peer + remote TEID) belongs to a session other than @self.
 */
int ctl_sess_i_conflicts(const struct sess_params *p, uint32_t self,
			 char *err, size_t err_len);

/** -ENOSPC with a message when fewer than @need slots are free. */
int ctl_sess_i_full(uint32_t need, char *err, size_t err_len);

/** Message for an error of sess_table_add/modify; returns @ret. */
int ctl_sess_i_add_err(int ret, char *err, size_t err_len);

/** Arrange the reclamation of retired session objects. */
void ctl_sess_i_schedule(void);

/** inet_ntop of a 4- or 16-byte address ("?" on failure). */
const char *ctl_sess_i_addr_str(uint8_t af, const uint8_t *a, char *buf,
				size_t len);

/** Drop a neighbour reference taken by ctl_sess_i_resolve(). */
void ctl_sess_i_nh_put(uint16_t nh_id);

/** The reactor given to ctl_sess_init(), or NULL. */
struct ctl_loop *ctl_sess_i_loop(void);

/**
 * -EBUSY with a message naming the running bulk operation, 0 when none
 * runs (single changes refuse to interleave with one).
 */
int ctl_sess_i_bulk_idle(char *err, size_t err_len);

/** Abandon a running bulk operation (ctl_sess_fini). */
void ctl_sess_i_bulk_abort(void);

#endif /* CTL_SESS_INT_H */
