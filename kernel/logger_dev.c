// SPDX-License-Identifier: GPL-2.0
/*
 * logger_dev.c - /dev/logger: a log device any process may write records
 * to and any number of readers may tail, each with its own cursor.  The
 * essay below shows its use from user space; the records themselves live
 * in the ring of logger_ring.c.
 */

/**
 * DOC: Using /dev/logger from user space
 *
 * Every write() is one record; the kernel stamps the writer's pid, tid,
 * uid, gid, name and the time.  A leading "<d>" sets the syslog level::
 *
 *	int fd = open("/dev/logger", O_WRONLY);
 *	write(fd, "<3>disk full", 12);		// one record, level 3 (err)
 *
 * Reading returns whole records, oldest first, each reader from its own
 * cursor; by default one text line per record, so `cat /dev/logger`
 * works.  Programs switch to binary records and walk them::
 *
 *	int fd = open("/dev/logger", O_RDONLY);
 *	__u32 fmt = LOGGER_FORMAT_BINARY;
 *	ioctl(fd, LOGGER_IOC_SET_FORMAT, &fmt);
 *	lseek(fd, -10, SEEK_END);		// only the last 10 records
 *	char buf[65536];
 *	for (;;) {
 *		ssize_t n = read(fd, buf, sizeof(buf));	// blocks for the first
 *		for (char *p = buf; p < buf + n; ) {
 *			struct logger_entry *e = (void *)p;
 *			// e->seq jumps when records were lost to wrapping;
 *			// the payload is e->len bytes at p + e->hdr_size
 *			p += LOGGER_ENTRY_SPAN(e);
 *		}
 *	}
 *
 * Version 2 of the ABI lets one write carry many records, each with the
 * writer's own fields and the event's own time, after one ioctl; the
 * records read back with them in LOGGER_FORMAT_BINARY_V2 (and, version 3,
 * with the fields the kernel stamps in LOGGER_FORMAT_BINARY_V3)::
 *
 *	__u32 mode = LOGGER_WRITE_FRAMED;
 *	ioctl(fd, LOGGER_IOC_SET_WRITE_MODE, &mode);
 *	// frames: struct logger_frame, fields, message, 8-byte aligned
 *	write(fd, frames, n);			// n / 8 * 8 == n, all or none
 *
 * poll(), select() and epoll report EPOLLIN when this file has a record
 * to read.  LOGGER_IOC_GET_STATS returns the ring's counters (for a reader
 * restricted to its own records, only those of its own records) and the
 * records this file missed; LOGGER_IOC_CLEAR (CAP_SYSLOG) drops records
 * below a seq.  The same counters are in /sys/class/misc/logger/, for root
 * (and a group udev names).
 *
 * Privilege: reading every user's records and clearing need CAP_SYSLOG
 * (or, deprecated, CAP_SYS_ADMIN) in the initial user namespace, the rule
 * of syslog(2).  It is decided once, when the file is opened, from the
 * opener's credentials, so handing the file to another process grants
 * that process nothing it did not have.
 *
 * Identity: pid, tid, uid, gid and name are the writing task's.  When the
 * file was opened with another effective uid or gid than the writer's, the
 * record also carries the opener's, as the kernel fields _OPENER_UID and
 * _OPENER_GID, so that a file handed to a more privileged program cannot
 * make what the opener chose pass for that program's own.
 *
 * Cost: an open file holds a &struct logger_file and nothing else, also
 * after a read whose buffer faulted.  A read() allocates the buffers it
 * copies records through when it has a record to deliver, sized to it,
 * and frees them before it returns; every allocation a user can cause is
 * charged to that user's memory cgroup.
 *
 * Locking: each open file has a mutex, &logger_file.lock, that serializes
 * the steps of one read(), lseek() or LOGGER_IOC_GET_NEXT_SIZE on its
 * cursor; it is never held while waiting for a record, and a non-blocking
 * read that finds it taken returns EAGAIN.  Inside it, the ring's spinlock
 * guards the records and every cursor (see logger_ring.c).  Order: file
 * mutex, then ring spinlock.  Copies from and to user space happen with no
 * spinlock held: writes copy into a kernel buffer first, reads copy a
 * bounded step of records out of the ring into a bounce buffer first and
 * move their cursor past those that reached user space.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/user_namespace.h>

#include "logger.h"
#include "logger_fields.h"
#include "logger_text.h"

#define LOGGER_DEFAULT_BUFFER_SIZE	(1U << 20)
#define LOGGER_DEFAULT_MAX_PAYLOAD	65536U
#define LOGGER_DEFAULT_MAX_BATCH	262144U

static unsigned int buffer_size = LOGGER_DEFAULT_BUFFER_SIZE;
module_param(buffer_size, uint, 0444);
MODULE_PARM_DESC(buffer_size,
		 "Bytes of the record ring, 65536..268435456, rounded up to a power of two (default 1 MiB)");

static unsigned int max_payload;
module_param(max_payload, uint, 0444);
MODULE_PARM_DESC(max_payload,
		 "Largest payload of one write, at most buffer_size/4 and 1 MiB (default, or 0: 65536 or buffer_size/4 if smaller)");

static unsigned int max_batch;
module_param(max_batch, uint, 0444);
MODULE_PARM_DESC(max_batch,
		 "Most bytes of one framed write, round_up(max_payload + 16, 8)..buffer_size/2 (default, or 0: 262144 or buffer_size/2 if smaller)");

static bool restrict_read = true;
module_param(restrict_read, bool, 0444);
MODULE_PARM_DESC(restrict_read,
		 "Readers without CAP_SYSLOG see only records written with their own uid (default Y)");

/* Writes up to this size are staged on the stack rather than allocated. */
#define LOGGER_STACK_WRITE	256
/* The most a read's bounce buffer takes, unless one record needs more. */
#define LOGGER_BOUNCE_SIZE	(64U << 10)
/* Text lines are escaped into a buffer of this size before copy_to_user. */
#define LOGGER_TEXT_CHUNK	PAGE_SIZE

