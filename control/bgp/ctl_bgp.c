/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Driving the BIRD 2 speaker (docs/redirection.md): the include file,
 * the non-blocking "configure" exchange on BIRD's control socket, the
 * owned speaker process and "show srp bgp". Context: control.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/ctl_api.h"
#include "ctl_bgp.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "core/ctl_spawn.h"

/* Where the control-socket exchange stands. */
enum bgp_xchg {
	BGP_X_IDLE = 0,
	BGP_X_CONNECTING,	/* waiting for EPOLLOUT */
	BGP_X_WELCOME,		/* waiting for "0001 BIRD ... ready." */
	BGP_X_REPLY,		/* "configure" sent, waiting for the final */
};

struct ctl_bgp {
	bool			enabled;
	struct srp_bgp_speaker	conf;
	struct ctl_loop		*loop;
	struct ctl_timer	*timer;		/* retry / exchange timeout */
	struct ctl_timer	*reap_timer;	/* owned speaker */
	bool			active;
	uint32_t		rm;
	uint32_t		peer_rm;	/* 0: not known */
	unsigned int		prepend;	/* in the include now */
	bool			written;	/* include written once */
	bool			dirty;		/* BIRD has not confirmed it */
	bool			again;		/* rewritten during an exchange */
	enum bgp_xchg		x;
	int			fd;
	char			rx[CTL_BGP_LINE_MAX];
	size_t			rx_len;
	bool			fail_logged;	/* one log line per streak */
	pid_t			pid;
	uint64_t		start_ms;	/* last start of the speaker */
	struct ctl_bgp_stats	st;
	char			last_error[160];
	char			last_reply[160];
};

static struct ctl_bgp bgp = { .fd = -1 };

int
ctl_bgp_include_text(char *buf, size_t cap, bool active,
		     unsigned int prepend, uint32_t rm)
{
	size_t off;
	unsigned int i;
	int n;

	if (buf == NULL || prepend > SRP_BGP_PREPEND_MAX)
		return -ENOSPC;
	n = snprintf(buf, cap,
		     "# Written by srpgw (bgp-speaker include-file) on every "
		     "SRP role change:\n# do not edit. See docs/redirection.md."
		     "\ndefine SRPGW_ACTIVE = %u;\n"
		     "define SRPGW_PREPEND = %u;\n"
		     "define SRPGW_ROUTE_MODIFIER = %u;\n"
		     "function srpgw_prepend(int own_as)\n{\n",
		     active ? 1u : 0u, prepend, rm);
	if (n < 0 || (size_t)n >= cap)
		return -ENOSPC;
	off = (size_t)n;
	for (i = 0; i < prepend; i++) {
		n = snprintf(buf + off, cap - off,
			     "\tbgp_path.prepend(own_as);\n");
		if (n < 0 || (size_t)n >= cap - off)
			return -ENOSPC;
		off += (size_t)n;
	}
	n = snprintf(buf + off, cap - off, "}\n");
	if (n < 0 || (size_t)n >= cap - off)
		return -ENOSPC;
	return (int)(off + (size_t)n);
}

unsigned int
ctl_bgp_prepend(bool active, uint32_t rm, uint32_t peer_rm,
		unsigned int active_n, unsigned int standby)
{
	if (!active)
		return standby;
	if (peer_rm == 0 || rm < peer_rm)
		return active_n;
	return active_n < SRP_BGP_PREPEND_MAX ? active_n + 1 : active_n;
}

static unsigned int
bgp_prepend_now(const struct ctl_bgp *b)
{
	return ctl_bgp_prepend(b->active, b->rm, b->peer_rm,
			       b->conf.prepend_active,
			       b->conf.prepend_standby);
}

int
ctl_bgp_reply_line(const char *line, int *code)
{
	int i, c = 0;

	if (line == NULL)
		return -EINVAL;
	if (line[0] == ' ')
		return 0;
	for (i = 0; i < 4; i++) {
		if (line[i] < '0' || line[i] > '9')
			return -EINVAL;
		c = c * 10 + (line[i] - '0');
	}
	if (line[4] == '-')
		return 0;
	if (line[4] != ' ' && line[4] != '\0')
		return -EINVAL;
	if (code != NULL)
		*code = c;
	return 1;
}

