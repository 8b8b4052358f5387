/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger_fields.h - the fields of a record (ABI v2): a writer's own facts
 * about an event, such as the logger or thread it came from, as key=value
 * pairs.  Encoded as the writer gave them, struct logger_field then key
 * then value, back to back; checked once, when they are written, and walked
 * by the text format.  Pure functions: they build in user space for the
 * unit tests too.
 */
#ifndef _LOGGER_FIELDS_H
#define _LOGGER_FIELDS_H

#include <linux/string.h>
#include <linux/types.h>

#include <uapi/linux/logger.h>

/**
 * struct logger_field_ref - one field of a record, in place.
 * @key: @key_len bytes of [A-Za-z0-9_.-], not starting with '_'.
 * @value: @value_len bytes of anything.
 * @key_len: 1..LOGGER_FIELD_KEY_MAX.
 * @value_len: bytes of @value.
 */
struct logger_field_ref {
	const char *key;
	const char *value;
	u16 key_len;
	u16 value_len;
};

int logger_fields_check(const char *fields, u32 len);

/**
 * logger_fields_next() - step to the next field of fields already checked.
 * @pos: where the next field starts; moved past it.
 * @end: the end of the fields.
 * @f: the field found.
 *
 * Context: Any.
 * Return: false when there is none.
 */
static inline bool logger_fields_next(const char **pos, const char *end,
				      struct logger_field_ref *f)
{
	struct logger_field hdr;

	if (*pos >= end)
		return false;
	/* Fields follow each other unaligned. */
	memcpy(&hdr, *pos, sizeof(hdr));
	f->key_len = hdr.key_len;
	f->value_len = hdr.value_len;
	f->key = *pos + sizeof(hdr);
	f->value = f->key + hdr.key_len;
	*pos = f->value + hdr.value_len;
	return true;
}

#endif /* _LOGGER_FIELDS_H */
