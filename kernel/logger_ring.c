// SPDX-License-Identifier: GPL-2.0
/*
 * logger_ring.c - the record ring behind /dev/logger: variable-length
 * records with sequence numbers in one buffer, and the cursors of its
 * readers.  The essay below says how it works; logger_dev.c puts a file
 * interface on it.
 */

/**
 * DOC: The record ring
 *
 * One buffer of a power-of-two size holds variable-length records back to
 * back, oldest first.  Each record is a &struct logger_rec: a small internal
 * header, the &struct logger_entry_v2 user space sees, the payload (the
 * record's fields, then its message), and zero padding up to the next
 * 8-byte boundary.
 *
 * Offsets: @head and @tail are free-running byte offsets (they only grow);
 * ring_rec() masks them by the size to find the bytes.  @head - @tail is
 * the space the records use, so the ring is empty when they are equal.
 *
 * Sequence numbers: every record gets the next seq, starting at 1, and
 * seqs are never reused while the module is loaded.  The ring holds exactly
 * the seqs [@first_seq, @next_seq).  A seq names a record for a reader's
 * whole life; byte offsets are an internal detail.
 *
 * Writing: logger_ring_append() never waits for space.  It evicts the
 * oldest records until each new one fits, counting them in
 * @records_dropped, then stamps the seq and the time under the lock, so
 * seq order and time order agree.  It appends a batch of records of one
 * writer in one hold of the lock; its caller bounds the batch, and keeps
 * the records of one write, over all its holds, below what the ring can
 * hold beside its largest record, so that a write never evicts its own.
 * Evicting a record costs the same however many readers there are:
 * nothing on the write path looks at a reader.
 *
 * Wrapping: a record never straddles the end of the buffer.  When the
 * space left before the end of the current lap is too small, the writer
 * puts an end-of-lap marker there (a header whose @size is 0) and starts
 * the record at the beginning of the next lap.  ring_next() steps over
 * markers, so the walk from one record to the next sees only records.
 *
 * Reading: each reader owns a &struct logger_cursor: the seq it reads next
 * and that record's offset.  A reader restricted to its own uid skips other
 * users' records as if they were not there.
 *
 * Loss: a reader learns that records it had not read were evicted when it
 * next looks, as readers of /dev/kmsg and printk_ringbuffer do: its seq is
 * then below @first_seq.  cursor_catch_up() counts what it lost and moves it
 * to the oldest record held, so the seqs it reads jump and
 * &logger_cursor.missed says by how many.  A reader that sees every record
 * lost @first_seq - seq of them.  A restricted reader lost only the records
 * of its uid among those: &struct logger_uid_count keeps, per uid, how many
 * of its records have left the ring, and the cursor how many of them lay
 * below its seq, so the difference is the loss, exactly, with no walk.
 * Cleared records are not a loss: logger_ring_clear(), a privileged and
 * rare operation, settles every cursor before and after it removes them.
 *
 * Delivering: user-space copies may fault and sleep, so they never happen
 * under the lock.  logger_ring_peek() copies whole records into a kernel
 * buffer of the reader's, each with the place it lay, and leaves the
 * cursor where it is; once the reader has copied some of them to user
 * space, logger_ring_commit() moves the cursor past those.  Until then the
 * records are still unread as far as the ring is concerned: if they are
 * evicted meanwhile and the copy to user space fails, they count as
 * missed like any record evicted before its reader got to it, and if they
 * are cleared, as cleared.  A reader whose copy faulted keeps nothing: the
 * record that could not be delivered is read from the ring again.
 *
 * Per-uid counts: a &struct logger_uid_count exists while a record of its
 * uid is held or something pins it (a restricted cursor, or a write of
 * many holds), and is freed when the last of these goes.
 *
 * Locking: @lock, a spinlock, guards the ring, its counters, the per-uid
 * counts and the map of them, and every cursor's position.  Only the map's
 * own lock is taken inside it, and nothing under it sleeps.  Its holds are
 * short and bounded, so that a writer waits behind at most one bounded
 * step of anyone else: a write copies at most LOGGER_RING_MAX_PAYLOAD bytes
 * (its caller splits batches into holds of 64 KiB), a reader's step copies
 * at most LOGGER_RING_READ_STEP_RECORDS records and
 * LOGGER_RING_READ_STEP_BYTES (or one larger record), and long walks
 * (seeking far, skipping many records another user wrote, clearing) give
 * it up every RING_WALK_BATCH steps with ring_pause() and recheck their
 * position when they get it back.  Callers that serialize several calls on
 * one cursor (a file's read and lseek) use their own lock outside this
 * one.
 */

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "logger_ring.h"
#include "logger_text.h"

/* Records a long walk passes with the lock held before it gives it up. */
#define RING_WALK_BATCH		256

static inline u32 ring_mask(const struct logger_ring *ring)
{
	return ring->size - 1;
}

/* The record (or end-of-lap marker) at free-running offset @pos. */
static inline struct logger_rec *ring_rec(const struct logger_ring *ring,
					  u64 pos)
{
	return (struct logger_rec *)(ring->buf + (pos & ring_mask(ring)));
}