/**
 * struct logger_file - one open file of /dev/logger.
 * @dev: the device.
 * @lock: serializes read(), lseek() and LOGGER_IOC_GET_NEXT_SIZE on
 *	@cursor.
 * @reads: opened for reading: @cursor is on the ring.
 * @privileged: the opener could read every user's records and clear
 *	them (see "Privilege" above).
 * @sees_all: the file reads every user's records and gets the ring's
 *	counters: @privileged, or restrict_read off.
 * @uid: the opener's effective uid, in the initial user namespace.
 * @cursor: where this file takes records from the ring next.
 * @format: a LOGGER_FORMAT_*; set by ioctl without @lock, so accessed
 *	with READ_ONCE()/WRITE_ONCE().
 * @write_mode: LOGGER_WRITE_PLAIN or LOGGER_WRITE_FRAMED; likewise.
 */
struct logger_file {
	struct logger_device *dev;
	struct mutex lock;
	bool reads;
	bool privileged;
	bool sees_all;
	u32 uid;
	struct logger_cursor cursor;
	u32 format;
	u32 write_mode;
};

/**
 * struct logger_bounce - records one read took out of the ring, on their
 *	way to user space.
 * @buf: the records, back to back as &struct logger_rec; NULL when none.
 * @size: bytes at @buf.
 * @next: offset in @buf of the first record not delivered.
 * @end: offset in @buf after the last record.
 *
 * Allocated when a read has a record to deliver, sized to it, and freed
 * before the read returns, whatever happened: a file holds none between
 * reads, so a reader whose buffer faults keeps nothing either.
 */
struct logger_bounce {
	void *buf;
	u32 size;
	u32 next;
	u32 end;
};

/* The records not delivered yet, one after the other. */
#define for_each_bounce_rec(rec, b)					\
	for ((rec) = (void *)((u8 *)(b)->buf + (b)->next);		\
	     (u8 *)(rec) < (u8 *)(b)->buf + (b)->end;			\
	     (rec) = (void *)((u8 *)(rec) + (rec)->size))

/* Makes room for @need bytes of records in @b, which holds none. */
static int bounce_reserve(struct logger_bounce *b, u32 need)
{
	u32 size = PAGE_ALIGN(need);
	void *buf;

	if (size <= b->size)
		return 0;
	buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	kvfree(b->buf);
	b->buf = buf;
	b->size = size;
	return 0;
}

static void bounce_free(struct logger_bounce *b)
{
	kvfree(b->buf);
	memset(b, 0, sizeof(*b));
}

/*
 * The rule of syslog(2): CAP_SYSLOG, or CAP_SYS_ADMIN as a deprecated
 * fallback, in the initial user namespace.  Asked at open, of current's
 * credentials, which are the ones file->f_cred holds.  A probe, not a
 * request: a reader without either is simply restricted, so neither check
 * leaves an audit record.
 */
static bool opener_is_privileged(void)
{
	if (ns_capable_noaudit(&init_user_ns, CAP_SYSLOG))
		return true;
	if (ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN)) {
		pr_warn_once("%s (%d): CAP_SYS_ADMIN without CAP_SYSLOG grants /dev/logger's privileges, but this is deprecated\n",
			     current->comm, task_pid_nr(current));
		return true;
	}
	return false;
}

/* Opening for reading starts a cursor at the oldest record held. */
static int logger_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;
	struct logger_device *dev = container_of(misc, struct logger_device,
						 misc);
	struct logger_file *lf;
	int ret;

	lf = kzalloc(sizeof(*lf), GFP_KERNEL_ACCOUNT);
	if (!lf)
		return -ENOMEM;
	lf->dev = dev;
	mutex_init(&lf->lock);
	/* Positions are sequence numbers, set by lseek(): no pread/pwrite. */
	file->f_mode &= ~(FMODE_PREAD | FMODE_PWRITE);
	/*
	 * A write never waits for room or for another writer (at most for
	 * memory, as a pipe's does), so io_uring may run it at once in the
	 * submitting task, which it then stamps, rather than punt it to one
	 * of its io-wq workers, whose tid and name the record would carry.
	 */
	file->f_mode |= FMODE_NOWAIT;
	lf->format = LOGGER_FORMAT_TEXT;
	lf->privileged = opener_is_privileged();
	lf->sees_all = !restrict_read || lf->privileged;
	lf->uid = from_kuid_munged(&init_user_ns, current_euid());

	if (file->f_mode & FMODE_READ) {
		ret = logger_ring_add_cursor(&dev->ring, &lf->cursor, lf->uid,
					     lf->sees_all);
		if (ret)
			goto out_free_file;
		lf->reads = true;
	}
	file->private_data = lf;
	return 0;

out_free_file:
	mutex_destroy(&lf->lock);
	kfree(lf);
	return ret;
}

/* The last close of a file forgets its cursor. */
static int logger_release(struct inode *inode, struct file *file)
{
	struct logger_file *lf = file->private_data;

	if (lf->reads)
		logger_ring_remove_cursor(&lf->dev->ring, &lf->cursor);
	mutex_destroy(&lf->lock);
	kfree(lf);
	return 0;
}

/*
 * Splits an optional "<d>" (d in 0..7) off the front of a message.
 * Anything else, "<8>x" and "<3" included, is payload at the default level.
 */
static u8 take_level(const char **msg, u32 *len)
{
	const char *p = *msg;

	if (*len >= 3 && p[0] == '<' && p[1] >= '0' && p[1] <= '7' &&
	    p[2] == '>') {
		*msg += 3;
		*len -= 3;
		return p[1] - '0';
	}
	return LOGGER_LEVEL_DEFAULT;
}

/* The writer's cgroup v2 id, as bpf_get_current_cgroup_id() gives it. */
static u64 current_cgroup_id(void)
{
#ifdef CONFIG_CGROUPS
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
	return id;
#else
	return 0;
#endif
}

