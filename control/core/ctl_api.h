/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator command API: a table of commands in StarOS exec-mode words
 * ("show srp info", "srp initiate-switchover"), served on a UNIX stream
 * socket (mode 0600) by the control reactor and mirrored as read-only DPDK
 * telemetry endpoints. Context: control.
 *
 * Wire format (documented in docs/control-api.md): the client sends one
 * request line "FORMAT WORD...\n" (FORMAT "text" or "json", words separated
 * by single spaces, at most CTL_API_MAX_REQ bytes); the server answers
 * "STATUS\n" (0 success, else a positive errno) followed by the rendered
 * output, and closes the connection.
 */
#ifndef CTL_API_H
#define CTL_API_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_reply.h"

struct ctl_loop;

#define CTL_API_MAX_REQ		4096
#define CTL_API_MAX_WORDS	32
#define CTL_API_MAX_CMDS	128
#define CTL_API_SOCK_DEFAULT	"/run/srpgw/srpgw.sock"

/**
 * Command handler. @argc/@argv are the words after the command's own words
 * (e.g. for "show configuration" given "show configuration srp", argv[0] is
 * "srp"). Writes to @out.
 * @return 0, or a negative errno after ctl_reply_error()
 */
typedef int ctl_cmd_fn(struct ctl_reply *out, int argc, char **argv, void *arg);

struct ctl_cmd {
	const char	*words;		/* "show port statistics" */
	const char	*args;		/* usage of the rest: "[srp]" or "" */
	const char	*help;		/* one line */
	ctl_cmd_fn	*fn;
	void		*arg;
	/* Also expose as telemetry "/srpgw/<words joined by _>" (read-only
	 * commands that take no arguments or optional ones only). */
	bool		telemetry;
};

/**
 * Add a command. The strings must outlive the API (use literals).
 * @return 0, -EEXIST for duplicate words, -ENOSPC when the table is full,
 *	-EINVAL for empty words
 */
int ctl_api_register(const struct ctl_cmd *cmd);

/**
 * Find the command whose words are the longest prefix of @argv and run it.
 * Unknown or incomplete commands produce an error listing the words expected
 * at the point of mismatch.
 * @return the handler's result, or -EINVAL for an unknown command
 */
int ctl_api_dispatch(int argc, char **argv, struct ctl_reply *out);

/*
 * A handler that cannot finish at once (a bulk session load) returns this
 * after ctl_api_defer(); the reply goes out at ctl_api_pending_finish().
 */
#define CTL_API_DEFERRED	1

struct ctl_api_pending;

/** Called when the client of a deferred request goes away first. */
typedef void ctl_api_cancel_fn(void *arg);

/**
 * From inside a handler run for a socket client: keep the client waiting
 * after the handler returns. The handler then returns CTL_API_DEFERRED
 * (returning anything else answers at once and drops the handle). The
 * client's idle time-out does not run while it waits.
 * Context: control (socket handlers only).
 * @param cancel called instead of a finish when the client is closed first
 *	(ctl_api_close()); may be NULL
 * @return the handle, or NULL when the running request cannot wait
 *	(telemetry, a direct ctl_api_dispatch() call): work synchronously
 */
struct ctl_api_pending *ctl_api_defer(ctl_api_cancel_fn *cancel, void *arg);

/**
 * Output of a deferred request, to write the reply into.
 * Context: control.
 */
struct ctl_reply *ctl_api_pending_out(struct ctl_api_pending *p);

/**
 * Send the reply of a deferred request: @ret as ctl_cmd_fn returns it (0 or
 * a negative errno after ctl_reply_error()). The handle is gone afterwards.
 * Context: control.
 */
void ctl_api_pending_finish(struct ctl_api_pending *p, int ret);

/**
 * Split a request line into words (in place). Rejects empty lines, control
 * characters, more than CTL_API_MAX_WORDS words.
 * @return number of words, or -EINVAL
 */
int ctl_api_split(char *line, char **argv, int max_words);

