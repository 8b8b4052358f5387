// SPDX-License-Identifier: GPL-2.0
/*
 * framed_test.c - every rule of ABI version 2, one case each, against the
 * real device: framed writes (many records per write, with fields and the
 * event's own time), LOGGER_FORMAT_BINARY_V2, the text format's field
 * lines, what version 1 readers see of framed records, max_batch, the
 * writer's cgroup, the load's instance_id and write_calls.  Also built as
 * a 32-bit program (framed_test32), for the compat ioctl path.
 *
 *	tests/framed_test          run every case (as root, LOGGER_KO set)
 *	tests/framed_test -l       list the cases
 *	tests/framed_test NAME...  run some
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

#define TS	1764600000123456789ULL

static void clear_all(int fd)
{
	__u64 all = ~0ULL;

	CHECK_EQ(ioctl(fd, LOGGER_IOC_CLEAR, &all), 0);
}

/* A writer in framed mode, on an empty ring. */
static int framed_writer(void)
{
	int w = dev_open(O_WRONLY);

	clear_all(w);
	dev_set_write_mode(w, LOGGER_WRITE_FRAMED);
	return w;
}

static const char *const tag_thread[] = {
	"TAG", "com.acme.Payments", "THREAD", "main", NULL,
};

TEST(write_mode_is_per_file_and_checked)
{
	int a = dev_open(O_WRONLY), b = dev_open(O_WRONLY);
	__u32 bad = 2;
	char frame[256];
	size_t n = frame_put(frame, 3, 0, NULL, "framed");
	struct records rs;
	int r = dev_open(O_RDONLY);

	clear_all(a);
	CHECK_ERRNO(ioctl(a, LOGGER_IOC_SET_WRITE_MODE, &bad), EINVAL);
	CHECK_ERRNO(ioctl(a, LOGGER_IOC_SET_WRITE_MODE, (void *)16), EFAULT);
	dev_set_write_mode(a, LOGGER_WRITE_FRAMED);
	CHECK_EQ(write(a, frame, n), n);
	/* The other file is still plain: the same bytes are one v1 record. */
	CHECK_EQ(write(b, "<4>plain", 8), 8);
	dev_set_write_mode(a, LOGGER_WRITE_PLAIN);
	CHECK_EQ(write(a, "<6>plain again", 14), 14);
	rs = dev_read_v2(r, 10);
	REQUIRE(rs.n == 3, "read %zu", rs.n);
	CHECK(strcmp(rs.r[0].payload, "framed") == 0);
	CHECK_EQ(rs.r[0].e.level, 3);
	CHECK_EQ(rs.r[0].v2.flags, LOGGER_F_FRAMED);
	CHECK(strcmp(rs.r[1].payload, "plain") == 0);
	CHECK_EQ(rs.r[1].e.level, 4);
	CHECK_EQ(rs.r[1].v2.flags, 0);
	CHECK(strcmp(rs.r[2].payload, "plain again") == 0);
	records_free(&rs);
	close(r);
	close(a);
	close(b);
}

/* Batches of 1, 2 and 512 frames: one record each, in order, one call. */
TEST(each_frame_is_one_record_in_order)
{
	static const unsigned int sizes[] = { 1, 2, 512 };
	static char batch[512 * 64];
	int w = framed_writer(), r = dev_open(O_RDONLY);
	struct logger_stats before, after;
	long long calls;
	size_t s, i, n;
	char msg[32];
	struct records rs;

	for (s = 0; s < TAP_COUNT(sizes); s++) {
		for (i = 0, n = 0; i < sizes[s]; i++) {
			snprintf(msg, sizeof(msg), "frame %zu", i);
			n += frame_put(batch + n, i % 8, TS + i, NULL, msg);
		}
		before = dev_stats(r);
		calls = sysfs_value("write_calls");
		CHECK_EQ(write(w, batch, n), n);
		after = dev_stats(r);
		CHECK_EQ(sysfs_value("write_calls"), calls + 1);
		CHECK_EQ(after.records_written, before.records_written + sizes[s]);
		rs = dev_read_v2(r, SIZE_MAX);
		REQUIRE(rs.n == sizes[s], "batch of %u: read %zu", sizes[s], rs.n);
		for (i = 0; i < rs.n; i++) {
			snprintf(msg, sizeof(msg), "frame %zu", i);
			CHECK_EQ(rs.r[i].e.seq, before.next_seq + i);
			CHECK_EQ(rs.r[i].e.level, i % 8);
			CHECK_EQ(rs.r[i].v2.src_ts_ns, TS + i);
			CHECK(strcmp(rs.r[i].payload, msg) == 0, "got %s",
			      rs.r[i].payload);
		}
		records_free(&rs);
	}
	close(r);
	close(w);
}

