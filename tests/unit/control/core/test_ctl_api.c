/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the command API (ctl_api): registration, dispatch and its
 * error messages, request splitting, the UNIX socket server driven by a
 * real ctl_loop, and the telemetry callback. Runs without EAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_telemetry.h>

#include "core/ctl_api.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "core/ctl_reply_int.h"
#include "support/ut_run.h"

/* A broken server must fail the run, not hang it. */
#define TEST_ALARM_S		120
#define TEST_GUARD_MS		5000
#define TEST_BIG_LEN		(3 << 20)

/* What the last handler saw. */
static struct {
	const char	*cmd;
	int		argc;
	char		argv[4][64];
	enum ctl_reply_fmt fmt;
	int		n_calls;
} test_seen;

static char test_dir[64];
static char test_sock[100];
static char *test_big;

static void
test_seen_record(struct ctl_reply *out, const char *cmd, int argc, char **argv)
{
	int i;

	test_seen.cmd = cmd;
	test_seen.argc = argc;
	test_seen.fmt = ctl_reply_fmt(out);
	test_seen.n_calls++;
	for (i = 0; i < argc && i < 4; i++)
		snprintf(test_seen.argv[i], sizeof(test_seen.argv[i]), "%s",
			 argv[i]);
}

static int
test_h_record(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_str(out, "cmd", arg);
	return 0;
}

static int
test_h_version(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_str(out, "version", "1.2.3");
	return 0;
}

static int
test_h_tel(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_u64(out, "rx_packets", 42);
	if (argc > 0 && strcmp(argv[0], "fail") == 0) {
		ctl_reply_error(out, "asked to fail");
		return -EINVAL;
	}
	return 0;
}

static int
test_h_fail_plain(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_u64(out, "partial", 1);
	return -ENOENT;
}

static int
test_h_fail_msg(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_error(out, "no port '%s'", argc > 0 ? argv[0] : "");
	return -ENODEV;
}

static int
test_h_big(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_reply_block(out, "data", test_big);
	return 0;
}

static int
test_h_close(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	ctl_api_close();
	ctl_reply_str(out, "closing", "yes");
	return 0;
}

/* Deferred requests: the handle and what happened to it. */
static struct {
	struct ctl_api_pending	*p;
	struct ctl_loop		*loop;
	uint64_t		delay_ms;
	int			n_cancel;
} test_defer;

static void
test_defer_cancel(void *arg)
{
	CU_ASSERT(arg == &test_defer);
	test_defer.n_cancel++;
	test_defer.p = NULL;
}

static void
test_defer_finish_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_api_pending *p = test_defer.p;

	(void)loop;
	(void)arg;
	ctl_loop_timer_del(t);
	if (p == NULL)
		return;
	test_defer.p = NULL;
	ctl_reply_str(ctl_api_pending_out(p), "result", "late");
	ctl_api_pending_finish(p, 0);
}

static int
test_h_defer(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	test_defer.p = ctl_api_defer(test_defer_cancel, &test_defer);
	if (test_defer.p == NULL) {
		/* Not a socket request: answer synchronously. */
		ctl_reply_str(out, "result", "now");
		return 0;
	}
	/* A second defer of the same request is refused. */
	CU_ASSERT_PTR_NULL(ctl_api_defer(NULL, NULL));
	if (test_defer.delay_ms > 0)
		CU_ASSERT_PTR_NOT_NULL(ctl_loop_timer_add(test_defer.loop,
							  test_defer.delay_ms,
							  0,
							  test_defer_finish_cb,
							  NULL));
	return CTL_API_DEFERRED;
}

static int
test_h_defer_bad(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	return CTL_API_DEFERRED;
}

static int
test_h_defer_fail(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	test_seen_record(out, arg, argc, argv);
	CU_ASSERT_PTR_NOT_NULL(ctl_api_defer(test_defer_cancel, &test_defer));
	ctl_reply_error(out, "failed at once");
	return -EIO;
}

static const struct ctl_cmd test_cmds[] = {
	{ "show version", "", "software version", test_h_version,
	  "show version", true },
	{ "show configuration", "[srp]", "running configuration",
	  test_h_record, "show configuration", false },
	{ "show port statistics", "", "port counters", test_h_tel,
	  "show port statistics", true },
	{ "show srp", "[WHAT]", "srp summary", test_h_record, "show srp",
	  false },
	{ "show srp info", "", "srp state", test_h_record, "show srp info",
	  true },
	{ "show srp call-loss statistics", "", "calls lost", test_h_tel,
	  "show srp call-loss statistics", true },
	{ "srp initiate-switchover", "[force]", "switch roles",
	  test_h_record, "srp initiate-switchover", false },
	{ "debug fail plain", "", "fails", test_h_fail_plain,
	  "debug fail plain", false },
	{ "debug fail msg", "PORT", "fails", test_h_fail_msg,
	  "debug fail msg", false },
	{ "debug big", "", "big output", test_h_big, "debug big", false },
	{ "debug close", "", "close api", test_h_close, "debug close",
	  false },
	{ "debug defer", "", "late answer", test_h_defer, "debug defer",
	  false },
	{ "debug defer-bad", "", "no handle", test_h_defer_bad,
	  "debug defer-bad", false },
	{ "debug defer-fail", "", "early answer", test_h_defer_fail,
	  "debug defer-fail", false },
};

static int
test_setup(void)
{
	unsigned int i;

	ctl_api_reset();
	memset(&test_seen, 0, sizeof(test_seen));
	for (i = 0; i < sizeof(test_cmds) / sizeof(test_cmds[0]); i++) {
		if (ctl_api_register(&test_cmds[i]) != 0)
			return -1;
	}
	return 0;
}

static void
test_setup_each(void)
{
	CU_ASSERT_FATAL(test_setup() == 0);
	CU_ASSERT(ctl_api_set_limits(16, 5000) == 0);
}

/* Dispatch a request line given as one string; output in @buf. */
static int
test_dispatch(const char *line, enum ctl_reply_fmt fmt, char *buf, size_t len)
{
	char copy[CTL_API_MAX_REQ];
	char *argv[CTL_API_MAX_WORDS];
	struct ctl_reply *out;
	int argc = 0, ret;

	snprintf(copy, sizeof(copy), "%s", line);
	if (copy[0] != '\0') {
		argc = ctl_api_split(copy, argv, CTL_API_MAX_WORDS);
		CU_ASSERT_FATAL(argc > 0);
	}
	out = ctl_reply_new(fmt);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ret = ctl_api_dispatch(argc, argv, out);
	snprintf(buf, len, "%s", ctl_reply_finish(out, NULL));
	ctl_reply_free(out);
	return ret;
}

