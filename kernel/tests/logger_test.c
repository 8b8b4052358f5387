// SPDX-License-Identifier: GPL-2.0
/*
 * logger_test.c - every promise of the /dev/logger ABI, one case each,
 * checked against the real device.  Cases that need other module
 * parameters name them; the harness reloads the module for them.
 *
 *	tests/logger_test          run every case (as root, LOGGER_KO set)
 *	tests/logger_test -l       list the cases
 *	tests/logger_test NAME...  run some
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

#define NOBODY 65534

static pid_t tid_self(void)
{
	return syscall(SYS_gettid);
}

/* A reader that sees only records written from now on. */
static int new_reader(int flags)
{
	int fd = dev_open(O_RDONLY | flags);
	off_t pos = lseek(fd, 0, SEEK_END);

	CHECK(pos > 0, "lseek(SEEK_END): %s", strerror(errno));
	return fd;
}

/* A second reader at the same position as @fd. */
static int reader_like(int fd)
{
	int other = dev_open(O_RDONLY);

	CHECK_EQ(lseek(other, lseek(fd, 0, SEEK_CUR), SEEK_SET),
		 lseek(fd, 0, SEEK_CUR));
	return other;
}

/* Drops every record held (we run as root). */
static void clear_all(int fd)
{
	__u64 all = ~0ULL;

	CHECK_EQ(ioctl(fd, LOGGER_IOC_CLEAR, &all), 0);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	memset(s, c, n);
	s[n] = 0;
	return s;
}

TEST(write_is_one_record_stamped_by_the_kernel)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct timespec before, after;
	char comm[16] = { 0 };
	struct logger_entry e;
	struct records rs;
	size_t i;

	prctl(PR_GET_NAME, comm);
	clock_gettime(CLOCK_REALTIME, &before);
	CHECK_EQ(write(w, "hello", 5), 5);
	clock_gettime(CLOCK_REALTIME, &after);

	rs = dev_read_binary(r, 2);
	REQUIRE(rs.n == 1, "read %zu records", rs.n);
	e = rs.r[0].e;
	CHECK_EQ(e.hdr_size, sizeof(struct logger_entry));
	CHECK_EQ(sizeof(struct logger_entry), 56);
	CHECK_EQ(e.flags, 0);
	CHECK_EQ(e.len, 5);
	CHECK_EQ(e.level, LOGGER_LEVEL_INFO);
	CHECK(strcmp(rs.r[0].payload, "hello") == 0);
	CHECK_EQ(e.pid, getpid());
	CHECK_EQ(e.tid, tid_self());
	CHECK_EQ(e.uid, geteuid());
	CHECK_EQ(e.gid, getegid());
	CHECK(strncmp(e.comm, comm, sizeof(e.comm)) == 0, "comm %.16s", e.comm);
	for (i = strnlen(e.comm, 16); i < 16; i++)
		CHECK(e.comm[i] == 0, "comm byte %zu not NUL padded", i);
	CHECK(e.ts_ns >= (__u64)before.tv_sec * 1000000000 + before.tv_nsec &&
	      e.ts_ns <= (__u64)after.tv_sec * 1000000000 + after.tv_nsec,
	      "ts_ns %llu outside the write", (unsigned long long)e.ts_ns);
	records_free(&rs);
	close(r);
	close(w);
}

static void *write_from_thread(void *arg)
{
	int fd = *(int *)arg;
	static pid_t tid;

	prctl(PR_SET_NAME, "writer-thread");
	tid = tid_self();
	dev_write(fd, "from a thread");
	return &tid;
}

TEST(threads_of_one_process_are_told_apart)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct records rs;
	pthread_t t;
	void *tid;

	pthread_create(&t, NULL, write_from_thread, &w);
	pthread_join(t, &tid);
	rs = dev_read_binary(r, 2);
	REQUIRE(rs.n == 1);
	CHECK_EQ(rs.r[0].e.pid, getpid());
	CHECK_EQ(rs.r[0].e.tid, *(pid_t *)tid);
	CHECK(rs.r[0].e.tid != getpid());
	CHECK(strcmp(rs.r[0].e.comm, "writer-thread") == 0);
	records_free(&rs);
	close(r);
	close(w);
}

TEST(level_prefix_sets_the_level_and_is_stripped)
{
	static const struct {
		const char *in;
		int level;
		const char *payload;
	} cases[] = {
		{ "<0>emerg", 0, "emerg" },
		{ "<3>err", 3, "err" },
		{ "<7>", 7, "" },
		{ "<8>x", 6, "<8>x" },
		{ "<3", 6, "<3" },
		{ "<a>b", 6, "<a>b" },
		{ "x<3>y", 6, "x<3>y" },
		{ "<3><4>z", 3, "<4>z" },
		{ "<-1>n", 6, "<-1>n" },
	};
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct records rs;
	size_t i;

	for (i = 0; i < TAP_COUNT(cases); i++)
		dev_write(w, cases[i].in);
	rs = dev_read_binary(r, TAP_COUNT(cases) + 1);
	REQUIRE(rs.n == TAP_COUNT(cases), "read %zu records", rs.n);
	for (i = 0; i < rs.n; i++) {
		CHECK_EQ(rs.r[i].e.level, cases[i].level);
		CHECK(strcmp(rs.r[i].payload, cases[i].payload) == 0,
		      "%s: payload '%s'", cases[i].in, rs.r[i].payload);
	}
	records_free(&rs);
	close(r);
	close(w);
}