static __u64 my_cgroup_id(const char *dir)
{
	struct stat st;

	return stat(dir, &st) == 0 ? (__u64)st.st_ino : 0;
}

/*
 * Fields come back byte for byte in v2 binary, with the event's time, the
 * kernel's stamps (pid, tid, uid, comm, time) and the writer's cgroup id,
 * the inode number of its cgroup v2 directory.
 */
TEST(fields_and_stamps_round_trip_in_v2_binary)
{
	static const char *const odd[] = {
		"TAG", "com.acme.Payments", "THREAD", "pool-1\nthread-\x01",
		"empty", "", "mdc.request-id", "\xff\x7f binary", NULL,
	};
	const char *cg_dir = "/sys/fs/cgroup/logger-framed";
	int w, r = dev_open(O_RDONLY), procs;
	char frame[512], pid[16];
	struct records rs;
	__u64 cg = 0;
	size_t n;

	/* A cgroup of its own, so that the id is not the root's. */
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL);
	mkdir(cg_dir, 0755);
	procs = open("/sys/fs/cgroup/logger-framed/cgroup.procs", O_WRONLY);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (procs >= 0 && write(procs, pid, strlen(pid)) > 0)
		cg = my_cgroup_id(cg_dir);
	if (procs >= 0)
		close(procs);

	w = framed_writer();
	lseek(r, 0, SEEK_END);
	n = frame_put(frame, 4, TS, odd, "the message\nline 2");
	CHECK_EQ(write(w, frame, n), n);
	rs = dev_read_v2(r, 2);
	REQUIRE(rs.n == 1);
	CHECK_EQ(rs.r[0].v2.hdr_size, 80);
	CHECK_EQ(rs.r[0].v2.flags, LOGGER_F_FRAMED);
	CHECK_EQ(rs.r[0].v2.src_ts_ns, TS);
	CHECK(rs.r[0].v2.ts_ns > TS, "the kernel's own time is stamped too");
	CHECK_EQ(rs.r[0].v2.pid, getpid());
	CHECK_EQ(rs.r[0].v2.uid, geteuid());
	CHECK(strcmp(rs.r[0].payload, "the message\nline 2") == 0);
	CHECK(strcmp(record_field(&rs.r[0], "TAG"), "com.acme.Payments") == 0);
	CHECK(strcmp(record_field(&rs.r[0], "THREAD"), "pool-1\nthread-\x01") == 0);
	CHECK(strcmp(record_field(&rs.r[0], "empty"), "") == 0);
	CHECK(strcmp(record_field(&rs.r[0], "mdc.request-id"), "\xff\x7f binary") == 0);
	CHECK(!record_field(&rs.r[0], "nothing"));
	if (cg)
		CHECK_EQ(rs.r[0].v2.cgroup_id, cg);
	else
		tap_diag("no cgroup v2 here: cgroup_id not compared");
	CHECK_EQ(rs.r[0].v2.reserved, 0);

	/* A plain write read in v2: no fields, no time of its own. */
	close(w);
	w = dev_open(O_WRONLY);
	dev_write(w, "plain");
	records_free(&rs);
	rs = dev_read_v2(r, 2);
	REQUIRE(rs.n == 1);
	CHECK_EQ(rs.r[0].v2.flags, 0);
	CHECK_EQ(rs.r[0].v2.src_ts_ns, 0);
	CHECK_EQ(rs.r[0].v2.fields_len, 0);
	if (cg)
		CHECK_EQ(rs.r[0].v2.cgroup_id, cg);
	records_free(&rs);
	close(w);
	close(r);
	/* Back to the root cgroup, and the test's own one goes. */
	procs = open("/sys/fs/cgroup/cgroup.procs", O_WRONLY);
	if (procs >= 0) {
		CHECK(write(procs, pid, strlen(pid)) > 0);
		close(procs);
	}
	rmdir(cg_dir);
}

