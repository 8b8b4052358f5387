// SPDX-License-Identifier: GPL-2.0
/*
 * write_bench - records/s written by 1, 2 and 4 threads, 128-byte and 1 KiB
 * records, into /dev/logger and into what a user might pick instead:
 * /dev/null (the floor of a write system call), a pipe drained by a reader
 * thread, and a file on tmpfs opened O_APPEND; and, for 128-byte records,
 * into /dev/logger in framed batches (ABI v2) of 1, 16 and 64 records per
 * call.  One JSON line per case.
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
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <linux/logger.h>

#include "bench.h"

#define MAX_THREADS	4

enum target { LOGGER, DEVNULL, PIPE, TMPFS, FRAMED1, FRAMED16, FRAMED64 };
static const char *const target_names[] = {
	"logger", "devnull", "pipe", "tmpfs", "framed-1", "framed-16", "framed-64",
};
static const int frames_per_call[] = { 1, 1, 1, 1, 1, 16, 64 };

struct writer {
	int fd;
	size_t size;
	int frames;		/* records per write: >1 or framed only for FRAMED* */
	bool framed;
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

/*
 * What one write carries: a plain record ("<6>" and @size - 3 bytes of
 * message), or @frames frames, each with the same message and no fields.
 */
static size_t build_write(char *buf, const struct writer *w)
{
	struct logger_frame f = { .size = sizeof(f) + w->size - 3, .level = 6 };
	size_t n = 0;

	if (!w->framed) {
		memset(buf, 'x', w->size);
		memcpy(buf, "<6>", 3);
		return w->size;
	}
	for (int i = 0; i < w->frames; i++) {
		memcpy(buf + n, &f, sizeof(f));
		memset(buf + n + sizeof(f), 'x', w->size - 3);
		memset(buf + n + f.size, 0, LOGGER_FRAME_SPAN(&f) - f.size);
		n += LOGGER_FRAME_SPAN(&f);
	}
	return n;
}

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	static __thread char buf[64 * (1024 + 16)];
	size_t len = build_write(buf, w);

	pthread_barrier_wait(&bench_start);
	while (!atomic_load_explicit(&bench_stop, memory_order_relaxed)) {
		if (write(w->fd, buf, len) == (ssize_t)len)
			__atomic_fetch_add(&w->records, w->frames, __ATOMIC_RELAXED);
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
	__u32 framed = LOGGER_WRITE_FRAMED;
	int fd;

	switch (t) {
	case LOGGER:
		return open("/dev/logger", O_WRONLY | O_CLOEXEC);
	case FRAMED1:
	case FRAMED16:
	case FRAMED64:
		fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
		if (fd >= 0 && ioctl(fd, LOGGER_IOC_SET_WRITE_MODE, &framed))
			die("LOGGER_IOC_SET_WRITE_MODE");
		return fd;
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
		writers[i] = (struct writer){
			.fd = fd, .size = size, .frames = frames_per_call[t],
			.framed = t >= FRAMED1,
		};
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
	for (int t = LOGGER; t <= FRAMED64; t++)
		if (strcmp(name, target_names[t]) == 0)
			return t;
	fprintf(stderr, "write_bench: no target %s (logger, devnull, pipe, tmpfs, framed-1, framed-16, framed-64)\n",
		name);
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
				/* Batches are measured for 128-byte records. */
				for (int t = LOGGER; t <= (s ? TMPFS : FRAMED64); t++)
					run_case(t, thread_counts[n], sizes[s], measure_ms, true);
	}
	return 0;
}
