/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * logger.h - the user-space ABI of /dev/logger, version 3.
 *
 * This header is the single source of truth for the ABI: the module, the C
 * tests and tools include it, and the Java binding is checked against it by
 * a test that parses this file.  Change it only together with
 * LOGGER_ABI_VERSION.  Each version only adds to the one before: a program
 * written for version 1 or 2 works unchanged.
 *
 * Version 3 adds what a record and a file say about who is behind them: a
 * record written through a file that was opened with other credentials
 * than the writer's carries the opener's ids as kernel fields
 * (LOGGER_FIELD_OPENER_UID, LOGGER_FIELD_OPENER_GID); a reader that may
 * not read every user's records gets only counters of its own records
 * from LOGGER_IOC_GET_STATS, and LOGGER_IOC_GET_RIGHTS says which it is;
 * and a framed write is also bounded by what its records take in the ring
 * (LOGGER_RECORD_COST).
 *
 * Writing, plain (LOGGER_WRITE_PLAIN, the default): one write() or writev()
 * of n bytes is one record.  An optional leading "<d>" (d in 0..7) sets the
 * syslog level and is stripped; without it the level is
 * LOGGER_LEVEL_DEFAULT.
 *
 * Writing, framed (LOGGER_WRITE_FRAMED, set per open file with
 * LOGGER_IOC_SET_WRITE_MODE; version 2): one write() or writev() carries a
 * batch of records, each a struct logger_frame followed by its fields (struct
 * logger_field, key, value, ...) and its message.  Frames start on 8-byte
 * boundaries from the start of the write, and the write ends exactly at the
 * end of the last frame rounded up to 8.  The whole write is checked before
 * anything is stored: it is stored whole, one record per frame in frame
 * order, or not at all.
 *
 * Reading: each open file has its own cursor.  In LOGGER_FORMAT_TEXT (the
 * default) each record is one line:
 *
 *	<level>,<seq>,<ts_us>,<pid>,<tid>,<uid>;<message>\n
 *
 * with every message byte below 0x20, 0x7f, '\', every byte that is not part
 * of valid UTF-8, every C1 control (U+0080..U+009F) and (version 3) every
 * bidirectional embedding, override and isolate control (U+202A..U+202E,
 * U+2066..U+2069) written as "\xNN", one "\xNN" per byte.  A record with fields is followed by one continuation
 * line per field, a space first, as /dev/kmsg does:
 *
 *	 <key>=<value>\n
 *
 * with the value escaped like the message.  In LOGGER_FORMAT_BINARY each
 * record is a struct logger_entry followed by its message; in
 * LOGGER_FORMAT_BINARY_V2 (version 2) a struct logger_entry_v2 followed by
 * its fields as the writer wrote them, then its message; in
 * LOGGER_FORMAT_BINARY_V3 (version 3) the same, with the fields the kernel
 * stamps (LOGGER_FIELD_OPENER_UID, keys starting with '_') first among the
 * fields, which version 2 leaves out.  Records lie back to back, each
 * starting on an 8-byte boundary: the next one starts
 * LOGGER_ENTRY_SPAN(entry) bytes after this one, in any binary format.  The
 * text format shows the kernel's fields too, as continuation lines.
 *
 * lseek() positions by sequence number: SEEK_SET s (0 = oldest record held),
 * SEEK_END -k (the last k records this file can see), SEEK_CUR 0 (where the
 * cursor is).
 */
#ifndef _UAPI_LINUX_LOGGER_H
#define _UAPI_LINUX_LOGGER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LOGGER_ABI_VERSION	3

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
 * @flags: 0 in LOGGER_FORMAT_BINARY.
 * @len: payload bytes: the message.
 * @seq: 1, 2, 3, ...: assigned at write, never reused while the module is
 *	loaded.
 * @ts_ns: CLOCK_REALTIME at write, in nanoseconds since the epoch.
 * @pid: the writer's thread group id, in the initial pid namespace (the
 *	host's, also for a writer in a container).
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
 * struct logger_entry_v2 - the header of one record in LOGGER_FORMAT_BINARY_V2
 *	and LOGGER_FORMAT_BINARY_V3.
 * @hdr_size: sizeof(struct logger_entry_v2), 80.
 * @level: as in struct logger_entry.
 * @flags: LOGGER_F_FRAMED if the record came from a framed write.
 * @len: payload bytes: @fields_len bytes of fields, then the message.
 * @seq: as in struct logger_entry.
 * @ts_ns: as in struct logger_entry.
 * @pid: as in struct logger_entry.
 * @tid: as in struct logger_entry.
 * @uid: as in struct logger_entry.
 * @gid: as in struct logger_entry.
 * @comm: as in struct logger_entry.
 * @src_ts_ns: the event's own time as the writer gave it, in nanoseconds
 *	since the epoch; 0 for plain writes and for frames that gave none.
 *	The writer's word, kept verbatim and never trusted.
 * @cgroup_id: the writer's cgroup v2 id, the id bpf_get_current_cgroup_id()
 *	returns; 0 where the kernel has none.  Stamped by the kernel.
 * @fields_len: bytes of fields at the start of the payload, as written:
 *	struct logger_field, key, value, the next field at once; in
 *	LOGGER_FORMAT_BINARY_V3 the kernel's fields first.
 * @reserved: 0.
 *
 * The first 56 bytes are a struct logger_entry in layout and meaning, so
 * that a version 1 walker of records stays correct.
 */
