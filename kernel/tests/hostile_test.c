// SPDX-License-Identifier: GPL-2.0
/*
 * hostile_test.c - /dev/logger against callers who would abuse it: files
 * passed to someone else, root without the right capability, thousands of
 * idle readers, memory a user makes the kernel allocate, a read that runs
 * for long, and read buffers that fault or stall while writers evict.
 * Checked against the real device, as root (LOGGER_KO set).
 *
 *	tests/hostile_test          run every case
 *	tests/hostile_test -l       list the cases
 *	tests/hostile_test NAME...  run some
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

#define PAGE 4096

static void clear_all(int fd)
{
	__u64 all = ~0ULL;

	CHECK_EQ(ioctl(fd, LOGGER_IOC_CLEAR, &all), 0);
}

static void write_as_me(void *arg)
{
	int w = dev_open(O_WRONLY);

	dev_write(w, arg);
	close(w);
}

/* Root's record and one of uid 1001, alone in the ring. */
static void write_two_users(void)
{
	int w = dev_open(O_WRONLY);

	clear_all(w);
	dev_write(w, "from root");
	run_as(1001, 1001, write_as_me, "from 1001");
	close(w);
}

/* Records a file can read now, and whether it may clear. */
struct view {
	size_t records;
	bool can_clear;
};

static struct view view_of(int fd)
{
	struct records rs = dev_read_binary(fd, 10);
	struct view v = { .records = rs.n };
	__u64 none = 0;

	/* Clearing below seq 0 removes nothing, but asks the privilege. */
	v.can_clear = ioctl(fd, LOGGER_IOC_CLEAR, &none) == 0;
	CHECK(v.can_clear || errno == EPERM, "CLEAR: %s", strerror(errno));
	records_free(&rs);
	return v;
}

/* Opens the device as uid 1001 in a child and hands the file over. */
static int open_as_1001(void)
{
	return dev_open_as(1001, 1001, O_RDWR);
}

static void view_through_privileged_file(void *arg)
{
	struct view v = view_of(*(int *)arg);

	CHECK_EQ(v.records, 2);
	CHECK(v.can_clear);
}

/*
 * What a file may do is decided by who opened it: root using a file that
 * uid 1001 opened gets uid 1001's view, and uid 1001 given root's file
 * gets root's, as with /dev/kmsg.
 */
TEST(a_file_keeps_the_privilege_of_its_opener)
{
	struct view v;
	int fd;

	write_two_users();
	fd = open_as_1001();
	REQUIRE(fd >= 0);
	v = view_of(fd);
	CHECK_EQ(v.records, 1);
	CHECK(!v.can_clear, "root cleared through a file uid 1001 opened");
	close(fd);

	fd = dev_open(O_RDWR);
	run_as(1001, 1001, view_through_privileged_file, &fd);
	close(fd);
}

struct caps_case {
	__u64 caps;
	struct view want;
};

static void view_with_caps(void *arg)
{
	struct caps_case *c = arg;
	int fd = dev_open(O_RDWR);
	struct view v = view_of(fd);

	CHECK_EQ(v.records, c->want.records);
	CHECK_EQ(v.can_clear, c->want.can_clear);
	close(fd);
}

/*
 * One rule for reading everything and for clearing, syslog(2)'s:
 * CAP_SYSLOG, or CAP_SYS_ADMIN as the deprecated fallback.  Root with
 * neither reads only its own records and cannot clear.
 */
TEST(reading_all_and_clearing_follow_the_rule_of_syslog)
{
	struct caps_case cases[] = {
		{ 1ULL << CAP_SYSLOG, { 2, true } },
		{ 1ULL << CAP_SYS_ADMIN, { 2, true } },
		{ 1ULL << CAP_DAC_OVERRIDE, { 1, false } },
		{ 0, { 1, false } },
	};
	size_t i;

	for (i = 0; i < TAP_COUNT(cases); i++) {
		write_two_users();
		run_with_caps(cases[i].caps, view_with_caps, &cases[i]);
	}
}