/* The first offset of the lap after the one @pos is in. */
static inline u64 ring_next_lap(const struct logger_ring *ring, u64 pos)
{
	return (pos | ring_mask(ring)) + 1;
}

/* Bytes a record with a payload of @len takes in the ring. */
static inline u32 ring_rec_size(u32 len)
{
	return round_up(sizeof(struct logger_rec) + len, LOGGER_ENTRY_ALIGN);
}

static inline bool cursor_sees(const struct logger_cursor *c,
			       const struct logger_rec *rec)
{
	return c->sees_all || rec->owner == c->owner;
}

/*
 * The offset of the record after the one at @pos, stepping over an
 * end-of-lap marker.  Bytes at @head are not written yet, so they are
 * never taken for a marker.
 */
static u64 ring_next(const struct logger_ring *ring, u64 pos)
{
	u64 next = pos + ring_rec(ring, pos)->size;

	if (next != ring->head && ring_rec(ring, next)->size == 0)
		next = ring_next_lap(ring, next);
	return next;
}

/*
 * Gives up the lock for a moment in a long walk, so that writers never wait
 * longer than RING_WALK_BATCH steps of it, whatever the preemption model.
 * The walker must recheck its position after.
 */
static void ring_pause(struct logger_ring *ring)
{
	spin_unlock(&ring->lock);
	cond_resched();
	spin_lock(&ring->lock);
}

/* The counts of @uid, or NULL.  Call only when holding ring->lock. */
static struct logger_uid_count *ring_find_count(struct logger_ring *ring,
						u32 uid)
{
	struct logger_uid_count *count = ring->owner_hint;

	lockdep_assert_held(&ring->lock);

	if (count && count->uid == uid)
		return count;
	count = xa_load(&ring->uids, uid);
	if (count)
		ring->owner_hint = count;
	return count;
}

/*
 * The counts of @uid, made if there are none.  Call only when holding
 * ring->lock, which this drops to allocate: the caller must not rely on
 * anything it saw before.  NULL if memory ran out.
 */
static struct logger_uid_count *ring_get_count(struct logger_ring *ring,
					       u32 uid)
	__must_hold(&ring->lock)
{
	struct logger_uid_count *count, *made;
	int ret;

	lockdep_assert_held(&ring->lock);

	for (;;) {
		count = ring_find_count(ring, uid);
		if (count)
			return count;
		spin_unlock(&ring->lock);
		made = kzalloc(sizeof(*made), GFP_KERNEL_ACCOUNT);
		/* A slot, so that storing under the lock allocates nothing. */
		ret = made ? xa_reserve(&ring->uids, uid, GFP_KERNEL_ACCOUNT) :
		      -ENOMEM;
		spin_lock(&ring->lock);
		if (ret) {
			kfree(made);
			return NULL;
		}
		count = ring_find_count(ring, uid);
		if (count) {	/* another writer of this uid was first */
			kfree(made);
			return count;
		}
		made->uid = uid;
		if (!xa_is_err(xa_store(&ring->uids, uid, made,
					GFP_NOWAIT | __GFP_NOWARN))) {
			ring->owner_hint = made;
			return made;
		}
		/* Counts made and freed meanwhile took the slot: again. */
		kfree(made);
	}
}

/*
 * Frees @count if nothing needs it any more: no record of its uid held,
 * nothing pinning it.  Call only when holding ring->lock.
 */
static void ring_release_count(struct logger_ring *ring,
			       struct logger_uid_count *count)
{
	lockdep_assert_held(&ring->lock);

	if (count->held || count->pins)
		return;
	if (ring->owner_hint == count)
		ring->owner_hint = NULL;
	xa_erase(&ring->uids, count->uid);
	kfree(count);
}

/*
 * Where the record a position that is not behind the tail names really
 * lies.  A cursor that waited at @head may find an end-of-lap marker there,
 * and the tail may since have stepped over that marker.  Call only when
 * holding ring->lock.
 */
static u64 ring_resolve(const struct logger_ring *ring, u64 pos)
{
	lockdep_assert_held(&ring->lock);

	if (pos < ring->tail)
		return ring->tail;
	if (pos != ring->head && ring_rec(ring, pos)->size == 0)
		return ring_next_lap(ring, pos);
	return pos;
}

/*
 * Makes @c->pos point at record @c->seq itself.  Call only when holding
 * ring->lock, with @c not behind the tail.
 */
static void cursor_resolve(const struct logger_ring *ring,
			   struct logger_cursor *c)
{
	c->pos = ring_resolve(ring, c->pos);
}

/* Puts @c on the oldest record held.  Call only when holding ring->lock. */
static void cursor_to_tail(const struct logger_ring *ring,
			   struct logger_cursor *c)
{
	lockdep_assert_held(&ring->lock);

	c->seq = ring->first_seq;
	c->pos = ring->tail;
	if (c->owner)
		c->seen_before = c->owner->removed;
}

/*
 * Records @c could see, from @seq on, that are no longer held, if @seen of
 * its uid's records lie below @seq.  Call only when holding ring->lock.
 */
static u64 cursor_lost_from(const struct logger_ring *ring,
			    const struct logger_cursor *c, u64 seq, u64 seen)
{
	lockdep_assert_held(&ring->lock);

	if (seq >= ring->first_seq)
		return 0;
	return c->owner ? c->owner->removed - seen : ring->first_seq - seq;
}