/* Registration */

static void
test_ctl_api_register_rejects_duplicates_and_bad_words(void)
{
	struct ctl_cmd c = { "show version", "", "again", test_h_record, NULL,
			     false };
	char many[200] = "";
	int i;

	test_setup_each();
	CU_ASSERT(ctl_api_register(&c) == -EEXIST);
	c.words = "help";
	CU_ASSERT(ctl_api_register(&c) == -EEXIST);
	c.words = "help me";
	CU_ASSERT(ctl_api_register(&c) == -EEXIST);
	c.words = "";
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	c.words = " show x";
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	c.words = "show x ";
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	c.words = "show  x";
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	c.words = "show\tx";
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	for (i = 0; i < CTL_API_MAX_WORDS + 1; i++)
		strcat(many, i == 0 ? "w" : " w");
	c.words = many;
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	c.words = "show new";
	c.fn = NULL;
	CU_ASSERT(ctl_api_register(&c) == -EINVAL);
	CU_ASSERT(ctl_api_register(NULL) == -EINVAL);
	/* A prefix of an existing command is a different command. */
	c.fn = test_h_record;
	c.words = "show port";
	CU_ASSERT(ctl_api_register(&c) == 0);
}

static void
test_ctl_api_register_table_full(void)
{
	static char words[CTL_API_MAX_CMDS + 1][16];
	struct ctl_cmd c = { NULL, "", "", test_h_record, NULL, false };
	int i;

	ctl_api_reset();
	for (i = 0; i < CTL_API_MAX_CMDS; i++) {
		snprintf(words[i], sizeof(words[i]), "cmd %d", i);
		c.words = words[i];
		CU_ASSERT(ctl_api_register(&c) == 0);
	}
	snprintf(words[i], sizeof(words[i]), "cmd %d", i);
	c.words = words[i];
	CU_ASSERT(ctl_api_register(&c) == -ENOSPC);
	ctl_api_reset();
	CU_ASSERT(ctl_api_register(&c) == 0);
}

/* Dispatch */

