// SPDX-License-Identifier: GPL-2.0
/*
 * read_bench - records/s one reader drains from /dev/logger with a 64 KiB
 * buffer, in binary and in text format: from a ring prefilled while nothing
 * writes, and while 2 writer threads write.  It also counts read() calls per
 * record.  One JSON line per case.  Load the module with a large buffer_size.
 *
 *	read_bench [MEASURE_MS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>

#include <linux/logger.h>

#include "bench.h"

#define RECORD_SIZE	128
#define WRITERS		2

static char buf[1 << 16];

static int open_reader(__u32 format)
{
	int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		die("/dev/logger");
	if (ioctl(fd, LOGGER_IOC_SET_FORMAT, &format))
		die("LOGGER_IOC_SET_FORMAT");
	return fd;
}

static long long count_records(const char *p, ssize_t n, __u32 format)
{
	long long records = 0;
	ssize_t off = 0;

	if (format == LOGGER_FORMAT_TEXT) {
		for (ssize_t i = 0; i < n; i++)
			records += p[i] == '\n';
		return records;
	}
	while (off < n) {
		const struct logger_entry *e = (const void *)(p + off);

		off += LOGGER_ENTRY_SPAN(e);
		records++;
	}
	return records;
}

static void prefill(long long records)
{
	char record[RECORD_SIZE];
	int fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);

	memset(record, 'r', sizeof(record));
	for (long long i = 0; i < records; i++)
		if (write(fd, record, sizeof(record)) != sizeof(record))
			die("prefill write");
	close(fd);
}

/* Drains everything held; nothing writes. */
static void drain_prefilled(__u32 format, const char *name)
{
	int fd = open_reader(format);
	long long records = 0, reads = 0, start = now_ns(), ns;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		reads++;
		records += count_records(buf, n, format);
	}
	reads++;	/* the read that found nothing left */
	ns = now_ns() - start;
	close(fd);
	printf("{\"stage\":\"kernel-read\",\"case\":\"prefilled\",\"format\":\"%s\",\"records\":%lld,"
	       "\"reads\":%lld,\"seconds\":%.3f,\"records_per_sec\":%.0f,\"reads_per_record\":%.5f}\n",
	       name, records, reads, ns / 1e9, records * 1e9 / ns, (double)reads / records);
	fflush(stdout);
}

static atomic_llong written;

static void *write_loop(void *arg)
{
	char record[RECORD_SIZE];
	int fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);

	(void)arg;
	memset(record, 'w', sizeof(record));
	pthread_barrier_wait(&bench_start);
	while (!atomic_load_explicit(&bench_stop, memory_order_relaxed))
		if (write(fd, record, sizeof(record)) == sizeof(record))
			atomic_fetch_add_explicit(&written, 1, memory_order_relaxed);
	close(fd);
	return NULL;
}

static __u32 live_format;
static atomic_llong live_records, live_reads;

static void reset_live(void)
{
	atomic_store(&written, 0);
	atomic_store(&live_records, 0);
	atomic_store(&live_reads, 0);
}

/* The reader thread of the live case: poll, then drain, until told to stop. */
static void *read_loop(void *arg)
{
	int fd = open_reader(live_format);
	ssize_t n;

	(void)arg;
	lseek(fd, 0, SEEK_END);
	pthread_barrier_wait(&bench_start);
	while (!atomic_load_explicit(&bench_stop, memory_order_relaxed)) {
		n = read(fd, buf, sizeof(buf));
		atomic_fetch_add(&live_reads, 1);
		if (n > 0)
			atomic_fetch_add(&live_records, count_records(buf, n, live_format));
	}
	close(fd);
	return NULL;
}

/* One reader follows while WRITERS threads write as fast as they can. */
static void drain_live(__u32 format, const char *name, int measure_ms)
{
	void *(*fns[WRITERS + 1])(void *) = { read_loop };
	void *args[WRITERS + 1] = { 0 };
	long long ns;
	int i;

	for (i = 1; i <= WRITERS; i++)
		fns[i] = write_loop;
	live_format = format;
	ns = bench_run(WRITERS + 1, fns, args, measure_ms / 4, measure_ms, reset_live);
	printf("{\"stage\":\"kernel-read\",\"case\":\"while %d writers write\",\"format\":\"%s\","
	       "\"records\":%lld,\"reads\":%lld,\"seconds\":%.3f,\"records_per_sec\":%.0f,"
	       "\"reads_per_record\":%.5f,\"written_per_sec\":%.0f}\n",
	       WRITERS, name, (long long)live_records, (long long)live_reads, ns / 1e9,
	       live_records * 1e9 / ns, (double)live_reads / (live_records ? live_records : 1),
	       written * 1e9 / ns);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int measure_ms = argc > 1 ? atoi(argv[1]) : 1000;
	struct logger_stats st;
	int fd;

	fd = open("/dev/logger", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, LOGGER_IOC_GET_STATS, &st))
		die("/dev/logger");
	close(fd);
	/* Fill the ring once: each reader below starts from its oldest record. */
	prefill((long long)st.buffer_size / (RECORD_SIZE + 64) * 2);
	drain_prefilled(LOGGER_FORMAT_BINARY, "binary");
	drain_prefilled(LOGGER_FORMAT_TEXT, "text");
	drain_live(LOGGER_FORMAT_BINARY, "binary", measure_ms);
	drain_live(LOGGER_FORMAT_TEXT, "text", measure_ms);
	return 0;
}
