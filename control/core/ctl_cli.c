/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgwctl: the operator's command-line client of the srpgw control socket;
 * plain libc (no DPDK, no EAL), one request per run. Context: own process.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl_api.h"

#ifndef SRPGW_VERSION
#define SRPGW_VERSION "unknown"
#endif

/* Exit statuses (documented in docs/control-api.md). */
#define CTL_CLI_EXIT_OK		0	/* command succeeded */
#define CTL_CLI_EXIT_CMD	1	/* srpgw answered with an error */
#define CTL_CLI_EXIT_USAGE	2	/* bad options or command words */
#define CTL_CLI_EXIT_CONN	3	/* no answer: connect, send, timeout */

#define CTL_CLI_TIMEOUT_S	5
#define CTL_CLI_TIMEOUT_MAX_S	86400
#define CTL_CLI_ENV_SOCKET	"SRPGW_CTL_SOCKET"
/* "STATUS\n": an errno value, a few digits. */
#define CTL_CLI_STATUS_MAX	16

static const char *ctl_cli_prog = "srpgwctl";

static void
ctl_cli_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-s SOCKET] [-j|--json] [-t SECONDS] COMMAND [WORD...]\n"
		"       %s -h|--help | -V|--version\n"
		"\n"
		"Send one command to a running srpgw and print its answer.\n"
		"\n"
		"  -s, --socket SOCKET   control socket (default: $%s, else %s)\n"
		"  -j, --json            ask for JSON output instead of text\n"
		"  -t, --timeout SECONDS give up after SECONDS without progress (default %d)\n"
		"  -h, --help            show this help\n"
		"  -V, --version         show the version\n"
		"\n"
		"Put '--' before command words that start with '-'.\n"
		"'%s help' lists the commands srpgw knows.\n"
		"\n"
		"Exit status: 0 success, 1 the command failed, 2 usage error,\n"
		"3 srpgw could not be reached or did not answer.\n",
		ctl_cli_prog, ctl_cli_prog, CTL_CLI_ENV_SOCKET,
		CTL_API_SOCK_DEFAULT, CTL_CLI_TIMEOUT_S, ctl_cli_prog);
}

static void
ctl_cli_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		ctl_cli_prog);
}

static int64_t
ctl_cli_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for @events on @fd until @deadline. @return 0, -ETIMEDOUT, -errno */
static int
ctl_cli_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int r;

	for (;;) {
		left = deadline - ctl_cli_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/* @return a connected non-blocking socket, or -errno */
static int
ctl_cli_connect(const char *path, int64_t deadline)
{
	struct sockaddr_un sa;
	socklen_t len;
	int fd, err, ret;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			/* Backlog full: srpgw is busy, try again shortly. */
			if (ctl_cli_now_ms() >= deadline) {
				ret = -ETIMEDOUT;
				goto out_close;
			}
			poll(NULL, 0, 20);
			continue;
		}
		if (errno != EINPROGRESS) {
			ret = -errno;
			goto out_close;
		}
		ret = ctl_cli_wait(fd, POLLOUT, deadline);
		if (ret < 0)
			goto out_close;
		len = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
			ret = -errno;
			goto out_close;
		}
		if (err != 0) {
			ret = -err;
			goto out_close;
		}
		return fd;
	}

out_close:
	close(fd);
	return ret;
}

/*
 * @return 0, -ETIMEDOUT or -errno. A peer that hangs up early (EPIPE) may
 * still have written an answer (e.g. "too many clients"): the caller reads
 * it anyway.
 */
static int
ctl_cli_send(int fd, const char *buf, size_t len, int timeout_ms)
{
	size_t off = 0;
	ssize_t r;
	int ret;

	while (off < len) {
		r = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN) {
			ret = ctl_cli_wait(fd, POLLOUT,
					   ctl_cli_now_ms() + timeout_ms);
			if (ret < 0)
				return ret;
			continue;
		}
		return r < 0 ? -errno : -EIO;
	}
	return 0;
}

/* Join the command words into "FORMAT WORD WORD...\n". */
static int
ctl_cli_request(char *buf, size_t len, bool json, int argc, char **argv)
{
	size_t used;
	int i, r;
	const char *p;

	used = (size_t)snprintf(buf, len, "%s", json ? "json" : "text");
	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '\0') {
			fprintf(stderr, "%s: empty command word\n",
				ctl_cli_prog);
			return -EINVAL;
		}
		for (p = argv[i]; *p != '\0'; p++) {
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				fprintf(stderr,
					"%s: control character in command word '%s'\n",
					ctl_cli_prog, argv[i]);
				return -EINVAL;
			}
		}
		r = snprintf(buf + used, len - used, " %s", argv[i]);
		if (r < 0 || (size_t)r >= len - used)
			goto too_long;
		used += (size_t)r;
	}
	if (used + 1 >= len)
		goto too_long;
	buf[used++] = '\n';
	buf[used] = '\0';
	return (int)used;

too_long:
	fprintf(stderr, "%s: command longer than %d bytes\n", ctl_cli_prog,
		CTL_API_MAX_REQ - 1);
	return -E2BIG;
}

/*
 * Read "STATUS\n" and stream the rest to stdout (status 0) or stderr.
 * @return the status (>= 0), or -errno / -EPROTO / -ETIMEDOUT
 */
