/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP message codec: the TLV registry (size of each TLV, which message types
 * carry it) and the encoder/decoder built on it. Pure. Context: any.
 */
#include <arpa/inet.h>
#include <string.h>

#include "srp_codec.h"

#define B(t)	SRP_TLV_BIT(SRP_TLV_##t)

/* Size of a TLV value and whether the encoder sets the must bit. */
struct srp_tlv_def {
	uint32_t	min_len;
	uint32_t	max_len;
	bool		must;
};

static const struct srp_tlv_def tlv_defs[SRP_TLV_MAX] = {
	[SRP_TLV_GENERATION]	 = { 4, 4, true },
	[SRP_TLV_CHASSIS_MODE]	 = { 1, 1, true },
	[SRP_TLV_PRIORITY]	 = { 1, 1, true },
	[SRP_TLV_STATE]		 = { 1, 1, true },
	[SRP_TLV_ROUTE_MODIFIER] = { 4, 4, true },
	[SRP_TLV_CONFIG_DIGEST]	 = { SRP_DIGEST_LEN, SRP_DIGEST_LEN, true },
	[SRP_TLV_SW_VERSION]	 = { 1, SRP_SW_VERSION_MAX, true },
	[SRP_TLV_NODE_ID]	 = { SRP_NODE_ID_LEN, SRP_NODE_ID_LEN, true },
	[SRP_TLV_HELLO_INTERVAL] = { 4, 4, true },
	[SRP_TLV_DEAD_INTERVAL]	 = { 4, 4, true },
	[SRP_TLV_COMP_CAPS]	 = { 1, 1, true },
	[SRP_TLV_DB_RECOVERY]	 = { 1, 1, true },
	[SRP_TLV_NONCE]		 = { SRP_NONCE_LEN, SRP_NONCE_LEN, true },
	[SRP_TLV_REASON]	 = { 2, 2, true },
	[SRP_TLV_FORCE]		 = { 1, 1, true },
	[SRP_TLV_TEXT]		 = { 0, SRP_TEXT_MAX, false },
	[SRP_TLV_VERSION_RANGE]	 = { 2, 2, false },
	[SRP_TLV_EPOCH]		 = { 4, 4, true },
	[SRP_TLV_COUNT]		 = { 4, 4, true },
	[SRP_TLV_COMP_ID]	 = { 1, 1, true },
	[SRP_TLV_UNCOMP_LEN]	 = { 4, 4, true },
	[SRP_TLV_PAYLOAD]	 = { 1, SRP_PAYLOAD_MAX, true },
	[SRP_TLV_CMD_ID]	 = { 1, 1, true },
	[SRP_TLV_AUTH_HMAC]	 = { SRP_HMAC_LEN, SRP_HMAC_LEN, true },
	/* Optional extension: old receivers skip it. */
	[SRP_TLV_MONITORS]	 = { 1, 1, false },
	[SRP_TLV_CAPS]		 = { 4, 4, false },
};

/* TLVs each message type must carry and may carry (spec section 4). */
struct srp_msg_def {
	const char	*name;
	uint32_t	required;
	uint32_t	optional;
};

#define HELLO_REQ (B(GENERATION) | B(CHASSIS_MODE) | B(PRIORITY) | B(STATE) | \
		   B(ROUTE_MODIFIER) | B(CONFIG_DIGEST) | B(SW_VERSION) | \
		   B(NODE_ID) | B(HELLO_INTERVAL) | B(DEAD_INTERVAL) | \
		   B(COMP_CAPS) | B(DB_RECOVERY))

