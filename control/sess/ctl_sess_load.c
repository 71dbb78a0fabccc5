/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file side of the session load job: opening the file, reading and
 * parsing it a line per step, and finding keys given twice in it (the
 * job itself runs in ctl_sess_bulk.c). Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>

#include "ctl_sess.h"
#include "ctl_sess_int.h"

#define SESS_MAX_LINE_WORDS	24

/* One key of one line, for duplicate detection by sorting. */
struct sess_dup {
	uint8_t		key[24];
	uint32_t	line;
};

/* Key 3 of ctl_sess_i_load_dups_find: remote TEID, peer af and address
 * (sessions without a downlink tunnel have none). */
static void
sess_dup_remote_key(const struct sess_params *p, uint8_t key[24])
{
	memset(key, 0, 24);
	memcpy(key, &p->teid_remote, 4);
	key[4] = p->peer_af;
	memcpy(key + 8, p->peer_addr, p->peer_af == 4 ? 4 : 16);
}

static int
sess_dup_cmp(const void *a, const void *b, void *arg)
{
	const struct sess_dup *x = a, *y = b;
	int c = memcmp(x->key, y->key, (size_t)(uintptr_t)arg);

	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Find a key given twice among @n sessions. Reports the later line.
 * @return 0, -EEXIST, -ENOMEM
 */
int
ctl_sess_i_load_dups_find(const struct sess_params *v, const uint32_t *lines,
			  uint32_t n, const char *path, char *err,
			  size_t err_len)
{
	static const char *const what[] = { "local-teid", "ue-ipv4", "ue-ipv6" };
	static const size_t klen[] = { 4, 4, 16, 24 };
	struct sess_dup *d;
	uint32_t i, m, bad_line = 0, first_line = 0;
	unsigned int k, bad_k = 0;
	char a[INET6_ADDRSTRLEN];
	uint8_t bad_key[24];

	d = malloc((size_t)n * sizeof(*d) + 1);
	if (d == NULL) {
		ctl_sess_i_err(err, err_len, "%s: out of memory", path);
		return -ENOMEM;
	}
	for (k = 0; k < RTE_DIM(klen) && bad_line == 0; k++) {
		m = 0;
		for (i = 0; i < n; i++) {
			memset(d[m].key, 0, sizeof(d[m].key));
			if (k == 0)
				memcpy(d[m].key, &v[i].teid_local, 4);
			else if (k == 1 && v[i].has_ue4)
				memcpy(d[m].key, v[i].ue4, 4);
			else if (k == 2 && v[i].has_ue6)
				memcpy(d[m].key, v[i].ue6, 16);
			else if (k == 3 && sess_params_has_tunnel(&v[i]))
				sess_dup_remote_key(&v[i], d[m].key);
			else
				continue;
			d[m++].line = lines[i];
		}
		qsort_r(d, m, sizeof(*d), sess_dup_cmp,
			(void *)(uintptr_t)klen[k]);
		for (i = 1; i < m; i++) {
			if (memcmp(d[i].key, d[i - 1].key, klen[k]) != 0)
				continue;
			/* Report the lowest offending line. */
			if (bad_line == 0 || d[i].line < bad_line) {
				bad_line = d[i].line;
				first_line = d[i - 1].line;
				bad_k = k;
				memcpy(bad_key, d[i].key, sizeof(bad_key));
			}
		}
	}
	free(d);
	if (bad_line == 0)
		return 0;
	if (bad_k == 0) {
		uint32_t teid;

		memcpy(&teid, bad_key, 4);
		ctl_sess_i_err(err, err_len, "%s:%" PRIu32 ": local-teid %" PRIu32
			 " repeats line %" PRIu32, path, bad_line, teid,
			 first_line);
	} else if (bad_k == 3) {
		uint32_t teid;

		memcpy(&teid, bad_key, 4);
		ctl_sess_i_err(err, err_len, "%s:%" PRIu32 ": peer %s remote-teid %"
			 PRIu32 " (0x%" PRIx32 ") repeats line %" PRIu32,
			 path, bad_line,
			 ctl_sess_i_addr_str(bad_key[4], bad_key + 8, a, sizeof(a)),
			 teid, teid, first_line);
	} else {
		ctl_sess_i_err(err, err_len, "%s:%" PRIu32 ": %s %s repeats line %"
			 PRIu32, path, bad_line, what[bad_k],
			 ctl_sess_i_addr_str(bad_k == 1 ? 4 : 6, bad_key, a,
				       sizeof(a)), first_line);
	}
	return -EEXIST;
}

/* Split @line in place at blanks, dropping a '#' comment. */
static int
sess_line_split(char *line, char **argv, int max)
{
	char *c = strchr(line, '#'), *p = line;
	int n = 0;

	if (c != NULL)
		*c = '\0';
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0')
			return n;
		if (n == max)
			return -E2BIG;
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

static int
sess_batch_push(struct sess_batch *b, const struct sess_params *p,
		uint32_t line)
{
	if (b->n == b->cap) {
		uint32_t cap = b->cap == 0 ? 1024 : b->cap * 2;
		struct sess_params *v;
		uint32_t *l;

		v = realloc(b->v, (size_t)cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		b->v = v;
		l = realloc(b->lines, (size_t)cap * sizeof(*l));
		if (l == NULL)
			return -ENOMEM;
		b->lines = l;
		b->cap = cap;
	}
	b->v[b->n] = *p;
	b->lines[b->n] = line;
	b->n++;
	return 0;
}

/* One line of the file; false at the end or on an error. */
bool
ctl_sess_i_load_read_line(struct bulk_job *j)
{
	char *argv[SESS_MAX_LINE_WORDS];
	char msg[CTL_SESS_ERR_LEN];
	struct sess_params p;
	ssize_t len;
	int argc, ret;

	len = getline(&j->line, &j->line_cap, j->f);
	if (len < 0) {
		if (ferror(j->f)) {
			ctl_sess_i_err(j->err, sizeof(j->err),
				       "%s: read error", j->path);
			ctl_sess_i_bulk_fail(j, -EIO);
		} else {
			j->n = j->b.n;
			j->phase = j->n == 0 ? BP_DONE : BP_DUPS;
		}
		return false;
	}
	j->lineno++;
	j->bytes_read += (uint64_t)len;
	if (j->bytes_read > CTL_SESS_LOAD_MAX_BYTES) {
		/* The file grew while it was read. */
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32
			       ": file longer than %d bytes", j->path,
			       j->lineno, CTL_SESS_LOAD_MAX_BYTES);
		ctl_sess_i_bulk_fail(j, -EFBIG);
		return false;
	}
	if ((size_t)len > CTL_SESS_LINE_MAX) {
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32
			       ": line longer than %d bytes", j->path,
			       j->lineno, CTL_SESS_LINE_MAX);
		ctl_sess_i_bulk_fail(j, -EINVAL);
		return false;
	}
	if (memchr(j->line, '\0', (size_t)len) != NULL) {
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32
			       ": NUL byte in line", j->path, j->lineno);
		ctl_sess_i_bulk_fail(j, -EINVAL);
		return false;
	}
	argc = sess_line_split(j->line, argv, SESS_MAX_LINE_WORDS);
	if (argc == 0)
		return true;
	if (argc < 0) {
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32
			       ": too many words; usage: %s", j->path,
			       j->lineno, CTL_SESS_CREATE_ARGS);
		ctl_sess_i_bulk_fail(j, -EINVAL);
		return false;
	}
	ret = ctl_sess_parse_create(argc, argv, &p, msg, sizeof(msg));
	if (ret < 0) {
		ctl_sess_i_err(j->err, sizeof(j->err), "%s:%" PRIu32 ": %s",
			       j->path, j->lineno, msg);
		ctl_sess_i_bulk_fail(j, ret);
		return false;
	}
	if (sess_batch_push(&j->b, &p, j->lineno) < 0) {
		ctl_sess_i_err(j->err, sizeof(j->err), "%s: out of memory",
			       j->path);
		ctl_sess_i_bulk_fail(j, -ENOMEM);
		return false;
	}
	return true;
}

