/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator command table and request dispatch: registration, longest-prefix
 * matching of request words, the built-in "help" and request splitting.
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

#include "ctl_api_int.h"
#include "ctl_log.h"
#include "ctl_reply.h"

RTE_LOG_REGISTER(ctl_logtype, user.gw.ctl, INFO);

#define CTL_API_HELP_CMD	"help"

/* Command table; the control thread only. */
struct ctl_api_cmd ctl_api_cmds[CTL_API_MAX_CMDS];
unsigned int ctl_api_n_cmds;

/* Splitting */

static bool
ctl_api_is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * Split @line at runs of spaces (and of @extra_sep, if not NUL).
 * @return words, -EINVAL (empty), -EILSEQ (control character) or -E2BIG
 */
int
ctl_api_split_sep(char *line, char **argv, int max_words, char extra_sep,
		  bool allow_empty)
{
	int n = 0;
	char *p;

	for (p = line; *p != '\0'; p++) {
		if (ctl_api_is_ctrl((unsigned char)*p))
			return -EILSEQ;
	}
	/* Count first so that a refused line is left untouched. */
	for (p = line; *p != '\0';) {
		while (*p == ' ' || (extra_sep != '\0' && *p == extra_sep))
			p++;
		if (*p == '\0')
			break;
		n++;
		while (*p != '\0' && *p != ' ' &&
		       (extra_sep == '\0' || *p != extra_sep))
			p++;
	}
	if (n == 0)
		return allow_empty ? 0 : -EINVAL;
	if (n > max_words)
		return -E2BIG;
	n = 0;
	for (p = line; *p != '\0';) {
		while (*p == ' ' || (extra_sep != '\0' && *p == extra_sep))
			*p++ = '\0';
		if (*p == '\0')
			break;
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' &&
		       (extra_sep == '\0' || *p != extra_sep))
			p++;
	}
	return n;
}

int
ctl_api_split(char *line, char **argv, int max_words)
{
	int ret;

	if (line == NULL || argv == NULL || max_words <= 0)
		return -EINVAL;
	if (max_words > CTL_API_MAX_WORDS)
		max_words = CTL_API_MAX_WORDS;
	ret = ctl_api_split_sep(line, argv, max_words, '\0', false);
	return ret < 0 ? -EINVAL : ret;
}

/* Command table */

static bool
ctl_api_word_eq(const struct ctl_api_cmd *c, unsigned int i, const char *w)
{
	return strlen(w) == c->word_len[i] &&
	       memcmp(c->cmd.words + c->word_off[i], w, c->word_len[i]) == 0;
}

/* Words of a command: printable, separated by exactly one space. */
static int
ctl_api_cmd_parse(struct ctl_api_cmd *c)
{
	const char *w = c->cmd.words;
	size_t len = strlen(w), i, start = 0;

	if (len == 0 || len > UINT16_MAX || w[0] == ' ' || w[len - 1] == ' ')
		return -EINVAL;
	c->n_words = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && ctl_api_is_ctrl((unsigned char)w[i]))
			return -EINVAL;
		if (i < len && w[i] != ' ')
			continue;
		if (i == start || c->n_words == CTL_API_MAX_WORDS)
			return -EINVAL;	/* double space or too many words */
		c->word_off[c->n_words] = (uint16_t)start;
		c->word_len[c->n_words] = (uint16_t)(i - start);
		c->n_words++;
		start = i + 1;
	}
	return 0;
}

static bool
ctl_api_cmd_same(const struct ctl_api_cmd *a, const struct ctl_api_cmd *b)
{
	unsigned int i;

	if (a->n_words != b->n_words)
		return false;
	for (i = 0; i < a->n_words; i++) {
		if (a->word_len[i] != b->word_len[i] ||
		    memcmp(a->cmd.words + a->word_off[i],
			   b->cmd.words + b->word_off[i], a->word_len[i]) != 0)
			return false;
	}
	return true;
}

