// SPDX-License-Identifier: GPL-2.0
/*
 * identity_test.c - who a record says wrote it (ABI version 3): the writing
 * task's pid, tid, name, uid and gid, and, when the file was opened with
 * other ids than the writer's, the opener's as the kernel fields
 * _OPENER_UID and _OPENER_GID, which no writer can send and which
 * LOGGER_FORMAT_BINARY_V3 and the text format show (version 2's binary
 * format keeps to the writer's fields, as it promised).  A file uid 1001
 * opened and passed to root over SCM_RIGHTS, a service's file opened by
 * root before it dropped to its user, and writes submitted through
 * io_uring, inline and punted to its workers.  Against the real device, as
 * root (LOGGER_KO set).
 *
 *	tests/identity_test          run every case
 *	tests/identity_test -l       list the cases
 *	tests/identity_test NAME...  run some
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

/* The records written since @from, read as root in @format. */
static struct records written_since_in(__u64 from, __u32 format)
{
	int r = dev_open(O_RDONLY);
	struct records rs;

	CHECK_EQ(lseek(r, from, SEEK_SET), from);
	rs = format == LOGGER_FORMAT_BINARY_V3 ? dev_read_v3(r, SIZE_MAX) :
	     dev_read_v2(r, SIZE_MAX);
	close(r);
	return rs;
}

/* ... in LOGGER_FORMAT_BINARY_V3, which has the kernel's fields. */
static struct records written_since(__u64 from)
{
	return written_since_in(from, LOGGER_FORMAT_BINARY_V3);
}

static __u64 next_seq(void)
{
	int fd = dev_open(O_RDONLY);
	__u64 seq = dev_stats(fd).next_seq;

	close(fd);
	return seq;
}

/*
 * A file uid 1001 opened, handed to root over SCM_RIGHTS and written by
 * root: the record is root's (uid 0, root's pid, tid and name), and says
 * that uid 1001 (gid 1001) opened the file, so that a privileged program
 * whose output an unprivileged user steered into /dev/logger cannot make
 * that text pass for its own.  The text format shows the fields too.
 */
TEST(a_file_passed_to_root_says_who_opened_it)
{
	struct records rs;
	char line[512];
	__u64 from;
	ssize_t n;
	int fd, t;

	from = next_seq();
	fd = dev_open_as(1001, 1001, O_WRONLY);
	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, "<0>passed", 9), 9);
	close(fd);
	rs = written_since(from);
	REQUIRE(rs.n == 1, "read %zu", rs.n);
	CHECK_EQ(rs.r[0].e.uid, 0);
	CHECK_EQ(rs.r[0].e.gid, 0);
	CHECK_EQ(rs.r[0].e.pid, getpid());
	CHECK_EQ(rs.r[0].e.tid, gettid());
	CHECK_EQ(rs.r[0].e.level, 0);
	CHECK(strcmp(rs.r[0].payload, "passed") == 0);
	CHECK(record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID) &&
	      strcmp(record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID), "1001") == 0,
	      "_OPENER_UID is %s", record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID));
	CHECK(record_field(&rs.r[0], LOGGER_FIELD_OPENER_GID) &&
	      strcmp(record_field(&rs.r[0], LOGGER_FIELD_OPENER_GID), "1001") == 0,
	      "_OPENER_GID is %s", record_field(&rs.r[0], LOGGER_FIELD_OPENER_GID));
	records_free(&rs);

	t = dev_open(O_RDONLY | O_NONBLOCK);
	CHECK_EQ(lseek(t, from, SEEK_SET), from);
	n = read(t, line, sizeof(line) - 1);
	REQUIRE(n > 0, "read: %s", strerror(errno));
	line[n] = 0;
	CHECK(strstr(line, ";passed\n _OPENER_UID=1001\n _OPENER_GID=1001\n"),
	      "text: %s", line);
	close(t);
}

/* What a service started by a manager that opened its stderr does. */
static void write_as_service(void *arg)
{
	int fd = *(int *)arg;

	CHECK_EQ(write(fd, "service started", 15), 15);
}

/*
 * A service's stdout opened by its manager as root before it dropped to
 * the service's user (systemd's StandardOutput=file:/dev/logger): its
 * records are stamped with its own uid and gid, 1001, and say the file was
 * root's.
 */