bool
ctl_bgp_code_ok(int code)
{
	return code >= 0 && code < 8000;
}

/*
 * Include file.
 */

/* Write the include for the current role: temp file + rename. */
static int
bgp_write(struct ctl_bgp *b)
{
	char text[2048], tmp[SRP_BGP_PATH_LEN + 8];
	unsigned int prepend = bgp_prepend_now(b);
	ssize_t w;
	int len, fd, ret = 0;

	len = ctl_bgp_include_text(text, sizeof(text), b->active, prepend,
				   b->rm);
	if (len < 0)
		return len;
	/* A fresh name created exclusively: a planted file or symlink
	 * beside the include is never followed nor truncated. */
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", b->conf.include_file);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
	} else {
		if (fchmod(fd, 0644) != 0)
			ret = -errno;
		w = ret == 0 ? write(fd, text, (size_t)len) : len;
		if (w != len)
			ret = w < 0 ? -errno : -EIO;
		if (close(fd) != 0 && ret == 0)
			ret = -errno;
		if (ret == 0 && rename(tmp, b->conf.include_file) != 0)
			ret = -errno;
		if (ret != 0)
			unlink(tmp);
	}
	if (ret != 0) {
		b->st.include_write_failures++;
		snprintf(b->last_error, sizeof(b->last_error),
			 "cannot write %s: %s", b->conf.include_file,
			 strerror(-ret));
		CTL_LOG(ERR, "bgp-speaker: %s", b->last_error);
		return ret;
	}
	b->st.include_writes++;
	b->prepend = prepend;
	b->written = true;
	return 0;
}

/*
 * The "configure" exchange on BIRD's control socket.
 */

static void bgp_on_fd(struct ctl_loop *loop, int fd, uint32_t events,
		      void *arg);
static void bgp_exchange_start(struct ctl_bgp *b);

static void
bgp_close(struct ctl_bgp *b)
{
	if (b->fd >= 0) {
		ctl_loop_fd_del(b->loop, b->fd);
		close(b->fd);
	}
	b->fd = -1;
	b->x = BGP_X_IDLE;
	b->rx_len = 0;
}

static void
bgp_timer_in(struct ctl_bgp *b, uint64_t ms)
{
	if (b->timer != NULL && ctl_loop_timer_set(b->timer, ms, 0) < 0)
		CTL_LOG(ERR, "bgp-speaker: cannot arm the timer");
}

/* End of an exchange: success or failure, then what is still due. */
static void
bgp_done(struct ctl_bgp *b, bool ok, const char *why)
{
	bgp_close(b);
	if (b->timer != NULL)
		ctl_loop_timer_stop(b->timer);	/* the exchange timeout */
	if (ok) {
		b->st.reconfigure_ok++;
		if (b->fail_logged)
			CTL_LOG(NOTICE, "bgp-speaker: reconfigured again");
		b->fail_logged = false;
		b->last_error[0] = '\0';
		if (b->again) {
			b->again = false;
			bgp_exchange_start(b);
			return;
		}
		b->dirty = false;
		return;
	}
	b->st.reconfigure_failures++;
	snprintf(b->last_error, sizeof(b->last_error), "%s", why);
	if (!b->fail_logged)
		CTL_LOG(WARNING, "bgp-speaker: reconfigure failed: %s "
			"(retrying every %u ms)", why, CTL_BGP_RETRY_MS);
	b->fail_logged = true;
	b->again = false;
	bgp_timer_in(b, CTL_BGP_RETRY_MS);
}