/**
 * Listen on @path (stale socket replaced, mode 0600) and serve requests from
 * @loop, telemetry requests included (see ctl_api_telemetry_handle()). Missing parent directories are created with mode 0700. A socket
 * file nobody answers on is removed; @path must leave room for a temporary
 * ".PID.tmp" suffix within sun_path. Context: control.
 * @return 0 or a negative errno: -EALREADY when already listening,
 *	-ENAMETOOLONG, -EADDRINUSE when another process listens on @path,
 *	-EEXIST when @path exists and is not a socket, or -errno of the failing
 *	system call
 */
int ctl_api_listen(struct ctl_loop *loop, const char *path);

/**
 * Register every telemetry-flagged command with rte_telemetry as
 * "/srpgw/<words joined by _>" (characters telemetry refuses in names, such
 * as '-', become '_'). Commands already registered are skipped, so it may be
 * called again after more commands were added. The telemetry parameter
 * string (after the ',' in "/srpgw/cmd,a b") is split into the handler's
 * arguments at spaces and commas.
 *
 * Telemetry callbacks run on DPDK's telemetry threads (one per client
 * connection), not on the control lcore: they hand each request to the
 * control reactor and wait for its reply (see ctl_api_telemetry_handle()),
 * so every handler, from the socket or from telemetry, runs on the control
 * thread.
 *
 * Context: control (after EAL init, or before it: telemetry keeps the list).
 * @return 0; -ENAMETOOLONG when a name exceeds telemetry's limit, -EEXIST
 *	when two commands map to the same name, or the error of
 *	rte_telemetry_register_cmd (-EINVAL, -ENOMEM); on errors the other
 *	commands are still registered and the first error is returned
 */
int ctl_api_telemetry_register(void);

/**
 * The telemetry callback behind every "/srpgw/..." command: hands the
 * request to the reactor of the loop given to ctl_api_listen() and waits
 * until it ran the matching handler into @d. Callers are served one at a
 * time. A handler cannot defer (ctl_api_defer() returns NULL to it). The
 * request waits while that reactor is busy or has not started its loop
 * yet; after ctl_api_close(), or before ctl_api_listen(), it fails at once.
 * Exposed for tests. Context: any thread but the reactor's (telemetry
 * threads).
 * @return 0 (a handler error is reported as {"error": "..."} in @d),
 *	-EINVAL for an unknown command or bad parameters, -ENOMEM, -EAGAIN
 *	when no reactor serves telemetry (not listening, closed, or closed
 *	while the request waited), -EDEADLK when called on the reactor's
 *	thread
 */
int ctl_api_telemetry_handle(const char *cmd, const char *params,
			     struct rte_tel_data *d);

/**
 * Whether telemetry may serve the command named @words now; false makes
 * the request answer {"error": ...} without running the handler.
 * Context: control.
 */
typedef bool ctl_api_tel_gate_fn(const char *words);

/**
 * Install @fn as the telemetry gate (NULL: serve everything). The srp
 * module sets it for "no gather-on-standby": a standby exports only SRP
 * statistics. The socket API is not gated. Context: control.
 */
void ctl_api_telemetry_gate_set(ctl_api_tel_gate_fn *fn);

/**
 * Tune the socket server: at most @max_clients connections at a time
 * (1..1024, default 16; extra clients get status EBUSY) and clients idle
 * for @idle_ms (1..3600000, default 5000) are dropped. Applies to clients
 * accepted afterwards. Context: control.
 * @return 0 or -EINVAL
 */
int ctl_api_set_limits(unsigned int max_clients, uint64_t idle_ms);

/**
 * Stop serving telemetry requests (a waiting one is answered with an
 * error; from then on no handler runs for telemetry), then stop listening,
 * unlink the socket (if it is still ours), drop open clients. Called from a
 * command handler, the socket part takes effect once the handler returns. Call it before ctl_loop_free() of the loop given to
 * ctl_api_listen(). Context: control.
 */
void ctl_api_close(void);

/** Forget every registered command (tests). */
void ctl_api_reset(void);

#endif /* CTL_API_H */
