/* SPDX-License-Identifier: MIT */
/* Helpers the renderers share. */
#ifndef ISC_RENDER_PRIVATE_H
#define ISC_RENDER_PRIVATE_H

#include <stdio.h>

/* Rows per Markdown table: long tables restart (with their header) so that
 * the HTML renderer can hand cmark-gfm one piece at a time. */
#define MD_TABLE_ROWS 1000

/* Host-derived text as Markdown text: what could start markup is escaped. */
void md_text(FILE *out, const char *s, int in_table);
/* Host-derived text as a Markdown code span (| escaped inside tables). */
void md_code(FILE *out, const char *s, int in_table);

struct isc_report;
struct json_t;

/*
 * The status a report opens on, the same word in every format: FAIL (an
 * error), WARN (a warning) or PASS (notes at most). Returns the word and
 * fills @worst (its severity, for colours and classes) when not NULL.
 */
const char *render_status(const struct isc_report *r, int *worst);
/* "N errors, N warnings, N notes", @r's counts. */
void render_counts(FILE *out, const struct isc_report *r);

/* The parts of the Markdown report, in its order; the HTML page reorders them. */
enum md_part {
	MD_TITLE,
	MD_VERDICT,
	MD_HOST,
	MD_TARGETS,
	MD_FINDINGS, /* the heading */
	MD_ERRORS,
	MD_WARNINGS,
	MD_NOTES,
	MD_GROUPS,
	MD_NOT_COLLECTED,
	_MD_PART_MAX,
};
/* One part of @r's Markdown report (nothing when it has nothing to say). */
void md_report_part(FILE *out, const struct isc_report *r, enum md_part part);

/*
 * A JSON string from host-derived text. jansson refuses invalid UTF-8 (and
 * would silently drop the key); such bytes become U+FFFD. Returns new.
 */
struct json_t *jstr(const char *s);

/*
 * A page of the HTML template around the Markdown that @md writes for @arg
 * (into memory first: the page needs it whole), with the trees of @trees.
 */
int isc_render_md_page(const char *title, int (*md)(const void *arg, FILE *out), const void *arg,
		       const struct isc_report *const *trees, size_t n_trees,
		       const char *template_dir, FILE *out);
/* A page of the HTML template around @md, with the PCI trees of @trees. */
int isc_render_page(const char *title, const char *md, size_t mdlen,
		    const struct isc_report *const *trees, size_t n_trees, const char *template_dir,
		    FILE *out);

/*
 * The renderers behind the entries of render.h, one per object and format;
 * only render.c's table calls them (and the ones that build on another).
 */
struct isc_model;
struct isc_render_options;
struct isc_whatif;
struct isc_fleet;
int isc_render_groups_text(const struct isc_model *m, const struct isc_render_options *o,
			   FILE *out);
int isc_render_groups_json(const struct isc_model *m, FILE *out);
int isc_render_json(const struct isc_model *m, const struct isc_report *r, FILE *out);
int isc_render_md(const struct isc_report *r, FILE *out);
int isc_render_html(const struct isc_report *r, const char *template_dir, FILE *out);
int isc_render_report_text(const struct isc_report *r, const struct isc_render_options *o,
			   FILE *out);
struct isc_diff;
int isc_render_diff_text(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out);
int isc_render_diff_md(const struct isc_diff *d, const struct isc_report *a,
		       const struct isc_report *b, FILE *out);
int isc_render_diff_html(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, const char *template_dir, FILE *out);
int isc_render_diff_json(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out);
int isc_render_whatif_text(const struct isc_whatif *w, FILE *out);
int isc_render_whatif_md(const struct isc_whatif *w, FILE *out);
int isc_render_whatif_html(const struct isc_whatif *w, const char *template_dir, FILE *out);
int isc_render_whatif_json(const struct isc_whatif *w, FILE *out);
int fleet_text(const struct isc_fleet *f, FILE *out);
int fleet_md(const struct isc_fleet *f, FILE *out);
int fleet_html(const struct isc_fleet *f, const char *template_dir, FILE *out);
int fleet_csv(const struct isc_fleet *f, FILE *out);
int fleet_json(const struct isc_fleet *f, FILE *out, int lines);
int rules_text(FILE *out);
int rules_md(FILE *out);

/* The changes of a diff by section: text lines, Markdown under @heading, JSON array. */
void diff_body_text(FILE *out, const struct isc_diff *d);
void diff_body_md(FILE *out, const struct isc_diff *d, const char *heading);
struct json_t *diff_changes_json(const struct isc_diff *d);
/* A JSON string or null. */
struct json_t *str_or_null(const char *s);

#endif