static void
test_ctl_api_dispatch_exact(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("show version", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(buf, "Version : 1.2.3\n");
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show version");
	CU_ASSERT(test_seen.argc == 0);
	CU_ASSERT(test_dispatch("show version", CTL_REPLY_JSON, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(buf, "{\n  \"version\": \"1.2.3\"\n}\n");
}

static void
test_ctl_api_dispatch_longest_prefix(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("show srp info extra", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show srp info");
	CU_ASSERT(test_seen.argc == 1);
	CU_ASSERT_STRING_EQUAL(test_seen.argv[0], "extra");

	CU_ASSERT(test_dispatch("show srp statistics now", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show srp");
	CU_ASSERT(test_seen.argc == 2);
	CU_ASSERT_STRING_EQUAL(test_seen.argv[0], "statistics");
	CU_ASSERT_STRING_EQUAL(test_seen.argv[1], "now");

	CU_ASSERT(test_dispatch("show srp", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show srp");
	CU_ASSERT(test_seen.argc == 0);

	CU_ASSERT(test_dispatch("srp initiate-switchover force", CTL_REPLY_TEXT,
				buf, sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "srp initiate-switchover");
	CU_ASSERT_STRING_EQUAL(test_seen.argv[0], "force");
	CU_ASSERT_STRING_EQUAL(buf, "Cmd : srp initiate-switchover\n");
}

static void
test_ctl_api_dispatch_unknown_command(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("bogus x", CTL_REPLY_TEXT, buf, sizeof(buf)) ==
		  -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: unknown command 'bogus'; expected one of: debug, help, show, srp\n");
	CU_ASSERT(test_seen.n_calls == 0);
	CU_ASSERT(test_dispatch("bogus", CTL_REPLY_JSON, buf, sizeof(buf)) ==
		  -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"{\n  \"error\": \"unknown command 'bogus'; "
		"expected one of: debug, help, show, srp\"\n}\n");
}

static void
test_ctl_api_dispatch_incomplete(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("show", CTL_REPLY_TEXT, buf, sizeof(buf)) ==
		  -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: incomplete command; after 'show' expected one of: "
		"configuration, port, srp, version\n");
	CU_ASSERT(test_dispatch("show port", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: incomplete command; after 'show port' expected one of: statistics\n");
	CU_ASSERT(test_seen.n_calls == 0);
}

static void
test_ctl_api_dispatch_unknown_word(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("show bogus now", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: unknown word 'bogus' after 'show'; expected one of: "
		"configuration, port, srp, version\n");
	CU_ASSERT(test_dispatch("srp bogus", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: unknown word 'bogus' after 'srp'; expected one of: initiate-switchover\n");
	CU_ASSERT(test_seen.n_calls == 0);
}

static void
test_ctl_api_dispatch_missing_command(void)
{
	char buf[512];

	test_setup_each();
	CU_ASSERT(test_dispatch("", CTL_REPLY_TEXT, buf, sizeof(buf)) ==
		  -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
		"Error: missing command; expected one of: debug, help, show, srp\n");
}

static void
test_ctl_api_dispatch_handler_errors(void)
{
	char buf[512];

	test_setup_each();
	/* No message from the handler: errno text, partial output gone. */
	CU_ASSERT(test_dispatch("debug fail plain", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == -ENOENT);
	CU_ASSERT_STRING_EQUAL(buf, "Error: No such file or directory\n");
	CU_ASSERT(test_dispatch("debug fail msg p7", CTL_REPLY_JSON, buf,
				sizeof(buf)) == -ENODEV);
	CU_ASSERT_STRING_EQUAL(buf, "{\n  \"error\": \"no port 'p7'\"\n}\n");
}

static void
test_ctl_api_help_lists_commands(void)
{
	char buf[4096];

	test_setup_each();
	CU_ASSERT(test_dispatch("help", CTL_REPLY_TEXT, buf, sizeof(buf)) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "  help [COMMAND...]  "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "  show configuration [srp]  "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "running configuration\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "  srp initiate-switchover [force]"));
	/* Sorted. */
	CU_ASSERT(strstr(buf, "show configuration") <
		  strstr(buf, "show version"));

	CU_ASSERT(test_dispatch("help show srp", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "show srp info"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "show srp call-loss statistics"));
	CU_ASSERT_PTR_NULL(strstr(buf, "show version"));
	CU_ASSERT_PTR_NULL(strstr(buf, "help [COMMAND"));

	CU_ASSERT(test_dispatch("help nothing", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == -EINVAL);
	CU_ASSERT_STRING_EQUAL(buf,
			       "Error: no command starts with 'nothing'\n");

	CU_ASSERT(test_dispatch("help show version", CTL_REPLY_JSON, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(buf,
		"{\n"
		"  \"commands\": [\n"
		"    {\n"
		"      \"command\": \"show version\",\n"
		"      \"args\": \"\",\n"
		"      \"help\": \"software version\",\n"
		"      \"telemetry\": true\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void
test_ctl_api_split_words(void)
{
	char *argv[CTL_API_MAX_WORDS];
	char line[512];

	strcpy(line, "show srp info");
	CU_ASSERT(ctl_api_split(line, argv, CTL_API_MAX_WORDS) == 3);
	CU_ASSERT_STRING_EQUAL(argv[0], "show");
	CU_ASSERT_STRING_EQUAL(argv[1], "srp");
	CU_ASSERT_STRING_EQUAL(argv[2], "info");

	/* Runs of spaces separate too. */
	strcpy(line, "  show   port ");
	CU_ASSERT(ctl_api_split(line, argv, CTL_API_MAX_WORDS) == 2);
	CU_ASSERT_STRING_EQUAL(argv[1], "port");

	/* Non-ASCII bytes are ordinary characters. */
	strcpy(line, "show caf\xc3\xa9");
	CU_ASSERT(ctl_api_split(line, argv, CTL_API_MAX_WORDS) == 2);
}

static void
test_ctl_api_split_rejects_bad_lines(void)
{
	static const char *const bad[] = {
		"", "   ", "show\tsrp", "show\nsrp", "show \x01", "show\x7f",
		"show srp\r",
	};
	char *argv[CTL_API_MAX_WORDS];
	char line[512], copy[512];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(line, bad[i]);
		CU_ASSERT(ctl_api_split(line, argv, CTL_API_MAX_WORDS) ==
			  -EINVAL);
		/* Refused lines are left as they were. */
		CU_ASSERT_STRING_EQUAL(line, bad[i]);
	}
	/* More than the caller's room, or than CTL_API_MAX_WORDS. */
	strcpy(line, "a b c");
	strcpy(copy, line);
	CU_ASSERT(ctl_api_split(line, argv, 2) == -EINVAL);
	CU_ASSERT_STRING_EQUAL(line, copy);
	line[0] = '\0';
	for (i = 0; i < CTL_API_MAX_WORDS + 1; i++)
		strcat(line, "w ");
	CU_ASSERT(ctl_api_split(line, argv, INT_MAX) == -EINVAL);
	CU_ASSERT(ctl_api_split(NULL, argv, 4) == -EINVAL);
	CU_ASSERT(ctl_api_split(line, NULL, 4) == -EINVAL);
	CU_ASSERT(ctl_api_split(line, argv, 0) == -EINVAL);
}

/* Socket server */

struct test_client {
	char		*buf;
	size_t		len;
	size_t		cap;
	int		fd;
	bool		eof;
	bool		stop_on_eof;
};

static bool test_timed_out;

static void
test_guard_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	test_timed_out = true;
	ctl_loop_stop(loop);
}

static void
test_client_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct test_client *c = arg;
	ssize_t r;

	(void)events;
	for (;;) {
		if (c->cap - c->len < 65536) {
			c->cap = c->cap * 2 + 65536;
			c->buf = realloc(c->buf, c->cap + 1);
			CU_ASSERT_PTR_NOT_NULL_FATAL(c->buf);
		}
		r = recv(fd, c->buf + c->len, c->cap - c->len, MSG_DONTWAIT);
		if (r > 0) {
			c->len += (size_t)r;
			c->buf[c->len] = '\0';
			continue;
		}
		if (r < 0 && errno == EAGAIN)
			return;
		/* EOF (or a reset, which would be a server bug: flagged). */
		CU_ASSERT(r == 0);
		c->eof = true;
		ctl_loop_fd_del(loop, fd);
		if (c->stop_on_eof)
			ctl_loop_stop(loop);
		return;
	}
}

static int
test_connect(const char path[sizeof(test_sock)])
{
	struct sockaddr_un sa;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CU_ASSERT_FATAL(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

static void
test_client_start(struct ctl_loop *loop, struct test_client *c, bool stop)
{
	memset(c, 0, sizeof(*c));
	c->fd = test_connect(test_sock);
	CU_ASSERT_FATAL(c->fd >= 0);
	c->stop_on_eof = stop;
	CU_ASSERT(ctl_loop_fd_add(loop, c->fd, EPOLLIN, test_client_cb, c) ==
		  0);
}

static void
test_client_end(struct ctl_loop *loop, struct test_client *c)
{
	if (!c->eof)
		ctl_loop_fd_del(loop, c->fd);
	close(c->fd);
	free(c->buf);
	c->buf = NULL;
}

/* Run @loop until it is stopped; false if the guard had to stop it. */
static bool
test_run(struct ctl_loop *loop, uint64_t guard_ms)
{
	struct ctl_timer *guard;

	test_timed_out = false;
	guard = ctl_loop_timer_add(loop, guard_ms, 0, test_guard_cb, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	ctl_loop_timer_del(guard);
	return !test_timed_out;
}

/* Send @len bytes of @req (then half-close if @shut), return the answer. */
static char *
test_request(struct ctl_loop *loop, const char *req, size_t len, bool shut,
	     size_t *resp_len)
{
	struct test_client c;
	char *resp;

	test_client_start(loop, &c, true);
	CU_ASSERT_FATAL(write(c.fd, req, len) == (ssize_t)len);
	if (shut)
		shutdown(c.fd, SHUT_WR);
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	CU_ASSERT(c.eof);
	resp = c.buf != NULL ? c.buf : strdup("");
	c.buf = NULL;
	if (resp_len != NULL)
		*resp_len = c.len;
	test_client_end(loop, &c);
	return resp;
}

static void
test_expect(struct ctl_loop *loop, const char *req, const char *want)
{
	char *resp = test_request(loop, req, strlen(req), false, NULL);

	CU_ASSERT_STRING_EQUAL(resp, want);
	if (strcmp(resp, want) != 0)
		fprintf(stderr, "request %s got:\n%s\n", req, resp);
	free(resp);
}

static struct ctl_loop *
test_listen(void)
{
	struct ctl_loop *loop = ctl_loop_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	CU_ASSERT_FATAL(ctl_api_listen(loop, test_sock) == 0);
	return loop;
}

static void
test_unlisten(struct ctl_loop *loop)
{
	ctl_api_close();
	ctl_loop_free(loop);
}

static void
test_ctl_api_socket_round_trip(void)
{
	char dir[sizeof(test_sock)];
	struct ctl_loop *loop;
	struct stat st;

	test_setup_each();
	loop = test_listen();
	/* Socket mode 0600, created parent directory 0700. */
	CU_ASSERT_FATAL(stat(test_sock, &st) == 0);
	CU_ASSERT(S_ISSOCK(st.st_mode));
	CU_ASSERT((st.st_mode & 07777) == 0600);
	snprintf(dir, sizeof(dir), "%s/run", test_dir);
	CU_ASSERT_FATAL(stat(dir, &st) == 0);
	CU_ASSERT((st.st_mode & 07777) == 0700);

	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_expect(loop, "json show version\n",
		    "0\n{\n  \"version\": \"1.2.3\"\n}\n");
	test_expect(loop, "text  show   srp info  now\r\n",
		    "0\nCmd : show srp info\n");
	CU_ASSERT(test_seen.argc == 1);
	CU_ASSERT(ctl_api_listen(loop, test_sock) == -EALREADY);

	test_unlisten(loop);
	CU_ASSERT(stat(test_sock, &st) < 0 && errno == ENOENT);
	/* Harmless when already closed. */
	ctl_api_close();
}

static void
test_ctl_api_socket_bad_requests(void)
{
	struct ctl_loop *loop;
	char big[CTL_API_MAX_REQ + 64];
	char *resp;

	test_setup_each();
	loop = test_listen();
	test_expect(loop, "text bogus\n",
		    "22\nError: unknown command 'bogus'; "
		    "expected one of: debug, help, show, srp\n");
	test_expect(loop, "json bogus\n",
		    "22\n{\n  \"error\": \"unknown command 'bogus'; "
		    "expected one of: debug, help, show, srp\"\n}\n");
	test_expect(loop, "xml show version\n",
		    "22\nError: request must start with the output format 'text' or 'json'\n");
	test_expect(loop, "text show\tversion\n",
		    "22\nError: request contains control characters\n");
	test_expect(loop, "\n",
		    "22\nError: empty request; expected 'text|json COMMAND...'\n");
	test_expect(loop, "text\n",
		    "22\nError: missing command; expected one of: debug, help, show, srp\n");
	test_expect(loop, "text debug fail msg p1\n",
		    "19\nError: no port 'p1'\n");

	resp = test_request(loop, "text show\0version\n", 18, false, NULL);
	CU_ASSERT_STRING_EQUAL(resp, "22\nError: request contains a NUL byte\n");
	free(resp);

	/* The last line may end at EOF. */
	resp = test_request(loop, "text show version", 17, true, NULL);
	CU_ASSERT_STRING_EQUAL(resp, "0\nVersion : 1.2.3\n");
	free(resp);

	/* Exactly CTL_API_MAX_REQ bytes with the newline: accepted. */
	memset(big, ' ', sizeof(big));
	memcpy(big, "text show version", 17);
	big[CTL_API_MAX_REQ - 1] = '\n';
	resp = test_request(loop, big, CTL_API_MAX_REQ, false, NULL);
	CU_ASSERT_STRING_EQUAL(resp, "0\nVersion : 1.2.3\n");
	free(resp);

	/* One more: refused, no crash, the rest of the input discarded. */
	big[CTL_API_MAX_REQ - 1] = ' ';
	big[CTL_API_MAX_REQ] = '\n';
	resp = test_request(loop, big, CTL_API_MAX_REQ + 1, false, NULL);
	CU_ASSERT_STRING_EQUAL(resp,
			       "90\nError: request longer than 4096 bytes\n");
	free(resp);
	memset(big, 'a', sizeof(big));
	memcpy(big, "json ", 5);
	resp = test_request(loop, big, sizeof(big), false, NULL);
	CU_ASSERT_STRING_EQUAL(resp,
		"90\n{\n  \"error\": \"request longer than 4096 bytes\"\n}\n");
	free(resp);

	/* Still serving. */
	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_unlisten(loop);
}

static void
test_ctl_api_socket_big_output(void)
{
	struct ctl_loop *loop;
	size_t len = 0;
	char *resp;
	size_t i;

	test_setup_each();
	test_big = malloc(TEST_BIG_LEN + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(test_big);
	for (i = 0; i < TEST_BIG_LEN; i++)
		test_big[i] = (i % 64) == 63 ? '\n' : (char)('a' + i % 26);
	test_big[TEST_BIG_LEN] = '\0';
	loop = test_listen();
	/* Far more than a socket buffer: needs EPOLLOUT continuation. */
	resp = test_request(loop, "text debug big\n", 15, false, &len);
	CU_ASSERT(len == 2 + TEST_BIG_LEN);
	CU_ASSERT(strncmp(resp, "0\n", 2) == 0);
	CU_ASSERT(len == 2 + TEST_BIG_LEN &&
		  memcmp(resp + 2, test_big, TEST_BIG_LEN) == 0);
	free(resp);
	test_unlisten(loop);
	free(test_big);
	test_big = NULL;
}

static void
test_stop_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)arg;
	ctl_loop_timer_del(t);
	ctl_loop_stop(loop);
}

/* Let the server handle what is pending for @ms. */
static void
test_spin(struct ctl_loop *loop, uint64_t ms)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctl_loop_timer_add(loop, ms, 0,
							test_stop_cb, NULL));
	CU_ASSERT(ctl_loop_run(loop) == 0);
}

static void
test_close_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)arg;
	ctl_loop_timer_del(t);
	ctl_api_close();
}

static void
test_ctl_api_socket_deferred(void)
{
	struct test_client c;
	struct ctl_loop *loop;
	char buf[256];

	test_setup_each();
	/* The answer comes after the idle limit: waiting is not idling. */
	CU_ASSERT(ctl_api_set_limits(16, 20) == 0);
	loop = test_listen();
	memset(&test_defer, 0, sizeof(test_defer));
	test_defer.loop = loop;
	test_defer.delay_ms = 80;
	test_expect(loop, "text debug defer\n", "0\nResult : late\n");
	test_expect(loop, "json debug defer\n",
		    "0\n{\n  \"result\": \"late\"\n}\n");
	CU_ASSERT_EQUAL(test_defer.n_cancel, 0);
	/* Deferring without a handle is a handler bug: an error. */
	test_expect(loop, "text debug defer-bad\n",
		    "22\nError: internal error: command answered late without a handle\n");
	/* Deferred, then answered at once: the answer goes out. */
	test_expect(loop, "text debug defer-fail\n",
		    "5\nError: failed at once\n");
	CU_ASSERT_EQUAL(test_defer.n_cancel, 0);
	/* Outside the socket (telemetry, direct dispatch) it runs at once. */
	CU_ASSERT(test_dispatch("debug defer", CTL_REPLY_TEXT, buf,
				sizeof(buf)) == 0);
	CU_ASSERT_STRING_EQUAL(buf, "Result : now\n");
	/* The server closes while a request waits: cancel, no answer. */
	test_defer.delay_ms = 0;
	test_client_start(loop, &c, true);
	CU_ASSERT_FATAL(write(c.fd, "text debug defer\n", 17) == 17);
	CU_ASSERT_PTR_NOT_NULL(ctl_loop_timer_add(loop, 60, 0, test_close_cb,
						  NULL));
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	CU_ASSERT(c.eof);
	CU_ASSERT_EQUAL(c.len, 0);
	CU_ASSERT_EQUAL(test_defer.n_cancel, 1);
	CU_ASSERT_PTR_NULL(test_defer.p);
	test_client_end(loop, &c);
	ctl_loop_free(loop);
}

static void
test_ctl_api_socket_client_limit(void)
{
	struct test_client a, b, c;
	struct ctl_loop *loop;

	test_setup_each();
	CU_ASSERT(ctl_api_set_limits(2, 5000) == 0);
	loop = test_listen();
	test_client_start(loop, &a, false);
	test_client_start(loop, &b, false);
	test_spin(loop, 20);
	test_client_start(loop, &c, true);
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	CU_ASSERT(c.eof);
	CU_ASSERT_STRING_EQUAL(c.buf != NULL ? c.buf : "",
		"16\nError: too many clients (at most 2 at a time)\n");
	CU_ASSERT(!a.eof && !b.eof);
	test_client_end(loop, &a);
	test_client_end(loop, &b);
	test_client_end(loop, &c);
	/* Their slots come back once the server saw them go. */
	test_spin(loop, 20);
	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_unlisten(loop);
	CU_ASSERT(ctl_api_set_limits(0, 5000) == -EINVAL);
	CU_ASSERT(ctl_api_set_limits(16, 0) == -EINVAL);
}

static void
test_ctl_api_socket_idle_client_dropped(void)
{
	struct test_client a, b;
	struct ctl_loop *loop;

	test_setup_each();
	CU_ASSERT(ctl_api_set_limits(16, 30) == 0);
	loop = test_listen();
	/* Silent client, and one that stops in the middle of its line. */
	test_client_start(loop, &a, true);
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	CU_ASSERT(a.eof);
	CU_ASSERT(a.len == 0);
	test_client_start(loop, &b, true);
	CU_ASSERT(write(b.fd, "text show", 9) == 9);
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	CU_ASSERT(b.eof);
	CU_ASSERT(b.len == 0);
	test_client_end(loop, &a);
	test_client_end(loop, &b);
	test_unlisten(loop);
}

static void
test_ctl_api_socket_probe_is_harmless(void)
{
	struct ctl_loop *loop;
	int fd;

	test_setup_each();
	loop = test_listen();
	fd = test_connect(test_sock);
	CU_ASSERT(fd >= 0);
	close(fd);
	test_spin(loop, 20);
	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_unlisten(loop);
}

static void
test_ctl_api_listen_replaces_stale_socket(void)
{
	struct sockaddr_un sa;
	struct ctl_loop *loop;
	int fd;

	test_setup_each();
	/* A socket file nobody listens on, as a crashed srpgw leaves. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", test_sock);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(fd);
	loop = test_listen();
	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_unlisten(loop);
}

static void
test_ctl_api_listen_refuses_busy_or_foreign_path(void)
{
	struct sockaddr_un sa;
	struct ctl_loop *loop;
	char longp[200];
	struct stat st;
	int fd;

	test_setup_each();
	loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);

	/* Someone listens there: keep their socket. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", test_sock);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CU_ASSERT_FATAL(listen(fd, 4) == 0);
	CU_ASSERT(ctl_api_listen(loop, test_sock) == -EADDRINUSE);
	CU_ASSERT(stat(test_sock, &st) == 0 && S_ISSOCK(st.st_mode));
	close(fd);
	unlink(test_sock);

	/* Not a socket: never removed. */
	fd = open(test_sock, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT(ctl_api_listen(loop, test_sock) == -EEXIST);
	CU_ASSERT(stat(test_sock, &st) == 0 && S_ISREG(st.st_mode));
	unlink(test_sock);

	memset(longp, 'x', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	CU_ASSERT(ctl_api_listen(loop, longp) == -ENAMETOOLONG);
	CU_ASSERT(ctl_api_listen(loop, "") == -EINVAL);
	CU_ASSERT(ctl_api_listen(NULL, test_sock) == -EINVAL);

	/* After all that, listening works. */
	CU_ASSERT(ctl_api_listen(loop, test_sock) == 0);
	test_unlisten(loop);
}

static void
test_ctl_api_close_from_handler(void)
{
	struct ctl_loop *loop;
	struct stat st;

	test_setup_each();
	loop = test_listen();
	/* The answer still goes out; the socket is gone afterwards. */
	test_expect(loop, "text debug close\n", "0\nClosing : yes\n");
	CU_ASSERT(stat(test_sock, &st) < 0 && errno == ENOENT);
	CU_ASSERT(test_connect(test_sock) == -ENOENT);
	CU_ASSERT(ctl_api_listen(loop, test_sock) == 0);
	test_expect(loop, "text show version\n", "0\nVersion : 1.2.3\n");
	test_unlisten(loop);
}

/* srpgwctl against the in-process server */

struct test_pipe_buf {
	char	buf[8192];
	size_t	len;
	int	fd;
	int	*n_open;
};

static void
test_pipe_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct test_pipe_buf *p = arg;
	ssize_t r;

	(void)events;
	r = read(fd, p->buf + p->len, sizeof(p->buf) - 1 - p->len);
	if (r > 0) {
		p->len += (size_t)r;
		p->buf[p->len] = '\0';
		if (p->len < sizeof(p->buf) - 1)
			return;
	} else if (r < 0 && errno == EAGAIN) {
		return;
	}
	/* EOF (or full buffer): this stream is done. */
	ctl_loop_fd_del(loop, fd);
	if (--*p->n_open == 0)
		ctl_loop_stop(loop);
}

/*
 * Run the srpgwctl binary named by $SRPGW_CTL_CLI with @args while @loop
 * serves it. @return its exit status, or -1 when it could not run.
 */
static int
test_cli(struct ctl_loop *loop, const char *cli, const char *const *args,
	 struct test_pipe_buf *out, struct test_pipe_buf *err)
{
	char *argv[16];
	int po[2], pe[2];
	int n_open = 2, status, i;
	pid_t pid;

	argv[0] = (char *)(uintptr_t)cli;
	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = (char *)(uintptr_t)args[i];
	argv[i + 1] = NULL;
	CU_ASSERT_FATAL(pipe2(po, O_CLOEXEC | O_NONBLOCK) == 0);
	CU_ASSERT_FATAL(pipe2(pe, O_CLOEXEC | O_NONBLOCK) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		fcntl(STDOUT_FILENO, F_SETFL, 0);
		fcntl(STDERR_FILENO, F_SETFL, 0);
		unsetenv("SRPGW_CTL_SOCKET");
		execv(cli, argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	out->fd = po[0];
	err->fd = pe[0];
	out->n_open = &n_open;
	err->n_open = &n_open;
	CU_ASSERT(ctl_loop_fd_add(loop, po[0], EPOLLIN, test_pipe_cb, out) ==
		  0);
	CU_ASSERT(ctl_loop_fd_add(loop, pe[0], EPOLLIN, test_pipe_cb, err) ==
		  0);
	CU_ASSERT(test_run(loop, TEST_GUARD_MS));
	if (n_open > 0) {
		ctl_loop_fd_del(loop, po[0]);
		ctl_loop_fd_del(loop, pe[0]);
	}
	close(po[0]);
	close(pe[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
test_ctl_api_cli_exit_status_and_output(void)
{
	const char *cli = getenv("SRPGW_CTL_CLI");
	struct test_pipe_buf out, err;
	struct ctl_loop *loop;

	/* meson sets SRPGW_CTL_CLI; a run without it must not pass silently. */
	CU_ASSERT_FATAL(cli != NULL && cli[0] != '\0');
	test_setup_each();
	loop = test_listen();

	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   "show", "version", NULL }, &out, &err) == 0);
	CU_ASSERT_STRING_EQUAL(out.buf, "Version : 1.2.3\n");
	CU_ASSERT_STRING_EQUAL(err.buf, "");

	/* Options after the words are still options. */
	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   "show", "version", "--json", NULL }, &out,
			   &err) == 0);
	CU_ASSERT_STRING_EQUAL(out.buf, "{\n  \"version\": \"1.2.3\"\n}\n");

	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   "show", "port", NULL }, &out, &err) == 1);
	CU_ASSERT_STRING_EQUAL(out.buf, "");
	CU_ASSERT_STRING_EQUAL(err.buf,
		"Error: incomplete command; after 'show port' expected one "
		"of: statistics\n");

	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   NULL }, &out, &err) == 2);
	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   "-t", "0", "show", "version", NULL }, &out,
			   &err) == 2);
	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s", test_sock,
			   "show", "", NULL }, &out, &err) == 2);

	CU_ASSERT(test_cli(loop, cli, (const char *const[]){ "-s",
			   "/nonexistent/srpgw.sock", "show", "version", NULL },
			   &out, &err) == 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.buf,
		"cannot connect to srpgw at /nonexistent/srpgw.sock: "));
	test_unlisten(loop);
}

/* Telemetry */

#define TEST_TEL_THREADS	4
#define TEST_TEL_REQS		25
/* Yields given to a caller thread before the bridge is stopped under it. */
#define TEST_TEL_YIELDS		1000

/* One telemetry caller thread. */
struct test_tel_caller {
	pthread_t	th;
	void		*(*fn)(void *arg);
	int		idx;
	int		n_reqs;
	const char	*cmd;		/* NULL: "/srpgw/show_thread" */
	int		ret;		/* the last failure, or 0 */
	int		n_ok;		/* answered into its own rte_tel_data */
	int		n_fail;
};

static struct {
	int			wake[2];	/* last caller -> test loop */
	atomic_int		n_running;
	pthread_t		reactor;	/* the test thread */
	atomic_int		n_calls;	/* handler runs */
	atomic_int		n_off_reactor;	/* ... not on the reactor */
	struct rte_tel_data	*seen_d[TEST_TEL_THREADS][TEST_TEL_REQS];
} test_tel;

/* "show thread T I": records where it ran and into which data. */
static int
test_h_thread(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	int t, i;

	(void)arg;
	atomic_fetch_add(&test_tel.n_calls, 1);
	if (!pthread_equal(pthread_self(), test_tel.reactor))
		atomic_fetch_add(&test_tel.n_off_reactor, 1);
	if (argc >= 2) {
		t = atoi(argv[0]);
		i = atoi(argv[1]);
		if (t >= 0 && t < TEST_TEL_THREADS && i >= 0 &&
		    i < TEST_TEL_REQS)
			test_tel.seen_d[t][i] = out->tel;
	}
	ctl_reply_u64(out, "answered", 1);
	return 0;
}

static const struct ctl_cmd test_tel_cmds[] = {
	{ "show thread", "T I", "where telemetry runs", test_h_thread, NULL,
	  true },
	{ "show late", "", "defers when it can", test_h_defer, "show late",
	  true },
};

static void
test_tel_setup(void)
{
	unsigned int i;

	test_setup_each();
	for (i = 0; i < sizeof(test_tel_cmds) / sizeof(test_tel_cmds[0]); i++)
		CU_ASSERT_FATAL(ctl_api_register(&test_tel_cmds[i]) == 0);
	CU_ASSERT_FATAL(ctl_api_telemetry_register() == 0);
	memset(test_tel.seen_d, 0, sizeof(test_tel.seen_d));
	atomic_store(&test_tel.n_calls, 0);
	atomic_store(&test_tel.n_off_reactor, 0);
	test_tel.reactor = pthread_self();
}

/* The last caller thread to finish stops the test's loop. */
static void
test_tel_caller_done(void)
{
	if (atomic_fetch_sub(&test_tel.n_running, 1) == 1 &&
	    write(test_tel.wake[1], "x", 1) != 1)
		abort();
}

/* Requests "show thread IDX I" and checks they were served into its data. */
static void *
test_tel_caller_run(void *arg)
{
	struct test_tel_caller *c = arg;
	const char *cmd = c->cmd != NULL ? c->cmd : "/srpgw/show_thread";
	struct rte_tel_data *d;
	char params[32];
	int i, ret;

	for (i = 0; i < c->n_reqs; i++) {
		d = rte_tel_data_alloc();
		if (d == NULL) {
			c->n_fail++;
			c->ret = -ENOMEM;
			continue;
		}
		snprintf(params, sizeof(params), "%d,%d", c->idx, i);
		ret = ctl_api_telemetry_handle(cmd, params, d);
		if (ret == 0 && (c->cmd != NULL ||
				 test_tel.seen_d[c->idx][i] == d)) {
			c->n_ok++;
		} else {
			c->n_fail++;
			c->ret = ret;
		}
		rte_tel_data_free(d);
	}
	test_tel_caller_done();
	return NULL;
}

static void
test_tel_wake_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	char b;

	(void)events;
	(void)arg;
	if (read(fd, &b, 1) == 1)
		ctl_loop_stop(loop);
}

