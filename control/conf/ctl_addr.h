/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Parse and format helpers for the configuration: IPv4/IPv6 addresses,
 * prefixes (A/L), dotted masks, MAC addresses. Pure code. Context: any.
 */
#ifndef CTL_ADDR_H
#define CTL_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_conf.h"

/* Big enough for any formatted address, prefix ("A/128") or MAC. */
#define CTL_ADDR_STR_LEN	64

struct ctl_prefix;

/**
 * Parse an IPv4 (dotted quad, no leading zeros) or IPv6 address.
 * Context: any.
 * @param s text, e.g. "192.0.2.1" or "2001:db8::1"
 * @param addr result (untouched on error)
 * @return 0, or -EINVAL when @s is not an address
 */
int ctl_addr_parse(const char *s, struct srp_addr *addr);

/**
 * Parse "A/L": an IPv4 address with L in 0..32 or an IPv6 address with L in
 * 0..128. Host bits are not checked (see ctl_prefix_is_network()).
 * Context: any.
 * @return 0, or -EINVAL
 */
int ctl_prefix_parse(const char *s, struct ctl_prefix *pfx);

/**
 * Parse a dotted IPv4 netmask into a prefix length. The mask must be
 * contiguous (ones then zeros).
 * Context: any.
 * @return 0, or -EINVAL for text that is not a mask or a mask with holes
 */
int ctl_mask_parse(const char *s, uint8_t *plen);

/**
 * IPv4 netmask of @plen (0..32) in network byte order.
 * Context: any.
 */
uint32_t ctl_mask_be(uint8_t plen);

/**
 * Whether every bit after the prefix length is zero (a network address).
 * Context: any.
 */
bool ctl_prefix_is_network(const struct ctl_prefix *pfx);

/**
 * Whether two prefixes of one family share at least one address.
 * Context: any.
 */
bool ctl_prefix_overlap(const struct ctl_prefix *a, const struct ctl_prefix *b);

/**
 * Parse a MAC address written aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff
 * (two hex digits per octet, either case, one separator kind).
 * Context: any.
 * @return 0, or -EINVAL
 */
int ctl_mac_parse(const char *s, uint8_t mac[6]);

/**
 * Format an address ("192.0.2.1", "2001:db8::1"; "-" when unset).
 * Context: any.
 * @return @buf
 */
const char *ctl_addr_fmt(const struct srp_addr *addr, char *buf, size_t len);

/**
 * Format a prefix as "A/L".
 * Context: any.
 * @return @buf
 */
const char *ctl_prefix_fmt(const struct ctl_prefix *pfx, char *buf,
			   size_t len);

/**
 * Format the dotted IPv4 netmask of @plen.
 * Context: any.
 * @return @buf
 */
const char *ctl_mask_fmt(uint8_t plen, char *buf, size_t len);

/**
 * Format a MAC address as lower-case aa:bb:cc:dd:ee:ff.
 * Context: any.
 * @return @buf
 */
const char *ctl_mac_fmt(const uint8_t mac[6], char *buf, size_t len);

/**
 * Maximum prefix length of the address family (32, 128; 0 when unset).
 * Context: any.
 */
uint8_t ctl_addr_max_plen(const struct srp_addr *addr);

#endif /* CTL_ADDR_H */
