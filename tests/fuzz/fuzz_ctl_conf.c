/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the configuration language (ctl_conf): any input
 * either parses, prints, and parses back to a configuration that prints
 * the same (both full and srp-only), or is refused with a "ORIGIN:LINE:"
 * message and leaves the target configuration untouched. Any broken
 * invariant aborts. Test code only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/ctl_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ctl_conf fuzz_a, fuzz_b, fuzz_init;
static int fuzz_ready;

static void
check(int cond)
{
	if (!cond)
		abort();
}

/* Print @c into a malloc'd string. */
static char *
print(const struct ctl_conf *c, bool srp_only)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	check(f != NULL);
	check(ctl_conf_print(c, srp_only, f) == 0);
	check(fclose(f) == 0);
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[CTL_ERR_LEN];
	char *t1, *t2, *s1, *s2;
	int ret;

	if (!fuzz_ready) {
		ctl_conf_init(&fuzz_init);
		fuzz_a = fuzz_init;
		fuzz_ready = 1;
	}
	/* fuzz_a is left equal to fuzz_init by every run (checked below). */
	ret = ctl_conf_parse_mem((const char *)data, size, "f", &fuzz_a, err,
				 sizeof(err));
	if (ret != 0) {
		/* Refused: a located message, nothing written. */
		check(ret == -EINVAL);
		check(strncmp(err, "f:", 2) == 0);
		check(memcmp(&fuzz_a, &fuzz_init, sizeof(fuzz_a)) == 0);
		return 0;
	}
	t1 = print(&fuzz_a, false);
	s1 = print(&fuzz_a, true);
	ctl_conf_init(&fuzz_b);
	ret = ctl_conf_parse(t1, "printed", &fuzz_b, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "printed text does not parse: %s\n%s", err, t1);
		abort();
	}
	t2 = print(&fuzz_b, false);
	s2 = print(&fuzz_b, true);
	check(strcmp(t1, t2) == 0);
	check(strcmp(s1, s2) == 0);
	fuzz_a = fuzz_init;
	free(t1);
	free(t2);
	free(s1);
	free(s2);
	return 0;
}