/*
 * Start @n caller threads and run @loop (the reactor) on this thread until
 * the last of them finished. A run cut by the guard stops the bridge, so
 * that a caller still waiting is answered and can be joined.
 */
static void
test_tel_serve(struct ctl_loop *loop, struct test_tel_caller *c, int n)
{
	struct ctl_timer *guard;
	int i;

	CU_ASSERT_FATAL(pipe2(test_tel.wake, O_CLOEXEC | O_NONBLOCK) == 0);
	CU_ASSERT_FATAL(ctl_loop_fd_add(loop, test_tel.wake[0], EPOLLIN,
					test_tel_wake_cb, NULL) == 0);
	test_timed_out = false;
	guard = ctl_loop_timer_add(loop, TEST_GUARD_MS, 0, test_guard_cb, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard);
	atomic_store(&test_tel.n_running, n);
	for (i = 0; i < n; i++)
		CU_ASSERT_FATAL(pthread_create(&c[i].th, NULL,
					       c[i].fn != NULL ? c[i].fn :
					       test_tel_caller_run,
					       &c[i]) == 0);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(!test_timed_out);
	if (test_timed_out)
		ctl_api_close();
	for (i = 0; i < n; i++)
		pthread_join(c[i].th, NULL);
	ctl_loop_timer_del(guard);
	ctl_loop_fd_del(loop, test_tel.wake[0]);
	close(test_tel.wake[0]);
	close(test_tel.wake[1]);
}