/* Puts a kernel field @key=@id (decimal) at @p; returns its length. */
static u32 put_id_field(char *p, const char *key, u32 id)
{
	struct logger_field f = { .key_len = strlen(key) };
	char digits[11];

	f.value_len = scnprintf(digits, sizeof(digits), "%u", id);
	memcpy(p, &f, sizeof(f));
	memcpy(p + sizeof(f), key, f.key_len);
	memcpy(p + sizeof(f) + f.key_len, digits, f.value_len);
	return sizeof(f) + f.key_len + f.value_len;
}

/*
 * What the kernel stamps on every record the current task writes through
 * @file.  The ids are the writer's: a service a manager opened the file
 * for, before it dropped to the service's user, is stamped with its own.
 * Read rights come from the opener (file->f_cred), so when the two differ
 * (a file passed over a socket, inherited across a change of user) the
 * record says who opened it as well: a privileged program that writes
 * text an unprivileged opener chose into a file the opener passed it, the
 * confused deputy of Documentation/security/credentials.rst, cannot make
 * that text pass for its own.
 */
static void stamp_writer(struct logger_writer *w, const struct file *file)
{
	const struct cred *opener = file->f_cred;
	kuid_t euid = current_euid();
	kgid_t egid = current_egid();

	w->pid = task_tgid_nr(current);
	w->tid = task_pid_nr(current);
	w->uid = from_kuid_munged(&init_user_ns, euid);
	w->gid = from_kgid_munged(&init_user_ns, egid);
	w->cgroup_id = current_cgroup_id();
	/*
	 * Without get_task_comm()'s task_lock, as kernels since 6.13 do: only
	 * this thread's own group can rename it, so a torn read can only mix
	 * two of its own names, never forge another's.
	 */
	strscpy_pad(w->comm, current->comm, sizeof(w->comm));

	w->fields_len = 0;
	if (uid_eq(opener->euid, euid) && gid_eq(opener->egid, egid))
		return;
	w->fields_len += put_id_field(w->fields, LOGGER_FIELD_OPENER_UID,
				      from_kuid_munged(&init_user_ns,
						       opener->euid));
	if (!gid_eq(opener->egid, egid))
		w->fields_len += put_id_field(w->fields + w->fields_len,
					      LOGGER_FIELD_OPENER_GID,
					      from_kgid_munged(&init_user_ns,
							       opener->egid));
}

static void wake_waiters(struct logger_device *dev)
{
	wake_up_interruptible_poll(&dev->wait, EPOLLIN | EPOLLRDNORM);
}

/* The deferred wake-up of wake_readers(), at the writer CPU's next tick. */
static void wake_readers_work(struct irq_work *work)
{
	wake_waiters(container_of(work, struct logger_device, wake_work));
}

/*
 * Readers blocked in read() that a write wakes itself; when more wait, it
 * leaves them to the next timer tick of its CPU.
 */
#define LOGGER_WAKE_AT_ONCE	4

/*
 * Wakes the readers and pollers waiting for a record.  Waking N waiters
 * costs N wake-ups, which a writer would pay in every write while many
 * readers keep draining (each wakes, reads the one new record and waits
 * again): with more than LOGGER_WAKE_AT_ONCE readers blocked, they are
 * woken at the next timer tick of this CPU instead, as printk wakes the
 * readers of the kernel log, so that a burst of writes within a tick wakes
 * them once, a few milliseconds later at most.  A follower or two, and
 * pollers, are woken at once.
 */
static void wake_readers(struct logger_device *dev)
{
	if (!wq_has_sleeper(&dev->wait))
		return;
	if (atomic_read(&dev->blocked_readers) > LOGGER_WAKE_AT_ONCE)
		irq_work_queue(&dev->wake_work);
	else
		wake_waiters(dev);
}

/*
 * A plain write: @count bytes at @buf, a kernel copy of what the writer
 * passed, are one record, an optional "<d>" in front setting its level.
 */
static int store_plain(struct file *file, const char *buf, size_t count)
{
	struct logger_file *lf = file->private_data;
	struct logger_append rec = { .payload = buf, .len = count };
	struct logger_writer w;
	int ret;

	rec.level = take_level(&rec.payload, &rec.len);
	stamp_writer(&w, file);
	ret = logger_ring_append(&lf->dev->ring, &w, NULL, &rec, 1);
	if (!ret)
		wake_readers(lf->dev);
	return ret;
}

/* The frame at @off of a framed write, copied out: frames are unaligned. */
static struct logger_frame frame_at(const char *buf, size_t off)
{
	struct logger_frame f;

	memcpy(&f, buf + off, sizeof(f));
	return f;
}

/*
 * Records of a framed write appended per hold of the ring's lock, and the
 * payload bytes after which a hold ends sooner: a batch never holds the
 * lock for much longer than one large record does.
 */
#define LOGGER_FRAMES_PER_HOLD	16
#define LOGGER_BYTES_PER_HOLD	(64U << 10)

/**
 * struct frames_check - what checking a framed write found.
 * @frames: how many frames it carries.
 * @cost: bytes its records will take in the ring, LOGGER_RECORD_COST() of
 *	each, the kernel's fields of this writer included.
 */
struct frames_check {
	u32 frames;
	u64 cost;
};

/*
 * Checks every frame of a framed write of @n bytes before anything is
 * stored: -EINVAL for a malformed one or padding that is not zero,
 * -EMSGSIZE for one whose fields and message exceed @max_payload.  Counts
 * what its records will take in the ring, with @stamp_len bytes of the
 * kernel's fields each.
 */
