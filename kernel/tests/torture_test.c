// SPDX-License-Identifier: GPL-2.0
/*
 * torture_test.c - many writers, readers of every kind and a periodic
 * CLEAR at once, against the real /dev/logger.
 *
 * 8 writer threads write 20000 patterned records each: four of them one
 * record per write, four in framed batches of 1 to 64 records with fields
 * (some through writev, split at odd places).  Three readers follow at the
 * same time, one blocking in read(), one waiting in poll(), one spinning
 * on O_NONBLOCK, two of them in LOGGER_FORMAT_BINARY_V2 and one in version
 * 1's format, while a fourth thread clears part of the ring every few
 * milliseconds.  Every reader checks that seqs strictly increase, that
 * every message (and in v2 every field) is whole and untorn, that each
 * writer's records come in the order written, and that the seqs it never
 * saw are explained by the counters.  Runs once on the default ring and
 * once on a 64 KiB ring, where eviction never stops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

#define WRITERS		8
#define FRAMED_FROM	4	/* writers from this one on write frames */
#define RECORDS		20000
#define END_MARK	"torture: end"

enum reader_kind { BLOCKING, POLLING, NONBLOCKING, READERS };
static const char *const reader_names[READERS] = {
	"blocking read", "poll", "O_NONBLOCK",
};

static pid_t writer_tid[WRITERS];
static volatile int writers_running;

/* The payload of record @n of writer @w: a header, then fill bytes. */
static int make_payload(char *buf, unsigned int w, unsigned int n)
{
	unsigned int fill = (w * 131 + n * 17) % 300, i;
	int len = sprintf(buf, "<%u>w=%u n=%05u fill=%03u ", n % 8, w, n, fill);

	for (i = 0; i < fill; i++)
		buf[len + i] = 'A' + (w * 7 + n + i) % 26;
	return len + fill;
}

/* The fields a framed writer gives record @n of writer @w. */
static void make_fields(char *w_s, char *n_s, unsigned int w, unsigned int n)
{
	sprintf(w_s, "%u", w);
	sprintf(n_s, "%05u", n);
}

/* True if @r is exactly what make_payload() wrote for its writer and n. */
static bool payload_ok(const struct record *r, unsigned int *w,
		       unsigned int *n)
{
	char want[512], w_s[16], n_s[16];
	const char *fw, *fn;
	bool framed, v2 = r->v2.hdr_size != 0;
	int len;

	if (sscanf(r->payload, "w=%u n=%u", w, n) != 2 || *w >= WRITERS ||
	    *n >= RECORDS)
		return false;
	framed = *w >= FRAMED_FROM;
	len = make_payload(want, *w, *n);
	/* The "<d>" prefix became the level and left the payload. */
	if (!(r->msg_len == (unsigned int)len - 3 &&
	      memcmp(r->payload, want + 3, len - 3) == 0 &&
	      r->e.level == *n % 8 && r->e.tid == writer_tid[*w] &&
	      r->e.pid == getpid()))
		return false;
	if (!v2)
		return r->e.flags == 0;
	if (r->v2.flags != (framed ? LOGGER_F_FRAMED : 0))
		return false;
	if (!framed)
		return r->v2.fields_len == 0 && r->v2.src_ts_ns == 0;
	make_fields(w_s, n_s, *w, *n);
	fw = record_field(r, "W");
	fw = record_field(r, "W");
	if (!fw || strcmp(fw, w_s))
		return false;
	fn = record_field(r, "N");
	return fn && strcmp(fn, n_s) == 0 && r->v2.src_ts_ns == *n + 1;
}