/*
 * If records @c had not read left the ring since it last looked, counts
 * those it could see as missed and moves it to the oldest record held.
 * Every removal since then was an eviction: logger_ring_clear() settles
 * every cursor.  Call only when holding ring->lock.
 */
static void cursor_catch_up(struct logger_ring *ring, struct logger_cursor *c)
{
	lockdep_assert_held(&ring->lock);

	if (c->seq >= ring->first_seq)
		return;
	c->missed += cursor_lost_from(ring, c, c->seq, c->seen_before);
	cursor_to_tail(ring, c);
}

/*
 * Removes the oldest record, evicted or @cleared.  Call only when holding
 * ring->lock, with records held.
 */
static void ring_remove_oldest(struct logger_ring *ring, bool cleared)
{
	struct logger_rec *rec = ring_rec(ring, ring->tail);
	struct logger_uid_count *owner = rec->owner;

	lockdep_assert_held(&ring->lock);

	owner->held--;
	owner->held_bytes -= rec->size;
	owner->removed++;
	ring->tail = ring_next(ring, ring->tail);
	ring->first_seq++;
	if (cleared)
		ring->records_cleared++;
	else
		ring->records_dropped++;
	ring_release_count(ring, owner);
}

/**
 * logger_ring_init() - allocate an empty ring.
 * @ring: the ring to set up.
 * @size: bytes of records; a power of two within
 *	[LOGGER_RING_MIN_SIZE, LOGGER_RING_MAX_SIZE].
 * @max_payload: the largest payload a writer may give a record (the
 *	kernel's fields come on top); at most @size / 4, so that a record and
 *	an end-of-lap marker always fit, and at most LOGGER_RING_MAX_PAYLOAD.
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL for a size out of range, or -ENOMEM.
 */
int logger_ring_init(struct logger_ring *ring, u32 size, u32 max_payload)
{
	if (size < LOGGER_RING_MIN_SIZE || size > LOGGER_RING_MAX_SIZE ||
	    !is_power_of_2(size) || !max_payload || max_payload > size / 4 ||
	    max_payload > LOGGER_RING_MAX_PAYLOAD)
		return -EINVAL;

	memset(ring, 0, sizeof(*ring));
	/* Zeroed, so no stale kernel memory can ever reach a reader. */
	ring->buf = kvzalloc(size, GFP_KERNEL);
	if (!ring->buf)
		return -ENOMEM;
	spin_lock_init(&ring->lock);
	INIT_LIST_HEAD(&ring->cursors);
	xa_init(&ring->uids);
	atomic64_set(&ring->writes_rejected, 0);
	ring->size = size;
	ring->max_payload = max_payload;
	ring->first_seq = 1;
	ring->next_seq = 1;
	return 0;
}

/**
 * logger_ring_destroy() - free the ring's buffer and its per-uid counts.
 * @ring: a ring with no cursors left and no write in progress.
 *
 * Context: Process context.
 */
void logger_ring_destroy(struct logger_ring *ring)
{
	struct logger_uid_count *count;
	unsigned long uid;

	WARN_ON(!list_empty(&ring->cursors));
	xa_for_each(&ring->uids, uid, count)
		kfree(count);
	xa_destroy(&ring->uids);
	kvfree(ring->buf);
	ring->buf = NULL;
}

/*
 * Writes one record at @head, evicting the oldest records to make room.
 * Call only when holding ring->lock.
 */
static void ring_put(struct logger_ring *ring, const struct logger_writer *w,
		     const struct logger_append *in,
		     struct logger_uid_count *owner, u64 now)
{
	u32 len = w->fields_len + in->len;
	u32 size = ring_rec_size(len);
	struct logger_entry_v2 *e;
	struct logger_rec *rec;
	u32 pad;

	lockdep_assert_held(&ring->lock);

	/* Wrapping: the rest of this lap is padding if the record won't fit. */
	pad = ring->size - (ring->head & ring_mask(ring));
	if (pad >= size)
		pad = 0;
	while (ring->head + pad + size - ring->tail > ring->size)
		ring_remove_oldest(ring, false);
	if (pad) {
		ring_rec(ring, ring->head)->size = 0;
		if (ring->tail == ring->head)
			ring->tail += pad;
		ring->head += pad;
	}

	rec = ring_rec(ring, ring->head);
	rec->size = size;
	rec->text_len = LOGGER_TEXT_LEN_UNKNOWN;
	rec->owner = owner;
	e = &rec->entry;
	e->hdr_size = sizeof(*e);
	e->level = in->level;
	e->flags = in->flags;
	e->len = len;
	e->seq = ring->next_seq++;
	e->ts_ns = now;
	e->pid = w->pid;
	e->tid = w->tid;
	e->uid = w->uid;
	e->gid = w->gid;
	memcpy(e->comm, w->comm, sizeof(e->comm));
	e->src_ts_ns = in->src_ts_ns;
	e->cgroup_id = w->cgroup_id;
	e->fields_len = w->fields_len + in->fields_len;
	e->reserved = 0;
	/* The kernel's fields first, then the writer's, then its message. */
	memcpy(rec->payload, w->fields, w->fields_len);
	memcpy(rec->payload + w->fields_len, in->payload, in->len);
	memset(rec->payload + len, 0, size - sizeof(*rec) - len);

