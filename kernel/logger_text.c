// SPDX-License-Identifier: GPL-2.0
/*
 * logger_text.c - formatting records as text lines; see logger_text.h.
 *
 * The line length must be known before a record is copied out, so that a
 * read returns only whole lines: the writer computes the escaped length of
 * the message once, outside any lock, and logger_text_line_len() adds the
 * prefix by counting digits rather than formatting it.
 */

#include <linux/kernel.h>
#include <linux/math64.h>

#include "logger_text.h"

static inline bool needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

static unsigned int digits_u64(u64 v)
{
	unsigned int n = 1;

	while (v >= 10) {
		v = div_u64(v, 10);
		n++;
	}
	return n;
}

static unsigned int digits_s32(s32 v)
{
	return v < 0 ? 1 + digits_u64(-(s64)v) : digits_u64(v);
}

/**
 * logger_text_escaped_len() - bytes a message takes once escaped.
 * @msg: the message.
 * @len: its length.
 *
 * Context: Any.
 * Return: the escaped length; at most LOGGER_TEXT_ESCAPE_MAX * @len.
 */
u32 logger_text_escaped_len(const char *msg, u32 len)
{
	u32 out = len;
	u32 i;

	for (i = 0; i < len; i++)
		if (needs_escape(msg[i]))
			out += LOGGER_TEXT_ESCAPE_MAX - 1;
	return out;
}

/**
 * logger_text_line_len() - bytes a record takes as a text line.
 * @e: the record's header.
 * @escaped_len: logger_text_escaped_len() of its payload.
 *
 * Context: Any.
 * Return: prefix + escaped message + newline, in bytes.
 */
size_t logger_text_line_len(const struct logger_entry *e, u32 escaped_len)
{
	/* "<l>" and the six separators ",,,,,;" */
	size_t len = 3 + 6;

	len += digits_u64(e->seq) + digits_u64(div_u64(e->ts_ns, 1000));
	len += digits_s32(e->pid) + digits_s32(e->tid) + digits_u64(e->uid);
	return len + escaped_len + 1;
}

/**
 * logger_text_prefix() - format the part of the line before the message.
 * @buf: at least LOGGER_TEXT_PREFIX_MAX + 1 bytes.
 * @e: the record's header.
 *
 * Context: Any.
 * Return: the prefix length, without the terminating NUL.
 */
size_t logger_text_prefix(char *buf, const struct logger_entry *e)
{
	return scnprintf(buf, LOGGER_TEXT_PREFIX_MAX + 1, "<%u>,%llu,%llu,%d,%d,%u;",
			 e->level, (unsigned long long)e->seq,
			 (unsigned long long)div_u64(e->ts_ns, 1000),
			 e->pid, e->tid, e->uid);
}

/**
 * logger_text_escape() - escape as much of a message as fits.
 * @dst: the output.
 * @dst_size: bytes at @dst; at least LOGGER_TEXT_ESCAPE_MAX.
 * @msg: the message.
 * @len: its length.
 * @consumed: set to the number of message bytes escaped, always whole.
 *
 * Context: Any.
 * Return: the bytes written to @dst.
 */
size_t logger_text_escape(char *dst, size_t dst_size, const char *msg,
			  u32 len, u32 *consumed)
{
	static const char hex[] = "0123456789abcdef";
	size_t out = 0;
	u32 i;

	for (i = 0; i < len; i++) {
		unsigned char c = msg[i];

		if (!needs_escape(c)) {
			if (out + 1 > dst_size)
				break;
			dst[out++] = c;
			continue;
		}
		if (out + LOGGER_TEXT_ESCAPE_MAX > dst_size)
			break;
		dst[out++] = '\\';
		dst[out++] = 'x';
		dst[out++] = hex[c >> 4];
		dst[out++] = hex[c & 0xf];
	}
	*consumed = i;
	return out;
}