TEST(writev_is_one_record)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct iovec iov[] = {
		{ "<", 1 }, { "3>mul", 5 }, { "", 0 }, { "ti", 2 },
	};
	struct records rs;

	CHECK_EQ(writev(w, iov, 4), 8);
	rs = dev_read_binary(r, 2);
	REQUIRE(rs.n == 1, "read %zu records", rs.n);
	CHECK_EQ(rs.r[0].e.level, 3);
	CHECK(strcmp(rs.r[0].payload, "multi") == 0);
	records_free(&rs);
	close(r);
	close(w);
}

TEST(empty_write_stores_nothing)
{
	int w = dev_open(O_RDWR);
	struct logger_stats before = dev_stats(w), after;

	CHECK_EQ(write(w, "", 0), 0);
	after = dev_stats(w);
	CHECK_EQ(after.records_written, before.records_written);
	CHECK_EQ(after.writes_rejected, before.writes_rejected);
	close(w);
}

TEST(oversized_write_is_emsgsize_and_stores_nothing)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct logger_stats before = dev_stats(r), after;
	__u32 max = before.max_payload;
	char *big = repeat('a', max + 4);
	struct records rs;

	memcpy(big, "<3>", 3);
	/* Exactly max_payload, with and without a level prefix: accepted. */
	CHECK_EQ(write(w, big + 3, max), max);
	CHECK_EQ(write(w, big, max + 3), max + 3);
	/* One byte more: refused, with or without the prefix. */
	CHECK_ERRNO(write(w, big + 3, max + 1), EMSGSIZE);
	CHECK_ERRNO(write(w, big, max + 4), EMSGSIZE);
	/* Far more: refused before the kernel allocates for it. */
	CHECK_ERRNO(write(w, big, 1u << 30), EMSGSIZE);

	after = dev_stats(r);
	CHECK_EQ(after.records_written, before.records_written + 2);
	CHECK_EQ(after.writes_rejected, before.writes_rejected + 3);
	rs = dev_read_binary(r, 3);
	REQUIRE(rs.n == 2, "read %zu records", rs.n);
	CHECK_EQ(rs.r[0].e.len, max);
	CHECK_EQ(rs.r[1].e.len, max);
	CHECK_EQ(rs.r[1].e.level, 3);
	records_free(&rs);
	free(big);
	close(r);
	close(w);
}

TEST(bad_pointer_write_is_efault_and_stores_nothing)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct logger_stats before = dev_stats(r), after;
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* volatile: the compiler must not see that these are bad on purpose. */
	void *volatile bad = (void *)8;
	struct iovec iov[2] = { { "good", 4 }, { bad, 4 } };

	REQUIRE(map != MAP_FAILED);
	/* The second page is gone: a buffer running into it faults half way. */
	munmap(map + page, page);
	memset(map, 'x', page);

	CHECK_ERRNO(write(w, bad, 10), EFAULT);
	CHECK_ERRNO(write(w, map + page - 10, 20), EFAULT);
	CHECK_ERRNO(writev(w, iov, 2), EFAULT);

	after = dev_stats(r);
	CHECK_EQ(after.records_written, before.records_written);
	CHECK_EQ(after.writes_rejected, before.writes_rejected + 3);
	/* The device is fine afterwards. */
	CHECK_EQ(write(w, map, 10), 10);
	munmap(map, page);
	close(r);
	close(w);
}

TEST(text_format_is_one_escaped_line_per_record)
{
	static const char msg[] = "<3>line1\nline2\ttab\\ \x7f\x01 caf\xc3\xa9";
	int t = new_reader(0), b = reader_like(t), w = dev_open(O_WRONLY);
	char want[512], got[512];
	struct records rs;
	ssize_t n;

	dev_write(w, msg);
	rs = dev_read_binary(b, 2);
	REQUIRE(rs.n == 1);
	snprintf(want, sizeof(want),
		 "<3>,%llu,%llu,%d,%d,%u;line1\\x0aline2\\x09tab\\x5c \\x7f\\x01 caf\xc3\xa9\n",
		 (unsigned long long)rs.r[0].e.seq,
		 (unsigned long long)rs.r[0].e.ts_ns / 1000, getpid(),
		 tid_self(), geteuid());
	n = read(t, got, sizeof(got) - 1);
	REQUIRE(n > 0, "read: %s", strerror(errno));
	got[n] = 0;
	CHECK(strcmp(got, want) == 0, "got  %s# want %s", got, want);
	records_free(&rs);
	close(t);
	close(b);
	close(w);
}

/*
 * An unprivileged writer cannot drive the terminal of whoever runs `cat
 * /dev/logger`: escape sequences (ESC, and CSI as the C1 control U+009B or
 * as a lone 0x9b byte) and bytes that are not UTF-8 come out as \xNN,
 * while valid UTF-8 stays readable.
 */
static void write_terminal_tricks(void *arg)
{
	int w = dev_open(O_WRONLY);

	dev_write(w, "esc:\033[31mRED csi:\xc2\x9b" "2J lone:\x9b bell:\a "
		  "bad:\xc3\x28 ok:\xe2\x82\xac");
	close(w);
}

TEST(text_format_cannot_drive_a_terminal)
{
	int t = new_reader(0);
	char got[512];
	const char *msg;
	ssize_t n;

	run_as(1001, 1001, write_terminal_tricks, NULL);
	n = read(t, got, sizeof(got) - 1);
	REQUIRE(n > 0, "read: %s", strerror(errno));
	got[n] = 0;
	msg = strchr(got, ';');
	REQUIRE(msg, "no message in %s", got);
	CHECK(strcmp(msg + 1, "esc:\\x1b[31mRED csi:\\xc2\\x9b2J lone:\\x9b "
		     "bell:\\x07 bad:\\xc3( ok:\xe2\x82\xac\n") == 0,
	      "got %s", msg + 1);
	close(t);
}