/* The registration test's calls, run on a telemetry caller thread. */
static void *
test_tel_register_calls(void *arg)
{
	struct test_tel_caller *c = arg;
	struct rte_tel_data *d;

	d = rte_tel_data_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_port_statistics",
					   "p0,p1 p2", d) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show port statistics");
	CU_ASSERT(test_seen.fmt == CTL_REPLY_TEL);
	CU_ASSERT(test_seen.argc == 3);
	CU_ASSERT_STRING_EQUAL(test_seen.argv[0], "p0");
	CU_ASSERT_STRING_EQUAL(test_seen.argv[2], "p2");

	/* '-' is not allowed in telemetry names: mapped to '_'. */
	CU_ASSERT(ctl_api_telemetry_handle(
			"/srpgw/show_srp_call_loss_statistics", NULL, d) == 0);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show srp call-loss statistics");
	CU_ASSERT(test_seen.argc == 0);

	/* A handler error is reported inside the data, not as a failure. */
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_port_statistics",
					   "fail", d) == 0);

	/* Not flagged, unknown, bad parameters. */
	test_seen.n_calls = 0;
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_configuration", NULL,
					   d) == -EINVAL);
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/nope", "", d) == -EINVAL);
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_version", "a\tb",
					   d) == -EINVAL);
	CU_ASSERT(test_seen.n_calls == 0);
	rte_tel_data_free(d);
	c->n_ok = 1;
	test_tel_caller_done();
	return NULL;
}

