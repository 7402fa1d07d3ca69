/* SPDX-License-Identifier: MIT */
/*
 * A minimal test harness: CHECK and CHECK_STR record failures with file and
 * line and carry on; TEST_MAIN runs the listed tests and exits non-zero if
 * any check failed.
 */
#ifndef ISC_TEST_HARNESS_H
#define ISC_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failures;
static int harness_checks;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		harness_checks++;                                                          \
		if (!(cond)) {                                                             \
			harness_failures++;                                                \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define CHECK_INT(a, b)                                                                    \
	do {                                                                               \
		long long va_ = (long long)(a), vb_ = (long long)(b);                      \
		harness_checks++;                                                          \
		if (va_ != vb_) {                                                          \
			harness_failures++;                                                \
			fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__,   \
				__LINE__, #a, va_, vb_);                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                                    \
	do {                                                                               \
		const char *sa_ = (a), *sb_ = (b);                                         \
		harness_checks++;                                                          \
		if (!sa_ || strcmp(sa_, sb_) != 0) {                                       \
			harness_failures++;                                                \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #a, sa_ ? sa_ : "(null)", sb_);                  \
		}                                                                          \
	} while (0)

#define TEST_MAIN(...)                                                                     \
	int main(void)                                                                     \
	{                                                                                  \
		void (*tests_[])(void) = {__VA_ARGS__};                                    \
		for (size_t i_ = 0; i_ < sizeof(tests_) / sizeof(tests_[0]); i_++)         \
			tests_[i_]();                                                      \
		printf("%d checks, %d failed\n", harness_checks, harness_failures);       \
		return harness_failures ? 1 : 0;                                           \
	}

#endif
