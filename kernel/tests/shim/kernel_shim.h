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

/* Memory. */
#define GFP_KERNEL 0
#define kvzalloc(size, gfp) calloc(1, size)
#define kvmalloc(size, gfp) malloc(size)
#define kvfree(p) free(p)

/* Time. */
static inline u64 ktime_get_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Spinlocks that know their owner. */
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

static inline void spin_lock(spinlock_t *l)
{
	pthread_mutex_lock(&l->mutex);
	l->owner = pthread_self();
	l->held = true;
}

static inline void spin_unlock(spinlock_t *l)
{
	assert(l->held && pthread_equal(l->owner, pthread_self()));
	l->held = false;
	pthread_mutex_unlock(&l->mutex);
}

#define lockdep_assert_held(l) \
	assert((l)->held && pthread_equal((l)->owner, pthread_self()))

/* Counts how often the ring gave up its lock, for the tests to check. */
extern unsigned long shim_lock_breaks;

static inline int cond_resched_lock(spinlock_t *l)
{
	spin_unlock(l);
	shim_lock_breaks++;
	sched_yield();
	spin_lock(l);
	return 1;
}

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