static int check_frames(const char *buf, size_t n, u32 max_payload,
			u32 stamp_len, struct frames_check *found)
{
	struct logger_frame f;
	size_t off = 0, span;
	int ret;

	memset(found, 0, sizeof(*found));
	while (off < n) {
		if (n - off < sizeof(f))
			return -EINVAL;
		f = frame_at(buf, off);
		if (f.size < sizeof(f) || f.size > n - off ||
		    f.level > LOGGER_LEVEL_DEBUG || f.flags ||
		    f.fields_len > f.size - sizeof(f))
			return -EINVAL;
		ret = logger_fields_check(buf + off + sizeof(f), f.fields_len);
		if (ret)
			return ret;
		if (f.size - sizeof(f) > max_payload)
			return -EMSGSIZE;
		span = LOGGER_FRAME_SPAN(&f);
		/* Padding is zero, so that it may be given a meaning later. */
		if (memchr_inv(buf + off + f.size, 0,
			       min(span, n - off) - f.size))
			return -EINVAL;
		found->frames++;
		found->cost += LOGGER_RECORD_COST(stamp_len + f.size - sizeof(f));
		off += span;
	}
	/* The write ends exactly where its last frame, rounded up, ends. */
	return off == n ? 0 : -EINVAL;
}

/*
 * A framed write: each of the frames at @buf (@n bytes, checked whole
 * first) becomes one record, in order, all of them or none.
 */
static int store_frames(struct file *file, const char *buf, size_t n)
{
	struct logger_append recs[LOGGER_FRAMES_PER_HOLD];
	struct logger_file *lf = file->private_data;
	struct logger_ring *ring = &lf->dev->ring;
	struct logger_uid_count *pinned = NULL;
	struct frames_check found;
	struct logger_writer w;
	unsigned int k = 0;
	u32 bytes = 0;
	struct logger_frame f;
	size_t off = 0;
	int ret;

	stamp_writer(&w, file);
	ret = check_frames(buf, n, ring->max_payload, w.fields_len, &found);
	if (ret)
		return ret;
	/* Its records, headers included: never so many that they evict their own. */
	if (found.cost > lf->dev->max_batch_ring)
		return -EMSGSIZE;
	/*
	 * A write of several holds keeps the counts of its uid between them,
	 * so that only this can fail and a failed write stores nothing.
	 */
	if (found.frames > LOGGER_FRAMES_PER_HOLD || n >= LOGGER_BYTES_PER_HOLD) {
		pinned = logger_ring_pin_writer(ring, w.uid);
		if (!pinned)
			return -ENOMEM;
	}
	while (off < n) {
		f = frame_at(buf, off);
		recs[k++] = (struct logger_append) {
			.payload = buf + off + sizeof(f),
			.len = f.size - sizeof(f),
			.fields_len = f.fields_len,
			.src_ts_ns = f.src_ts_ns,
			.level = f.level,
			.flags = LOGGER_F_FRAMED,
		};
		bytes += f.size;
		off += LOGGER_FRAME_SPAN(&f);
		if (k < LOGGER_FRAMES_PER_HOLD && bytes < LOGGER_BYTES_PER_HOLD &&
		    off < n)
			continue;
		/* Only the first can fail (making the counts), and only unpinned. */
		ret = logger_ring_append(ring, &w, pinned, recs, k);
		if (ret)
			break;
		wake_readers(lf->dev);
		k = 0;
		bytes = 0;
	}
	if (pinned)
		logger_ring_unpin(ring, pinned);
	return ret;
}

/* Stores a write of @count bytes at @buf in this file's write mode. */
static int store_write(struct file *file, const char *buf, size_t count)
{
	struct logger_file *lf = file->private_data;

	if (READ_ONCE(lf->write_mode) == LOGGER_WRITE_FRAMED)
		return store_frames(file, buf, count);
	return store_plain(file, buf, count);
}

/*
 * The checks every write needs, and a buffer to copy it into: @on_stack when
 * it fits.  NULL with *@ret set when the write is refused.
 */
static char *begin_write(struct logger_file *lf, size_t count, char *on_stack,
			 size_t stack_size, ssize_t *ret)
{
	struct logger_ring *ring = &lf->dev->ring;
	char *buf;

	/*
	 * The longest write that can be valid: a level prefix and a payload,
	 * or a batch of frames.
	 */
	if (count > (READ_ONCE(lf->write_mode) == LOGGER_WRITE_FRAMED ?
		     (size_t)lf->dev->max_batch :
		     (size_t)ring->max_payload + 3)) {
		logger_ring_count_rejected(ring);
		*ret = -EMSGSIZE;
		return NULL;
	}
	if (count <= stack_size)
		return on_stack;
	buf = kvmalloc(count, GFP_KERNEL_ACCOUNT);
	if (!buf) {
		logger_ring_count_rejected(ring);
		*ret = -ENOMEM;
	}
	return buf;
}

/* Frees what begin_write() allocated; counts the call, or its refusal. */
static ssize_t end_write(struct logger_file *lf, char *buf, char *on_stack,
			 size_t count, int ret)
{
	if (buf != on_stack)
		kvfree(buf);
	if (ret) {
		logger_ring_count_rejected(&lf->dev->ring);
		return ret;
	}
	atomic64_inc(&lf->dev->write_calls);
	return count;
}

/*
 * The stack buffer of a write is overwritten before it is read: exempt it
 * from CONFIG_INIT_STACK_ALL_ZERO, which would clear it on every call.
 */
#if __has_attribute(__uninitialized__)
#define LOGGER_UNINITIALIZED __attribute__((__uninitialized__))
#else
#define LOGGER_UNINITIALIZED
#endif

/*
 * write(): one record (plain) or a batch of them (framed), or nothing is
 * stored and the call fails.  Cheaper than building an iov_iter.
 */
static ssize_t logger_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char on_stack[LOGGER_STACK_WRITE] LOGGER_UNINITIALIZED;
	struct logger_file *lf = file->private_data;
	ssize_t ret = 0;
	char *buf;

	if (!count)
		return 0;
	buf = begin_write(lf, count, on_stack, sizeof(on_stack), &ret);
	if (!buf)
		return ret;
	ret = copy_from_user(buf, ubuf, count) ? -EFAULT :
	      store_write(file, buf, count);
	return end_write(lf, buf, on_stack, count, ret);
}

