/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run one command line through the control API (ctl_api_dispatch) and
 * keep its JSON reply: for the unit tests of the commands. Test code only,
 * run from the test's main thread.
 */
#ifndef UT_API_H
#define UT_API_H

#include <stdio.h>

#include <CUnit/Basic.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"

/* Run @line (at most 255 characters) into @buf (@len bytes, JSON).
 * @return what the command's handler returned */
static inline int
ut_api_run(char *buf, size_t len, const char *line)
{
	char copy[256];
	char *argv[CTL_API_MAX_WORDS];
	struct ctl_reply *out;
	const char *r;
	size_t n;
	int argc, ret;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = ctl_api_split(copy, argv, CTL_API_MAX_WORDS);
	out = ctl_reply_new(CTL_REPLY_JSON);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ret = ctl_api_dispatch(argc, argv, out);
	r = ctl_reply_finish(out, &n);
	snprintf(buf, len, "%s", r);
	ctl_reply_free(out);
	return ret;
}

#endif /* UT_API_H */
