/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger.h - what the parts of the logger module share: the one device.
 */
#ifndef _LOGGER_H
#define _LOGGER_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/miscdevice.h>
#include <linux/sysfs.h>
#include <linux/wait.h>

#include "logger_ring.h"

/**
 * struct logger_device - /dev/logger.
 * @misc: the misc device; its drvdata and file->private_data at open point
 *	here, and container_of() leads back.
 * @ring: the records.
 * @wait: readers and pollers waiting for a record; woken after writes.
 * @wake_work: wakes @wait at the next tick of the CPU that wrote.
 * @blocked_readers: readers waiting in read() for a record.
 * @max_batch: the most bytes one framed write may carry.
 * @max_batch_ring: the most bytes the records of one framed write may take
 *	in the ring, LOGGER_RECORD_COST() of each: half the ring, or
 *	max_batch and an eighth where that is more.
 * @instance_id: made at load from random bytes, so that a reader can tell
 *	this load of the module, and its seqs, from any other.
 * @write_calls: successful write() and writev() calls since load.
 */
struct logger_device {
	struct miscdevice misc;
	struct logger_ring ring;
	wait_queue_head_t wait;
	struct irq_work wake_work;
	atomic_t blocked_readers;
	u32 max_batch;
	u32 max_batch_ring;
	u8 instance_id[16];
	atomic64_t write_calls;
};

void logger_device_stats(struct logger_device *dev, struct logger_cursor *c,
			 struct logger_stats *stats);

/* The device's counters as files in /sys/class/misc/logger/. */
extern const struct attribute_group *logger_sysfs_groups[];

#endif /* _LOGGER_H */
