/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ICSR support bundle: "show support details icsr" writes the output
 * of the chapter's mini support dump commands, the configuration (secrets
 * masked), counters and the recent log into a tar.gz next to the control
 * socket, one command per reactor turn, packed by a spawned tar;
 * "show support details status" tells when it is there. Context: control.
 */
#ifndef CTL_SUPPORT_H
#define CTL_SUPPORT_H

struct ctl_loop;

/**
 * Copy of @in with the value after every "key", "secret" or "password"
 * word (an "encrypted" word and a ':' in between are skipped, so both
 * configuration lines and "Name : value" output are covered) replaced by
 * "********". Words are separated by blanks; lines are kept.
 * Context: any (pure).
 * @param n_masked where to count the values masked (may be NULL)
 * @return a malloc'd string, or NULL with errno ENOMEM
 */
char *ctl_support_mask(const char *in, unsigned int *n_masked);

/**
 * Register the two commands; bundles go to the directory of @api_socket.
 * Context: control.
 * @return 0 or the first ctl_api_register error
 */
int ctl_support_register(struct ctl_loop *loop, const char *api_socket);

/** Stop a bundle being written (its tar is killed). Context: control. */
void ctl_support_fini(void);

#endif /* CTL_SUPPORT_H */
