/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the Diameter codec of the watchdog monitor
 * (control/mon/mon_diam.c): frames the input as a stream, decodes each
 * message, checks what an accepted message must satisfy, re-encodes it
 * (the result must decode to the same fields and re-encode byte for
 * byte) and runs the answer and request checks. Any broken invariant
 * aborts. Test code only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mon_diam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_str(const char *s)
{
	size_t n = strnlen(s, MON_DIAM_STR_MAX), i;

	check(n < MON_DIAM_STR_MAX);
	for (i = 0; i < n; i++)
		check(s[i] >= 0x20 && s[i] <= 0x7e);
}

static void
one(const uint8_t *msg, size_t len)
{
	static uint8_t buf[MON_DIAM_MSG_MAX], buf2[MON_DIAM_MSG_MAX];
	struct mon_diam_msg m, m2;
	size_t l1 = 0, l2 = 0;

	if (mon_diam_decode(msg, len, &m) != MON_DIAM_E_OK)
		return;
	check(len % 4 == 0 && len >= MON_DIAM_HDR_LEN);
	check(m.n_ip <= MON_DIAM_MAX_IP && m.cmd <= 0xffffff);
	check_str(m.origin_host);
	check_str(m.origin_realm);
	check_str(m.product_name);
	(void)mon_diam_check_answer(&m, m.cmd, m.hbh);
	(void)mon_diam_check_request(&m);
	if (mon_diam_encode(&m, buf, sizeof(buf), &l1) != MON_DIAM_E_OK)
		return;		/* e.g. every AVP but the header's lost */
	check(mon_diam_decode(buf, l1, &m2) == MON_DIAM_E_OK);
	check(m2.cmd == m.cmd && m2.flags == m.flags && m2.hbh == m.hbh &&
	      m2.e2e == m.e2e && m2.app_id == m.app_id);
	check((m2.has & ~MON_DIAM_HAS_AUTH_APP_ID) ==
	      (m.has & ~MON_DIAM_HAS_AUTH_APP_ID));
	check(strcmp(m2.origin_host, m.origin_host) == 0);
	check(m2.result_code == m.result_code && m2.n_ip == m.n_ip);
	check(mon_diam_encode(&m2, buf2, sizeof(buf2), &l2) == MON_DIAM_E_OK);
	check(l1 == l2 && memcmp(buf, buf2, l1) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0, len;

	/* As one message, then as a stream of them. */
	one(data, size);
	while (off < size &&
	       mon_diam_frame_len(data + off, size - off, &len) ==
	       MON_DIAM_E_OK && len <= size - off) {
		one(data + off, len);
		off += len;
	}
	return 0;
}