	owner->held++;
	owner->held_bytes += size;
	ring->head += size;
	ring->bytes_written += in->len;
}

/**
 * logger_ring_append() - add records of one writer, evicting the oldest as
 *	needed.
 * @ring: the ring.
 * @writer: who writes them; stamped on each, with its fields.
 * @pinned: the counts of @writer's uid, from logger_ring_pin_writer(), or
 *	NULL to find (or make) them here.
 * @recs: the records, in the order they get their seqs.
 * @n: how many; the caller bounds it, as it bounds how long the lock is
 *	held (all of them in one hold of it).
 *
 * Either every record is appended or none is.  Each is one record, with
 * consecutive seqs; the lock is held throughout, so no other writer's
 * record falls between them.  The time is read once, so they share it.
 *
 * Context: Process context.  Without @pinned, may sleep to make the counts
 * of a uid that has none; with it, only takes ring->lock.
 * Return: 0, -EMSGSIZE if a payload is over @ring->max_payload, or
 * -ENOMEM (only without @pinned).
 */
int logger_ring_append(struct logger_ring *ring,
		       const struct logger_writer *writer,
		       struct logger_uid_count *pinned,
		       const struct logger_append *recs, unsigned int n)
{
	struct logger_uid_count *owner;
	unsigned int i;
	u64 now;

	for (i = 0; i < n; i++)
		if (recs[i].len > ring->max_payload)
			return -EMSGSIZE;

	spin_lock(&ring->lock);
	owner = pinned ? pinned : ring_get_count(ring, writer->uid);
	if (!owner) {
		spin_unlock(&ring->lock);
		return -ENOMEM;
	}
	/* Evicting the last record of this uid must not free its counts. */
	owner->pins++;
	/* Under the lock, so that seq order and time order agree. */
	now = ktime_get_real_ns();
	for (i = 0; i < n; i++)
		ring_put(ring, writer, &recs[i], owner, now);
	owner->pins--;
	ring_release_count(ring, owner);
	spin_unlock(&ring->lock);
	return 0;
}

/**
 * logger_ring_pin_writer() - keep the counts of a writer's uid for a write
 *	that takes several calls of logger_ring_append().
 * @ring: the ring.
 * @uid: the writer's uid.
 *
 * Context: Process context; may sleep.
 * Return: the counts, to pass to logger_ring_append() and then to
 * logger_ring_unpin(); NULL if memory ran out.
 */
struct logger_uid_count *logger_ring_pin_writer(struct logger_ring *ring,
						u32 uid)
{
	struct logger_uid_count *count;

	spin_lock(&ring->lock);
	count = ring_get_count(ring, uid);
	if (count)
		count->pins++;
	spin_unlock(&ring->lock);
	return count;
}

/**
 * logger_ring_unpin() - let go of counts logger_ring_pin_writer() kept.
 * @ring: the ring.
 * @count: the counts; freed if nothing else needs them.
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_unpin(struct logger_ring *ring,
		       struct logger_uid_count *count)
{
	spin_lock(&ring->lock);
	count->pins--;
	ring_release_count(ring, count);
	spin_unlock(&ring->lock);
}

/**
 * logger_ring_count_rejected() - count a write refused before append.
 * @ring: the ring.
 *
 * A refused write takes no lock: it must not cost the writers that are
 * accepted.
 *
 * Context: Any.
 */
void logger_ring_count_rejected(struct logger_ring *ring)
{
	atomic64_inc(&ring->writes_rejected);
}

/**
 * logger_ring_add_cursor() - start a reader at the oldest record held.
 * @ring: the ring.
 * @c: the reader's cursor, not yet on any ring.
 * @uid: the reader's effective uid.
 * @sees_all: the reader may read every writer's records, not only @uid's.
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENOMEM.
 */
int logger_ring_add_cursor(struct logger_ring *ring, struct logger_cursor *c,
			   u32 uid, bool sees_all)
{
	memset(c, 0, sizeof(*c));
	c->sees_all = sees_all;

	spin_lock(&ring->lock);
	if (!sees_all) {
		c->owner = ring_get_count(ring, uid);
		if (!c->owner) {
			spin_unlock(&ring->lock);
			return -ENOMEM;
		}
		c->owner->pins++;
	}
	cursor_to_tail(ring, c);
	list_add_tail(&c->node, &ring->cursors);
	ring->readers++;
	spin_unlock(&ring->lock);
	return 0;
}

/**
 * logger_ring_remove_cursor() - forget a reader.
 * @ring: the ring.
 * @c: a cursor added with logger_ring_add_cursor().
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_remove_cursor(struct logger_ring *ring,
			       struct logger_cursor *c)
{
	spin_lock(&ring->lock);
	list_del(&c->node);
	ring->readers--;
	if (c->owner) {
		c->owner->pins--;
		ring_release_count(ring, c->owner);
	}
	spin_unlock(&ring->lock);
}

/**
 * logger_ring_has_unread() - is there any record past this cursor?
 * @ring: the ring.
 * @c: the reader's cursor.
 *
 * Cheap enough for a wait_event() condition: it neither sleeps nor walks.
 * The record found may belong to a user this reader does not see;
 * logger_ring_read() then skips it and the caller waits again.
 *
 * Context: Takes and releases ring->lock.
 * Return: true if @c->seq < next_seq.
 */
