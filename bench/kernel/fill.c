// SPDX-License-Identifier: GPL-2.0
/*
 * fill - writes COUNT records of about 100 bytes into /dev/logger, for the
 * reader benchmark to drain: plain writes, one record each, or with "fields"
 * as the appender writes them since ABI version 2, framed batches of 64
 * records, each with its logger (TAG), thread (THREAD, THREAD_ID) and the
 * event's own time.
 *
 *	fill COUNT [fields]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/logger.h>

#define BATCH 64

/* Appends one field at p; returns the bytes it took. */
static size_t put_field(char *p, const char *key, const char *value)
{
	struct logger_field f = { .key_len = strlen(key), .value_len = strlen(value) };

	memcpy(p, &f, sizeof(f));
	memcpy(p + sizeof(f), key, f.key_len);
	memcpy(p + sizeof(f) + f.key_len, value, f.value_len);
	return sizeof(f) + f.key_len + f.value_len;
}

/* Appends record i as a frame at p, zero padded; returns the bytes it took. */
static size_t put_frame(char *p, long i)
{
	struct logger_frame fr = { .level = i % 13 == 0 ? 4 : 6 };
	struct timespec ts;
	char thread[32], thread_id[16];
	size_t at = sizeof(fr), span;

	clock_gettime(CLOCK_REALTIME, &ts);
	fr.src_ts_ns = (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	snprintf(thread, sizeof(thread), "producer-%ld", i % 4 + 1);
	snprintf(thread_id, sizeof(thread_id), "%ld", i % 4 + 31);
	at += put_field(p + at, "TAG", "io.github.kernellogger.bench.Orders");
	at += put_field(p + at, "THREAD", thread);
	at += put_field(p + at, "THREAD_ID", thread_id);
	fr.fields_len = at - sizeof(fr);
	at += sprintf(p + at, "order %ld for customer C-0042 shipped", i);
	fr.size = at;
	memcpy(p, &fr, sizeof(fr));
	span = LOGGER_FRAME_SPAN(&fr);
	memset(p + at, 0, span - at);
	return span;
}

static int fill_framed(int fd, long count)
{
	static char batch[BATCH * 256];
	__u32 mode = LOGGER_WRITE_FRAMED;

	if (ioctl(fd, LOGGER_IOC_SET_WRITE_MODE, &mode) < 0) {
		perror("LOGGER_IOC_SET_WRITE_MODE");
		return 1;
	}
	for (long i = 0; i < count;) {
		size_t n = 0;

		for (int k = 0; k < BATCH && i < count; k++, i++)
			n += put_frame(batch + n, i);
		if (write(fd, batch, n) != (ssize_t)n) {
			perror("write");
			return 1;
		}
	}
	return 0;
}

static int fill_plain(int fd, long count)
{
	char record[160];

	for (long i = 0; i < count; i++) {
		int n = snprintf(record, sizeof(record),
				 "<%d>[producer-%ld] io.github.kernellogger.bench.Orders - order %ld for customer C-0042 shipped",
				 i % 13 == 0 ? 4 : 6, i % 4 + 1, i);
		if (write(fd, record, n) != n) {
			perror("write");
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 100000;
	int fields = argc > 2 && strcmp(argv[2], "fields") == 0;
	int fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	int status;

	if (fd < 0) {
		perror("/dev/logger");
		return 1;
	}
	status = fields ? fill_framed(fd, count) : fill_plain(fd, count);
	close(fd);
	return status;
}
