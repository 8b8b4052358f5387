/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger_ring.h - the record ring behind /dev/logger: records, sequence
 * numbers, eviction and reader cursors.  No file or user-copy code lives
 * here, so the ring also builds in user space for its unit tests.
 */
#ifndef _LOGGER_RING_H
#define _LOGGER_RING_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include <uapi/linux/logger.h>

/* The accepted range of the ring size, in bytes. */
#define LOGGER_RING_MIN_SIZE	(64U << 10)
#define LOGGER_RING_MAX_SIZE	(256U << 20)
/*
 * The largest max_payload, whatever the ring's size: a record is copied
 * into the ring under its spinlock, so this bounds how long one write
 * holds it.
 */
#define LOGGER_RING_MAX_PAYLOAD	(1U << 20)
/*
 * What one hold of the lock by a reader copies at most, unless a single
 * record is larger, and how many records it copies at most: a writer waits
 * behind no more than this (see "Locking" in logger_ring.c).
 */
#define LOGGER_RING_READ_STEP_BYTES	(16U << 10)
#define LOGGER_RING_READ_STEP_RECORDS	64

/*
 * The escaped length of a record's payload in the text format is not known
 * until a text reader first needs it: writers, the hot path, do not scan
 * their payload for readers that may never want text.
 */
#define LOGGER_TEXT_LEN_UNKNOWN	U32_MAX

/**
 * struct logger_uid_count - what the ring knows of one writer uid's records.
 * @uid: the uid, in the initial user namespace.
 * @held: records of @uid in the ring now.
 * @pins: restricted cursors of @uid, and writes of @uid that span several
 *	holds of the lock.
 * @held_bytes: bytes the records of @uid take in the ring now.
 * @removed: records of @uid evicted or cleared since these counts were
 *	made.
 *
 * A reader restricted to its own uid learns from @removed how many of its
 * records left the ring while it was not looking, without the ring ever
 * walking its readers (see "Loss" in logger_ring.c).  Made when a uid
 * first writes or reads, and freed as soon as nothing needs them: no
 * record of @uid held and nothing pinning them, so that a user with many
 * uids (a subordinate range) cannot fill the kernel with them.  Guarded by
 * &logger_ring.lock, like the map that holds them.
 */
struct logger_uid_count {
	u32 uid;
	u32 held;
	u32 pins;
	u64 held_bytes;
	u64 removed;
};

/**
 * struct logger_rec - one record as it lies in the ring.
 * @size: bytes from this header to the next record, a multiple of 8; 0
 *	marks the unused end of a lap (see "Wrapping" in logger_ring.c).
 * @text_len: bytes the record takes in the text format after its prefix
 *	and before the newline that ends its first line (the escaped message,
 *	and a continuation line per field), or LOGGER_TEXT_LEN_UNKNOWN.
 * @owner: in the ring, the counts of the writer's uid.
 * @pos: in a copy logger_ring_peek() made, where the record lay in the ring,
 *	so that a reader can be put back on it.
 * @entry: the header user space receives in LOGGER_FORMAT_BINARY_V3; its
 *	first 56 bytes are those of LOGGER_FORMAT_BINARY but for @hdr_size,
 *	@flags and @len.
 * @payload: @entry.len bytes, the fields (@entry.fields_len bytes, the
 *	kernel's first) then the message, then zeroes up to @size.
 *
 * Readers of LOGGER_FORMAT_BINARY_V3 get @entry, the payload and its zero
 * padding with one copy: LOGGER_ENTRY_SPAN(&entry) == @size -
 * offsetof(entry); so do readers of LOGGER_FORMAT_BINARY_V2 of a record
 * without the kernel's fields.
 */
struct logger_rec {
	u32 size;
	u32 text_len;
	union {
		struct logger_uid_count *owner;
		u64 pos;
	};
	struct logger_entry_v2 entry;
	char payload[];
};

/* The message of a record: its payload after the fields. */
static inline const char *logger_rec_message(const struct logger_rec *rec)
{
	return rec->payload + rec->entry.fields_len;
}

static inline u32 logger_rec_message_len(const struct logger_rec *rec)
{
	return rec->entry.len - rec->entry.fields_len;
}

