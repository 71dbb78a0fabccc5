/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UNIX socket server of the command API on the control reactor: clients,
 * request framing, idle limits, deferred replies. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_log.h>

#include "ctl_api_int.h"
#include "ctl_log.h"
#include "ctl_loop.h"
#include "ctl_reply.h"

#define CTL_API_MAX_CLIENTS	16
#define CTL_API_IDLE_MS		5000
#define CTL_API_BACKLOG		16
/* Largest rendered response sent; beyond it the client gets EFBIG. */
#define CTL_API_MAX_RESP	(64UL << 20)
/* Connections accepted per wake-up of the listening socket. */
#define CTL_API_ACCEPT_BURST	16
/* Pause before accepting again after running out of descriptors. */
#define CTL_API_ACCEPT_RETRY_MS	200
/* Unread request bytes discarded before close (avoids a reset). */
#define CTL_API_DRAIN_MAX	65536
/* Client-triggered log lines per second. */
#define CTL_API_LOG_BURST	10

struct ctl_api_client {
	TAILQ_ENTRY(ctl_api_client) next;
	struct ctl_timer	*idle;
	struct ctl_reply		*out;		/* owns the response bytes */
	const char		*resp;
	size_t			resp_len;
	size_t			sent;		/* of hdr + resp */
	size_t			req_len;
	size_t			hdr_len;
	int			fd;
	bool			writing;
	bool			deferred;	/* handler finishes later */
	ctl_api_cancel_fn	*cancel;
	void			*cancel_arg;
	char			hdr[16];	/* "STATUS\n" */
	char			req[CTL_API_MAX_REQ + 1];
};

TAILQ_HEAD(ctl_api_client_list, ctl_api_client);

/* Socket server state; control thread only. */
static struct {
	struct ctl_loop			*loop;
	struct ctl_timer		*accept_retry;
	struct ctl_api_client_list	clients;
	unsigned int			n_clients;
	unsigned int			max_clients;
	uint64_t			idle_ms;
	dev_t				dev;	/* our socket file */
	ino_t				ino;
	int				fd;
	bool				in_handler;
	bool				close_pending;
	struct ctl_api_client		*cur;	/* client of the running handler */
	struct ctl_reply			*cur_out;
	char				path[sizeof(((struct sockaddr_un *)0)->sun_path)];
} ctl_srv = {
	.clients = TAILQ_HEAD_INITIALIZER(ctl_srv.clients),
	.max_clients = CTL_API_MAX_CLIENTS,
	.idle_ms = CTL_API_IDLE_MS,
	.fd = -1,
};
/* Rate limit for anything a client can make us log. */
static bool
ctl_api_log_ok(void)
{
	static uint64_t window_ms;
	static unsigned int n_logged, n_dropped;
	uint64_t now = ctl_loop_now_ms();

	if (now - window_ms >= 1000) {
		if (n_dropped > 0)
			CTL_LOG(NOTICE, "api: %u client messages suppressed",
				n_dropped);
		window_ms = now;
		n_logged = 0;
		n_dropped = 0;
	}
	if (n_logged < CTL_API_LOG_BURST) {
		n_logged++;
		return true;
	}
	n_dropped++;
	return false;
}

/* Socket server */

int
ctl_api_set_limits(unsigned int max_clients, uint64_t idle_ms)
{
	if (max_clients < 1 || max_clients > 1024 || idle_ms < 1 ||
	    idle_ms > 3600000)
		return -EINVAL;
	ctl_srv.max_clients = max_clients;
	ctl_srv.idle_ms = idle_ms;
	return 0;
}