int
ctl_api_register(const struct ctl_cmd *cmd)
{
	struct ctl_api_cmd c;
	unsigned int i;
	int ret = 0;

	if (cmd == NULL || cmd->words == NULL || cmd->fn == NULL)
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	c.cmd = *cmd;
	if (c.cmd.args == NULL)
		c.cmd.args = "";
	if (c.cmd.help == NULL)
		c.cmd.help = "";
	ret = ctl_api_cmd_parse(&c);
	if (ret < 0)
		return ret;
	/* "help" is built in. */
	if (ctl_api_word_eq(&c, 0, CTL_API_HELP_CMD))
		return -EEXIST;

	for (i = 0; i < ctl_api_n_cmds; i++) {
		if (ctl_api_cmd_same(&ctl_api_cmds[i], &c))
			return -EEXIST;
	}
	if (ctl_api_n_cmds == CTL_API_MAX_CMDS)
		return -ENOSPC;
	ctl_api_cmds[ctl_api_n_cmds++] = c;
	return 0;
}

void
ctl_api_reset(void)
{
	memset(ctl_api_cmds, 0, sizeof(ctl_api_cmds));
	ctl_api_n_cmds = 0;
}

/* Dispatch */

struct ctl_api_word {
	const char	*s;
	size_t		len;
};

static int
ctl_api_word_cmp(const void *a, const void *b)
{
	const struct ctl_api_word *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);

	if (r != 0)
		return r;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* How many leading words of @argv the command's words match. */
static unsigned int
ctl_api_match(const struct ctl_api_cmd *c, int argc, char **argv)
{
	unsigned int i;

	for (i = 0; i < c->n_words && i < (unsigned int)argc; i++) {
		if (!ctl_api_word_eq(c, i, argv[i]))
			break;
	}
	return i;
}

/*
 * "a, b, c": the distinct words found at position @depth in commands whose
 * first @depth words are @argv[0..depth-1], sorted.
 */
static void
ctl_api_expected(char **argv, unsigned int depth, char *buf, size_t len)
{
	struct ctl_api_word w[CTL_API_MAX_CMDS + 1];
	unsigned int i, n = 0;
	size_t used = 0;
	int r;

	if (depth == 0) {
		w[n].s = CTL_API_HELP_CMD;
		w[n++].len = strlen(CTL_API_HELP_CMD);
	}
	for (i = 0; i < ctl_api_n_cmds; i++) {
		const struct ctl_api_cmd *c = &ctl_api_cmds[i];

		if (c->n_words <= depth ||
		    ctl_api_match(c, (int)depth, argv) != depth)
			continue;
		w[n].s = c->cmd.words + c->word_off[depth];
		w[n++].len = c->word_len[depth];
	}
	qsort(w, n, sizeof(w[0]), ctl_api_word_cmp);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0 && ctl_api_word_cmp(&w[i - 1], &w[i]) == 0)
			continue;
		r = snprintf(buf + used, len - used, "%s%.*s",
			     used > 0 ? ", " : "", (int)w[i].len, w[i].s);
		if (r < 0 || (size_t)r >= len - used) {
			/* Cut at a word boundary, say there is more. */
			buf[used] = '\0';
			if (used + 5 < len)
				strcat(buf, ", ...");
			break;
		}
		used += (size_t)r;
	}
}

/* The words argv[0..n-1] joined by spaces, bounded. */
void
ctl_api_join(int n, char **argv, char *buf, size_t len)
{
	size_t used = 0;
	int i, r;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		r = snprintf(buf + used, len - used, "%s%s", i > 0 ? " " : "",
			     argv[i]);
		if (r < 0 || (size_t)r >= len - used)
			break;
		used += (size_t)r;
	}
}

static int
ctl_api_cmd_order(const void *a, const void *b)
{
	const struct ctl_api_cmd *x = *(const struct ctl_api_cmd * const *)a;
	const struct ctl_api_cmd *y = *(const struct ctl_api_cmd * const *)b;

	return strcmp(x->cmd.words, y->cmd.words);
}