/*
 * Version 3: the bidirectional embeddings, overrides and isolates, which
 * reorder what a terminal shows after them ("Trojan Source"), are escaped
 * byte by byte like the other controls; the characters around them are
 * not.
 */
TEST(text_format_escapes_bidi_controls)
{
	int t = new_reader(0), w = dev_open(O_WRONLY);
	char got[512];
	const char *msg;
	ssize_t n;

	dev_write(w, "rlo:\xe2\x80\xae lre:\xe2\x80\xaa pdf:\xe2\x80\xac "
		  "lri:\xe2\x81\xa6 pdi:\xe2\x81\xa9 "
		  "zwj:\xe2\x80\x8d sup0:\xe2\x81\xb0 nbsp:\xe2\x80\xaf");
	n = read(t, got, sizeof(got) - 1);
	REQUIRE(n > 0, "read: %s", strerror(errno));
	got[n] = 0;
	msg = strchr(got, ';');
	REQUIRE(msg, "no message in %s", got);
	CHECK(strcmp(msg + 1, "rlo:\\xe2\\x80\\xae lre:\\xe2\\x80\\xaa "
		     "pdf:\\xe2\\x80\\xac lri:\\xe2\\x81\\xa6 pdi:\\xe2\\x81\\xa9 "
		     "zwj:\xe2\x80\x8d sup0:\xe2\x81\xb0 nbsp:\xe2\x80\xaf\n") == 0,
	      "got %s", msg + 1);
	close(t);
	close(w);
}

TEST(read_returns_only_whole_records_that_fit)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	__u32 line, span;
	char buf[4096];

	dev_write(w, "aaaa");
	dev_write(w, "bbbb");
	dev_write(w, "cccc");
	/* Binary: 56 + 4 bytes, rounded up to 8. */
	dev_set_format(r, LOGGER_FORMAT_BINARY);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &span), 0);
	CHECK_EQ(span, 64);
	CHECK_EQ(read(r, buf, 3 * span - 1), 2 * span);
	CHECK_EQ(read(r, buf, sizeof(buf)), span);

	/* Text: every line is the same length here. */
	lseek(r, -3, SEEK_END);
	dev_set_format(r, LOGGER_FORMAT_TEXT);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &line), 0);
	CHECK_EQ(read(r, buf, 3 * line - 1), 2 * line);
	CHECK(buf[line - 1] == '\n' && buf[2 * line - 1] == '\n');
	CHECK_EQ(read(r, buf, sizeof(buf)), line);
	close(r);
	close(w);
}

TEST(too_small_buffer_is_einval_and_keeps_the_record)
{
	int r = new_reader(O_NONBLOCK), w = dev_open(O_WRONLY);
	int empty;
	char buf[256];
	__u32 need;

	/* A read of 0 bytes returns 0 at once, record or not. */
	CHECK_EQ(read(empty = new_reader(0), buf, 0), 0);
	close(empty);
	dev_write(w, "0123456789");
	CHECK_EQ(read(r, buf, 0), 0);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &need), 0);
	CHECK_ERRNO(read(r, buf, 10), EINVAL);
	CHECK_ERRNO(read(r, buf, need - 1), EINVAL);
	CHECK_EQ(read(r, buf, need), need);
	CHECK(memcmp(buf + need - 11, "0123456789\n", 11) == 0);

	dev_write(w, "0123456789");
	dev_set_format(r, LOGGER_FORMAT_BINARY);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &need), 0);
	CHECK_EQ(need, 72);
	CHECK_ERRNO(read(r, buf, 71), EINVAL);
	CHECK_EQ(read(r, buf, sizeof(buf)), 72);
	CHECK_ERRNO(read(r, buf, sizeof(buf)), EAGAIN);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &need), 0);
	CHECK_EQ(need, 0);
	close(r);
	close(w);
}

TEST(each_open_file_has_its_own_cursor)
{
	int a = new_reader(0), b = reader_like(a), w = dev_open(O_WRONLY);
	struct records ra, rb, rc;
	struct logger_stats st;
	int c;

	dev_write(w, "one");
	dev_write(w, "two");
	dev_write(w, "three");
	ra = dev_read_binary(a, 4);
	rb = dev_read_binary(b, 4);
	CHECK_EQ(ra.n, 3);
	CHECK_EQ(rb.n, 3);
	CHECK(ra.n == 3 && rb.n == 3 && ra.r[2].e.seq == rb.r[2].e.seq &&
	      strcmp(rb.r[2].payload, "three") == 0);
	records_free(&ra);
	ra = dev_read_binary(a, 1);
	CHECK_EQ(ra.n, 0);

	/* A new open starts at the oldest record held. */
	c = dev_open(O_RDONLY);
	st = dev_stats(c);
	rc = dev_read_binary(c, 1);
	REQUIRE(rc.n >= 1);
	CHECK_EQ(rc.r[0].e.seq, st.first_seq);
	records_free(&ra);
	records_free(&rb);
	records_free(&rc);
	close(a);
	close(b);
	close(c);
	close(w);
}

struct blocked_read {
	int fd;
	pid_t tid;
	ssize_t n;
	int err;
	char buf[256];
};

static void *read_blocking(void *arg)
{
	struct blocked_read *br = arg;

	__atomic_store_n(&br->tid, tid_self(), __ATOMIC_SEQ_CST);
	br->n = read(br->fd, br->buf, sizeof(br->buf) - 1);
	br->err = errno;
	return NULL;
}

/* The thread id a helper thread publishes once it runs. */
static pid_t await_tid(pid_t *published)
{
	pid_t tid;

	while (!(tid = __atomic_load_n(published, __ATOMIC_SEQ_CST)))
		sched_yield();
	return tid;
}

