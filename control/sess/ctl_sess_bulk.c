/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bulk session operations (session load, session generate, session delete
 * all) as jobs that run in slices of a few milliseconds on the control
 * reactor, so SRP hellos, timers and API requests are served while a
 * million sessions are added; all-or-nothing as before. Synchronous
 * wrappers keep the old calls for tests and telemetry. This file is the
 * job framework (phases, slices, eventfd, progress, cancel); the file side
 * of a load is in ctl_sess_load.c, the generator in ctl_sess_gen.c.
 * Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>

#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_sess.h"
#include "ctl_sess_int.h"

/*
 * Work per slice before the reactor gets control back: at most
 * BULK_SLICE_ITEMS items (sessions checked, added, listed or deleted) and
 * at most BULK_SLICE_NS, whichever comes first. Hellos leave every 10 ms.
 */
#define BULK_SLICE_NS		(1u * 1000 * 1000)
#define BULK_SLICE_ITEMS	4096u
/* Items between two clock reads inside a slice. */
#define BULK_CLOCK_EVERY	64u
/* How long the capacity check waits for the reclaim of a delete all. */
#define BULK_FULL_WAIT_MS	10000u

/* Names of the operations, for messages. */
static const char *const bulk_kind_name[] = {
	[CTL_SESS_BULK_LOAD] = "session load",
	[CTL_SESS_BULK_GENERATE] = "session generate",
	[CTL_SESS_BULK_DELETE_ALL] = "session delete all",
};

static struct {
	struct bulk_job		*job;	/* running asynchronously */
	struct ctl_loop		*loop;	/* where efd is watched */
	int			efd;
	uint32_t		slice_items;	/* 0: BULK_SLICE_ITEMS */
	struct ctl_sess_bulk_stats stats;
} bulk = { .efd = -1 };

static uint64_t
bulk_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
bulk_job_free(struct bulk_job *j)
{
	if (j == NULL)
		return;
	if (j->f != NULL)
		fclose(j->f);
	free(j->line);
	free(j->b.v);
	free(j->b.lines);
	free(j->teids);
	free(j);
}

/* Fail the job: undo what was added, then finish with @ret. */
void
ctl_sess_i_bulk_fail(struct bulk_job *j, int ret)
{
	j->ret = ret;
	j->i = 0;
	j->phase = BP_UNWIND;
}

/* Parameters of item @i of a load or generate job. */
static void
bulk_params(const struct bulk_job *j, uint32_t i, struct sess_params *p)
{
	if (j->kind == CTL_SESS_BULK_GENERATE)
		ctl_sess_i_gen_params(&j->g, i, p);
	else
		*p = j->b.v[i];
}

/* Line number of item @i, for messages. */
static uint32_t
bulk_line(const struct bulk_job *j, uint32_t i)
{
	return j->kind == CTL_SESS_BULK_LOAD ? j->b.lines[i] : i;
}

/* Prefix of item messages: "PATH:LINE" or "session I". */
static void
bulk_item_err(struct bulk_job *j, uint32_t i, const char *msg)
{
	if (j->kind == CTL_SESS_BULK_LOAD)
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32 ": %s",
			       j->path, bulk_line(j, i), msg);
	else
		ctl_sess_i_err(j->err, sizeof(j->err), "session %" PRIu32
			       ": %s", i, msg);
}

/* Undo one added session (and its reference) of item @i. */
static void
bulk_undo(struct bulk_job *j, uint32_t i)
{
	struct sess_table *t = ctl_sess_table();
	struct sess_params p;
	const struct sess *s;

	if (j->kind == CTL_SESS_BULK_LOAD) {
		/* Load: references are undone separately (n_ref). */
		if (i < j->n_added)
			sess_table_del(t, j->b.v[i].teid_local);
		if (i < j->n_ref)
			ctl_sess_i_nh_put(j->b.v[i].nh_id);
		return;
	}
	/* Generate: each added session holds one reference. */
	bulk_params(j, i, &p);
	s = sess_table_lookup_teid(t, p.teid_local);
	if (s == NULL)
		return;
	p.nh_id = s->p.nh_id;
	if (sess_table_del(t, p.teid_local) == 0)
		ctl_sess_i_nh_put(p.nh_id);
}

