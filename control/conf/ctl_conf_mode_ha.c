/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, ha-service mode: the mobility security
 * associations (mn-ha-spi, fa-ha-spi) and bind address of an ha-service.
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

#define CTL_HA_SPI_MIN		256	/* 0..255 reserved (RFC 5944 3.5.1) */

/* "spi-number N encrypted secret HEX" at token @i. */
static int
ctl_ha_spi_secret(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int i, const char *what, uint32_t *spi,
		  char *secret, size_t cap)
{
	static const char *const kw_spi[] = { "spi-number", NULL };
	static const char *const kw_enc[] = { "encrypted", NULL };
	static const char *const kw_sec[] = { "secret", NULL };
	const char *s;
	size_t len, k;

	if (ctl_arg_kw(p, ln, i, what, kw_spi) < 0 ||
	    ctl_arg_u32(p, ln, i + 1, what, CTL_HA_SPI_MIN, UINT32_MAX,
			spi) < 0 ||
	    ctl_arg_kw(p, ln, i + 2, what, kw_enc) < 0 ||
	    ctl_arg_kw(p, ln, i + 3, what, kw_sec) < 0 ||
	    ctl_arg_need(p, ln, i + 4, what, "a hex secret") < 0)
		return -EINVAL;
	s = ln->tok[i + 4].s;
	len = strlen(s);
	if (len < 2 || len >= cap || len % 2 != 0 ||
	    strspn(s, "0123456789abcdefABCDEF") != len)
		return ctl_perr(p, "%s: expected an even number (2..%zu) of "
				"hex digits as secret, got '%.40s'", what,
				cap - 1, s);
	for (k = 0; k < len; k++)
		secret[k] = (char)(s[k] >= 'A' && s[k] <= 'F' ?
				   s[k] - 'A' + 'a' : s[k]);
	secret[len] = '\0';
	return 0;
}

static int
ctl_cmd_ha_mn(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw_hash[] = { "hash-algorithm", NULL };
	static const char *const kw_alg[] = { "md5", "hmac-md5", NULL };
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct ctl_ha_mn_spi m;
	unsigned int k;
	int alg;

	(void)form;
	memset(&m, 0, sizeof(m));
	if (ctl_ha_spi_secret(p, ln, at + 1, "mn-ha-spi", &m.spi, m.secret,
			      sizeof(m.secret)) < 0 ||
	    ctl_arg_kw(p, ln, at + 6, "mn-ha-spi", kw_hash) < 0)
		return -EINVAL;
	alg = ctl_arg_kw(p, ln, at + 7, "mn-ha-spi hash-algorithm", kw_alg);
	if (alg < 0 || ctl_arg_end(p, ln, at + 8, "mn-ha-spi") < 0)
		return -EINVAL;
	m.hash = alg == 0 ? CTL_HA_HASH_MD5 : CTL_HA_HASH_HMAC_MD5;
	for (k = 0; k < ha->n_mn_spi; k++)
		if (ha->mn_spi[k].spi == m.spi)
			return ctl_perr(p, "mn-ha-spi: spi-number %u is already "
					"configured", m.spi);
	if (ha->n_mn_spi >= CTL_MAX_HA_SPI)
		return ctl_perr(p, "mn-ha-spi: too many entries (max %u)",
				CTL_MAX_HA_SPI);
	ha->mn_spi[ha->n_mn_spi++] = m;
	return 0;
}

static int
ctl_cmd_ha_fa(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw_ra[] = { "remote-address", NULL };
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct ctl_ha_fa_spi f;
	unsigned int i, k;
	bool mask_form;

	(void)form;
	memset(&f, 0, sizeof(f));
	if (ctl_arg_kw(p, ln, at + 1, "fa-ha-spi", kw_ra) < 0 ||
	    ctl_arg_prefix(p, ln, at + 2, "fa-ha-spi remote-address",
			   AF_UNSPEC, false, false, 0, &f.remote, &mask_form,
			   &i) < 0 ||
	    ctl_need_network(p, "fa-ha-spi remote-address", &f.remote) < 0 ||
	    ctl_ha_spi_secret(p, ln, i, "fa-ha-spi", &f.spi, f.secret,
			      sizeof(f.secret)) < 0 ||
	    ctl_arg_end(p, ln, i + 5, "fa-ha-spi") < 0)
		return -EINVAL;
	for (k = 0; k < ha->n_fa_spi; k++)
		if (ha->fa_spi[k].spi == f.spi &&
		    ha->fa_spi[k].remote.plen == f.remote.plen &&
		    srp_addr_equal(&ha->fa_spi[k].remote.addr,
				   &f.remote.addr))
			return ctl_perr(p, "fa-ha-spi: this remote-address and "
					"spi-number are already configured");
	if (ha->n_fa_spi >= CTL_MAX_HA_SPI)
		return ctl_perr(p, "fa-ha-spi: too many entries (max %u)",
				CTL_MAX_HA_SPI);
	ha->fa_spi[ha->n_fa_spi++] = f;
	return 0;
}

static int
ctl_cmd_ha_bind(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	struct ctl_ha_service *ha = &ctl_cur_ctx(p)->ha[p->ha];
	struct srp_addr a;

	(void)form;
	if (ctl_arg_addr(p, ln, at + 2, "bind address", AF_UNSPEC, &a) < 0 ||
	    ctl_arg_end(p, ln, at + 3, "bind address") < 0)
		return -EINVAL;
	ha->bind_set = true;
	ha->bind_addr = a;
	return 0;
}

static const struct ctl_cmd ctl_ha_cmds[] = {
	{ CTL_MODE_HA, "mn-ha-spi", NULL, CTL_F_SET, ctl_cmd_ha_mn,
	  "mn-ha-spi spi-number 256..4294967295 encrypted secret HEX "
	  "hash-algorithm md5|hmac-md5" },
	{ CTL_MODE_HA, "fa-ha-spi", NULL, CTL_F_SET, ctl_cmd_ha_fa,
	  "fa-ha-spi remote-address ADDRESS/LENGTH spi-number "
	  "256..4294967295 encrypted secret HEX" },
	{ CTL_MODE_HA, "bind", "address", CTL_F_SET, ctl_cmd_ha_bind,
	  "bind address ADDRESS" },
};

const struct ctl_cmd_table ctl_ha_table =
	CTL_CMD_TABLE(ctl_ha_cmds);