TEST(blocking_read_waits_for_a_writer)
{
	struct blocked_read br = { .fd = new_reader(0) };
	int w = dev_open(O_WRONLY);
	pthread_t t;

	pthread_create(&t, NULL, read_blocking, &br);
	CHECK(wait_until_blocked_in(await_tid(&br.tid), SYS_read),
	      "the reader never blocked in read()");
	dev_write(w, "wake up");
	pthread_join(t, NULL);
	REQUIRE(br.n > 0, "read: %s", strerror(br.err));
	br.buf[br.n] = 0;
	CHECK(strstr(br.buf, ";wake up\n") != NULL, "got %s", br.buf);
	close(br.fd);
	close(w);
}

static void on_signal(int sig)
{
	(void)sig;
}

TEST(a_signal_interrupts_a_blocking_read)
{
	struct blocked_read br = { .fd = new_reader(0) };
	struct sigaction sa = { .sa_handler = on_signal };
	int w = dev_open(O_WRONLY);
	pthread_t t;

	/* Without SA_RESTART the read fails with EINTR... */
	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, NULL, read_blocking, &br);
	REQUIRE(wait_until_blocked_in(await_tid(&br.tid), SYS_read));
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	CHECK_EQ(br.n, -1);
	CHECK_EQ(br.err, EINTR);

	/* ...with it, the read goes on waiting and gets the next record. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	br.tid = 0;
	pthread_create(&t, NULL, read_blocking, &br);
	REQUIRE(wait_until_blocked_in(await_tid(&br.tid), SYS_read));
	pthread_kill(t, SIGUSR1);
	REQUIRE(wait_until_blocked_in(br.tid, SYS_read),
		"the read did not resume after the signal");
	dev_write(w, "after the signal");
	pthread_join(t, NULL);
	CHECK(br.n > 0, "read: %s", strerror(br.err));
	signal(SIGUSR1, SIG_DFL);
	close(br.fd);
	close(w);
}

struct blocked_wait {
	int fd;
	pid_t tid;
	long ret;
	short revents;
	struct epoll_event ev;
	volatile int done;
};

static void *poll_blocking(void *arg)
{
	struct blocked_wait *bw = arg;
	struct pollfd p = { .fd = bw->fd, .events = POLLIN };

	__atomic_store_n(&bw->tid, tid_self(), __ATOMIC_SEQ_CST);
	bw->ret = syscall(SYS_poll, &p, 1, 20000);
	bw->revents = p.revents;
	__atomic_store_n(&bw->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *epoll_blocking(void *arg)
{
	struct blocked_wait *bw = arg;

	__atomic_store_n(&bw->tid, tid_self(), __ATOMIC_SEQ_CST);
	bw->ret = syscall(SYS_epoll_wait, bw->fd, &bw->ev, 1, 20000);
	return NULL;
}

/* Waits up to 10 s for @done to be set; false if it never was. */
static bool await_done(volatile int *done)
{
	int i;

	for (i = 0; i < 10000 && !__atomic_load_n(done, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	return __atomic_load_n(done, __ATOMIC_SEQ_CST);
}

struct blocked_read_done {
	struct blocked_read br;
	volatile int done;
};

static void *read_blocking_done(void *arg)
{
	struct blocked_read_done *b = arg;

	read_blocking(&b->br);
	__atomic_store_n(&b->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * A read blocked for want of a record, and a poll, on a file another
 * thread then seeks back: the seek leaves them records to read, so it
 * wakes them, as a write would.
 */
TEST(a_seek_that_leaves_something_to_read_wakes_the_waiters)
{
	struct blocked_read_done b = { .br.fd = new_reader(0) };
	struct blocked_wait bp = { 0 };
	int w = dev_open(O_WRONLY);
	off_t end;
	pthread_t t;

	dev_write(w, "already there");
	end = lseek(b.br.fd, 0, SEEK_END);
	pthread_create(&t, NULL, read_blocking_done, &b);
	REQUIRE(wait_until_blocked_in(await_tid(&b.br.tid), SYS_read),
		"the reader never blocked in read()");
	CHECK_EQ(lseek(b.br.fd, end - 1, SEEK_SET), end - 1);
	CHECK(await_done(&b.done), "the seek did not wake the blocked read");
	if (!b.done)
		dev_write(w, "let it go");
	pthread_join(t, NULL);
	REQUIRE(b.br.n > 0, "read: %s", strerror(b.br.err));
	b.br.buf[b.br.n] = 0;
	CHECK(strstr(b.br.buf, ";already there\n") != NULL, "got %s", b.br.buf);

	/* The same for a poll. */
	bp.fd = b.br.fd;
	CHECK_EQ(lseek(bp.fd, 0, SEEK_END), end);
	pthread_create(&t, NULL, poll_blocking, &bp);
	REQUIRE(wait_until_blocked_in(await_tid(&bp.tid), SYS_poll),
		"the poller never blocked in poll()");
	CHECK_EQ(lseek(bp.fd, end - 1, SEEK_SET), end - 1);
	CHECK(await_done(&bp.done), "the seek did not wake the poller");
	if (!bp.done)
		dev_write(w, "let it go");
	pthread_join(t, NULL);
	CHECK(bp.ret == 1 && (bp.revents & POLLIN), "poll: %d %#x", bp.ret,
	      bp.revents);
	close(b.br.fd);
	close(w);
}

TEST(poll_and_select_report_a_record_to_read)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct pollfd p = {
		.fd = r, .events = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM,
	};
	struct blocked_wait bw = { .fd = r };
	struct timeval zero = { 0, 0 };
	struct records rs;
	fd_set rd;
	pthread_t t;

	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT | POLLWRNORM);
	FD_ZERO(&rd);
	FD_SET(r, &rd);
	CHECK_EQ(select(r + 1, &rd, NULL, NULL, &zero), 0);

	dev_write(w, "ready");
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
	FD_ZERO(&rd);
	FD_SET(r, &rd);
	CHECK_EQ(select(r + 1, &rd, NULL, NULL, &zero), 1);
	rs = dev_read_binary(r, 1);
	CHECK_EQ(rs.n, 1);
	records_free(&rs);
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT | POLLWRNORM);

	/* A poller that sleeps is woken by a write. */
	pthread_create(&t, NULL, poll_blocking, &bw);
	CHECK(wait_until_blocked_in(await_tid(&bw.tid), SYS_poll));
	dev_write(w, "wake");
	pthread_join(t, NULL);
	CHECK_EQ(bw.ret, 1);
	CHECK_EQ(bw.revents, POLLIN);
	close(r);
	close(w);
}

TEST(epoll_reports_a_record_to_read)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 };
	struct blocked_wait bw = { .fd = ep };
	struct records rs;
	pthread_t t;

	REQUIRE(ep >= 0);
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev), 0);
	CHECK_EQ(epoll_wait(ep, &ev, 1, 0), 0);
	dev_write(w, "one");
	CHECK_EQ(epoll_wait(ep, &ev, 1, 0), 1);
	CHECK(ev.events == EPOLLIN && ev.data.u32 == 7);
	rs = dev_read_binary(r, 1);
	records_free(&rs);
	CHECK_EQ(epoll_wait(ep, &ev, 1, 0), 0);

	pthread_create(&t, NULL, epoll_blocking, &bw);
	CHECK(wait_until_blocked_in(await_tid(&bw.tid), SYS_epoll_wait));
	dev_write(w, "two");
	pthread_join(t, NULL);
	CHECK_EQ(bw.ret, 1);
	CHECK(bw.ev.events & EPOLLIN);
	close(ep);
	close(r);
	close(w);
}

