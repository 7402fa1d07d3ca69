/* SPDX-License-Identifier: MIT */
/*
 * Without libFuzzer: run every file named on the command line, or found in
 * a directory named there, through the harness once. Exit 0 when all ran;
 * a crash or a sanitizer report is the failure, as under libFuzzer.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (64u << 20)

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	buf = malloc(REPLAY_MAX_INPUT);
	n = buf ? fread(buf, 1, REPLAY_MAX_INPUT, f) : 0;
	fclose(f);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	size_t ran = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;

		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) < 0)
				return 1;
			ran++;
			continue;
		}
		if (!(d = opendir(argv[i]))) {
			perror(argv[i]);
			return 1;
		}
		while ((e = readdir(d)) != NULL) {
			char **v;

			if (e->d_name[0] == '.')
				continue;
			v = realloc(names, (n + 1) * sizeof(*v));
			if (!v)
				return 1;
			names = v;
			if (asprintf(&names[n++], "%s/%s", argv[i], e->d_name) < 0)
				return 1;
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), cmp); /* the same order on every machine */
		for (size_t k = 0; k < n; k++) {
			if (run_file(names[k]) < 0)
				return 1;
			ran++;
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %zu inputs\n", ran);
	return ran ? 0 : 1;
}