/*
 * Version 1 readers of framed records see what v1 promises: a 56-byte
 * header with flags 0 and the message alone; in text, one line, then a
 * line per field, " KEY=value", escaped like the message.
 */
TEST(v1_and_text_readers_of_framed_records)
{
	int w = framed_writer(), r = dev_open(O_RDONLY), t;
	char frame[512], got[1024], want[1024];
	struct records rs;
	size_t n;
	ssize_t len;

	t = dev_open(O_RDONLY);
	n = frame_put(frame, 2, TS, tag_thread, "it\tfailed");
	CHECK_EQ(write(w, frame, n), n);
	rs = dev_read_binary(r, 2);
	REQUIRE(rs.n == 1);
	CHECK_EQ(rs.r[0].e.hdr_size, 56);
	CHECK_EQ(rs.r[0].e.flags, 0);
	CHECK_EQ(rs.r[0].e.len, 9);
	CHECK_EQ(rs.r[0].e.level, 2);
	CHECK(strcmp(rs.r[0].payload, "it\tfailed") == 0);

	snprintf(want, sizeof(want),
		 "<2>,%llu,%llu,%d,%d,%u;it\\x09failed\n"
		 " TAG=com.acme.Payments\n THREAD=main\n",
		 (unsigned long long)rs.r[0].e.seq,
		 (unsigned long long)rs.r[0].e.ts_ns / 1000, getpid(),
		 rs.r[0].e.tid, geteuid());
	records_free(&rs);
	/* GET_NEXT_SIZE follows each file's format. */
	{
		__u32 size = 0;

		CHECK_EQ(ioctl(t, LOGGER_IOC_GET_NEXT_SIZE, &size), 0);
		CHECK_EQ(size, strlen(want));
		dev_set_format(r, LOGGER_FORMAT_BINARY_V2);
		lseek(r, -1, SEEK_END);
		CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &size), 0);
		/* 80 of header, 38 of fields, 9 of message, padding. */
		CHECK_EQ(size, 128);
		dev_set_format(r, LOGGER_FORMAT_BINARY);
		CHECK_EQ(ioctl(r, LOGGER_IOC_GET_NEXT_SIZE, &size), 0);
		CHECK_EQ(size, 56 + 16);
	}
	/* A buffer that holds the first line but not the field lines. */
	CHECK_ERRNO(read(t, got, strlen(want) - 5), EINVAL);
	len = read(t, got, sizeof(got) - 1);
	REQUIRE(len > 0, "read: %s", strerror(errno));
	got[len] = 0;
	CHECK(strcmp(got, want) == 0, "got  %s# want %s", got, want);
	close(t);
	close(r);
	close(w);
}

struct bad_case {
	const char *why;
	int err;
};

/* Writes @n bytes at @buf, expecting @err, and checks nothing was stored. */
static void refused(int w, const void *buf, size_t n, const struct bad_case *c)
{
	struct logger_stats before = dev_stats(w), after;

	CHECK_ERRNO(write(w, buf, n), c->err);
	after = dev_stats(w);
	CHECK(after.next_seq == before.next_seq, "%s: stored a record", c->why);
	CHECK(after.writes_rejected == before.writes_rejected + 1,
	      "%s: not counted as rejected", c->why);
	if (tap_case_failed)
		tap_diag("case: %s", c->why);
}

