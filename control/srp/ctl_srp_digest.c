/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Must-match SRP configuration text, its SHA-256 and the line diff used by
 * srp validate-configuration. Pure code (libcrypto for the hash); runs on
 * the control thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ctl_srp_digest.h"

#define DIGEST_MAX_DEPTH	16

/* Per-chassis lines of the SRP block: they differ on purpose. */
static const char *const digest_skip[] = {
	"chassis-mode ",
	"priority ",
	"bind address ",
	"peer-ip-address ",
	"local-fault ",		/* each chassis watches its own faults */
	"authentication ",	/* key (either printed form) */
	"bgp-speaker ",		/* per-chassis paths and speaker */
};

static unsigned int
digest_indent(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] == ' ')
		i++;
	return (unsigned int)i;
}

static bool
digest_is_skipped(const char *s, size_t len)
{
	unsigned int i;
	size_t n;

	for (i = 0; i < sizeof(digest_skip) / sizeof(digest_skip[0]); i++) {
		n = strlen(digest_skip[i]);
		if (len >= n && memcmp(s, digest_skip[i], n) == 0)
			return true;
	}
	return false;
}

/* Copy @in to @out leaving out the per-chassis lines of the SRP block. */
static int
digest_filter(const char *in, size_t in_len, FILE *out)
{
	static const char srp_kw[] = "service-redundancy-protocol";
	const char *p = in, *end = in + in_len, *nl, *s;
	unsigned int ind, srp_ind = 0;
	bool in_srp = false;
	size_t len;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		ind = digest_indent(p, len);
		s = p + ind;
		if (in_srp && ind <= srp_ind)
			in_srp = false;
		if (!in_srp && len - ind == sizeof(srp_kw) - 1 &&
		    memcmp(s, srp_kw, len - ind) == 0) {
			in_srp = true;
			srp_ind = ind;
		} else if (in_srp && digest_is_skipped(s, len - ind)) {
			p += len + (nl != NULL);
			continue;
		}
		if (fwrite(p, 1, len, out) != len || fputc('\n', out) == EOF)
			return -EIO;
		p += len + (nl != NULL);
	}
	return 0;
}

int
ctl_srp_digest_text(const struct ctl_conf *conf, char **text, size_t *len)
{
	char *full = NULL, *res = NULL;
	size_t full_len = 0, res_len = 0;
	FILE *f;
	int ret;

	if (conf == NULL || text == NULL)
		return -EINVAL;
	f = open_memstream(&full, &full_len);
	if (f == NULL)
		return -ENOMEM;
	ret = ctl_conf_print(conf, true, f);
	if (fclose(f) != 0 && ret == 0)
		ret = -EIO;
	if (ret < 0)
		goto out_free_full;
	f = open_memstream(&res, &res_len);
	if (f == NULL) {
		ret = -ENOMEM;
		goto out_free_full;
	}
	ret = digest_filter(full, full_len, f);
	if (fclose(f) != 0 && ret == 0)
		ret = -EIO;
	if (ret < 0) {
		free(res);
		goto out_free_full;
	}
	*text = res;
	if (len != NULL)
		*len = res_len;
out_free_full:
	free(full);
	return ret;
}

int
ctl_srp_digest_sha256(const char *text, size_t len,
		      uint8_t digest[CTL_SRP_DIGEST_LEN])
{
	unsigned int out_len = 0;

	if (text == NULL || digest == NULL)
		return -EINVAL;
	if (EVP_Digest(text, len, digest, &out_len, EVP_sha256(), NULL) != 1 ||
	    out_len != CTL_SRP_DIGEST_LEN)
		return -EIO;
	return 0;
}

int
ctl_srp_digest_compute(const struct ctl_conf *conf, char **text, size_t *len,
		       uint8_t digest[CTL_SRP_DIGEST_LEN])
{
	size_t n = 0;
	char *t = NULL;
	int ret;

	if (digest == NULL)
		return -EINVAL;
	ret = ctl_srp_digest_text(conf, &t, &n);
	if (ret < 0)
		return ret;
	ret = ctl_srp_digest_sha256(t, n, digest);
	if (ret < 0) {
		free(t);
		return ret;
	}
	*text = t;
	if (len != NULL)
		*len = n;
	return 0;
}