/*
 * Do one item of the current phase (or a whole one-step phase).
 * @return false when the job is over.
 */
static bool
bulk_step(struct bulk_job *j)
{
	struct sess_table *t = ctl_sess_table();
	char msg[CTL_SESS_ERR_LEN];
	struct sess_params p;
	int ret;

	switch (j->phase) {
	case BP_READ:
		ctl_sess_i_load_read_line(j);
		return true;
	case BP_DUPS:
		ret = ctl_sess_i_load_dups_find(j->b.v, j->b.lines, j->n,
						j->path, j->err,
						sizeof(j->err));
		if (ret < 0)
			ctl_sess_i_bulk_fail(j, ret);
		else
			j->phase = BP_FULL;
		return true;
	case BP_FULL:
		ret = ctl_sess_i_full(j->n, msg, sizeof(msg));
		/*
		 * Room below max-sessions but still held by sessions waiting
		 * for reclaim (a delete all just before): the reclaim timer
		 * frees them a slice at a time; look again next slice.
		 */
		if (ret == -ENOSPC && bulk.job == j &&
		    sess_table_pending_slots(t) > 0 &&
		    (uint64_t)sess_table_count(t) + j->n <=
		    sess_table_max(t) &&
		    ctl_loop_now_ms() - j->t0_ms < BULK_FULL_WAIT_MS) {
			j->yield = true;
			return true;
		}
		if (ret < 0) {
			if (j->kind == CTL_SESS_BULK_LOAD)
				ctl_sess_i_err(j->err, sizeof(j->err),
					       "%s: %s", j->path, msg);
			else
				ctl_sess_i_err(j->err, sizeof(j->err), "%s",
					       msg);
			ctl_sess_i_bulk_fail(j, ret);
			return true;
		}
		j->phase = BP_CHECK;
		j->i = 0;
		return true;
	case BP_CHECK:
		if (j->i == j->n) {
			j->phase = j->kind == CTL_SESS_BULK_LOAD ?
				   BP_RESOLVE : BP_ADD;
			j->i = 0;
			return true;
		}
		bulk_params(j, j->i, &p);
		j->n_work++;
		ret = ctl_sess_i_conflicts(&p, 0, msg, sizeof(msg));
		if (ret < 0) {
			bulk_item_err(j, j->i, msg);
			ctl_sess_i_bulk_fail(j, ret);
			return true;
		}
		j->i++;
		return true;
	case BP_RESOLVE:
		if (j->n_ref == j->n) {
			j->phase = BP_ADD;
			return true;
		}
		j->n_work++;
		ret = ctl_sess_i_resolve(&j->b.v[j->n_ref], msg, sizeof(msg));
		if (ret < 0) {
			bulk_item_err(j, j->n_ref, msg);
			ctl_sess_i_bulk_fail(j, ret);
			return true;
		}
		j->n_ref++;
		return true;
	case BP_ADD:
		if (j->n_added == j->n) {
			j->ret = (int)j->n;
			j->phase = BP_DONE;
			return true;
		}
		bulk_params(j, j->n_added, &p);
		j->n_work++;
		if (j->kind == CTL_SESS_BULK_GENERATE) {
			ret = ctl_sess_i_resolve(&p, msg, sizeof(msg));
			if (ret < 0) {
				bulk_item_err(j, j->n_added, msg);
				ctl_sess_i_bulk_fail(j, ret);
				return true;
			}
		}
		ret = sess_table_add(t, &p);
		if (ret == 0)
			ctl_sess_timer_note_own(&p);
		if (ret < 0) {
			if (j->kind == CTL_SESS_BULK_GENERATE)
				ctl_sess_i_nh_put(p.nh_id);
			ctl_sess_i_add_err(ret, msg, sizeof(msg));
			bulk_item_err(j, j->n_added, msg);
			ctl_sess_i_bulk_fail(j, ret);
			return true;
		}
		j->n_added++;
		return true;
	case BP_COLLECT:
		/* One session per step: a walk of a million is a slice's
		 * worth of work many times over. */
		if (j->teids == NULL) {
			j->cap = sess_table_count(t);
			if (j->cap > 0) {
				j->teids = malloc((size_t)j->cap *
						  sizeof(*j->teids));
				if (j->teids == NULL) {
					ctl_sess_i_err(j->err, sizeof(j->err),
						       "out of memory");
					j->ret = -ENOMEM;
					j->phase = BP_DONE;
					return true;
				}
			}
			j->n = 0;
			j->iter = 0;
		}
		{
			const struct sess *s;

			/* Sessions added since the start are not ours. */
			if (j->n < j->cap &&
			    sess_table_iterate(t, &j->iter, &s) == 0) {
				j->teids[j->n++] = s->p.teid_local;
				j->n_work++;
				return true;
			}
		}
		j->i = 0;
		j->phase = BP_DELETE;
		return true;
	case BP_DELETE:
		if (j->i == j->n) {
			j->ret = (int)j->n;
			j->phase = BP_DONE;
			return true;
		}
		j->n_work++;
		{
			const struct sess *s =
				sess_table_lookup_teid(t, j->teids[j->i]);

			if (s != NULL) {
				uint16_t nh = s->p.nh_id;

				if (sess_table_del(t, j->teids[j->i]) == 0)
					ctl_sess_i_nh_put(nh);
			}
		}
		j->i++;
		return true;
	case BP_UNWIND:
		/* Undo adds and references: the larger of the two counts. */
		if (j->i >= RTE_MAX(j->n_added, j->n_ref)) {
			j->phase = BP_DONE;
			return true;
		}
		bulk_undo(j, j->i);
		j->n_work++;
		j->i++;
		return true;
	case BP_DONE:
		break;
	}
	return false;
}

