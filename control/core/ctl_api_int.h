/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the command API shared by the command registry and dispatch
 * (ctl_api.c), the UNIX socket server (ctl_api_server.c) and the telemetry
 * bridge (ctl_api_tel.c). Not for use outside ctl_api*.c. Context: control,
 * except where a declaration says otherwise.
 */
#ifndef CTL_API_INT_H
#define CTL_API_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_api.h"

/* DPDK 22.11 refuses command names of 56 bytes or more. */
#define CTL_API_TEL_NAME_LEN	56

struct ctl_api_cmd {
	struct ctl_cmd		cmd;
	uint16_t		word_off[CTL_API_MAX_WORDS];
	uint16_t		word_len[CTL_API_MAX_WORDS];
	unsigned int		n_words;
	bool			tel_registered;
	char			tel_name[CTL_API_TEL_NAME_LEN];
};

/* Command table (ctl_api.c); the control thread only. */
extern struct ctl_api_cmd ctl_api_cmds[CTL_API_MAX_CMDS];
extern unsigned int ctl_api_n_cmds;

/*
 * Split @line at runs of spaces (and of @extra_sep, if not NUL).
 * Context: any (pure).
 * @return words, -EINVAL (empty), -EILSEQ (control character) or -E2BIG
 */
int ctl_api_split_sep(char *line, char **argv, int max_words, char extra_sep,
		      bool allow_empty);

/* The words argv[0..n-1] joined by spaces, bounded. Context: any (pure). */
void ctl_api_join(int n, char **argv, char *buf, size_t len);

/*
 * Serve telemetry requests from @loop (ctl_api_listen()). Context: control,
 * the thread that runs @loop.
 * @return 0 or a negative errno
 */
int ctl_api_tel_start(struct ctl_loop *loop);

/*
 * Stop serving telemetry requests: new ones fail at once, a waiting one is
 * answered with an error. Once it returns no handler runs for telemetry
 * (but the one running now, when called from it). Idempotent.
 * Context: control (ctl_api_close()).
 */
void ctl_api_tel_stop(void);

#endif /* CTL_API_INT_H */
