/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "show support details icsr" and "show support details status": the ICSR
 * mini support dump as one archive. The command answers at once with the
 * archive's path; then a 1 ms timer runs one bundle command per reactor
 * turn into an in-memory text reply, masks its secrets and writes it to a
 * staging folder; the recent log follows, then a spawned "tar" packs and
 * removes the folder while a 20 ms timer waits for it without blocking
 * (waitpid WNOHANG); the archive is renamed into place once tar succeeded.
 * Context: control.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>

#include "ctl_api.h"
#include "ctl_log.h"
#include "ctl_logring.h"
#include "ctl_loop.h"
#include "ctl_reply.h"
#include "ctl_spawn.h"
#include "ctl_support.h"

#define SUP_MASK	"********"

/* True when @w (@n bytes, a trailing ':' or '=' ignored) names a secret. */
static bool
sup_secret_word(const char *w, size_t n)
{
	static const char *const words[] = { "key", "secret", "password",
					     "community" };
	unsigned int i;

	if (n > 1 && (w[n - 1] == ':' || w[n - 1] == '='))
		n--;
	for (i = 0; i < RTE_DIM(words); i++)
		if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
			return true;
	return false;
}

char *
ctl_support_mask(const char *in, unsigned int *n_masked)
{
	const char *p = in, *w;
	bool want = false;
	unsigned int n = 0;
	char *out = NULL;
	size_t len = 0, wl;
	FILE *f;

	f = open_memstream(&out, &len);
	if (f == NULL)
		return NULL;
	while (*p != '\0') {
		wl = strspn(p, " \t\n");
		if (wl > 0) {
			/* A value must be on its keyword's line. */
			if (memchr(p, '\n', wl) != NULL)
				want = false;
			fwrite(p, 1, wl, f);
			p += wl;
			continue;
		}
		w = p;
		wl = strcspn(p, " \t\n");
		p += wl;
		if (want && !(wl == 1 && *w == ':') &&
		    !(wl == 9 && strncmp(w, "encrypted", 9) == 0)) {
			fputs(SUP_MASK, f);
			want = false;
			n++;
			continue;
		}
		fwrite(w, 1, wl, f);
		if (!want)
			want = sup_secret_word(w, wl);
	}
	if (fclose(f) != 0) {
		free(out);
		errno = ENOMEM;
		return NULL;
	}
	if (n_masked != NULL)
		*n_masked = n;
	return out;
}

/*
 * What the bundle holds: the chapter's mini support dump as far as srpgw
 * has the command, then the configuration, counters and related state.
 */
static const char *const sup_cmds[] = {
	"show srp info",
	"show srp checkpoint statistics",
	"show srp checkpoint statistics verbose",
	"show srp checkpoint info",
	"show srp monitor",
	"show srp monitor all",
	"show srp monitor diameter",
	"show srp statistics",
	"show srp call-loss statistics",
	"show srp audit-statistics",
	/* srpgw's counterpart of the session manager facility's state. */
	"show subscribers summary",
	"show srp details",
	"show srp bgp",
	"show version",
	"show configuration",
	"show configuration srp",
	"show port statistics",
	"show dataplane statistics",
	"show reactor statistics",
	"show sx-service statistics",
};

/* Chapter commands with no srpgw counterpart (no session managers). */
static const char *const sup_not_applicable[] = {
	"show srp checkpoint statistics debug-info",
	"show srp checkpoint statistics sessmgr all",
	"show srp checkpoint statistics sessmgr all debug-info",
	"show srp checkpoint statistics ipsecmgr all",
	"show srp checkpoint statistics sessmgr all write-list-stats",
};

#define SUP_LOG_FILE	"recent_log.txt"
#define SUP_MANIFEST	"MANIFEST.txt"
#define SUP_STEP_MS	1
#define SUP_POLL_MS	20

enum sup_state {
	SUP_IDLE,
	SUP_COLLECTING,
	SUP_PACKING,
	SUP_DONE,
	SUP_FAILED,
};

static const char *const sup_state_names[] = {
	[SUP_IDLE] = "idle",
	[SUP_COLLECTING] = "collecting",
	[SUP_PACKING] = "packing",
	[SUP_DONE] = "done",
	[SUP_FAILED] = "failed",
};