static void
bgp_exchange_start(struct ctl_bgp *b)
{
	struct sockaddr_un sa;
	char why[160];
	int fd, ret;

	if (b->conf.control_socket[0] == '\0') {
		b->dirty = false;	/* someone else reloads the speaker */
		return;
	}
	if (b->x != BGP_X_IDLE) {
		b->again = true;
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
		 b->conf.control_socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, sizeof(why), "socket: %s", strerror(errno));
		bgp_done(b, false, why);
		return;
	}
	b->x = BGP_X_WELCOME;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			snprintf(why, sizeof(why), "connect %s: %s",
				 b->conf.control_socket, strerror(errno));
			close(fd);
			b->x = BGP_X_IDLE;
			bgp_done(b, false, why);
			return;
		}
		b->x = BGP_X_CONNECTING;
	}
	ret = ctl_loop_fd_add(b->loop, fd, b->x == BGP_X_CONNECTING ?
			      EPOLLOUT : EPOLLIN, bgp_on_fd, b);
	if (ret < 0) {
		close(fd);
		b->x = BGP_X_IDLE;
		snprintf(why, sizeof(why), "watch: %s", strerror(-ret));
		bgp_done(b, false, why);
		return;
	}
	b->fd = fd;
	b->rx_len = 0;
	bgp_timer_in(b, CTL_BGP_TIMEOUT_MS);
}

/* Handle one complete reply line; false when the exchange ended. */
static bool
bgp_line(struct ctl_bgp *b, const char *line)
{
	static const char cmd[] = "configure\n";
	char why[200];
	int code = 0;
	int r;

	r = ctl_bgp_reply_line(line, &code);
	if (r < 0) {
		snprintf(why, sizeof(why), "unexpected reply '%.60s'", line);
		bgp_done(b, false, why);
		return false;
	}
	if (r == 0)
		return true;
	if (b->x == BGP_X_WELCOME) {
		if (code != 1) {
			snprintf(why, sizeof(why), "no welcome: '%.60s'", line);
			bgp_done(b, false, why);
			return false;
		}
		/* A few bytes on a fresh UNIX socket: never short. */
		if (send(b->fd, cmd, sizeof(cmd) - 1, MSG_NOSIGNAL) !=
		    (ssize_t)(sizeof(cmd) - 1)) {
			snprintf(why, sizeof(why), "send: %s", strerror(errno));
			bgp_done(b, false, why);
			return false;
		}
		b->x = BGP_X_REPLY;
		return true;
	}
	snprintf(b->last_reply, sizeof(b->last_reply), "%.150s", line);
	if (ctl_bgp_code_ok(code)) {
		bgp_done(b, true, NULL);
	} else {
		snprintf(why, sizeof(why), "BIRD: %.150s", line);
		bgp_done(b, false, why);
	}
	return false;
}

static void
bgp_on_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct ctl_bgp *b = arg;
	char why[160];
	char *nl;
	ssize_t n;
	int err = 0;
	socklen_t el = sizeof(err);

	(void)loop;
	if (fd != b->fd)
		goto out;
	if (b->x == BGP_X_CONNECTING) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
			err = errno;
		if (err != 0) {
			snprintf(why, sizeof(why), "connect %s: %s",
				 b->conf.control_socket, strerror(err));
			bgp_done(b, false, why);
			goto out;
		}
		b->x = BGP_X_WELCOME;
		ctl_loop_fd_mod(b->loop, fd, EPOLLIN);
		goto out;
	}
	for (;;) {
		n = recv(fd, b->rx + b->rx_len, sizeof(b->rx) - 1 - b->rx_len,
			 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			snprintf(why, sizeof(why), "speaker closed the control "
				 "socket%s%s", n < 0 ? ": " : "",
				 n < 0 ? strerror(errno) : "");
			bgp_done(b, false, why);
			goto out;
		}
		b->rx_len += (size_t)n;
		b->rx[b->rx_len] = '\0';
		while ((nl = strchr(b->rx, '\n')) != NULL) {
			*nl = '\0';
			if (!bgp_line(b, b->rx))
				goto out;
			b->rx_len -= (size_t)(nl + 1 - b->rx);
			memmove(b->rx, nl + 1, b->rx_len + 1);
		}
		if (b->rx_len == sizeof(b->rx) - 1) {
			/* A long continuation line: only its code matters. */
			b->rx[CTL_BGP_LINE_MAX / 2] = '\0';
			b->rx_len = CTL_BGP_LINE_MAX / 2;
		}
	}
	(void)events;
