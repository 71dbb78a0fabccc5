/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the PFCP codec: the output buffer, the IE iterator and the
 * per-IE value codecs shared by pfcp_ie.c, pfcp_rule.c and pfcp_msg.c.
 * Pure. Context: any.
 */
#ifndef PFCP_CODEC_INT_H
#define PFCP_CODEC_INT_H

#include "pfcp_codec.h"

/* Output buffer; @overflow is sticky, checked once at the end. */
struct pfcp_wbuf {
	uint8_t		*p;
	size_t		cap;
	size_t		len;
	bool		overflow;
};

/* One IE as found by pfcp_ie_next. */
struct pfcp_ie {
	const uint8_t	*v;		/* value (after the enterprise ID) */
	uint16_t	type;
	uint16_t	len;		/* of @v */
	bool		vendor;
};

/* Decode error in a group: sets @ei and returns @err. */
enum pfcp_err pfcp_ie_fail(struct pfcp_err_info *ei, enum pfcp_err err,
			   uint16_t ie_type);

/*
 * Next IE of [buf, buf + len) at *off; advances *off.
 * @return PFCP_OK, PFCP_E_IE_TRUNC (header or value past the end, with
 *	   ie->type set when the type was readable), PFCP_E_IE_LEN (vendor IE
 *	   without its enterprise ID)
 */
enum pfcp_err pfcp_ie_next(const uint8_t *buf, size_t len, size_t *off,
			   struct pfcp_ie *ie);

void pfcp_w_bytes(struct pfcp_wbuf *w, const void *p, size_t n);
void pfcp_w_u8(struct pfcp_wbuf *w, uint8_t v);
void pfcp_w_u16(struct pfcp_wbuf *w, uint16_t v);
void pfcp_w_u24(struct pfcp_wbuf *w, uint32_t v);
void pfcp_w_u32(struct pfcp_wbuf *w, uint32_t v);
void pfcp_w_u64(struct pfcp_wbuf *w, uint64_t v);
/* Start an IE; returns the offset to give pfcp_ie_end. */
size_t pfcp_ie_begin(struct pfcp_wbuf *w, uint16_t type);
/* Patch the length of the IE started at @at. */
void pfcp_ie_end(struct pfcp_wbuf *w, size_t at);
void pfcp_ie_put_u8(struct pfcp_wbuf *w, uint16_t type, uint8_t v);
void pfcp_ie_put_u16(struct pfcp_wbuf *w, uint16_t type, uint16_t v);
void pfcp_ie_put_u32(struct pfcp_wbuf *w, uint16_t type, uint32_t v);
void pfcp_ie_put_bytes(struct pfcp_wbuf *w, uint16_t type,
		       const struct pfcp_bytes *b);

uint16_t pfcp_get_u16(const uint8_t *p);
uint32_t pfcp_get_u24(const uint8_t *p);
uint32_t pfcp_get_u32(const uint8_t *p);
uint64_t pfcp_get_u64(const uint8_t *p);

/* Fixed-size integer IE value: PFCP_E_IE_LEN if shorter than @n. */
enum pfcp_err pfcp_ie_get_uint(const struct pfcp_ie *ie, size_t n,
			       uint32_t *v);

/* Value codecs: decode returns PFCP_OK, PFCP_E_IE_LEN or PFCP_E_IE_VALUE. */
enum pfcp_err pfcp_ie_get_node_id(const struct pfcp_ie *ie,
				  struct pfcp_node_id *n);
void pfcp_ie_put_node_id(struct pfcp_wbuf *w, const struct pfcp_node_id *n);
enum pfcp_err pfcp_ie_get_fseid(const struct pfcp_ie *ie,
				struct pfcp_fseid *f);
void pfcp_ie_put_fseid(struct pfcp_wbuf *w, const struct pfcp_fseid *f);
enum pfcp_err pfcp_ie_get_fteid(const struct pfcp_ie *ie,
				struct pfcp_fteid *f);
void pfcp_ie_put_fteid(struct pfcp_wbuf *w, const struct pfcp_fteid *f);
enum pfcp_err pfcp_ie_get_ue_ip(const struct pfcp_ie *ie,
				struct pfcp_ue_ip *u);
void pfcp_ie_put_ue_ip(struct pfcp_wbuf *w, const struct pfcp_ue_ip *u);
enum pfcp_err pfcp_ie_get_sdf(const struct pfcp_ie *ie, struct pfcp_sdf *s);
void pfcp_ie_put_sdf(struct pfcp_wbuf *w, const struct pfcp_sdf *s);
enum pfcp_err pfcp_ie_get_ohc(const struct pfcp_ie *ie, struct pfcp_ohc *o);
void pfcp_ie_put_ohc(struct pfcp_wbuf *w, const struct pfcp_ohc *o);
enum pfcp_err pfcp_ie_get_failed_rule(const struct pfcp_ie *ie,
				      struct pfcp_failed_rule *r);
void pfcp_ie_put_failed_rule(struct pfcp_wbuf *w,
			     const struct pfcp_failed_rule *r);
/* Variable-length feature bitmaps (UP/CP Function Features). */
enum pfcp_err pfcp_ie_get_features(const struct pfcp_ie *ie, uint8_t *dst,
				   uint8_t *dst_len);

/* Grouped rule IEs (pfcp_rule.c); @ei gets the innermost IE at fault. */
enum pfcp_err pfcp_rule_get_pdr(const struct pfcp_ie *ie, bool create,
				struct pfcp_pdr *pdr,
				struct pfcp_err_info *ei);
void pfcp_rule_put_pdr(struct pfcp_wbuf *w, uint16_t type,
		       const struct pfcp_pdr *pdr);
enum pfcp_err pfcp_rule_get_far(const struct pfcp_ie *ie, bool create,
				struct pfcp_far *far,
				struct pfcp_err_info *ei);
void pfcp_rule_put_far(struct pfcp_wbuf *w, uint16_t type,
		       const struct pfcp_far *far);
enum pfcp_err pfcp_rule_get_opaque(const struct pfcp_ie *ie, uint16_t id_type,
				   size_t id_len, struct pfcp_opaque_rule *r,
				   struct pfcp_err_info *ei);
void pfcp_rule_put_opaque(struct pfcp_wbuf *w, uint16_t type,
			  uint16_t id_type, size_t id_len,
			  const struct pfcp_opaque_rule *r);
enum pfcp_err pfcp_rule_get_created(const struct pfcp_ie *ie,
				    struct pfcp_created_pdr *c,
				    struct pfcp_err_info *ei);
void pfcp_rule_put_created(struct pfcp_wbuf *w,
			   const struct pfcp_created_pdr *c);
/* Remove PDR/FAR/URR/QER: one id IE of @id_len octets. */
enum pfcp_err pfcp_rule_get_remove(const struct pfcp_ie *ie, uint16_t id_type,
				   size_t id_len, uint32_t *id,
				   struct pfcp_err_info *ei);
void pfcp_rule_put_remove(struct pfcp_wbuf *w, uint16_t type,
			  uint16_t id_type, size_t id_len, uint32_t id);

#endif /* PFCP_CODEC_INT_H */