static struct {
	struct ctl_loop		*loop;
	struct ctl_timer	*timer;
	char			dir[PATH_MAX];	/* where archives go */
	char			name[96];	/* bundle name, no suffix */
	char			stage[PATH_MAX];	/* dir/name */
	char			archive[PATH_MAX];	/* dir/name.tar.gz */
	char			tmp[PATH_MAX];	/* archive being written */
	enum sup_state		state;
	unsigned int		step;		/* next sup_cmds entry */
	unsigned int		files;		/* files written */
	unsigned int		masked;		/* values masked */
	unsigned int		log_tries;	/* snapshots refused (busy) */
	unsigned int		seq;		/* bundles started */
	char			*manifest;	/* text of MANIFEST.txt */
	size_t			manifest_len;
	FILE			*manifest_f;
	pid_t			pid;		/* tar */
	uint64_t		start_ms, end_ms;
	char			err[256];
} sup;

/* File name of command @cmd: its words joined by '_', ".txt". */
static void
sup_file_name(const char *cmd, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s.txt", cmd);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == ' ' || buf[i] == '-')
			buf[i] = '_';
}

/* Write @text into stage/@file. @return 0 or -errno */
static int
sup_write(const char *file, const char *text)
{
	char path[PATH_MAX + 128];
	size_t len = strlen(text), off = 0;
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", sup.stage, file);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	if (ret == 0)
		sup.files++;
	return ret;
}

/* Mask @text and write it to @file; counts masked values. */
static int
sup_write_masked(const char *file, const char *text)
{
	unsigned int n = 0;
	char *masked;
	int ret;

	masked = ctl_support_mask(text, &n);
	if (masked == NULL)
		return -ENOMEM;
	sup.masked += n;
	ret = sup_write(file, masked);
	free(masked);
	return ret;
}

static void
sup_fail(const char *what, int err)
{
	snprintf(sup.err, sizeof(sup.err), "%s: %s", what, strerror(-err));
	CTL_LOG(ERR, "support bundle %s: %s", sup.name, sup.err);
	sup.state = SUP_FAILED;
	sup.end_ms = ctl_loop_now_ms();
	ctl_loop_timer_stop(sup.timer);
	if (sup.manifest_f != NULL) {
		fclose(sup.manifest_f);
		sup.manifest_f = NULL;
	}
	free(sup.manifest);
	sup.manifest = NULL;
}

/* Run bundle command @i into its file. @return 0 or -errno */
static int
sup_run_cmd(unsigned int i)
{
	char line[128], file[128];
	char *argv[CTL_API_MAX_WORDS];
	struct ctl_reply *out;
	const char *text;
	int argc, ret;

	snprintf(line, sizeof(line), "%s", sup_cmds[i]);
	sup_file_name(sup_cmds[i], file, sizeof(file));
	argc = ctl_api_split(line, argv, CTL_API_MAX_WORDS);
	if (argc < 0)
		return argc;
	out = ctl_reply_new(CTL_REPLY_TEXT);
	if (out == NULL)
		return -ENOMEM;
	ret = ctl_api_dispatch(argc, argv, out);
	text = ctl_reply_finish(out, NULL);
	fprintf(sup.manifest_f, "%-44s %s (%s)\n", file, sup_cmds[i],
		ret < 0 ? "error, see the file" : "ok");
	ret = ctl_reply_failed(out) ? -ENOMEM : sup_write_masked(file, text);
	ctl_reply_free(out);
	return ret;
}