static void
test_ctl_api_telemetry_register_and_run(void)
{
	static const struct ctl_cmd longcmd = {
		"show a very long command name that telemetry cannot take at all",
		"", "too long", test_h_record, NULL, true,
	};
	struct test_tel_caller c = { .fn = test_tel_register_calls };
	struct ctl_loop *loop;

	test_setup_each();
	CU_ASSERT(ctl_api_telemetry_register() == 0);
	/* Again: already registered ones are skipped, no error. */
	CU_ASSERT(ctl_api_telemetry_register() == 0);

	loop = test_listen();
	test_tel_serve(loop, &c, 1);
	CU_ASSERT(c.n_ok == 1);
	test_unlisten(loop);

	/* A name beyond telemetry's limit: reported, the others stay. */
	CU_ASSERT(ctl_api_register(&longcmd) == 0);
	CU_ASSERT(ctl_api_telemetry_register() == -ENAMETOOLONG);
}

/* The test's gate: only "show srp" commands (no gather-on-standby). */
static bool
test_tel_gate(const char *words)
{
	return strncmp(words, "show srp ", 9) == 0;
}

/* The gate test's calls, run on a telemetry caller thread. */
static void *
test_tel_gate_calls(void *arg)
{
	struct test_tel_caller *c = arg;
	struct rte_tel_data *d;

	d = rte_tel_data_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	/* Refused by the gate: answered in the data, the handler not run. */
	test_seen.n_calls = 0;
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_port_statistics",
					   NULL, d) == 0);
	CU_ASSERT(test_seen.n_calls == 0);
	rte_tel_data_free(d);
	d = rte_tel_data_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(ctl_api_telemetry_handle(
			"/srpgw/show_srp_call_loss_statistics", NULL, d) == 0);
	CU_ASSERT(test_seen.n_calls == 1);
	CU_ASSERT_STRING_EQUAL(test_seen.cmd, "show srp call-loss statistics");
	rte_tel_data_free(d);
	c->n_ok = 1;
	test_tel_caller_done();
	return NULL;
}