bool logger_ring_has_unread(struct logger_ring *ring, struct logger_cursor *c)
{
	bool unread;

	spin_lock(&ring->lock);
	unread = c->seq != ring->next_seq;
	spin_unlock(&ring->lock);
	return unread;
}

/**
 * logger_ring_poll() - may this reader have a record to read?
 * @ring: the ring.
 * @c: the reader's cursor; only looked at, so that poll() needs none of
 *	the locks its reader takes.
 *
 * Looks for a record the reader sees past its cursor, over at most
 * RING_WALK_BATCH records it cannot see; past that it says yes, and the
 * read that follows walks on (and moves the cursor, so that the next poll
 * starts there).
 *
 * Context: Takes and releases ring->lock.
 * Return: true if a read may find a record.
 */
bool logger_ring_poll(struct logger_ring *ring, struct logger_cursor *c)
{
	unsigned int walked = 0;
	bool found = false;
	u64 seq, pos;

	spin_lock(&ring->lock);
	seq = c->seq;
	pos = c->pos;
	if (seq < ring->first_seq) {
		seq = ring->first_seq;
		pos = ring->tail;
	}
	for (; seq != ring->next_seq; seq++) {
		pos = ring_resolve(ring, pos);
		if (cursor_sees(c, ring_rec(ring, pos)) ||
		    ++walked == RING_WALK_BATCH) {
			found = true;
			break;
		}
		pos = ring_next(ring, pos);
	}
	spin_unlock(&ring->lock);
	return found;
}

/*
 * Catches @c up, then moves it past records it cannot see, so that it rests
 * on the next visible record or at the end.  Gives up the lock now and then
 * on long runs of other users' records.  Call only when holding ring->lock.
 * Returns the record @c now rests on, or NULL at the end.
 */
static struct logger_rec *cursor_skip_unseen(struct logger_ring *ring,
					     struct logger_cursor *c)
{
	unsigned int walked = 0;
	struct logger_rec *rec;

	lockdep_assert_held(&ring->lock);

	for (;;) {
		cursor_catch_up(ring, c);
		cursor_resolve(ring, c);
		if (c->seq == ring->next_seq)
			return NULL;
		rec = ring_rec(ring, c->pos);
		if (cursor_sees(c, rec))
			return rec;
		c->pos = ring_next(ring, c->pos);
		c->seq++;
		/* Eviction may overtake the cursor while the lock is dropped. */
		if (++walked % RING_WALK_BATCH == 0)
			ring_pause(ring);
	}
}

/**
 * logger_rec_kernel_fields_len() - bytes of the fields the kernel stamped
 *	on a record, at the start of its payload.
 * @rec: a record in the ring (the lock held) or a copy of one.
 *
 * They are the leading fields whose key starts with '_', which no writer
 * may send: at most LOGGER_WRITER_FIELDS_MAX bytes, so this looks at no
 * more than a few fields.
 *
 * Context: Any; on a record in the ring, with ring->lock held.
 * Return: the bytes, 0 when the kernel stamped none.
 */
u32 logger_rec_kernel_fields_len(const struct logger_rec *rec)
{
	u32 off = 0, end = rec->entry.fields_len;
	struct logger_field f;

	while (end - off > sizeof(f)) {
		memcpy(&f, rec->payload + off, sizeof(f));
		if (!f.key_len || rec->payload[off + sizeof(f)] != '_')
			break;
		off += sizeof(f) + f.key_len + f.value_len;
	}
	return off;
}

/**
 * logger_rec_out_size() - bytes a record takes when read in a format.
 * @rec: a record in the ring (the lock held) or a copy of one.
 * @format: a LOGGER_FORMAT_*.
 *
 * The first text reader of a record scans its payload once and keeps the
 * escaped length in @rec->text_len, for every reader after it and for the
 * copies it makes.
 *
 * Context: Any; on a record in the ring, with ring->lock held.
 * Return: the size, in bytes.
 */
size_t logger_rec_out_size(struct logger_rec *rec, u32 format)
{
	switch (format) {
	case LOGGER_FORMAT_BINARY_V3:
		return rec->size - offsetof(struct logger_rec, entry);
	case LOGGER_FORMAT_BINARY_V2:
		return round_up(sizeof(struct logger_entry_v2) + rec->entry.len -
				logger_rec_kernel_fields_len(rec),
				LOGGER_ENTRY_ALIGN);
	case LOGGER_FORMAT_BINARY:
		return round_up(sizeof(struct logger_entry) +
				logger_rec_message_len(rec), LOGGER_ENTRY_ALIGN);
	default:
		if (rec->text_len == LOGGER_TEXT_LEN_UNKNOWN)
			rec->text_len = logger_text_body_len(rec->payload,
							     rec->entry.fields_len,
							     rec->entry.len);
		return logger_text_line_len(&rec->entry, rec->text_len);
	}
}