TEST(lseek_positions_by_sequence_number)
{
	int r = dev_open(O_RDONLY | O_NONBLOCK), w = dev_open(O_WRONLY);
	struct logger_stats st;
	struct records rs;
	char c;
	int i;

	for (i = 0; i < 5; i++)
		dev_write(w, "seek me");
	st = dev_stats(r);
	CHECK_EQ(lseek(r, 0, SEEK_SET), st.first_seq);
	CHECK_EQ(lseek(r, st.next_seq - 2, SEEK_SET), st.next_seq - 2);
	CHECK_EQ(lseek(r, 0, SEEK_CUR), st.next_seq - 2);
	rs = dev_read_binary(r, 2);
	REQUIRE(rs.n == 2);
	CHECK_EQ(rs.r[0].e.seq, st.next_seq - 2);
	records_free(&rs);
	CHECK_EQ(lseek(r, 0, SEEK_CUR), st.next_seq);

	CHECK_EQ(lseek(r, -3, SEEK_END), st.next_seq - 3);
	rs = dev_read_binary(r, 10);
	CHECK_EQ(rs.n, 3);
	records_free(&rs);
	CHECK_EQ(lseek(r, 0, SEEK_END), st.next_seq);
	CHECK_ERRNO(read(r, &c, 1), EAGAIN);
	/* Out of range: clamped to what is held. */
	CHECK_EQ(lseek(r, -1000000000000LL, SEEK_END), st.first_seq);
	CHECK_EQ(lseek(r, 1000000000000LL, SEEK_SET), st.next_seq);
	/* Everything else is invalid. */
	CHECK_ERRNO(lseek(r, 1, SEEK_CUR), EINVAL);
	CHECK_ERRNO(lseek(r, 1, SEEK_END), EINVAL);
	CHECK_ERRNO(lseek(r, -1, SEEK_SET), EINVAL);
	CHECK_ERRNO(lseek(r, 0, SEEK_DATA), EINVAL);
	CHECK_ERRNO(lseek(r, 0, 42), EINVAL);
	/* Positions are seqs, not bytes: no pread or pwrite. */
	CHECK_ERRNO(pread(r, &c, 1, 0), ESPIPE);
	CHECK_ERRNO(pwrite(w, "x", 1, 0), ESPIPE);
	close(r);
	close(w);
}

TEST(ioctl_version_and_bad_commands)
{
	int fd = dev_open(O_RDWR);
	__u32 v = 0;

	CHECK_EQ(ioctl(fd, LOGGER_IOC_GET_VERSION, &v), 0);
	CHECK_EQ(v, LOGGER_ABI_VERSION);
	CHECK_ERRNO(ioctl(fd, _IO(LOGGER_IOC_MAGIC, 99)), ENOTTY);
	CHECK_ERRNO(ioctl(fd, TCGETS, &v), ENOTTY);
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_GET_STATS, NULL), EFAULT);
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_GET_STATS, (void *)8), EFAULT);
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_GET_VERSION, (void *)8), EFAULT);
	/*
	 * The first format no version defines (version 3 defines 3, the
	 * binary format with the kernel's fields).
	 */
	v = LOGGER_FORMAT_BINARY_V3 + 1;
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_SET_FORMAT, &v), EINVAL);
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_SET_FORMAT, (void *)8), EFAULT);
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_CLEAR, (void *)8), EFAULT);
	close(fd);
}

