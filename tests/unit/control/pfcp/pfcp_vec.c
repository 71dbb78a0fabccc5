/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helper around the PFCP codec, for checks by other implementations:
 *   pfcp_vec --pcap FILE   every message srpgw sends, as a pcap of
 *                          Ethernet/IPv4/UDP 8805 packets (for tshark)
 *   pfcp_vec --pcap-all FILE  the same with the sample requests too
 *   pfcp_vec --hex DIR     every sample as DIR/NAME.hex (tests/vectors/pfcp)
 *   pfcp_vec --decode      one message as hex on stdin, decoded as JSON
 * Test code only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pfcp_sample.h"

static uint8_t msg_buf[PFCP_MSG_MAX];
static struct pfcp_msg msg;

static void
put_le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	fwrite(b, 1, 4, f);
}

static uint16_t
ip_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* One Ethernet/IPv4/UDP frame from our N4 address to the SMF. */
static void
pcap_put(FILE *f, const uint8_t *pfcp, size_t len, uint32_t ts)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 4, 2, 0, 0, 0, 0, 10,
					 0x08, 0x00 };
	uint8_t ip[20] = { 0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17 };
	uint8_t udp[8] = { PFCP_UDP_PORT >> 8, PFCP_UDP_PORT & 0xff,
			   PFCP_UDP_PORT >> 8, PFCP_UDP_PORT & 0xff };
	size_t ip_len = sizeof(ip) + sizeof(udp) + len;
	uint16_t c;

	ip[2] = (uint8_t)(ip_len >> 8);
	ip[3] = (uint8_t)ip_len;
	memcpy(ip + 12, sample_up_v4, 4);
	memcpy(ip + 16, sample_cp_v4, 4);
	c = ip_csum(ip, sizeof(ip));
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	udp[4] = (uint8_t)((sizeof(udp) + len) >> 8);
	udp[5] = (uint8_t)(sizeof(udp) + len);
	put_le32(f, ts);
	put_le32(f, 0);
	put_le32(f, (uint32_t)(sizeof(eth) + ip_len));
	put_le32(f, (uint32_t)(sizeof(eth) + ip_len));
	fwrite(eth, 1, sizeof(eth), f);
	fwrite(ip, 1, sizeof(ip), f);
	fwrite(udp, 1, sizeof(udp), f);
	fwrite(pfcp, 1, len, f);
}

static int
encode_sample(const struct sample *s, size_t *len)
{
	s->build(&msg);
	if (pfcp_msg_encode(&msg, msg_buf, sizeof(msg_buf), len) != PFCP_OK) {
		fprintf(stderr, "pfcp_vec: cannot encode %s\n", s->name);
		return -1;
	}
	return 0;
}

static int
write_pcap(const char *path, bool all)
{
	FILE *f = fopen(path, "wb");
	size_t i, len;
	int rc = 0;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	/* pcap global header: magic, 2.4, snaplen 65535, Ethernet. */
	put_le32(f, 0xa1b2c3d4);
	put_le32(f, 0x00040002);
	put_le32(f, 0);
	put_le32(f, 0);
	put_le32(f, 65535);
	put_le32(f, 1);
	for (i = 0; i < N_SAMPLES && rc == 0; i++) {
		if (!samples[i].sent && !all)
			continue;
		rc = encode_sample(&samples[i], &len);
		if (rc == 0)
			pcap_put(f, msg_buf, len, (uint32_t)(1700000000 + i));
	}
	if (fclose(f) != 0)
		rc = -1;
	return rc == 0 ? 0 : 1;
}

static int
write_hex(const char *dir)
{
	char path[512];
	size_t i, j, len;
	FILE *f;

	for (i = 0; i < N_SAMPLES; i++) {
		if (encode_sample(&samples[i], &len) != 0)
			return 1;
		snprintf(path, sizeof(path), "%s/%s.hex", dir, samples[i].name);
		f = fopen(path, "w");
		if (f == NULL) {
			perror(path);
			return 1;
		}
		for (j = 0; j < len; j++)
			fprintf(f, "%02x%s", msg_buf[j],
				(j % 16 == 15 || j + 1 == len) ? "\n" : "");
		if (fclose(f) != 0)
			return 1;
	}
	return 0;
}

static void
print_fteid(const struct pfcp_fteid *t)
{
	printf("{\"flags\": %u, \"ch\": %s, \"chid\": %s, \"choose_id\": %u, "
	       "\"teid\": %u}", t->flags,
	       (t->flags & PFCP_FTEID_CH) ? "true" : "false",
	       (t->flags & PFCP_FTEID_CHID) ? "true" : "false",
	       t->choose_id, t->teid);
}

static void
print_msg(const struct pfcp_msg *m)
{
	unsigned int i;

	printf("\"type\": %u, \"seq\": %u, \"seid\": %llu, \"n_unknown\": %u, "
	       "\"n_vendor\": %u, \"cp_seid\": %llu, \"pdrs\": [",
	       m->hdr.type, m->hdr.seq, (unsigned long long)m->hdr.seid,
	       m->n_unknown, m->n_vendor, (unsigned long long)m->fseid.seid);
	for (i = 0; i < m->n_create_pdr; i++) {
		const struct pfcp_pdr *p = &m->create_pdr[i];

		printf("%s{\"id\": %u, \"far\": %u, \"src\": %u, \"n_sdf\": %u, "
		       "\"fteid\": ", i ? ", " : "", p->pdr_id, p->far_id,
		       p->pdi.src_iface, p->pdi.n_sdf);
		if (p->pdi.present & PFCP_PDI_FTEID)
			print_fteid(&p->pdi.fteid);
		else
			printf("null");
		printf("}");
	}
	printf("], \"fars\": [");
	for (i = 0; i < m->n_create_far; i++)
		printf("%s{\"id\": %u, \"action\": %u, \"bar\": %u}",
		       i ? ", " : "", m->create_far[i].far_id,
		       m->create_far[i].apply_action, m->create_far[i].bar_id);
	printf("], \"bar\": %s, \"qers\": %u", (m->present & PFCP_F_BAR) ?
	       "true" : "false", m->n_create_qer);
}

static int
decode_stdin(void)
{
	unsigned int byte;
	struct pfcp_err_info ei;
	enum pfcp_err err;
	size_t n = 0;

	while (n < sizeof(msg_buf) && scanf("%2x", &byte) == 1)
		msg_buf[n++] = (uint8_t)byte;
	err = pfcp_msg_decode(msg_buf, n, &msg, &ei);
	printf("{\"err\": \"%s\", \"ie_type\": %u, \"cause\": %u, ",
	       pfcp_err_name(err), ei.ie_type, pfcp_err_cause(err));
	print_msg(&msg);
	printf("}\n");
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--pcap") == 0)
		return write_pcap(argv[2], false);
	if (argc == 3 && strcmp(argv[1], "--pcap-all") == 0)
		return write_pcap(argv[2], true);
	if (argc == 3 && strcmp(argv[1], "--hex") == 0)
		return write_hex(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--decode") == 0)
		return decode_stdin();
	fprintf(stderr, "usage: pfcp_vec --pcap[-all] FILE | --hex DIR | "
		"--decode\n");
	return 2;
}
