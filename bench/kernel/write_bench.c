// SPDX-License-Identifier: GPL-2.0
/*
 * write_bench - records/s written by 1, 2 and 4 threads, 128-byte and 1 KiB
 * records, into /dev/logger and into what a user might pick instead:
 * /dev/null (the floor of a write system call), a pipe drained by a reader
 * thread, and a file on tmpfs opened O_APPEND.  One JSON line per case.
 *
 *	write_bench [MEASURE_MS [ROUNDS [TARGET THREADS SIZE]]]
 *
 * Each case runs ROUNDS times (default 3), the cases interleaved, so that a
 * slow stretch of the emulator does not land on one case; every round is a
 * line of its own.
 * Every thread writes the same record in a loop; all threads of a case share
 * one target, as the threads of applications share one log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "bench.h"

#define MAX_THREADS	4

enum target { LOGGER, DEVNULL, PIPE, TMPFS };
static const char *const target_names[] = { "logger", "devnull", "pipe", "tmpfs" };

struct writer {
	int fd;
	size_t size;
	long long records;
	long long failed;
};

static struct writer writers[MAX_THREADS];
static int pipe_read_fd = -1;
static atomic_llong pipe_drained;

static void reset_counts(void)
{
	for (int i = 0; i < MAX_THREADS; i++)
		__atomic_store_n(&writers[i].records, 0, __ATOMIC_RELAXED);
}

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	char record[1024];

	memset(record, 'x', sizeof(record));
	memcpy(record, "<6>", 3);
	pthread_barrier_wait(&bench_start);
	while (!atomic_load_explicit(&bench_stop, memory_order_relaxed)) {
		if (write(w->fd, record, w->size) == (ssize_t)w->size)
			__atomic_fetch_add(&w->records, 1, __ATOMIC_RELAXED);
		else
			w->failed++;
	}
	return NULL;
}

/* The reader thread of the pipe case: drains until the write ends close. */
static void *drain_pipe(void *arg)
{
	static char buf[1 << 16];
	ssize_t n;

	(void)arg;
	while ((n = read(pipe_read_fd, buf, sizeof(buf))) > 0)
		atomic_fetch_add(&pipe_drained, n);
	return NULL;
}

static int open_target(enum target t)
{
	switch (t) {
	case LOGGER:
		return open("/dev/logger", O_WRONLY | O_CLOEXEC);
	case DEVNULL:
		return open("/dev/null", O_WRONLY | O_CLOEXEC);
	case TMPFS:
		return open("/tmp/write_bench.log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	default:
		return -1;
	}
}

static void run_case(enum target t, int threads, size_t size, int measure_ms, bool report)
{
	void *(*fns[MAX_THREADS])(void *);
	void *args[MAX_THREADS];
	pthread_t drainer;
	int fd, pipefd[2], i;
	long long ns, total = 0, failed = 0;

	if (t == PIPE) {
		if (pipe2(pipefd, O_CLOEXEC))
			die("pipe2");
		fcntl(pipefd[1], F_SETPIPE_SZ, 1 << 20);
		pipe_read_fd = pipefd[0];
		pthread_create(&drainer, NULL, drain_pipe, NULL);
		fd = pipefd[1];
	} else {
		fd = open_target(t);
		if (fd < 0)
			die(target_names[t]);
	}
	for (i = 0; i < threads; i++) {
		writers[i] = (struct writer){ .fd = fd, .size = size };
		fns[i] = write_loop;
		args[i] = &writers[i];
	}
	ns = bench_run(threads, fns, args, measure_ms / 4, measure_ms, reset_counts);
	for (i = 0; i < threads; i++) {
		total += writers[i].records;
		failed += writers[i].failed;
	}
	close(fd);
	if (t == PIPE) {
		pthread_join(drainer, NULL);
		close(pipe_read_fd);
	}
	if (t == TMPFS)
		unlink("/tmp/write_bench.log");
	if (!report)
		return;
	printf("{\"stage\":\"kernel-write\",\"target\":\"%s\",\"threads\":%d,\"size\":%zu,"
	       "\"records\":%lld,\"seconds\":%.3f,\"records_per_sec\":%.0f,\"failed\":%lld}\n",
	       target_names[t], threads, size, total, ns / 1e9, total * 1e9 / ns, failed);
	fflush(stdout);
}

static int target_of(const char *name)
{
	for (int t = LOGGER; t <= TMPFS; t++)
		if (strcmp(name, target_names[t]) == 0)
			return t;
	fprintf(stderr, "write_bench: no target %s (logger, devnull, pipe, tmpfs)\n", name);
	exit(2);
}

int main(int argc, char **argv)
{
	static const int thread_counts[] = { 1, 2, 4 };
	static const size_t sizes[] = { 128, 1024 };
	int measure_ms = argc > 1 ? atoi(argv[1]) : 1000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;

	/* Warms the emulator's translation cache and the page tables first. */
	run_case(LOGGER, 1, 128, measure_ms / 4, false);
	for (int r = 0; r < rounds; r++) {
		if (argc > 5) {
			run_case(target_of(argv[3]), atoi(argv[4]), atoi(argv[5]), measure_ms, true);
			continue;
		}
		for (size_t s = 0; s < 2; s++)
			for (size_t n = 0; n < 3; n++)
				for (int t = LOGGER; t <= TMPFS; t++)
					run_case(t, thread_counts[n], sizes[s], measure_ms, true);
	}
	return 0;
}