/*
 * writev(): the segments, joined, are what one write() of them would be:
 * one record, or a batch of frames.
 */
static ssize_t logger_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	char on_stack[LOGGER_STACK_WRITE] LOGGER_UNINITIALIZED;
	struct logger_file *lf = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(from);
	ssize_t ret = 0;
	char *buf;

	if (!count)
		return 0;
	buf = begin_write(lf, count, on_stack, sizeof(on_stack), &ret);
	if (!buf)
		return ret;
	ret = copy_from_iter_full(buf, count, from) ?
	      store_write(iocb->ki_filp, buf, count) : -EFAULT;
	return end_write(lf, buf, on_stack, count, ret);
}

/* What a delivery into a user buffer ended with. */
enum delivery {
	DELIVERED_ALL,		/* every record of the bounce buffer */
	DELIVERED_FULL,		/* the next record does not fit what is left */
	DELIVERY_FAULTED,	/* a copy to user space faulted */
};

/*
 * Copies one record out in LOGGER_FORMAT_BINARY, version 1's: a struct
 * logger_entry, the message without the fields, zero padding.  @n is its
 * size, logger_rec_out_size().  False if a copy faulted.
 */
static bool copy_v1_record(char __user *ubuf, const struct logger_rec *rec,
			   size_t n)
{
	static const char zeros[LOGGER_ENTRY_ALIGN];
	u32 len = logger_rec_message_len(rec);
	struct logger_entry hdr;

	memcpy(&hdr, &rec->entry, sizeof(hdr));
	hdr.hdr_size = sizeof(hdr);
	hdr.flags = 0;
	hdr.len = len;
	if (copy_to_user(ubuf, &hdr, sizeof(hdr)))
		return false;
	ubuf += sizeof(hdr);
	/* Without fields, the ring's padding after the message is v1's. */
	if (!rec->entry.fields_len)
		return !copy_to_user(ubuf, logger_rec_message(rec),
				     n - sizeof(hdr));
	return !copy_to_user(ubuf, logger_rec_message(rec), len) &&
	       !copy_to_user(ubuf + len, zeros, n - sizeof(hdr) - len);
}

/*
 * Copies one record out in LOGGER_FORMAT_BINARY_V2: the record as it is
 * when the kernel stamped no fields of its own; else with the header's
 * lengths made the writer's and the kernel's fields left out, as version 2
 * promised only the writer's fields.  @n is its size in that format.
 */
static bool copy_v2_record(char __user *ubuf, const struct logger_rec *rec,
			   size_t n)
{
	static const char zeros[LOGGER_ENTRY_ALIGN];
	u32 kernel_len = logger_rec_kernel_fields_len(rec);
	struct logger_entry_v2 hdr;
	u32 len;

	if (!kernel_len)
		return !copy_to_user(ubuf, &rec->entry, n);
	hdr = rec->entry;
	hdr.len -= kernel_len;
	hdr.fields_len -= kernel_len;
	len = hdr.len;
	if (copy_to_user(ubuf, &hdr, sizeof(hdr)))
		return false;
	ubuf += sizeof(hdr);
	return !copy_to_user(ubuf, rec->payload + kernel_len, len) &&
	       !copy_to_user(ubuf + len, zeros, n - sizeof(hdr) - len);
}

/*
 * Copies records out in a binary format, as many as fit @budget.  *@bytes
 * is the size of those delivered whole.
 */
static enum delivery deliver_binary(struct logger_bounce *t, u32 format,
				    char __user *ubuf, size_t budget,
				    size_t *bytes)
{
	const size_t skip = offsetof(struct logger_rec, entry);
	enum delivery how = DELIVERED_ALL;
	struct logger_rec *rec;
	size_t done = 0, n;
	bool copied;

	for_each_bounce_rec(rec, t) {
		n = logger_rec_out_size(rec, format);
		if (n > budget - done) {
			how = DELIVERED_FULL;
			break;
		}
		if (format == LOGGER_FORMAT_BINARY_V3)
			copied = !copy_to_user(ubuf + done, &rec->entry,
					       rec->size - skip);
		else if (format == LOGGER_FORMAT_BINARY_V2)
			copied = copy_v2_record(ubuf + done, rec, n);
		else
			copied = copy_v1_record(ubuf + done, rec, n);
		if (!copied) {
			how = DELIVERY_FAULTED;
			break;
		}
		done += n;
		t->next += rec->size;
	}
	*bytes = done;
	return how;
}

/*
 * Text lines on their way to user space: escaped into the read's text
 * chunk, which is copied out whenever it fills.
 */
struct text_sink {
	char __user *ubuf;
	char *chunk;
	size_t fill;
	size_t flushed;
};

static bool sink_flush(struct text_sink *s)
{
	if (copy_to_user(s->ubuf + s->flushed, s->chunk, s->fill))
		return false;
	s->flushed += s->fill;
	s->fill = 0;
	return true;
}

/* Makes room for @need bytes in the chunk.  False if a copy faulted. */
static bool sink_room(struct text_sink *s, size_t need)
{
	return LOGGER_TEXT_CHUNK - s->fill >= need || sink_flush(s);
}

/* Writes @len bytes as they are.  False if a copy faulted. */
static bool sink_bytes(struct text_sink *s, const char *p, size_t len)
{
	if (!sink_room(s, len))
		return false;
	memcpy(s->chunk + s->fill, p, len);
	s->fill += len;
	return true;
}

/* Writes @len bytes at @p escaped.  False if a copy faulted. */
static bool sink_escaped(struct text_sink *s, const char *p, u32 len)
{
	u32 done = 0, consumed;

	while (done < len) {
		if (!sink_room(s, LOGGER_TEXT_ESCAPE_MAX))
			return false;
		s->fill += logger_text_escape(s->chunk + s->fill,
					      LOGGER_TEXT_CHUNK - s->fill,
					      p + done, len - done, &consumed);
		done += consumed;
	}
	return true;
}

