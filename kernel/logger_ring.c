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
 * writer in one hold of the lock; its caller bounds the batch.  Evicting a record costs the same
 * however many readers there are: nothing on the write path looks at a
 * reader.
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
 * under the lock.  logger_ring_read() copies whole records into a kernel
 * buffer of the reader's and moves its cursor past them, in one hold of
 * the lock: from then on they are the reader's, and nothing that happens
 * to the ring can take them from it.  A reader that cannot deliver them
 * all at once (a copy to user space faulted) keeps the rest for its next
 * read; logger_dev.c does.
 *
 * Locking: @lock, a spinlock, guards the ring, its counters, the per-uid
 * counts and every cursor's position.  It is the innermost lock: nothing
 * else is taken while it is held, and nothing under it sleeps.  Its holds
 * are short: a write copies at most LOGGER_RING_MAX_PAYLOAD bytes, a read
 * at most RING_WALK_BATCH records, and long walks (seeking far, skipping
 * many records another user wrote) give it up every RING_WALK_BATCH steps
 * with ring_pause(), clearing whenever the scheduler asks, and recheck
 * their position when they get it back.  Callers that serialize several
 * calls on one cursor (a file's read and lseek) use their own lock outside
 * this one.
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
#define RING_WALK_BATCH		1024

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

/*
 * The counts of @uid's records, made on first use.  They are freed only
 * with the ring, so the pointer stays valid for good without a reference.
 * Returns NULL if memory ran out.  Process context; may sleep.
 */
static struct logger_uid_count *ring_uid_count(struct logger_ring *ring,
					       u32 uid)
{
	/* Acquire: pairs with the release below, which publishes @uid. */
	struct logger_uid_count *count = smp_load_acquire(&ring->owner_hint);
	struct logger_uid_count *made, *old;

	if (count && count->uid == uid)
		return count;
	count = xa_load(&ring->uids, uid);
	if (!count) {
		made = kzalloc(sizeof(*made), GFP_KERNEL_ACCOUNT);
		if (!made)
			return NULL;
		made->uid = uid;
		old = xa_cmpxchg(&ring->uids, uid, NULL, made,
				 GFP_KERNEL_ACCOUNT);
		if (xa_is_err(old)) {
			kfree(made);
			return NULL;
		}
		if (old)	/* another writer of this uid was first */
			kfree(made);
		count = old ? old : made;
	}
	smp_store_release(&ring->owner_hint, count);
	return count;
}

/*
 * Makes @c->pos point at record @c->seq itself.  A cursor that waited at
 * @head may find an end-of-lap marker there, and the tail may since have
 * stepped over that marker.  Call only when holding ring->lock, with @c
 * not behind the tail.
 */
static void cursor_resolve(const struct logger_ring *ring,
			   struct logger_cursor *c)
{
	lockdep_assert_held(&ring->lock);

	if (c->pos < ring->tail)
		c->pos = ring->tail;
	else if (c->pos != ring->head && ring_rec(ring, c->pos)->size == 0)
		c->pos = ring_next_lap(ring, c->pos);
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
	struct logger_uid_count *owner = ring_rec(ring, ring->tail)->owner;

	lockdep_assert_held(&ring->lock);

	owner->held--;
	owner->removed++;
	ring->tail = ring_next(ring, ring->tail);
	ring->first_seq++;
	if (cleared)
		ring->records_cleared++;
	else
		ring->records_dropped++;
}

/**
 * logger_ring_init() - allocate an empty ring.
 * @ring: the ring to set up.
 * @size: bytes of records; a power of two within
 *	[LOGGER_RING_MIN_SIZE, LOGGER_RING_MAX_SIZE].
 * @max_payload: the largest payload to accept; at most @size / 4, so that
 *	a record and an end-of-lap marker always fit, and at most
 *	LOGGER_RING_MAX_PAYLOAD.
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
 * @ring: a ring with no cursors left.
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
	u32 size = ring_rec_size(in->len);
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
	e->len = in->len;
	e->seq = ring->next_seq++;
	e->ts_ns = now;
	e->pid = w->pid;
	e->tid = w->tid;
	e->uid = w->uid;
	e->gid = w->gid;
	memcpy(e->comm, w->comm, sizeof(e->comm));
	e->src_ts_ns = in->src_ts_ns;
	e->cgroup_id = w->cgroup_id;
	e->fields_len = in->fields_len;
	e->reserved = 0;
	memcpy(rec->payload, in->payload, in->len);
	memset(rec->payload + in->len, 0, size - sizeof(*rec) - in->len);

	owner->held++;
	ring->head += size;
	ring->bytes_written += in->len;
}

/**
 * logger_ring_append() - add records of one writer, evicting the oldest as
 *	needed.
 * @ring: the ring.
 * @writer: who writes them; stamped on each.
 * @recs: the records, in the order they get their seqs.
 * @n: how many; the caller bounds it, as it bounds how long the lock is
 *	held (all of them in one hold of it).
 *
 * Either every record is appended or none is.  Each is one record, with
 * consecutive seqs; the lock is held throughout, so no other writer's
 * record falls between them.  The time is read once, so they share it.
 *
 * Context: Process context; may sleep before it takes ring->lock, to make
 * the counts of a uid that never wrote before.
 * Return: 0, -EMSGSIZE if a payload is over @ring->max_payload, or
 * -ENOMEM.
 */
int logger_ring_append(struct logger_ring *ring,
		       const struct logger_writer *writer,
		       const struct logger_append *recs, unsigned int n)
{
	struct logger_uid_count *owner;
	unsigned int i;
	u64 now;

	for (i = 0; i < n; i++)
		if (recs[i].len > ring->max_payload)
			return -EMSGSIZE;
	owner = ring_uid_count(ring, writer->uid);
	if (!owner)
		return -ENOMEM;

	spin_lock(&ring->lock);
	/* Under the lock, so that seq order and time order agree. */
	now = ktime_get_real_ns();
	for (i = 0; i < n; i++)
		ring_put(ring, writer, &recs[i], owner, now);
	spin_unlock(&ring->lock);
	return 0;
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
	if (!sees_all) {
		c->owner = ring_uid_count(ring, uid);
		if (!c->owner)
			return -ENOMEM;
	}

	spin_lock(&ring->lock);
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
	case LOGGER_FORMAT_BINARY_V2:
		return rec->size - offsetof(struct logger_rec, entry);
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
 * @format: LOGGER_FORMAT_TEXT or LOGGER_FORMAT_BINARY.
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
 * logger_ring_read() - take the next whole records a reader sees.
 * @ring: the ring.
 * @c: the reader's cursor, moved past the records copied and those it
 *	cannot see.
 * @format: the format the caller will deliver them in, which decides how
 *	many fit @out_budget.
 * @dst: kernel memory that receives the records, as &struct logger_rec.
 * @dst_size: bytes at @dst.
 * @out_budget: bytes the caller can deliver.
 * @batch: what was copied, or what the next record needs.
 *
 * Context: Process context; takes ring->lock and may drop it to reschedule.
 * Return: 0 with @batch->records > 0; -EAGAIN if no record is waiting;
 * -EMSGSIZE if the next record needs more than @out_budget
 * (@batch->need_out says how much); -ENOBUFS if it needs more than
 * @dst_size (@batch->need_raw says how much).
 */
int logger_ring_read(struct logger_ring *ring, struct logger_cursor *c,
		     u32 format, void *dst, u32 dst_size, size_t out_budget,
		     struct logger_batch *batch)
{
	unsigned int walked = 0;
	struct logger_rec *rec;
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
	 * bounded walk keeps the hold short, and the caller asks again.
	 */
	seq = c->seq;
	pos = c->pos;
	while (seq != ring->next_seq && walked++ < RING_WALK_BATCH) {
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
			memcpy((u8 *)dst + batch->raw_bytes, rec, rec->size);
			batch->raw_bytes += rec->size;
			batch->out_bytes += out;
			batch->records++;
		}
		pos = ring_next(ring, pos);
		seq++;
	}

	if (!batch->records) {
		ret = batch->need_out ? -EMSGSIZE : -ENOBUFS;
		goto out_unlock;
	}
	c->seq = seq;
	c->pos = pos;
	c->seen_before += batch->records;

out_unlock:
	spin_unlock(&ring->lock);
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
		if (++dropped % RING_WALK_BATCH == 0 && need_resched()) {
			ring_settle_cursors(ring, false);
			cond_resched_lock(&ring->lock);
			/* Writers may have evicted records meanwhile. */
			ring_settle_cursors(ring, true);
		}
	}
	ring_settle_cursors(ring, false);
	spin_unlock(&ring->lock);
	return dropped;
}

/**
 * logger_ring_stats() - fill the counters of LOGGER_IOC_GET_STATS.
 * @ring: the ring.
 * @c: the cursor whose @missed to report (caught up first), or NULL.
 * @stats: zeroed by the caller, so that reserved fields stay zero.
 *
 * Context: Takes and releases ring->lock.
 */
void logger_ring_stats(struct logger_ring *ring, struct logger_cursor *c,
		       struct logger_stats *stats)
{
	spin_lock(&ring->lock);
	if (c)
		cursor_catch_up(ring, c);
	stats->bytes_written = ring->bytes_written;
	stats->records_written = ring->next_seq - 1;
	stats->records_dropped = ring->records_dropped;
	stats->records_cleared = ring->records_cleared;
	stats->first_seq = ring->first_seq;
	stats->next_seq = ring->next_seq;
	stats->reader_missed = c ? c->missed : 0;
	stats->buffer_size = ring->size;
	stats->buffer_used = ring->head - ring->tail;
	stats->records_held = ring->next_seq - ring->first_seq;
	stats->readers = ring->readers;
	stats->max_payload = ring->max_payload;
	spin_unlock(&ring->lock);
	stats->writes_rejected = atomic64_read(&ring->writes_rejected);
}