/* A gate keeps telemetry from running the commands it refuses. */
static void
test_ctl_api_telemetry_gate(void)
{
	struct test_tel_caller c = { .fn = test_tel_gate_calls };
	struct ctl_loop *loop;

	test_setup_each();
	CU_ASSERT(ctl_api_telemetry_register() == 0);
	ctl_api_telemetry_gate_set(test_tel_gate);
	loop = test_listen();
	test_tel_serve(loop, &c, 1);
	CU_ASSERT(c.n_ok == 1);
	ctl_api_telemetry_gate_set(NULL);
	test_unlisten(loop);
}

/* A request from another thread is run by the reactor, into its data. */
static void
test_ctl_api_telemetry_served_by_reactor(void)
{
	struct test_tel_caller c = { .n_reqs = 1 };
	struct rte_tel_data *d;
	struct ctl_loop *loop;

	test_tel_setup();
	loop = test_listen();
	test_tel_serve(loop, &c, 1);
	CU_ASSERT(c.n_ok == 1 && c.n_fail == 0);
	CU_ASSERT(atomic_load(&test_tel.n_calls) == 1);
	CU_ASSERT(atomic_load(&test_tel.n_off_reactor) == 0);

	/*
	 * A handler that would defer a socket request answers telemetry at
	 * once: there is no client to keep waiting.
	 */
	memset(&c, 0, sizeof(c));
	c.n_reqs = 1;
	c.cmd = "/srpgw/show_late";
	test_defer.p = NULL;
	test_seen.n_calls = 0;
	test_tel_serve(loop, &c, 1);
	CU_ASSERT(c.n_ok == 1);
	CU_ASSERT(test_seen.n_calls == 1);
	CU_ASSERT(test_seen.fmt == CTL_REPLY_TEL);
	CU_ASSERT_PTR_NULL(test_defer.p);

	/* On the reactor thread itself it would wait for itself. */
	d = rte_tel_data_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_thread", NULL, d) ==
		  -EDEADLK);
	rte_tel_data_free(d);
	test_unlisten(loop);
}