/**
 * logger_ring_next_size() - bytes the next record this reader sees needs.
 * @ring: the ring.
 * @c: the reader's cursor; caught up and moved past records it cannot see.
 * @format: a LOGGER_FORMAT_*.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: the size in @format, or 0 if there is no such record yet.
 */
size_t logger_ring_next_size(struct logger_ring *ring, struct logger_cursor *c,
			     u32 format)
{
	struct logger_rec *rec;
	size_t size = 0;

	spin_lock(&ring->lock);
	rec = cursor_skip_unseen(ring, c);
	if (rec)
		size = logger_rec_out_size(rec, format);
	spin_unlock(&ring->lock);
	return size;
}

/**
 * logger_ring_next_raw_size() - bytes the next record this reader sees
 *	takes in the ring, and so in a buffer logger_ring_read() copies to.
 * @ring: the ring.
 * @c: the reader's cursor; caught up and moved past records it cannot see.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: the size, or 0 if there is no such record yet.
 */
u32 logger_ring_next_raw_size(struct logger_ring *ring,
			      struct logger_cursor *c)
{
	struct logger_rec *rec;
	u32 size = 0;

	spin_lock(&ring->lock);
	rec = cursor_skip_unseen(ring, c);
	if (rec)
		size = rec->size;
	spin_unlock(&ring->lock);
	return size;
}

/**
 * logger_ring_peek() - copy the next whole records a reader sees, one
 *	bounded step of them, leaving its cursor on the first.
 * @ring: the ring.
 * @c: the reader's cursor: caught up and moved past records it cannot see
 *	before the first copied, not past those copied.
 * @format: the format the caller will deliver them in, which decides how
 *	many fit @out_budget.
 * @dst: kernel memory that receives the records, as &struct logger_rec,
 *	each with its &logger_rec.pos.
 * @dst_size: bytes at @dst.
 * @out_budget: bytes the caller can deliver.
 * @batch: what was copied, or what the next record needs.
 *
 * Copies at most LOGGER_RING_READ_STEP_RECORDS records and
 * LOGGER_RING_READ_STEP_BYTES bytes (or one record, if it is larger), so
 * that writers never wait long behind a reader.  Pass what the caller
 * delivered of them to logger_ring_commit().
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: 0 with @batch->records > 0; -EAGAIN if no record is waiting;
 * -EMSGSIZE if the next record needs more than @out_budget
 * (@batch->need_out says how much); -ENOBUFS if it needs more than
 * @dst_size (@batch->need_raw says how much).
 */
int logger_ring_peek(struct logger_ring *ring, struct logger_cursor *c,
		     u32 format, void *dst, u32 dst_size, size_t out_budget,
		     struct logger_batch *batch)
{
	unsigned int walked = 0;
	struct logger_rec *rec, *copy;
	u64 seq, pos;
	size_t out;
	int ret = 0;

	memset(batch, 0, sizeof(*batch));

	spin_lock(&ring->lock);
	rec = cursor_skip_unseen(ring, c);
	if (!rec) {
		ret = -EAGAIN;
		goto out_unlock;
	}

	/*
	 * From here on the lock is held throughout, so @pos stays valid; a
	 * bounded step keeps the hold short, and the caller asks again.
	 */
	seq = c->seq;
	pos = c->pos;
	while (seq != ring->next_seq &&
	       walked++ < LOGGER_RING_READ_STEP_RECORDS) {
		rec = ring_rec(ring, pos);
		if (cursor_sees(c, rec)) {
			out = logger_rec_out_size(rec, format);
			if (out > out_budget - batch->out_bytes) {
				batch->need_out = out;
				break;
			}
			if (rec->size > dst_size - batch->raw_bytes) {
				batch->need_raw = rec->size;
				break;
			}
			if (batch->records && batch->raw_bytes + rec->size >
			    LOGGER_RING_READ_STEP_BYTES)
				break;
			copy = (void *)((u8 *)dst + batch->raw_bytes);
			memcpy(copy, rec, rec->size);
			copy->pos = pos;
			batch->raw_bytes += rec->size;
			batch->out_bytes += out;
			batch->records++;
		}
		pos = ring_next(ring, pos);
		seq++;
	}
	batch->end_seq = seq;
	batch->end_pos = pos;
	if (!batch->records)
		ret = batch->need_out ? -EMSGSIZE : -ENOBUFS;

out_unlock:
	spin_unlock(&ring->lock);
	return ret;
}

/**
 * logger_ring_commit() - move a reader past the records it delivered.
 * @ring: the ring.
 * @c: the reader's cursor, as logger_ring_peek() left it.
 * @dst: the records logger_ring_peek() copied.
 * @batch: what it said of them.
 * @delivered_bytes: bytes at @dst of the records delivered, whole records
 *	from the first: @batch->raw_bytes for all of them.
 *
 * A record that was not delivered stays the reader's next, to be read
 * again, unless the ring let go of it meanwhile: then the reader's next
 * read counts it missed if it was evicted, as any record evicted before
 * its reader got to it, and not if it was cleared.
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_commit(struct logger_ring *ring, struct logger_cursor *c,
			const void *dst, const struct logger_batch *batch,
			u32 delivered_bytes)
{
	const struct logger_rec *rec = dst;
	u64 seq = batch->end_seq, pos = batch->end_pos;
	u32 off;

	if (delivered_bytes < batch->raw_bytes) {
		rec = (const void *)((const u8 *)dst + delivered_bytes);
		seq = rec->entry.seq;
		pos = rec->pos;
	}

	spin_lock(&ring->lock);
	/* A clear may have moved the cursor past some or all of them. */
	if (seq > c->seq) {
		if (c->owner) {
			/* Every record of its uid it passes was delivered. */
			for (off = 0; off < delivered_bytes; off += rec->size) {
				rec = (const void *)((const u8 *)dst + off);
				if (rec->entry.seq >= c->seq)
					c->seen_before++;
			}
		}
		c->seq = seq;
		c->pos = pos;
	}
	spin_unlock(&ring->lock);
}