out:
}

static void
bgp_on_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_bgp *b = arg;

	(void)loop;
	(void)t;
	if (b->x != BGP_X_IDLE)
		bgp_done(b, false, "no answer from the speaker in time");
	else if (b->dirty)
		bgp_exchange_start(b);
}

/* Rewrite the include for the current role and have BIRD re-read it. */
static void
bgp_update(struct ctl_bgp *b)
{
	if (bgp_write(b) < 0) {
		bgp_timer_in(b, CTL_BGP_RETRY_MS);	/* retried as dirty */
		b->dirty = true;
		return;
	}
	b->dirty = true;
	bgp_exchange_start(b);
}

void
ctl_bgp_role(bool active)
{
	if (!bgp.enabled)
		return;
	if (bgp.written && bgp.active == active && !bgp.dirty)
		return;
	bgp.active = active;
	CTL_LOG(NOTICE, "bgp-speaker: %s: AS-path prepend %u (route modifier "
		"%u, peer's %u)", active ? "active" : "standby",
		bgp_prepend_now(&bgp), bgp.rm, bgp.peer_rm);
	bgp_update(&bgp);
}

void
ctl_bgp_route_modifier(uint32_t rm)
{
	if (!bgp.enabled || (bgp.written && bgp.rm == rm))
		return;
	bgp.rm = rm;
	bgp_update(&bgp);
}

void
ctl_bgp_peer_route_modifier(uint32_t peer_rm)
{
	unsigned int before;

	if (!bgp.enabled || bgp.peer_rm == peer_rm)
		return;
	before = bgp_prepend_now(&bgp);
	bgp.peer_rm = peer_rm;
	if (bgp.written && bgp_prepend_now(&bgp) == before)
		return;
	CTL_LOG(NOTICE, "bgp-speaker: peer's route modifier %u: AS-path "
		"prepend %u", peer_rm, bgp_prepend_now(&bgp));
	bgp_update(&bgp);
}

/*
 * Queries ("show protocols all" for the BGP monitor): one at a time, on a
 * connection of their own, the whole reply kept and handed over.
 */

enum bgp_qstate {
	BGP_Q_IDLE = 0,
	BGP_Q_CONNECTING,
	BGP_Q_WELCOME,
	BGP_Q_REPLY,
};

static struct {
	enum bgp_qstate		st;
	int			fd;
	struct ctl_timer	*timer;
	char			cmd[128];
	ctl_bgp_query_fn	*fn;
	void			*arg;
	char			*buf;		/* CTL_BGP_QUERY_MAX + 1 */
	size_t			len;
	size_t			scan;		/* start of the first line not
						 * classified yet */
} bq = { .fd = -1 };

static void
bgp_q_close(void)
{
	if (bq.fd >= 0) {
		ctl_loop_fd_del(bgp.loop, bq.fd);
		close(bq.fd);
	}
	bq.fd = -1;
	bq.st = BGP_Q_IDLE;
	bq.len = 0;
	bq.scan = 0;
	if (bq.timer != NULL)
		ctl_loop_timer_stop(bq.timer);
}

/* End of a query: the callback last (it may start the next one); the
 * reply stays in bq.buf until then. */
static void
bgp_q_done(int err)
{
	ctl_bgp_query_fn *fn = bq.fn;
	void *arg = bq.arg;
	size_t len = bq.len;

	bgp_q_close();
	bq.fn = NULL;
	if (fn == NULL)
		return;
	if (err == 0)
		fn(arg, 0, bq.buf, len);
	else
		fn(arg, err, NULL, 0);
}

