// SPDX-License-Identifier: GPL-2.0
/*
 * ring_test.c - unit tests of the record ring (logger_ring.c) and the text
 * format (logger_text.c), built in user space against tests/shim and run
 * under AddressSanitizer and UndefinedBehaviorSanitizer, and under
 * ThreadSanitizer for the threaded case.
 *
 * The device tests (logger_test.c) check the same promises through the
 * real /dev/logger; these reach the corners that are hard to hit from
 * outside: every wrap position, eviction while a batch is pending, a
 * cursor sitting on an end-of-lap marker, and a random walk checked
 * against a model of what every reader must see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../logger_fields.h"
#include "../logger_ring.h"
#include "../logger_text.h"
#include "tap.h"

unsigned long shim_lock_breaks;

#define SMALL_RING	(64U << 10)

static struct logger_ring ring;
static char bounce[1 << 20];

/* Fills @buf with bytes that depend on @seq, so content can be checked. */
static void pattern(char *buf, u32 len, u64 key)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = 'a' + (key * 31 + i) % 26;
}

static bool pattern_ok(const char *buf, u32 len, u64 key)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (buf[i] != (char)('a' + (key * 31 + i) % 26))
			return false;
	return true;
}

static const struct logger_writer *writer_of(u32 uid)
{
	static __thread struct logger_writer w;

	w = (struct logger_writer){
		.pid = 1000, .tid = 1001, .uid = uid, .gid = uid + 1,
		.cgroup_id = 77, .comm = "ring_test",
	};
	return &w;
}

static int append_as(u32 uid, u8 level, const char *payload, u32 len)
{
	struct logger_append rec = {
		.payload = payload, .len = len, .level = level,
	};

	return logger_ring_append(&ring, writer_of(uid), NULL, &rec, 1);
}

/* Appends a record of @len bytes patterned by @key. */
static int append_pattern(u32 uid, u32 len, u64 key)
{
	static char buf[1 << 20];

	pattern(buf, len, key);
	return append_as(uid, LOGGER_LEVEL_INFO, buf, len);
}

static void ring_setup(u32 size, u32 max_payload)
{
	int ret = logger_ring_init(&ring, size, max_payload);

	if (ret) {
		fprintf(stderr, "logger_ring_init: %d\n", ret);
		abort();
	}
}

static struct logger_stats stats_of(struct logger_cursor *c)
{
	struct logger_stats st;

	memset(&st, 0, sizeof(st));
	logger_ring_stats(&ring, c, &st);
	return st;
}

/* The counters always add up, and the used bytes fit the ring. */
static void check_invariants(void)
{
	struct logger_stats st = stats_of(NULL);

	CHECK_EQ(st.records_written,
		 st.records_held + st.records_dropped + st.records_cleared);
	CHECK_EQ(st.records_held, st.next_seq - st.first_seq);
	CHECK(st.buffer_used <= st.buffer_size);
	CHECK(st.records_held == 0 || st.buffer_used > 0);
}

/*
 * Reads one batch for @c.  Returns the records, and puts
 * pointers to them in @recs (they live in the bounce buffer until the
 * next call).
 */
static u32 read_batch(struct logger_cursor *c, u32 format, size_t budget,
		      struct logger_rec **recs, u32 max_recs, int *err)
{
	struct logger_batch b;
	struct logger_rec *rec;
	u32 i;
	int ret;

	ret = logger_ring_read(&ring, c, format, bounce, sizeof(bounce),
			       budget, &b);
	if (err)
		*err = ret;
	if (ret)
		return 0;
	rec = (struct logger_rec *)bounce;
	for (i = 0; i < b.records; i++) {
		if (i < max_recs)
			recs[i] = rec;
		rec = (struct logger_rec *)((char *)rec + rec->size);
	}
	CHECK_EQ((char *)rec - bounce, b.raw_bytes);
	return b.records;
}

TEST(init_rejects_bad_sizes)
{
	struct logger_ring r;

	CHECK_EQ(logger_ring_init(&r, SMALL_RING / 2, 1024), -EINVAL);
	CHECK_EQ(logger_ring_init(&r, SMALL_RING + 8, 1024), -EINVAL);
	CHECK_EQ(logger_ring_init(&r, LOGGER_RING_MAX_SIZE * 2u, 1024),
		 -EINVAL);
	CHECK_EQ(logger_ring_init(&r, SMALL_RING, 0), -EINVAL);
	CHECK_EQ(logger_ring_init(&r, SMALL_RING, SMALL_RING / 4 + 1),
		 -EINVAL);
	REQUIRE(logger_ring_init(&r, SMALL_RING, SMALL_RING / 4) == 0);
	logger_ring_destroy(&r);
}