/*
 * Writes one record as a line, and a continuation line per field (keys
 * need no escaping: they are checked at write).  False if a copy faulted.
 */
static bool sink_line(struct text_sink *s, const struct logger_rec *rec)
{
	const char *pos = rec->payload;
	const char *end = pos + rec->entry.fields_len;
	struct logger_field_ref f;

	if (!sink_room(s, LOGGER_TEXT_PREFIX_MAX + 1))
		return false;
	s->fill += logger_text_prefix(s->chunk + s->fill, &rec->entry);
	if (!sink_escaped(s, logger_rec_message(rec),
			  logger_rec_message_len(rec)) ||
	    !sink_bytes(s, "\n", 1))
		return false;
	while (logger_fields_next(&pos, end, &f)) {
		if (!sink_bytes(s, " ", 1) ||
		    !sink_bytes(s, f.key, f.key_len) ||
		    !sink_bytes(s, "=", 1) ||
		    !sink_escaped(s, f.value, f.value_len) ||
		    !sink_bytes(s, "\n", 1))
			return false;
	}
	return true;
}

/*
 * Copies records out as text lines, as many as fit @budget, through
 * @chunk (LOGGER_TEXT_CHUNK bytes).  *@bytes is the size of the lines
 * delivered whole: after a fault, the user buffer may hold part of the
 * next line too, but that record counts as not delivered.
 */
static enum delivery deliver_text(struct logger_bounce *t, char *chunk,
				  char __user *ubuf, size_t budget,
				  size_t *bytes)
{
	struct text_sink sink = { .ubuf = ubuf, .chunk = chunk };
	enum delivery how = DELIVERED_ALL;
	u32 next = t->next;
	struct logger_rec *rec;
	size_t lines = 0, n;

	for_each_bounce_rec(rec, t) {
		n = logger_rec_out_size(rec, LOGGER_FORMAT_TEXT);
		if (n > budget - lines) {
			how = DELIVERED_FULL;
			break;
		}
		if (!sink_line(&sink, rec)) {
			how = DELIVERY_FAULTED;
			break;
		}
		lines += n;
	}
	if (how != DELIVERY_FAULTED && !sink_flush(&sink))
		how = DELIVERY_FAULTED;
	/* Only lines that arrived whole count as delivered. */
	lines = 0;
	for_each_bounce_rec(rec, t) {
		n = logger_rec_out_size(rec, LOGGER_FORMAT_TEXT);
		if (lines + n > sink.flushed)
			break;
		lines += n;
		next += rec->size;
	}
	t->next = next;
	*bytes = lines;
	return how;
}

/* Delivers the records in @b in @format; see deliver_binary(). */
static enum delivery deliver(struct logger_bounce *b, u32 format,
			     char *chunk, char __user *ubuf, size_t budget,
			     size_t *bytes)
{
	if (format == LOGGER_FORMAT_TEXT)
		return deliver_text(b, chunk, ubuf, budget, bytes);
	return deliver_binary(b, format, ubuf, budget, bytes);
}

/*
 * Copies as many whole records as fit in @count without waiting, a bounded
 * step of them at a time, stopping early for a signal.  Returns the bytes
 * copied; -EAGAIN if there was no record; -EINVAL if the next record does
 * not fit in @count; -EFAULT if nothing could be copied.  A record whose
 * copy faulted stays this file's next, and nothing is kept for it: the
 * next read takes it from the ring again.  Call with lf->lock held.
 */
static ssize_t read_records(struct logger_file *lf, char __user *ubuf,
			    size_t count)
{
	struct logger_ring *ring = &lf->dev->ring;
	u32 format = READ_ONCE(lf->format);
	enum delivery how = DELIVERED_ALL;
	struct logger_bounce b = {};
	struct logger_batch batch;
	size_t done = 0, bytes;
	char *chunk = NULL;
	ssize_t ret = 0;
	u32 need;

	lockdep_assert_held(&lf->lock);

	need = logger_ring_next_raw_size(ring, &lf->cursor);
	if (!need)
		return -EAGAIN;
	if (format == LOGGER_FORMAT_TEXT) {
		chunk = kmalloc(LOGGER_TEXT_CHUNK, GFP_KERNEL_ACCOUNT);
		if (!chunk)
			return -ENOMEM;
	}

	for (;;) {
		ret = bounce_reserve(&b, max_t(u32, need,
				     min_t(size_t, count - done,
					   LOGGER_RING_READ_STEP_BYTES)));
		if (ret)
			break;
		ret = logger_ring_peek(ring, &lf->cursor, format, b.buf, b.size,
				       count - done, &batch);
		if (ret == -ENOBUFS) {
			need = batch.need_raw;
			continue;
		}
		if (ret)
			break;
		b.next = 0;
		b.end = batch.raw_bytes;
		how = deliver(&b, format, chunk, ubuf + done, count - done,
			      &bytes);
		logger_ring_commit(ring, &lf->cursor, b.buf, &batch, b.next);
		done += bytes;
		if (how != DELIVERED_ALL)
			break;
		/* A long read is a long system call: let others run. */
		if (signal_pending(current))
			break;
		cond_resched();
		need = 1;
	}
	kfree(chunk);
	bounce_free(&b);

	if (done)
		return done;
	if (how == DELIVERY_FAULTED)
		return -EFAULT;
	/* The next record is bigger than the caller's buffer: not consumed. */
	if (how == DELIVERED_FULL || ret == -EMSGSIZE)
		return -EINVAL;
	return ret;
}

/*
 * read(): as many whole records as fit, oldest first, from this file's
 * cursor.  Waits for the first record unless O_NONBLOCK.
 */