TEST(stats_add_up_and_leak_no_bytes)
{
	int base = dev_open(O_WRONLY), r1, r2, w;
	struct logger_stats st, st2;
	__u32 readers;
	size_t i;

	readers = dev_stats(base).readers;
	r1 = dev_open(O_RDONLY);
	r2 = dev_open(O_RDWR);
	w = dev_open(O_WRONLY);
	dev_write(w, "counted");

	memset(&st, 0xaa, sizeof(st));
	CHECK_EQ(ioctl(r1, LOGGER_IOC_GET_STATS, &st), 0);
	for (i = 0; i < TAP_COUNT(st.reserved); i++)
		CHECK_EQ(st.reserved[i], 0);
	CHECK_EQ(st.readers, readers + 2);
	CHECK_EQ(st.records_written,
		 st.records_held + st.records_dropped + st.records_cleared);
	CHECK_EQ(st.records_held, st.next_seq - st.first_seq);
	CHECK_EQ(st.records_written, st.next_seq - 1);
	CHECK(st.buffer_used <= st.buffer_size && st.buffer_used > 0);
	CHECK(st.bytes_written >= 7);

	/* The same counters in sysfs, one file each. */
	CHECK_EQ(sysfs_value("buffer_size"), st.buffer_size);
	CHECK_EQ(sysfs_value("max_payload"), st.max_payload);
	CHECK_EQ(sysfs_value("records_written"), st.records_written);
	CHECK_EQ(sysfs_value("records_dropped"), st.records_dropped);
	CHECK_EQ(sysfs_value("records_cleared"), st.records_cleared);
	CHECK_EQ(sysfs_value("writes_rejected"), st.writes_rejected);
	CHECK_EQ(sysfs_value("bytes_written"), st.bytes_written);
	CHECK_EQ(sysfs_value("first_seq"), st.first_seq);
	CHECK_EQ(sysfs_value("next_seq"), st.next_seq);
	CHECK_EQ(sysfs_value("buffer_used"), st.buffer_used);
	CHECK_EQ(sysfs_value("records_held"), st.records_held);
	CHECK_EQ(sysfs_value("readers"), st.readers);

	close(r2);
	st2 = dev_stats(r1);
	CHECK_EQ(st2.readers, readers + 1);
	close(r1);
	close(w);
	close(base);
}

static void clear_is_refused(void *arg)
{
	int fd = dev_open(O_RDWR);
	__u64 all = ~0ULL;

	(void)arg;
	CHECK_ERRNO(ioctl(fd, LOGGER_IOC_CLEAR, &all), EPERM);
	close(fd);
}

TEST(clear_drops_records_below_a_seq_and_needs_privilege)
{
	int r = new_reader(0), w = dev_open(O_WRONLY);
	struct logger_stats before, after;
	struct records rs;
	__u64 up_to;
	int i;

	for (i = 0; i < 5; i++)
		dev_write(w, "to clear");
	before = dev_stats(r);
	run_as(NOBODY, NOBODY, clear_is_refused, NULL);
	CHECK_EQ(dev_stats(r).records_held, before.records_held);

	up_to = before.next_seq - 2;
	CHECK_EQ(ioctl(r, LOGGER_IOC_CLEAR, &up_to), 0);
	after = dev_stats(r);
	CHECK_EQ(after.first_seq, up_to);
	CHECK_EQ(after.records_cleared,
		 before.records_cleared + (up_to - before.first_seq));
	/* The reader behind moved up; cleared records are not missed. */
	CHECK_EQ(lseek(r, 0, SEEK_CUR), up_to);
	CHECK_EQ(after.reader_missed, before.reader_missed);
	rs = dev_read_binary(r, 5);
	CHECK_EQ(rs.n, 2);
	records_free(&rs);

	clear_all(r);
	after = dev_stats(r);
	CHECK_EQ(after.records_held, 0);
	CHECK_EQ(after.first_seq, after.next_seq);
	CHECK_EQ(after.buffer_used, 0);
	close(r);
	close(w);
}

struct visibility {
	const char *mine;
	size_t expect;
};

static void write_as_me(void *arg)
{
	int w = dev_open(O_WRONLY);

	dev_write(w, arg);
	close(w);
}

static void read_as_me(void *arg)
{
	struct visibility *v = arg;
	int r = dev_open(O_RDONLY);
	struct pollfd p = { .fd = r, .events = POLLIN };
	struct records rs = dev_read_binary(r, 10);
	size_t i;

	CHECK_EQ(rs.n, v->expect);
	for (i = 0; v->mine && i < rs.n; i++) {
		CHECK_EQ(rs.r[i].e.uid, getuid());
		CHECK(strcmp(rs.r[i].payload, v->mine) == 0, "read '%s'",
		      rs.r[i].payload);
	}
	/* Nothing more it may see: not readable, and nothing was missed. */
	CHECK_EQ(poll(&p, 1, 0), 0);
	CHECK_EQ(dev_stats(r).reader_missed, 0);
	records_free(&rs);
	close(r);
}

static void write_three_users(void)
{
	int w = dev_open(O_WRONLY);

	clear_all(w);
	run_as(1001, 1001, write_as_me, "from 1001");
	run_as(1002, 1002, write_as_me, "from 1002");
	dev_write(w, "from root");
	close(w);
}

/* SEEK_END -k on a restricted reader: its own last k records. */
static void seek_last_of_mine(void *arg)
{
	int r = dev_open(O_RDONLY);
	struct records rs;

	CHECK(lseek(r, -2, SEEK_END) > 0, "lseek: %s", strerror(errno));
	rs = dev_read_binary(r, 10);
	CHECK_EQ(rs.n, 2);
	CHECK(rs.n == 2 && strcmp(rs.r[0].payload, "mine 2") == 0 &&
	      strcmp(rs.r[1].payload, "mine 3") == 0);
	records_free(&rs);
	close(r);
}

TEST(seek_end_on_a_restricted_reader_counts_its_own_records)
{
	int w = dev_open(O_WRONLY);
	char msg[16];
	int i;

	clear_all(w);
	for (i = 1; i <= 3; i++) {
		snprintf(msg, sizeof(msg), "mine %d", i);
		run_as(1001, 1001, write_as_me, msg);
		dev_write(w, "root's");
		dev_write(w, "root's");
	}
	run_as(1001, 1001, seek_last_of_mine, NULL);
	close(w);
}

