/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a small test harness that prints TAP (Test Anything Protocol):
 * one "ok N - name" or "not ok N - name" line per case, the reasons as
 * "# " lines under it.
 *
 *	TEST(writes_are_records) { CHECK_EQ(write(fd, "x", 1), 1); }
 *	static const struct tap_case cases[] = { TAP_CASE(writes_are_records), };
 *	int main(int argc, char **argv) { return tap_main(cases, TAP_COUNT(cases), argc, argv); }
 *
 * A failed CHECK marks the case failed and lets it go on, so one run shows
 * every broken promise.  CHECKs may run on any thread.  `prog -l` lists the
 * cases; `prog name...` runs only those.  A case may set up what it needs
 * first through tap_case.setup (the device tests load the module with the
 * parameters the case names), be checked after by a teardown hook (the
 * device tests fail a case that leaves the device open), and skip itself
 * with tap_skip().
 */
#ifndef _TAP_H
#define _TAP_H

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tap_case {
	const char *name;
	void (*run)(void);
	/* Passed to the setup hook of tap_main_setup(); NULL for none. */
	const char *setup;
};

#define TEST(name) static void name(void)
#define TAP_CASE(fn) { #fn, fn, NULL }
#define TAP_CASE_WITH(fn, arg) { #fn, fn, arg }
#define TAP_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The harness state, shared by every file of a test program: weak
 * definitions, so each file may include this header and the linker keeps
 * one copy.
 */
__attribute__((weak)) pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;
__attribute__((weak)) int tap_case_failed;
__attribute__((weak)) const char *tap_skip_reason;

static void tap_vdiag(const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	printf("# %s\n", line);
}

/* A comment line in the output, for context that is not a failure. */
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&tap_lock);
	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
}

static inline bool tap_check(bool ok, const char *file, int line,
			     const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	pthread_mutex_lock(&tap_lock);
	tap_case_failed = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
	return false;
}

/* Marks the running case skipped; the caller returns right after. */
static inline void tap_skip(const char *reason)
{
	tap_skip_reason = reason;
}

#define CHECK(cond, ...) \
	tap_check(!!(cond), __FILE__, __LINE__, "CHECK(" #cond ") " __VA_ARGS__)

#define CHECK_EQ(a, b) ({						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	tap_check(__a == __b, __FILE__, __LINE__,			\
		  "%s == %s: got %lld, want %lld (errno %d %s)",	\
		  #a, #b, __a, __b, errno, strerror(errno));		\
})

/* @call must fail with -1 and errno @err. */
#define CHECK_ERRNO(call, err) ({					\
	errno = 0;							\
	long long __r = (long long)(call);				\
	int __e = errno;						\
	tap_check(__r == -1 && __e == (err), __FILE__, __LINE__,	\
		  "%s: got %lld errno %d (%s), want -1 errno %d (%s)",	\
		  #call, __r, __e, strerror(__e), err, strerror(err));	\
})

/* Stop the case here if @cond fails: what follows depends on it. */
#define REQUIRE(cond, ...) do {						\
	if (!CHECK(cond, __VA_ARGS__))					\
		return;							\
} while (0)

static inline int tap_main_setup(const struct tap_case *cases, size_t n,
				 int argc, char **argv,
				 const char *(*setup)(const char *arg),
				 void (*teardown)(void))
{
	int failed = 0, number = 0;
	size_t i;
	int a;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		for (i = 0; i < n; i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	for (a = 1; a < argc; a++) {
		for (i = 0; i < n && strcmp(cases[i].name, argv[a]); i++)
			;
		if (i == n) {
			fprintf(stderr, "%s: no case named %s (-l lists them)\n",
				argv[0], argv[a]);
			return 2;
		}
	}

	printf("TAP version 13\n1..%d\n",
	       argc > 1 ? argc - 1 : (int)n);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		const char *why = NULL;

		if (argc > 1) {
			for (a = 1; a < argc && strcmp(cases[i].name, argv[a]); a++)
				;
			if (a == argc)
				continue;
		}
		number++;
		tap_case_failed = 0;
		tap_skip_reason = NULL;
		/* A setup that fails CHECKs itself; one that returns a reason skips. */
		if (setup)
			why = setup(cases[i].setup);
		if (why)
			tap_skip_reason = why;
		else if (!tap_case_failed)
			cases[i].run();
		if (teardown && !why)
			teardown();
		if (tap_skip_reason && !tap_case_failed) {
			printf("ok %d - %s # SKIP %s\n", number, cases[i].name,
			       tap_skip_reason);
		} else {
			printf("%sok %d - %s\n", tap_case_failed ? "not " : "",
			       number, cases[i].name);
			failed += tap_case_failed;
		}
		fflush(stdout);
	}
	if (failed)
		printf("# %d of %d cases failed\n", failed, number);
	return failed ? 1 : 0;
}

static inline int tap_main(const struct tap_case *cases, size_t n, int argc,
			   char **argv)
{
	return tap_main_setup(cases, n, argc, argv, NULL, NULL);
}

#endif /* _TAP_H */