struct logger_entry_v2 {
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
	__u64	src_ts_ns;
	__u64	cgroup_id;
	__u32	fields_len;
	__u32	reserved;
};

/* struct logger_entry_v2.flags: the record came from a framed write. */
#define LOGGER_F_FRAMED		1

/**
 * struct logger_frame - one record of a framed write.
 * @size: bytes of this frame: this header, its fields and its message.
 * @level: syslog severity, 0..7.
 * @flags: 0.
 * @fields_len: bytes of fields right after this header; the message is the
 *	@size - 16 - @fields_len bytes after them.
 * @src_ts_ns: the event's own time, in nanoseconds since the epoch; 0 for
 *	none.
 *
 * The next frame starts LOGGER_FRAME_SPAN(frame) bytes after this one; the
 * bytes between the end of this frame and the next are zero.  A frame's
 * @fields_len plus its message must not exceed max_payload.
 */
struct logger_frame {
	__u32	size;
	__u8	level;
	__u8	flags;
	__u16	fields_len;
	__u64	src_ts_ns;
};

#define LOGGER_FRAME_ALIGN	8
#define LOGGER_FRAME_SPAN(f) \
	(((f)->size + LOGGER_FRAME_ALIGN - 1) & ~(__u32)(LOGGER_FRAME_ALIGN - 1))

/*
 * What a record takes in the ring, its header included, for a payload
 * (fields, the kernel's among them, and message) of @len bytes (version 3).
 * A framed write is refused with EMSGSIZE when its records would take more
 * than max_batch_ring bytes of the ring (in sysfs): half the ring, or
 * max_batch and an eighth more where that is larger (a ring of 512 KiB or
 * less at the default max_batch).  A batch that is accepted never evicts
 * its own records, nor more than about half of what others wrote.  A
 * frame of n bytes makes a record of at most n + 80 bytes (the header a
 * frame grows into), and more when the kernel adds its own fields.
 */
#define LOGGER_RECORD_OVERHEAD	96
#define LOGGER_RECORD_COST(len) \
	(((len) + LOGGER_RECORD_OVERHEAD + LOGGER_ENTRY_ALIGN - 1) & \
	 ~(__u32)(LOGGER_ENTRY_ALIGN - 1))

/**
 * struct logger_field - one field of a frame, and of a record read back.
 * @key_len: bytes of key, 1..LOGGER_FIELD_KEY_MAX.
 * @value_len: bytes of value.
 *
 * Followed by @key_len bytes of key, then @value_len bytes of value; the
 * next field follows at once, unaligned.  A key is bytes of [A-Za-z0-9_.-]
 * and does not start with '_': those names are kept for what the kernel
 * stamps, as in journald.  A value is any bytes.  The fields exactly fill
 * the frame's fields_len.
 */
struct logger_field {
	__u16	key_len;
	__u16	value_len;
};

#define LOGGER_FIELD_KEY_MAX	64

/*
 * The fields the kernel stamps (version 3), first among a record's fields,
 * values in decimal ASCII, ids in the initial user namespace as the
 * header's are.  When the file a record was written through was opened
 * with another effective uid or gid than the writer's (a file passed over
 * a socket, inherited across a change of user, or opened by a service
 * manager before it dropped to the service's user), the record carries
 * the opener's uid, and its gid too where that differs from the writer's.
 * No writer can send a key that starts with '_'.  They are read in
 * LOGGER_FORMAT_BINARY_V3 and in the text format; LOGGER_FORMAT_BINARY_V2
 * leaves them out.
 */
