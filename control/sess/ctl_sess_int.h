/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the files of the session manager: ctl_sess.c (life
 * cycle, reclaim, checks), ctl_sess_edit.c (single changes),
 * ctl_sess_repl.c (replicated sessions), ctl_sess_bulk.c (load, generate,
 * delete all in slices) with ctl_sess_load.c (the file of a load) and
 * ctl_sess_gen.c (the sessions of a generate). Not for other modules.
 * Context: control.
 */
#ifndef CTL_SESS_INT_H
#define CTL_SESS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctl_sess.h"
#include "sess_table.h"

struct ctl_loop;

/** snprintf into @err (NULL or 0 length: nothing). */
void ctl_sess_i_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** -ENODEV with a message when the manager is not initialised. */
int ctl_sess_i_ready(char *err, size_t err_len);

/**
 * Take the downlink neighbour reference of p's peer into p->nh_id
 * (DP_NH_NONE and no reference for a session without a downlink tunnel).
 */
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

/** Drop a neighbour reference taken by ctl_sess_i_resolve() (none for
 * DP_NH_NONE). */
void ctl_sess_i_nh_put(uint16_t nh_id);

/** The reactor given to ctl_sess_init(), or NULL. */
struct ctl_loop *ctl_sess_i_loop(void);

/**
 * -EBUSY with a message naming the running bulk operation, 0 when none
 * runs (single changes refuse to interleave with one).
 */
int ctl_sess_i_bulk_idle(char *err, size_t err_len);

/** Start / stop the session timers' expiry pass (ctl_sess_timer.c). */
int ctl_sess_i_timer_start(struct ctl_loop *loop);
void ctl_sess_i_timer_stop(void);

/** Abandon a running bulk operation (ctl_sess_fini). */
void ctl_sess_i_bulk_abort(void);

/* Bulk jobs (ctl_sess_bulk.c, ctl_sess_load.c, ctl_sess_gen.c) */

/* The sessions read from a load file, with their line numbers. */
struct sess_batch {
	struct sess_params	*v;
	uint32_t		*lines;
	uint32_t		n;
	uint32_t		cap;
};

/* Steps of a job, in order; a kind skips the ones it does not need. */
enum bulk_phase {
	BP_READ = 0,	/* load: parse lines */
	BP_DUPS,	/* load: duplicates inside the file (one step) */
	BP_FULL,	/* capacity (one step) */
	BP_CHECK,	/* load, generate: conflicts with the table */
	BP_RESOLVE,	/* load: neighbour references */
	BP_ADD,		/* load: add; generate: resolve + add */
	BP_COLLECT,	/* delete all: list the TEIDs (one per step) */
	BP_DELETE,	/* delete all: delete */
	BP_UNWIND,	/* after a failure: undo the adds */
	BP_DONE,
};

/* One bulk operation: its phase, cursors and what each kind needs. */
struct bulk_job {
	enum ctl_sess_bulk_kind	kind;
	enum bulk_phase		phase;
	uint32_t		i;	/* cursor of the phase */
	uint32_t		n;	/* items of the job */
	uint32_t		n_ref;	/* neighbour references taken */
	uint32_t		n_added; /* sessions added */
	int			ret;
	uint64_t		t0_ms;
	ctl_sess_bulk_done_fn	*done;
	void			*arg;
	/* load */
	FILE			*f;
	char			*line;
	size_t			line_cap;
	uint32_t		lineno;
	uint64_t		bytes_read;
	struct sess_batch	b;
	/* generate */
	struct ctl_sess_gen	g;
	/* delete all */
	uint32_t		*teids;
	uint32_t		cap;	/* of teids */
	uint32_t		iter;	/* sess_table_iterate() cursor */
	/* this slice */
	uint32_t		n_work;	/* items done */
	bool			yield;	/* end the slice now */
	char			path[CTL_SESS_LINE_MAX];
	char			err[CTL_SESS_ERR_LEN];
};

/** Fail job @j: undo what was added, then finish with @ret. */
void ctl_sess_i_bulk_fail(struct bulk_job *j, int ret);

/**
 * Open the file of load job @j (j->path): only a regular file of at most
 * CTL_SESS_LOAD_MAX_BYTES. @return 0 or -errno with @err.
 */
int ctl_sess_i_load_open(struct bulk_job *j, char *err, size_t err_len);

/** Read and parse one line of load job @j; false at the end or on an error. */
bool ctl_sess_i_load_read_line(struct bulk_job *j);

/**
 * Find a key given twice among the @n sessions @v read from @path (lines
 * @lines); reports the later line. @return 0, -EEXIST, -ENOMEM
 */
int ctl_sess_i_load_dups_find(const struct sess_params *v,
			      const uint32_t *lines, uint32_t n,
			      const char *path, char *err, size_t err_len);

/** Arguments of generate request @g that need no table; -EINVAL with @err. */
int ctl_sess_i_gen_check(const struct ctl_sess_gen *g, char *err,
			 size_t err_len);

/** Session @i of generate request @g. */
void ctl_sess_i_gen_params(const struct ctl_sess_gen *g, uint32_t i,
			   struct sess_params *p);

#endif /* CTL_SESS_INT_H */