TEST(records_keep_header_and_payload)
{
	struct logger_cursor c;
	struct logger_rec *recs[4];
	u32 n;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &c, 0, true);
	CHECK_EQ(append_as(42, 3, "hello", 5), 0);
	CHECK_EQ(append_as(42, 7, "", 0), 0);
	n = read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 4, NULL);
	REQUIRE(n == 2, "got %u records", n);

	CHECK_EQ(recs[0]->entry.hdr_size, 80);
	CHECK_EQ(recs[0]->entry.level, 3);
	CHECK_EQ(recs[0]->entry.flags, 0);
	CHECK_EQ(recs[0]->entry.len, 5);
	CHECK_EQ(recs[0]->entry.seq, 1);
	CHECK_EQ(recs[0]->entry.uid, 42);
	CHECK_EQ(recs[0]->entry.gid, 43);
	CHECK(memcmp(recs[0]->payload, "hello", 5) == 0);
	CHECK(strcmp(recs[0]->entry.comm, "ring_test") == 0);
	CHECK_EQ(recs[0]->entry.cgroup_id, 77);
	CHECK_EQ(recs[0]->entry.src_ts_ns, 0);
	CHECK_EQ(recs[0]->entry.fields_len, 0);
	CHECK_EQ(recs[0]->entry.reserved, 0);
	/* The binary span is the header, the payload and zero padding. */
	CHECK_EQ(logger_rec_out_size(recs[0], LOGGER_FORMAT_BINARY), 64);
	CHECK_EQ(logger_rec_out_size(recs[0], LOGGER_FORMAT_BINARY_V2), 88);
	CHECK_EQ(LOGGER_ENTRY_SPAN(&recs[0]->entry), 88);
	CHECK(recs[0]->payload[5] == 0 && recs[0]->payload[6] == 0 &&
	      recs[0]->payload[7] == 0);
	CHECK_EQ(recs[1]->entry.seq, 2);
	CHECK_EQ(recs[1]->entry.len, 0);
	CHECK(recs[1]->entry.ts_ns >= recs[0]->entry.ts_ns);
	CHECK_EQ(logger_ring_read(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
				  sizeof(bounce), 1 << 20,
				  &(struct logger_batch){}), -EAGAIN);
	{
		/* Refused before a byte of any payload is touched. */
		struct logger_append two[2] = {
			{ .payload = "ok", .len = 2 },
			{ .len = ring.max_payload + 1 },
		};

		CHECK_EQ(logger_ring_append(&ring, writer_of(42), NULL, two, 2),
			 -EMSGSIZE);
		CHECK_EQ(stats_of(NULL).records_written, 2);
	}
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(text_lines_are_escaped_and_sized_exactly)
{
	static const char msg[] = "tab\there\nback\\slash\x7f del é";
	struct logger_entry_v2 e = {
		.level = 4, .seq = 12345, .ts_ns = 1700000000123456789ull,
		.pid = 77, .tid = 78, .uid = 1000, .len = sizeof(msg) - 1,
	};
	char line[512], *p = line;
	u32 consumed;
	size_t n;

	p += logger_text_prefix(p, &e);
	p += logger_text_escape(p, sizeof(line) - (p - line), msg, e.len,
				&consumed);
	*p++ = '\n';
	*p = 0;
	CHECK_EQ(consumed, e.len);
	CHECK(strcmp(line, "<4>,12345,1700000000123456,77,78,1000;"
		      "tab\\x09here\\x0aback\\x5cslash\\x7f del é\n") == 0,
	      "line is %s", line);
	CHECK_EQ(logger_text_escaped_len(msg, e.len), 3 * 4 + e.len);
	CHECK_EQ(logger_text_body_len(msg, 0, e.len),
		 logger_text_escaped_len(msg, e.len));
	CHECK_EQ(logger_text_line_len(&e, logger_text_escaped_len(msg, e.len)),
		 p - line);

	/*
	 * Terminal safety: valid UTF-8 stays, and so readable; C1 controls
	 * (CSI as U+009B), stray continuation bytes, overlong forms,
	 * surrogates, code points past U+10FFFF and a sequence cut short are
	 * escaped byte by byte.
	 */
	{
		static const struct {
			const char *in, *out;
		} utf8[] = {
			{ "日本語 ok", "日本語 ok" },
			{ "emoji \xf0\x9f\x98\x80!", "emoji \xf0\x9f\x98\x80!" },
			{ "csi \xc2\x9b" "31m", "csi \\xc2\\x9b31m" },
			{ "nel \xc2\x85 nbsp \xc2\xa0", "nel \\xc2\\x85 nbsp \xc2\xa0" },
			{ "lone \x9b", "lone \\x9b" },
			{ "overlong \xc0\xaf \xe0\x80\xaf", "overlong \\xc0\\xaf \\xe0\\x80\\xaf" },
			{ "surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80" },
			{ "too big \xf4\x90\x80\x80", "too big \\xf4\\x90\\x80\\x80" },
			{ "cut \xe6\x97", "cut \\xe6\\x97" },
			{ "bad cont \xe6\x41", "bad cont \\xe6A" },
			{ "\xff\xfe", "\\xff\\xfe" },
		};
		size_t k;

		for (k = 0; k < TAP_COUNT(utf8); k++) {
			u32 in_len = strlen(utf8[k].in);

			n = logger_text_escape(line, sizeof(line), utf8[k].in,
					       in_len, &consumed);
			line[n] = 0;
			CHECK(strcmp(line, utf8[k].out) == 0, "%s became %s",
			      utf8[k].out, line);
			CHECK_EQ(consumed, in_len);
			CHECK_EQ(logger_text_escaped_len(utf8[k].in, in_len), n);
		}
		/* A sequence is never split: 3 bytes of room for a 3-byte one. */
		n = logger_text_escape(line, 3, "a日", 4, &consumed);
		CHECK_EQ(n, 1);
		CHECK_EQ(consumed, 1);
	}

	/* Escapes are never split: a 4-byte escape needs 4 bytes of room. */
	n = logger_text_escape(line, 5, "ab\ncd", 5, &consumed);
	CHECK_EQ(n, 2);
	CHECK_EQ(consumed, 2);

	/* The widest prefix fits LOGGER_TEXT_PREFIX_MAX. */
	e.level = 7;
	e.seq = UINT64_MAX;
	e.ts_ns = UINT64_MAX;
	e.pid = INT32_MIN;
	e.tid = INT32_MIN;
	e.uid = UINT32_MAX;
	n = logger_text_prefix(line, &e);
	CHECK(n <= LOGGER_TEXT_PREFIX_MAX, "prefix %zu bytes", n);
	CHECK_EQ(logger_text_line_len(&e, 0), n + 1);
}

/* Encodes one field at @p; returns the bytes it took. */
static size_t put_field(char *p, const char *key, const char *value)
{
	struct logger_field f = { strlen(key), strlen(value) };

	memcpy(p, &f, sizeof(f));
	memcpy(p + sizeof(f), key, f.key_len);
	memcpy(p + sizeof(f) + f.key_len, value, f.value_len);
	return sizeof(f) + f.key_len + f.value_len;
}

