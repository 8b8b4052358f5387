/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - what the kernel benchmarks share: a clock, a run-for-a-while
 * loop for worker threads, and results as JSON lines on stdout.
 */
#ifndef _BENCH_H
#define _BENCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Set by the main thread to end a timed phase; workers check it between operations. */
static atomic_int bench_stop;
/* Workers wait on this until every one of them is ready, so they start together. */
static pthread_barrier_t bench_start;

/*
 * Runs thread i as fns[i](args[i]), n threads, for @warmup_ms and then
 * @measure_ms; @reset zeroes the counters in between.  Returns the measured ns.
 */
static inline long long bench_run(int n, void *(**fns)(void *), void **args,
				  int warmup_ms, int measure_ms, void (*reset)(void))
{
	pthread_t t[64];
	struct timespec warm = { warmup_ms / 1000, (warmup_ms % 1000) * 1000000L };
	struct timespec measure = { measure_ms / 1000, (measure_ms % 1000) * 1000000L };
	long long start, end;
	int i;

	atomic_store(&bench_stop, 0);
	pthread_barrier_init(&bench_start, NULL, n + 1);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, fns[i], args[i]);
	pthread_barrier_wait(&bench_start);
	nanosleep(&warm, NULL);
	reset();	/* counters from here on count */
	start = now_ns();
	nanosleep(&measure, NULL);
	end = now_ns();
	atomic_store(&bench_stop, 1);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bench_start);
	return end - start;
}

static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

#endif /* _BENCH_H */