TEST(restricted_readers_see_only_their_own_records)
{
	struct visibility mine = { "from 1001", 1 };
	int r;
	struct records rs;

	write_three_users();
	run_as(1001, 1001, read_as_me, &mine);
	/* Root has CAP_SYSLOG and sees everyone's. */
	r = dev_open(O_RDONLY);
	rs = dev_read_binary(r, 10);
	CHECK_EQ(rs.n, 3);
	records_free(&rs);
	close(r);
}

TEST(unrestricted_readers_see_every_record)
{
	struct visibility all = { NULL, 3 };

	write_three_users();
	run_as(1001, 1001, read_as_me, &all);
}

TEST(a_small_ring_evicts_the_oldest_and_counts_them)
{
	int r = dev_open(O_RDONLY), w = dev_open(O_WRONLY);
	char *payload = repeat('e', 200);
	struct logger_stats st;
	struct records rs;
	__u64 start = lseek(r, 0, SEEK_CUR);
	size_t i;

	for (i = 0; i < 2000; i++)
		dev_write(w, payload);
	st = dev_stats(r);
	CHECK_EQ(st.buffer_size, 65536);
	CHECK_EQ(st.max_payload, 65536 / 4);
	CHECK(st.records_dropped > 0);
	CHECK(st.buffer_used <= st.buffer_size);
	CHECK_EQ(st.records_written,
		 st.records_held + st.records_dropped + st.records_cleared);
	/* The reader was lapped: it missed exactly what was evicted under it. */
	CHECK_EQ(st.reader_missed, st.first_seq - start);
	rs = dev_read_binary(r, 100000);
	REQUIRE(rs.n == st.records_held, "read %zu of %u", rs.n,
		st.records_held);
	CHECK_EQ(rs.r[0].e.seq, st.first_seq);
	for (i = 1; i < rs.n; i++)
		CHECK_EQ(rs.r[i].e.seq, rs.r[i - 1].e.seq + 1);
	CHECK(strcmp(rs.r[rs.n - 1].payload, payload) == 0);
	records_free(&rs);
	free(payload);
	close(r);
	close(w);
}

/* Whether the kernel log has a line containing @text. */
static bool kmsg_has(const char *text)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	char line[2048];
	bool found = false;
	ssize_t n;

	if (fd < 0)
		return false;
	while ((n = read(fd, line, sizeof(line) - 1)) > 0 || errno == EPIPE) {
		if (n <= 0)
			continue;
		line[n] = 0;
		if (strstr(line, text))
			found = true;
	}
	close(fd);
	return found;
}

TEST(bad_parameters_fail_the_load_and_leave_nothing)
{
	char value[32] = "";
	FILE *f;

	module_forget();
	REQUIRE(module_unload() == 0 || errno == ENOENT);
	CHECK_ERRNO(module_load("buffer_size=1000"), EINVAL);
	CHECK(kmsg_has("buffer_size=1000 is out of range"),
	      "no clear message in the kernel log");
	CHECK_ERRNO(access(LOGGER_DEVICE_PATH, F_OK), ENOENT);
	CHECK_ERRNO(module_load("buffer_size=536870912"), EINVAL);
	CHECK_ERRNO(module_load("buffer_size=65536 max_payload=16385"), EINVAL);
	CHECK(kmsg_has("max_payload=16385 is out of range"));
	/* A write's copy into the ring is bounded whatever the ring's size. */
	CHECK_ERRNO(module_load("buffer_size=16777216 max_payload=1048577"),
		    EINVAL);
	CHECK(kmsg_has("max_payload=1048577 is out of range"));
	CHECK_ERRNO(module_load("buffer_size=banana"), EINVAL);
	CHECK_ERRNO(access(LOGGER_DEVICE_PATH, F_OK), ENOENT);

	/* A size that is not a power of two is rounded up, and shown so. */
	REQUIRE(module_load("buffer_size=100000") == 0);
	f = fopen("/sys/module/logger/parameters/buffer_size", "r");
	CHECK(f && fgets(value, sizeof(value), f));
	CHECK(strcmp(value, "131072\n") == 0, "buffer_size shows %s", value);
	if (f)
		fclose(f);
	CHECK_EQ(sysfs_value("max_payload"), 131072 / 4);
	CHECK_EQ(module_unload(), 0);
	module_forget();
}

TEST(rmmod_is_refused_while_open_and_reload_works)
{
	int fd = dev_open(O_RDONLY), w;
	struct logger_stats st;

	CHECK_ERRNO(module_unload(), EWOULDBLOCK);
	close(fd);
	CHECK_EQ(module_unload(), 0);
	CHECK_ERRNO(access(LOGGER_DEVICE_PATH, F_OK), ENOENT);
	REQUIRE(module_load("") == 0);
	w = dev_open(O_RDWR);
	st = dev_stats(w);
	CHECK_EQ(st.next_seq, 1);
	CHECK_EQ(st.records_written, 0);
	dev_write(w, "after reload");
	CHECK_EQ(dev_stats(w).next_seq, 2);
	close(w);
}

TEST(write_only_files_have_no_cursor)
{
	int w = dev_open(O_WRONLY);
	__u32 size;
	char c;

	CHECK_ERRNO(read(w, &c, 1), EBADF);
	CHECK_ERRNO(lseek(w, 0, SEEK_SET), EBADF);
	CHECK_ERRNO(ioctl(w, LOGGER_IOC_GET_NEXT_SIZE, &size), EBADF);
	CHECK_EQ(dev_stats(w).reader_missed, 0);
	close(w);
}