/*
 * Run one slice of asynchronous job @j: until it is over, has done the
 * slice's items, or @deadline_ns passes. @return true when over.
 */
static bool
bulk_run(struct bulk_job *j, uint64_t deadline_ns)
{
	uint32_t max = bulk.slice_items != 0 ? bulk.slice_items :
		       BULK_SLICE_ITEMS;
	unsigned int k = 0;

	j->n_work = 0;
	j->yield = false;
	while (j->n_work < max && bulk_step(j) && !j->yield) {
		if (++k % BULK_CLOCK_EVERY == 0 && bulk_now_ns() >= deadline_ns)
			break;
	}
	bulk.stats.n_slices++;
	bulk.stats.n_items += j->n_work;
	if (j->n_work > bulk.stats.max_slice_items)
		bulk.stats.max_slice_items = j->n_work;
	ctl_sess_i_schedule();
	return j->phase == BP_DONE;
}

void
ctl_sess_bulk_slice_set(uint32_t items)
{
	bulk.slice_items = items;
	memset(&bulk.stats, 0, sizeof(bulk.stats));
}

void
ctl_sess_bulk_stats_get(struct ctl_sess_bulk_stats *st)
{
	*st = bulk.stats;
}

/* Report and free a finished job. */
static void
bulk_finish(struct bulk_job *j)
{
	uint64_t elapsed = ctl_loop_now_ms() - j->t0_ms;

	if (j->ret < 0)
		CTL_LOG(INFO, "%s failed after %" PRIu64 " ms: %s",
			bulk_kind_name[j->kind], elapsed, j->err);
	else
		CTL_LOG(INFO, "%s: %d sessions in %" PRIu64 " ms",
			bulk_kind_name[j->kind], j->ret, elapsed);
	if (j->done != NULL)
		j->done(j->arg, j->ret, j->ret < 0 ? j->err : "", elapsed);
	bulk_job_free(j);
}

