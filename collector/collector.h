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

struct collector {
	struct hostfs fs;
	struct snapshot_out snap;
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

/* Capture everything in the table. Only fails on out-of-memory. */
int collect_all(struct collector *c);

/* Build the manifest (returns new reference). */
json_t *collector_manifest(const struct collector *c, const char *collected_at);

#endif
