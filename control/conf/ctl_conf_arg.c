/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, argument helpers: the FILE:LINE error writers,
 * the checks of one argument (integer, keyword, address, name, text,
 * prefix) and the lookups of the current context and of contexts and
 * interfaces by name, shared by every mode. Context: control.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

/* ---------------------------------------------------------------------
 * Errors
 */

static int
ctl_verr(struct ctl_parser *p, unsigned int line, const char *fmt, va_list ap)
{
	int n;

	if (p->err == NULL || p->err_len == 0)
		return -EINVAL;
	n = snprintf(p->err, p->err_len, "%s:%u: ", p->origin, line);
	if (n >= 0 && (size_t)n < p->err_len)
		vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
	return -EINVAL;
}

int
ctl_perr(struct ctl_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_verr(p, p->line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
ctl_perr_at(struct ctl_parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_verr(p, line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ---------------------------------------------------------------------
 * Argument helpers
 */

static const char *
ctl_usage(const struct ctl_parser *p, const char *what)
{
	return p->cmd != NULL ? p->cmd->usage : what;
}

const char *
ctl_tok(const struct ctl_line *ln, unsigned int i)
{
	return i < ln->n ? ln->tok[i].s : NULL;
}

int
ctl_arg_need(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, const char *expect)
{
	if (i < ln->n)
		return 0;
	return ctl_perr(p, "%s: missing %s; usage: %s", what, expect,
			ctl_usage(p, what));
}

int
ctl_arg_end(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	    const char *what)
{
	if (i >= ln->n)
		return 0;
	return ctl_perr(p, "%s: unexpected '%.40s' after the command; "
			"usage: %s", what, ln->tok[i].s, ctl_usage(p, what));
}

/* Strict decimal: digits only, no sign, no overflow. */
bool
ctl_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10u + (uint64_t)(*s - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

int
ctl_arg_u32(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	    const char *what, uint32_t min, uint32_t max, uint32_t *out)
{
	char expect[64];
	uint32_t v;

	snprintf(expect, sizeof(expect), "an integer %u..%u", min, max);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (!ctl_parse_u32(ln->tok[i].s, &v) || v < min || v > max)
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	*out = v;
	return 0;
}

static void
ctl_join(char *buf, size_t len, const char *const *words)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; words[i] != NULL && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s",
				 i == 0 ? "" : ", ", words[i]);

		if (n < 0)
			break;
		off += (size_t)n;
	}
}

int
ctl_arg_kw(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	   const char *what, const char *const *words)
{
	char list[256], expect[300];
	unsigned int k;

	ctl_join(list, sizeof(list), words);
	snprintf(expect, sizeof(expect), words[1] == NULL ? "'%s'" :
		 "one of %s", list);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	for (k = 0; words[k] != NULL; k++)
		if (strcmp(words[k], ln->tok[i].s) == 0)
			return (int)k;
	return ctl_perr(p, "%s: expected %s, got '%.40s'", what, expect,
			ln->tok[i].s);
}

int
ctl_arg_addr(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, int family, struct srp_addr *out)
{
	const char *expect = family == AF_INET ? "an IPv4 address" :
		family == AF_INET6 ? "an IPv6 address" :
		"an IPv4 or IPv6 address";
	struct srp_addr a;

	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (ctl_addr_parse(ln->tok[i].s, &a) < 0 ||
	    (family != AF_UNSPEC && a.family != family))
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	*out = a;
	return 0;
}

bool
ctl_name_ok(const char *s, size_t cap)
{
	size_t len = strlen(s), i;

	if (len == 0 || len >= cap || s[0] == '-' || s[0] == '#')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("_-.:/@+", c) != NULL)
			continue;
		return false;
	}
	return true;
}

int
ctl_arg_name(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, char *out, size_t cap)
{
	char expect[96];

	snprintf(expect, sizeof(expect), "a name (1..%zu of A-Z a-z 0-9 "
		 "_ - . : / @ +)", cap - 1);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (!ctl_name_ok(ln->tok[i].s, cap))
		return ctl_perr(p, "%s: expected %s, got '%.40s'", what,
				expect, ln->tok[i].s);
	snprintf(out, cap, "%s", ln->tok[i].s);
	return 0;
}

