/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The recent-log ring of the support bundle: a bounded byte ring (pure
 * part) and the stdio cookie stream that DPDK's log writes through. Every
 * thread that logs holds the stream's stdio lock while its message enters
 * the ring, so the ring needs no lock of its own; the reactor only tries
 * that lock (ftrylockfile) and never waits for a logging thread.
 * Context: any (writers), control (snapshot).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_log.h>

#include "ctl_logring.h"

int
ctl_logring_init(struct ctl_logring *r, size_t size)
{
	if (r == NULL || size < 64)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->buf = malloc(size);
	if (r->buf == NULL)
		return -ENOMEM;
	r->size = size;
	return 0;
}

void
ctl_logring_free(struct ctl_logring *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* Append @n bytes as they are; only the last r->size of them stay. */
static void
logring_raw(struct ctl_logring *r, const char *s, size_t n)
{
	size_t at, first;

	r->written += n;
	if (n > r->size) {
		s += n - r->size;
		n = r->size;
	}
	/* Where the bytes start: @n before the new end. */
	at = (size_t)((r->written - n) % r->size);
	first = r->size - at < n ? r->size - at : n;
	memcpy(r->buf + at, s, first);
	memcpy(r->buf, s + first, n - first);
}

void
ctl_logring_put(struct ctl_logring *r, const char *s, size_t n,
		const char *stamp)
{
	const char *nl;
	size_t chunk;

	while (n > 0) {
		if (!r->mid_line && stamp != NULL) {
			logring_raw(r, "[", 1);
			logring_raw(r, stamp, strlen(stamp));
			logring_raw(r, "] ", 2);
		}
		nl = memchr(s, '\n', n);
		chunk = nl != NULL ? (size_t)(nl - s) + 1 : n;
		logring_raw(r, s, chunk);
		r->mid_line = nl == NULL;
		s += chunk;
		n -= chunk;
	}
}

size_t
ctl_logring_copy(const struct ctl_logring *r, char *dst, size_t len)
{
	uint64_t base;
	size_t avail, skip = 0, at, first, n;
	bool trim;

	if (len == 0)
		return 0;
	avail = r->written < r->size ? (size_t)r->written : r->size;
	base = r->written > r->size ? r->written % r->size : 0;
	trim = r->written > r->size;
	if (avail > len - 1) {
		skip = avail - (len - 1);
		trim = true;
	}
	/* Start after a line end when the start of the text is lost. */
	if (trim) {
		while (skip < avail &&
		       r->buf[(base + skip) % r->size] != '\n')
			skip++;
		skip++;
	}
	n = skip < avail ? avail - skip : 0;
	/* At most two runs: up to the end of the buffer, then from its start. */
	at = (size_t)((base + skip) % r->size);
	first = r->size - at < n ? r->size - at : n;
	memcpy(dst, r->buf + at, first);
	memcpy(dst + first, r->buf, n - first);
	dst[n] = '\0';
	return n;
}

/* The installed ring, its stream and the stream it passes messages on to. */
static struct ctl_logring logring;
static FILE *logring_stream;
static FILE *logring_next;

static ssize_t
logring_write(void *cookie, const char *buf, size_t size)
{
	char stamp[32];
	struct tm tm;
	time_t now;

	(void)cookie;
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		stamp[0] = '\0';
	/* Under the stdio lock of logring_stream (held by the writer). */
	ctl_logring_put(&logring, buf, size, stamp);
	if (logring_next != NULL) {
		(void)fwrite(buf, 1, size, logring_next);
		(void)fflush(logring_next);
	}
	return (ssize_t)size;
}

int
ctl_logring_install(void)
{
	cookie_io_functions_t io = { .write = logring_write };
	int ret;

	if (logring_stream != NULL)
		return -EALREADY;
	ret = ctl_logring_init(&logring, CTL_LOGRING_SIZE);
	if (ret < 0)
		return ret;
	logring_next = rte_log_get_stream();
	logring_stream = fopencookie(NULL, "w", io);
	if (logring_stream == NULL) {
		ret = -errno;
		ctl_logring_free(&logring);
		return ret;
	}
	/* One write per line at most: rte_log flushes after each message. */
	setvbuf(logring_stream, NULL, _IOLBF, BUFSIZ);
	return rte_openlog_stream(logring_stream);
}

ssize_t
ctl_logring_snapshot(char *dst, size_t len)
{
	size_t n;

	if (logring_stream == NULL)
		return -ENODEV;
	if (ftrylockfile(logring_stream) != 0)
		return -EAGAIN;
	n = ctl_logring_copy(&logring, dst, len);
	funlockfile(logring_stream);
	return (ssize_t)n;
}