/* Concurrent telemetry clients (one thread each in DPDK) all get answers. */
static void
test_ctl_api_telemetry_concurrent_callers(void)
{
	struct test_tel_caller c[TEST_TEL_THREADS];
	struct ctl_loop *loop;
	int i;

	test_tel_setup();
	memset(c, 0, sizeof(c));
	for (i = 0; i < TEST_TEL_THREADS; i++) {
		c[i].idx = i;
		c[i].n_reqs = TEST_TEL_REQS;
	}
	loop = test_listen();
	test_tel_serve(loop, c, TEST_TEL_THREADS);
	for (i = 0; i < TEST_TEL_THREADS; i++) {
		CU_ASSERT(c[i].n_ok == TEST_TEL_REQS);
		CU_ASSERT(c[i].n_fail == 0);
	}
	CU_ASSERT(atomic_load(&test_tel.n_calls) ==
		  TEST_TEL_THREADS * TEST_TEL_REQS);
	CU_ASSERT(atomic_load(&test_tel.n_off_reactor) == 0);
	test_unlisten(loop);
}

/* A caller that stays until the bridge stops, without a loop to wake. */
static void *
test_tel_caller_alone(void *arg)
{
	struct test_tel_caller *c = arg;
	struct rte_tel_data *d = rte_tel_data_alloc();

	c->ret = d != NULL ? ctl_api_telemetry_handle("/srpgw/show_thread",
						       NULL, d) : -ENOMEM;
	rte_tel_data_free(d);
	return NULL;
}

/*
 * Stopping the bridge answers a request the reactor never took (posted or
 * about to be) with an error, and later requests fail at once; no handler
 * runs for any of them.
 */
static void
test_ctl_api_telemetry_after_close(void)
{
	struct test_tel_caller c = { .ret = 1 };
	struct rte_tel_data *d;
	struct ctl_loop *loop;
	int i;

	test_tel_setup();
	loop = test_listen();
	/* The loop does not run: nothing serves the request. */
	CU_ASSERT_FATAL(pthread_create(&c.th, NULL, test_tel_caller_alone,
				       &c) == 0);
	for (i = 0; i < TEST_TEL_YIELDS; i++)
		sched_yield();
	ctl_api_close();
	pthread_join(c.th, NULL);
	CU_ASSERT(c.ret == -EAGAIN);

	d = rte_tel_data_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(ctl_api_telemetry_handle("/srpgw/show_thread", NULL, d) ==
		  -EAGAIN);
	ctl_loop_free(loop);
	CU_ASSERT(atomic_load(&test_tel.n_calls) == 0);
	rte_tel_data_free(d);
}

/* Without a reactor (nothing listens) telemetry answers an error at once. */
static void
test_ctl_api_telemetry_without_reactor(void)
{
	struct test_tel_caller c = { .n_reqs = 3 };
	int i;

	test_tel_setup();
	/* From another thread, as DPDK calls it. */
	CU_ASSERT_FATAL(pipe2(test_tel.wake, O_CLOEXEC) == 0);
	atomic_store(&test_tel.n_running, 1);
	CU_ASSERT_FATAL(pthread_create(&c.th, NULL, test_tel_caller_run,
				       &c) == 0);
	pthread_join(c.th, NULL);
	close(test_tel.wake[0]);
	close(test_tel.wake[1]);
	CU_ASSERT(c.n_fail == 3 && c.ret == -EAGAIN);
	for (i = 0; i < TEST_TEL_REQS; i++)
		CU_ASSERT_PTR_NULL(test_tel.seen_d[0][i]);
	CU_ASSERT(atomic_load(&test_tel.n_calls) == 0);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_api_tests[] = {
	TEST(test_ctl_api_register_rejects_duplicates_and_bad_words),
	TEST(test_ctl_api_register_table_full),
	TEST(test_ctl_api_dispatch_exact),
	TEST(test_ctl_api_dispatch_longest_prefix),
	TEST(test_ctl_api_dispatch_unknown_command),
	TEST(test_ctl_api_dispatch_incomplete),
	TEST(test_ctl_api_dispatch_unknown_word),
	TEST(test_ctl_api_dispatch_missing_command),
	TEST(test_ctl_api_dispatch_handler_errors),
	TEST(test_ctl_api_help_lists_commands),
	TEST(test_ctl_api_split_words),
	TEST(test_ctl_api_split_rejects_bad_lines),
	TEST(test_ctl_api_socket_round_trip),
	TEST(test_ctl_api_socket_bad_requests),
	TEST(test_ctl_api_socket_big_output),
	TEST(test_ctl_api_socket_deferred),
	TEST(test_ctl_api_socket_client_limit),
	TEST(test_ctl_api_socket_idle_client_dropped),
	TEST(test_ctl_api_socket_probe_is_harmless),
	TEST(test_ctl_api_listen_replaces_stale_socket),
	TEST(test_ctl_api_listen_refuses_busy_or_foreign_path),
	TEST(test_ctl_api_close_from_handler),
	TEST(test_ctl_api_cli_exit_status_and_output),
	TEST(test_ctl_api_telemetry_register_and_run),
	TEST(test_ctl_api_telemetry_gate),
	TEST(test_ctl_api_telemetry_served_by_reactor),
	TEST(test_ctl_api_telemetry_concurrent_callers),
	TEST(test_ctl_api_telemetry_after_close),
	TEST(test_ctl_api_telemetry_without_reactor),
	CU_TEST_INFO_NULL,
};

static int
test_suite_init(void)
{
	snprintf(test_dir, sizeof(test_dir), "/tmp/test_ctl_api.XXXXXX");
	if (mkdtemp(test_dir) == NULL)
		return -1;
	/* "run" does not exist yet: ctl_api_listen creates it. */
	snprintf(test_sock, sizeof(test_sock), "%s/run/srpgw.sock", test_dir);
	return 0;
}

static int
test_suite_clean(void)
{
	char dir[sizeof(test_sock)];

	unlink(test_sock);
	snprintf(dir, sizeof(dir), "%s/run", test_dir);
	rmdir(dir);
	rmdir(test_dir);
	ctl_api_reset();
	return 0;
}

static CU_SuiteInfo test_ctl_api_suites[] = {
	{ "ctl_api", test_suite_init, test_suite_clean, NULL, NULL,
	  test_ctl_api_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_api_suites);
}