/* A good frame then a bad one: nothing of the batch is stored. */
TEST(a_malformed_batch_stores_nothing)
{
	int w = framed_writer();
	char buf[1024];
	struct logger_frame f;
	struct logger_field fl;
	size_t good, n;

	good = frame_put(buf, 6, 0, tag_thread, "good");
#define BAD(why, err) (&(struct bad_case){ why, err })
	/* size below 16 */
	n = good + frame_put(buf + good, 6, 0, NULL, "x");
	memcpy(&f, buf + good, sizeof(f));
	f.size = 15;
	memcpy(buf + good, &f, sizeof(f));
	refused(w, buf, n, BAD("size below 16", EINVAL));
	/* size past the end of the write */
	f.size = n - good + 1;
	memcpy(buf + good, &f, sizeof(f));
	refused(w, buf, n, BAD("size past the end", EINVAL));
	/* fields past the frame */
	n = good + frame_put(buf + good, 6, 0, NULL, "x");
	memcpy(&f, buf + good, sizeof(f));
	f.fields_len = 2;
	memcpy(buf + good, &f, sizeof(f));
	refused(w, buf, n, BAD("fields past size", EINVAL));
	/* a field past fields_len */
	n = good + frame_put(buf + good, 6, 0, tag_thread, "x");
	memcpy(&fl, buf + good + 16, sizeof(fl));
	fl.value_len += 200;
	memcpy(buf + good + 16, &fl, sizeof(fl));
	refused(w, buf, n, BAD("a field past fields_len", EINVAL));
	/* fields not filling fields_len */
	n = good + frame_put(buf + good, 6, 0, tag_thread, "xyz");
	memcpy(&f, buf + good, sizeof(f));
	f.fields_len += 2;
	memcpy(buf + good, &f, sizeof(f));
	refused(w, buf, n, BAD("fields not filling fields_len", EINVAL));
	/* keys */
	{
		static const char *const bad_keys[][3] = {
			{ "_PID", "1", NULL }, { "a key", "1", NULL },
			{ "k=v", "1", NULL }, { "", "1", NULL },
			{ "K123456789K123456789K123456789K123456789K123456789K123456789K1234",
			  "", NULL },
		};
		size_t k;

		for (k = 0; k < TAP_COUNT(bad_keys); k++) {
			n = good + frame_put(buf + good, 6, 0, bad_keys[k], "x");
			refused(w, buf, n, BAD(bad_keys[k][0], EINVAL));
		}
	}
	/* level above 7, flags not 0 */
	n = good + frame_put(buf + good, 8, 0, NULL, "x");
	refused(w, buf, n, BAD("level 8", EINVAL));
	n = good + frame_put(buf + good, 6, 0, NULL, "x");
	memcpy(&f, buf + good, sizeof(f));
	f.flags = 1;
	memcpy(buf + good, &f, sizeof(f));
	refused(w, buf, n, BAD("flags 1", EINVAL));
	/* n not ending as it must: padding missing, or bytes after it */
	n = good + frame_put(buf + good, 6, 0, NULL, "x");
	refused(w, buf, n - 1, BAD("padding cut", EINVAL));
	memset(buf + n, 0, 8);
	refused(w, buf, n + 8, BAD("bytes after the last frame", EINVAL));
	refused(w, buf, n + 3, BAD("a stub of a header", EINVAL));
	/* a bad pointer */
	refused(w, (void *)16, n, BAD("bad pointer", EFAULT));
	/* and 0 bytes is 0, nothing stored */
	CHECK_EQ(write(w, buf, 0), 0);
	/* The good frame alone goes in. */
	CHECK_EQ(write(w, buf, good), good);
#undef BAD
	close(w);
}

/*
 * A frame's fields and message may take max_payload, no more; a write may
 * carry max_batch bytes, no more; both -EMSGSIZE, nothing stored.
 */