static void
ctl_api_client_close(struct ctl_api_client *c)
{
	char sink[4096];
	size_t drained = 0;
	ssize_t r;

	if (c->deferred && c->cancel != NULL)
		c->cancel(c->cancel_arg);
	ctl_loop_fd_del(ctl_srv.loop, c->fd);
	/*
	 * Closing a UNIX socket with unread input makes the peer's reads
	 * end in ECONNRESET instead of EOF: discard what is left first.
	 */
	while (drained < CTL_API_DRAIN_MAX) {
		r = recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT);
		if (r <= 0)
			break;
		drained += (size_t)r;
	}
	close(c->fd);
	ctl_loop_timer_del(c->idle);
	ctl_reply_free(c->out);
	TAILQ_REMOVE(&ctl_srv.clients, c, next);
	ctl_srv.n_clients--;
	free(c);
}

static void
ctl_api_client_progress(struct ctl_api_client *c)
{
	ctl_loop_timer_set(c->idle, ctl_srv.idle_ms, 0);
}

/*
 * Send what is left of the response. @return true when @c was closed (done
 * or failed), false when waiting for EPOLLOUT.
 */
static bool
ctl_api_client_flush(struct ctl_api_client *c)
{
	size_t total = c->hdr_len + c->resp_len;
	struct msghdr msg;
	struct iovec iov[2];
	ssize_t r;

	while (c->sent < total) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = iov;
		if (c->sent < c->hdr_len) {
			iov[0].iov_base = c->hdr + c->sent;
			iov[0].iov_len = c->hdr_len - c->sent;
			iov[1].iov_base = (void *)(uintptr_t)c->resp;
			iov[1].iov_len = c->resp_len;
			msg.msg_iovlen = c->resp_len > 0 ? 2 : 1;
		} else {
			iov[0].iov_base = (void *)(uintptr_t)(c->resp +
						  (c->sent - c->hdr_len));
			iov[0].iov_len = total - c->sent;
			msg.msg_iovlen = 1;
		}
		r = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r > 0) {
			c->sent += (size_t)r;
			ctl_api_client_progress(c);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (ctl_loop_fd_mod(ctl_srv.loop, c->fd, EPOLLOUT) == 0)
				return false;
		}
		/* Peer gone (EPIPE, ECONNRESET) or no way to wait. */
		break;
	}
	ctl_api_client_close(c);
	return true;
}

/* Queue the response (status + rendered @out, which @c takes) and send. */
static void
ctl_api_client_respond(struct ctl_api_client *c, struct ctl_reply *out, int ret)
{
	static const char oom_text[] = "Error: out of memory\n";
	static const char oom_json[] = "{\n  \"error\": \"out of memory\"\n}\n";
	static const char big_text[] = "Error: output too large\n";
	static const char big_json[] = "{\n  \"error\": \"output too large\"\n}\n";
	bool json = out != NULL && ctl_reply_fmt(out) == CTL_REPLY_JSON;
	int status = ret < 0 ? -ret : 0;
	size_t len = 0;

	c->out = out;
	c->resp = out != NULL ? ctl_reply_finish(out, &len) : "";
	c->resp_len = len;
	if (out == NULL || ctl_reply_failed(out)) {
		status = ENOMEM;
		c->resp = json ? oom_json : oom_text;
		c->resp_len = strlen(c->resp);
	} else if (len > CTL_API_MAX_RESP) {
		status = EFBIG;
		c->resp = json ? big_json : big_text;
		c->resp_len = strlen(c->resp);
	}
	c->hdr_len = (size_t)snprintf(c->hdr, sizeof(c->hdr), "%d\n", status);
	c->writing = true;
	ctl_api_client_flush(c);
}

/* Answer with an error before any command ran (bad request line). */
static void
ctl_api_client_fail(struct ctl_api_client *c, int err, const char *msg)
{
	struct ctl_reply *out;

	/* A request that named json gets its error in JSON. */
	out = ctl_reply_new(strncmp(c->req, "json ", 5) == 0 ?
			  CTL_REPLY_JSON : CTL_REPLY_TEXT);
	if (ctl_api_log_ok())
		CTL_LOG(NOTICE, "api: bad request: %s", msg);
	if (out != NULL)
		ctl_reply_error(out, "%s", msg);
	ctl_api_client_respond(c, out, -err);
}

