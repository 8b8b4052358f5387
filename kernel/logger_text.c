// SPDX-License-Identifier: GPL-2.0
/*
 * logger_text.c - formatting records as text lines; see logger_text.h.
 *
 * The line length must be known before a record is copied out, so that a
 * read returns only whole lines: the first text reader of a record computes
 * the escaped length of its message once, and logger_text_line_len() adds
 * the prefix by counting digits rather than formatting it.
 *
 * What is escaped: the text is read on terminals, so nothing a writer puts
 * in a record may drive the terminal of whoever reads it.  Control bytes
 * (C0 and DEL), the C1 controls U+0080..U+009F (CSI among them), the
 * bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069, which reorder what a terminal shows after them, as in
 * "Trojan Source", CVE-2021-42574) and every byte that is not part of a
 * valid UTF-8 sequence (overlong forms, surrogates and code points past
 * U+10FFFF included) are written as "\xNN", byte by byte; '\' too, so
 * that the escaping can be undone.  Valid UTF-8 text stays as it is,
 * readable.
 */

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/string.h>

#include "logger_fields.h"
#include "logger_text.h"

/* Code points that reorder the text around them on a terminal. */
static bool is_bidi_control(u32 cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * How many bytes at @s (of @len) form one character to copy as it is: a
 * printable ASCII byte, or a whole valid UTF-8 sequence that is neither a
 * C1 control nor a bidirectional control.  0: the byte at @s is to be
 * escaped.
 */
static u32 plain_len(const unsigned char *s, u32 len)
{
	unsigned char c = s[0];
	u32 n, i, cp;

	if (c < 0x80)
		return c < 0x20 || c == 0x7f || c == '\\' ? 0 : 1;
	/* 0x80..0xc1 never start a sequence: continuations and overlongs. */
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp))
		return 0;
	return n;
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
	const unsigned char *s = (const unsigned char *)msg;
	u32 out = 0, i = 0, n;

	while (i < len) {
		n = plain_len(s + i, len - i);
		if (n) {
			out += n;
			i += n;
		} else {
			out += LOGGER_TEXT_ESCAPE_MAX;
			i++;
		}
	}
	return out;
}

/**
 * logger_text_body_len() - bytes a record takes in the text format after
 *	its prefix, but for the newline that ends its first line.
 * @payload: the record's payload: fields, then message.
 * @fields_len: bytes of fields, already checked.
 * @len: bytes of payload.
 *
 * That is the escaped message, then " key=value\n" per field, the value
 * escaped like the message.
 *
 * Context: Any.
 * Return: the length.
 */
u32 logger_text_body_len(const char *payload, u32 fields_len, u32 len)
{
	const char *pos = payload, *end = payload + fields_len;
	struct logger_field_ref f;
	u32 out;

	out = logger_text_escaped_len(payload + fields_len, len - fields_len);
	while (logger_fields_next(&pos, end, &f))
		out += 1 + f.key_len + 1 +
		       logger_text_escaped_len(f.value, f.value_len) + 1;
	return out;
}

/**
 * logger_text_line_len() - bytes a record takes in the text format.
 * @e: the record's header.
 * @body_len: logger_text_body_len() of its payload.
 *
 * Context: Any.
 * Return: prefix + body + newline, in bytes.
 */
size_t logger_text_line_len(const struct logger_entry_v2 *e, u32 body_len)
{
	/* "<l>" and the six separators ",,,,,;" */
	size_t len = 3 + 6;

	len += digits_u64(e->seq) + digits_u64(div_u64(e->ts_ns, 1000));
	len += digits_s32(e->pid) + digits_s32(e->tid) + digits_u64(e->uid);
	return len + body_len + 1;
}

/**
 * logger_text_prefix() - format the part of the line before the message.
 * @buf: at least LOGGER_TEXT_PREFIX_MAX + 1 bytes.
 * @e: the record's header.
 *
 * Context: Any.
 * Return: the prefix length, without the terminating NUL.
 */
size_t logger_text_prefix(char *buf, const struct logger_entry_v2 *e)
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
 * @consumed: set to the number of message bytes escaped: whole characters,
 *	never part of a UTF-8 sequence or of an escape.
 *
 * @msg and @len are the rest of the message, not a piece of it, so that a
 * sequence is judged whole wherever the output stops.
 *
 * Context: Any.
 * Return: the bytes written to @dst.
 */
size_t logger_text_escape(char *dst, size_t dst_size, const char *msg,
			  u32 len, u32 *consumed)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)msg;
	size_t out = 0;
	u32 i = 0, n;

	while (i < len) {
		n = plain_len(s + i, len - i);
		if (n) {
			if (out + n > dst_size)
				break;
			memcpy(dst + out, s + i, n);
			out += n;
			i += n;
			continue;
		}
		if (out + LOGGER_TEXT_ESCAPE_MAX > dst_size)
			break;
		dst[out++] = '\\';
		dst[out++] = 'x';
		dst[out++] = hex[s[i] >> 4];
		dst[out++] = hex[s[i] & 0xf];
		i++;
	}
	*consumed = i;
	return out;
}