/*
 * Open the file of a load job: only a regular file of at most
 * CTL_SESS_LOAD_MAX_BYTES. O_NONBLOCK keeps open() of a FIFO or a device
 * from blocking the reactor; they are refused once fstat() tells what they
 * are. @return 0 or -errno with @err.
 */
int
ctl_sess_i_load_open(struct bulk_job *j, char *err, size_t err_len)
{
	struct stat st;
	int fd, ret;

	fd = open(j->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		ctl_sess_i_err(err, err_len, "%s: %s", j->path,
			       strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		ctl_sess_i_err(err, err_len, "%s: %s", j->path,
			       strerror(errno));
		close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode)) {
		ctl_sess_i_err(err, err_len, "%s: not a regular file",
			       j->path);
		close(fd);
		return -EINVAL;
	}
	if (st.st_size > CTL_SESS_LOAD_MAX_BYTES) {
		ctl_sess_i_err(err, err_len, "%s: %jd bytes, more than the "
			       "%d a session file may have", j->path,
			       (intmax_t)st.st_size, CTL_SESS_LOAD_MAX_BYTES);
		close(fd);
		return -EFBIG;
	}
	j->f = fdopen(fd, "r");
	if (j->f == NULL) {
		ret = -errno;
		ctl_sess_i_err(err, err_len, "%s: %s", j->path,
			       strerror(errno));
		close(fd);
		return ret;
	}
	return 0;
}
