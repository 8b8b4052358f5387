// SPDX-License-Identifier: Apache-2.0
/*
 * c_producers - the pipeline's first form, in C: N producer threads put
 * messages into a bounded circular queue guarded by one mutex and two
 * condition variables; one consumer thread takes them out and prints them,
 * or writes each to /dev/logger as one record.
 *
 *	c_producers [-t THREADS] [-m MESSAGES] [-q QUEUE] [-d DEVICE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MESSAGE_MAX	128

/* A bounded circular queue: the mutex guards every field. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_full;	/* signalled when a message is taken */
	pthread_cond_t not_empty;	/* signalled when a message is put or producers end */
	char (*messages)[MESSAGE_MAX];
	int *levels;
	int capacity;
	int head;			/* next to take */
	int count;
	int producers_left;
};

struct producer {
	struct queue *q;
	int id;
	int messages;
	unsigned int seed;
};

static void queue_put(struct queue *q, int level, const char *text)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == q->capacity)
		pthread_cond_wait(&q->not_full, &q->lock);
	int tail = (q->head + q->count) % q->capacity;
	snprintf(q->messages[tail], MESSAGE_MAX, "%s", text);
	q->levels[tail] = level;
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* Takes the next message; false once the queue is empty and every producer has ended. */
static bool queue_take(struct queue *q, int *level, char *text)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && q->producers_left > 0)
		pthread_cond_wait(&q->not_empty, &q->lock);
	if (q->count == 0) {
		pthread_mutex_unlock(&q->lock);
		return false;
	}
	memcpy(text, q->messages[q->head], MESSAGE_MAX);
	*level = q->levels[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return true;
}

static void producer_done(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->producers_left--;
	/* The consumer may be waiting for a message that will never come. */
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

static void *produce(void *arg)
{
	struct producer *p = arg;
	static const int levels[] = { 3, 4, 6, 6, 6, 6, 6, 7 };
	char text[MESSAGE_MAX];
	int n;

	for (n = 1; n <= p->messages; n++) {
		snprintf(text, sizeof(text), "Producer %d: message %d", p->id, n);
		queue_put(p->q, levels[rand_r(&p->seed) % 8], text);
	}
	producer_done(p->q);
	return NULL;
}

struct consumer {
	struct queue *q;
	int fd;			/* the device, or -1 to print */
	int failed;		/* errno of the first failed write */
	long written;
};

static void *consume(void *arg)
{
	static const char *const names[] = {
		"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
	};
	struct consumer *c = arg;
	char text[MESSAGE_MAX], record[MESSAGE_MAX + 3];
	int level;

	while (queue_take(c->q, &level, text)) {
		if (c->fd < 0) {
			printf("%-7s %s\n", names[level], text);
			c->written++;
			continue;
		}
		/* One write is one record; "<d>" sets its level. */
		int len = snprintf(record, sizeof(record), "<%d>%s", level, text);
		if (write(c->fd, record, len) == len)
			c->written++;
		else if (!c->failed)
			c->failed = errno;
	}
	return NULL;
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-t THREADS] [-m MESSAGES] [-q QUEUE] [-d DEVICE]\n"
		"  -t  producer threads (default 4)\n"
		"  -m  messages per producer (default 25)\n"
		"  -q  queue capacity (default 16)\n"
		"  -d  write each message to DEVICE (/dev/logger) instead of printing it\n",
		prog);
	return 2;
}

static int positive(const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	int threads = 4, messages = 25, capacity = 16, opt, i, status = 0;
	const char *device = NULL;
	struct queue q = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.not_full = PTHREAD_COND_INITIALIZER,
		.not_empty = PTHREAD_COND_INITIALIZER,
	};
	struct consumer c = { .q = &q, .fd = -1 };
	struct producer *producers;
	pthread_t consumer, *tids;

	while ((opt = getopt(argc, argv, "t:m:q:d:h")) != -1) {
		switch (opt) {
		case 't': if (positive(optarg, &threads)) return usage(argv[0]); break;
		case 'm': if (positive(optarg, &messages)) return usage(argv[0]); break;
		case 'q': if (positive(optarg, &capacity)) return usage(argv[0]); break;
		case 'd': device = optarg; break;
		default: return usage(argv[0]);
		}
	}
	if (optind != argc)
		return usage(argv[0]);
	if (device) {
		c.fd = open(device, O_WRONLY | O_CLOEXEC);
		if (c.fd < 0) {
			fprintf(stderr, "c_producers: cannot open %s: %s%s\n", device, strerror(errno),
				errno == ENOENT ? " (is the logger module loaded?)" : "");
			return 1;
		}
	}

	q.capacity = capacity;
	q.producers_left = threads;
	q.messages = calloc(capacity, sizeof(*q.messages));
	q.levels = calloc(capacity, sizeof(*q.levels));
	producers = calloc(threads, sizeof(*producers));
	tids = calloc(threads, sizeof(*tids));
	if (!q.messages || !q.levels || !producers || !tids) {
		fprintf(stderr, "c_producers: out of memory\n");
		return 1;
	}

	pthread_create(&consumer, NULL, consume, &c);
	for (i = 0; i < threads; i++) {
		producers[i] = (struct producer){ &q, i + 1, messages, 42u + i };
		pthread_create(&tids[i], NULL, produce, &producers[i]);
	}
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	pthread_join(consumer, NULL);

	if (c.failed) {
		fprintf(stderr, "c_producers: writing to %s failed: %s\n", device, strerror(c.failed));
		status = 1;
	}
	if (device)
		fprintf(stderr, "c_producers: %ld records written to %s\n", c.written, device);
	if (c.fd >= 0)
		close(c.fd);
	free(q.messages);
	free(q.levels);
	free(producers);
	free(tids);
	return status;
}
