// SPDX-License-Identifier: GPL-2.0
/*
 * drain - reads standard input to its end and prints how many bytes came and
 * how long they took, from the first byte to the end, as one JSON object:
 * the time a program took to write its output, without its start-up (a JVM's
 * start varies by seconds under emulation, more than what it prints takes).
 *
 *	logger-reader -o json | drain
 *	{"bytes":52428800,"seconds":3.141}
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	static char buf[1 << 20];
	long long bytes = 0;
	double first = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		if (bytes == 0)
			first = now();
		bytes += n;
	}
	if (n < 0) {
		perror("read");
		return 1;
	}
	printf("{\"bytes\":%lld,\"seconds\":%.3f}\n", bytes, bytes ? now() - first : 0.0);
	return 0;
}
