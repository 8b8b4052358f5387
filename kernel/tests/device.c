// SPDX-License-Identifier: GPL-2.0
/*
 * device.c - helpers the device tests share; see device.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "tap.h"

/* The parameters the module is loaded with; NULL when unknown. */
static char *loaded_params;

int module_load(const char *params)
{
	const char *ko = getenv("LOGGER_KO");
	int fd, ret;

	if (!ko) {
		errno = ENOENT;
		return -1;
	}
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	close(fd);
	if (ret == 0) {
		free(loaded_params);
		loaded_params = strdup(params ? params : "");
	}
	return ret;
}

int module_unload(void)
{
	int ret = syscall(SYS_delete_module, "logger", O_NONBLOCK);

	if (ret == 0 || errno == ENOENT) {
		free(loaded_params);
		loaded_params = NULL;
	}
	return ret;
}

void module_forget(void)
{
	free(loaded_params);
	loaded_params = NULL;
}

const char *module_setup(const char *params)
{
	if (!params)
		params = "";
	if (loaded_params && strcmp(loaded_params, params) == 0)
		return NULL;
	if (!getenv("LOGGER_KO"))
		return access(LOGGER_DEVICE_PATH, F_OK) == 0 && !*params ?
		       NULL : "LOGGER_KO is not set: cannot load the module";
	if (geteuid() != 0)
		return "loading the module needs root";
	if (module_unload() && errno != ENOENT) {
		CHECK(0, "cannot unload the module before loading it with '%s': %s",
		      params, strerror(errno));
		return "setup failed";
	}
	if (module_load(params)) {
		CHECK(0, "cannot load the module with '%s': %s", params,
		      strerror(errno));
		return "setup failed";
	}
	return NULL;
}

void device_teardown(void)
{
	char link[64], target[256];
	ssize_t n;
	int fd;

	for (fd = 3; fd < 1024; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = 0;
		if (strcmp(target, LOGGER_DEVICE_PATH) == 0) {
			CHECK(0, "the case left fd %d of %s open", fd, target);
			close(fd);
		}
	}
}

int dev_open(int flags)
{
	int fd = open(LOGGER_DEVICE_PATH, flags | O_CLOEXEC);

	CHECK(fd >= 0, "open " LOGGER_DEVICE_PATH ": %s", strerror(errno));
	return fd;
}

int dev_open_as(uid_t uid, gid_t gid, int flags)
{
	char ctl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct msghdr msg = { .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct cmsghdr *cm;
	int sv[2], fd = -1, status;
	pid_t pid;

	if (!CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
		    setresuid(uid, uid, uid))
			_exit(1);
		fd = dev_open(flags);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		_exit(sendmsg(sv[1], &msg, 0) == 1 ? 0 : 1);
	}
	close(sv[1]);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	iov.iov_base = (char[1]){ 0 };
	cm = CHECK(recvmsg(sv[0], &msg, 0) == 1, "recvmsg: %s", strerror(errno)) ?
	     CMSG_FIRSTHDR(&msg) : NULL;
	if (CHECK(cm && cm->cmsg_type == SCM_RIGHTS, "no file came"))
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	close(sv[0]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return fd;
}

void dev_set_format(int fd, __u32 format)
{
	CHECK_EQ(ioctl(fd, LOGGER_IOC_SET_FORMAT, &format), 0);
}

struct logger_stats dev_stats(int fd)
{
	struct logger_stats st;

	memset(&st, 0, sizeof(st));
	CHECK_EQ(ioctl(fd, LOGGER_IOC_GET_STATS, &st), 0);
	return st;
}

void dev_set_write_mode(int fd, __u32 mode)
{
	CHECK_EQ(ioctl(fd, LOGGER_IOC_SET_WRITE_MODE, &mode), 0);
}

size_t frame_put(char *buf, __u8 level, __u64 src_ts_ns,
		 const char *const *kv, const char *msg)
{
	struct logger_frame f = { .level = level, .src_ts_ns = src_ts_ns };
	size_t off = sizeof(f), span;

	for (; kv && kv[0]; kv += 2) {
		struct logger_field fl = { strlen(kv[0]), strlen(kv[1]) };

		memcpy(buf + off, &fl, sizeof(fl));
		memcpy(buf + off + sizeof(fl), kv[0], fl.key_len);
		memcpy(buf + off + sizeof(fl) + fl.key_len, kv[1], fl.value_len);
		off += sizeof(fl) + fl.key_len + fl.value_len;
	}
	f.fields_len = off - sizeof(f);
	memcpy(buf + off, msg, strlen(msg));
	off += strlen(msg);
	f.size = off;
	memcpy(buf, &f, sizeof(f));
	span = LOGGER_FRAME_SPAN(&f);
	memset(buf + off, 0, span - off);
	return span;
}

void dev_write(int fd, const char *s)
{
	size_t len = strlen(s);

	CHECK_EQ(write(fd, s, len), len);
}

bool parse_records(const char *buf, size_t len, struct records *out)
{
	size_t off = 0;

	while (off < len) {
		struct logger_entry_v2 v2 = { 0 };
		struct logger_entry e;
		struct record *r;
		__u32 fields = 0;

		if (len - off < sizeof(e))
			return false;
		memcpy(&e, buf + off, sizeof(e));
		if (off % LOGGER_ENTRY_ALIGN || LOGGER_ENTRY_SPAN(&e) > len - off)
			return false;
		if (e.hdr_size == sizeof(v2)) {
			memcpy(&v2, buf + off, sizeof(v2));
			fields = v2.fields_len;
			if (fields > e.len || v2.reserved)
				return false;
		} else if (e.hdr_size != sizeof(e)) {
			return false;
		}
		out->r = realloc(out->r, (out->n + 1) * sizeof(*out->r));
		r = &out->r[out->n++];
		r->e = e;
		r->v2 = v2;
		r->fields = malloc(fields + 1);
		memcpy(r->fields, buf + off + e.hdr_size, fields);
		r->payload = malloc(e.len - fields + 1);
		memcpy(r->payload, buf + off + e.hdr_size + fields,
		       e.len - fields);
		r->payload[e.len - fields] = 0;
		r->msg_len = e.len - fields;
		off += LOGGER_ENTRY_SPAN(&e);
	}
	return true;
}

static struct records read_in_format(int fd, size_t want, __u32 format)
{
	static char buf[1 << 20];
	struct records rs = { NULL, 0 };
	int flags = fcntl(fd, F_GETFL);
	ssize_t n;

	dev_set_format(fd, format);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (rs.n < want) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			CHECK(errno == EAGAIN, "read: %s", strerror(errno));
			break;
		}
		if (!CHECK(parse_records(buf, n, &rs), "malformed records"))
			break;
	}
	fcntl(fd, F_SETFL, flags);
	return rs;
}