/* Free text (description): printable, shorter than @cap. */
int
ctl_arg_text(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	     const char *what, char *out, size_t cap)
{
	char expect[96];

	snprintf(expect, sizeof(expect), "a text of at most %zu characters "
		 "(in double quotes if it has spaces)", cap - 1);
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	if (strlen(ln->tok[i].s) >= cap)
		return ctl_perr(p, "%s: expected %s, got %zu characters",
				what, expect, strlen(ln->tok[i].s));
	snprintf(out, cap, "%s", ln->tok[i].s);
	return 0;
}

/*
 * A prefix at token @i: "A/L"; or "A MASK" (IPv4) when @allow_mask; or a
 * bare "A" (host prefix) when @allow_bare and no mask follows. @family is
 * AF_INET, AF_INET6 or AF_UNSPEC. *next gets the first unused token.
 */
int
ctl_arg_prefix(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int i, const char *what, int family, bool allow_mask,
	       bool allow_bare, uint8_t min_plen, struct ctl_prefix *pfx,
	       bool *mask_form, unsigned int *next)
{
	const char *fam = family == AF_INET ? "IPv4 " :
		family == AF_INET6 ? "IPv6 " : "";
	char expect[96];
	struct ctl_prefix r;
	const char *t;

	snprintf(expect, sizeof(expect), "%s %sprefix ADDRESS/LENGTH%s%s",
		 fam[0] != '\0' ? "an" : "a", fam,
		 allow_mask ? " or ADDRESS MASK" : "",
		 allow_bare ? " or ADDRESS" : "");
	if (ctl_arg_need(p, ln, i, what, expect) < 0)
		return -EINVAL;
	t = ln->tok[i].s;
	memset(&r, 0, sizeof(r));
	*mask_form = false;
	if (strchr(t, '/') != NULL) {
		if (ctl_prefix_parse(t, &r) < 0 ||
		    (family != AF_UNSPEC && r.addr.family != family))
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		*next = i + 1;
	} else {
		if (ctl_addr_parse(t, &r.addr) < 0 ||
		    (family != AF_UNSPEC && r.addr.family != family))
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		if (allow_mask && r.addr.family == AF_INET &&
		    ctl_tok(ln, i + 1) != NULL) {
			const char *m = ln->tok[i + 1].s;

			if (ctl_mask_parse(m, &r.plen) < 0)
				return ctl_perr(p, "%s: expected a contiguous "
						"netmask after %s, got '%.40s'",
						what, t, m);
			*mask_form = true;
			*next = i + 2;
		} else if (allow_bare) {
			r.plen = ctl_addr_max_plen(&r.addr);
			*next = i + 1;
		} else if (allow_mask && r.addr.family == AF_INET) {
			return ctl_perr(p, "%s: missing netmask after '%s'; "
					"usage: %s", what, t,
					ctl_usage(p, what));
		} else {
			return ctl_perr(p, "%s: expected %s, got '%.40s'",
					what, expect, t);
		}
	}
	if (r.plen < min_plen)
		return ctl_perr(p, "%s: prefix length %u is below the minimum "
				"%u", what, (unsigned int)r.plen,
				(unsigned int)min_plen);
	*pfx = r;
	return 0;
}

/* Error unless @pfx is a network address (all host bits zero). */
int
ctl_need_network(struct ctl_parser *p, const char *what,
		 const struct ctl_prefix *pfx)
{
	char a[CTL_ADDR_STR_LEN];

	if (ctl_prefix_is_network(pfx))
		return 0;
	return ctl_perr(p, "%s: %s has host bits set; expected a network "
			"address", what, ctl_prefix_fmt(pfx, a, sizeof(a)));
}

struct ctl_context *
ctl_cur_ctx(struct ctl_parser *p)
{
	return &p->conf->contexts[p->ctx];
}

int
ctl_find_context(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_contexts; i++)
		if (strcmp(conf->contexts[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
ctl_find_iface(const struct ctl_context *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->n_ifaces; i++)
		if (strcmp(c->ifaces[i].name, name) == 0)
			return (int)i;
	return -1;
}