/**
 * logger_ring_read() - take the next whole records a reader sees.
 * @ring: the ring.
 * @c: the reader's cursor, moved past the records copied and those it
 *	cannot see.
 * @format: as for logger_ring_peek().
 * @dst: as for logger_ring_peek().
 * @dst_size: bytes at @dst.
 * @out_budget: bytes the caller can deliver.
 * @batch: what was copied, or what the next record needs.
 *
 * logger_ring_peek(), then logger_ring_commit() of every record copied:
 * for a reader whose delivery cannot fail.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: as logger_ring_peek().
 */
int logger_ring_read(struct logger_ring *ring, struct logger_cursor *c,
		     u32 format, void *dst, u32 dst_size, size_t out_budget,
		     struct logger_batch *batch)
{
	int ret = logger_ring_peek(ring, c, format, dst, dst_size, out_budget,
				   batch);

	if (!ret)
		logger_ring_commit(ring, c, dst, batch, batch->raw_bytes);
	return ret;
}

/*
 * Moves @c forward to record @target, clamped to [first_seq, next_seq], or
 * to the record of its uid that has @own_target records of that uid before
 * it, whichever comes first, counting the records of its uid it passes.
 * Records passed on the way are skipped on purpose, so evictions of them
 * are not misses.  Call only when holding ring->lock, with @c caught up;
 * may drop it to reschedule.
 */
static u64 cursor_advance(struct logger_ring *ring, struct logger_cursor *c,
			  u64 target, u64 own_target)
{
	unsigned int walked = 0;

	lockdep_assert_held(&ring->lock);

	for (;;) {
		if (c->seq < ring->first_seq)
			cursor_to_tail(ring, c);
		cursor_resolve(ring, c);
		if (c->seq >= clamp(target, ring->first_seq, ring->next_seq))
			break;
		if (c->owner && cursor_sees(c, ring_rec(ring, c->pos))) {
			if (c->seen_before >= own_target)
				break;
			c->seen_before++;
		}
		c->pos = ring_next(ring, c->pos);
		c->seq++;
		if (++walked % RING_WALK_BATCH == 0)
			ring_pause(ring);
	}
	if (c->seq == ring->next_seq)
		c->pos = ring->head;
	return c->seq;
}

/*
 * Positions @c on record @target, clamped to [first_seq, next_seq]: forward
 * from where it is, or from the tail.  Call only when holding ring->lock;
 * may drop it to reschedule.
 */
static u64 cursor_seek(struct logger_ring *ring, struct logger_cursor *c,
		       u64 target)
{
	lockdep_assert_held(&ring->lock);

	cursor_catch_up(ring, c);
	if (target < c->seq)
		cursor_to_tail(ring, c);
	return cursor_advance(ring, c, target, U64_MAX);
}

/**
 * logger_ring_seek() - move a reader to a seq.
 * @ring: the ring.
 * @c: the reader's cursor.
 * @seq: the seq to read next; clamped to [first_seq, next_seq], so 0 means
 *	the oldest record held.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: the seq the cursor now reads next.
 */
u64 logger_ring_seek(struct logger_ring *ring, struct logger_cursor *c,
		     u64 seq)
{
	spin_lock(&ring->lock);
	seq = cursor_seek(ring, c, seq);
	spin_unlock(&ring->lock);
	return seq;
}

/*
 * Puts a restricted reader's cursor on the @count-th newest record of its
 * uid (at the end if @count is 0, at the oldest record if it has fewer).
 * Call only when holding ring->lock; may drop it to reschedule.
 */
static u64 cursor_seek_last_own(struct logger_ring *ring,
				struct logger_cursor *c, u64 count)
{
	struct logger_uid_count *own = c->owner;
	/* Of the records @own ever wrote, the one to read next. */
	u64 target = own->removed + own->held - min_t(u64, count, own->held);

	lockdep_assert_held(&ring->lock);

	cursor_catch_up(ring, c);
	cursor_to_tail(ring, c);
	return cursor_advance(ring, c, U64_MAX, target);
}

/**
 * logger_ring_seek_last() - move a reader to the last records it can see.
 * @ring: the ring.
 * @c: the reader's cursor.
 * @count: how many of the newest records this reader can see to leave
 *	unread; 0 means only records written from now on.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: the seq the cursor now reads next.
 */