TEST(fields_are_checked_as_the_abi_says)
{
	char buf[256];
	size_t n;

	n = put_field(buf, "TAG", "com.acme.Payments");
	n += put_field(buf + n, "THREAD", "main");
	n += put_field(buf + n, "a.b-c_9", "");
	CHECK_EQ(logger_fields_check(buf, n), 0);
	CHECK_EQ(logger_fields_check(buf, 0), 0);
	/* Fields must fill the length exactly, and stay inside it. */
	CHECK_EQ(logger_fields_check(buf, n - 1), -EINVAL);
	CHECK_EQ(logger_fields_check(buf, 3), -EINVAL);
	/* Keys: 1..64 bytes of [A-Za-z0-9_.-], no leading '_'. */
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "_PID", "1")), -EINVAL);
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "a key", "1")), -EINVAL);
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "k=v", "1")), -EINVAL);
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "ключ", "1")), -EINVAL);
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "", "1")), -EINVAL);
	memset(buf + 100, 'K', 65);
	buf[165] = 0;
	CHECK_EQ(logger_fields_check(buf, put_field(buf, buf + 100, "")), -EINVAL);
	buf[164] = 0;
	CHECK_EQ(logger_fields_check(buf, put_field(buf, buf + 100, "v")), 0);
	/* Values are any bytes. */
	CHECK_EQ(logger_fields_check(buf, put_field(buf, "V", "\n\xff=\\")), 0);
}

TEST(a_batch_is_consecutive_records_with_their_fields)
{
	struct logger_cursor c;
	struct logger_rec *recs[4];
	struct logger_append in[3];
	char fields[128], payload[3][160];
	const char *pos, *end;
	struct logger_field_ref f;
	size_t n, i;
	u32 got;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &c, 0, true);
	n = put_field(fields, "TAG", "app.Main");
	n += put_field(fields + n, "THREAD", "worker\n1");
	for (i = 0; i < 3; i++) {
		memcpy(payload[i], fields, n);
		memcpy(payload[i] + n, "started", 7);
		in[i] = (struct logger_append){
			.payload = payload[i], .len = n + 7, .fields_len = n,
			.src_ts_ns = 1700000000000000000ull + i, .level = i,
			.flags = LOGGER_F_FRAMED,
		};
	}
	REQUIRE(logger_ring_append(&ring, writer_of(5), NULL, in, 3) == 0);
	got = read_batch(&c, LOGGER_FORMAT_BINARY_V2, 1 << 20, recs, 4, NULL);
	REQUIRE(got == 3, "got %u", got);
	for (i = 0; i < 3; i++) {
		struct logger_entry_v2 *e = &recs[i]->entry;

		CHECK_EQ(e->seq, i + 1);
		CHECK_EQ(e->level, i);
		CHECK_EQ(e->flags, LOGGER_F_FRAMED);
		CHECK_EQ(e->src_ts_ns, 1700000000000000000ull + i);
		CHECK_EQ(e->fields_len, n);
		CHECK_EQ(e->len, n + 7);
		CHECK_EQ(e->ts_ns, recs[0]->entry.ts_ns);
		CHECK_EQ(e->cgroup_id, 77);
		CHECK_EQ(logger_rec_message_len(recs[i]), 7);
		CHECK(memcmp(logger_rec_message(recs[i]), "started", 7) == 0);
		CHECK_EQ(logger_rec_out_size(recs[i], LOGGER_FORMAT_BINARY),
			 round_up(56 + 7, 8));
		CHECK_EQ(logger_rec_out_size(recs[i], LOGGER_FORMAT_BINARY_V2),
			 round_up(80 + n + 7, 8));
	}
	/* The fields read back as written. */
	pos = recs[0]->payload;
	end = pos + recs[0]->entry.fields_len;
	CHECK(logger_fields_next(&pos, end, &f) && f.key_len == 3 &&
	      memcmp(f.key, "TAG", 3) == 0 && f.value_len == 8 &&
	      memcmp(f.value, "app.Main", 8) == 0);
	CHECK(logger_fields_next(&pos, end, &f) && f.value_len == 8);
	CHECK(!logger_fields_next(&pos, end, &f));
	/* Text: the message, then " TAG=app.Main\n THREAD=worker\x0a1\n". */
	CHECK_EQ(logger_text_body_len(recs[0]->payload, n, n + 7),
		 strlen("started") + strlen(" TAG=app.Main\n") +
		 strlen(" THREAD=worker\\x0a1\n"));
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(eviction_counts_what_a_reader_missed)
{
	struct logger_cursor slow, fast;
	struct logger_rec *recs[2048];
	struct logger_stats st;
	u64 expect = 1, missed_seen;
	u32 i, n;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &slow, 0, true);
	logger_ring_add_cursor(&ring, &fast, 0, true);
	for (i = 0; i < 5000; i++) {
		REQUIRE(append_pattern(0, 100 + i % 300, i + 1) == 0);
		/* The fast reader keeps up and must never miss a record. */
		n = read_batch(&fast, LOGGER_FORMAT_BINARY, 1 << 20, recs,
			       2048, NULL);
		CHECK_EQ(n, 1);
	}
	check_invariants();
	st = stats_of(&fast);
	CHECK_EQ(st.reader_missed, 0);
	CHECK(st.records_dropped > 0, "the ring must have wrapped");

	/* The slow reader starts at the oldest held: the rest were missed. */
	st = stats_of(&slow);
	CHECK_EQ(st.reader_missed, st.first_seq - 1);
	CHECK_EQ(st.reader_missed, st.records_dropped);
	missed_seen = st.reader_missed;
	expect = st.first_seq;
	while ((n = read_batch(&slow, LOGGER_FORMAT_BINARY, 1 << 20, recs,
			       2048, NULL)) > 0) {
		for (i = 0; i < n && i < 2048; i++) {
			CHECK_EQ(recs[i]->entry.seq, expect);
			CHECK(pattern_ok(recs[i]->payload, recs[i]->entry.len,
					 recs[i]->entry.seq));
			expect++;
		}
	}
	CHECK_EQ(expect, 5001);
	CHECK_EQ(stats_of(&slow).reader_missed, missed_seen);
	logger_ring_remove_cursor(&ring, &slow);
	logger_ring_remove_cursor(&ring, &fast);
	logger_ring_destroy(&ring);
}