static ssize_t logger_read(struct file *file, char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	struct logger_file *lf = file->private_data;
	ssize_t ret;

	if (!lf->reads)
		return -EBADF;
	/* Asking for nothing gets nothing, at once, and consumes nothing. */
	if (!count)
		return 0;
	for (;;) {
		/* A non-blocking read never waits, not even for another read. */
		if (file->f_flags & O_NONBLOCK) {
			if (!mutex_trylock(&lf->lock))
				return -EAGAIN;
		} else if (mutex_lock_interruptible(&lf->lock)) {
			return -ERESTARTSYS;
		}
		ret = read_records(lf, ubuf, count);
		mutex_unlock(&lf->lock);
		if (ret != -EAGAIN || (file->f_flags & O_NONBLOCK))
			return ret;

		atomic_inc(&lf->dev->blocked_readers);
		ret = wait_event_interruptible(lf->dev->wait,
				logger_ring_has_unread(&lf->dev->ring,
						       &lf->cursor));
		atomic_dec(&lf->dev->blocked_readers);
		if (ret)
			return ret;
	}
}

/*
 * lseek() by sequence number; returns the seq this file reads next.
 * SEEK_SET s: s clamped to the records held (0: the oldest).  SEEK_END -k:
 * the last k records (0: only new ones).  SEEK_CUR 0: where it is.
 */