TEST(binary_records_are_aligned_and_zero_padded)
{
	int r = new_reader(O_NONBLOCK), w = dev_open(O_WRONLY);
	static char buf[65536];
	char payload[32];
	size_t off = 0, i, k;
	ssize_t n;

	for (i = 1; i <= 17; i++) {
		memset(payload, 'p', i);
		CHECK_EQ(write(w, payload, i), i);
	}
	dev_set_format(r, LOGGER_FORMAT_BINARY);
	n = read(r, buf, sizeof(buf));
	REQUIRE(n > 0);
	for (i = 1; i <= 17; i++) {
		struct logger_entry e;

		REQUIRE(off + sizeof(e) <= (size_t)n);
		CHECK_EQ(off % 8, 0);
		memcpy(&e, buf + off, sizeof(e));
		CHECK_EQ(e.len, i);
		for (k = off + e.hdr_size + e.len;
		     k < off + LOGGER_ENTRY_SPAN(&e); k++)
			CHECK(buf[k] == 0, "padding byte %zu of record %zu", k, i);
		off += LOGGER_ENTRY_SPAN(&e);
	}
	CHECK_EQ(off, n);
	close(r);
	close(w);
}

TEST(the_largest_record_reads_back_in_both_formats)
{
	int r = new_reader(O_NONBLOCK), b = reader_like(r),
	    w = dev_open(O_WRONLY);
	__u32 max = dev_stats(r).max_payload, need;
	/* Newlines take 4 bytes each in text: the longest line there is. */
	char *payload = repeat('\n', max);
	char *buf = malloc(4 * (size_t)max + 4096);
	struct records rs;

	CHECK_EQ(write(w, payload, max), max);
	CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &need), 0);
	CHECK(need > 4 * max);
	CHECK_ERRNO(read(r, buf, need - 1), EINVAL);
	CHECK_EQ(read(r, buf, need), need);
	CHECK(memcmp(buf + need - 5, "\\x0a\n", 5) == 0);

	rs = dev_read_binary(b, 2);
	REQUIRE(rs.n == 1);
	CHECK_EQ(rs.r[0].e.len, max);
	CHECK(memcmp(rs.r[0].payload, payload, max) == 0);
	records_free(&rs);
	free(buf);
	free(payload);
	close(r);
	close(b);
	close(w);
}

TEST(one_read_returns_every_record_that_fits)
{
	int r = new_reader(0), b = reader_like(r), w = dev_open(O_WRONLY);
	static char buf[1 << 20];
	ssize_t n;
	size_t lines = 0, i;

	/* More than one bounce buffer's worth, so the kernel loops. */
	for (i = 0; i < 5000; i++)
		dev_write(w, "record of a batch");
	n = read(r, buf, sizeof(buf));
	REQUIRE(n > 0);
	for (i = 0; i < (size_t)n; i++)
		lines += buf[i] == '\n';
	CHECK_EQ(lines, 5000);
	dev_set_format(b, LOGGER_FORMAT_BINARY);
	CHECK_EQ(read(b, buf, sizeof(buf)), 5000 * 80);
	close(r);
	close(b);
	close(w);
}

static const struct tap_case cases[] = {
	TAP_CASE(write_is_one_record_stamped_by_the_kernel),
	TAP_CASE(threads_of_one_process_are_told_apart),
	TAP_CASE(level_prefix_sets_the_level_and_is_stripped),
	TAP_CASE(writev_is_one_record),
	TAP_CASE(empty_write_stores_nothing),
	TAP_CASE(oversized_write_is_emsgsize_and_stores_nothing),
	TAP_CASE(bad_pointer_write_is_efault_and_stores_nothing),
	TAP_CASE(text_format_is_one_escaped_line_per_record),
	TAP_CASE(text_format_cannot_drive_a_terminal),
	TAP_CASE(text_format_escapes_bidi_controls),
	TAP_CASE(read_returns_only_whole_records_that_fit),
	TAP_CASE(too_small_buffer_is_einval_and_keeps_the_record),
	TAP_CASE(each_open_file_has_its_own_cursor),
	TAP_CASE(blocking_read_waits_for_a_writer),
	TAP_CASE(a_signal_interrupts_a_blocking_read),
	TAP_CASE(poll_and_select_report_a_record_to_read),
	TAP_CASE(epoll_reports_a_record_to_read),
	TAP_CASE(a_seek_that_leaves_something_to_read_wakes_the_waiters),
	TAP_CASE(lseek_positions_by_sequence_number),
	TAP_CASE(ioctl_version_and_bad_commands),
	TAP_CASE(stats_add_up_and_leak_no_bytes),
	TAP_CASE(clear_drops_records_below_a_seq_and_needs_privilege),
	TAP_CASE(seek_end_on_a_restricted_reader_counts_its_own_records),
	TAP_CASE(restricted_readers_see_only_their_own_records),
	TAP_CASE_WITH(unrestricted_readers_see_every_record, "restrict_read=0"),
	TAP_CASE_WITH(a_small_ring_evicts_the_oldest_and_counts_them,
		      "buffer_size=65536"),
	TAP_CASE(write_only_files_have_no_cursor),
	TAP_CASE(binary_records_are_aligned_and_zero_padded),
	TAP_CASE(the_largest_record_reads_back_in_both_formats),
	TAP_CASE(one_read_returns_every_record_that_fits),
	TAP_CASE(bad_parameters_fail_the_load_and_leave_nothing),
	TAP_CASE(rmmod_is_refused_while_open_and_reload_works),
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_main_setup(cases, TAP_COUNT(cases), argc, argv,
			      module_setup, device_teardown);
}