TEST(records_survive_every_wrap_position)
{
	struct logger_cursor c;
	struct logger_rec *recs[1];
	u64 expect = 1;
	u32 len, n;

	/* Every payload size from 0 to 2 KiB, so markers land everywhere. */
	ring_setup(SMALL_RING, SMALL_RING / 4);
	logger_ring_add_cursor(&ring, &c, 0, true);
	for (len = 0; len <= 2048; len++) {
		REQUIRE(append_pattern(0, len, expect) == 0);
		n = read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 1,
			       NULL);
		REQUIRE(n == 1, "len %u: got %u records", len, n);
		CHECK_EQ(recs[0]->entry.seq, expect);
		CHECK_EQ(recs[0]->entry.len, len);
		CHECK(pattern_ok(recs[0]->payload, len, expect));
		expect++;
	}
	/* The largest payload, many times over: each takes a quarter lap. */
	for (n = 0; n < 50; n++)
		REQUIRE(append_pattern(0, SMALL_RING / 4, n) == 0);
	check_invariants();
	/* The reader was at @expect: everything evicted from there is missed. */
	CHECK_EQ(stats_of(&c).reader_missed, stats_of(NULL).first_seq - expect);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(a_waiting_cursor_follows_the_writer_over_a_marker)
{
	struct logger_cursor c;
	struct logger_rec *recs[8];
	u64 seq = 1;
	u32 n;

	ring_setup(SMALL_RING, SMALL_RING / 4);
	logger_ring_add_cursor(&ring, &c, 0, true);
	/* Fill the lap to within 100 bytes of its end, reading as we go. */
	while (ring.size - (ring.head & (ring.size - 1)) > 1100) {
		REQUIRE(append_pattern(0, 1000, seq) == 0);
		REQUIRE(read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 8,
				   NULL) == 1);
		seq++;
	}
	/* The cursor waits at head; the next record goes to the next lap. */
	REQUIRE(append_pattern(0, 1000, seq) == 0);
	REQUIRE(append_pattern(0, 1000, seq + 1) == 0);
	n = read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 8, NULL);
	REQUIRE(n == 2, "got %u", n);
	CHECK_EQ(recs[0]->entry.seq, seq);
	CHECK(pattern_ok(recs[0]->payload, 1000, seq));
	CHECK(pattern_ok(recs[1]->payload, 1000, seq + 1));

	/*
	 * Again, but now the tail steps over the marker before the reader
	 * moves: the reader still reads the right record.
	 */
	seq += 2;
	while (ring.size - (ring.head & (ring.size - 1)) > 1100) {
		REQUIRE(append_pattern(0, 1000, seq) == 0);
		REQUIRE(read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 8,
				   NULL) == 1);
		seq++;
	}
	REQUIRE(append_pattern(0, 1000, seq) == 0);
	/* Clearing up to the record after the marker moves the tail past it. */
	logger_ring_clear(&ring, seq);
	/* Small records now fill the bytes where the marker was. */
	while (ring.head + 64 - ring.tail <= ring.size)
		REQUIRE(append_as(0, 6, "", 0) == 0);
	CHECK_EQ(stats_of(NULL).first_seq, seq);
	n = read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 8, NULL);
	REQUIRE(n > 1, "got %u", n);
	CHECK_EQ(recs[0]->entry.seq, seq);
	CHECK(pattern_ok(recs[0]->payload, 1000, seq));
	CHECK_EQ(stats_of(&c).reader_missed, 0);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(restricted_reader_sees_only_its_uid_and_misses_only_those)
{
	struct logger_cursor mine, all;
	struct logger_rec *recs[64];
	u32 i, n;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &mine, 1000, false);
	logger_ring_add_cursor(&ring, &all, 1000, true);
	for (i = 1; i <= 10; i++)
		REQUIRE(append_pattern(i % 2 ? 1000 : 2000, 10, i) == 0);
	n = read_batch(&mine, LOGGER_FORMAT_BINARY, 1 << 20, recs, 64, NULL);
	REQUIRE(n == 5, "got %u", n);
	for (i = 0; i < n; i++)
		CHECK_EQ(recs[i]->entry.uid, 1000);
	CHECK_EQ(read_batch(&all, LOGGER_FORMAT_BINARY, 1 << 20, recs, 64,
			    NULL), 10);

	/* Only other users' records are pending: nothing to read, no size. */
	for (i = 0; i < 3; i++)
		REQUIRE(append_pattern(2000, 10, 100 + i) == 0);
	CHECK_EQ(logger_ring_next_size(&ring, &mine, LOGGER_FORMAT_BINARY), 0);
	CHECK(!logger_ring_has_unread(&ring, &mine),
	      "skipping moved the cursor to the end");

	/* Evicting records it cannot see is not a miss for this reader. */
	for (i = 0; i < 2000; i++)
		REQUIRE(append_pattern(2000, 200, i) == 0);
	CHECK(stats_of(NULL).records_dropped > 0);
	CHECK_EQ(stats_of(&mine).reader_missed, 0);
	CHECK(stats_of(&all).reader_missed > 0);
	logger_ring_remove_cursor(&ring, &mine);
	logger_ring_remove_cursor(&ring, &all);
	logger_ring_destroy(&ring);
}

