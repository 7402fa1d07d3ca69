/* SPDX-License-Identifier: MIT */
/*
 * Tar bytes (or pasted text) through the snapshot reader and the parsers
 * only: open, a walk of the whole tree through list, readlink, resolve and
 * read, then the model with its host facts. No rules or renderers, so it
 * runs two to eight times as many inputs a second as the snapshot harness
 * and goes deeper into the archive index, path resolution and the parsers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

#define WALK_MAX_DEPTH	12
#define WALK_MAX_VISITS 4096

static void walk(struct isc_snapshot *s, const char *dir, int depth, size_t *visits)
{
	char **names = NULL;
	size_t n = 0;

	if (depth > WALK_MAX_DEPTH || isc_snapshot_list(s, dir, &names, &n) < 0)
		return;
	for (size_t i = 0; i < n && *visits < WALK_MAX_VISITS; i++, (*visits)++) {
		char path[4096], target[4096], *data = NULL;
		size_t len = 0;
		int64_t mtime;
		int link, w = *dir ? snprintf(path, sizeof(path), "%s/%s", dir, names[i])
				   : snprintf(path, sizeof(path), "%s", names[i]);

		if (w < 0 || (size_t)w >= sizeof(path))
			continue;

		link = isc_snapshot_readlink(s, path, target, sizeof(target)) == 0;
		(void)isc_snapshot_mtime(s, path, &mtime);
		if (isc_snapshot_resolve(s, path, target, sizeof(target)) < 0)
			continue;
		if (isc_snapshot_read(s, path, 4096, &data, &len) == 0)
			free(data);
		else if (!link) /* each entry once: links are read through, not walked */
			walk(s, path, depth + 1, visits);
	}
	isc_snapshot_names_free(names, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_error err = {{0}};
	size_t visits = 0;

	if (isc_snapshot_open_memory(data, size, "fuzz", &s, &err) == 0) {
		walk(s, "", 0, &visits);
		if (isc_model_build(s, fuzz_model_options(), &m, &err) < 0)
			m = NULL;
		if (m && m->n_listings > 1) {
			/* a paste of several hosts: the last one too */
			struct isc_model_options o = *fuzz_model_options();
			struct isc_model *last = NULL;

			o.listing = m->n_listings;
			if (isc_model_build(s, &o, &last, &err) == 0)
				isc_model_free(last);
		}
	}
	isc_model_free(m);
	isc_snapshot_free(s);
	return 0;
}
