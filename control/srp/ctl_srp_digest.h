/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SRP "must-match" configuration: the normalised text both chassis of a
 * pair must share (SRP block without the per-chassis lines, srp-activated
 * addresses and pools), its SHA-256 for hellos, and a line diff of two such
 * texts for srp validate-configuration. Pure code. Context: control.
 */
#ifndef CTL_SRP_DIGEST_H
#define CTL_SRP_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/ctl_conf.h"

#define CTL_SRP_DIGEST_LEN	32u	/* SHA-256 */

/**
 * Build the must-match text of @conf: what ctl_conf_print(conf, true)
 * prints, without the lines that differ between the two chassis by design
 * (chassis-mode, priority, bind address, peer-ip-address, with their
 * ports) and without the authentication key (a secret never leaves the
 * process; a wrong key already stops the link).
 * Context: control.
 * @param conf configuration
 * @param text set to a malloc'd NUL-terminated text (caller frees)
 * @param len set to its length in bytes (may be NULL)
 * @return 0; -EINVAL for NULL @conf/@text; -ENOMEM; -EIO
 */
int ctl_srp_digest_text(const struct ctl_conf *conf, char **text,
			size_t *len);

/**
 * SHA-256 of @len bytes of @text.
 * Context: any.
 * @return 0; -EINVAL for NULL pointers; -EIO when libcrypto fails
 */
int ctl_srp_digest_sha256(const char *text, size_t len,
			  uint8_t digest[CTL_SRP_DIGEST_LEN]);

/**
 * ctl_srp_digest_text() and its SHA-256 in one call.
 * Context: control.
 * @return 0 or the error of either step (nothing allocated then)
 */
int ctl_srp_digest_compute(const struct ctl_conf *conf, char **text,
			   size_t *len, uint8_t digest[CTL_SRP_DIGEST_LEN]);

/**
 * Called once per differing line: @local true for a line only in the
 * local text ("only here"), false for one only in the peer's text. @line
 * is the line with its enclosing modes, e.g. "context srp /
 * service-redundancy-protocol / checkpoint session duration 30".
 */
typedef void ctl_srp_diff_fn(void *arg, bool local, const char *line);

/**
 * Compare two must-match texts line by line, each line qualified by the
 * modes that enclose it (indentation), as multisets: order and "#exit"
 * lines do not matter. Lines only in @local are reported first, in their
 * order, then lines only in @peer.
 * Context: control.
 * @param local local text (NUL-terminated)
 * @param peer peer text (NUL-terminated)
 * @param fn callback per differing line, may be NULL (count only)
 * @return number of differing lines (0 = match), -EINVAL, -ENOMEM
 */
int ctl_srp_digest_diff(const char *local, const char *peer,
			ctl_srp_diff_fn *fn, void *arg);

#endif /* CTL_SRP_DIGEST_H */