/* The recent log, then the manifest; -EAGAIN while the log is busy. */
static int
sup_finish_files(void)
{
	char *buf;
	ssize_t n;
	int ret;

	buf = malloc(CTL_LOGRING_SIZE + 1);
	if (buf == NULL)
		return -ENOMEM;
	n = ctl_logring_snapshot(buf, CTL_LOGRING_SIZE + 1);
	if (n == -EAGAIN && ++sup.log_tries < 1000) {
		free(buf);
		return -EAGAIN;	/* a thread is logging: next turn */
	}
	if (n < 0)
		snprintf(buf, CTL_LOGRING_SIZE + 1,
			 "(recent log not available: %s)\n", strerror((int)-n));
	ret = sup_write_masked(SUP_LOG_FILE, buf);
	free(buf);
	if (ret < 0)
		return ret;
	fprintf(sup.manifest_f, "%-44s the last %u KiB of the log\n",
		SUP_LOG_FILE, CTL_LOGRING_SIZE / 1024);
	fprintf(sup.manifest_f, "\nChapter commands srpgw has no counterpart "
		"for (no session managers):\n");
	for (unsigned int i = 0; i < RTE_DIM(sup_not_applicable); i++)
		fprintf(sup.manifest_f, "  %s\n", sup_not_applicable[i]);
	fprintf(sup.manifest_f, "\nKeys and secrets are masked as %s (%u "
		"values).\n", SUP_MASK, sup.masked);
	if (fclose(sup.manifest_f) != 0) {
		sup.manifest_f = NULL;
		return -ENOMEM;
	}
	sup.manifest_f = NULL;
	ret = sup_write(SUP_MANIFEST, sup.manifest);
	free(sup.manifest);
	sup.manifest = NULL;
	return ret;
}

/* Spawn tar on the staging folder. @return 0 or -errno */
static int
sup_pack(void)
{
	char *argv[] = { (char *)"tar", (char *)"-czf", sup.tmp,
			 (char *)"--remove-files", (char *)"-C", sup.dir,
			 sup.name, NULL };
	char err[256];
	pid_t pid;

	pid = ctl_spawn(argv, err, sizeof(err));
	if (pid < 0) {
		CTL_LOG(ERR, "support bundle: cannot start tar: %s", err);
		return (int)pid;
	}
	sup.pid = pid;
	return 0;
}

/* tar ended with @status: rename its archive into place. */
static void
sup_packed(int status)
{
	sup.pid = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		sup_fail("tar", -EIO);
		return;
	}
	if (rename(sup.tmp, sup.archive) < 0) {
		sup_fail("rename", -errno);
		return;
	}
	sup.state = SUP_DONE;
	sup.end_ms = ctl_loop_now_ms();
	ctl_loop_timer_stop(sup.timer);
	CTL_LOG(NOTICE, "support bundle written: %s (%u files)",
		sup.archive, sup.files);
}

/* One bounded step per call: a command, the last files, or a tar poll. */
static void
sup_step(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	int ret, status;
	pid_t r;

	(void)loop;
	(void)t;
	(void)arg;
	if (sup.state == SUP_PACKING) {
		r = waitpid(sup.pid, &status, WNOHANG);
		if (r == sup.pid)
			sup_packed(status);
		else if (r < 0)
			sup_fail("waitpid", -errno);
		return;
	}
	if (sup.state != SUP_COLLECTING)
		return;
	if (sup.step < RTE_DIM(sup_cmds)) {
		ret = sup_run_cmd(sup.step++);
		if (ret < 0)
			sup_fail(sup_cmds[sup.step - 1], ret);
		return;
	}
	ret = sup_finish_files();
	if (ret == -EAGAIN)
		return;
	if (ret == 0)
		ret = sup_pack();
	if (ret < 0) {
		sup_fail("writing the bundle", ret);
		return;
	}
	sup.state = SUP_PACKING;
	ctl_loop_timer_set(sup.timer, SUP_POLL_MS, SUP_POLL_MS);
}

/* Name, folder and manifest of a new bundle. @return 0 or -errno */
static int
sup_begin(void)
{
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0)
		return -EINVAL;
	sup.seq++;
	snprintf(sup.name, sizeof(sup.name), "srpgw-support-icsr-%s-%u",
		 stamp, sup.seq);
	if ((size_t)snprintf(sup.stage, sizeof(sup.stage), "%s/%s", sup.dir,
			     sup.name) >= sizeof(sup.stage) ||
	    (size_t)snprintf(sup.archive, sizeof(sup.archive), "%s.tar.gz",
			     sup.stage) >= sizeof(sup.archive) ||
	    (size_t)snprintf(sup.tmp, sizeof(sup.tmp), "%s.tmp",
			     sup.archive) >= sizeof(sup.tmp))
		return -ENAMETOOLONG;
	if (mkdir(sup.stage, 0700) < 0)
		return -errno;
	sup.manifest = NULL;
	sup.manifest_f = open_memstream(&sup.manifest, &sup.manifest_len);
	if (sup.manifest_f == NULL)
		return -ENOMEM;
	fprintf(sup.manifest_f, "srpgw ICSR support bundle %s\n\n", sup.name);
	sup.step = 0;
	sup.files = 0;
	sup.masked = 0;
	sup.log_tries = 0;
	sup.err[0] = '\0';
	sup.start_ms = ctl_loop_now_ms();
	sup.end_ms = 0;
	return 0;
}

