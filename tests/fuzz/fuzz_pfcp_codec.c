/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the PFCP codec: decodes each input as one message,
 * checks what an accepted message must satisfy (counts within the limits,
 * byte strings inside the input), re-encodes it and checks the result
 * decodes and re-encodes byte for byte (the encoder's output is
 * canonical); a refusal must name a known error and leave nothing
 * decoded. Any broken invariant aborts. Test code only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pfcp/pfcp_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out1[PFCP_MSG_MAX], out2[PFCP_MSG_MAX];
static struct pfcp_msg m1, m2;

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_in(const struct pfcp_bytes *b, const uint8_t *data, size_t size)
{
	if (b->len == 0)
		return;
	check(b->p >= data && b->p + b->len <= data + size);
}

static void
check_msg(const struct pfcp_msg *m, const uint8_t *data, size_t size)
{
	unsigned int i, j;

	check(m->hdr.msg_len <= size && m->hdr.version == PFCP_VERSION);
	check(m->hdr.seq <= PFCP_SEQ_MAX);
	check(m->hdr.has_seid == pfcp_msg_type_has_seid(m->hdr.type));
	check(m->n_create_pdr <= PFCP_MAX_PDR && m->n_update_pdr <= PFCP_MAX_PDR);
	check(m->n_created_pdr <= PFCP_MAX_PDR && m->n_remove_pdr <= PFCP_MAX_PDR);
	check(m->n_create_far <= PFCP_MAX_FAR && m->n_update_far <= PFCP_MAX_FAR);
	check(m->n_remove_far <= PFCP_MAX_FAR);
	check(m->n_create_urr <= PFCP_MAX_URR && m->n_remove_urr <= PFCP_MAX_URR);
	check(m->n_create_qer <= PFCP_MAX_QER && m->n_remove_qer <= PFCP_MAX_QER);
	check(m->up_features_len <= PFCP_FEATURES_MAX);
	check(m->cp_features_len <= PFCP_FEATURES_MAX);
	check_in(&m->node_id.fqdn, data, size);
	for (i = 0; i < m->n_create_pdr; i++) {
		const struct pfcp_pdi *pdi = &m->create_pdr[i].pdi;

		check(m->create_pdr[i].present & PFCP_PDR_PDI);
		check(pdi->present & PFCP_PDI_SRC_IFACE);
		check(pdi->n_sdf <= PFCP_MAX_SDF);
		check_in(&pdi->net_inst, data, size);
		for (j = 0; j < pdi->n_sdf; j++)
			check_in(&pdi->sdf[j].fd, data, size);
	}
	for (i = 0; i < m->n_create_far; i++) {
		check(m->create_far[i].present & PFCP_FAR_APPLY_ACTION);
		check_in(&m->create_far[i].fwd.net_inst, data, size);
	}
	for (i = 0; i < m->n_create_qer; i++)
		check_in(&m->create_qer[i].body, data, size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pfcp_err_info ei;
	size_t len1, len2;
	enum pfcp_err err;

	err = pfcp_msg_decode(data, size, &m1, &ei);
	check((unsigned int)err < PFCP_E_MAX && ei.err == err);
	check(pfcp_err_name(err) != NULL && pfcp_err_str(err) != NULL);
	if (err != PFCP_OK) {
		check(m1.present == 0 && m1.n_create_pdr == 0 &&
		      m1.n_unknown == 0);
		return 0;
	}
	check_msg(&m1, data, size);
	check(pfcp_msg_encode(&m1, out1, sizeof(out1), &len1) == PFCP_OK);
	check(pfcp_msg_decode(out1, len1, &m2, NULL) == PFCP_OK);
	check(m2.hdr.type == m1.hdr.type && m2.hdr.seq == m1.hdr.seq);
	check(m2.hdr.seid == m1.hdr.seid && m2.present == m1.present);
	check(m2.n_create_pdr == m1.n_create_pdr &&
	      m2.n_create_far == m1.n_create_far &&
	      m2.n_update_pdr == m1.n_update_pdr &&
	      m2.n_update_far == m1.n_update_far &&
	      m2.n_created_pdr == m1.n_created_pdr);
	check(m2.cause == m1.cause && m2.recovery_ts == m1.recovery_ts);
	check(m2.n_vendor == 0);
	check(pfcp_msg_encode(&m2, out2, sizeof(out2), &len2) == PFCP_OK);
	check(len2 == len1 && memcmp(out1, out2, len1) == 0);
	return 0;
}
