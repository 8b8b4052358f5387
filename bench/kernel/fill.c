// SPDX-License-Identifier: GPL-2.0
/*
 * fill - writes COUNT records of about 100 bytes, like those the appender
 * writes, into /dev/logger, for the reader benchmark to drain.
 *
 *	fill COUNT
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 100000;
	int fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	char record[160];

	if (fd < 0) {
		perror("/dev/logger");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		int n = snprintf(record, sizeof(record),
				 "<%d>[producer-%ld] io.github.kernellogger.bench.Orders - order %ld for customer C-0042 shipped",
				 i % 13 == 0 ? 4 : 6, i % 4 + 1, i);
		if (write(fd, record, n) != n) {
			perror("write");
			return 1;
		}
	}
	close(fd);
	return 0;
}
