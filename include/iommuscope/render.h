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
#include "fleet.h"
#include "model.h"
#include "whatif.h"

/* The output formats, parsed once from --format (isc_format_parse). */
enum isc_format {
	ISC_FORMAT_TEXT,  /* for a terminal; the default everywhere */
	ISC_FORMAT_MD,    /* GFM Markdown, every host-derived string escaped */
	ISC_FORMAT_HTML,  /* the Markdown through cmark-gfm in the page template */
	ISC_FORMAT_JSON,  /* the schemas in docs/ */
	ISC_FORMAT_CSV,   /* RFC 4180 (fleet) */
	ISC_FORMAT_JSONL, /* one JSON object a line (fleet) */
	_ISC_FORMAT_MAX,
};

/* What can be rendered: one entry point each, below. */
enum isc_object {
	ISC_OBJECT_GROUPS, /* the group listing of a model */
	ISC_OBJECT_REPORT, /* the whole analysis */
	ISC_OBJECT_DIFF,   /* two reports and what changed */
	ISC_OBJECT_WHATIF, /* a prediction */
	ISC_OBJECT_FLEET,  /* many hosts (fleet.h) */
	ISC_OBJECT_RULES,  /* the rule table */
	_ISC_OBJECT_MAX,
};

/* The format named @name ("text", "md", ...), or -EINVAL. */
int isc_format_parse(const char *name);
/* The name of @f; borrowed (static). */
const char *isc_format_name(enum isc_format f);
/* Whether @obj has a renderer for @f: 1 or 0 (the one table, render/render.c). */
int isc_render_supports(enum isc_object obj, enum isc_format f);

struct isc_render_options {
	int color;                /* ANSI colour (the CLI decides: only on a terminal) */
	const char *template_dir; /* HTML: report.html and report.css from here; NULL built in */
};

/*
 * One entry per object. Each writes @obj in format @f to @out (a stream the
 * caller owns) and returns 0, -EOPNOTSUPP for a format the object does not
 * have (isc_render_supports), -ENOMEM, or -EIO when writing failed. @o may
 * be NULL (no colour, built-in templates).
 *
 * groups: in numeric order, one device per line (JSON: iommuscope.groups/1).
 * report: verdict, targets, findings with their fixes, the groups (JSON:
 *         iommuscope.report/1, docs/report-schema.json).
 * diff:   @d between @a (before) and @b (after); HTML shows both trees.
 * whatif: the prediction (JSON: iommuscope.whatif/1).
 * rules:  the rule table (Markdown: docs/findings.md).
 */
int isc_render_groups(const struct isc_model *m, enum isc_format f,
		      const struct isc_render_options *o, FILE *out);
int isc_render_report(const struct isc_report *r, enum isc_format f,
		      const struct isc_render_options *o, FILE *out);
int isc_render_diff(const struct isc_diff *d, const struct isc_report *a,
		    const struct isc_report *b, enum isc_format f,
		    const struct isc_render_options *o, FILE *out);
int isc_render_whatif(const struct isc_whatif *w, enum isc_format f,
		      const struct isc_render_options *o, FILE *out);
int isc_render_rules(enum isc_format f, const struct isc_render_options *o, FILE *out);
/*
 * fleet:  the table of many hosts: text, md, html, json (hosts + summary),
 *         csv, jsonl (one host per line).
 */
int isc_render_fleet(const struct isc_fleet *fl, enum isc_format f,
		     const struct isc_render_options *o, FILE *out);
/*
 * A paste that holds several listings is several hosts, rendered one after
 * the other: the heading before each (text and md), or for json the array
 * that holds them ("[" before the first, "," between, "]" after the last
 * with isc_render_listing_end). Nothing for a single host.
 */
int isc_render_listing_heading(const struct isc_model *m, enum isc_format f, FILE *out);
int isc_render_listing_end(const struct isc_model *m, enum isc_format f, FILE *out);

#endif