TEST(seek_positions_by_seq_and_clamps)
{
	struct logger_cursor c;
	struct logger_rec *recs[1];
	struct logger_stats st;
	u32 i;

	ring_setup(SMALL_RING, 4096);
	for (i = 1; i <= 3000; i++)
		REQUIRE(append_pattern(0, 50 + i % 700, i) == 0);
	st = stats_of(NULL);
	REQUIRE(st.first_seq > 1, "the ring must have wrapped");
	logger_ring_add_cursor(&ring, &c, 0, true);

	CHECK_EQ(logger_ring_seek(&ring, &c, 0), st.first_seq);
	CHECK_EQ(logger_ring_seek(&ring, &c, st.first_seq + 17),
		 st.first_seq + 17);
	REQUIRE(read_batch(&c, LOGGER_FORMAT_BINARY, 1, recs, 1, NULL) == 0);
	CHECK_EQ(read_batch(&c, LOGGER_FORMAT_BINARY,
			    logger_ring_next_size(&ring, &c,
						  LOGGER_FORMAT_BINARY),
			    recs, 1, NULL), 1);
	CHECK_EQ(recs[0]->entry.seq, st.first_seq + 17);
	CHECK(pattern_ok(recs[0]->payload, recs[0]->entry.len,
			 st.first_seq + 17));
	/* Backwards, from the tail. */
	CHECK_EQ(logger_ring_seek(&ring, &c, st.first_seq + 3),
		 st.first_seq + 3);
	CHECK_EQ(logger_ring_tell(&ring, &c), st.first_seq + 3);
	CHECK_EQ(logger_ring_seek(&ring, &c, UINT64_MAX), st.next_seq);
	CHECK_EQ(logger_ring_seek_last(&ring, &c, 5), st.next_seq - 5);
	CHECK_EQ(read_batch(&c, LOGGER_FORMAT_BINARY, 1 << 20, recs, 1, NULL),
		 5);
	CHECK_EQ(recs[0]->entry.seq, st.next_seq - 5);
	CHECK_EQ(logger_ring_seek_last(&ring, &c, 0), st.next_seq);
	CHECK_EQ(logger_ring_seek_last(&ring, &c, UINT64_MAX), st.first_seq);
	/* Seeking never counts as missing. */
	CHECK_EQ(stats_of(&c).reader_missed, 0);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(clear_drops_below_a_seq_and_moves_cursors_without_a_miss)
{
	struct logger_cursor behind, ahead;
	struct logger_rec *recs[16];
	struct logger_stats st;
	u32 i;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &behind, 0, true);
	logger_ring_add_cursor(&ring, &ahead, 0, true);
	for (i = 1; i <= 10; i++)
		REQUIRE(append_pattern(0, 30, i) == 0);
	logger_ring_seek(&ring, &ahead, 8);

	CHECK_EQ(logger_ring_clear(&ring, 6), 5);
	st = stats_of(&behind);
	CHECK_EQ(st.first_seq, 6);
	CHECK_EQ(st.records_cleared, 5);
	CHECK_EQ(st.reader_missed, 0);
	CHECK_EQ(logger_ring_tell(&ring, &behind), 6);
	CHECK_EQ(logger_ring_tell(&ring, &ahead), 8);
	CHECK_EQ(read_batch(&behind, LOGGER_FORMAT_BINARY, 1 << 20, recs, 16,
			    NULL), 5);
	CHECK_EQ(recs[0]->entry.seq, 6);

	/* A value beyond next_seq clears everything there is, no more. */
	CHECK_EQ(logger_ring_clear(&ring, UINT64_MAX), 5);
	REQUIRE(append_pattern(0, 30, 11) == 0);
	st = stats_of(&ahead);
	CHECK_EQ(st.records_held, 1);
	CHECK_EQ(st.first_seq, 11);
	CHECK_EQ(st.reader_missed, 0);
	CHECK_EQ(read_batch(&ahead, LOGGER_FORMAT_BINARY, 1 << 20, recs, 16,
			    NULL), 1);
	CHECK_EQ(recs[0]->entry.seq, 11);
	CHECK_EQ(logger_ring_clear(&ring, 0), 0);
	check_invariants();
	logger_ring_remove_cursor(&ring, &behind);
	logger_ring_remove_cursor(&ring, &ahead);
	logger_ring_destroy(&ring);
}

TEST(read_returns_only_whole_records_that_fit)
{
	struct logger_cursor c;
	struct logger_batch b;
	size_t line;
	int ret;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &c, 0, true);
	REQUIRE(append_pattern(0, 100, 1) == 0);
	REQUIRE(append_pattern(0, 100, 2) == 0);

	/* Binary: 56 + 100 rounded up to 8 = 160 bytes each. */
	ret = logger_ring_read(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
			       sizeof(bounce), 159, &b);
	CHECK_EQ(ret, -EMSGSIZE);
	CHECK_EQ(b.need_out, 160);
	CHECK_EQ(logger_ring_next_size(&ring, &c, LOGGER_FORMAT_BINARY), 160);
	ret = logger_ring_read(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
			       sizeof(bounce), 319, &b);
	CHECK_EQ(ret, 0);
	CHECK_EQ(b.records, 1);
	CHECK_EQ(b.out_bytes, 160);
	/* Taken: the cursor is past it at once. */
	CHECK_EQ(logger_ring_tell(&ring, &c), 2);
	REQUIRE(append_pattern(0, 100, 3) == 0);

	/* The destination is too small for the raw record: nothing taken. */
	ret = logger_ring_read(&ring, &c, LOGGER_FORMAT_BINARY, bounce, 100,
			       1 << 20, &b);
	CHECK_EQ(ret, -ENOBUFS);
	CHECK_EQ(b.need_raw, 200);
	CHECK_EQ(logger_ring_next_raw_size(&ring, &c), 200);
	CHECK_EQ(logger_ring_tell(&ring, &c), 2);

	line = logger_ring_next_size(&ring, &c, LOGGER_FORMAT_TEXT);
	ret = logger_ring_read(&ring, &c, LOGGER_FORMAT_TEXT, bounce,
			       sizeof(bounce), 2 * line, &b);
	CHECK_EQ(ret, 0);
	CHECK_EQ(b.records, 2);
	CHECK_EQ(b.out_bytes, 2 * line);
	CHECK_EQ(logger_ring_tell(&ring, &c), 4);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