/* Classify the complete lines received; false once the query ended. */
static bool
bgp_q_lines(void)
{
	char *nl;
	int code = 0, r;

	while ((nl = memchr(bq.buf + bq.scan, '\n', bq.len - bq.scan)) !=
	       NULL) {
		*nl = '\0';
		r = ctl_bgp_reply_line(bq.buf + bq.scan, &code);
		*nl = '\n';
		bq.scan = (size_t)(nl + 1 - bq.buf);
		if (r < 0 && bq.st == BGP_Q_WELCOME) {
			bgp_q_done(-EPROTO);
			return false;
		}
		if (r != 1)
			continue;
		if (bq.st == BGP_Q_WELCOME) {
			size_t l = strlen(bq.cmd);

			if (code != 1) {
				bgp_q_done(-EPROTO);
				return false;
			}
			/* A short command on a fresh UNIX socket. */
			if (send(bq.fd, bq.cmd, l, MSG_NOSIGNAL) != (ssize_t)l) {
				bgp_q_done(errno != 0 ? -errno : -EIO);
				return false;
			}
			bq.st = BGP_Q_REPLY;
			bq.len = 0;
			bq.scan = 0;
			continue;
		}
		bq.len = bq.scan;	/* what follows the final: dropped */
		bq.buf[bq.len] = '\0';
		bgp_q_done(0);
		return false;
	}
	return true;
}

static void
bgp_q_on_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	int err = 0;
	socklen_t el = sizeof(err);
	ssize_t n;

	(void)loop;
	(void)events;
	(void)arg;
	if (fd != bq.fd)
		return;
	if (bq.st == BGP_Q_CONNECTING) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
			err = errno;
		if (err != 0) {
			bgp_q_done(-err);
			return;
		}
		bq.st = BGP_Q_WELCOME;
		ctl_loop_fd_mod(bgp.loop, fd, EPOLLIN);
		return;
	}
	for (;;) {
		if (bq.len == CTL_BGP_QUERY_MAX) {
			bgp_q_done(-EMSGSIZE);
			return;
		}
		n = recv(fd, bq.buf + bq.len, CTL_BGP_QUERY_MAX - bq.len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			bgp_q_done(n < 0 ? -errno : -ECONNRESET);
			return;
		}
		bq.len += (size_t)n;
		bq.buf[bq.len] = '\0';
		if (!bgp_q_lines())
			return;
	}
}

static void
bgp_q_on_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	if (bq.st != BGP_Q_IDLE)
		bgp_q_done(-ETIMEDOUT);
}

bool
ctl_bgp_queryable(void)
{
	return bgp.enabled && bgp.conf.control_socket[0] != '\0';
}

int
ctl_bgp_query(const char *cmd, ctl_bgp_query_fn *fn, void *arg)
{
	struct sockaddr_un sa;
	int fd, ret;

	if (cmd == NULL || cmd[0] == '\0' || strchr(cmd, '\n') != NULL ||
	    strlen(cmd) + 2 > sizeof(bq.cmd))
		return -EINVAL;
	if (!ctl_bgp_queryable())
		return -ENOTCONN;
	if (bq.st != BGP_Q_IDLE)
		return -EBUSY;
	if (bq.buf == NULL) {
		bq.buf = malloc(CTL_BGP_QUERY_MAX + 1);
		if (bq.buf == NULL)
			return -ENOMEM;
	}
	if (bq.timer == NULL) {
		bq.timer = ctl_loop_timer_add(bgp.loop, CTL_BGP_QUERY_MS, 0,
					      bgp_q_on_timer, NULL);
		if (bq.timer == NULL)
			return -errno;
	}
	snprintf(bq.cmd, sizeof(bq.cmd), "%s\n", cmd);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
		 bgp.conf.control_socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	bq.st = BGP_Q_WELCOME;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			ret = -errno;
			close(fd);
			bq.st = BGP_Q_IDLE;
			return ret;
		}
		bq.st = BGP_Q_CONNECTING;
	}
	ret = ctl_loop_fd_add(bgp.loop, fd, bq.st == BGP_Q_CONNECTING ?
			      EPOLLOUT : EPOLLIN, bgp_q_on_fd, NULL);
	if (ret < 0) {
		close(fd);
		bq.st = BGP_Q_IDLE;
		return ret;
	}
	bq.fd = fd;
	bq.len = 0;
	bq.scan = 0;
	bq.fn = fn;
	bq.arg = arg;
	ctl_loop_timer_set(bq.timer, CTL_BGP_QUERY_MS, 0);
	return 0;
}

