/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, lexer: checks the raw bytes of one line and
 * splits it into words (blanks, double quotes, comments, "#exit").
 * Context: control.
 */
#include <errno.h>
#include <string.h>

#include "ctl_conf_int.h"

static bool
ctl_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Check the raw bytes of one line and split it into tokens. Sets ln->n to 0
 * for blank and comment lines. @raw is not NUL-terminated.
 */
int
ctl_split(struct ctl_parser *p, const char *raw, size_t len,
	  struct ctl_line *ln)
{
	size_t i, s, e;
	char *out;

	ln->n = 0;
	if (len > 0 && raw[len - 1] == '\r')	/* CRLF line end */
		len--;
	if (len > CTL_LINE_MAX)
		return ctl_perr(p, "line is %zu bytes long; the limit is %u",
				len, CTL_LINE_MAX);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c == '\0')
			return ctl_perr(p, "NUL byte at column %zu", i + 1);
		if (c >= 0x80)
			return ctl_perr(p, "non-ASCII byte 0x%02x at column "
					"%zu; only printable ASCII is accepted",
					c, i + 1);
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return ctl_perr(p, "non-printable character 0x%02x at "
					"column %zu", c, i + 1);
	}
	s = 0;
	while (s < len && ctl_is_blank(raw[s]))
		s++;
	e = len;
	while (e > s && ctl_is_blank(raw[e - 1]))
		e--;
	if (s == e)
		return 0;
	/* "#exit" leaves a mode; any other line starting with '#' is a
	 * comment. */
	if (raw[s] == '#' && !(e - s >= 5 && memcmp(raw + s, "#exit", 5) == 0 &&
			       (e - s == 5 || ctl_is_blank(raw[s + 5]))))
		return 0;

	memcpy(ln->buf, raw + s, e - s);
	ln->buf[e - s] = '\0';
	out = ln->buf;
	while (*out != '\0') {
		struct ctl_tok *t;

		while (ctl_is_blank(*out))
			out++;
		if (*out == '\0')
			break;
		if (ln->n >= CTL_LINE_MAX_TOKENS)
			return ctl_perr(p, "too many words on the line (max "
					"%u)", CTL_LINE_MAX_TOKENS);
		t = &ln->tok[ln->n++];
		if (*out == '"') {
			char *close = strchr(out + 1, '"');

			if (close == NULL)
				return ctl_perr(p, "unterminated double quote");
			if (close[1] != '\0' && !ctl_is_blank(close[1]))
				return ctl_perr(p, "a closing double quote must "
						"be followed by a space");
			t->s = out + 1;
			t->quoted = true;
			*close = '\0';
			out = close + 1;
			if (*out != '\0')
				out++;
			continue;
		}
		t->s = out;
		t->quoted = false;
		while (*out != '\0' && !ctl_is_blank(*out)) {
			if (*out == '"')
				return ctl_perr(p, "double quote inside a word; "
						"quote the whole word");
			out++;
		}
		if (*out != '\0')
			*out++ = '\0';
	}
	return 0;
}