static long long meminfo_kib(const char *key)
{
	char line[256];
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = atoll(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

#define IDLE_READERS 2000

static void open_idle_readers(void *arg)
{
	static int fds[IDLE_READERS];
	long long before, after;
	char buf[PAGE];
	int i;

	before = meminfo_kib("MemFree");
	for (i = 0; i < IDLE_READERS; i++) {
		fds[i] = dev_open(O_RDONLY | O_NONBLOCK);
		/* Root's records are there; none this reader may see. */
		CHECK_ERRNO(read(fds[i], buf, sizeof(buf)), EAGAIN);
		if (tap_case_failed)
			break;
	}
	after = meminfo_kib("MemFree");
	tap_diag("%d idle readers took %lld KiB: %lld bytes each",
		 IDLE_READERS, before - after,
		 (before - after) * 1024 / IDLE_READERS);
	/* A struct file, our struct logger_file and a slot of the fd table. */
	CHECK((before - after) * 1024 / IDLE_READERS < 4096,
	      "an idle reader holds %lld bytes",
	      (before - after) * 1024 / IDLE_READERS);
	for (i = 0; i < IDLE_READERS; i++)
		close(fds[i]);
}

/*
 * An open file that has nothing to read holds no buffer, even after a
 * read that found nothing: thousands of them cost little.
 */
TEST(an_idle_reader_holds_no_buffers)
{
	struct rlimit fds = { IDLE_READERS + 64, IDLE_READERS + 64 };
	int w = dev_open(O_WRONLY), i;

	clear_all(w);
	for (i = 0; i < 100; i++)
		dev_write(w, "a record of root's that uid 1001 may not read");
	close(w);
	REQUIRE(setrlimit(RLIMIT_NOFILE, &fds) == 0);
	run_as(1001, 1001, open_idle_readers, NULL);
}

/* The memory cgroup v2 hierarchy, mounted if it is not yet. */
static const char *cgroup_root(void)
{
	static const char root[] = "/sys/fs/cgroup";
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
	if (access(path, F_OK) && mount("none", root, "cgroup2", 0, NULL))
		return NULL;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", root);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return NULL;
	if (write(fd, "+memory", 7) != 7) {
		close(fd);
		return NULL;
	}
	close(fd);
	return root;
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0 && write(fd, s, strlen(s)) == (ssize_t)strlen(s),
	      "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static long long read_number(const char *path)
{
	char line[64] = "";
	FILE *f = fopen(path, "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	return atoll(line);
}

/* What a child in a new cgroup does once it is in it. */
enum charged_op { WRITE_BIG, READ_BIG };

#define BIG_RECORD (1U << 20)

/*
 * Runs @op in a child that joins a new memory cgroup first, with its own
 * buffers already faulted in elsewhere; returns the cgroup's peak.
 */
static long long peak_of(const char *root, const char *name,
			 enum charged_op op)
{
	char dir[256], path[300], pid[32];
	static char buf[2 * BIG_RECORD];
	long long peak;
	int status, fd;
	pid_t child;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	rmdir(dir);
	if (!CHECK(mkdir(dir, 0755) == 0, "mkdir %s: %s", dir, strerror(errno)))
		return -1;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		/* Its own pages, charged before it moves: only the kernel's
		 * allocations are left to be charged to the new cgroup. */
		memset(buf, 'x', sizeof(buf));
		fd = dev_open(op == WRITE_BIG ? O_WRONLY : O_RDONLY);
		if (op == READ_BIG)
			dev_set_format(fd, LOGGER_FORMAT_BINARY);
		snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		snprintf(pid, sizeof(pid), "%d", getpid());
		write_file(path, pid);
		if (op == WRITE_BIG)
			CHECK_EQ(write(fd, buf, BIG_RECORD), BIG_RECORD);
		else
			CHECK(read(fd, buf, sizeof(buf)) > BIG_RECORD,
			      "read: %s", strerror(errno));
		_exit(tap_case_failed);
	}
	CHECK_EQ(waitpid(child, &status, 0), child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	snprintf(path, sizeof(path), "%s/memory.peak", dir);
	peak = read_number(path);
	rmdir(dir);
	return peak;
}

/*
 * A write's copy of a 1 MiB record and a read's buffer for it are charged
 * to the memory cgroup of the process that made them, so a container's
 * limits hold for what it makes the kernel allocate.
 */
TEST(memory_a_caller_makes_the_kernel_allocate_is_charged_to_it)
{
	const char *root = cgroup_root();
	long long peak;

	if (!root || access("/sys/fs/cgroup/cgroup.procs", F_OK)) {
		tap_skip("no cgroup v2 memory controller here");
		return;
	}
	peak = peak_of(root, "logger-test-write", WRITE_BIG);
	if (peak < 0) {
		tap_skip("this kernel has no memory.peak");
		return;
	}
	tap_diag("a 1 MiB write: peak %lld KiB", peak / 1024);
	CHECK(peak >= BIG_RECORD, "a 1 MiB write charged only %lld bytes",
	      peak);
	peak = peak_of(root, "logger-test-read", READ_BIG);
	tap_diag("a read of a 1 MiB record: peak %lld KiB", peak / 1024);
	CHECK(peak >= BIG_RECORD, "reading a 1 MiB record charged only %lld bytes",
	      peak);
}

static void on_signal(int sig)
{
	(void)sig;
}

struct long_read {
	int fd;
	char *buf;
	size_t size;
	ssize_t got;
	int err;
	volatile int done;
};

static void *read_once(void *arg)
{
	struct long_read *lr = arg;

	lr->got = read(lr->fd, lr->buf, lr->size);
	lr->err = errno;
	__atomic_store_n(&lr->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * A read of a full 16 MiB ring into one big buffer stops at the end of a
 * batch when a signal comes (it would otherwise run on with the signal
 * pending), returning what it has; the rest comes with the next reads, all
 * of it, once.
 */
TEST(a_long_read_stops_for_a_signal_and_loses_nothing)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART */
	struct long_read lr = { .size = 32U << 20 };
	int w = dev_open(O_WRONLY), i;
	struct logger_stats st;
	struct records rs;
	__u64 expect, first;
	char msg[256];
	size_t total = 0;
	pthread_t t;
	size_t k;

	clear_all(w);
	memset(msg, 'r', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = 0;
	for (i = 0; i < 50000; i++)
		dev_write(w, msg);
	close(w);
	lr.fd = dev_open(O_RDONLY);
	dev_set_format(lr.fd, LOGGER_FORMAT_BINARY);
	st = dev_stats(lr.fd);
	first = st.first_seq;
	lr.buf = malloc(lr.size);
	REQUIRE(lr.buf);
	memset(lr.buf, 0, lr.size);	/* no page faults during the read */

	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, NULL, read_once, &lr);
	while (!__atomic_load_n(&lr.done, __ATOMIC_SEQ_CST)) {
		pthread_kill(t, SIGUSR1);
		usleep(200);
	}
	pthread_join(t, NULL);
	REQUIRE(lr.got > 0, "read: %s", strerror(lr.err));
	rs = (struct records){ NULL, 0 };
	REQUIRE(parse_records(lr.buf, lr.got, &rs));
	tap_diag("the interrupted read returned %zu of %llu records", rs.n,
		 (unsigned long long)st.records_held);
	CHECK(rs.n < st.records_held, "the read ignored the signals");
	expect = first;
	for (k = 0; k < rs.n; k++)
		CHECK_EQ(rs.r[k].e.seq, expect++);
	total += rs.n;
	records_free(&rs);

	/* The rest, with nothing interrupting. */
	for (;;) {
		rs = dev_read_binary(lr.fd, SIZE_MAX);
		if (!rs.n)
			break;
		for (k = 0; k < rs.n && !tap_case_failed; k++)
			CHECK_EQ(rs.r[k].e.seq, expect++);
		total += rs.n;
		records_free(&rs);
	}
	CHECK_EQ(total, st.records_held);
	CHECK_EQ(dev_stats(lr.fd).reader_missed, 0);
	signal(SIGUSR1, SIG_DFL);
	free(lr.buf);
	close(lr.fd);
}

/*
 * A read whose buffer ends in an unmapped page returns the records that
 * arrived whole; the record that faulted and those after it come with the
 * next read, in order.  In both formats.
 */
TEST(a_faulting_buffer_loses_nothing)
{
	static const __u32 formats[] = { LOGGER_FORMAT_BINARY,
					 LOGGER_FORMAT_TEXT };
	char *buf = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int w = dev_open(O_WRONLY), r;
	char msg[1001], good[64 << 10];
	struct records rs;
	__u64 first;
	ssize_t n;
	size_t f, i;

	REQUIRE(buf != MAP_FAILED);
	REQUIRE(mprotect(buf + 2 * PAGE, PAGE, PROT_NONE) == 0);
	memset(msg, 'f', 1000);
	msg[1000] = 0;
	for (f = 0; f < TAP_COUNT(formats); f++) {
		clear_all(w);
		for (i = 0; i < 20; i++)
			dev_write(w, msg);
		r = dev_open(O_RDONLY);
		first = dev_stats(r).first_seq;
		dev_set_format(r, formats[f]);
		n = read(r, buf, 3 * PAGE);
		/* 8 KiB holds seven records of 1056 bytes, or 7 lines. */
		REQUIRE(n > 0, "format %u: read: %s", formats[f], strerror(errno));
		CHECK(n <= 2 * PAGE);
		CHECK_EQ(lseek(r, 0, SEEK_CUR), first + 7);
		dev_set_format(r, LOGGER_FORMAT_BINARY);
		n = read(r, good, sizeof(good));
		REQUIRE(n > 0, "read: %s", strerror(errno));
		rs = (struct records){ NULL, 0 };
		REQUIRE(parse_records(good, n, &rs));
		CHECK_EQ(rs.n, 13);
		CHECK(rs.n && rs.r[0].e.seq == first + 7);
		CHECK_EQ(dev_stats(r).reader_missed, 0);
		records_free(&rs);
		close(r);
	}
	close(w);
	munmap(buf, 3 * PAGE);
}

/*
 * The stalled read: a reader's copy to user space blocks in a page fault
 * (userfaultfd) while writers evict everything, other users write and root
 * clears.  When its buffer then fails, it must lose nothing it took, and
 * count as missed exactly the records it could see that were evicted
 * before it got them: not cleared ones, not other users', none twice.
 */
struct stalled {
	int reader;
	char *buf;
	ssize_t got;
	int err;
};

static void *stalled_read(void *arg)
{
	struct stalled *s = arg;

	s->got = read(s->reader, s->buf, 3 * PAGE);
	s->err = errno;
	return NULL;
}

/* Records written by whom, by seq; what a reader then received. */
#define MAX_SEQS 4096
struct ledger {
	__u64 first;		/* seq of the first record below */
	bool mine[MAX_SEQS];	/* written by the reader's own uid */
	bool got[MAX_SEQS];	/* delivered to the reader */
	__u64 clear_from, clear_to;	/* the seqs the clear removed */
};

static __u64 next_seq_of(int fd)
{
	return dev_stats(fd).next_seq;
}

/* Writes @n records as the caller, noting them as @mine. */
static void write_noted(struct ledger *l, int w, int n, bool mine)
{
	char msg[1001];
	__u64 seq;
	int i;

	memset(msg, 'm', 1000);
	msg[1000] = 0;
	for (i = 0; i < n; i++) {
		seq = next_seq_of(w);
		dev_write(w, msg);
		REQUIRE(seq - l->first < MAX_SEQS);
		l->mine[seq - l->first] = mine;
	}
}

/* The other side of the stalled case: root, writing and clearing. */
struct helper {
	int req, resp;
};

enum { HELP_WRITE_OTHERS = 1, HELP_CLEAR_TO = 2, HELP_DONE = 3 };

static void helper_serve(int req, int resp)
{
	int w = dev_open(O_WRONLY), i;
	__u64 cmd[2], ans[2];
	char msg[1001];

	memset(msg, 'o', 1000);
	msg[1000] = 0;
	while (read(req, cmd, sizeof(cmd)) == sizeof(cmd) &&
	       cmd[0] != HELP_DONE) {
		ans[0] = next_seq_of(w);
		if (cmd[0] == HELP_WRITE_OTHERS) {
			for (i = 0; i < (int)cmd[1]; i++)
				dev_write(w, msg);
		} else {
			ans[0] = dev_stats(w).first_seq;
			CHECK_EQ(ioctl(w, LOGGER_IOC_CLEAR, &cmd[1]), 0);
		}
		ans[1] = next_seq_of(w);
		if (write(resp, ans, sizeof(ans)) != sizeof(ans))
			break;
	}
	close(w);
}

static void helper_ask(struct helper *h, __u64 op, __u64 arg, __u64 ans[2])
{
	__u64 cmd[2] = { op, arg };

	REQUIRE(write(h->req, cmd, sizeof(cmd)) == sizeof(cmd));
	REQUIRE(read(h->resp, ans, 2 * sizeof(__u64)) == 2 * sizeof(__u64));
}

static void stalled_case(struct helper *h, bool sees_all)
{
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	static struct ledger l;
	struct stalled s = { 0 };
	struct pollfd p = { .events = POLLIN };
	struct uffd_msg msg;
	char good[256 << 10];
	struct records rs;
	__u64 ans[2], seq, lost = 0, want = 0;
	int w = dev_open(O_WRONLY);
	pthread_t t;
	size_t i;
	ssize_t n;

	REQUIRE(uffd >= 0, "userfaultfd: %s", strerror(errno));
	REQUIRE(ioctl(uffd, UFFDIO_API, &api) == 0);
	memset(&l, 0, sizeof(l));
	s.reader = dev_open(O_RDONLY | O_NONBLOCK);
	dev_set_format(s.reader, LOGGER_FORMAT_BINARY);
	l.first = next_seq_of(w);
	REQUIRE(lseek(s.reader, 0, SEEK_END) == (off_t)l.first);
	/* A 64 KiB ring holds 61 of these records. */
	write_noted(&l, w, 20, true);

	/* Page 0 is there; page 1 stalls the copy; page 2 is never reached. */
	s.buf = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(s.buf != MAP_FAILED);
	memset(s.buf, 0, PAGE);
	reg.range.start = (unsigned long)s.buf + PAGE;
	reg.range.len = PAGE;
	REQUIRE(ioctl(uffd, UFFDIO_REGISTER, &reg) == 0, "UFFDIO_REGISTER: %s",
		strerror(errno));
	pthread_create(&t, NULL, stalled_read, &s);
	p.fd = uffd;
	REQUIRE(poll(&p, 1, 30000) == 1, "the read never faulted");
	REQUIRE(read(uffd, &msg, sizeof(msg)) == sizeof(msg));
	REQUIRE(msg.event == UFFD_EVENT_PAGEFAULT);

	/*
	 * While it is stalled (it took 11 records, 3 of them copied): others
	 * write, it writes, root clears 15 records (of which it took 11), and
	 * then enough is written to evict everything there was.
	 */
	helper_ask(h, HELP_WRITE_OTHERS, 10, ans);
	for (seq = ans[0]; seq < ans[1]; seq++)
		l.mine[seq - l.first] = sees_all;
	write_noted(&l, w, 10, true);
	helper_ask(h, HELP_CLEAR_TO, l.first + 15, ans);
	l.clear_from = ans[0];
	l.clear_to = l.first + 15;
	write_noted(&l, w, 100, true);
	helper_ask(h, HELP_WRITE_OTHERS, 10, ans);
	for (seq = ans[0]; seq < ans[1]; seq++)
		l.mine[seq - l.first] = sees_all;

	/* Now the buffer fails: the page goes away and the fault retries. */
	REQUIRE(munmap(s.buf + PAGE, PAGE) == 0);
	REQUIRE(ioctl(uffd, UFFDIO_WAKE, &reg.range) == 0);
	pthread_join(t, NULL);
	REQUIRE(s.got > 0, "the stalled read: %s", strerror(s.err));
	rs = (struct records){ NULL, 0 };
	REQUIRE(parse_records(s.buf, s.got, &rs));
	for (i = 0; i < rs.n; i++)
		l.got[rs.r[i].e.seq - l.first] = true;
	seq = rs.n ? rs.r[rs.n - 1].e.seq : 0;
	records_free(&rs);

	/* Then everything else it can have, with a good buffer. */
	while ((n = read(s.reader, good, sizeof(good))) > 0) {
		rs = (struct records){ NULL, 0 };
		REQUIRE(parse_records(good, n, &rs));
		for (i = 0; i < rs.n; i++) {
			CHECK(rs.r[i].e.seq > seq, "seq %llu after %llu",
			      (unsigned long long)rs.r[i].e.seq,
			      (unsigned long long)seq);
			seq = rs.r[i].e.seq;
			CHECK(l.mine[seq - l.first], "seq %llu is not its own",
			      (unsigned long long)seq);
			l.got[seq - l.first] = true;
		}
		records_free(&rs);
	}
	CHECK(n < 0 && errno == EAGAIN, "read: %s", strerror(errno));

	/* What it could see and did not get, but for what was cleared. */
	for (seq = l.first; seq < next_seq_of(w); seq++) {
		bool cleared = seq >= l.clear_from && seq < l.clear_to;

		if (l.mine[seq - l.first] && !l.got[seq - l.first]) {
			lost++;
			if (!cleared)
				want++;
		}
	}
	tap_diag("%s reader: %llu of its records not received, %llu of them evicted",
		 sees_all ? "a privileged" : "a restricted",
		 (unsigned long long)lost, (unsigned long long)want);
	CHECK(want > 0 && want < lost, "the case must lose to both");
	CHECK_EQ(dev_stats(s.reader).reader_missed, want);
	close(s.reader);
	close(w);
	close(uffd);
	munmap(s.buf, PAGE);
}

static void stalled_as_restricted(void *arg)
{
	stalled_case(arg, false);
}

TEST(a_read_stalled_in_a_fault_counts_exactly_what_it_missed)
{
	int req[2], resp[2], status;
	struct helper h;
	__u64 done[2] = { HELP_DONE, 0 };
	pid_t pid;
	int pass;

	REQUIRE(pipe(req) == 0 && pipe(resp) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(req[1]);
		close(resp[0]);
		tap_case_failed = 0;
		helper_serve(req[0], resp[1]);
		_exit(tap_case_failed);
	}
	close(req[0]);
	close(resp[1]);
	h.req = req[1];
	h.resp = resp[0];
	for (pass = 0; pass < 2; pass++) {
		int w = dev_open(O_WRONLY);

		clear_all(w);
		close(w);
		if (pass == 0) {
			stalled_case(&h, true);
		} else {
			/* A user's own page faults block in userfaultfd only
			 * when the system allows it. */
			FILE *f = fopen("/proc/sys/vm/unprivileged_userfaultfd", "w");

			REQUIRE(f && fputs("1", f) >= 0 && fclose(f) == 0);
			run_as(1001, 1001, stalled_as_restricted, &h);
			f = fopen("/proc/sys/vm/unprivileged_userfaultfd", "w");
			if (f) {
				fputs("0", f);
				fclose(f);
			}
		}
	}
	CHECK(write(h.req, done, sizeof(done)) == sizeof(done));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the helper failed");
	close(h.req);
	close(h.resp);
}

/* Opens @n files of the device in this process; returns their fds. */
static int *open_many(int n, int flags)
{
	int *fds = calloc(n, sizeof(*fds)), i;

	for (i = 0; i < n && fds; i++)
		fds[i] = dev_open(flags);
	return fds;
}

static void close_many(int *fds, int n)
{
	int i;

	for (i = 0; i < n && fds; i++)
		close(fds[i]);
	free(fds);
}

/* What 2000 files of uid 1001 cost its cgroup, idle and after a fault. */
struct faulted_cost {
	const char *cgroup;	/* memory.current of the cgroup it is in */
	long long idle, faulted;	/* bytes per file */
};

#define MANY_FILES 2000

static void faulting_reads_in_a_cgroup(void *arg)
{
	struct faulted_cost *cost = arg;
	/* A first page that is there, then fifteen that fault. */
	char *buf = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long long before, after;
	int w = dev_open(O_WRONLY), *fds, i;
	char msg[1001];
	ssize_t n;

	REQUIRE(buf != MAP_FAILED);
	memset(buf, 0, PAGE);
	REQUIRE(mprotect(buf + PAGE, 15 * PAGE, PROT_NONE) == 0);
	memset(msg, 'f', 1000);
	msg[1000] = 0;
	for (i = 0; i < 20; i++)
		dev_write(w, msg);
	close(w);

	before = read_number(cost->cgroup);
	fds = open_many(MANY_FILES, O_RDONLY | O_NONBLOCK);
	after = read_number(cost->cgroup);
	cost->idle = (after - before) / MANY_FILES;
	close_many(fds, MANY_FILES);

	before = read_number(cost->cgroup);
	fds = open_many(MANY_FILES, O_RDONLY | O_NONBLOCK);
	for (i = 0; i < MANY_FILES && !tap_case_failed; i++) {
		dev_set_format(fds[i], LOGGER_FORMAT_BINARY);
		/* Three records of 1056 bytes fit the first page; the 4th faults. */
		n = read(fds[i], buf, 16 * PAGE);
		CHECK_EQ(n, 3 * 1056);
		CHECK_EQ(lseek(fds[i], 0, SEEK_CUR), dev_stats(fds[i]).first_seq + 3);
	}
	after = read_number(cost->cgroup);
	cost->faulted = (after - before) / MANY_FILES;
	close_many(fds, MANY_FILES);
	munmap(buf, 16 * PAGE);
	tap_diag("%d files of uid 1001: %lld bytes each idle, %lld after a read that faulted",
		 MANY_FILES, cost->idle, cost->faulted);
	/* A struct file, a struct logger_file, a slot of the fd table: no buffer. */
	CHECK(cost->faulted <= cost->idle + 1024,
	      "a file holds %lld bytes after a faulting read, %lld idle",
	      cost->faulted, cost->idle);
}

/*
 * A read whose buffer faults part-way keeps nothing for the records it
 * could not deliver: 2000 files of one user, each after such a read, cost
 * its memory cgroup what 2000 idle readers do, not 64 KiB each; and the
 * record that faulted is the next one each file reads.
 */
TEST(a_read_that_faults_holds_nothing)
{
	struct rlimit fds = { MANY_FILES + 64, MANY_FILES + 64 };
	struct faulted_cost cost = { 0 };
	const char *root = cgroup_root();
	char dir[256], path[300], pid[32];
	int w = dev_open(O_WRONLY), status;
	pid_t child;

	clear_all(w);
	close(w);
	if (!root) {
		tap_skip("no cgroup v2 memory controller here");
		return;
	}
	REQUIRE(setrlimit(RLIMIT_NOFILE, &fds) == 0);
	snprintf(dir, sizeof(dir), "%s/logger-test-faulted", root);
	rmdir(dir);
	REQUIRE(mkdir(dir, 0755) == 0, "mkdir %s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/memory.current", dir);
	cost.cgroup = path;
	/* The user's process in a cgroup of its own, from its fork on. */
	fflush(stdout);
	child = fork();
	if (child == 0) {
		char procs[300];

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
		snprintf(pid, sizeof(pid), "%d", getpid());
		write_file(procs, pid);
		tap_case_failed = 0;
		run_as(1001, 1001, faulting_reads_in_a_cgroup, &cost);
		_exit(tap_case_failed);
	}
	CHECK_EQ(waitpid(child, &status, 0), child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	rmdir(dir);
}

/* Root's view, and what uid 1001's files got, shared across the fork. */
struct restricted_views {
	struct logger_stats root;
	struct logger_stats reader;
};

/* What a restricted file gets, and whether sysfs lets it in. */
static void restricted_view(void *arg)
{
	static const char *const root_only[] = {
		"bytes_written", "records_written", "records_dropped",
		"records_cleared", "writes_rejected", "first_seq", "next_seq",
		"buffer_used", "records_held", "readers", "write_calls",
	};
	static const char *const anyone[] = {
		"buffer_size", "max_payload", "max_batch", "instance_id",
	};
	struct restricted_views *v = arg;
	int r = dev_open(O_RDONLY), w = dev_open(O_WRONLY), fd;
	struct logger_stats st, wst;
	char path[128];
	__u32 rights = 99;
	size_t i;

	st = dev_stats(r);
	CHECK_EQ(st.records_held, 3);
	CHECK_EQ(st.buffer_used, 3 * LOGGER_RECORD_COST(5));
	CHECK_EQ(st.bytes_written, 0);
	CHECK_EQ(st.records_written, 0);
	CHECK_EQ(st.records_dropped, 0);
	CHECK_EQ(st.records_cleared, 0);
	CHECK_EQ(st.writes_rejected, 0);
	CHECK_EQ(st.readers, 0);
	CHECK_EQ(st.reader_missed, 0);
	/* What its lseek() tells anyway, and the ring's settings. */
	CHECK_EQ(st.next_seq, v->root.next_seq);
	CHECK_EQ(st.first_seq, v->root.first_seq);
	CHECK_EQ(st.buffer_size, v->root.buffer_size);
	CHECK_EQ(st.max_payload, v->root.max_payload);
	CHECK_EQ(st.max_batch, v->root.max_batch);
	CHECK(memcmp(st.instance_id, v->root.instance_id, 16) == 0);
	wst = dev_stats(w);
	CHECK(memcmp(&wst, &st, sizeof(st)) == 0,
	      "a write-only file gets the same view");
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_RIGHTS, &rights), 0);
	CHECK_EQ(rights, 0);
	v->reader = st;

	for (i = 0; i < TAP_COUNT(root_only); i++) {
		snprintf(path, sizeof(path), "/sys/class/misc/logger/%s", root_only[i]);
		fd = open(path, O_RDONLY);
		CHECK(fd < 0 && errno == EACCES, "uid 1001 opened %s", path);
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; i < TAP_COUNT(anyone); i++) {
		snprintf(path, sizeof(path), "/sys/class/misc/logger/%s", anyone[i]);
		fd = open(path, O_RDONLY);
		CHECK(fd >= 0, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	close(w);
	close(r);
}

/* After another user wrote and read: nothing of it shows. */
static void restricted_view_again(void *arg)
{
	struct restricted_views *v = arg;
	int r = dev_open(O_RDONLY);
	struct logger_stats st = dev_stats(r);

	CHECK_EQ(st.records_held, v->reader.records_held);
	CHECK_EQ(st.buffer_used, v->reader.buffer_used);
	CHECK_EQ(st.bytes_written, 0);
	CHECK_EQ(st.records_written, 0);
	CHECK_EQ(st.writes_rejected, 0);
	CHECK_EQ(st.readers, 0);
	close(r);
}

/*
 * A reader that may read only its own records learns from
 * LOGGER_IOC_GET_STATS only about them (how many it has in the ring and
 * what they take; how many it missed), the seqs its lseek() tells anyway,
 * and the ring's settings: not how many bytes or records others wrote, nor
 * when, nor who reads, nor what was refused; LOGGER_IOC_GET_RIGHTS says it
 * is restricted; and the sysfs counters are closed to it.  Root still sees
 * everything.
 */
TEST(a_restricted_reader_learns_only_about_its_own_records)
{
	struct restricted_views *v = mmap(NULL, sizeof(*v), PROT_READ | PROT_WRITE,
					  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int w = dev_open(O_WRONLY), r, i;
	__u32 rights = 0;

	REQUIRE(v != MAP_FAILED);
	clear_all(w);
	for (i = 0; i < 5; i++)
		dev_write(w, "root's record, 37 bytes long, secret");
	for (i = 0; i < 3; i++)
		run_as(1001, 1001, write_as_me, "1001s");
	r = dev_open(O_RDONLY);
	v->root = dev_stats(r);
	CHECK_EQ(v->root.records_held, 8);
	CHECK(v->root.bytes_written > 0);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_RIGHTS, &rights), 0);
	CHECK_EQ(rights, LOGGER_RIGHT_READ_ALL | LOGGER_RIGHT_CLEAR);
	CHECK(sysfs_value("next_seq") == (long long)v->root.next_seq);
	run_as(1001, 1001, restricted_view, v);

	dev_write(w, "another of root's");
	/* A write refused as too large: max_payload is 64 KiB. */
	CHECK_ERRNO(write(w, (void *)v, 1 << 20), EMSGSIZE);
	{
		struct records rs = dev_read_binary(r, 1);

		records_free(&rs);
	}
	run_as(1001, 1001, restricted_view_again, v);
	close(r);
	close(w);
	munmap(v, sizeof(*v));
}

struct stalled_pair {
	int fd;
	char *buf;
	ssize_t got;
	int err;
	volatile int done;
};

static void *read_into(void *arg)
{
	struct stalled_pair *p = arg;

	p->got = read(p->fd, p->buf, 2 * PAGE);
	p->err = errno;
	__atomic_store_n(&p->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * A non-blocking read never sleeps: not even on the file's own lock, which
 * another thread's read holds while its copy to user space is stalled in a
 * page fault (userfaultfd).  It returns EAGAIN at once; the stalled read
 * then completes.
 */
TEST(a_nonblocking_read_never_waits_behind_a_stalled_one)
{
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_zeropage zero = { 0 };
	struct stalled_pair a = { 0 }, b = { 0 };
	struct pollfd p = { .events = POLLIN };
	int w = dev_open(O_WRONLY), i;
	struct uffd_msg msg;
	pthread_t ta, tb;
	char other[PAGE];

	REQUIRE(uffd >= 0, "userfaultfd: %s", strerror(errno));
	REQUIRE(ioctl(uffd, UFFDIO_API, &api) == 0);
	clear_all(w);
	for (i = 0; i < 10; i++)
		dev_write(w, "a record to read");
	close(w);
	a.fd = dev_open(O_RDONLY | O_NONBLOCK);
	a.buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(a.buf != MAP_FAILED);
	reg.range.start = (unsigned long)a.buf;
	reg.range.len = 2 * PAGE;
	REQUIRE(ioctl(uffd, UFFDIO_REGISTER, &reg) == 0);
	pthread_create(&ta, NULL, read_into, &a);
	p.fd = uffd;
	REQUIRE(poll(&p, 1, 30000) == 1, "the read never faulted");
	REQUIRE(read(uffd, &msg, sizeof(msg)) == sizeof(msg));

	/* The same file, another thread, while the first read is stalled. */
	b.fd = a.fd;
	b.buf = other;
	pthread_create(&tb, NULL, read_into, &b);
	for (i = 0; i < 10000 && !__atomic_load_n(&b.done, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	CHECK(__atomic_load_n(&b.done, __ATOMIC_SEQ_CST),
	      "the non-blocking read still waits behind the stalled one");
	CHECK(!__atomic_load_n(&a.done, __ATOMIC_SEQ_CST));

	/* Let the stalled read go on. */
	zero.range = reg.range;
	CHECK_EQ(ioctl(uffd, UFFDIO_ZEROPAGE, &zero), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	CHECK(b.got == -1 && b.err == EAGAIN, "got %zd, errno %d", b.got, b.err);
	CHECK(a.got > 0, "the stalled read: %s", strerror(a.err));
	close(a.fd);
	close(uffd);
	munmap(a.buf, 2 * PAGE);
}

#define MANY_UIDS 30000

/* Writes one record as each of MANY_UIDS uids, switching its euid. */
static void write_as_many_uids(int w)
{
	uid_t uid;

	for (uid = 200000; uid < 200000 + MANY_UIDS && !tap_case_failed; uid++) {
		REQUIRE(setresuid(-1, uid, -1) == 0, "seteuid %u: %s", uid,
			strerror(errno));
		CHECK_EQ(write(w, "x", 1), 1);
		REQUIRE(setresuid(-1, 0, -1) == 0);
	}
}

/*
 * Bytes of slab objects charged to a memory cgroup, from its memory.stat:
 * exact, where memory.current also holds what the kernel charged ahead
 * for each CPU (up to 64 pages each).
 */
static long long cgroup_slab_bytes(const char *dir)
{
	char path[300], line[256];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "slab ", 5) == 0)
			v = atoll(line + 5);
	if (f)
		fclose(f);
	return v;
}

/*
 * The per-uid counts the module keeps are freed once nothing needs them
 * (no record of the uid left, no reader of it): a user with a range of
 * subordinate uids writing once as each of 30000 does not leave 30000
 * allocations behind.  Seen in the slab memory of the cgroup they are
 * charged to, which is back to nearly nothing once the records are
 * evicted.
 */
TEST(per_uid_counts_are_freed_when_nothing_needs_them)
{
	const char *root = cgroup_root();
	char dir[256], procs[300], pid[32], big[4000];
	long long during = -1, after = -1;
	int w = dev_open(O_WRONLY), status, i, report[2];
	pid_t child;

	clear_all(w);
	if (!root) {
		tap_skip("no cgroup v2 memory controller here");
		close(w);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/logger-test-uids", root);
	rmdir(dir);
	REQUIRE(mkdir(dir, 0755) == 0, "mkdir %s: %s", dir, strerror(errno));
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	REQUIRE(pipe(report) == 0);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		tap_case_failed = 0;
		snprintf(pid, sizeof(pid), "%d", getpid());
		write_file(procs, pid);
		write_as_many_uids(w);
		during = cgroup_slab_bytes(dir);
		if (write(report[1], &during, sizeof(during)) != sizeof(during))
			tap_case_failed = 1;
		_exit(tap_case_failed);
	}
	CHECK_EQ(read(report[0], &during, sizeof(during)), sizeof(during));
	CHECK_EQ(waitpid(child, &status, 0), child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(report[0]);
	close(report[1]);
	/* Root's records push every one of theirs out. */
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	for (i = 0; i < 600; i++)
		dev_write(w, big);
	/* Frees of the map's nodes wait for an RCU grace period: await them. */
	for (i = 0; i < 1000; i++) {
		after = cgroup_slab_bytes(dir);
		if (after >= 0 && after < 64 << 10)
			break;
		usleep(10000);
	}
	tap_diag("slab of the writer of %d uids: %lld KiB with its records held, %lld KiB after",
		 MANY_UIDS, during >> 10, after >> 10);
	CHECK(after >= 0 && after < 64 << 10, "%lld KiB still charged", after >> 10);
	close(w);
	rmdir(dir);
}

static const struct tap_case cases[] = {
	TAP_CASE(a_file_keeps_the_privilege_of_its_opener),
	TAP_CASE(reading_all_and_clearing_follow_the_rule_of_syslog),
	TAP_CASE(an_idle_reader_holds_no_buffers),
	TAP_CASE_WITH(memory_a_caller_makes_the_kernel_allocate_is_charged_to_it,
		      "buffer_size=4194304 max_payload=1048576"),
	TAP_CASE_WITH(a_long_read_stops_for_a_signal_and_loses_nothing,
		      "buffer_size=16777216"),
	TAP_CASE(a_faulting_buffer_loses_nothing),
	TAP_CASE_WITH(a_read_stalled_in_a_fault_counts_exactly_what_it_missed,
		      "buffer_size=65536"),
	TAP_CASE(a_read_that_faults_holds_nothing),
	TAP_CASE(a_restricted_reader_learns_only_about_its_own_records),
	TAP_CASE(a_nonblocking_read_never_waits_behind_a_stalled_one),
	TAP_CASE(per_uid_counts_are_freed_when_nothing_needs_them),
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_main_setup(cases, TAP_COUNT(cases), argc, argv,
			      module_setup, device_teardown);
}