void
ctl_bgp_query_cancel(void)
{
	bq.fn = NULL;
	if (bq.st != BGP_Q_IDLE)
		bgp_q_close();
}

/*
 * The owned speaker.
 */

/* Start BIRD in the foreground (no fork: ctl_spawn). */
static int
bgp_spawn(struct ctl_bgp *b)
{
	char *argv[] = {
		(char *)"bird", (char *)"-f", (char *)"-c",
		b->conf.bird_config, (char *)"-s", b->conf.control_socket,
		NULL,
	};
	pid_t pid;

	b->start_ms = ctl_loop_now_ms();
	pid = ctl_spawn(argv, b->last_error, sizeof(b->last_error));
	if (pid < 0) {
		CTL_LOG(ERR, "bgp-speaker: %s", b->last_error);
		return (int)pid;
	}
	b->pid = pid;
	b->st.speaker_starts++;
	CTL_LOG(NOTICE, "bgp-speaker: started bird -c %s -s %s (pid %d)",
		b->conf.bird_config, b->conf.control_socket, (int)pid);
	return 0;
}

/* Reap an exited speaker without blocking; start it again. */
static void
bgp_on_reap(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_bgp *b = arg;
	int status;
	pid_t r;

	(void)loop;
	(void)t;
	if (b->pid > 0) {
		r = waitpid(b->pid, &status, WNOHANG);
		if (r == b->pid) {
			b->st.speaker_exits++;
			snprintf(b->last_error, sizeof(b->last_error),
				 "speaker pid %d %s %d", (int)b->pid,
				 WIFSIGNALED(status) ? "killed by signal" :
				 "exited with", WIFSIGNALED(status) ?
				 WTERMSIG(status) : WEXITSTATUS(status));
			CTL_LOG(WARNING, "bgp-speaker: %s; starting it again",
				b->last_error);
			b->pid = 0;
		}
	}
	/* A speaker that keeps failing is started every few seconds. */
	if (b->pid == 0 &&
	    ctl_loop_now_ms() - b->start_ms >= CTL_BGP_RESTART_MS)
		bgp_spawn(b);
}

static void
bgp_stop_speaker(struct ctl_bgp *b)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	int i;

	if (b->pid <= 0)
		return;
	kill(b->pid, SIGTERM);
	/* Shutdown only: bounded, then SIGKILL. */
	for (i = 0; i < 200; i++) {
		if (waitpid(b->pid, NULL, WNOHANG) == b->pid) {
			b->pid = 0;
			return;
		}
		nanosleep(&ts, NULL);
	}
	kill(b->pid, SIGKILL);
	waitpid(b->pid, NULL, 0);
	b->pid = 0;
}

/*
 * Show.
 */

void
ctl_bgp_stats_get(struct ctl_bgp_stats *st)
{
	*st = bgp.st;
	st->configured = bgp.enabled;
	st->active = bgp.active;
	st->in_sync = bgp.enabled && !bgp.dirty;
	st->prepend = bgp.prepend;
	st->route_modifier = bgp.rm;
	st->peer_route_modifier = bgp.peer_rm;
	st->speaker_pid = (int)bgp.pid;
}