static const struct srp_msg_def msg_defs[SRP_MSG_TYPE_MAX] = {
	[SRP_MSG_HELLO] = { "HELLO", HELLO_REQ, B(NONCE) | B(MONITORS) |
		B(CAPS) },
	[SRP_MSG_REFUSE] = { "REFUSE", B(REASON),
		B(GENERATION) | B(TEXT) | B(VERSION_RANGE) },
	[SRP_MSG_SWITCHOVER_REQUEST] = { "SWITCHOVER_REQUEST",
		B(GENERATION) | B(REASON) | B(FORCE), B(TEXT) },
	[SRP_MSG_SWITCHOVER_ACK] = { "SWITCHOVER_ACK",
		B(GENERATION) | B(REASON) | B(FORCE), B(TEXT) },
	[SRP_MSG_CONFIG] = { "CONFIG", B(CONFIG_DIGEST) | B(PAYLOAD),
		B(GENERATION) },
	[SRP_MSG_NONCE] = { "NONCE", B(NONCE), 0 },
	[SRP_MSG_CKPT_BEGIN] = { "CKPT_BEGIN", B(EPOCH) | B(COUNT),
		B(GENERATION) },
	[SRP_MSG_CKPT_CHUNK] = { "CKPT_CHUNK",
		B(EPOCH) | B(COMP_ID) | B(UNCOMP_LEN) | B(PAYLOAD),
		B(GENERATION) | B(COUNT) },
	[SRP_MSG_CKPT_END] = { "CKPT_END", B(EPOCH), B(GENERATION) },
	[SRP_MSG_SESS_DELTA] = { "SESS_DELTA", B(PAYLOAD),
		B(GENERATION) | B(COUNT) | B(COMP_ID) | B(UNCOMP_LEN) },
	[SRP_MSG_NACK] = { "NACK", B(REASON) | B(CMD_ID),
		B(GENERATION) | B(EPOCH) },
	[SRP_MSG_READY] = { "READY", 0, B(GENERATION) | B(EPOCH) },
	/* The audit payload is checked by srp_audit_decode(). */
	[SRP_MSG_AUDIT_QUERY] = { "AUDIT_QUERY", B(PAYLOAD), B(GENERATION) },
	[SRP_MSG_AUDIT_DIGESTS] = { "AUDIT_DIGESTS", B(PAYLOAD),
		B(GENERATION) },
	[SRP_MSG_AUDIT_FETCH] = { "AUDIT_FETCH", B(PAYLOAD), B(GENERATION) },
	[SRP_MSG_AUDIT_ITEMS] = { "AUDIT_ITEMS", B(PAYLOAD), B(GENERATION) },
};

static const struct {
	const char	*name;
	const char	*text;
} err_defs[SRP_CODEC_E_MAX] = {
	[SRP_CODEC_OK] = { "ok", "no error" },
	[SRP_CODEC_E_SHORT] = { "short", "message shorter than its header" },
	[SRP_CODEC_E_VERSION] = { "version", "unsupported protocol version" },
	[SRP_CODEC_E_LEN] = { "len",
		"header length below 16 or not the message size" },
	[SRP_CODEC_E_TOO_BIG] = { "too_big",
		"header length above the maximum message size" },
	[SRP_CODEC_E_TYPE] = { "type", "unknown message type" },
	[SRP_CODEC_E_FLAGS] = { "flags", "reserved header flag set" },
	[SRP_CODEC_E_TLV_TRUNC] = { "tlv_trunc", "TLV runs past the message" },
	[SRP_CODEC_E_TLV_UNKNOWN] = { "tlv_unknown",
		"TLV not understood and marked must-understand" },
	[SRP_CODEC_E_TLV_DUP] = { "tlv_dup", "TLV repeated" },
	[SRP_CODEC_E_TLV_LEN] = { "tlv_len", "TLV value has the wrong length" },
	[SRP_CODEC_E_TLV_MISSING] = { "tlv_missing", "required TLV missing" },
	[SRP_CODEC_E_VALUE] = { "value", "TLV value out of range" },
	[SRP_CODEC_E_AUTH_TLV] = { "auth_tlv",
		"HMAC trailer not last or not matching the auth flag" },
	[SRP_CODEC_E_NOSPACE] = { "nospace", "output buffer too small" },
	[SRP_CODEC_E_INVAL] = { "inval", "invalid argument" },
};