static int
ctl_cli_response(int fd, int timeout_ms, bool *printed)
{
	char buf[65536], status_buf[CTL_CLI_STATUS_MAX + 1];
	size_t status_len = 0, i, n;
	int status = -1, ret;
	FILE *dst = stdout;
	ssize_t r;

	*printed = false;
	for (;;) {
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN) {
			ret = ctl_cli_wait(fd, POLLIN,
					   ctl_cli_now_ms() + timeout_ms);
			if (ret < 0)
				return ret;
			continue;
		}
		/* The server may reset instead of closing cleanly. */
		if (r == 0 || (r < 0 && errno == ECONNRESET && status >= 0))
			break;
		if (r < 0)
			return -errno;
		n = (size_t)r;
		i = 0;
		while (status < 0 && i < n) {
			char c = buf[i++];

			if (c == '\n') {
				if (status_len == 0)
					return -EPROTO;
				status_buf[status_len] = '\0';
				status = atoi(status_buf);
				dst = status == 0 ? stdout : stderr;
			} else if (c >= '0' && c <= '9' &&
				   status_len < CTL_CLI_STATUS_MAX) {
				status_buf[status_len++] = c;
			} else {
				return -EPROTO;
			}
		}
		if (i < n) {
			fwrite(buf + i, 1, n - i, dst);
			*printed = true;
		}
	}
	if (status < 0)
		return -EPROTO;
	return status;
}

static int
ctl_cli_parse_timeout(const char *s, int *ms)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v == 0 ||
	    v > CTL_CLI_TIMEOUT_MAX_S)
		return -EINVAL;
	*ms = (int)v * 1000;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int timeout_ms = CTL_CLI_TIMEOUT_S * 1000;
	char req[CTL_API_MAX_REQ + 1];
	static char abs_path[PATH_MAX];
	const char *path = NULL;
	bool json = false, printed;
	int fd, opt, len, ret;

	if (argc > 0 && argv[0] != NULL && argv[0][0] != '\0') {
		const char *slash = strrchr(argv[0], '/');

		ctl_cli_prog = slash != NULL ? slash + 1 : argv[0];
	}
	while ((opt = getopt_long(argc, argv, "s:jt:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 't':
			if (ctl_cli_parse_timeout(optarg, &timeout_ms) < 0) {
				fprintf(stderr,
					"%s: invalid timeout '%s': expected "
					"whole seconds from 1 to %d\n",
					ctl_cli_prog, optarg,
					CTL_CLI_TIMEOUT_MAX_S);
				return CTL_CLI_EXIT_USAGE;
			}
			break;
		case 'h':
			ctl_cli_usage(stdout);
			return CTL_CLI_EXIT_OK;
		case 'V':
			printf("%s %s\n", ctl_cli_prog, SRPGW_VERSION);
			return CTL_CLI_EXIT_OK;
		default:
			ctl_cli_hint();
			return CTL_CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: missing command\n", ctl_cli_prog);
		ctl_cli_hint();
		return CTL_CLI_EXIT_USAGE;
	}
	if (path == NULL) {
		path = getenv(CTL_CLI_ENV_SOCKET);
		if (path == NULL || path[0] == '\0')
			path = CTL_API_SOCK_DEFAULT;
	}
	if (path[0] == '\0') {
		fprintf(stderr, "%s: empty socket path\n", ctl_cli_prog);
		return CTL_CLI_EXIT_USAGE;
	}
	/* configure FILE: the gateway reads the file itself (same host),
	 * so a relative path is made absolute here. */
	if (argc - optind >= 2 && strcmp(argv[optind], "configure") == 0 &&
	    argv[optind + 1][0] != '/') {
		if (realpath(argv[optind + 1], abs_path) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", ctl_cli_prog,
				argv[optind + 1], strerror(errno));
			return CTL_CLI_EXIT_USAGE;
		}
		argv[optind + 1] = abs_path;
	}
	len = ctl_cli_request(req, sizeof(req), json, argc - optind,
			      argv + optind);
	if (len < 0)
		return CTL_CLI_EXIT_USAGE;

	fd = ctl_cli_connect(path, ctl_cli_now_ms() + timeout_ms);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot connect to srpgw at %s: %s\n",
			ctl_cli_prog, path, strerror(-fd));
		if (fd == -ENOENT || fd == -ECONNREFUSED)
			fprintf(stderr,
				"%s: is srpgw running? Use -s or $%s for another socket.\n",
				ctl_cli_prog, CTL_CLI_ENV_SOCKET);
		return CTL_CLI_EXIT_CONN;
	}
	ret = ctl_cli_send(fd, req, (size_t)len, timeout_ms);
	if (ret < 0 && ret != -EPIPE && ret != -ECONNRESET) {
		fprintf(stderr, "%s: sending to srpgw at %s: %s\n",
			ctl_cli_prog, path, strerror(-ret));
		close(fd);
		return CTL_CLI_EXIT_CONN;
	}
	ret = ctl_cli_response(fd, timeout_ms, &printed);
	close(fd);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "%s: writing output: %s\n", ctl_cli_prog,
			strerror(errno));
		return CTL_CLI_EXIT_CMD;
	}
	if (ret == -ETIMEDOUT) {
		fprintf(stderr, "%s: no answer from srpgw at %s within %d s\n",
			ctl_cli_prog, path, timeout_ms / 1000);
		return CTL_CLI_EXIT_CONN;
	}
	if (ret == -EPROTO) {
		fprintf(stderr,
			"%s: srpgw at %s closed the connection without a valid answer\n",
			ctl_cli_prog, path);
		return CTL_CLI_EXIT_CONN;
	}
	if (ret < 0) {
		fprintf(stderr, "%s: reading from srpgw at %s: %s\n",
			ctl_cli_prog, path, strerror(-ret));
		return CTL_CLI_EXIT_CONN;
	}
	if (ret != 0) {
		if (!printed)
			fprintf(stderr, "%s: command failed: %s\n",
				ctl_cli_prog, strerror(ret));
		return CTL_CLI_EXIT_CMD;
	}
	return CTL_CLI_EXIT_OK;
}
