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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
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

void dev_write(int fd, const char *s)
{
	size_t len = strlen(s);

	CHECK_EQ(write(fd, s, len), len);
}

bool parse_records(const char *buf, size_t len, struct records *out)
{
	size_t off = 0;

	while (off < len) {
		struct logger_entry e;
		struct record *r;

		if (len - off < sizeof(e))
			return false;
		memcpy(&e, buf + off, sizeof(e));
		if (e.hdr_size != sizeof(e) || off % LOGGER_ENTRY_ALIGN ||
		    LOGGER_ENTRY_SPAN(&e) > len - off)
			return false;
		out->r = realloc(out->r, (out->n + 1) * sizeof(*out->r));
		r = &out->r[out->n++];
		r->e = e;
		r->payload = malloc(e.len + 1);
		memcpy(r->payload, buf + off + e.hdr_size, e.len);
		r->payload[e.len] = 0;
		off += LOGGER_ENTRY_SPAN(&e);
	}
	return true;
}

struct records dev_read_binary(int fd, size_t want)
{
	static char buf[1 << 20];
	struct records rs = { NULL, 0 };
	int flags = fcntl(fd, F_GETFL);
	ssize_t n;

	dev_set_format(fd, LOGGER_FORMAT_BINARY);
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

void records_free(struct records *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].payload);
	free(rs->r);
	rs->r = NULL;
	rs->n = 0;
}

void run_as(uid_t uid, gid_t gid, void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* Dropping to a non-root uid clears every capability. */
		if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
		    setresuid(uid, uid, uid)) {
			CHECK(0, "cannot become uid %d: %s", uid,
			      strerror(errno));
			_exit(1);
		}
		tap_case_failed = 0;
		fn(arg);
		fflush(stdout);
		_exit(tap_case_failed ? 1 : 0);
	}
	REQUIRE(pid > 0, "fork: %s", strerror(errno));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child running as uid %d failed (status %#x)", uid, status);
}

/* The first line of /proc/self/task/<tid>/<file>, or "". */
void run_with_caps(__u64 caps, void (*fn)(void *), void *arg)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (__u32)caps, .permitted = (__u32)caps },
		{ .effective = caps >> 32, .permitted = caps >> 32 },
	};
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (syscall(SYS_capset, &hdr, data)) {
			CHECK(0, "capset: %s", strerror(errno));
			_exit(1);
		}
		tap_case_failed = 0;
		fn(arg);
		fflush(stdout);
		_exit(tap_case_failed ? 1 : 0);
	}
	REQUIRE(pid > 0, "fork: %s", strerror(errno));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child with capabilities %#llx failed (status %#x)",
	      (unsigned long long)caps, status);
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
