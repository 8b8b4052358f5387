/* SPDX-License-Identifier: GPL-2.0 */
/*
 * device.h - helpers the device tests share: loading the module with the
 * parameters a case needs, opening /dev/logger, reading binary records,
 * and running code as another user.
 */
#ifndef _DEVICE_H
#define _DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/logger.h>

/*
 * One record read in a binary format, with its message made a C string.
 * @e is its header as LOGGER_FORMAT_BINARY has it (and the first 56 bytes
 * of a LOGGER_FORMAT_BINARY_V2 header); @v2 the whole header of a record
 * read in LOGGER_FORMAT_BINARY_V2, zero otherwise; @fields its fields as
 * read, @v2.fields_len bytes; @payload its message, @msg_len bytes.
 */
struct record {
	struct logger_entry e;
	struct logger_entry_v2 v2;
	char *fields;
	char *payload;
	__u32 msg_len;
};

/* Records of one or more reads; free with records_free(). */
struct records {
	struct record *r;
	size_t n;
};

/*
 * The setup hook of tap_main_setup(): makes sure the module is loaded with
 * exactly @params ("" or NULL for the defaults).  Returns a reason to skip
 * when it cannot (not root, or LOGGER_KO unset).
 */
const char *module_setup(const char *params);
/*
 * The teardown hook of tap_main_setup(): a case must close every file of
 * the device it opened; this fails the case if not and closes them, so
 * that the next case can still reload the module.
 */
void device_teardown(void);
/* finit_module() of $LOGGER_KO; returns 0 or -1 with errno. */
int module_load(const char *params);
/* delete_module("logger", O_NONBLOCK); returns 0 or -1 with errno. */
int module_unload(void);
/* Forget which parameters are loaded: the next setup reloads. */
void module_forget(void);

int dev_open(int flags);
/*
 * Opens the device with @flags in a child that became @uid and @gid (with
 * no capabilities), and returns the file it hands back over SCM_RIGHTS;
 * -1 with a failed CHECK if none came.
 */
int dev_open_as(uid_t uid, gid_t gid, int flags);
void dev_set_format(int fd, __u32 format);
struct logger_stats dev_stats(int fd);
/* Writes @s whole as one record; a failed CHECK if it does not. */
void dev_write(int fd, const char *s);
/* Reads binary records until @want are read or a read would block. */
struct records dev_read_binary(int fd, size_t want);
/* The same in LOGGER_FORMAT_BINARY_V2. */
struct records dev_read_v2(int fd, size_t want);
/* The same in LOGGER_FORMAT_BINARY_V3, with the kernel's fields (version 3). */
struct records dev_read_v3(int fd, size_t want);
/*
 * Splits @len bytes of binary records, of either format, into @out; false
 * if malformed.
 */
bool parse_records(const char *buf, size_t len, struct records *out);
/* The value of field @key of @r (a C string, per thread), or NULL. */
const char *record_field(const struct record *r, const char *key);

void dev_set_write_mode(int fd, __u32 mode);
/*
 * Encodes one frame at @buf: level, the event's time, fields from @kv
 * (key, value, key, value, ..., NULL) and the message; zero padding up to
 * 8.  Returns the bytes it took, padding included.
 */
size_t frame_put(char *buf, __u8 level, __u64 src_ts_ns,
		 const char *const *kv, const char *msg);
void records_free(struct records *rs);

/*
 * Runs @fn in a child process with the given uid and gid and no
 * capabilities; the child's failed CHECKs fail the calling case.
 */
void run_as(uid_t uid, gid_t gid, void (*fn)(void *), void *arg);

/*
 * Runs @fn in a child process that stays root but keeps only the
 * capabilities in @caps (a mask of 1ULL << CAP_*), effective and permitted.
 */
void run_with_caps(__u64 caps, void (*fn)(void *), void *arg);

/*
 * Waits until thread @tid of this process is blocked in system call @nr
 * (SYS_read, SYS_poll, ...), as /proc/self/task/<tid>/syscall shows; up
 * to 10 s.  Tests await this instead of sleeping and hoping.
 */
bool wait_until_blocked_in(pid_t tid, long nr);

/* A 64-bit seq from a sysfs file of the device, or -1. */
long long sysfs_value(const char *name);

#endif /* _DEVICE_H */