u64 logger_ring_seek_last(struct logger_ring *ring, struct logger_cursor *c,
			  u64 count)
{
	u64 seq;

	spin_lock(&ring->lock);
	if (c->owner) {
		seq = cursor_seek_last_own(ring, c, count);
	} else {
		count = min(count, ring->next_seq - ring->first_seq);
		seq = cursor_seek(ring, c, ring->next_seq - count);
	}
	spin_unlock(&ring->lock);
	return seq;
}

/**
 * logger_ring_tell() - the seq a reader reads next.
 * @ring: the ring.
 * @c: the reader's cursor; caught up first.
 *
 * Context: Takes and releases ring->lock.
 * Return: that seq.
 */
u64 logger_ring_tell(struct logger_ring *ring, struct logger_cursor *c)
{
	u64 seq;

	spin_lock(&ring->lock);
	cursor_catch_up(ring, c);
	seq = c->seq;
	spin_unlock(&ring->lock);
	return seq;
}

/*
 * Brings every cursor that records have left behind to the oldest record
 * held, counting what each could see as missed if @count.  Call only when
 * holding ring->lock.
 */
static void ring_settle_cursors(struct logger_ring *ring, bool count)
{
	struct logger_cursor *c;

	lockdep_assert_held(&ring->lock);

	list_for_each_entry(c, &ring->cursors, node) {
		if (c->seq >= ring->first_seq)
			continue;
		if (count)
			c->missed += cursor_lost_from(ring, c, c->seq,
						      c->seen_before);
		cursor_to_tail(ring, c);
	}
}

/**
 * logger_ring_clear() - drop every record below a seq.
 * @ring: the ring.
 * @up_to: the first seq to keep; values above next_seq act as next_seq.
 *
 * Cursors on dropped records move to the oldest record kept; the records
 * count as cleared, not as missed.  Walks every cursor: clearing is
 * privileged and rare, unlike writing.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: the number of records dropped.
 */
u64 logger_ring_clear(struct logger_ring *ring, u64 up_to)
{
	u64 dropped = 0;

	spin_lock(&ring->lock);
	/* Records written while the lock is dropped below are not cleared. */
	up_to = min(up_to, ring->next_seq);
	/* What readers lost to eviction before the clear stays lost. */
	ring_settle_cursors(ring, true);
	while (ring->first_seq < up_to) {
		ring_remove_oldest(ring, true);
		/* A bounded step, as every long walk: writers get their turn. */
		if (++dropped % RING_WALK_BATCH == 0 &&
		    ring->first_seq < up_to) {
			ring_settle_cursors(ring, false);
			ring_pause(ring);
			/* Writers may have evicted records meanwhile. */
			ring_settle_cursors(ring, true);
		}
	}
	ring_settle_cursors(ring, false);
	spin_unlock(&ring->lock);
	return dropped;
}

/**
 * logger_ring_stats() - fill the counters of LOGGER_IOC_GET_STATS for a
 *	reader that sees every record.
 * @ring: the ring.
 * @c: the cursor whose missed records to report, or NULL; only looked at.
 * @stats: zeroed by the caller, so that reserved fields stay zero.
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_stats(struct logger_ring *ring, struct logger_cursor *c,
		       struct logger_stats *stats)
{
	spin_lock(&ring->lock);
	stats->bytes_written = ring->bytes_written;
	stats->records_written = ring->next_seq - 1;
	stats->records_dropped = ring->records_dropped;
	stats->records_cleared = ring->records_cleared;
	stats->first_seq = ring->first_seq;
	stats->next_seq = ring->next_seq;
	stats->reader_missed = c ? c->missed + cursor_lost_from(ring, c, c->seq,
								  c->seen_before) : 0;
	stats->buffer_size = ring->size;
	stats->buffer_used = ring->head - ring->tail;
	stats->records_held = ring->next_seq - ring->first_seq;
	stats->readers = ring->readers;
	stats->max_payload = ring->max_payload;
	spin_unlock(&ring->lock);
	stats->writes_rejected = atomic64_read(&ring->writes_rejected);
}

/**
 * logger_ring_own_stats() - fill the counters of LOGGER_IOC_GET_STATS for a
 *	reader restricted to one uid's records.
 * @ring: the ring.
 * @c: the reader's cursor, or NULL for a file that does not read; only
 *	looked at.
 * @uid: the reader's uid, for a file without a cursor.
 * @stats: zeroed by the caller.
 *
 * Only what tells of @uid's own records, the seqs any reader's lseek()
 * tells, and the ring's size and largest payload: every other counter
 * stays 0.
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_own_stats(struct logger_ring *ring, struct logger_cursor *c,
			   u32 uid, struct logger_stats *stats)
{
	struct logger_uid_count *own;

	spin_lock(&ring->lock);
	own = c ? c->owner : ring_find_count(ring, uid);
	if (own) {
		stats->records_held = own->held;
		stats->buffer_used = own->held_bytes;
	}
	if (c)
		stats->reader_missed = c->missed +
			cursor_lost_from(ring, c, c->seq, c->seen_before);
	/* Any reader's lseek() tells these. */
	stats->first_seq = ring->first_seq;
	stats->next_seq = ring->next_seq;
	stats->buffer_size = ring->size;
	stats->max_payload = ring->max_payload;
	spin_unlock(&ring->lock);
}