TEST(max_payload_and_max_batch_edges)
{
	static char buf[40000], msg[16385];
	int w = framed_writer();
	struct logger_stats st = dev_stats(w);
	size_t n, fill;

	CHECK_EQ(st.max_payload, 16384);
	CHECK_EQ(st.max_batch, 32768);
	CHECK_EQ(sysfs_value("max_batch"), 32768);
	/* Exactly max_payload of fields and message. */
	memset(msg, 'p', 16384 - 4 - 3 - 1);
	msg[16384 - 4 - 3 - 1] = 0;
	n = frame_put(buf, 6, 0, (const char *const[]){ "TAG", "x", NULL }, msg);
	CHECK_EQ(write(w, buf, n), n);
	strcat(msg, "p");
	n = frame_put(buf, 6, 0, (const char *const[]){ "TAG", "x", NULL }, msg);
	refused(w, buf, n, &(struct bad_case){ "max_payload + 1", EMSGSIZE });
	/* Exactly max_batch bytes of frames, then 8 more. */
	fill = 32768 - 2 * 16;
	memset(msg, 'b', fill / 2 - 16);
	msg[fill / 2 - 16] = 0;
	n = frame_put(buf, 6, 0, NULL, msg);
	n += frame_put(buf + n, 6, 0, NULL, msg);
	memset(msg, 'c', 32768 - n - 16);
	msg[32768 - n - 16] = 0;
	n += frame_put(buf + n, 6, 0, NULL, msg);
	REQUIRE(n == 32768, "built %zu", n);
	CHECK_EQ(write(w, buf, n), n);
	n += frame_put(buf + n, 6, 0, NULL, "");
	refused(w, buf, n, &(struct bad_case){ "max_batch + 16", EMSGSIZE });
	close(w);
}

/*
 * Version 3: a batch is bounded by what its records take in the ring, not
 * only by its bytes.  max_batch bytes of empty frames (16384 of them at
 * the defaults) would be records of 96 bytes each, three times a 1 MiB
 * ring: refused whole, nothing stored, nothing of what was there evicted.
 * A batch that takes exactly what is allowed (half the ring) goes in
 * whole, none of its records evicted by its own later ones.
 */
TEST(a_batch_is_bounded_by_what_its_records_take_in_the_ring)
{
	static char buf[262144];
	int w = framed_writer(), r = dev_open(O_RDONLY), p = dev_open(O_WRONLY);
	struct logger_stats st = dev_stats(w), after;
	size_t n, frames, i;
	struct records rs;
	__u64 first;

	CHECK_EQ(st.max_batch, 262144);
	CHECK_EQ(sysfs_value("max_batch_ring"), 1048576 / 2);
	/* Records written before, which the refused batch must leave. */
	for (i = 0; i < 100; i++)
		dev_write(p, "a record written before the batch");
	close(p);
	st = dev_stats(w);
	for (n = 0; n < sizeof(buf);)
		n += frame_put(buf + n, 6, 0, NULL, "");
	REQUIRE(n == sizeof(buf), "built %zu", n);
	refused(w, buf, n, &(struct bad_case){ "max_batch bytes of empty frames",
					       EMSGSIZE });
	after = dev_stats(w);
	CHECK_EQ(after.records_dropped, st.records_dropped);
	CHECK_EQ(after.records_held, 100);

	/* 5461 empty frames take 5461 * 96 = 524256 bytes: allowed. */
	frames = 1048576 / 2 / LOGGER_RECORD_COST(0);
	for (n = 0, i = 0; i < frames; i++)
		n += frame_put(buf + n, 6, 0, NULL, "");
	CHECK_EQ(write(w, buf, n), n);
	after = dev_stats(w);
	first = after.next_seq - frames;
	CHECK(after.first_seq <= first, "the batch evicted its own records");
	REQUIRE(lseek(r, first, SEEK_SET) == (off_t)first);
	rs = dev_read_binary(r, SIZE_MAX);
	CHECK_EQ(rs.n, frames);
	records_free(&rs);
	/* One more frame is over. */
	n += frame_put(buf + n, 6, 0, NULL, "");
	refused(w, buf, n, &(struct bad_case){ "one empty frame more", EMSGSIZE });
	close(r);
	close(w);
}

