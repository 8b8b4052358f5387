// SPDX-License-Identifier: GPL-2.0
/*
 * logger_fields.c - checking the fields a writer gives; see logger_fields.h.
 *
 * Keys are the names readers filter on (logger-reader TAG=..., journalctl
 * style), so they are kept to a small, unambiguous alphabet; names that
 * start with '_' are kept for what the kernel stamps, as journald keeps
 * them.  Values are the writer's word, any bytes.
 */

#include <linux/errno.h>

#include "logger_fields.h"

static bool key_byte_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static bool key_ok(const char *key, u16 len)
{
	u16 i;

	if (len < 1 || len > LOGGER_FIELD_KEY_MAX || key[0] == '_')
		return false;
	for (i = 0; i < len; i++)
		if (!key_byte_ok(key[i]))
			return false;
	return true;
}

/**
 * logger_fields_check() - whether @len bytes are well-formed fields.
 * @fields: the fields, as a writer gave them.
 * @len: their length: they must fill it exactly.
 *
 * Context: Any.
 * Return: 0, or -EINVAL for a field past the end, a bad key, or bytes
 * left over that make no whole field.
 */
int logger_fields_check(const char *fields, u32 len)
{
	struct logger_field hdr;
	u32 off = 0;

	while (off < len) {
		if (len - off < sizeof(hdr))
			return -EINVAL;
		memcpy(&hdr, fields + off, sizeof(hdr));
		off += sizeof(hdr);
		if ((u32)hdr.key_len + hdr.value_len > len - off ||
		    !key_ok(fields + off, hdr.key_len))
			return -EINVAL;
		off += hdr.key_len + hdr.value_len;
	}
	return 0;
}
