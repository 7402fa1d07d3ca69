/* SPDX-License-Identifier: MIT */
/*
 * Renderers over a model. Each writes to a stream the caller owns and
 * returns 0, -ENOMEM, or -EIO when writing failed; they never print
 * anything else. They stream: the JSON report holds one device's JSON in
 * memory at a time, whatever the size of the host.
 */
#ifndef ISC_RENDER_H
#define ISC_RENDER_H

#include <stdio.h>

#include "diff.h"
#include "findings.h"
#include "model.h"
#include "whatif.h"

struct isc_render_options {
	int color; /* ANSI colour (the CLI decides: only on a terminal) */
};

/* The group listing: groups in numeric order, one device per line. */
int isc_render_groups_text(const struct isc_model *m, const struct isc_render_options *o,
			   FILE *out);
/* The JSON report, schema iommuscope.report/1 (docs/report-schema.json); @r may be NULL. */
int isc_render_json(const struct isc_model *m, const struct isc_report *r, FILE *out);
/* The Markdown report (GFM tables), every host-derived string escaped. */
int isc_render_md(const struct isc_report *r, FILE *out);
/*
 * The HTML report: the Markdown through cmark-gfm (safe mode, table
 * extension) in the report template, with an SVG of the PCI tree. Templates
 * come from @template_dir when not NULL, else from the built-in copies.
 */
int isc_render_html(const struct isc_report *r, const char *template_dir, FILE *out);
/* The text report: verdict, findings with their fixes, then the groups. */
int isc_render_report_text(const struct isc_report *r, const struct isc_render_options *o,
			   FILE *out);
/* The group listing as JSON (the "groups" and "iommu" parts of the report). */
int isc_render_groups_json(const struct isc_model *m, FILE *out);

/* The diff of @a (before) and @b (after): text, Markdown, HTML (both trees), JSON. */
int isc_render_diff_text(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out);
int isc_render_diff_md(const struct isc_diff *d, const struct isc_report *a,
		       const struct isc_report *b, FILE *out);
int isc_render_diff_html(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, const char *template_dir, FILE *out);
int isc_render_diff_json(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out);

/* The whatif prediction: text, Markdown, HTML (both trees), JSON (iommuscope.whatif/1). */
int isc_render_whatif_text(const struct isc_whatif *w, FILE *out);
int isc_render_whatif_md(const struct isc_whatif *w, FILE *out);
int isc_render_whatif_html(const struct isc_whatif *w, const char *template_dir, FILE *out);
int isc_render_whatif_json(const struct isc_whatif *w, FILE *out);

#endif