TEST(a_service_is_stamped_as_itself_and_its_opener_is_named)
{
	struct records rs;
	__u64 from = next_seq();
	int fd = dev_open(O_WRONLY);

	run_as(1001, 1001, write_as_service, &fd);
	close(fd);
	rs = written_since(from);
	REQUIRE(rs.n == 1, "read %zu", rs.n);
	CHECK_EQ(rs.r[0].e.uid, 1001);
	CHECK_EQ(rs.r[0].e.gid, 1001);
	CHECK(rs.r[0].e.pid != getpid());
	CHECK(strcmp(rs.r[0].payload, "service started") == 0);
	CHECK(record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID) &&
	      strcmp(record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID), "0") == 0);
	CHECK(record_field(&rs.r[0], LOGGER_FIELD_OPENER_GID) &&
	      strcmp(record_field(&rs.r[0], LOGGER_FIELD_OPENER_GID), "0") == 0);
	records_free(&rs);
}

/*
 * The ids that differ, and only those: a file opened with another gid but
 * the same uid names the opener's uid and gid; one opened and written with
 * the same ids names nothing, plain or framed.
 */
TEST(only_a_file_opened_with_other_ids_names_its_opener)
{
	const char *const kv[] = { "TAG", "t", NULL };
	struct records rs;
	char frame[128];
	size_t n = frame_put(frame, 6, 0, kv, "framed");
	__u64 from = next_seq();
	int fd = dev_open(O_WRONLY);

	dev_write(fd, "mine");
	dev_set_write_mode(fd, LOGGER_WRITE_FRAMED);
	CHECK_EQ(write(fd, frame, n), n);
	close(fd);
	REQUIRE(setegid(1001) == 0, "setegid: %s", strerror(errno));
	fd = dev_open(O_WRONLY);
	REQUIRE(setegid(0) == 0);
	dev_write(fd, "other gid");
	close(fd);

	rs = written_since(from);
	REQUIRE(rs.n == 3, "read %zu", rs.n);
	CHECK_EQ(rs.r[0].v2.fields_len, 0);
	CHECK(!record_field(&rs.r[1], LOGGER_FIELD_OPENER_UID));
	CHECK(record_field(&rs.r[1], "TAG"));
	CHECK(strcmp(rs.r[2].payload, "other gid") == 0);
	CHECK(record_field(&rs.r[2], LOGGER_FIELD_OPENER_UID) &&
	      strcmp(record_field(&rs.r[2], LOGGER_FIELD_OPENER_UID), "0") == 0);
	CHECK(record_field(&rs.r[2], LOGGER_FIELD_OPENER_GID) &&
	      strcmp(record_field(&rs.r[2], LOGGER_FIELD_OPENER_GID), "1001") == 0);
	records_free(&rs);
}

/*
 * Version 2 promised a reader the writer's fields only: in
 * LOGGER_FORMAT_BINARY_V2 a record of a passed file reads exactly as
 * before version 3, its header's lengths the writer's, its own fields and
 * message intact, and LOGGER_IOC_GET_NEXT_SIZE agrees; in
 * LOGGER_FORMAT_BINARY_V3 the same record has the opener's fields first.
 */