/* Run the request line held in c->req (NUL-terminated, @len bytes). */
static void
ctl_api_client_handle(struct ctl_api_client *c, size_t len)
{
	char *argv[CTL_API_MAX_WORDS + 1];
	enum ctl_reply_fmt fmt;
	struct ctl_reply *out;
	int argc, ret;

	if (memchr(c->req, '\0', len) != NULL) {
		ctl_api_client_fail(c, EINVAL, "request contains a NUL byte");
		return;
	}
	if (len > 0 && c->req[len - 1] == '\r')
		c->req[--len] = '\0';
	if (ctl_loop_fd_mod(ctl_srv.loop, c->fd, 0) < 0) {
		ctl_api_client_close(c);
		return;
	}
	argc = ctl_api_split_sep(c->req, argv, CTL_API_MAX_WORDS + 1, '\0',
				 false);
	if (argc == -EILSEQ) {
		ctl_api_client_fail(c, EINVAL,
				    "request contains control characters");
		return;
	}
	if (argc == -E2BIG) {
		ctl_api_client_fail(c, E2BIG, "too many words in request");
		return;
	}
	if (argc < 0) {
		ctl_api_client_fail(c, EINVAL,
				    "empty request; expected 'text|json COMMAND...'");
		return;
	}
	if (strcmp(argv[0], "text") == 0) {
		fmt = CTL_REPLY_TEXT;
	} else if (strcmp(argv[0], "json") == 0) {
		fmt = CTL_REPLY_JSON;
	} else {
		ctl_api_client_fail(c, EINVAL,
				    "request must start with the output format 'text' or 'json'");
		return;
	}
	if (rte_log_can_log(ctl_logtype, RTE_LOG_DEBUG)) {
		char line[CTL_API_MAX_REQ];

		ctl_api_join(argc - 1, argv + 1, line, sizeof(line));
		CTL_LOG(DEBUG, "api: request (%s): %s", argv[0], line);
	}
	out = ctl_reply_new(fmt);
	if (out == NULL) {
		ctl_api_client_respond(c, NULL, -ENOMEM);
		return;
	}
	ctl_srv.in_handler = true;
	ctl_srv.cur = c;
	ctl_srv.cur_out = out;
	ret = ctl_api_dispatch(argc - 1, argv + 1, out);
	ctl_srv.cur = NULL;
	ctl_srv.cur_out = NULL;
	ctl_srv.in_handler = false;
	if (ret == CTL_API_DEFERRED && c->deferred) {
		/* The reply comes with ctl_api_pending_finish(). */
		c->out = out;
		ctl_loop_timer_stop(c->idle);
		if (ctl_srv.close_pending)
			ctl_api_close();
		return;
	}
	if (c->deferred || ret == CTL_API_DEFERRED) {
		/* Deferred and answered anyway: the handle is dropped. */
		c->deferred = false;
		if (ret == CTL_API_DEFERRED) {
			CTL_LOG(ERR, "api: handler deferred without a handle");
			ctl_reply_error(out, "internal error: command answered "
				      "late without a handle");
			ret = -EINVAL;
		}
	}
	if (ret < 0 && ctl_api_log_ok())
		CTL_LOG(INFO, "api: command failed: %s", strerror(-ret));
	ctl_api_client_respond(c, out, ret);
	if (ctl_srv.close_pending)
		ctl_api_close();
}

struct ctl_api_pending *
ctl_api_defer(ctl_api_cancel_fn *cancel, void *arg)
{
	struct ctl_api_client *c = ctl_srv.cur;

	if (c == NULL || c->deferred)
		return NULL;
	c->deferred = true;
	c->cancel = cancel;
	c->cancel_arg = arg;
	return (struct ctl_api_pending *)c;
}