/* Writes records @n.. of writer @w as one framed batch of @count. */
static bool write_batch(int fd, unsigned int w, unsigned int n,
			unsigned int count)
{
	static __thread char batch[64 * 512];
	char buf[512], w_s[16], n_s[16];
	const char *kv[] = { "W", w_s, "N", n_s, NULL };
	struct iovec iov[2];
	size_t len = 0, cut;
	unsigned int i;

	for (i = 0; i < count; i++) {
		buf[make_payload(buf, w, n + i)] = 0;
		make_fields(w_s, n_s, w, n + i);
		/* Frames carry the level themselves: no "<d>" prefix. */
		len += frame_put(batch + len, (n + i) % 8, n + i + 1, kv, buf + 3);
	}
	if (n % 4)
		return CHECK_EQ(write(fd, batch, len), len);
	cut = (n * 7919) % len;
	iov[0] = (struct iovec){ batch, cut };
	iov[1] = (struct iovec){ batch + cut, len - cut };
	return CHECK_EQ(writev(fd, iov, 2), len);
}

static void *writer(void *arg)
{
	unsigned int w = (unsigned int)(uintptr_t)arg, n, count;
	int fd = open(LOGGER_DEVICE_PATH, O_WRONLY | O_CLOEXEC);
	char buf[512];
	int len;

	writer_tid[w] = syscall(SYS_gettid);
	if (w >= FRAMED_FROM)
		dev_set_write_mode(fd, LOGGER_WRITE_FRAMED);
	for (n = 0; n < RECORDS; n += count) {
		if (w >= FRAMED_FROM) {
			count = 1 + (n * 31 + w) % 64;
			if (count > RECORDS - n)
				count = RECORDS - n;
			if (!write_batch(fd, w, n, count))
				break;
			continue;
		}
		count = 1;
		len = make_payload(buf, w, n);
		if (!CHECK_EQ(write(fd, buf, len), len))
			break;
	}
	close(fd);
	__atomic_sub_fetch(&writers_running, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

struct reader {
	enum reader_kind kind;
	int fd;
	__u64 start;		/* the seq it was positioned at */
	unsigned long long read, passed, missed;
	bool saw_end;
};

/* Checks one batch; returns false once the end mark is seen. */
static bool check_batch(struct reader *rd, const char *buf, size_t len,
			__u64 *last_seq, long long *last_n)
{
	struct records rs = { NULL, 0 };
	unsigned int w, n;
	size_t i;

	if (!CHECK(parse_records(buf, len, &rs), "%s: malformed batch",
		   reader_names[rd->kind]))
		return false;
	for (i = 0; i < rs.n; i++) {
		const struct record *r = &rs.r[i];

		CHECK(r->e.seq > *last_seq, "%s: seq %llu after %llu",
		      reader_names[rd->kind], (unsigned long long)r->e.seq,
		      (unsigned long long)*last_seq);
		rd->passed += r->e.seq - *last_seq - 1;
		*last_seq = r->e.seq;
		if (strcmp(r->payload, END_MARK) == 0) {
			rd->saw_end = true;
			continue;
		}
		rd->read++;
		if (!CHECK(payload_ok(r, &w, &n), "%s: torn record seq %llu: %.80s",
			   reader_names[rd->kind], (unsigned long long)r->e.seq,
			   r->payload))
			continue;
		CHECK(n > last_n[w], "%s: writer %u record %u after %lld",
		      reader_names[rd->kind], w, n, last_n[w]);
		last_n[w] = n;
	}
	records_free(&rs);
	return !rd->saw_end;
}

static void *reader(void *arg)
{
	static __thread char buf[256 << 10];
	struct reader *rd = arg;
	long long last_n[WRITERS];
	__u64 last_seq = rd->start - 1;
	struct pollfd p = { .fd = rd->fd, .events = POLLIN };
	struct timespec backoff = { 0, 200000 };
	ssize_t got;
	int i;

	for (i = 0; i < WRITERS; i++)
		last_n[i] = -1;
	for (;;) {
		if (rd->kind == POLLING &&
		    !CHECK(poll(&p, 1, 60000) == 1, "poll: %s", strerror(errno)))
			break;
		got = read(rd->fd, buf, sizeof(buf));
		if (got < 0 && errno == EAGAIN && rd->kind != BLOCKING) {
			/* Only the O_NONBLOCK reader gets here when idle... */
			if (rd->kind == NONBLOCKING)
				nanosleep(&backoff, NULL);
			/* ...and a poller whose record was cleared under it. */
			continue;
		}
		if (!CHECK(got > 0, "%s: read: %s", reader_names[rd->kind],
			   strerror(errno)))
			break;
		if (!check_batch(rd, buf, got, &last_seq, last_n))
			break;
	}
	rd->missed = dev_stats(rd->fd).reader_missed;
	return NULL;
}

static void *clearer(void *arg)
{
	int fd = dev_open(O_RDONLY);
	struct timespec period = { 0, 5000000 };
	unsigned long *clears = arg;
	struct logger_stats st;
	__u64 up_to;

	while (__atomic_load_n(&writers_running, __ATOMIC_SEQ_CST)) {
		nanosleep(&period, NULL);
		st = dev_stats(fd);
		up_to = st.first_seq + st.records_held / 2;
		CHECK_EQ(ioctl(fd, LOGGER_IOC_CLEAR, &up_to), 0);
		(*clears)++;
	}
	close(fd);
	return NULL;
}

static void torture(void)
{
	pthread_t wt[WRITERS], rt[READERS], ct;
	struct reader rd[READERS];
	unsigned long clears = 0;
	struct logger_stats st;
	int i, w;

	for (i = 0; i < READERS; i++) {
		rd[i] = (struct reader){ .kind = i };
		rd[i].fd = dev_open(O_RDONLY |
				    (i == BLOCKING ? 0 : O_NONBLOCK));
		dev_set_format(rd[i].fd, i == POLLING ? LOGGER_FORMAT_BINARY :
				 LOGGER_FORMAT_BINARY_V2);
		rd[i].start = lseek(rd[i].fd, 0, SEEK_END);
	}
	writers_running = WRITERS;
	for (i = 0; i < READERS; i++)
		pthread_create(&rt[i], NULL, reader, &rd[i]);
	for (i = 0; i < WRITERS; i++)
		pthread_create(&wt[i], NULL, writer, (void *)(uintptr_t)i);
	pthread_create(&ct, NULL, clearer, &clears);
	for (i = 0; i < WRITERS; i++)
		pthread_join(wt[i], NULL);
	pthread_join(ct, NULL);

	/* Written last and never cleared: every reader must reach it. */
	w = dev_open(O_WRONLY);
	dev_write(w, END_MARK);
	close(w);
	for (i = 0; i < READERS; i++)
		pthread_join(rt[i], NULL);

	st = dev_stats(rd[0].fd);
	CHECK_EQ(st.records_written, (unsigned long long)WRITERS * RECORDS + 1);
	CHECK_EQ(st.records_written,
		 st.records_held + st.records_dropped + st.records_cleared);
	CHECK(clears > 0, "the clearer never ran");
	tap_diag("%llu written, %llu dropped, %llu cleared in %lu clears",
		 (unsigned long long)st.records_written,
		 (unsigned long long)st.records_dropped,
		 (unsigned long long)st.records_cleared, clears);
	for (i = 0; i < READERS; i++) {
		CHECK(rd[i].saw_end, "%s never saw the end", reader_names[i]);
		/*
		 * Seqs a reader passed over were either evicted under it
		 * (reader_missed) or cleared.
		 */
		CHECK(rd[i].passed >= rd[i].missed &&
		      rd[i].passed <= rd[i].missed + st.records_cleared,
		      "%s: passed %llu, missed %llu, cleared %llu",
		      reader_names[i], rd[i].passed, rd[i].missed,
		      (unsigned long long)st.records_cleared);
		tap_diag("%s reader: %llu read, %llu passed, %llu missed",
			 reader_names[i], rd[i].read, rd[i].passed, rd[i].missed);
		close(rd[i].fd);
	}
}

TEST(torture_default_ring)
{
	torture();
}

TEST(torture_64k_ring)
{
	torture();
}

static const struct tap_case cases[] = {
	TAP_CASE(torture_default_ring),
	TAP_CASE_WITH(torture_64k_ring, "buffer_size=65536"),
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_main_setup(cases, TAP_COUNT(cases), argc, argv,
			      module_setup, device_teardown);
}
