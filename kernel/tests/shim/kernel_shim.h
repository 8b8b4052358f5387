/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel_shim.h - just enough of the kernel API, in user space, to build
 * logger_ring.c and logger_text.c for their unit tests.  Each
 * linux/<name>.h in this folder includes this one file.
 *
 * Spinlocks are pthread mutexes that remember their owner, so
 * lockdep_assert_held() really checks.  cond_resched_lock() really drops
 * the lock, so the tests exercise the code that rechecks after it.
 */
#ifndef _KERNEL_SHIM_H
#define _KERNEL_SHIM_H

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define U64_MAX UINT64_MAX
#define U32_MAX UINT32_MAX

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))(y) - 1)) + 1)
#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

#define scnprintf(buf, size, ...) ({					\
	int __n = snprintf(buf, size, __VA_ARGS__);			\
	__n < 0 ? 0 : (size_t)__n >= (size) ? (size) - 1 : (size_t)__n;	\
})

#define WARN_ON(cond) ({						\
	int __c = !!(cond);						\
	if (__c) {							\
		fprintf(stderr, "WARN_ON(%s) at %s:%d\n", #cond,	\
			__FILE__, __LINE__);				\
		abort();						\
	}								\
	__c;								\
})

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, (v), __ATOMIC_RELEASE)

/* Memory. */
#define GFP_KERNEL 0
#define GFP_KERNEL_ACCOUNT 0
#define GFP_NOWAIT 0
#define __GFP_NOWARN 0
#define kvzalloc(size, gfp) calloc(1, size)
#define kvmalloc(size, gfp) malloc(size)
#define kvfree(p) free(p)
#define kzalloc(size, gfp) calloc(1, size)
#define kfree(p) free(p)

/* Atomics. */
typedef struct {
	int64_t counter;
} atomic64_t;

static inline void atomic64_set(atomic64_t *a, int64_t v)
{
	__atomic_store_n(&a->counter, v, __ATOMIC_SEQ_CST);
}

static inline int64_t atomic64_read(const atomic64_t *a)
{
	return __atomic_load_n(&a->counter, __ATOMIC_SEQ_CST);
}

static inline void atomic64_inc(atomic64_t *a)
{
	__atomic_add_fetch(&a->counter, 1, __ATOMIC_SEQ_CST);
}

/* Time. */
static inline u64 ktime_get_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/*
 * Spinlocks that know their owner.  Taking one a thread already holds
 * aborts, as lockdep would report it: the tests hold the ring's lock
 * themselves to prove that a path takes none.
 */
typedef struct {
	pthread_mutex_t mutex;
	pthread_t owner;
	bool held;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *l)
{
	pthread_mutex_init(&l->mutex, NULL);
	l->held = false;
}

/* Whether this thread holds @l; the fields are read by other threads too. */
static inline bool spin_held_here(const spinlock_t *l)
{
	return __atomic_load_n(&l->held, __ATOMIC_RELAXED) &&
	       pthread_equal(__atomic_load_n(&l->owner, __ATOMIC_RELAXED),
			     pthread_self());
}