u32 logger_rec_kernel_fields_len(const struct logger_rec *rec);

/*
 * The most bytes of fields the kernel stamps on a record: _OPENER_UID and
 * _OPENER_GID, each a struct logger_field, its key and ten digits.
 */
#define LOGGER_WRITER_FIELDS_MAX \
	(2 * (sizeof(struct logger_field) + sizeof(LOGGER_FIELD_OPENER_UID) - 1 + 10))

/**
 * struct logger_writer - who writes, as the kernel stamps it on every
 *	record of one write.
 * @pid: thread group id, in the initial pid namespace.
 * @tid: thread id, in the initial pid namespace.
 * @uid: effective uid, in the initial user namespace.
 * @gid: effective gid, in the initial user namespace.
 * @cgroup_id: the cgroup v2 id; 0 where there is none.
 * @comm: the task's name, NUL padded.
 * @fields_len: bytes of @fields.
 * @fields: the fields the kernel stamps, put before the writer's own (see
 *	LOGGER_FIELD_OPENER_UID).
 */
struct logger_writer {
	s32 pid;
	s32 tid;
	u32 uid;
	u32 gid;
	u64 cgroup_id;
	char comm[16];
	u32 fields_len;
	char fields[LOGGER_WRITER_FIELDS_MAX];
};

/**
 * struct logger_append - one record to append: what the writer said.
 * @payload: @len bytes, in kernel memory: @fields_len bytes of fields
 *	(checked by the caller), then the message.
 * @len: bytes at @payload.
 * @fields_len: bytes of fields at the start of @payload.
 * @src_ts_ns: the event's own time as the writer gave it, or 0.
 * @level: syslog severity, 0..7.
 * @flags: LOGGER_F_* of the record.
 */
struct logger_append {
	const char *payload;
	u32 len;
	u32 fields_len;
	u64 src_ts_ns;
	u8 level;
	u8 flags;
};

/**
 * struct logger_cursor - where one reader is in the ring.
 * @node: in &logger_ring.cursors, walked only by logger_ring_clear().
 * @seq: the seq this reader reads next.  Below &logger_ring.first_seq when
 *	records it had not read were evicted since it last looked.
 * @pos: byte offset of record @seq, or of the end-of-lap marker just before
 *	it, or &logger_ring.head when @seq == &logger_ring.next_seq; stale
 *	while @seq is below &logger_ring.first_seq.
 * @missed: records this reader could see that were evicted before it read
 *	them, as counted so far.
 * @seen_before: for a restricted reader, records of its uid with a seq
 *	below @seq.
 * @owner: for a restricted reader, the counts of its uid, pinned while the
 *	cursor is on the ring; NULL otherwise.
 * @sees_all: the reader sees every writer's records, not only its uid's.
 *
 * All fields but @owner and @sees_all are guarded by &logger_ring.lock.
 * Only the reader that owns the cursor moves it (its read, lseek and
 * LOGGER_IOC_GET_NEXT_SIZE, which its caller serializes), and
 * logger_ring_clear(); poll and stats only look.
 */
struct logger_cursor {
	struct list_head node;
	u64 seq;
	u64 pos;
	u64 missed;
	u64 seen_before;
	struct logger_uid_count *owner;
	bool sees_all;
};

/**
 * struct logger_ring - variable-length records in one power-of-two buffer.
 * @lock: guards every field below but @uids and @writes_rejected, every
 *	&struct logger_uid_count, and every cursor on @cursors.
 * @buf: @size bytes of records.
 * @size: a power of two.
 * @max_payload: the largest payload logger_ring_append() accepts.
 * @head: free-running byte offset where the next record goes.
 * @tail: free-running byte offset of the oldest record (== @head if empty).
 * @first_seq: seq of the record at @tail (== @next_seq if empty).
 * @next_seq: seq of the next record appended; starts at 1.
 * @cursors: every reader's &struct logger_cursor.
 * @readers: cursors on @cursors.
 * @bytes_written: payload bytes appended since init.
 * @records_dropped: evicted to make room.
 * @records_cleared: removed by logger_ring_clear().
 * @writes_rejected: counted by logger_ring_count_rejected(), without @lock.
 * @uids: &struct logger_uid_count by uid, changed and read under @lock
 *	(its own lock nests inside it).
 * @owner_hint: the last writer's counts, so that a run of writes by one
 *	uid looks nothing up; NULL once they are freed.
 */