struct records dev_read_binary(int fd, size_t want)
{
	return read_in_format(fd, want, LOGGER_FORMAT_BINARY);
}

struct records dev_read_v2(int fd, size_t want)
{
	return read_in_format(fd, want, LOGGER_FORMAT_BINARY_V2);
}

struct records dev_read_v3(int fd, size_t want)
{
	return read_in_format(fd, want, LOGGER_FORMAT_BINARY_V3);
}

const char *record_field(const struct record *r, const char *key)
{
	static __thread char value[1 << 16];
	struct logger_field f;
	__u32 off = 0;

	while (off + sizeof(f) <= r->v2.fields_len) {
		memcpy(&f, r->fields + off, sizeof(f));
		off += sizeof(f);
		if (f.key_len == strlen(key) &&
		    memcmp(r->fields + off, key, f.key_len) == 0) {
			memcpy(value, r->fields + off + f.key_len, f.value_len);
			value[f.value_len] = 0;
			return value;
		}
		off += f.key_len + f.value_len;
	}
	return NULL;
}

void records_free(struct records *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->r[i].payload);
		free(rs->r[i].fields);
	}
	free(rs->r);
	rs->r = NULL;
	rs->n = 0;
}

/* Who a child of run_child() becomes before it runs its function. */
struct identity {
	bool set_uid;
	uid_t uid;
	gid_t gid;
	__u64 caps;	/* when !set_uid: root keeping only these */
};

/* Makes the calling process @id; false (with a failed CHECK) if it cannot. */
static bool become(const struct identity *id)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (__u32)id->caps, .permitted = (__u32)id->caps },
		{ .effective = id->caps >> 32, .permitted = id->caps >> 32 },
	};

	/* Dropping to a non-root uid clears every capability. */
	if (id->set_uid)
		return CHECK(!setgroups(0, NULL) && !setresgid(id->gid, id->gid, id->gid) &&
			     !setresuid(id->uid, id->uid, id->uid),
			     "cannot become uid %d: %s", id->uid, strerror(errno));
	return CHECK(!syscall(SYS_capset, &hdr, data), "capset: %s",
		     strerror(errno));
}

/* Runs @fn in a child that becomes @id first; its failed CHECKs fail us. */
static void run_child(const struct identity *id, void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!become(id))
			_exit(1);
		tap_case_failed = 0;
		fn(arg);
		fflush(stdout);
		_exit(tap_case_failed ? 1 : 0);
	}
	REQUIRE(pid > 0, "fork: %s", strerror(errno));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child (uid %d, capabilities %#llx) failed (status %#x)",
	      id->set_uid ? (int)id->uid : 0, (unsigned long long)id->caps,
	      status);
}

void run_as(uid_t uid, gid_t gid, void (*fn)(void *), void *arg)
{
	run_child(&(struct identity){ .set_uid = true, .uid = uid, .gid = gid },
		  fn, arg);
}

void run_with_caps(__u64 caps, void (*fn)(void *), void *arg)
{
	run_child(&(struct identity){ .caps = caps }, fn, arg);
}

static void read_task_file(pid_t tid, const char *file, char *line,
			   size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/%s", tid, file);
	line[0] = 0;
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(line, size, f))
		line[0] = 0;
	fclose(f);
}

bool wait_until_blocked_in(pid_t tid, long nr)
{
	struct timespec pause = { 0, 1000000 };
	char line[512], *state, *end;
	int i;

	for (i = 0; i < 10000; i++) {
		/* "<nr> <args...>" while in a system call, else "running". */
		read_task_file(tid, "syscall", line, sizeof(line));
		if (strtol(line, &end, 10) == nr && end != line) {
			/* ...and asleep in it, not merely preempted. */
			read_task_file(tid, "stat", line, sizeof(line));
			state = strrchr(line, ')');
			if (state && state[1] == ' ' && state[2] == 'S')
				return true;
		}
		nanosleep(&pause, NULL);
	}
	return false;
}

long long sysfs_value(const char *name)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/misc/logger/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}