static inline void spin_lock(spinlock_t *l)
{
	if (spin_held_here(l)) {
		fprintf(stderr, "spin_lock: recursive locking\n");
		abort();
	}
	pthread_mutex_lock(&l->mutex);
	__atomic_store_n(&l->owner, pthread_self(), __ATOMIC_RELAXED);
	__atomic_store_n(&l->held, true, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	assert(spin_held_here(l));
	__atomic_store_n(&l->held, false, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&l->mutex);
}

#define lockdep_assert_held(l) assert(spin_held_here(l))
/* sparse's annotation: nothing to check here. */
#define __must_hold(l)

/* Counts how often the ring gave up its lock, for the tests to check. */
extern unsigned long shim_lock_breaks;

static inline void cond_resched(void)
{
	shim_lock_breaks++;
	sched_yield();
}

/* Always true, so that the tests exercise the code after a reschedule. */
static inline bool need_resched(void)
{
	return true;
}

static inline int cond_resched_lock(spinlock_t *l)
{
	spin_unlock(l);
	cond_resched();
	spin_lock(l);
	return 1;
}

/*
 * An xarray as a sorted array behind a mutex: the few calls the ring makes,
 * with the kernel's semantics (xa_cmpxchg stores only over @old).
 */
struct xa_slot {
	unsigned long index;
	void *entry;
};

struct xarray {
	pthread_mutex_t lock;
	struct xa_slot *slots;
	size_t n, cap;
};

static inline void xa_init(struct xarray *xa)
{
	pthread_mutex_init(&xa->lock, NULL);
	xa->slots = NULL;
	xa->n = 0;
	xa->cap = 0;
}

static inline struct xa_slot *xa_shim_find(struct xarray *xa,
					   unsigned long index)
{
	size_t i;

	for (i = 0; i < xa->n; i++)
		if (xa->slots[i].index == index)
			return &xa->slots[i];
	return NULL;
}

static inline void *xa_load(struct xarray *xa, unsigned long index)
{
	struct xa_slot *s;
	void *entry;

	pthread_mutex_lock(&xa->lock);
	s = xa_shim_find(xa, index);
	entry = s ? s->entry : NULL;
	pthread_mutex_unlock(&xa->lock);
	return entry;
}

static inline bool xa_is_err(const void *entry)
{
	return false;
}

static inline void *xa_cmpxchg(struct xarray *xa, unsigned long index,
			       void *old, void *entry, int gfp)
{
	struct xa_slot *s;
	void *cur;

	pthread_mutex_lock(&xa->lock);
	s = xa_shim_find(xa, index);
	cur = s ? s->entry : NULL;
	if (cur == old) {
		if (!s) {
			if (xa->n == xa->cap) {
				xa->cap = xa->cap ? 2 * xa->cap : 8;
				xa->slots = realloc(xa->slots,
						    xa->cap * sizeof(*s));
			}
			s = &xa->slots[xa->n++];
			s->index = index;
		}
		s->entry = entry;
	}
	pthread_mutex_unlock(&xa->lock);
	return cur;
}

/* A reserved slot reads as empty, as in the kernel. */
static inline int xa_reserve(struct xarray *xa, unsigned long index, int gfp)
{
	pthread_mutex_lock(&xa->lock);
	if (!xa_shim_find(xa, index)) {
		if (xa->n == xa->cap) {
			xa->cap = xa->cap ? 2 * xa->cap : 8;
			xa->slots = realloc(xa->slots, xa->cap * sizeof(*xa->slots));
		}
		xa->slots[xa->n].index = index;
		xa->slots[xa->n].entry = NULL;
		xa->n++;
	}
	pthread_mutex_unlock(&xa->lock);
	return 0;
}

/* Stores only into a slot that is there (reserved): enough for the ring. */
static inline void *xa_store(struct xarray *xa, unsigned long index,
			     void *entry, int gfp)
{
	return xa_cmpxchg(xa, index, xa_load(xa, index), entry, gfp);
}

static inline void *xa_erase(struct xarray *xa, unsigned long index)
{
	struct xa_slot *s;
	void *entry = NULL;

	pthread_mutex_lock(&xa->lock);
	s = xa_shim_find(xa, index);
	if (s) {
		entry = s->entry;
		*s = xa->slots[--xa->n];
	}
	pthread_mutex_unlock(&xa->lock);
	return entry;
}

/* The number of entries, reserved ones included: for the tests. */
static inline size_t xa_shim_count(struct xarray *xa)
{
	return xa->n;
}

static inline void xa_destroy(struct xarray *xa)
{
	free(xa->slots);
	xa->slots = NULL;
	xa->n = 0;
	xa->cap = 0;
}

#define xa_for_each(xa, idx, ent)					\
	for (size_t __i = 0;						\
	     __i < (xa)->n && ((idx) = (xa)->slots[__i].index, (void)(idx), \
			       (ent) = (xa)->slots[__i].entry, 1);	\
	     __i++)

/* Lists. */
struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = NULL;
	n->prev = NULL;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_for_each_entry(pos, head, member)				\
	for (pos = container_of((head)->next, __typeof__(*pos), member); \
	     &pos->member != (head);					\
	     pos = container_of(pos->member.next, __typeof__(*pos), member))

#endif /* _KERNEL_SHIM_H */
