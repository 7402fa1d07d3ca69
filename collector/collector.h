/* SPDX-License-Identifier: MIT */
/*
 * The collector's state for one run: the host tree being read, the snapshot
 * being built and the manifest records describing what was and was not
 * captured. capture.c fills it from its table; main.c writes it out.
 */
#ifndef ISC_COLLECTOR_H
#define ISC_COLLECTOR_H

#include <jansson.h>
#include <stddef.h>

#include "archive_out.h"
#include "hostfs.h"

struct capture_dirs;

struct collector {
	struct hostfs fs;
	struct snapshot_out snap;  /* open before collect_all: entries are written as read */
	struct capture_dirs *dirs; /* capture.c's, during collect_all */
	size_t last_len;           /* bytes of the last file written */
	json_t *items; /* manifest "items" array (owned) */

	int live;            /* reading "/" (commands run) rather than --root */
	unsigned timeout_ms; /* per command */
	const char *host;    /* real host name */
	const char *alias;   /* its pseudonym with --anonymize, else NULL */
	char kernel[256];    /* release, from uname or the tree */

	/* Summary figures for the manifest. */
	size_t pci_functions;
	size_t iommu_groups;
	size_t config_sizes[4]; /* 4096, 256, 64, other */
};

/* Capture everything in the table, writing it to c->snap. Fails only on
 * out-of-memory or when the snapshot cannot be written (c->snap.err). */
int collect_all(struct collector *c);

/* Build the manifest (returns new reference). */
json_t *collector_manifest(const struct collector *c, const char *collected_at);

#endif
