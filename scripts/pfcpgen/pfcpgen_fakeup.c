/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal PFCP user plane for testing srpgw-pfcpgen without srpgw: it
 * answers Association Setup (FTUP), Session Establishment (UP SEIDs and
 * TEIDs from 1 up, one F-TEID per CHOOSE ID), Modification and Deletion
 * (cause 65 for an unknown SEID), sends Heartbeat Requests to its peer, and
 * with --misbehave every few requests sends garbage, a response of the
 * wrong type, the response twice, or none at all. Test code only.
 * Usage: pfcpgen_fakeup ADDR PORT [--misbehave] [--hb-ms MS]
 * Context: main thread.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pfcp/pfcp_codec.h"

#define FAKEUP_MAX_SESS	(1u << 22)

static struct pfcp_msg req, resp;
static uint8_t rxb[PFCP_MSG_MAX], txb[PFCP_MSG_MAX];
static uint64_t *cp_seid;	/* by UP SEID; 0: no session */
static uint64_t next_seid = 1;
static uint32_t next_teid = 1;
static uint8_t my_v4[4];

static uint64_t
fakeup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Fill the answer to @req; false when there is none to send. */
static bool
fakeup_answer(void)
{
	unsigned int i;
	uint64_t seid = req.hdr.seid;

	switch (req.hdr.type) {
	case PFCP_MSG_ASSOC_SETUP_REQ:
		pfcp_msg_init(&resp, PFCP_MSG_ASSOC_SETUP_RESP, 0, req.hdr.seq);
		resp.present = PFCP_F_CAUSE | PFCP_F_NODE_ID |
			       PFCP_F_RECOVERY_TS | PFCP_F_UP_FEATURES;
		resp.recovery_ts = 0xe9000000u;
		resp.up_features_len = 2;
		resp.up_features[0] = PFCP_UPF_F5_FTUP;
		break;
	case PFCP_MSG_SESS_EST_REQ:
		pfcp_msg_init(&resp, PFCP_MSG_SESS_EST_RESP, req.fseid.seid,
			      req.hdr.seq);
		resp.present = PFCP_F_CAUSE | PFCP_F_NODE_ID | PFCP_F_FSEID;
		if (next_seid >= FAKEUP_MAX_SESS)
			return false;
		resp.fseid.seid = next_seid;
		resp.fseid.flags = PFCP_FSEID_V4;
		memcpy(resp.fseid.v4, my_v4, 4);
		cp_seid[next_seid++] = req.fseid.seid;
		for (i = 0; i < req.n_create_pdr; i++) {
			struct pfcp_created_pdr *c;

			if (!(req.create_pdr[i].pdi.fteid.flags & PFCP_FTEID_CH))
				continue;
			c = &resp.created_pdr[resp.n_created_pdr++];
			c->pdr_id = req.create_pdr[i].pdr_id;
			c->has_fteid = true;
			c->fteid.flags = PFCP_FTEID_V4;
			c->fteid.teid = next_teid;
			memcpy(c->fteid.v4, my_v4, 4);
		}
		next_teid++;
		break;
	case PFCP_MSG_SESS_MOD_REQ:
	case PFCP_MSG_SESS_DEL_REQ:
		pfcp_msg_init(&resp, (uint8_t)(req.hdr.type + 1), 0,
			      req.hdr.seq);
		resp.present = PFCP_F_CAUSE;
		if (seid == 0 || seid >= FAKEUP_MAX_SESS || !cp_seid[seid]) {
			resp.cause = PFCP_CAUSE_SESS_NOT_FOUND;
			return true;
		}
		resp.hdr.seid = cp_seid[seid];
		if (req.hdr.type == PFCP_MSG_SESS_DEL_REQ)
			cp_seid[seid] = 0;
		break;
	default:
		return false;
	}
	resp.cause = PFCP_CAUSE_ACCEPTED;
	resp.node_id.type = PFCP_NODE_ID_IPV4;
	memcpy(resp.node_id.v4, my_v4, 4);
	return true;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in me = { .sin_family = AF_INET }, peer, from;
	struct pollfd pfd;
	bool misbehave = false, has_peer = false;
	unsigned int n_req = 0, hb_ms = 0;
	uint32_t hb_seq = 1;
	uint64_t last_hb = 0;
	socklen_t flen;
	size_t len;
	ssize_t n;
	int i, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ADDR PORT [--misbehave] "
			"[--hb-ms MS]\n", argv[0]);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--misbehave") == 0)
			misbehave = true;
		else if (strcmp(argv[i], "--hb-ms") == 0 && i + 1 < argc)
			hb_ms = (unsigned int)atoi(argv[++i]);
	}
	cp_seid = calloc(FAKEUP_MAX_SESS, sizeof(*cp_seid));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (cp_seid == NULL || fd < 0 ||
	    inet_pton(AF_INET, argv[1], &me.sin_addr) != 1)
		return 1;
	memcpy(my_v4, &me.sin_addr, 4);
	me.sin_port = htons((uint16_t)atoi(argv[2]));
	/* a window of requests at once is not dropped by the kernel */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 8 << 20 },
			 sizeof(int));
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("bind");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		int ready = poll(&pfd, 1, hb_ms ? (int)hb_ms : -1);

		if (hb_ms && has_peer && fakeup_now_ms() - last_hb >= hb_ms) {
			last_hb = fakeup_now_ms();
			pfcp_msg_init(&resp, PFCP_MSG_HEARTBEAT_REQ, 0, hb_seq++);
			resp.present = PFCP_F_RECOVERY_TS;
			resp.recovery_ts = 0xe9000000u;
			if (pfcp_msg_encode(&resp, txb, sizeof(txb), &len) ==
			    PFCP_OK)
				sendto(fd, txb, len, 0,
				       (struct sockaddr *)&peer, sizeof(peer));
		}
		if (ready <= 0)
			continue;
		flen = sizeof(from);
		n = recvfrom(fd, rxb, sizeof(rxb), 0,
			     (struct sockaddr *)&from, &flen);
		if (n <= 0 ||
		    pfcp_msg_decode(rxb, (size_t)n, &req, NULL) != PFCP_OK)
			continue;
		peer = from;
		has_peer = true;
		if (!fakeup_answer())
			continue;
		if (pfcp_msg_encode(&resp, txb, sizeof(txb), &len) != PFCP_OK)
			continue;
		n_req++;
		if (misbehave && req.hdr.type != PFCP_MSG_ASSOC_SETUP_REQ) {
			switch (n_req % 50) {
			case 10:	/* garbage first, then the answer */
				sendto(fd, "\x20\x02\x00", 3, 0,
				       (struct sockaddr *)&from, flen);
				break;
			case 20:	/* a response of another type first */
				txb[1] = resp.hdr.type == PFCP_MSG_SESS_DEL_RESP ?
					 PFCP_MSG_SESS_MOD_RESP :
					 PFCP_MSG_SESS_DEL_RESP;
				sendto(fd, txb, len, 0,
				       (struct sockaddr *)&from, flen);
				txb[1] = resp.hdr.type;
				break;
			case 30:	/* twice */
				sendto(fd, txb, len, 0,
				       (struct sockaddr *)&from, flen);
				break;
			case 40:	/* lost: the retransmission gets it */
				if (req.hdr.type != PFCP_MSG_SESS_DEL_REQ)
					continue;
				break;
			default:
				break;
			}
		}
		sendto(fd, txb, len, 0, (struct sockaddr *)&from, flen);
	}
}