TEST(a_version_2_reader_gets_the_writers_fields_only)
{
	const char *const kv[] = { "TAG", "payments", "order", "4711", NULL };
	struct records v2, v3;
	char frame[256];
	size_t n = frame_put(frame, 3, 1234567, kv, "card declined");
	__u64 from = next_seq();
	__u32 size = 0, fmt = LOGGER_FORMAT_BINARY_V2;
	int fd = dev_open_as(1001, 1001, O_WRONLY), r;

	REQUIRE(fd >= 0);
	dev_write(fd, "plain");
	dev_set_write_mode(fd, LOGGER_WRITE_FRAMED);
	CHECK_EQ(write(fd, frame, n), n);
	close(fd);

	r = dev_open(O_RDONLY);
	CHECK_EQ(lseek(r, from + 1, SEEK_SET), from + 1);
	REQUIRE(ioctl(r, LOGGER_IOC_SET_FORMAT, &fmt) == 0);
	REQUIRE(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &size) == 0);
	close(r);

	v2 = written_since_in(from, LOGGER_FORMAT_BINARY_V2);
	v3 = written_since_in(from, LOGGER_FORMAT_BINARY_V3);
	REQUIRE(v2.n == 2 && v3.n == 2, "read %zu and %zu", v2.n, v3.n);
	CHECK_EQ(v2.r[0].v2.fields_len, 0);
	CHECK_EQ(v2.r[0].e.len, 5);
	CHECK(strcmp(v2.r[0].payload, "plain") == 0);
	CHECK(!record_field(&v2.r[1], LOGGER_FIELD_OPENER_UID));
	CHECK(!record_field(&v2.r[1], LOGGER_FIELD_OPENER_GID));
	CHECK(record_field(&v2.r[1], "TAG") &&
	      strcmp(record_field(&v2.r[1], "TAG"), "payments") == 0);
	CHECK(record_field(&v2.r[1], "order") &&
	      strcmp(record_field(&v2.r[1], "order"), "4711") == 0);
	CHECK_EQ(v2.r[1].v2.fields_len, 2 * 4 + 3 + 8 + 5 + 4);
	CHECK_EQ(v2.r[1].v2.src_ts_ns, 1234567);
	CHECK_EQ(v2.r[1].e.level, 3);
	CHECK(strcmp(v2.r[1].payload, "card declined") == 0);
	CHECK_EQ(size, LOGGER_ENTRY_SPAN(&v2.r[1].e));

	CHECK(record_field(&v3.r[1], LOGGER_FIELD_OPENER_UID) &&
	      strcmp(record_field(&v3.r[1], LOGGER_FIELD_OPENER_UID), "1001") == 0);
	CHECK(record_field(&v3.r[1], "TAG"));
	CHECK(v3.r[1].v2.fields_len > v2.r[1].v2.fields_len);
	CHECK_EQ(v3.r[1].e.seq, v2.r[1].e.seq);
	CHECK(strcmp(v3.r[1].payload, "card declined") == 0);
	records_free(&v2);
	records_free(&v3);
}

/* No writer can send the kernel's fields: a frame with one is refused. */
TEST(a_writer_cannot_send_the_kernels_fields)
{
	const char *const uid[] = { LOGGER_FIELD_OPENER_UID, "0", NULL };
	const char *const gid[] = { LOGGER_FIELD_OPENER_GID, "0", NULL };
	char frame[128];
	__u64 from = next_seq();
	int fd = dev_open(O_WRONLY);
	size_t n;

	dev_set_write_mode(fd, LOGGER_WRITE_FRAMED);
	n = frame_put(frame, 6, 0, uid, "forged");
	CHECK_ERRNO(write(fd, frame, n), EINVAL);
	n = frame_put(frame, 6, 0, gid, "forged");
	CHECK_ERRNO(write(fd, frame, n), EINVAL);
	CHECK_EQ(next_seq(), from);
	close(fd);
}

/* One io_uring with one submission queue entry, by the raw system calls. */
struct uring {
	int fd;
	struct io_uring_params p;
	void *sq, *cq;
	size_t sq_len, cq_len;
	struct io_uring_sqe *sqes;
};

static bool uring_open(struct uring *u)
{
	memset(u, 0, sizeof(*u));
	u->fd = syscall(__NR_io_uring_setup, 4, &u->p);
	if (u->fd < 0)
		return false;
	u->sq_len = u->p.sq_off.array + u->p.sq_entries * sizeof(__u32);
	u->cq_len = u->p.cq_off.cqes +
		    u->p.cq_entries * sizeof(struct io_uring_cqe);
	u->sq = mmap(NULL, u->sq_len, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_POPULATE, u->fd, IORING_OFF_SQ_RING);
	u->cq = mmap(NULL, u->cq_len, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_POPULATE, u->fd, IORING_OFF_CQ_RING);
	u->sqes = mmap(NULL, u->p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		       u->fd, IORING_OFF_SQES);
	return u->sq != MAP_FAILED && u->cq != MAP_FAILED &&
	       u->sqes != MAP_FAILED;
}

static void uring_close(struct uring *u)
{
	munmap(u->sqes, u->p.sq_entries * sizeof(struct io_uring_sqe));
	munmap(u->cq, u->cq_len);
	munmap(u->sq, u->sq_len);
	close(u->fd);
}

