/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the gratuitous ARP / unsolicited NA frame builders
 * (ctl_garp): every field a switch or a Linux neighbour table looks at,
 * and the ICMPv6 checksum. Runs without EAL.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "net/ctl_garp.h"
#include "support/ut_run.h"

static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xaa, 0x01 };

static void
test_ctl_garp_arp_fields(void)
{
	static const uint8_t ip4[4] = { 192, 0, 2, 1 };
	uint8_t f[CTL_GARP_ARP_LEN + 8];
	const uint8_t *a = f + 14;

	CU_ASSERT_EQUAL(ctl_garp_arp_build(f, sizeof(f), mac, ip4),
			CTL_GARP_ARP_LEN);
	CU_ASSERT(memcmp(f, "\xff\xff\xff\xff\xff\xff", 6) == 0);
	CU_ASSERT(memcmp(f + 6, mac, 6) == 0);
	CU_ASSERT(f[12] == 0x08 && f[13] == 0x06);
	CU_ASSERT(a[0] == 0 && a[1] == 1);		/* Ethernet */
	CU_ASSERT(a[2] == 0x08 && a[3] == 0x00);	/* IPv4 */
	CU_ASSERT(a[4] == 6 && a[5] == 4);
	CU_ASSERT(a[6] == 0 && a[7] == 1);		/* request */
	CU_ASSERT(memcmp(a + 8, mac, 6) == 0);		/* sender MAC */
	CU_ASSERT(memcmp(a + 14, ip4, 4) == 0);		/* sender IP */
	CU_ASSERT(memcmp(a + 18, "\0\0\0\0\0\0", 6) == 0);
	CU_ASSERT(memcmp(a + 24, ip4, 4) == 0);		/* target = sender */
	CU_ASSERT_EQUAL(ctl_garp_arp_build(f, CTL_GARP_ARP_LEN - 1, mac, ip4),
			-ENOSPC);
	CU_ASSERT_EQUAL(ctl_garp_arp_build(NULL, 100, mac, ip4), -ENOSPC);
}

/* One's-complement sum over the pseudo header and the ICMPv6 message. */
static uint16_t
icmp6_verify(const uint8_t *ip)
{
	uint32_t sum = 0;
	uint16_t plen = (uint16_t)((ip[4] << 8) | ip[5]);
	unsigned int i;

	for (i = 8; i < 40; i += 2)
		sum += (uint32_t)((ip[i] << 8) | ip[i + 1]);
	sum += plen + ip[6];
	for (i = 0; i < plen; i += 2)
		sum += (uint32_t)((ip[40 + i] << 8) | ip[40 + i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void
test_ctl_garp_na_fields(void)
{
	static const uint8_t ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t f[CTL_GARP_NA_LEN];
	const uint8_t *ip = f + 14;
	const uint8_t *icmp = ip + 40;

	CU_ASSERT_EQUAL(ctl_garp_na_build(f, sizeof(f), mac, ip6),
			CTL_GARP_NA_LEN);
	CU_ASSERT(memcmp(f, "\x33\x33\x00\x00\x00\x01", 6) == 0);
	CU_ASSERT(memcmp(f + 6, mac, 6) == 0);
	CU_ASSERT(f[12] == 0x86 && f[13] == 0xdd);
	CU_ASSERT_EQUAL(ip[0] >> 4, 6);
	CU_ASSERT(ip[4] == 0 && ip[5] == 32);		/* payload length */
	CU_ASSERT_EQUAL(ip[6], 58);
	CU_ASSERT_EQUAL(ip[7], 255);			/* RFC 4861 7.1.2 */
	CU_ASSERT(memcmp(ip + 8, ip6, 16) == 0);
	CU_ASSERT(memcmp(ip + 24, all_nodes, 16) == 0);
	CU_ASSERT_EQUAL(icmp[0], 136);
	CU_ASSERT_EQUAL(icmp[1], 0);
	CU_ASSERT_EQUAL(icmp[4], 0x20);			/* O only: no S, R */
	CU_ASSERT(memcmp(icmp + 8, ip6, 16) == 0);
	CU_ASSERT(icmp[24] == 2 && icmp[25] == 1);	/* target LL option */
	CU_ASSERT(memcmp(icmp + 26, mac, 6) == 0);
	CU_ASSERT_EQUAL(icmp6_verify(ip), 0xffff);
	CU_ASSERT_EQUAL(ctl_garp_na_build(f, CTL_GARP_NA_LEN - 1, mac, ip6),
			-ENOSPC);
}

static CU_TestInfo tests[] = {
	{ "test_ctl_garp_arp_fields", test_ctl_garp_arp_fields },
	{ "test_ctl_garp_na_fields", test_ctl_garp_na_fields },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_garp", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