TEST(records_taken_are_not_missed_and_the_rest_are_once)
{
	struct logger_cursor c;
	struct logger_batch b;
	u64 missed, first;
	u32 i;

	ring_setup(SMALL_RING, 4096);
	logger_ring_add_cursor(&ring, &c, 0, true);
	for (i = 1; i <= 10; i++)
		REQUIRE(append_pattern(0, 1000, i) == 0);
	REQUIRE(logger_ring_read(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
				 sizeof(bounce), 1 << 20, &b) == 0);
	REQUIRE(b.records == 10);
	/* Taken: writers evicting them now takes nothing from the reader. */
	for (i = 0; i < 200; i++)
		REQUIRE(append_pattern(0, 1000, 100 + i) == 0);
	first = stats_of(NULL).first_seq;
	REQUIRE(first > 11, "the writes must evict past what was taken");
	missed = stats_of(&c).reader_missed;
	CHECK_EQ(missed, first - 11);
	/* Asking again counts nothing twice. */
	CHECK_EQ(stats_of(&c).reader_missed, missed);
	CHECK_EQ(logger_ring_tell(&ring, &c), first);
	CHECK_EQ(stats_of(&c).reader_missed, missed);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

/*
 * A restricted reader that falls behind misses only its own records, only
 * those evicted (not cleared), only once; and eviction, however many
 * records it removes, never looks at a reader: the cursors are made
 * unreadable while writers evict, so any access would crash the test.
 */
TEST(eviction_never_touches_a_reader_and_loss_is_exact)
{
	const size_t n = 2000, len = sizeof(struct logger_cursor) * n;
	struct logger_cursor *cs = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct logger_stats st;
	u64 own_written = 0, own_cleared, first;
	u32 i;

	REQUIRE(cs != MAP_FAILED);
	ring_setup(SMALL_RING, 4096);
	for (i = 0; i < n; i++)
		REQUIRE(logger_ring_add_cursor(&ring, &cs[i], 1000 + i % 2,
					       i % 4 == 0) == 0);
	/* Some records of every kind, and a clear of the first of them. */
	for (i = 0; i < 30; i++) {
		REQUIRE(append_pattern(1000 + i % 3, 100, i) == 0);
		own_written += i % 3 == 0;
	}
	own_cleared = 4;	/* uid 1000 at seqs 1, 4, 7, 10 */
	CHECK_EQ(logger_ring_clear(&ring, 11), 10);

	REQUIRE(mprotect(cs, len, PROT_NONE) == 0);
	for (i = 30; i < 3000; i++) {
		REQUIRE(append_pattern(1000 + i % 3, 100, i) == 0);
		own_written += i % 3 == 0;
	}
	REQUIRE(mprotect(cs, len, PROT_READ | PROT_WRITE) == 0);

	st = stats_of(NULL);
	first = st.first_seq;
	REQUIRE(st.records_dropped > 0);
	for (i = 0; i < n; i++) {
		u64 want;

		if (i % 4 == 0) {
			want = first - 11;	/* all evicted, none cleared */
		} else if (i % 2 == 0) {
			/* uid 1000: seqs s with (s - 1) % 3 == 0, 11 <= s < first */
			u64 below_first = (first - 1 + 2) / 3;

			want = below_first - own_cleared;
		} else {
			/* uid 1001: seqs s with (s - 1) % 3 == 1 */
			u64 below_first = (first - 1 + 1) / 3;

			want = below_first - 3;	/* 2, 5, 8 were cleared */
		}
		CHECK_EQ(stats_of(&cs[i]).reader_missed, want);
		if (tap_case_failed)
			break;
	}
	for (i = 0; i < n; i++)
		logger_ring_remove_cursor(&ring, &cs[i]);
	munmap(cs, len);
	logger_ring_destroy(&ring);
}

/* A refused write is counted without the ring's lock. */
TEST(a_rejected_write_takes_no_lock)
{
	ring_setup(SMALL_RING, 4096);
	/* The shim aborts if a thread takes a spinlock it already holds. */
	spin_lock(&ring.lock);
	logger_ring_count_rejected(&ring);
	spin_unlock(&ring.lock);
	CHECK_EQ(stats_of(NULL).writes_rejected, 1);
	logger_ring_destroy(&ring);
}

/* SEEK_END -k for a restricted reader: its own last k records. */
TEST(seek_last_of_a_restricted_reader_counts_its_own_records)
{
	struct logger_cursor mine;
	struct logger_rec *recs[16];
	u32 i, n;

	ring_setup(SMALL_RING, 4096);
	REQUIRE(logger_ring_add_cursor(&ring, &mine, 1000, false) == 0);
	/* uid 1000 writes every fourth record. */
	for (i = 1; i <= 40; i++)
		REQUIRE(append_pattern(i % 4 ? 2000 : 1000, 20, i) == 0);
	CHECK_EQ(logger_ring_seek_last(&ring, &mine, 3), 32);
	n = read_batch(&mine, LOGGER_FORMAT_BINARY, 1 << 20, recs, 16, NULL);
	REQUIRE(n == 3, "got %u", n);
	CHECK_EQ(recs[0]->entry.seq, 32);
	CHECK_EQ(recs[2]->entry.seq, 40);
	/* More than it has: from its oldest; 0: only what comes next. */
	logger_ring_seek_last(&ring, &mine, 100);
	CHECK_EQ(read_batch(&mine, LOGGER_FORMAT_BINARY, 1 << 20, recs, 16,
			    NULL), 10);
	CHECK_EQ(logger_ring_seek_last(&ring, &mine, 0), 41);
	CHECK_EQ(stats_of(&mine).reader_missed, 0);
	logger_ring_remove_cursor(&ring, &mine);
	logger_ring_destroy(&ring);
}

/*
 * No hold of the lock is long: a reader's step copies at most
 * LOGGER_RING_READ_STEP_RECORDS records and LOGGER_RING_READ_STEP_BYTES (or
 * one larger record), and a clear of many records gives the lock up every
 * RING_WALK_BATCH (256) of them, whether or not the scheduler asks.
 */
TEST(reads_and_clears_hold_the_lock_for_a_bounded_step)
{
	struct logger_cursor c;
	struct logger_batch b;
	unsigned long breaks;
	u32 i;

	ring_setup(1U << 20, 8192);
	REQUIRE(logger_ring_add_cursor(&ring, &c, 0, true) == 0);
	for (i = 0; i < 3000; i++)
		REQUIRE(append_pattern(0, 10, i) == 0);
	REQUIRE(logger_ring_peek(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
				 sizeof(bounce), 1 << 20, &b) == 0);
	CHECK_EQ(b.records, LOGGER_RING_READ_STEP_RECORDS);
	CHECK_EQ(logger_ring_tell(&ring, &c), 1);	/* a peek takes nothing */
	logger_ring_commit(&ring, &c, bounce, &b, b.raw_bytes);
	CHECK_EQ(logger_ring_tell(&ring, &c), 1 + LOGGER_RING_READ_STEP_RECORDS);
	for (i = 0; i < 20; i++)
		REQUIRE(append_pattern(0, 4000, i) == 0);
	logger_ring_seek_last(&ring, &c, 20);
	REQUIRE(logger_ring_peek(&ring, &c, LOGGER_FORMAT_BINARY, bounce,
				 sizeof(bounce), 1 << 20, &b) == 0);
	CHECK(b.raw_bytes <= LOGGER_RING_READ_STEP_BYTES, "a step of %u bytes",
	      b.raw_bytes);
	CHECK_EQ(b.records, LOGGER_RING_READ_STEP_BYTES / 4096);

	breaks = shim_lock_breaks;
	CHECK_EQ(logger_ring_clear(&ring, ~0ULL), 3020);
	CHECK(shim_lock_breaks - breaks >= 3020 / 256, "the clear gave the lock up %lu times",
	      shim_lock_breaks - breaks);
	logger_ring_remove_cursor(&ring, &c);
	logger_ring_destroy(&ring);
}

/*
 * The counts of a uid live while it has records or a reader, and no
 * longer: 5000 uids writing once each leave nothing once their records are
 * gone.
 */
TEST(per_uid_counts_go_with_the_last_record_and_reader)
{
	struct logger_cursor c;
	u32 uid;

	ring_setup(SMALL_RING, 4096);
	REQUIRE(logger_ring_add_cursor(&ring, &c, 7, false) == 0);
	CHECK_EQ(xa_shim_count(&ring.uids), 1);
	for (uid = 1000; uid < 6000; uid++)
		REQUIRE(append_pattern(uid, 10, uid) == 0);
	CHECK(xa_shim_count(&ring.uids) < 1000, "%zu counts kept",
	      xa_shim_count(&ring.uids));
	logger_ring_clear(&ring, ~0ULL);
	CHECK_EQ(xa_shim_count(&ring.uids), 1);	/* the reader's own */
	logger_ring_remove_cursor(&ring, &c);
	CHECK_EQ(xa_shim_count(&ring.uids), 0);
	logger_ring_destroy(&ring);
}

/*
 * A random walk over every operation, checked against what each reader
 * must see: seqs strictly increasing, contents intact, and every gap
 * explained by records it cannot see, records cleared, a seek, or records
 * counted in reader_missed.
 */
#define RANDOM_READERS	4
#define RANDOM_STEPS	40000
#define RANDOM_MAX_SEQ	(RANDOM_STEPS + 1)

enum gone { KEPT, DROPPED, CLEARED };

static u32 uid_of[RANDOM_MAX_SEQ + 1];
static u8 gone[RANDOM_MAX_SEQ + 1];

struct model_reader {
	struct logger_cursor c;
	u64 last;		/* last seq read, or seek target - 1 */
	u64 missed;		/* the reader_missed it must report */
	u32 uid;
	bool sees_all;
};

/*
 * The reader passed seqs (rd->last, @upto) without reading them: each
 * must be invisible to it, cleared, or dropped (and then missed).
 */
static void model_pass(struct model_reader *rd, u64 upto)
{
	u64 s;

	for (s = rd->last + 1; s < upto; s++) {
		bool sees = rd->sees_all || uid_of[s] == rd->uid;

		CHECK(!sees || gone[s] != KEPT, "reader uid %u skipped kept seq %llu",
		      rd->uid, (unsigned long long)s);
		if (sees && gone[s] == DROPPED)
			rd->missed++;
	}
	if (upto > rd->last + 1)
		rd->last = upto - 1;
}

TEST(random_operations_match_the_model)
{
	struct model_reader rd[RANDOM_READERS];
	struct logger_rec *recs[4096];
	struct logger_stats before, after = {};
	unsigned int seed = 12345;
	u32 step, i, n, r;
	u64 s;

	ring_setup(SMALL_RING, 8192);
	memset(uid_of, 0, sizeof(uid_of));
	memset(gone, KEPT, sizeof(gone));
	for (r = 0; r < RANDOM_READERS; r++) {
		rd[r].uid = 1000 + r % 2;
		rd[r].sees_all = r < 2;
		logger_ring_add_cursor(&ring, &rd[r].c, rd[r].uid,
				       rd[r].sees_all);
		rd[r].last = 0;
		rd[r].missed = 0;
	}

	for (step = 0; step < RANDOM_STEPS && !tap_case_failed; step++) {
		u32 op = rand_r(&seed) % 100;

		before = stats_of(NULL);
		r = rand_r(&seed) % RANDOM_READERS;
		if (op < 60) {
			u32 len = rand_r(&seed) % 4 ? rand_r(&seed) % 300 :
				  rand_r(&seed) % 8193;
			u32 uid = 1000 + rand_r(&seed) % 3;

			REQUIRE(append_pattern(uid, len, before.next_seq) == 0);
			uid_of[before.next_seq] = uid;
		} else if (op < 90) {
			size_t budget = rand_r(&seed) % 3 ? 1 << 20 :
					rand_r(&seed) % 20000;
			u32 fmt = rand_r(&seed) % 3;

			n = read_batch(&rd[r].c, fmt, budget, recs, 4096, NULL);
			for (i = 0; i < n; i++) {
				struct logger_entry_v2 *e = &recs[i]->entry;

				CHECK(e->seq > rd[r].last, "seq %llu after %llu",
				      (unsigned long long)e->seq,
				      (unsigned long long)rd[r].last);
				CHECK(rd[r].sees_all || e->uid == rd[r].uid);
				CHECK(pattern_ok(recs[i]->payload, e->len,
						 e->seq));
				model_pass(&rd[r], e->seq);
				rd[r].last = e->seq;
			}
			model_pass(&rd[r], logger_ring_tell(&ring, &rd[r].c));
			CHECK_EQ(stats_of(&rd[r].c).reader_missed,
				 rd[r].missed);
		} else if (op < 98) {
			if (rand_r(&seed) % 2)
				s = logger_ring_seek(&ring, &rd[r].c,
						     before.first_seq +
						     rand_r(&seed) %
						     (before.records_held + 2));
			else
				s = logger_ring_seek_last(&ring, &rd[r].c,
							  rand_r(&seed) % 50);
			/* After a seek the reader owes nothing before it. */
			rd[r].last = s - 1;
			rd[r].missed = stats_of(&rd[r].c).reader_missed;
		} else {
			logger_ring_clear(&ring, before.first_seq +
					  rand_r(&seed) %
					  (before.records_held + 1));
		}

		after = stats_of(NULL);
		for (s = before.first_seq; s < after.first_seq; s++)
			gone[s] = op < 60 ? DROPPED : CLEARED;
		CHECK_EQ(after.records_written,
			 after.records_held + after.records_dropped +
			 after.records_cleared);
		CHECK(after.buffer_used <= after.buffer_size);
	}
	tap_diag("%u steps: %llu records, %llu dropped, %llu cleared", step,
		 (unsigned long long)after.records_written,
		 (unsigned long long)after.records_dropped,
		 (unsigned long long)after.records_cleared);
	for (r = 0; r < RANDOM_READERS; r++)
		logger_ring_remove_cursor(&ring, &rd[r].c);
	logger_ring_destroy(&ring);
}

/*
 * Writers and readers on their own threads: each reader must see every
 * writer's records in order, and read + missed must equal written.
 */
#define THREAD_WRITERS	4
#define THREAD_READERS	2
#define THREAD_RECORDS	50000

static volatile int writers_done;

struct writer_payload {
	u32 writer;
	u32 n;
	char fill[64];
};

static void *writer_thread(void *arg)
{
	struct writer_payload p;
	u32 i;

	memset(&p, 0, sizeof(p));
	p.writer = (u32)(uintptr_t)arg;
	for (i = 0; i < THREAD_RECORDS; i++) {
		p.n = i;
		pattern(p.fill, sizeof(p.fill), (u64)p.writer << 32 | i);
		if (append_as(0, 6, (char *)&p, sizeof(p)))
			abort();
	}
	__atomic_add_fetch(&writers_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

struct reader_result {
	struct logger_cursor c;
	u64 read;
	u64 missed;
	bool ok;
};

static void *reader_thread(void *arg)
{
	struct reader_result *res = arg;
	static __thread char buf[256 << 10];
	s64 last[THREAD_WRITERS];
	struct logger_cursor *c = &res->c;
	struct logger_batch b;
	struct logger_rec *rec;
	struct logger_stats st;
	u32 i, w;

	for (w = 0; w < THREAD_WRITERS; w++)
		last[w] = -1;
	res->ok = true;
	for (;;) {
		bool done = __atomic_load_n(&writers_done, __ATOMIC_SEQ_CST) ==
			    THREAD_WRITERS;

		if (logger_ring_read(&ring, c, LOGGER_FORMAT_BINARY, buf,
				     sizeof(buf), sizeof(buf), &b)) {
			if (done)
				break;
			sched_yield();
			continue;
		}
		rec = (struct logger_rec *)buf;
		for (i = 0; i < b.records; i++) {
			struct writer_payload p;

			memcpy(&p, rec->payload, sizeof(p));
			if (rec->entry.len != sizeof(p) ||
			    p.writer >= THREAD_WRITERS ||
			    (s64)p.n <= last[p.writer] ||
			    !pattern_ok(p.fill, sizeof(p.fill),
					(u64)p.writer << 32 | p.n))
				res->ok = false;
			else
				last[p.writer] = p.n;
			rec = (struct logger_rec *)((char *)rec + rec->size);
		}
		res->read += b.records;
	}
	memset(&st, 0, sizeof(st));
	logger_ring_stats(&ring, c, &st);
	res->missed = st.reader_missed;
	logger_ring_remove_cursor(&ring, c);
	return NULL;
}

TEST(threads_read_everything_or_count_it_missed)
{
	pthread_t w[THREAD_WRITERS], r[THREAD_READERS];
	struct reader_result res[THREAD_READERS];
	u64 total = (u64)THREAD_WRITERS * THREAD_RECORDS;
	u32 i;

	ring_setup(SMALL_RING, 4096);
	writers_done = 0;
	memset(res, 0, sizeof(res));
	/* Every reader is on the ring before the first write. */
	for (i = 0; i < THREAD_READERS; i++) {
		logger_ring_add_cursor(&ring, &res[i].c, 0, true);
		pthread_create(&r[i], NULL, reader_thread, &res[i]);
	}
	for (i = 0; i < THREAD_WRITERS; i++)
		pthread_create(&w[i], NULL, writer_thread,
			       (void *)(uintptr_t)i);
	for (i = 0; i < THREAD_WRITERS; i++)
		pthread_join(w[i], NULL);
	for (i = 0; i < THREAD_READERS; i++)
		pthread_join(r[i], NULL);

	for (i = 0; i < THREAD_READERS; i++) {
		CHECK(res[i].ok, "reader %u saw a torn or reordered record", i);
		/* Readers started before the first write: nothing unaccounted. */
		CHECK_EQ(res[i].read + res[i].missed, total);
		tap_diag("reader %u: %llu read, %llu missed", i,
			 (unsigned long long)res[i].read,
			 (unsigned long long)res[i].missed);
	}
	check_invariants();
	logger_ring_destroy(&ring);
}

static const struct tap_case cases[] = {
	TAP_CASE(init_rejects_bad_sizes),
	TAP_CASE(records_keep_header_and_payload),
	TAP_CASE(text_lines_are_escaped_and_sized_exactly),
	TAP_CASE(fields_are_checked_as_the_abi_says),
	TAP_CASE(a_batch_is_consecutive_records_with_their_fields),
	TAP_CASE(eviction_counts_what_a_reader_missed),
	TAP_CASE(records_survive_every_wrap_position),
	TAP_CASE(a_waiting_cursor_follows_the_writer_over_a_marker),
	TAP_CASE(restricted_reader_sees_only_its_uid_and_misses_only_those),
	TAP_CASE(seek_positions_by_seq_and_clamps),
	TAP_CASE(clear_drops_below_a_seq_and_moves_cursors_without_a_miss),
	TAP_CASE(read_returns_only_whole_records_that_fit),
	TAP_CASE(records_taken_are_not_missed_and_the_rest_are_once),
	TAP_CASE(eviction_never_touches_a_reader_and_loss_is_exact),
	TAP_CASE(a_rejected_write_takes_no_lock),
	TAP_CASE(seek_last_of_a_restricted_reader_counts_its_own_records),
	TAP_CASE(reads_and_clears_hold_the_lock_for_a_bounded_step),
	TAP_CASE(per_uid_counts_go_with_the_last_record_and_reader),
	TAP_CASE(random_operations_match_the_model),
	TAP_CASE(threads_read_everything_or_count_it_missed),
};

int main(int argc, char **argv)
{
	return tap_main(cases, TAP_COUNT(cases), argc, argv);
}
