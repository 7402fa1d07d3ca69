/* SPDX-License-Identifier: MIT */
/*
 * Many snapshots, one table: every snapshot is analysed in a child process
 * of its own (at most @jobs at a time), so a broken or hostile one fails in
 * its own row and never stops the rest. Each child sends back one JSON
 * object (schema iommuscope.fleet-host/1, docs/fleet-schema.json); the
 * parent reads it into a typed row (struct isc_fleet_host) and keeps the
 * rows in input order; only the JSON renderers write JSON again.
 */
#ifndef ISC_FLEET_H
#define ISC_FLEET_H

#include <stddef.h>

#include "facts.h"

struct isc_fleet_options {
	int jobs;         /* children at a time; <= 0: the number of online CPUs */
	int with_reports; /* also carry each host's full report (for JSON Lines) */
};

/* One host's row: what the fleet tables show. Strings are NULL when unknown. */
struct isc_fleet_target {
	char *address; /* "dddd:bb:dd.f" */
	char *verdict; /* "can be passed through", or why not; NULL unknown */
};

struct isc_fleet_host {
	char *file;  /* the snapshot as named: the directory given, then the file */
	char *error; /* NULL when analysed; else why not, and nothing below is set */
	char *host, *kernel, *cmdline, *iommu_vendor;
	enum isc_tri iommu, interrupt_remapping;
	char *acs_override; /* the override in effect */
	char *board, *bios;
	size_t groups, largest_group;
	char *layout; /* group sizes, largest first, runs folded: "8,3,2x2,1x17" */
	struct isc_fleet_target *targets;
	size_t n_targets;
	size_t errors, warnings, infos;
	char **findings; /* rule ids, once each, in report order */
	size_t n_findings;
	int ready;    /* IOMMU on and no error */
	char *report; /* the full report (JSON, iommuscope.report/1) when asked, else NULL */
};

struct isc_fleet {
	struct isc_fleet_host *hosts; /* one per snapshot, in input order */
	size_t n;
};

/*
 * Analyse @paths (snapshots, or directories whose *.tar.gz, *.tgz and *.txt
 * files are taken in name order). Returns 0 and *ret, or -ENOMEM; a
 * snapshot that cannot be analysed is a row with "error", never a failure.
 */
int isc_fleet_run(char *const *paths, size_t n_paths, const struct isc_fleet_options *o,
		  struct isc_fleet **ret);
void isc_fleet_free(struct isc_fleet *f);

#endif