static int
show_srp_bgp(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_bgp_stats st;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show srp bgp takes no arguments");
		return -EINVAL;
	}
	ctl_bgp_stats_get(&st);
	ctl_reply_bool(out, "configured", st.configured);
	if (!st.configured)
		return 0;
	ctl_reply_str(out, "role", st.active ? "active" : "standby");
	ctl_reply_u64(out, "as_path_prepend", st.prepend);
	ctl_reply_u64(out, "prepend_active", bgp.conf.prepend_active);
	ctl_reply_u64(out, "prepend_standby", bgp.conf.prepend_standby);
	ctl_reply_u64(out, "route_modifier", st.route_modifier);
	ctl_reply_u64(out, "peer_route_modifier", st.peer_route_modifier);
	ctl_reply_bool(out, "in_sync", st.in_sync);
	ctl_reply_str(out, "include_file", bgp.conf.include_file);
	ctl_reply_str(out, "control_socket", bgp.conf.control_socket[0] ?
		    bgp.conf.control_socket : "-");
	ctl_reply_str(out, "bird_config", bgp.conf.bird_config[0] ?
		    bgp.conf.bird_config : "-");
	ctl_reply_i64(out, "speaker_pid", st.speaker_pid);
	ctl_reply_u64(out, "speaker_starts", st.speaker_starts);
	ctl_reply_u64(out, "speaker_exits", st.speaker_exits);
	ctl_reply_u64(out, "include_writes", st.include_writes);
	ctl_reply_u64(out, "include_write_failures", st.include_write_failures);
	ctl_reply_u64(out, "reconfigure_ok", st.reconfigure_ok);
	ctl_reply_u64(out, "reconfigure_failures", st.reconfigure_failures);
	ctl_reply_str(out, "last_reply", bgp.last_reply[0] ? bgp.last_reply :
		    "-");
	ctl_reply_str(out, "last_error", bgp.last_error[0] ? bgp.last_error :
		    "-");
	return 0;
}

static const struct ctl_cmd bgp_cmd = {
	.words = "show srp bgp",
	.args = "",
	.help = "BGP speaker driven by SRP: prepend, include, reconfigures",
	.fn = show_srp_bgp,
	.telemetry = true,
};

/*
 * Start and stop.
 */

int
ctl_bgp_init(const struct srp_bgp_speaker *c, struct ctl_loop *loop)
{
	struct ctl_bgp *b = &bgp;
	int ret;

	if (c == NULL || loop == NULL)
		return -EINVAL;
	if (b->enabled)
		return -EALREADY;
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	ret = ctl_api_register(&bgp_cmd);
	if (ret < 0 && ret != -EEXIST)
		return ret;
	if (c->include_file[0] == '\0')
		return 0;
	b->conf = *c;
	b->loop = loop;
	b->active = false;
	ret = bgp_write(b);
	if (ret < 0)
		return ret;
	b->timer = ctl_loop_timer_add(loop, CTL_BGP_RETRY_MS, 0, bgp_on_timer,
				      b);
	if (b->timer == NULL)
		return -errno;
	ctl_loop_timer_stop(b->timer);	/* armed by exchanges and failures */
	if (c->bird_config[0] != '\0') {
		b->reap_timer = ctl_loop_timer_add(loop, CTL_BGP_REAP_MS,
						   CTL_BGP_REAP_MS,
						   bgp_on_reap, b);
		ret = b->reap_timer == NULL ? -errno : bgp_spawn(b);
		if (ret < 0) {
			ctl_loop_timer_del(b->timer);
			if (b->reap_timer != NULL)
				ctl_loop_timer_del(b->reap_timer);
			b->timer = NULL;
			b->reap_timer = NULL;
			return ret;
		}
	}
	/* A speaker started with this include has it; one run beside us
	 * may have an older one: reconfigure it (retried until it answers). */
	b->dirty = true;
	b->enabled = true;
	if (c->bird_config[0] == '\0')
		bgp_exchange_start(b);
	else
		b->dirty = false;
	CTL_LOG(NOTICE, "bgp-speaker: include %s written (standby, prepend "
		"%u)%s", c->include_file, b->prepend,
		c->bird_config[0] ? ", speaker owned" : "");
	return 0;
}

void
ctl_bgp_fini(void)
{
	struct ctl_bgp *b = &bgp;

	if (!b->enabled)
		return;
	b->enabled = false;
	ctl_bgp_query_cancel();
	if (bq.timer != NULL)
		ctl_loop_timer_del(bq.timer);
	bq.timer = NULL;
	free(bq.buf);
	bq.buf = NULL;
	bgp_close(b);
	if (b->timer != NULL)
		ctl_loop_timer_del(b->timer);
	if (b->reap_timer != NULL)
		ctl_loop_timer_del(b->reap_timer);
	b->timer = NULL;
	b->reap_timer = NULL;
	bgp_stop_speaker(b);
}