/* Writes @len bytes of @buf to @fd through @u; returns the result. */
static int uring_write(struct uring *u, int fd, const void *buf, __u32 len,
		       __u8 flags)
{
	__u32 *tail = (__u32 *)((char *)u->sq + u->p.sq_off.tail);
	__u32 *mask = (__u32 *)((char *)u->sq + u->p.sq_off.ring_mask);
	__u32 *array = (__u32 *)((char *)u->sq + u->p.sq_off.array);
	__u32 *head = (__u32 *)((char *)u->cq + u->p.cq_off.head);
	__u32 *cmask = (__u32 *)((char *)u->cq + u->p.cq_off.ring_mask);
	struct io_uring_cqe *cqes = (void *)((char *)u->cq + u->p.cq_off.cqes);
	__u32 t = *tail, h;
	int res;

	memset(&u->sqes[0], 0, sizeof(u->sqes[0]));
	u->sqes[0].opcode = IORING_OP_WRITE;
	u->sqes[0].fd = fd;
	u->sqes[0].addr = (unsigned long)buf;
	u->sqes[0].len = len;
	u->sqes[0].off = -1;	/* the file's position: it has none */
	u->sqes[0].flags = flags;
	array[t & *mask] = 0;
	__atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, u->fd, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) != 1)
		return -errno;
	h = __atomic_load_n(head, __ATOMIC_ACQUIRE);
	res = cqes[h & *cmask].res;
	__atomic_store_n(head, h + 1, __ATOMIC_RELEASE);
	return res;
}

/*
 * A write submitted through io_uring runs at once in the submitting task
 * (the device never makes a writer wait), so it is stamped with the
 * submitter's pid, tid and name, as a write(2) is.  One the submitter asks
 * io_uring to run in its io-wq workers (IOSQE_ASYNC) is written by such a
 * worker, a thread of the submitting process with its credentials: the
 * record carries the process's pid and the submitter's uid, and the
 * worker's own tid and name ("iou-wrk-" and the submitter's tid), as
 * docs/device.md says.
 */
TEST(io_uring_writes_are_stamped_with_the_submitter)
{
	char comm[17] = "", worker[32];
	struct uring u;
	struct records rs;
	__u64 from;
	int fd;

	if (!uring_open(&u)) {
		tap_skip("no io_uring here");
		return;
	}
	prctl(PR_GET_NAME, comm);
	fd = dev_open(O_WRONLY);
	from = next_seq();
	CHECK_EQ(uring_write(&u, fd, "<5>through io_uring", 19, 0), 19);
	CHECK_EQ(uring_write(&u, fd, "<5>through io-wq", 16, IOSQE_ASYNC), 16);
	close(fd);
	uring_close(&u);

	rs = written_since(from);
	REQUIRE(rs.n == 2, "read %zu", rs.n);
	tap_diag("inline: pid %d tid %d comm %.16s; IOSQE_ASYNC: pid %d tid %d comm %.16s",
		 rs.r[0].e.pid, rs.r[0].e.tid, rs.r[0].e.comm,
		 rs.r[1].e.pid, rs.r[1].e.tid, rs.r[1].e.comm);
	CHECK(strcmp(rs.r[0].payload, "through io_uring") == 0);
	CHECK_EQ(rs.r[0].e.level, 5);
	CHECK_EQ(rs.r[0].e.pid, getpid());
	CHECK_EQ(rs.r[0].e.tid, gettid());
	CHECK_EQ(rs.r[0].e.uid, 0);
	CHECK(strncmp(rs.r[0].e.comm, comm, sizeof(rs.r[0].e.comm)) == 0,
	      "comm %.16s, not %s", rs.r[0].e.comm, comm);

	CHECK(strcmp(rs.r[1].payload, "through io-wq") == 0);
	CHECK_EQ(rs.r[1].e.pid, getpid());
	CHECK_EQ(rs.r[1].e.uid, 0);
	CHECK(rs.r[1].e.tid != gettid());
	snprintf(worker, sizeof(worker), "iou-wrk-%d", gettid());
	CHECK(strncmp(rs.r[1].e.comm, worker, sizeof(rs.r[1].e.comm)) == 0,
	      "comm %.16s, not %s", rs.r[1].e.comm, worker);
	CHECK(!record_field(&rs.r[0], LOGGER_FIELD_OPENER_UID) &&
	      !record_field(&rs.r[1], LOGGER_FIELD_OPENER_UID));
	records_free(&rs);
}

static const struct tap_case cases[] = {
	TAP_CASE(a_file_passed_to_root_says_who_opened_it),
	TAP_CASE(a_service_is_stamped_as_itself_and_its_opener_is_named),
	TAP_CASE(only_a_file_opened_with_other_ids_names_its_opener),
	TAP_CASE(a_version_2_reader_gets_the_writers_fields_only),
	TAP_CASE(a_writer_cannot_send_the_kernels_fields),
	TAP_CASE(io_uring_writes_are_stamped_with_the_submitter),
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_main_setup(cases, TAP_COUNT(cases), argc, argv,
			      module_setup, device_teardown);
}
