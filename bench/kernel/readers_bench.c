// SPDX-License-Identifier: GPL-2.0
/*
 * readers_bench - what readers cost the writers of /dev/logger: readers
 * that never find anything to read, and readers that keep draining.
 *
 * Idle readers: a child process of uid 1000 opens N readers, each of which
 * reads once and finds nothing it may see (every record is root's), then
 * holds them open; the parent, root, then writes 100-byte records as fast
 * as it can into a ring small enough that every write evicts.  What a
 * reader holds is read off the memory cgroup the readers' process runs in
 * (cgroup v2, mounted at /sys/fs/cgroup if it is not): every allocation a
 * reader causes is charged there, its struct file, the module's struct
 * logger_file and its slot of the fd table.
 *
 * Draining readers: N threads of root's each read the device in binary,
 * 64 KiB at a time, blocking for more whenever they have caught up, while
 * the writer writes the same records.  Each write wakes every reader that
 * waits, and each reader takes the ring's lock for every step it copies,
 * so the writer's cost is measured twice: in wall time per write, which
 * also counts the time the readers took the CPU from it (there are only
 * two), and in the writer thread's own CPU time per write, which counts
 * what it spent in the system call, waking readers and waiting for the
 * ring's lock included.
 *
 * With a reader count of 0 each is the baseline; the ratio of the others
 * to it is the cost of the readers.  One JSON line per case and round, the
 * cases interleaved.
 *
 *	readers_bench [MEASURE_MS [ROUNDS]]   (default 1000 3)
 *
 * Run it as root with the module loaded as buffer_size=65536.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/logger.h>
#include <sys/ioctl.h>
#include "bench.h"

#define READER_UID	1000
#define RECORD_SIZE	100

#define CGROUP		"/sys/fs/cgroup/readers-bench"

/*
 * MemFree: coarse (per-CPU page lists hide small changes), but it also sees
 * what no cgroup is charged for.
 */
static long long mem_free_bytes(void)
{
	char line[256];
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "MemFree:", 8) == 0)
			v = atoll(line + 8) * 1024;
	if (f)
		fclose(f);
	return v;
}

static long long read_number(const char *path)
{
	char line[64];
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f && fgets(line, sizeof(line), f))
		v = atoll(line);
	if (f)
		fclose(f);
	return v;
}

static int write_string(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* A memory cgroup for the readers' process; false if there can be none. */
static bool make_cgroup(void)
{
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) &&
	    mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL))
		return false;
	if (write_string("/sys/fs/cgroup/cgroup.subtree_control", "+memory"))
		return false;
	rmdir(CGROUP);
	return mkdir(CGROUP, 0755) == 0;
}

/*
 * Forks the readers' process: it opens @n readers, tells the parent on
 * @ready, and keeps them open until @hold is closed.
 */
static pid_t start_idle_readers(int n, int *ready_fd, int *hold_fd)
{
	struct rlimit fds = { n + 64, n + 64 };
	int ready[2], hold[2];
	char buf[4096], c = 0, pid_s[32];
	pid_t pid;

	if (pipe(ready) || pipe(hold))
		die("pipe");
	if (setrlimit(RLIMIT_NOFILE, &fds))
		die("setrlimit");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(ready[0]);
		close(hold[1]);
		snprintf(pid_s, sizeof(pid_s), "%d", getpid());
		write_string(CGROUP "/cgroup.procs", pid_s);
		if (setgroups(0, NULL) || setresgid(READER_UID, READER_UID, READER_UID) ||
		    setresuid(READER_UID, READER_UID, READER_UID))
			die("setresuid");
		for (int i = 0; i < n; i++) {
			int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK);

			if (fd < 0)
				die("open /dev/logger");
			if (read(fd, buf, sizeof(buf)) >= 0 || errno != EAGAIN)
				die("an idle reader's read found a record");
		}
		if (write(ready[1], &c, 1) != 1)
			die("write");
		/* Until the parent closes its end. */
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	*ready_fd = ready[0];
	*hold_fd = hold[1];
	return pid;
}