/*
 * On a ring of 64 KiB, where max_batch is half the ring, a batch may take
 * max_batch and an eighth more (36864 bytes), so that version 2's batches
 * of large frames still go in (max_payload_and_max_batch_edges), but no
 * more: 384 empty frames are allowed, 385 are not.
 */
TEST(a_small_ring_bounds_a_batch_by_max_batch_and_an_eighth)
{
	static char buf[32768];
	int w = framed_writer();
	size_t n, frames, i;
	struct logger_stats st, after;

	CHECK_EQ(sysfs_value("max_batch_ring"), 32768 + 32768 / 8);
	frames = (32768 + 32768 / 8) / LOGGER_RECORD_COST(0);
	REQUIRE(frames == 384, "%zu frames", frames);
	for (n = 0, i = 0; i < frames; i++)
		n += frame_put(buf + n, 6, 0, NULL, "");
	CHECK_EQ(write(w, buf, n), n);
	st = dev_stats(w);
	n += frame_put(buf + n, 6, 0, NULL, "");
	refused(w, buf, n, &(struct bad_case){ "385 empty frames", EMSGSIZE });
	after = dev_stats(w);
	CHECK_EQ(after.records_written, st.records_written);
	close(w);
}

/*
 * Version 3: the bytes between a frame's end and the next frame are zero,
 * so that they can be given a meaning some day; a batch with any other is
 * refused whole, in its first frame as in a middle one.
 */
TEST(nonzero_padding_is_einval_and_stores_nothing)
{
	char buf[1024];
	int w = framed_writer();
	size_t one, two, n;

	one = frame_put(buf, 6, 0, NULL, "abc");	/* 19 bytes, 5 of padding */
	two = frame_put(buf + one, 6, 0, tag_thread, "defg");
	n = one + two + frame_put(buf + one + two, 6, 0, NULL, "hi");
	CHECK_EQ(write(w, buf, n), n);

	buf[one - 1] = 1;
	refused(w, buf, n, &(struct bad_case){ "padding of the first frame", EINVAL });
	buf[one - 1] = 0;
	buf[one + two - 1] = (char)0x80;
	refused(w, buf, n, &(struct bad_case){ "padding of a middle frame", EINVAL });
	buf[one + two - 1] = 0;
	CHECK_EQ(write(w, buf, n), n);
	close(w);
}

TEST(max_batch_is_checked_at_load)
{
	module_forget();
	REQUIRE(module_unload() == 0 || errno == ENOENT);
	/* At least a frame of max_payload: round_up(16384 + 16, 8). */
	CHECK_ERRNO(module_load("buffer_size=65536 max_batch=16399"), EINVAL);
	CHECK_ERRNO(module_load("buffer_size=65536 max_batch=32769"), EINVAL);
	REQUIRE(module_load("buffer_size=65536 max_batch=16400") == 0);
	CHECK_EQ(sysfs_value("max_batch"), 16400);
	CHECK_EQ(module_unload(), 0);
	REQUIRE(module_load("") == 0);
	CHECK_EQ(sysfs_value("max_batch"), 262144);
	CHECK_EQ(module_unload(), 0);
	module_forget();
}