struct logger_ring {
	spinlock_t lock;
	u8 *buf;
	u32 size;
	u32 max_payload;
	u64 head;
	u64 tail;
	u64 first_seq;
	u64 next_seq;
	struct list_head cursors;
	u32 readers;
	u64 bytes_written;
	u64 records_dropped;
	u64 records_cleared;
	atomic64_t writes_rejected;
	struct xarray uids;
	struct logger_uid_count *owner_hint;
};

/**
 * struct logger_batch - records logger_ring_peek() copied for one reader.
 * @records: whole records copied, back to back as &struct logger_rec.
 * @raw_bytes: bytes of the destination they fill.
 * @out_bytes: bytes they take in the requested format.
 * @need_out: when nothing was copied because the next record did not fit
 *	the output budget: the bytes it needs in the requested format.
 * @need_raw: when nothing was copied because the next record did not fit
 *	the destination: its size in the ring.
 * @end_seq: the seq the reader reads next once every record copied is
 *	delivered (records it cannot see after the last one included).
 * @end_pos: where record @end_seq lies, or &logger_ring.head.
 */
struct logger_batch {
	u32 records;
	u32 raw_bytes;
	size_t out_bytes;
	size_t need_out;
	u32 need_raw;
	u64 end_seq;
	u64 end_pos;
};

int logger_ring_init(struct logger_ring *ring, u32 size, u32 max_payload);
void logger_ring_destroy(struct logger_ring *ring);

int logger_ring_append(struct logger_ring *ring,
		       const struct logger_writer *writer,
		       struct logger_uid_count *pinned,
		       const struct logger_append *recs, unsigned int n);
struct logger_uid_count *logger_ring_pin_writer(struct logger_ring *ring,
						u32 uid);
void logger_ring_unpin(struct logger_ring *ring,
		       struct logger_uid_count *count);
void logger_ring_count_rejected(struct logger_ring *ring);

int logger_ring_add_cursor(struct logger_ring *ring, struct logger_cursor *c,
			   u32 uid, bool sees_all);
void logger_ring_remove_cursor(struct logger_ring *ring,
			       struct logger_cursor *c);

bool logger_ring_has_unread(struct logger_ring *ring,
			    struct logger_cursor *c);
bool logger_ring_poll(struct logger_ring *ring, struct logger_cursor *c);
u32 logger_ring_next_raw_size(struct logger_ring *ring,
			      struct logger_cursor *c);
size_t logger_ring_next_size(struct logger_ring *ring,
			     struct logger_cursor *c, u32 format);
int logger_ring_peek(struct logger_ring *ring, struct logger_cursor *c,
		     u32 format, void *dst, u32 dst_size, size_t out_budget,
		     struct logger_batch *batch);
void logger_ring_commit(struct logger_ring *ring, struct logger_cursor *c,
			const void *dst, const struct logger_batch *batch,
			u32 delivered_bytes);
int logger_ring_read(struct logger_ring *ring, struct logger_cursor *c,
		     u32 format, void *dst, u32 dst_size, size_t out_budget,
		     struct logger_batch *batch);

u64 logger_ring_seek(struct logger_ring *ring, struct logger_cursor *c,
		     u64 seq);
u64 logger_ring_seek_last(struct logger_ring *ring, struct logger_cursor *c,
			  u64 count);
u64 logger_ring_tell(struct logger_ring *ring, struct logger_cursor *c);

u64 logger_ring_clear(struct logger_ring *ring, u64 up_to);
void logger_ring_stats(struct logger_ring *ring, struct logger_cursor *c,
		       struct logger_stats *stats);
void logger_ring_own_stats(struct logger_ring *ring, struct logger_cursor *c,
			   u32 uid, struct logger_stats *stats);

size_t logger_rec_out_size(struct logger_rec *rec, u32 format);

#endif /* _LOGGER_RING_H */