static void
sup_show(struct ctl_reply *out)
{
	uint64_t end = sup.end_ms != 0 ? sup.end_ms : ctl_loop_now_ms();

	ctl_reply_str(out, "state", sup_state_names[sup.state]);
	if (sup.state == SUP_IDLE)
		return;
	ctl_reply_str(out, "archive", sup.archive);
	ctl_reply_u64(out, "files_written", sup.files);
	ctl_reply_u64(out, "files_planned", RTE_DIM(sup_cmds) + 2);
	ctl_reply_u64(out, "values_masked", sup.masked);
	ctl_reply_u64(out, "elapsed_ms", end - sup.start_ms);
	if (sup.state == SUP_FAILED)
		ctl_reply_str(out, "error", sup.err);
}

static int
sup_cmd_icsr(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	int ret;

	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "unexpected '%.64s'; show support details "
				"icsr takes no arguments", argv[0]);
		return -EINVAL;
	}
	if (sup.state == SUP_COLLECTING || sup.state == SUP_PACKING) {
		ctl_reply_error(out, "a support bundle is being written to %s; "
				"see show support details status", sup.archive);
		return -EBUSY;
	}
	ret = sup_begin();
	if (ret == 0)
		ret = ctl_loop_timer_set(sup.timer, SUP_STEP_MS, SUP_STEP_MS);
	if (ret < 0) {
		if (sup.manifest_f != NULL)
			fclose(sup.manifest_f);
		sup.manifest_f = NULL;
		free(sup.manifest);
		sup.manifest = NULL;
		rmdir(sup.stage);
		ctl_reply_error(out, "cannot start a support bundle in %s: %s",
				sup.dir, strerror(-ret));
		sup.state = SUP_IDLE;
		return ret;
	}
	sup.state = SUP_COLLECTING;
	sup_show(out);
	ctl_reply_str(out, "note", "in progress; see show support details status");
	return 0;
}

static int
sup_cmd_status(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "unexpected '%.64s'; show support details "
				"status takes no arguments", argv[0]);
		return -EINVAL;
	}
	sup_show(out);
	return 0;
}

static const struct ctl_cmd sup_api_cmds[] = {
	{
		.words = "show support details icsr",
		.args = "",
		.help = "write the ICSR support bundle (tar.gz next to the control socket)",
		.fn = sup_cmd_icsr,
	},
	{
		.words = "show support details status",
		.args = "",
		.help = "progress and path of the last support bundle",
		.fn = sup_cmd_status,
	},
};

int
ctl_support_register(struct ctl_loop *loop, const char *api_socket)
{
	char copy[PATH_MAX];
	unsigned int i;
	int ret;

	if (strlen(api_socket) >= sizeof(copy))
		return -ENAMETOOLONG;
	strcpy(copy, api_socket);
	snprintf(sup.dir, sizeof(sup.dir), "%s", dirname(copy));
	sup.loop = loop;
	sup.state = SUP_IDLE;
	sup.timer = ctl_loop_timer_add(loop, SUP_STEP_MS, 0, sup_step, NULL);
	if (sup.timer == NULL)
		return -errno;
	ctl_loop_timer_stop(sup.timer);
	for (i = 0; i < RTE_DIM(sup_api_cmds); i++) {
		ret = ctl_api_register(&sup_api_cmds[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void
ctl_support_fini(void)
{
	if (sup.pid > 0) {
		kill(sup.pid, SIGKILL);
		waitpid(sup.pid, NULL, 0);
		sup.pid = 0;
	}
	if (sup.manifest_f != NULL)
		fclose(sup.manifest_f);
	sup.manifest_f = NULL;
	free(sup.manifest);
	sup.manifest = NULL;
	if (sup.timer != NULL)
		ctl_loop_timer_del(sup.timer);
	sup.timer = NULL;
	sup.state = SUP_IDLE;
}