static loff_t logger_llseek(struct file *file, loff_t offset, int whence)
{
	struct logger_file *lf = file->private_data;
	struct logger_ring *ring = &lf->dev->ring;
	loff_t ret;

	if (!lf->reads)
		return -EBADF;
	if (mutex_lock_interruptible(&lf->lock))
		return -ERESTARTSYS;
	switch (whence) {
	case SEEK_SET:
		if (offset < 0) {
			ret = -EINVAL;
			break;
		}
		ret = logger_ring_seek(ring, &lf->cursor, offset);
		break;
	case SEEK_END:
		if (offset > 0) {
			ret = -EINVAL;
			break;
		}
		ret = logger_ring_seek_last(ring, &lf->cursor, 0 - (u64)offset);
		break;
	case SEEK_CUR:
		ret = offset ? -EINVAL : logger_ring_tell(ring, &lf->cursor);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (ret >= 0)
		file->f_pos = ret;
	mutex_unlock(&lf->lock);
	/*
	 * A read or poll of this file waiting for a record may have one now;
	 * the others woken with it find none and wait again.
	 */
	if (ret >= 0 && whence != SEEK_CUR &&
	    logger_ring_poll(ring, &lf->cursor))
		wake_waiters(lf->dev);
	return ret;
}

/* poll()/epoll: readable when this file has a record; always writable. */
static __poll_t logger_poll(struct file *file, poll_table *wait)
{
	struct logger_file *lf = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &lf->dev->wait, wait);
	if (lf->reads && logger_ring_poll(&lf->dev->ring, &lf->cursor))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/**
 * logger_device_stats() - the counters of LOGGER_IOC_GET_STATS for a file
 *	that may read every record, and of the sysfs files.
 * @dev: the device.
 * @c: the cursor whose reader_missed to report, or NULL.
 * @stats: zeroed by the caller, so that reserved fields stay zero.
 *
 * Context: Takes and releases the ring's lock.
 */
void logger_device_stats(struct logger_device *dev, struct logger_cursor *c,
			 struct logger_stats *stats)
{
	logger_ring_stats(&dev->ring, c, stats);
	stats->max_batch = dev->max_batch;
	memcpy(stats->instance_id, dev->instance_id,
	       sizeof(stats->instance_id));
}

/*
 * A file that may read only its own uid's records learns only about them:
 * other users' writes, reads and refusals would show in the ring's
 * counters the moment they happen (see logger_ring_own_stats()).
 */
static long ioctl_get_stats(struct logger_file *lf, void __user *arg)
{
	struct logger_cursor *c = lf->reads ? &lf->cursor : NULL;
	struct logger_stats stats;

	/* Zeroed whole, padding and reserved fields included. */
	memset(&stats, 0, sizeof(stats));
	if (lf->sees_all) {
		logger_device_stats(lf->dev, c, &stats);
	} else {
		logger_ring_own_stats(&lf->dev->ring, c, lf->uid, &stats);
		stats.max_batch = lf->dev->max_batch;
		memcpy(stats.instance_id, lf->dev->instance_id,
		       sizeof(stats.instance_id));
	}
	return copy_to_user(arg, &stats, sizeof(stats)) ? -EFAULT : 0;
}

static long ioctl_clear(struct logger_file *lf, u64 __user *arg)
{
	u64 up_to;

	if (!lf->privileged)
		return -EPERM;
	if (get_user(up_to, arg))
		return -EFAULT;
	logger_ring_clear(&lf->dev->ring, up_to);
	return 0;
}

static long ioctl_set_format(struct logger_file *lf, u32 __user *arg)
{
	u32 format;

	if (get_user(format, arg))
		return -EFAULT;
	if (format != LOGGER_FORMAT_TEXT && format != LOGGER_FORMAT_BINARY &&
	    format != LOGGER_FORMAT_BINARY_V2 &&
	    format != LOGGER_FORMAT_BINARY_V3)
		return -EINVAL;
	WRITE_ONCE(lf->format, format);
	return 0;
}

static long ioctl_get_rights(struct logger_file *lf, u32 __user *arg)
{
	u32 rights = 0;

	if (lf->sees_all)
		rights |= LOGGER_RIGHT_READ_ALL;
	if (lf->privileged)
		rights |= LOGGER_RIGHT_CLEAR;
	return put_user(rights, arg);
}

static long ioctl_set_write_mode(struct logger_file *lf, u32 __user *arg)
{
	u32 mode;

	if (get_user(mode, arg))
		return -EFAULT;
	if (mode != LOGGER_WRITE_PLAIN && mode != LOGGER_WRITE_FRAMED)
		return -EINVAL;
	WRITE_ONCE(lf->write_mode, mode);
	return 0;
}

static long ioctl_get_next_size(struct logger_file *lf, u32 __user *arg)
{
	u32 format = READ_ONCE(lf->format);
	size_t size;

	if (!lf->reads)
		return -EBADF;
	if (mutex_lock_interruptible(&lf->lock))
		return -ERESTARTSYS;
	size = logger_ring_next_size(&lf->dev->ring, &lf->cursor, format);
	mutex_unlock(&lf->lock);
	return put_user((u32)size, arg);
}

/* ioctl(): the LOGGER_IOC_* commands of <linux/logger.h>. */
static long logger_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct logger_file *lf = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case LOGGER_IOC_GET_VERSION:
		return put_user((u32)LOGGER_ABI_VERSION, (u32 __user *)argp);
	case LOGGER_IOC_GET_STATS:
		return ioctl_get_stats(lf, argp);
	case LOGGER_IOC_CLEAR:
		return ioctl_clear(lf, argp);
	case LOGGER_IOC_SET_FORMAT:
		return ioctl_set_format(lf, argp);
	case LOGGER_IOC_GET_NEXT_SIZE:
		return ioctl_get_next_size(lf, argp);
	case LOGGER_IOC_SET_WRITE_MODE:
		return ioctl_set_write_mode(lf, argp);
	case LOGGER_IOC_GET_RIGHTS:
		return ioctl_get_rights(lf, argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations logger_fops = {
	.owner		= THIS_MODULE,
	.open		= logger_open,
	.release	= logger_release,
	.read		= logger_read,
	.write		= logger_write,
	.write_iter	= logger_write_iter,
	.llseek		= logger_llseek,
	.poll		= logger_poll,
	.unlocked_ioctl	= logger_ioctl,
	/* Every argument has the same layout for 32-bit callers. */
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct logger_device logger_device = {
	.misc = {
		.minor	= MISC_DYNAMIC_MINOR,
		.name	= "logger",
		.fops	= &logger_fops,
		.mode	= 0666,
		.groups	= logger_sysfs_groups,
	},
	.wait = __WAIT_QUEUE_HEAD_INITIALIZER(logger_device.wait),
	.wake_work = IRQ_WORK_INIT_LAZY(wake_readers_work),
	.blocked_readers = ATOMIC_INIT(0),
	.write_calls = ATOMIC64_INIT(0),
};

/*
 * Checks the module parameters and settles their defaults, so that
 * /sys/module/logger/parameters shows the values in force.
 */
static int check_params(void)
{
	u32 batch_min;

	if (buffer_size < LOGGER_RING_MIN_SIZE ||
	    buffer_size > LOGGER_RING_MAX_SIZE) {
		pr_err("buffer_size=%u is out of range: use %u..%u bytes\n",
		       buffer_size, LOGGER_RING_MIN_SIZE, LOGGER_RING_MAX_SIZE);
		return -EINVAL;
	}
	if (!is_power_of_2(buffer_size)) {
		pr_info("buffer_size=%u rounded up to %lu, a power of two\n",
			buffer_size, roundup_pow_of_two(buffer_size));
		buffer_size = roundup_pow_of_two(buffer_size);
	}
	if (!max_payload)
		max_payload = min(LOGGER_DEFAULT_MAX_PAYLOAD, buffer_size / 4);
	if (max_payload > min(buffer_size / 4, LOGGER_RING_MAX_PAYLOAD)) {
		pr_err("max_payload=%u is out of range: use 1..%u (buffer_size / 4, at most %u)\n",
		       max_payload, min(buffer_size / 4, LOGGER_RING_MAX_PAYLOAD),
		       LOGGER_RING_MAX_PAYLOAD);
		return -EINVAL;
	}
	/* A batch must carry at least one frame of the largest payload. */
	batch_min = round_up(max_payload + sizeof(struct logger_frame),
			     LOGGER_FRAME_ALIGN);
	if (!max_batch)
		max_batch = max(batch_min, min(LOGGER_DEFAULT_MAX_BATCH,
					       buffer_size / 2));
	if (max_batch < batch_min || max_batch > buffer_size / 2) {
		pr_err("max_batch=%u is out of range: use %u..%u (a frame of max_payload .. buffer_size / 2)\n",
		       max_batch, batch_min, buffer_size / 2);
		return -EINVAL;
	}
	return 0;
}

static int __init logger_init(void)
{
	int ret;

	ret = check_params();
	if (ret)
		return ret;
	ret = logger_ring_init(&logger_device.ring, buffer_size, max_payload);
	if (ret)
		return ret;
	logger_device.max_batch = max_batch;
	/*
	 * What a batch's records may take in the ring: half of it, so that no
	 * one write evicts more than half of what others wrote.  Where
	 * max_batch is over 4/9 of the ring (rings of 512 KiB or less at the
	 * default max_batch), max_batch and an eighth more, so that a batch
	 * of max_batch bytes of frames of 640 bytes or more, which version 2
	 * accepted, still goes in.  With max_batch at most half the ring and
	 * max_payload a quarter, that is at most 9/16 of it, which leaves
	 * room for the largest record: a batch never evicts its own records.
	 */
	logger_device.max_batch_ring = max(buffer_size / 2,
					   max_batch + max_batch / 8);
	get_random_bytes(logger_device.instance_id,
			 sizeof(logger_device.instance_id));
	/* Last: from here on user space can open the device. */
	ret = misc_register(&logger_device.misc);
	if (ret)
		goto out_destroy_ring;
	pr_info("/dev/logger ready: %u bytes, max_payload %u, max_batch %u, restrict_read %c\n",
		buffer_size, max_payload, max_batch, restrict_read ? 'Y' : 'N');
	return 0;

out_destroy_ring:
	logger_ring_destroy(&logger_device.ring);
	return ret;
}

static void __exit logger_exit(void)
{
	misc_deregister(&logger_device.misc);
	/* A wake-up still pending would run code that is about to go. */
	irq_work_sync(&logger_device.wake_work);
	logger_ring_destroy(&logger_device.ring);
}

module_init(logger_init);
module_exit(logger_exit);

MODULE_DESCRIPTION("/dev/logger: a ring of log records with per-reader cursors");
MODULE_AUTHOR("kernel-logger developers");
MODULE_LICENSE("GPL");
