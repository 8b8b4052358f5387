// SPDX-License-Identifier: GPL-2.0
/*
 * logger_sysfs.c - the counters of LOGGER_IOC_GET_STATS as text files in
 * /sys/class/misc/logger/, one value each, for shells and monitoring agents
 * that cannot issue an ioctl:
 *
 *	$ cat /sys/class/misc/logger/records_dropped
 *	0
 *
 * and write_calls, which the ioctl does not carry: with records_written it
 * tells how many records writers put in each call, and max_batch_ring.
 */

#include <linux/device.h>
#include <linux/sysfs.h>

#include "logger.h"

static struct logger_device *logger_of(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct logger_device, misc);
}

/*
 * One read-only attribute per counter of struct logger_stats.  Counters of
 * what users do are for root only (0440, root's group), as a restricted
 * reader's LOGGER_IOC_GET_STATS leaves them out: polled, they would show
 * another user's record the moment it is written.  A udev rule may give
 * them to a monitoring group (packaging/udev/60-logger.rules).  The ring's
 * settings are for everyone, as /sys/module/logger/parameters are.
 */
#define LOGGER_STAT_ATTR(field, mode)					\
static ssize_t field##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct logger_stats stats = {};					\
									\
	logger_device_stats(logger_of(dev), NULL, &stats);		\
	return sysfs_emit(buf, "%llu\n", (unsigned long long)stats.field); \
}									\
static struct device_attribute dev_attr_##field = __ATTR(field, mode,	\
							 field##_show, NULL)

#define LOGGER_ACTIVITY	0440
#define LOGGER_SETTING	0444

LOGGER_STAT_ATTR(bytes_written, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(records_written, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(records_dropped, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(records_cleared, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(writes_rejected, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(first_seq, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(next_seq, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(buffer_used, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(records_held, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(readers, LOGGER_ACTIVITY);
LOGGER_STAT_ATTR(buffer_size, LOGGER_SETTING);
LOGGER_STAT_ATTR(max_payload, LOGGER_SETTING);
LOGGER_STAT_ATTR(max_batch, LOGGER_SETTING);

/* What the records of one framed write may take in the ring, at most. */
static ssize_t max_batch_ring_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", logger_of(dev)->max_batch_ring);
}
static DEVICE_ATTR_RO(max_batch_ring);

/* 32 lowercase hex digits, as a reader saves it beside a seq. */
static ssize_t instance_id_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%16phN\n", logger_of(dev)->instance_id);
}
static DEVICE_ATTR_RO(instance_id);

static ssize_t write_calls_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&logger_of(dev)->write_calls));
}
static struct device_attribute dev_attr_write_calls =
	__ATTR(write_calls, LOGGER_ACTIVITY, write_calls_show, NULL);

static struct attribute *logger_stat_attrs[] = {
	&dev_attr_bytes_written.attr,
	&dev_attr_records_written.attr,
	&dev_attr_records_dropped.attr,
	&dev_attr_records_cleared.attr,
	&dev_attr_writes_rejected.attr,
	&dev_attr_first_seq.attr,
	&dev_attr_next_seq.attr,
	&dev_attr_buffer_size.attr,
	&dev_attr_buffer_used.attr,
	&dev_attr_records_held.attr,
	&dev_attr_readers.attr,
	&dev_attr_max_payload.attr,
	&dev_attr_max_batch.attr,
	&dev_attr_max_batch_ring.attr,
	&dev_attr_instance_id.attr,
	&dev_attr_write_calls.attr,
	NULL
};

static const struct attribute_group logger_stat_group = {
	.attrs = logger_stat_attrs,
};

const struct attribute_group *logger_sysfs_groups[] = {
	&logger_stat_group,
	NULL
};
