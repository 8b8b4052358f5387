// SPDX-License-Identifier: GPL-2.0
/*
 * readers_bench - what idle readers of another user cost the writers of
 * /dev/logger, and what each of them holds in kernel memory.
 *
 * A child process of uid 1000 opens N readers, each of which reads once
 * and finds nothing it may see (every record is root's), then holds them
 * open; the parent, root, then writes 100-byte records as fast as it can
 * into a ring small enough that every write evicts.  With a reader count
 * of 0 this is the baseline; the ratio of the others to it is the cost of
 * the readers.  One JSON line per case and round, the cases interleaved.
 *
 *	readers_bench [MEASURE_MS [ROUNDS [N...]]]   (default 1000 3 0 1000 5000)
 *
 * What a reader holds is read off the memory cgroup the readers' process
 * runs in (cgroup v2, mounted at /sys/fs/cgroup if it is not): every
 * allocation a reader causes is charged there, its struct file, the
 * module's struct logger_file and its slot of the fd table.
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

int main(int argc, char **argv)
{
	static const int default_counts[] = { 0, 1000, 5000 };
	int measure_ms = argc > 1 ? atoi(argv[1]) : 1000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	int counts[16], ncounts = 0;

	for (int i = 3; i < argc && ncounts < 16; i++)
		counts[ncounts++] = atoi(argv[i]);
	if (!ncounts)
		for (size_t i = 0; i < sizeof(default_counts) / sizeof(*default_counts); i++)
			counts[ncounts++] = default_counts[i];
	if (geteuid() != 0) {
		fprintf(stderr, "readers_bench: run as root (it opens readers as uid %d)\n",
			READER_UID);
		return 2;
	}
	run_case(0, measure_ms / 4);	/* warms the emulator's code cache */
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < ncounts; i++)
			run_case(counts[i], measure_ms);
	return 0;
}