struct ctl_reply *
ctl_api_pending_out(struct ctl_api_pending *p)
{
	struct ctl_api_client *c = (struct ctl_api_client *)p;

	return c == ctl_srv.cur ? ctl_srv.cur_out : c->out;
}

void
ctl_api_pending_finish(struct ctl_api_pending *p, int ret)
{
	struct ctl_api_client *c = (struct ctl_api_client *)p;
	struct ctl_reply *out = ctl_api_pending_out(p);

	if (c == NULL || !c->deferred)
		return;
	c->deferred = false;
	c->out = NULL;
	if (ret < 0 && ctl_api_log_ok())
		CTL_LOG(INFO, "api: command failed: %s", strerror(-ret));
	ctl_api_client_respond(c, out, ret);
}

static void
ctl_api_client_read(struct ctl_api_client *c)
{
	size_t room;
	char *nl;
	ssize_t r;

	for (;;) {
		room = CTL_API_MAX_REQ - c->req_len;
		if (room == 0) {
			c->req[CTL_API_MAX_REQ] = '\0';
			ctl_api_client_fail(c, EMSGSIZE,
					    "request longer than 4096 bytes");
			return;
		}
		r = recv(c->fd, c->req + c->req_len, room, MSG_DONTWAIT);
		if (r > 0) {
			nl = memchr(c->req + c->req_len, '\n', (size_t)r);
			c->req_len += (size_t)r;
			ctl_api_client_progress(c);
			if (nl != NULL) {
				*nl = '\0';
				ctl_api_client_handle(c, (size_t)(nl - c->req));
				return;
			}
			continue;
		}
		if (r == 0) {
			/* A probe (connect + close) is not an error. */
			if (c->req_len == 0) {
				ctl_api_client_close(c);
				return;
			}
			/* The last line may end at EOF instead of '\n'. */
			c->req[c->req_len] = '\0';
			ctl_api_client_handle(c, c->req_len);
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			ctl_api_client_close(c);
		return;
	}
}

static void
ctl_api_client_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct ctl_api_client *c = arg;

	(void)loop;
	(void)fd;
	if (c->writing)
		ctl_api_client_flush(c);
	else if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		ctl_api_client_read(c);
}

static void
ctl_api_client_idle_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_api_client *c = arg;

	(void)loop;
	(void)t;
	if (ctl_api_log_ok())
		CTL_LOG(INFO, "api: dropping client idle for %" PRIu64 " ms",
			ctl_srv.idle_ms);
	ctl_api_client_close(c);
}

/* Tell a client we cannot serve it now, then hang up. */
static void
ctl_api_reject(int fd, int err, const char *msg)
{
	char buf[128];
	int n;

	n = snprintf(buf, sizeof(buf), "%d\nError: %s\n", err, msg);
	if (n > 0 && send(fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
	    ctl_api_log_ok())
		CTL_LOG(INFO, "api: rejecting client: %s", strerror(errno));
	close(fd);
}

static int
ctl_api_client_new(int fd)
{
	struct ctl_api_client *c;
	int ret;

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->fd = fd;
	c->idle = ctl_loop_timer_add(ctl_srv.loop, ctl_srv.idle_ms, 0,
				     ctl_api_client_idle_cb, c);
	if (c->idle == NULL) {
		ret = -errno;
		goto out_free;
	}
	ret = ctl_loop_fd_add(ctl_srv.loop, fd, EPOLLIN | EPOLLRDHUP,
			      ctl_api_client_cb, c);
	if (ret < 0)
		goto out_timer;
	TAILQ_INSERT_TAIL(&ctl_srv.clients, c, next);
	ctl_srv.n_clients++;
	return 0;

out_timer:
	ctl_loop_timer_del(c->idle);
out_free:
	free(c);
	return ret;
}

static void
ctl_api_accept_retry_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)arg;
	ctl_loop_timer_del(t);
	ctl_srv.accept_retry = NULL;
	if (ctl_srv.fd >= 0)
		ctl_loop_fd_mod(loop, ctl_srv.fd, EPOLLIN);
}

