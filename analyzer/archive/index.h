/* SPDX-License-Identifier: MIT */
/*
 * The in-memory index of an archive's entries: sorted paths, front-coded
 * (each path stored as the part that differs from the previous one, with a
 * whole path every INDEX_RESTART entries to search on), and the entries'
 * bytes in one arena. A 16k-function snapshot (half a million entries) fits
 * in a few tens of megabytes this way.
 *
 * Entries may be added in any order. Sorted input (what the collector
 * writes) is indexed as it streams in; the first entry out of order turns
 * the index into a plain list that index_finish() sorts and compacts.
 * Duplicate paths: the last one added wins, as when tar extracts.
 */
#ifndef ISC_INDEX_H
#define ISC_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "iommuscope/error.h"

enum { T_FILE, T_LINK, T_DIR };

struct index_entry {
	uint32_t name;   /* offset in names: the path's suffix after "shared" bytes */
	uint32_t data;   /* offset in data: file bytes (without trailing zeros) or link target */
	uint32_t len;    /* file: logical size */
	uint32_t stored; /* bytes at data */
	uint32_t mtime;  /* seconds since the epoch (unsigned: good until 2106) */
	uint16_t shared; /* bytes shared with the previous entry's path */
	uint8_t type;
};

struct arena {
	char *buf;
	size_t len, cap;
};

struct loose; /* an entry with its whole path, before sorting */

struct index {
	struct index_entry *v;
	size_t n, cap;
	struct arena names, data;
	char last[4096];     /* the last path added, in sorted mode */
	struct loose *loose; /* unsorted mode */
	size_t nloose, loose_cap;
	size_t loose_bytes;  /* the loose paths' bytes, NULs included */
	char prefix[512];    /* a common top directory, stripped from every path */
	size_t prefix_len;
	/* TOP/manifest.json when it came after the sorted entries (the collector
	 * writes it last, when its counts are known): kept aside, not a reason
	 * to give up the sorted index. */
	char *late_path;
	struct index_entry late;
};

/* What an entry holds; data points into the index (borrowed). */
struct index_view {
	const char *data;
	size_t len, stored;
	int64_t mtime;
	int type;
};

void index_init(struct index *x);
void index_free(struct index *x);

/* Reserve @len bytes of data to read into; returns a pointer valid until the next call. */
char *index_data_reserve(struct index *x, size_t len, uint32_t *ret_off);
/* Bytes held: data, names (front-coded or loose). */
size_t index_kept_bytes(const struct index *x);
/* Add an entry whose @stored bytes are at data offset @off. 0 or -ENOMEM. */
int index_add(struct index *x, const char *path, int type, uint32_t off, size_t stored,
	      size_t len, int64_t mtime);
/*
 * Sort (if needed), drop earlier duplicates with a diagnostic each, and
 * strip a top directory shared by every entry unless it is a host root
 * (sys, proc, etc, …). 0 or -ENOMEM.
 */
int index_finish(struct index *x, struct isc_diags *diags, const char *source);

/*
 * The entry at root-relative @path: 0; -EISDIR when there is none but
 * entries lie below it (a directory the archive did not list); -ENOENT.
 */
int index_lookup(const struct index *x, const char *path, struct index_view *ret);
/*
 * The direct children of @dir, sorted, each once (directories may be
 * implicit): *ret_names returns new (free each and the array).
 */
int index_children(const struct index *x, const char *dir, char ***ret_names, size_t *ret_n);

#endif