/* Built-in "help [WORD...]": every command, or those starting with WORDs. */
static int
ctl_api_help(struct ctl_reply *out, int argc, char **argv)
{
	static const struct ctl_cmd help_cmd = {
		.words = CTL_API_HELP_CMD,
		.args = "[COMMAND...]",
		.help = "list commands (all, or those starting with COMMAND)",
	};
	const struct ctl_cmd *list[CTL_API_MAX_CMDS + 1];
	const struct ctl_api_cmd *sorted[CTL_API_MAX_CMDS];
	char usage[CTL_API_MAX_REQ];
	unsigned int i, n_sorted = 0, n = 0;
	size_t width = 0, len, total = 0;
	char *text, *p;

	for (i = 0; i < ctl_api_n_cmds; i++) {
		const struct ctl_api_cmd *c = &ctl_api_cmds[i];

		/* argc == 0 matches every command. */
		if (ctl_api_match(c, argc, argv) == (unsigned int)argc)
			sorted[n_sorted++] = c;
	}
	qsort(sorted, n_sorted, sizeof(sorted[0]), ctl_api_cmd_order);
	if (argc == 0 || (argc == 1 && strcmp(argv[0], CTL_API_HELP_CMD) == 0))
		list[n++] = &help_cmd;
	for (i = 0; i < n_sorted; i++)
		list[n++] = &sorted[i]->cmd;
	if (n == 0) {
		ctl_api_join(argc, argv, usage, 64);
		ctl_reply_error(out, "no command starts with '%s'", usage);
		return -EINVAL;
	}

	if (ctl_reply_fmt(out) != CTL_REPLY_TEXT) {
		ctl_reply_arr_begin(out, "commands");
		for (i = 0; i < n; i++) {
			ctl_reply_obj_begin(out, NULL);
			ctl_reply_str(out, "command", list[i]->words);
			ctl_reply_str(out, "args", list[i]->args);
			ctl_reply_str(out, "help", list[i]->help);
			ctl_reply_bool(out, "telemetry", list[i]->telemetry);
			ctl_reply_obj_end(out);
		}
		ctl_reply_arr_end(out);
		return 0;
	}

	/* Text: "  words args   help", usages in one column. */
	for (i = 0; i < n; i++) {
		len = strlen(list[i]->words) + 1 + strlen(list[i]->args);
		if (len > width)
			width = len;
		total += len + strlen(list[i]->help) + 8;
	}
	total += n * width + 1;
	text = malloc(total);
	if (text == NULL) {
		ctl_reply_error(out, "out of memory");
		return -ENOMEM;
	}
	p = text;
	for (i = 0; i < n; i++) {
		snprintf(usage, sizeof(usage), "%s%s%s", list[i]->words,
			 list[i]->args[0] != '\0' ? " " : "", list[i]->args);
		p += sprintf(p, "  %-*s  %s\n", (int)width, usage,
			     list[i]->help);
	}
	ctl_reply_block(out, "commands", text);
	free(text);
	return 0;
}

static int
ctl_api_dispatch_run(int argc, char **argv, struct ctl_reply *out)
{
	const struct ctl_api_cmd *best = NULL;
	unsigned int i, m, depth = 0;
	char expected[1024], done[256];
	int ret;

	if (argc <= 0) {
		ctl_api_expected(argv, 0, expected, sizeof(expected));
		ctl_reply_error(out, "missing command; expected one of: %s",
			      expected);
		return -EINVAL;
	}
	if (strcmp(argv[0], CTL_API_HELP_CMD) == 0)
		return ctl_api_help(out, argc - 1, argv + 1);

	/* Longest command whose words are all a prefix of argv. */
	for (i = 0; i < ctl_api_n_cmds; i++) {
		const struct ctl_api_cmd *c = &ctl_api_cmds[i];

		m = ctl_api_match(c, argc, argv);
		if (m > depth)
			depth = m;
		if (m == c->n_words && (best == NULL || m > best->n_words))
			best = c;
	}
	if (best != NULL) {
		ret = best->cmd.fn(out, argc - (int)best->n_words,
				   argv + best->n_words, best->cmd.arg);
		if (ret > 0 && ret != CTL_API_DEFERRED)
			ret = 0;
		if (ret < 0 && !ctl_reply_has_error(out))
			ctl_reply_error(out, "%s", strerror(-ret));
		return ret;
	}

	ctl_api_expected(argv, depth, expected, sizeof(expected));
	if (depth == 0) {
		ctl_reply_error(out, "unknown command '%.64s'; expected one of: %s",
			      argv[0], expected);
	} else if (depth == (unsigned int)argc) {
		ctl_api_join((int)depth, argv, done, sizeof(done));
		ctl_reply_error(out,
			      "incomplete command; after '%s' expected one of: %s",
			      done, expected);
	} else {
		ctl_api_join((int)depth, argv, done, sizeof(done));
		ctl_reply_error(out,
			      "unknown word '%.64s' after '%s'; expected one of: %s",
			      argv[depth], done, expected);
	}
	return -EINVAL;
}

int
ctl_api_dispatch(int argc, char **argv, struct ctl_reply *out)
{
	if (out == NULL || (argc > 0 && argv == NULL))
		return -EINVAL;
	return ctl_api_dispatch_run(argc, argv, out);
}