static void
ctl_api_accept_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	char msg[64];
	unsigned int i;
	int cfd, ret;

	(void)events;
	(void)arg;
	for (i = 0; i < CTL_API_ACCEPT_BURST; i++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (ctl_api_log_ok())
				CTL_LOG(WARNING, "api: accept: %s",
					strerror(errno));
			/*
			 * Out of descriptors or memory: the socket stays
			 * readable, so stop watching it for a moment instead
			 * of spinning.
			 */
			if (ctl_srv.accept_retry == NULL) {
				ctl_srv.accept_retry = ctl_loop_timer_add(loop,
					CTL_API_ACCEPT_RETRY_MS, 0,
					ctl_api_accept_retry_cb, NULL);
				if (ctl_srv.accept_retry != NULL)
					ctl_loop_fd_mod(loop, fd, 0);
			}
			return;
		}
		if (ctl_srv.n_clients >= ctl_srv.max_clients) {
			snprintf(msg, sizeof(msg),
				 "too many clients (at most %u at a time)",
				 ctl_srv.max_clients);
			if (ctl_api_log_ok())
				CTL_LOG(NOTICE, "api: %s", msg);
			ctl_api_reject(cfd, EBUSY, msg);
			continue;
		}
		ret = ctl_api_client_new(cfd);
		if (ret < 0) {
			if (ctl_api_log_ok())
				CTL_LOG(WARNING, "api: new client: %s",
					strerror(-ret));
			ctl_api_reject(cfd, -ret, strerror(-ret));
		}
	}
}

/* mkdir -p of the directory holding @path; new directories get 0700. */
static int
ctl_api_mkdir_parent(const char *path)
{
	char dir[sizeof(ctl_srv.path)];
	struct stat st;
	char *p, save;
	int ret;

	snprintf(dir, sizeof(dir), "%s", path);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		return 0;	/* current directory or "/" */
	*p = '\0';
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		save = *p;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			ret = -errno;
			CTL_LOG(ERR, "api: mkdir %s: %s", dir, strerror(errno));
			return ret;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	return 0;
}

/*
 * Make @path free for our socket: nothing there, or a socket file left by
 * a process that is gone (nobody accepts on it), which is removed.
 */
static int
ctl_api_clear_stale(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, err;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		CTL_LOG(ERR, "api: %s exists and is not a socket; not touching it",
			path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 ||
	    errno == EAGAIN || errno == EINPROGRESS) {
		close(fd);
		CTL_LOG(ERR, "api: another process (srpgw?) is listening on %s",
			path);
		return -EADDRINUSE;
	}
	err = errno;
	close(fd);
	if (err != ECONNREFUSED) {
		CTL_LOG(ERR, "api: probing %s: %s", path, strerror(err));
		return -err;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		err = errno;
		CTL_LOG(ERR, "api: removing stale socket %s: %s", path,
			strerror(err));
		return -err;
	}
	CTL_LOG(NOTICE, "api: removed stale socket %s", path);
	return 0;
}