static const char *const refuse_names[SRP_REFUSE_MAX] = {
	[SRP_REFUSE_VERSION] = "version-mismatch",
	[SRP_REFUSE_AUTH] = "authentication-failure",
	[SRP_REFUSE_DUP_CONN] = "duplicate-connection",
	[SRP_REFUSE_CONFIG] = "configuration",
	[SRP_REFUSE_MODE] = "chassis-mode",
	[SRP_REFUSE_NODE_ID] = "duplicate-node-id",
	[SRP_REFUSE_PROTOCOL] = "protocol-error",
	[SRP_REFUSE_TOO_BIG] = "message-too-big",
	[SRP_REFUSE_SHUTDOWN] = "shutdown",
};

const char *
srp_codec_err_str(enum srp_codec_err err)
{
	if ((unsigned int)err >= SRP_CODEC_E_MAX)
		return "unknown error";
	return err_defs[err].text;
}

const char *
srp_codec_err_name(enum srp_codec_err err)
{
	if ((unsigned int)err >= SRP_CODEC_E_MAX)
		return "?";
	return err_defs[err].name;
}

const char *
srp_msg_type_name(uint8_t type)
{
	if (type >= SRP_MSG_TYPE_MAX || msg_defs[type].name == NULL)
		return "UNKNOWN";
	return msg_defs[type].name;
}