#define LOGGER_FIELD_OPENER_UID	"_OPENER_UID"
#define LOGGER_FIELD_OPENER_GID	"_OPENER_GID"

/**
 * struct logger_stats - LOGGER_IOC_GET_STATS.
 *
 * @bytes_written: payload bytes accepted since the module was loaded.
 * @records_written: records accepted since the module was loaded.
 * @records_dropped: records evicted to make room because the ring wrapped.
 * @records_cleared: records removed by LOGGER_IOC_CLEAR.
 * @writes_rejected: writes that failed (-EMSGSIZE, -EFAULT, -ENOMEM, and
 *	for framed writes -EINVAL); nothing of them was stored.
 * @first_seq: seq of the oldest record held (== @next_seq when empty).
 * @next_seq: seq the next record written will get.
 * @reader_missed: for the file the ioctl was issued on: records it could
 *	see that were evicted before it read them.
 * @buffer_size: bytes in the ring.
 * @buffer_used: bytes the records held take in the ring.
 * @records_held: records held (@next_seq - @first_seq).
 * @readers: open files with read access.
 * @max_payload: the largest payload a write may carry (a frame: its fields
 *	and message).
 * @max_batch: the most bytes one framed write may carry (version 2); its
 *	records may take at most half the ring (LOGGER_RECORD_COST).
 * @instance_id: a random id made when the module was loaded, the same for
 *	every file until it is unloaded: a reader that saved a seq can tell
 *	that the module was reloaded since, and seqs restarted (version 2).
 * @reserved: zero.
 *
 * A file that may read every user's records gets the ring's counters.  One
 * that may read only its own uid's records (version 3; see
 * LOGGER_IOC_GET_RIGHTS) gets what describes its own records and no more:
 * @records_held and @buffer_used count that uid's records, @reader_missed
 * is its own; @first_seq and @next_seq are the ring's, which its lseek()
 * reports anyway; the settings (@buffer_size, @max_payload, @max_batch,
 * @instance_id) are as for anyone; and @bytes_written, @records_written,
 * @records_dropped, @records_cleared, @writes_rejected and @readers, which
 * would tell the size and the moment of other users' records, their
 * readers and their refused writes, are 0.
 *
 * Invariant, for a file that sees every record: records_written ==
 * records_held + records_dropped + records_cleared.
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
	__u32	max_batch;
	__u8	instance_id[16];
	__u32	reserved[2];
};

/* LOGGER_IOC_SET_FORMAT arguments. */
#define LOGGER_FORMAT_TEXT	0
#define LOGGER_FORMAT_BINARY	1
#define LOGGER_FORMAT_BINARY_V2	2
/*
 * LOGGER_FORMAT_BINARY_V2 with the kernel's fields (version 3): a version 2
 * reader was promised only the writer's fields, so it gets no others.
 */
#define LOGGER_FORMAT_BINARY_V3	3

/* LOGGER_IOC_SET_WRITE_MODE arguments. */
#define LOGGER_WRITE_PLAIN	0
#define LOGGER_WRITE_FRAMED	1

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
 * act as next_seq: ~0ULL clears all).  Needs CAP_SYSLOG (or, deprecated,
 * CAP_SYS_ADMIN) in the initial user namespace when the file was opened.
 */
#define LOGGER_IOC_CLEAR	_IOW(LOGGER_IOC_MAGIC, 2, __u64)
/* A LOGGER_FORMAT_*, for this open file. */
#define LOGGER_IOC_SET_FORMAT	_IOW(LOGGER_IOC_MAGIC, 3, __u32)
/* Bytes the next record needs in this file's format; 0 if there is none. */
#define LOGGER_IOC_GET_NEXT_SIZE _IOR(LOGGER_IOC_MAGIC, 4, __u32)
/* LOGGER_WRITE_PLAIN or LOGGER_WRITE_FRAMED, for this open file (version 2). */
#define LOGGER_IOC_SET_WRITE_MODE _IOW(LOGGER_IOC_MAGIC, 5, __u32)
/*
 * What this open file may do, decided when it was opened (version 3): a
 * mask of LOGGER_RIGHT_*.
 */
#define LOGGER_IOC_GET_RIGHTS	_IOR(LOGGER_IOC_MAGIC, 6, __u32)

/* Reads every user's records and gets the ring's counters. */
#define LOGGER_RIGHT_READ_ALL	1
/* May LOGGER_IOC_CLEAR. */
#define LOGGER_RIGHT_CLEAR	2

#endif /* _UAPI_LINUX_LOGGER_H */