int
ctl_api_listen(struct ctl_loop *loop, const char *path)
{
	struct sockaddr_un sa;
	char tmp[sizeof(sa.sun_path)];
	struct stat st;
	int fd, ret, n;

	if (loop == NULL || path == NULL || path[0] == '\0')
		return -EINVAL;
	if (ctl_srv.fd >= 0)
		return -EALREADY;
	/*
	 * The socket is bound under a temporary name, given mode 0600 and
	 * only then linked to @path: nobody can connect to @path while it
	 * still has the default mode, and link() fails if another process
	 * took @path meanwhile.
	 */
	n = snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		CTL_LOG(ERR, "api: socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	ret = ctl_api_mkdir_parent(path);
	if (ret < 0)
		return ret;
	ret = ctl_api_clear_stale(path);
	if (ret < 0)
		return ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		CTL_LOG(ERR, "api: socket: %s", strerror(errno));
		return ret;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, tmp, (size_t)n + 1);
	/* Leftover of an earlier run with our pid: ours by name. */
	unlink(tmp);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		CTL_LOG(ERR, "api: bind %s: %s", tmp, strerror(errno));
		goto out_close;
	}
	if (chmod(tmp, 0600) < 0) {
		ret = -errno;
		CTL_LOG(ERR, "api: chmod %s: %s", tmp, strerror(errno));
		goto out_unlink_tmp;
	}
	if (listen(fd, CTL_API_BACKLOG) < 0) {
		ret = -errno;
		CTL_LOG(ERR, "api: listen: %s", strerror(errno));
		goto out_unlink_tmp;
	}
	if (link(tmp, path) < 0) {
		if (errno == EEXIST) {
			ret = -EADDRINUSE;
			CTL_LOG(ERR, "api: %s was created by someone else meanwhile",
				path);
			goto out_unlink_tmp;
		}
		/* File systems without hard links: rename is atomic too. */
		if (rename(tmp, path) < 0) {
			ret = -errno;
			CTL_LOG(ERR, "api: rename %s: %s", tmp,
				strerror(errno));
			goto out_unlink_tmp;
		}
	} else {
		unlink(tmp);
	}
	if (stat(path, &st) < 0) {
		ret = -errno;
		goto out_unlink_path;
	}
	ret = ctl_loop_fd_add(loop, fd, EPOLLIN, ctl_api_accept_cb, NULL);
	if (ret < 0) {
		CTL_LOG(ERR, "api: ctl_loop_fd_add: %s", strerror(-ret));
		goto out_unlink_path;
	}
	/* Telemetry requests are served by the same reactor. */
	ret = ctl_api_tel_start(loop);
	if (ret < 0) {
		ctl_loop_fd_del(loop, fd);
		goto out_unlink_path;
	}
	ctl_srv.loop = loop;
	ctl_srv.fd = fd;
	ctl_srv.dev = st.st_dev;
	ctl_srv.ino = st.st_ino;
	ctl_srv.close_pending = false;
	snprintf(ctl_srv.path, sizeof(ctl_srv.path), "%s", path);
	CTL_LOG(INFO, "api: listening on %s", path);
	return 0;

out_unlink_path:
	unlink(path);
out_unlink_tmp:
	unlink(tmp);
out_close:
	close(fd);
	return ret;
}

void
ctl_api_close(void)
{
	struct ctl_api_client *c;
	struct stat st;

	/*
	 * The telemetry bridge first: once it is stopped no handler runs
	 * for telemetry, so the caller may free the state handlers read.
	 */
	ctl_api_tel_stop();
	if (ctl_srv.in_handler) {
		/* The running handler's client is still in use. */
		ctl_srv.close_pending = true;
		return;
	}
	ctl_srv.close_pending = false;
	if (ctl_srv.fd < 0)
		return;
	while ((c = TAILQ_FIRST(&ctl_srv.clients)) != NULL)
		ctl_api_client_close(c);
	ctl_loop_timer_del(ctl_srv.accept_retry);
	ctl_srv.accept_retry = NULL;
	ctl_loop_fd_del(ctl_srv.loop, ctl_srv.fd);
	close(ctl_srv.fd);
	ctl_srv.fd = -1;
	/* Leave a socket alone that another process put in our place. */
	if (stat(ctl_srv.path, &st) == 0 && st.st_dev == ctl_srv.dev &&
	    st.st_ino == ctl_srv.ino)
		unlink(ctl_srv.path);
	CTL_LOG(INFO, "api: closed %s", ctl_srv.path);
	ctl_srv.loop = NULL;
	ctl_srv.path[0] = '\0';
}