const char *
srp_refuse_reason_str(uint16_t reason)
{
	if (reason >= SRP_REFUSE_MAX || refuse_names[reason] == NULL)
		return "unknown";
	return refuse_names[reason];
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
srp_hdr_read(const uint8_t *buf, uint8_t *version, uint8_t *type,
	     uint16_t *flags, uint32_t *len, uint32_t *seq, uint32_t *ack)
{
	*version = buf[0];
	*type = buf[1];
	*flags = get16(buf + 2);
	*len = get32(buf + 4);
	*seq = get32(buf + 8);
	*ack = get32(buf + 12);
}

void
srp_msg_init(struct srp_msg *m, uint8_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
}

static bool
printable(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* CONFIG text: printable ASCII and line feeds only. */
static bool
config_text(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\n' && (s[i] < 0x20 || s[i] > 0x7e))
			return false;
	return true;
}

/* Range rules of the fields present in @m (shared by both directions). */
static enum srp_codec_err
msg_check(const struct srp_msg *m)
{
	const struct srp_hello *h = &m->hello;
	uint32_t p = m->present;
	size_t n;

	if (p & B(CHASSIS_MODE) && h->mode > SRP_WMODE_BACKUP)
		return SRP_CODEC_E_VALUE;
	if (p & B(PRIORITY) && h->priority == 0)
		return SRP_CODEC_E_VALUE;
	if (p & B(STATE) && h->state >= SRP_WSTATE_MAX)
		return SRP_CODEC_E_VALUE;
	if (p & B(COMP_CAPS) && (h->comp_caps & ~SRP_COMP_CAP_ALL) != 0)
		return SRP_CODEC_E_VALUE;
	if (p & B(DB_RECOVERY) && h->db_recovery >= SRP_WDBREC_MAX)
		return SRP_CODEC_E_VALUE;
	if (p & B(HELLO_INTERVAL) && h->hello_ms == 0)
		return SRP_CODEC_E_VALUE;
	/* The dead interval is at least three hello intervals (config rule). */
	if (p & B(DEAD_INTERVAL) && p & B(HELLO_INTERVAL) &&
	    (uint64_t)h->dead_ms < 3 * (uint64_t)h->hello_ms)
		return SRP_CODEC_E_VALUE;
	if (p & B(SW_VERSION)) {
		n = strnlen(h->sw_version, sizeof(h->sw_version));
		if (n == 0 || n > SRP_SW_VERSION_MAX ||
		    !printable(h->sw_version, n))
			return SRP_CODEC_E_VALUE;
	}
	if (p & B(TEXT)) {
		n = strnlen(m->text, sizeof(m->text));
		if (n > SRP_TEXT_MAX || !printable(m->text, n))
			return SRP_CODEC_E_VALUE;
	}
	/* CONFIG: configuration text, printable ASCII lines (spec 4.5). */
	if (m->type == SRP_MSG_CONFIG && p & B(PAYLOAD)) {
		if (m->payload_len > SRP_CONFIG_TEXT_MAX)
			return SRP_CODEC_E_TLV_LEN;
		if (!config_text(m->payload, m->payload_len))
			return SRP_CODEC_E_VALUE;
	}
	if (p & B(REASON)) {
		switch (m->type) {
		case SRP_MSG_REFUSE:
			if (m->reason == 0 || m->reason >= SRP_REFUSE_MAX)
				return SRP_CODEC_E_VALUE;
			break;
		case SRP_MSG_SWITCHOVER_REQUEST:
			if (m->reason == 0 || m->reason >= SRP_SWCAUSE_MAX)
				return SRP_CODEC_E_VALUE;
			break;
		case SRP_MSG_SWITCHOVER_ACK:
			if (m->reason >= SRP_SWRES_MAX)
				return SRP_CODEC_E_VALUE;
			break;
		case SRP_MSG_NACK:
			if (m->reason == 0 || m->reason >= SRP_NACK_MAX)
				return SRP_CODEC_E_VALUE;
			break;
		default:
			return SRP_CODEC_E_VALUE;
		}
	}
	if (p & B(FORCE) && m->force > 1)
		return SRP_CODEC_E_VALUE;
	if (p & B(VERSION_RANGE) && (m->ver_lo == 0 || m->ver_lo > m->ver_hi))
		return SRP_CODEC_E_VALUE;
	if (p & B(CMD_ID) && m->cmd_id == 0)
		return SRP_CODEC_E_VALUE;
	if (p & B(COMP_ID) && m->comp_id >= SRP_WCOMP_MAX)
		return SRP_CODEC_E_VALUE;
	if (p & B(UNCOMP_LEN) && (m->uncomp_len == 0 ||
				  m->uncomp_len > SRP_UNCOMP_MAX))
		return SRP_CODEC_E_VALUE;
	/* An uncompressed chunk is its own uncompressed form. */
	if (p & B(COMP_ID) && p & B(UNCOMP_LEN) && p & B(PAYLOAD) &&
	    m->comp_id == SRP_WCOMP_NONE && m->uncomp_len != m->payload_len)
		return SRP_CODEC_E_VALUE;
	return SRP_CODEC_OK;
}

/* Writer over a bounded buffer; overflow is remembered, not written. */
struct wr {
	uint8_t		*buf;
	size_t		cap;
	size_t		off;
	bool		full;
};

static uint8_t *
wr_tlv(struct wr *w, unsigned int type, uint32_t len)
{
	uint8_t *p;

	if (w->full || w->cap - w->off < SRP_TLV_HDR_LEN ||
	    w->cap - w->off - SRP_TLV_HDR_LEN < len) {
		w->full = true;
		return NULL;
	}
	p = w->buf + w->off;
	put32(p, type | (tlv_defs[type].must ? SRP_TLV_MUST : 0));
	put32(p + 4, len);
	w->off += SRP_TLV_HDR_LEN + len;
	return p + SRP_TLV_HDR_LEN;
}

static void
wr_u8(struct wr *w, unsigned int type, uint8_t v)
{
	uint8_t *p = wr_tlv(w, type, 1);

	if (p != NULL)
		p[0] = v;
}

static void
wr_u16(struct wr *w, unsigned int type, uint16_t v)
{
	uint8_t *p = wr_tlv(w, type, 2);

	if (p != NULL)
		put16(p, v);
}

static void
wr_u32(struct wr *w, unsigned int type, uint32_t v)
{
	uint8_t *p = wr_tlv(w, type, 4);

	if (p != NULL)
		put32(p, v);
}

static void
wr_bytes(struct wr *w, unsigned int type, const void *v, size_t len)
{
	uint8_t *p = wr_tlv(w, type, (uint32_t)len);

	if (p != NULL && len > 0)
		memcpy(p, v, len);
}

enum srp_codec_err
srp_msg_encode(const struct srp_msg *m, uint8_t *buf, size_t cap,
	       size_t *out_len)
{
	const struct srp_msg_def *def;
	const struct srp_hello *h;
	enum srp_codec_err err;
	struct srp_msg tmp;
	struct wr w;
	uint32_t want;
	unsigned int t;

	if (m == NULL || buf == NULL || out_len == NULL)
		return SRP_CODEC_E_INVAL;
	if (m->type >= SRP_MSG_TYPE_MAX || msg_defs[m->type].name == NULL)
		return SRP_CODEC_E_TYPE;
	if (m->flags != 0)
		return SRP_CODEC_E_FLAGS;
	def = &msg_defs[m->type];
	if ((m->present & ~(def->required | def->optional)) != 0)
		return SRP_CODEC_E_TLV_UNKNOWN;
	want = def->required | m->present;
	if (want & B(PAYLOAD) &&
	    (m->payload == NULL || m->payload_len == 0 ||
	     m->payload_len > SRP_PAYLOAD_MAX))
		return m->payload_len > SRP_PAYLOAD_MAX ?
			SRP_CODEC_E_TOO_BIG : SRP_CODEC_E_VALUE;
	/* Check what will be written: required bits count as present. */
	tmp = *m;
	tmp.present = want;
	err = msg_check(&tmp);
	if (err != SRP_CODEC_OK)
		return err;

	w = (struct wr){ .buf = buf, .cap = cap, .off = SRP_HDR_LEN };
	if (cap < SRP_HDR_LEN)
		return SRP_CODEC_E_NOSPACE;
	h = &m->hello;
	for (t = 1; t < SRP_TLV_MAX; t++) {
		if (!(want & SRP_TLV_BIT(t)))
			continue;
		switch (t) {
		case SRP_TLV_GENERATION:
			wr_u32(&w, t, m->generation);
			break;
		case SRP_TLV_CHASSIS_MODE:
			wr_u8(&w, t, h->mode);
			break;
		case SRP_TLV_PRIORITY:
			wr_u8(&w, t, h->priority);
			break;
		case SRP_TLV_STATE:
			wr_u8(&w, t, h->state);
			break;
		case SRP_TLV_ROUTE_MODIFIER:
			wr_u32(&w, t, h->route_modifier);
			break;
		case SRP_TLV_CONFIG_DIGEST:
			wr_bytes(&w, t, h->config_digest, SRP_DIGEST_LEN);
			break;
		case SRP_TLV_SW_VERSION:
			wr_bytes(&w, t, h->sw_version,
				 strnlen(h->sw_version, SRP_SW_VERSION_MAX));
			break;
		case SRP_TLV_NODE_ID:
			wr_bytes(&w, t, h->node_id, SRP_NODE_ID_LEN);
			break;
		case SRP_TLV_HELLO_INTERVAL:
			wr_u32(&w, t, h->hello_ms);
			break;
		case SRP_TLV_DEAD_INTERVAL:
			wr_u32(&w, t, h->dead_ms);
			break;
		case SRP_TLV_COMP_CAPS:
			wr_u8(&w, t, h->comp_caps);
			break;
		case SRP_TLV_DB_RECOVERY:
			wr_u8(&w, t, h->db_recovery);
			break;
		case SRP_TLV_NONCE:
			wr_bytes(&w, t, h->nonce, SRP_NONCE_LEN);
			break;
		case SRP_TLV_REASON:
			wr_u16(&w, t, m->reason);
			break;
		case SRP_TLV_FORCE:
			wr_u8(&w, t, m->force);
			break;
		case SRP_TLV_TEXT:
			wr_bytes(&w, t, m->text,
				 strnlen(m->text, SRP_TEXT_MAX));
			break;
		case SRP_TLV_VERSION_RANGE: {
			uint8_t v[2] = { m->ver_lo, m->ver_hi };

			wr_bytes(&w, t, v, 2);
			break;
		}
		case SRP_TLV_EPOCH:
			wr_u32(&w, t, m->epoch);
			break;
		case SRP_TLV_COUNT:
			wr_u32(&w, t, m->count);
			break;
		case SRP_TLV_COMP_ID:
			wr_u8(&w, t, m->comp_id);
			break;
		case SRP_TLV_UNCOMP_LEN:
			wr_u32(&w, t, m->uncomp_len);
			break;
		case SRP_TLV_PAYLOAD:
			wr_bytes(&w, t, m->payload, m->payload_len);
			break;
		case SRP_TLV_CMD_ID:
			wr_u8(&w, t, m->cmd_id);
			break;
		case SRP_TLV_MONITORS:
			wr_u8(&w, t, h->monitors);
			break;
		case SRP_TLV_CAPS:
			wr_u32(&w, t, h->caps);
			break;
		default:
			/* AUTH_HMAC is never in a msg_defs mask. */
			return SRP_CODEC_E_INVAL;
		}
	}
	if (w.full)
		return SRP_CODEC_E_NOSPACE;
	if (w.off > SRP_MSG_MAX)
		return SRP_CODEC_E_TOO_BIG;
	buf[0] = SRP_PROTO_VERSION;
	buf[1] = m->type;
	put16(buf + 2, 0);
	put32(buf + 4, (uint32_t)w.off);
	put32(buf + 8, m->seq);
	put32(buf + 12, m->ack);
	*out_len = w.off;
	return SRP_CODEC_OK;
}

/* Store one known TLV value (its length already checked) into @m. */
static void
tlv_store(struct srp_msg *m, unsigned int t, const uint8_t *v, uint32_t len)
{
	struct srp_hello *h = &m->hello;

	switch (t) {
	case SRP_TLV_GENERATION:
		m->generation = get32(v);
		break;
	case SRP_TLV_CHASSIS_MODE:
		h->mode = v[0];
		break;
	case SRP_TLV_PRIORITY:
		h->priority = v[0];
		break;
	case SRP_TLV_STATE:
		h->state = v[0];
		break;
	case SRP_TLV_ROUTE_MODIFIER:
		h->route_modifier = get32(v);
		break;
	case SRP_TLV_CONFIG_DIGEST:
		memcpy(h->config_digest, v, SRP_DIGEST_LEN);
		break;
	case SRP_TLV_SW_VERSION:
		memcpy(h->sw_version, v, len);
		h->sw_version[len] = '\0';
		break;
	case SRP_TLV_NODE_ID:
		memcpy(h->node_id, v, SRP_NODE_ID_LEN);
		break;
	case SRP_TLV_HELLO_INTERVAL:
		h->hello_ms = get32(v);
		break;
	case SRP_TLV_DEAD_INTERVAL:
		h->dead_ms = get32(v);
		break;
	case SRP_TLV_COMP_CAPS:
		h->comp_caps = v[0];
		break;
	case SRP_TLV_DB_RECOVERY:
		h->db_recovery = v[0];
		break;
	case SRP_TLV_NONCE:
		memcpy(h->nonce, v, SRP_NONCE_LEN);
		break;
	case SRP_TLV_REASON:
		m->reason = get16(v);
		break;
	case SRP_TLV_FORCE:
		m->force = v[0];
		break;
	case SRP_TLV_TEXT:
		if (len > 0)
			memcpy(m->text, v, len);
		m->text[len] = '\0';
		break;
	case SRP_TLV_VERSION_RANGE:
		m->ver_lo = v[0];
		m->ver_hi = v[1];
		break;
	case SRP_TLV_EPOCH:
		m->epoch = get32(v);
		break;
	case SRP_TLV_COUNT:
		m->count = get32(v);
		break;
	case SRP_TLV_COMP_ID:
		m->comp_id = v[0];
		break;
	case SRP_TLV_UNCOMP_LEN:
		m->uncomp_len = get32(v);
		break;
	case SRP_TLV_PAYLOAD:
		m->payload = v;
		m->payload_len = len;
		break;
	case SRP_TLV_CMD_ID:
		m->cmd_id = v[0];
		break;
	case SRP_TLV_MONITORS:
		/* Kept as sent (bits unknown here included): readers mask. */
		h->monitors = v[0];
		break;
	case SRP_TLV_CAPS:
		/* As sent, like MONITORS: readers mask. */
		h->caps = get32(v);
		break;
	default:
		/* AUTH_HMAC: verified by srp_auth on the raw bytes. */
		break;
	}
}

/* Decode into @m, which the caller zeroed; header fields are set first. */
static enum srp_codec_err
decode(const uint8_t *buf, size_t len, struct srp_msg *m)
{
	const struct srp_msg_def *def;
	uint32_t off, tlen, raw, allowed;
	uint8_t version;
	unsigned int t;
	bool sticky_auth = false;

	if (len < SRP_HDR_LEN)
		return SRP_CODEC_E_SHORT;
	srp_hdr_read(buf, &version, &m->type, &m->flags, &m->len, &m->seq,
		     &m->ack);
	if (version != SRP_PROTO_VERSION)
		return SRP_CODEC_E_VERSION;
	if (m->len > SRP_MSG_MAX)
		return SRP_CODEC_E_TOO_BIG;
	if (m->len < SRP_HDR_LEN || m->len != len)
		return SRP_CODEC_E_LEN;
	if (m->type >= SRP_MSG_TYPE_MAX || msg_defs[m->type].name == NULL)
		return SRP_CODEC_E_TYPE;
	if ((m->flags & ~SRP_F_KNOWN) != 0)
		return SRP_CODEC_E_FLAGS;
	/* BOUND describes the HMAC, so it needs one. */
	if ((m->flags & SRP_F_BOUND) && !(m->flags & SRP_F_AUTH))
		return SRP_CODEC_E_FLAGS;
	def = &msg_defs[m->type];
	allowed = def->required | def->optional;

	for (off = SRP_HDR_LEN; off < m->len; off += tlen) {
		/* Nothing may follow the trailer. */
		if (sticky_auth)
			return SRP_CODEC_E_AUTH_TLV;
		if (m->len - off < SRP_TLV_HDR_LEN)
			return SRP_CODEC_E_TLV_TRUNC;
		raw = get32(buf + off);
		tlen = get32(buf + off + 4);
		off += SRP_TLV_HDR_LEN;
		if (tlen > m->len - off)
			return SRP_CODEC_E_TLV_TRUNC;
		t = raw & SRP_TLV_TYPE_MASK;
		if (t == SRP_TLV_AUTH_HMAC) {
			if (!(m->flags & SRP_F_AUTH))
				return SRP_CODEC_E_AUTH_TLV;
			if (tlen != SRP_HMAC_LEN)
				return SRP_CODEC_E_TLV_LEN;
			sticky_auth = true;
			m->present |= B(AUTH_HMAC);
			continue;
		}
		/*
		 * Unknown, or known but not registered for this message
		 * type: skip it unless the sender says it must be understood.
		 */
		if (t == 0 || t >= SRP_TLV_MAX || !(allowed & SRP_TLV_BIT(t))) {
			if (raw & SRP_TLV_MUST)
				return SRP_CODEC_E_TLV_UNKNOWN;
			continue;
		}
		if (m->present & SRP_TLV_BIT(t))
			return SRP_CODEC_E_TLV_DUP;
		if (tlen < tlv_defs[t].min_len || tlen > tlv_defs[t].max_len)
			return SRP_CODEC_E_TLV_LEN;
		/* Strings are printable ASCII: no NUL may hide a tail. */
		if ((t == SRP_TLV_SW_VERSION || t == SRP_TLV_TEXT) &&
		    !printable((const char *)buf + off, tlen))
			return SRP_CODEC_E_VALUE;
		m->present |= SRP_TLV_BIT(t);
		tlv_store(m, t, buf + off, tlen);
	}
	if ((m->flags & SRP_F_AUTH) && !sticky_auth)
		return SRP_CODEC_E_AUTH_TLV;
	if ((m->present & def->required) != def->required)
		return SRP_CODEC_E_TLV_MISSING;
	return msg_check(m);
}

enum srp_codec_err
srp_msg_decode(const uint8_t *buf, size_t len, struct srp_msg *m)
{
	enum srp_codec_err err;
	struct srp_msg hdr;

	memset(m, 0, sizeof(*m));
	if (buf == NULL)
		return SRP_CODEC_E_SHORT;
	err = decode(buf, len, m);
	if (err != SRP_CODEC_OK) {
		/* Keep only the header fields on failure. */
		srp_msg_init(&hdr, m->type);
		hdr.flags = m->flags;
		hdr.len = m->len;
		hdr.seq = m->seq;
		hdr.ack = m->ack;
		*m = hdr;
	}
	return err;
}