static void run_case(int n, int measure_ms)
{
	char record[RECORD_SIZE];
	long long mem_before, mem_after, free_before, free_after;
	long long start, ns, writes = 0;
	int ready, hold, w, status;
	pid_t pid;
	char c;

	memset(record, 'w', sizeof(record));
	w = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	if (w < 0)
		die("open /dev/logger");
	/* Root's records only, so that the readers find nothing to read. */
	for (int i = 0; i < 1000; i++)
		if (write(w, record, sizeof(record)) != sizeof(record))
			die("write");
	if (!make_cgroup())
		fprintf(stderr, "readers_bench: no memory cgroup; reader_bytes is -1\n");
	mem_before = read_number(CGROUP "/memory.current");
	free_before = mem_free_bytes();
	pid = start_idle_readers(n, &ready, &hold);
	if (read(ready, &c, 1) != 1)
		die("the readers' process failed");
	mem_after = read_number(CGROUP "/memory.current");
	free_after = mem_free_bytes();

	start = now_ns();
	do {
		for (int i = 0; i < 1000; i++)
			if (write(w, record, sizeof(record)) != sizeof(record))
				die("write");
		writes += 1000;
		ns = now_ns() - start;
	} while (ns < measure_ms * 1000000LL);

	close(hold);
	close(ready);
	waitpid(pid, &status, 0);
	rmdir(CGROUP);
	close(w);
	printf("{\"stage\":\"kernel-readers\",\"idle_readers\":%d,\"size\":%d,\"writes\":%lld,"
	       "\"seconds\":%.3f,\"write_ns\":%.1f,\"reader_bytes\":%.0f,"
	       "\"reader_bytes_memfree\":%.0f}\n",
	       n, RECORD_SIZE, writes, ns / 1e9, (double)ns / writes,
	       mem_before < 0 || mem_after < 0 ? -1.0 :
	       n ? (double)(mem_after - mem_before) / n : 0.0,
	       n ? (double)(free_before - free_after) / n : 0.0);
	fflush(stdout);
}

/* A draining reader: reads until told to stop, counting what it got. */
struct drainer {
	int fd;
	long long records;
	atomic_int *stop;
	atomic_int *running;
};

static void *drain_records(void *arg)
{
	static __thread char buf[64 << 10];
	struct drainer *d = arg;
	struct logger_entry *e;
	ssize_t n;

	atomic_fetch_add(d->running, 1);
	while (!atomic_load(d->stop)) {
		n = read(d->fd, buf, sizeof(buf));
		if (n < 0)
			break;
		for (char *p = buf; p < buf + n; p += LOGGER_ENTRY_SPAN(e)) {
			e = (struct logger_entry *)p;
			d->records++;
		}
	}
	atomic_fetch_sub(d->running, 1);
	return NULL;
}

static long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void run_drain_case(int n, int measure_ms, bool warmup)
{
	static struct drainer d[128];
	static pthread_t t[128];
	char record[RECORD_SIZE];
	atomic_int stop = 0, running = 0;
	long long start, ns, cpu_start, cpu_ns, writes = 0, read = 0;
	__u32 binary = LOGGER_FORMAT_BINARY;
	int w, i;

	memset(record, 'd', sizeof(record));
	w = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	if (w < 0)
		die("open /dev/logger");
	for (i = 0; i < n; i++) {
		d[i] = (struct drainer){ .stop = &stop, .running = &running };
		d[i].fd = open("/dev/logger", O_RDONLY | O_CLOEXEC);
		if (d[i].fd < 0 || ioctl(d[i].fd, LOGGER_IOC_SET_FORMAT, &binary) ||
		    lseek(d[i].fd, 0, SEEK_END) < 0)
			die("a draining reader");
		pthread_create(&t[i], NULL, drain_records, &d[i]);
	}
	while (atomic_load(&running) < n)
		sched_yield();

	start = now_ns();
	cpu_start = thread_cpu_ns();
	do {
		for (i = 0; i < 1000; i++)
			if (write(w, record, sizeof(record)) != sizeof(record))
				die("write");
		writes += 1000;
		ns = now_ns() - start;
	} while (ns < measure_ms * 1000000LL);
	cpu_ns = thread_cpu_ns() - cpu_start;

	/* Readers waiting for a record need one to see that they should stop. */
	atomic_store(&stop, 1);
	while (atomic_load(&running) > 0)
		if (write(w, record, sizeof(record)) != sizeof(record))
			die("write");
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		read += d[i].records;
		close(d[i].fd);
	}
	close(w);
	printf("{\"stage\":\"kernel-drain\",\"draining_readers\":%d,\"size\":%d,\"writes\":%lld,"
	       "\"seconds\":%.3f,\"write_ns\":%.1f,\"write_cpu_ns\":%.1f,"
	       "\"read_per_reader\":%.0f,\"warmup\":%s}\n",
	       n, RECORD_SIZE, writes, ns / 1e9, (double)ns / writes,
	       (double)cpu_ns / writes, n ? (double)read / n : 0.0,
	       warmup ? "true" : "false");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const int idle_counts[] = { 0, 1000, 5000 };
	static const int drain_counts[] = { 0, 1, 10, 100 };
	int measure_ms = argc > 1 ? atoi(argv[1]) : 1000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;

	if (geteuid() != 0) {
		fprintf(stderr, "readers_bench: run as root (it opens readers as uid %d)\n",
			READER_UID);
		return 2;
	}
	run_case(0, measure_ms / 4);	/* warms the emulator's code cache */
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < sizeof(idle_counts) / sizeof(*idle_counts); i++)
			run_case(idle_counts[i], measure_ms);
	run_drain_case(0, measure_ms / 4, true);
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < sizeof(drain_counts) / sizeof(*drain_counts); i++)
			run_drain_case(drain_counts[i], measure_ms, false);
	return 0;
}
