/* SPDX-License-Identifier: MIT */
/*
 * Many snapshots, one table: every snapshot is analysed in a child process
 * of its own (at most @jobs at a time), so a broken or hostile one fails in
 * its own row and never stops the rest. Each child sends back one JSON
 * object (schema iommuscope.fleet-host/1, docs/fleet-schema.json); the
 * parent keeps them in input order and summarises the fleet.
 */
#ifndef ISC_FLEET_H
#define ISC_FLEET_H

#include <stddef.h>
#include <stdio.h>

#include "render.h"

struct isc_fleet_options {
	int jobs;         /* children at a time; <= 0: the number of online CPUs */
	int with_reports; /* also carry each host's full report (for JSON Lines) */
};

struct isc_fleet {
	struct json_t **hosts; /* one object per snapshot, in input order */
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

/*
 * The fleet's table in format @f: text, md, html, json (hosts + summary),
 * csv, jsonl (one host per line); as the entries of render.h.
 */
int isc_render_fleet(const struct isc_fleet *fl, enum isc_format f,
		     const struct isc_render_options *o, FILE *out);

#endif
