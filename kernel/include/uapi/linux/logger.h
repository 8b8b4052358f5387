/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * logger.h - the user-space ABI of /dev/logger, version 1.
 *
 * This header is the single source of truth for the ABI: the module, the C
 * tests and tools include it, and the Java binding is checked against it by
 * a test that parses this file.  Change it only together with
 * LOGGER_ABI_VERSION.
 *
 * Writing: one write() or writev() of n bytes is one record.  An optional
 * leading "<d>" (d in 0..7) sets the syslog level and is stripped; without
 * it the level is LOGGER_LEVEL_DEFAULT.
 *
 * Reading: each open file has its own cursor.  In LOGGER_FORMAT_TEXT (the
 * default) each record is one line:
 *
 *	<level>,<seq>,<ts_us>,<pid>,<tid>,<uid>;<message>\n
 *
 * with every message byte below 0x20, 0x7f and '\' written as "\xNN".  In
 * LOGGER_FORMAT_BINARY each record is a struct logger_entry followed by its
 * payload; records lie back to back, each starting on an 8-byte boundary:
 * the next one starts LOGGER_ENTRY_SPAN(entry) bytes after this one.
 *
 * lseek() positions by sequence number: SEEK_SET s (0 = oldest record held),
 * SEEK_END -k (the last k records), SEEK_CUR 0 (where the cursor is).
 */
#ifndef _UAPI_LINUX_LOGGER_H
#define _UAPI_LINUX_LOGGER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LOGGER_ABI_VERSION	1

/* The device node, a misc device with a dynamic minor. */
#define LOGGER_DEVICE_PATH	"/dev/logger"

/* Syslog severities, as in <syslog.h>: lower is more severe. */
#define LOGGER_LEVEL_EMERG	0
#define LOGGER_LEVEL_ALERT	1
#define LOGGER_LEVEL_CRIT	2
#define LOGGER_LEVEL_ERR	3
#define LOGGER_LEVEL_WARNING	4
#define LOGGER_LEVEL_NOTICE	5
#define LOGGER_LEVEL_INFO	6
#define LOGGER_LEVEL_DEBUG	7
/* The level of a record written without a "<d>" prefix. */
#define LOGGER_LEVEL_DEFAULT	LOGGER_LEVEL_INFO

/**
 * struct logger_entry - the header of one record in binary format.
 * @hdr_size: sizeof(struct logger_entry); the payload starts this many
 *	bytes after the start of the header.
 * @level: syslog severity, 0 (emerg) .. 7 (debug).
 * @flags: 0 in ABI version 1.
 * @len: payload bytes.
 * @seq: 1, 2, 3, ...: assigned at write, never reused while the module is
 *	loaded.
 * @ts_ns: CLOCK_REALTIME at write, in nanoseconds since the epoch.
 * @pid: the writer's thread group id, in the initial pid namespace.
 * @tid: the writer's thread id, in the initial pid namespace.
 * @uid: the writer's effective uid, in the initial user namespace.
 * @gid: the writer's effective gid, in the initial user namespace.
 * @comm: the writer's task name, NUL padded.
 *
 * Everything but the payload is stamped by the kernel: a writer cannot
 * forge it.
 */
struct logger_entry {
	__u16	hdr_size;
	__u8	level;
	__u8	flags;
	__u32	len;
	__u64	seq;
	__u64	ts_ns;
	__s32	pid;
	__s32	tid;
	__u32	uid;
	__u32	gid;
	char	comm[16];
};

/* Bytes from the start of one binary record to the start of the next. */
#define LOGGER_ENTRY_ALIGN	8
#define LOGGER_ENTRY_SPAN(e) \
	(((e)->hdr_size + (e)->len + LOGGER_ENTRY_ALIGN - 1) & \
	 ~(__u32)(LOGGER_ENTRY_ALIGN - 1))

/**
 * struct logger_stats - LOGGER_IOC_GET_STATS.
 * @bytes_written: payload bytes accepted since the module was loaded.
 * @records_written: records accepted since the module was loaded.
 * @records_dropped: records evicted to make room because the ring wrapped.
 * @records_cleared: records removed by LOGGER_IOC_CLEAR.
 * @writes_rejected: writes refused with -EMSGSIZE or -EFAULT.
 * @first_seq: seq of the oldest record held (== @next_seq when empty).
 * @next_seq: seq the next record written will get.
 * @reader_missed: for the file the ioctl was issued on: records evicted
 *	before it read them.
 * @buffer_size: bytes in the ring.
 * @buffer_used: bytes the records held take in the ring.
 * @records_held: records held (@next_seq - @first_seq).
 * @readers: open files with read access.
 * @max_payload: the largest payload a write may carry.
 * @reserved: zero.
 *
 * Invariant: records_written == records_held + records_dropped +
 * records_cleared.
 */
struct logger_stats {
	__u64	bytes_written;
	__u64	records_written;
	__u64	records_dropped;
	__u64	records_cleared;
	__u64	writes_rejected;
	__u64	first_seq;
	__u64	next_seq;
	__u64	reader_missed;
	__u32	buffer_size;
	__u32	buffer_used;
	__u32	records_held;
	__u32	readers;
	__u32	max_payload;
	__u32	reserved[7];
};

/* LOGGER_IOC_SET_FORMAT arguments. */
#define LOGGER_FORMAT_TEXT	0
#define LOGGER_FORMAT_BINARY	1

/*
 * 0xE7 is free in Documentation/userspace-api/ioctl/ioctl-number.rst.  Every
 * argument is a fixed-size type with the same layout for 32-bit callers.
 */
#define LOGGER_IOC_MAGIC	0xE7

/* The ABI version, LOGGER_ABI_VERSION. */
#define LOGGER_IOC_GET_VERSION	_IOR(LOGGER_IOC_MAGIC, 0, __u32)
/* Counters of the ring, and reader_missed of this file. */
#define LOGGER_IOC_GET_STATS	_IOR(LOGGER_IOC_MAGIC, 1, struct logger_stats)
/*
 * Drop every record whose seq is below the argument (values above next_seq
 * act as next_seq: ~0ULL clears all).  Needs CAP_SYSLOG or CAP_SYS_ADMIN.
 */
#define LOGGER_IOC_CLEAR	_IOW(LOGGER_IOC_MAGIC, 2, __u64)
/* LOGGER_FORMAT_TEXT or LOGGER_FORMAT_BINARY, for this open file. */
#define LOGGER_IOC_SET_FORMAT	_IOW(LOGGER_IOC_MAGIC, 3, __u32)
/* Bytes the next record needs in this file's format; 0 if there is none. */
#define LOGGER_IOC_GET_NEXT_SIZE _IOR(LOGGER_IOC_MAGIC, 4, __u32)

#endif /* _UAPI_LINUX_LOGGER_H */