/*
 * Diff.
 */

struct digest_lines {
	char		**line;		/* qualified lines */
	bool		*used;		/* matched by the other side */
	unsigned int	n;
};

static void
digest_lines_free(struct digest_lines *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	free(l->used);
	memset(l, 0, sizeof(*l));
}

static int
digest_lines_push(struct digest_lines *l, unsigned int *cap, char *s)
{
	char **nl;
	bool *nu;
	unsigned int ncap;

	if (l->n == *cap) {
		ncap = *cap != 0 ? *cap * 2 : 32;
		nl = realloc(l->line, ncap * sizeof(*nl));
		if (nl == NULL)
			return -ENOMEM;
		l->line = nl;
		nu = realloc(l->used, ncap * sizeof(*nu));
		if (nu == NULL)
			return -ENOMEM;
		l->used = nu;
		*cap = ncap;
	}
	l->line[l->n] = s;
	l->used[l->n] = false;
	l->n++;
	return 0;
}

/* Split @text into lines qualified by their enclosing modes. */
static int
digest_lines_parse(const char *text, struct digest_lines *l)
{
	const char *parent[DIGEST_MAX_DEPTH];
	size_t parent_len[DIGEST_MAX_DEPTH];
	const char *p = text, *nl, *s;
	unsigned int cap = 0, d, i;
	size_t len, n, q_len;
	char *q;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < DIGEST_MAX_DEPTH; i++) {
		parent[i] = "";
		parent_len[i] = 0;
	}
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		d = digest_indent(p, len) / 2;
		s = p + digest_indent(p, len);
		n = len - (size_t)(s - p);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
			n--;
		p += len + (nl != NULL);
		if (d >= DIGEST_MAX_DEPTH)
			d = DIGEST_MAX_DEPTH - 1;
		if (n == 0 || (n == 5 && memcmp(s, "#exit", 5) == 0))
			continue;
		parent[d] = s;
		parent_len[d] = n;
		if (d == 0)
			continue;	/* "config", "end" */
		q_len = n + 1;
		for (i = 1; i < d; i++)
			q_len += parent_len[i] + 3;
		q = malloc(q_len);
		if (q == NULL)
			goto out_nomem;
		q[0] = '\0';
		for (i = 1; i < d; i++) {
			strncat(q, parent[i], parent_len[i]);
			strcat(q, " / ");
		}
		strncat(q, s, n);
		if (digest_lines_push(l, &cap, q) < 0) {
			free(q);
			goto out_nomem;
		}
	}
	return 0;

out_nomem:
	digest_lines_free(l);
	return -ENOMEM;
}

int
ctl_srp_digest_diff(const char *local, const char *peer, ctl_srp_diff_fn *fn,
		    void *arg)
{
	struct digest_lines a, b;
	unsigned int i, j;
	int n_diff = 0;

	if (local == NULL || peer == NULL)
		return -EINVAL;
	if (digest_lines_parse(local, &a) < 0)
		return -ENOMEM;
	if (digest_lines_parse(peer, &b) < 0) {
		digest_lines_free(&a);
		return -ENOMEM;
	}
	for (i = 0; i < a.n; i++) {
		for (j = 0; j < b.n; j++) {
			if (!b.used[j] && strcmp(a.line[i], b.line[j]) == 0) {
				a.used[i] = true;
				b.used[j] = true;
				break;
			}
		}
	}
	for (i = 0; i < a.n; i++) {
		if (a.used[i])
			continue;
		n_diff++;
		if (fn != NULL)
			fn(arg, true, a.line[i]);
	}
	for (j = 0; j < b.n; j++) {
		if (b.used[j])
			continue;
		n_diff++;
		if (fn != NULL)
			fn(arg, false, b.line[j]);
	}
	digest_lines_free(&a);
	digest_lines_free(&b);
	return n_diff;
}