static void
bulk_efd_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct bulk_job *j = bulk.job;
	bool over;
	uint64_t v;

	(void)loop;
	(void)events;
	(void)arg;
	if (j == NULL) {
		/* Nothing to do: clear the readiness. */
		if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			CTL_LOG(WARNING, "bulk eventfd read: %s",
				strerror(errno));
		return;
	}
	/* The eventfd stays readable: epoll comes back after other work. */
	over = bulk_run(j, bulk_now_ns() + BULK_SLICE_NS);
	if (!over)
		return;
	bulk.job = NULL;
	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		CTL_LOG(WARNING, "bulk eventfd read: %s", strerror(errno));
	bulk_finish(j);
}

/* Watch the eventfd on the manager's reactor (once). */
static int
bulk_efd_open(struct ctl_loop *loop)
{
	int ret;

	if (bulk.efd >= 0 && bulk.loop == loop)
		return 0;
	if (bulk.efd >= 0) {
		if (bulk.loop != NULL)
			ctl_loop_fd_del(bulk.loop, bulk.efd);
		close(bulk.efd);
		bulk.efd = -1;
	}
	bulk.efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (bulk.efd < 0)
		return -errno;
	ret = ctl_loop_fd_add(loop, bulk.efd, EPOLLIN, bulk_efd_cb, NULL);
	if (ret < 0) {
		close(bulk.efd);
		bulk.efd = -1;
		return ret;
	}
	bulk.loop = loop;
	return 0;
}

int
ctl_sess_i_bulk_idle(char *err, size_t err_len)
{
	const struct bulk_job *j = bulk.job;

	if (j == NULL)
		return 0;
	ctl_sess_i_err(err, err_len, "%s is running (%" PRIu32 " of %" PRIu32
		       " done); try again when it has finished",
		       bulk_kind_name[j->kind],
		       j->phase == BP_DELETE ? j->i : j->n_added, j->n);
	return -EBUSY;
}

void
ctl_sess_i_bulk_abort(void)
{
	if (bulk.job != NULL) {
		CTL_LOG(WARNING, "%s abandoned at shut-down",
			bulk_kind_name[bulk.job->kind]);
		bulk_job_free(bulk.job);
		bulk.job = NULL;
	}
	if (bulk.efd >= 0) {
		if (bulk.loop != NULL)
			ctl_loop_fd_del(bulk.loop, bulk.efd);
		close(bulk.efd);
	}
	bulk.efd = -1;
	bulk.loop = NULL;
}

bool
ctl_sess_bulk_busy(void)
{
	return bulk.job != NULL;
}

void
ctl_sess_bulk_detach(void)
{
	if (bulk.job != NULL)
		bulk.job->done = NULL;
}

/* A new job of @kind, checked against the manager's state. */
static struct bulk_job *
bulk_job_new(enum ctl_sess_bulk_kind kind, char *err, size_t err_len,
	     int *ret)
{
	struct bulk_job *j;

	*ret = ctl_sess_i_ready(err, err_len);
	if (*ret == 0)
		*ret = ctl_sess_i_bulk_idle(err, err_len);
	if (*ret < 0)
		return NULL;
	j = calloc(1, sizeof(*j));
	if (j == NULL) {
		ctl_sess_i_err(err, err_len, "out of memory");
		*ret = -ENOMEM;
		return NULL;
	}
	j->kind = kind;
	j->t0_ms = ctl_loop_now_ms();
	return j;
}