/* writev's segments are joined first: a frame may span them. */
TEST(writev_joins_segments_into_one_batch)
{
	int w = framed_writer(), r = dev_open(O_RDONLY);
	char buf[512];
	struct iovec iov[4];
	struct records rs;
	size_t n;

	lseek(r, 0, SEEK_END);
	n = frame_put(buf, 5, TS, tag_thread, "first");
	n += frame_put(buf + n, 6, TS, tag_thread, "second");
	iov[0] = (struct iovec){ buf, 3 };
	iov[1] = (struct iovec){ buf + 3, 0 };
	iov[2] = (struct iovec){ buf + 3, 40 };
	iov[3] = (struct iovec){ buf + 43, n - 43 };
	CHECK_EQ(writev(w, iov, 4), n);
	rs = dev_read_v2(r, 3);
	REQUIRE(rs.n == 2, "read %zu", rs.n);
	CHECK(strcmp(rs.r[0].payload, "first") == 0);
	CHECK(strcmp(rs.r[1].payload, "second") == 0);
	CHECK(strcmp(record_field(&rs.r[1], "THREAD"), "main") == 0);
	records_free(&rs);
	close(r);
	close(w);
}

/* The same for every file until unload; another one after a reload. */
TEST(instance_id_names_one_load_of_the_module)
{
	int a = dev_open(O_RDONLY), b = dev_open(O_WRONLY);
	struct logger_stats sa = dev_stats(a), sb = dev_stats(b);
	char hex[64] = "", want[33];
	FILE *f;
	int i;

	CHECK(memcmp(sa.instance_id, sb.instance_id, 16) == 0);
	CHECK(memcmp(sa.instance_id, (char[16]){ 0 }, 16) != 0,
	      "instance_id is all zero");
	CHECK_EQ(sa.reserved[0], 0);
	CHECK_EQ(sa.reserved[1], 0);
	for (i = 0; i < 16; i++)
		sprintf(want + 2 * i, "%02x", sa.instance_id[i]);
	f = fopen("/sys/class/misc/logger/instance_id", "r");
	CHECK(f && fgets(hex, sizeof(hex), f));
	if (f)
		fclose(f);
	CHECK(strncmp(hex, want, 32) == 0 && hex[32] == '\n', "sysfs %s, ioctl %s",
	      hex, want);
	close(a);
	close(b);

	module_forget();
	REQUIRE(module_unload() == 0);
	REQUIRE(module_load("") == 0);
	a = dev_open(O_RDONLY);
	sb = dev_stats(a);
	CHECK(memcmp(sa.instance_id, sb.instance_id, 16) != 0,
	      "the same instance_id after a reload");
	close(a);
}

/*
 * Records per write call, for monitoring: write_calls counts only the
 * calls that stored something.
 */
TEST(write_calls_count_successful_calls)
{
	int w = framed_writer();
	long long before = sysfs_value("write_calls");
	char buf[256];
	size_t n = frame_put(buf, 6, 0, NULL, "x");

	CHECK_EQ(write(w, buf, n), n);
	CHECK_ERRNO(write(w, buf, n - 1), EINVAL);
	CHECK_EQ(write(w, buf, 0), 0);
	dev_set_write_mode(w, LOGGER_WRITE_PLAIN);
	dev_write(w, "plain");
	CHECK_EQ(sysfs_value("write_calls"), before + 2);
	close(w);
}

static const struct tap_case cases[] = {
	TAP_CASE(write_mode_is_per_file_and_checked),
	TAP_CASE(each_frame_is_one_record_in_order),
	TAP_CASE(fields_and_stamps_round_trip_in_v2_binary),
	TAP_CASE(v1_and_text_readers_of_framed_records),
	TAP_CASE(a_malformed_batch_stores_nothing),
	TAP_CASE_WITH(max_payload_and_max_batch_edges, "buffer_size=65536"),
	TAP_CASE_WITH(a_small_ring_bounds_a_batch_by_max_batch_and_an_eighth,
		      "buffer_size=65536"),
	TAP_CASE(max_batch_is_checked_at_load),
	TAP_CASE(writev_joins_segments_into_one_batch),
	TAP_CASE(instance_id_names_one_load_of_the_module),
	TAP_CASE(write_calls_count_successful_calls),
	TAP_CASE(a_batch_is_bounded_by_what_its_records_take_in_the_ring),
	TAP_CASE(nonzero_padding_is_einval_and_stores_nothing),
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_main_setup(cases, TAP_COUNT(cases), argc, argv,
			      module_setup, device_teardown);
}
