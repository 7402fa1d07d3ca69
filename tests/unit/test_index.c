/* SPDX-License-Identifier: MIT */
/*
 * The archive index against a plain sorted list: every lookup of every
 * path, of its prefixes and of near misses must answer as a linear search
 * would. The paths are drawn from an alphabet where '-', '.' and '/' sort
 * next to each other, as they do in sysfs, so front coding and the
 * implicit-directory scan meet their awkward cases.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "archive/index.h"
#include "harness.h"

#define NPATHS 3000

static char paths[NPATHS][64];
static size_t npaths;
static uint32_t seed = 12345;

static unsigned next(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

static void random_path(char *out)
{
	static const char alphabet[] = "-./0a";
	size_t len = 1 + next(12);

	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[next(sizeof(alphabet) - 1)];
	out[len] = '\0';
}

/* A path as the archive reader would keep it: no empty, "." or ".." components. */
static int clean(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/' || p[strlen(p) - 1] == '/' || strstr(p, "//"))
		return 0;
	while (c) {
		size_t n = strcspn(c, "/");

		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c = c[n] ? c + n + 1 : NULL;
	}
	return 1;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* What index_lookup must say, by looking at every path. */
static int expected(const char *key)
{
	size_t klen = strlen(key);
	int below = 0;

	for (size_t i = 0; i < npaths; i++) {
		if (!strcmp(paths[i], key))
			return 0;
		below |= !strncmp(paths[i], key, klen) && (!klen || paths[i][klen] == '/');
	}
	return below ? -EISDIR : -ENOENT;
}

static void test_against_a_list(void)
{
	struct index x;
	char key[80];
	size_t checks = 0, dirs = 0;

	while (npaths < NPATHS) {
		random_path(paths[npaths]);
		if (clean(paths[npaths]))
			npaths++;
	}
	qsort(paths, npaths, sizeof(paths[0]), cmp);
	index_init(&x);
	for (size_t i = 0; i < npaths; i++) {
		uint32_t off;

		if (i && !strcmp(paths[i], paths[i - 1]))
			continue;
		CHECK(index_data_reserve(&x, 1, &off) != NULL);
		CHECK_INT(index_add(&x, paths[i], T_FILE, off, 0, 0, 0), 0);
	}
	CHECK_INT(index_finish(&x, NULL, "test"), 0);
	for (size_t i = 0; i < npaths; i++) {
		size_t len = strlen(paths[i]);

		/* the path, each of its prefixes, and the path with a byte more */
		for (size_t cut = 0; cut <= len + 1; cut++) {
			struct index_view v;
			int want, got;

			memcpy(key, paths[i], len + 1);
			if (cut <= len)
				key[cut] = '\0';
			else
				key[len] = "-./0a"[next(5)], key[len + 1] = '\0';
			want = expected(key);
			got = index_lookup(&x, key, &v);
			if (got != want)
				fprintf(stderr, "  key '%s'\n", key);
			CHECK_INT(got, want);
			dirs += want == -EISDIR;
			checks++;
		}
	}
	CHECK(checks > 10000);
	CHECK(dirs > 100); /* the implicit-directory answer was exercised */
	index_free(&x);
}

static void add(struct index *x, const char *path, int type, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	uint32_t off = 0;
	char *d = index_data_reserve(x, len, &off);

	if (d && len)
		memcpy(d, text, len);
	CHECK_INT(index_add(x, path, type, off, len, len, 0), 0);
}

/* The collector writes its manifest last: the index stays sorted (no loose
 * list), and the manifest is found and listed as if it were in order. */
static void test_manifest_written_last(void)
{
	struct isc_diags diags = {0};
	struct index_view v;
	struct index x;
	char **names;
	size_t n;

	index_init(&x);
	add(&x, "top", T_DIR, NULL);
	add(&x, "top/cmd", T_DIR, NULL);
	add(&x, "top/cmd/dmesg.txt", T_FILE, "log\n");
	add(&x, "top/sys", T_DIR, NULL);
	add(&x, "top/sys/a", T_FILE, "A");
	add(&x, "top/manifest.json", T_FILE, "{}");
	CHECK(x.loose == NULL);
	CHECK_INT(index_finish(&x, &diags, "t"), 0);
	CHECK_INT(index_lookup(&x, "manifest.json", &v), 0);
	CHECK(v.len == 2 && !memcmp(v.data, "{}", 2));
	CHECK_INT(index_lookup(&x, "sys/a", &v), 0);
	CHECK(v.len == 1 && v.data[0] == 'A');
	CHECK_INT(index_children(&x, "", &names, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(names[0], "cmd");
		CHECK_STR(names[1], "manifest.json");
		CHECK_STR(names[2], "sys");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	index_free(&x);

	/* Anything else out of order still sorts the whole list, manifest included. */
	index_init(&x);
	add(&x, "top", T_DIR, NULL);
	add(&x, "top/sys", T_DIR, NULL);
	add(&x, "top/manifest.json", T_FILE, "{}");
	add(&x, "top/cmd", T_DIR, NULL);
	CHECK(x.loose != NULL);
	CHECK_INT(index_finish(&x, &diags, "t"), 0);
	CHECK_INT(index_lookup(&x, "manifest.json", &v), 0);
	CHECK_INT(index_lookup(&x, "cmd", &v), 0);
	index_free(&x);
	isc_diags_free(&diags);
}

TEST_MAIN(test_against_a_list, test_manifest_written_last)