/* Set up the job of a request; @return it, or NULL with *ret and @err. */
static struct bulk_job *
bulk_prepare(enum ctl_sess_bulk_kind kind, const char *path,
	     const struct ctl_sess_gen *g, char *err, size_t err_len,
	     int *ret)
{
	struct bulk_job *j;

	if (kind == CTL_SESS_BULK_LOAD && (path == NULL || *path == '\0')) {
		ctl_sess_i_err(err, err_len,
			       "no file name; usage: session load FILE");
		*ret = -EINVAL;
		return NULL;
	}
	if (kind == CTL_SESS_BULK_LOAD && strlen(path) >= CTL_SESS_LINE_MAX) {
		ctl_sess_i_err(err, err_len, "file name too long");
		*ret = -ENAMETOOLONG;
		return NULL;
	}
	if (kind == CTL_SESS_BULK_GENERATE) {
		*ret = ctl_sess_i_gen_check(g, err, err_len);
		if (*ret < 0)
			return NULL;
	}
	j = bulk_job_new(kind, err, err_len, ret);
	if (j == NULL)
		return NULL;
	switch (kind) {
	case CTL_SESS_BULK_LOAD:
		snprintf(j->path, sizeof(j->path), "%s", path);
		*ret = ctl_sess_i_load_open(j, err, err_len);
		if (*ret < 0) {
			bulk_job_free(j);
			return NULL;
		}
		j->phase = BP_READ;
		break;
	case CTL_SESS_BULK_GENERATE:
		j->g = *g;
		j->n = g->count;
		j->phase = BP_FULL;
		break;
	case CTL_SESS_BULK_DELETE_ALL:
		j->phase = BP_COLLECT;
		break;
	}
	return j;
}

int
ctl_sess_bulk_start(enum ctl_sess_bulk_kind kind, const char *path,
		    const struct ctl_sess_gen *g, ctl_sess_bulk_done_fn *done,
		    void *arg, char *err, size_t err_len)
{
	struct ctl_loop *loop = ctl_sess_i_loop();
	struct bulk_job *j;
	uint64_t one = 1;
	int ret;

	if ((unsigned int)kind >= RTE_DIM(bulk_kind_name) || done == NULL) {
		ctl_sess_i_err(err, err_len, "bad bulk request");
		return -EINVAL;
	}
	if (loop == NULL) {
		ctl_sess_i_err(err, err_len, "no reactor: run it synchronously");
		return -EOPNOTSUPP;
	}
	j = bulk_prepare(kind, path, g, err, err_len, &ret);
	if (j == NULL)
		return ret;
	ret = bulk_efd_open(loop);
	if (ret == 0 && write(bulk.efd, &one, sizeof(one)) < 0)
		ret = -errno;
	if (ret < 0) {
		ctl_sess_i_err(err, err_len, "cannot schedule the job: %s",
			       strerror(-ret));
		bulk_job_free(j);
		return ret;
	}
	j->done = done;
	j->arg = arg;
	bulk.job = j;
	return 0;
}

/* Run a job to the end now; @return its result. */
static int
bulk_sync(enum ctl_sess_bulk_kind kind, const char *path,
	  const struct ctl_sess_gen *g, char *err, size_t err_len)
{
	struct bulk_job *j;
	int ret;

	j = bulk_prepare(kind, path, g, err, err_len, &ret);
	if (j == NULL)
		return ret;
	/* No reactor turn to keep short: the whole job at once. */
	while (bulk_step(j))
		;
	ctl_sess_i_schedule();
	ret = j->ret;
	if (ret < 0)
		ctl_sess_i_err(err, err_len, "%s", j->err);
	bulk_job_free(j);
	return ret;
}

int
ctl_sess_load(const char *path, char *err, size_t err_len)
{
	return bulk_sync(CTL_SESS_BULK_LOAD, path, NULL, err, err_len);
}

int
ctl_sess_generate(const struct ctl_sess_gen *g, char *err, size_t err_len)
{
	if (g == NULL) {
		ctl_sess_i_err(err, err_len, "no request given");
		return -EINVAL;
	}
	return bulk_sync(CTL_SESS_BULK_GENERATE, NULL, g, err, err_len);
}

int
ctl_sess_delete_all(char *err, size_t err_len)
{
	return bulk_sync(CTL_SESS_BULK_DELETE_ALL, NULL, NULL, err, err_len);
}
