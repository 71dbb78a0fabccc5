/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Recent log lines kept in memory for the support bundle: a bounded byte
 * ring fed by a stdio stream that DPDK's log writes to, which passes every
 * message on to the stream it replaced (the console). Context: see each
 * function.
 */
#ifndef CTL_LOGRING_H
#define CTL_LOGRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Bytes of recent log the gateway keeps (ctl_logring_install()). */
#define CTL_LOGRING_SIZE	(64 * 1024)

struct ctl_logring {
	char		*buf;
	size_t		size;
	uint64_t	written;	/* bytes ever put, stamps included */
	bool		mid_line;	/* the last byte put was not '\n' */
};

/**
 * Allocate a ring of @size bytes (at least 64). Context: any (pure).
 * @return 0, -EINVAL or -ENOMEM
 */
int ctl_logring_init(struct ctl_logring *r, size_t size);

/** Free the ring's buffer. Context: any (pure). */
void ctl_logring_free(struct ctl_logring *r);

/**
 * Append @n bytes of log text; each line starts with "[@stamp] " (a
 * caller's UTC time, e.g. "2026-12-07T21:30:00Z"; NULL: no stamp). The
 * oldest bytes are overwritten. Context: any (pure; the caller serialises).
 */
void ctl_logring_put(struct ctl_logring *r, const char *s, size_t n,
		     const char *stamp);

/**
 * Copy the ring's content, oldest first, into @dst (NUL-terminated). Once
 * bytes were overwritten the copy starts at the first whole line, and a
 * @dst shorter than the content keeps the newest whole lines.
 * Context: any (pure; the caller serialises with writers).
 * @return bytes copied, NUL excluded
 */
size_t ctl_logring_copy(const struct ctl_logring *r, char *dst, size_t len);

/**
 * Make DPDK's log (rte_log, every thread) go through a ring of
 * CTL_LOGRING_SIZE bytes on its way to the stream it used so far. Call once,
 * after rte_eal_init() (which sets that stream) and before other threads
 * log. Context: control (start-up).
 * @return 0, -EALREADY, -ENOMEM or -errno of fopencookie
 */
int ctl_logring_install(void);

/**
 * Snapshot of the recent log into @dst, without waiting: when another
 * thread is writing a log message now it returns -EAGAIN (try again on a
 * later reactor turn). Context: control.
 * @return bytes copied (NUL excluded), -EAGAIN, or -ENODEV when the ring
 *	is not installed
 */
ssize_t ctl_logring_snapshot(char *dst, size_t len);

#endif /* CTL_LOGRING_H */
