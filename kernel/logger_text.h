/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger_text.h - the text format of /dev/logger, one line per record,
 * and a continuation line per field (ABI v2) as /dev/kmsg has them:
 *
 *	<level>,<seq>,<ts_us>,<pid>,<tid>,<uid>;<message>\n
 *	 <key>=<value>\n
 *
 * Control bytes, C1 controls, bidirectional controls, '\' and bytes that
 * are not valid UTF-8 are written as "\xNN" (see logger_text.c), so a multi-line stack trace stays
 * one line and no record can drive a terminal.  Pure functions: they build
 * in user space for the unit tests too.
 */
#ifndef _LOGGER_TEXT_H
#define _LOGGER_TEXT_H

#include <linux/types.h>

#include <uapi/linux/logger.h>

/* The longest prefix "<l>,<seq>,<ts_us>,<pid>,<tid>,<uid>;" can be. */
#define LOGGER_TEXT_PREFIX_MAX	(3 + 1 + 20 + 1 + 20 + 1 + 11 + 1 + 11 + 1 + 10 + 1)
/*
 * Bytes one message byte can take once escaped; also the longest UTF-8
 * sequence, which is copied whole: room for this much always makes
 * progress.
 */
#define LOGGER_TEXT_ESCAPE_MAX	4

u32 logger_text_escaped_len(const char *msg, u32 len);
u32 logger_text_body_len(const char *payload, u32 fields_len, u32 len);
size_t logger_text_line_len(const struct logger_entry_v2 *e, u32 body_len);
size_t logger_text_prefix(char *buf, const struct logger_entry_v2 *e);
size_t logger_text_escape(char *dst, size_t dst_size, const char *msg,
			  u32 len, u32 *consumed);

#endif /* _LOGGER_TEXT_H */
