/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger.h - what the parts of the logger module share: the one device.
 */
#ifndef _LOGGER_H
#define _LOGGER_H

#include <linux/miscdevice.h>
#include <linux/sysfs.h>
#include <linux/wait.h>

#include "logger_ring.h"

/**
 * struct logger_device - /dev/logger.
 * @misc: the misc device; its drvdata and file->private_data at open point
 *	here, and container_of() leads back.
 * @ring: the records.
 * @wait: readers and pollers waiting for a record; woken by every write.
 */
struct logger_device {
	struct miscdevice misc;
	struct logger_ring ring;
	wait_queue_head_t wait;
};

/* The ring's counters as files in /sys/class/misc/logger/. */
extern const struct attribute_group *logger_sysfs_groups[];

#endif /* _LOGGER_H */
