/* SPDX-License-Identifier: MIT */
/* The diff renderers: text, Markdown, HTML (both trees) and JSON (iommuscope.diff/1). */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "iommuscope/diff.h"
#include "iommuscope/render.h"
#include "render_private.h"

static const char *const section[] = {
	[ISC_CH_HOST] = "Host",
	[ISC_CH_CMDLINE] = "Kernel command line",
	[ISC_CH_GROUPS] = "IOMMU groups",
	[ISC_CH_DEVICE] = "Devices",
	[ISC_CH_TARGET] = "Passthrough targets",
	[ISC_CH_VM] = "VM configurations",
	[ISC_CH_FINDING] = "Findings",
};

void diff_body_text(FILE *out, const struct isc_diff *d)
{
	for (int k = 0; k < _ISC_CH_MAX; k++) {
		int first = 1;

		for (size_t i = 0; i < d->n; i++) {
			if ((int)d->v[i].kind != k)
				continue;
			if (first)
				fprintf(out, "\n%s:\n", section[k]);
			first = 0;
			fprintf(out, "  - %s\n", d->v[i].text);
		}
	}
	if (d->n_not_compared)
		fputs("\nNot compared (only one side has the fact):\n", out);
	for (size_t i = 0; i < d->n_not_compared; i++)
		fprintf(out, "  - %s\n", d->not_compared[i]);
}

void diff_body_md(FILE *out, const struct isc_diff *d, const char *heading)
{
	for (int k = 0; k < _ISC_CH_MAX; k++) {
		int first = 1;

		for (size_t i = 0; i < d->n; i++) {
			if ((int)d->v[i].kind != k)
				continue;
			if (first)
				fprintf(out, "%s %s\n\n", heading, section[k]);
			first = 0;
			fputs("- ", out);
			md_text(out, d->v[i].text, 0);
			fputc('\n', out);
		}
		if (!first)
			fputc('\n', out);
	}
	if (d->n_not_compared)
		fprintf(out, "%s Not compared (only one side has the fact)\n\n", heading);
	for (size_t i = 0; i < d->n_not_compared; i++) {
		fputs("- ", out);
		md_text(out, d->not_compared[i], 0);
		fputc('\n', out);
	}
	if (d->n_not_compared)
		fputc('\n', out);
}

static const char *label(const struct isc_report *r)
{
	return r->model->host.hostname ? r->model->host.hostname : r->model->source;
}

/* A paste's listing: " lines 1 to 52"; "" for anything else. */
static const char *lines_of(const struct isc_model *m, char *buf, size_t size)
{
	buf[0] = '\0';
	if (m->n_listings > 1)
		snprintf(buf, size, " lines %u to %u", m->listing_first_line, m->listing_last_line);
	return buf;
}

int isc_render_diff_text(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out)
{
	char la[48], lb[48];

	fprintf(out, "%s\n", d->headline);
	fprintf(out, "before: %s%s (%s), after: %s%s (%s)\n", a->model->source,
		lines_of(a->model, la, sizeof(la)),
		a->model->host.collected_at ? a->model->host.collected_at : "time unknown",
		b->model->source, lines_of(b->model, lb, sizeof(lb)),
		b->model->host.collected_at ? b->model->host.collected_at : "time unknown");
	diff_body_text(out, d);
	return ferror(out) ? -EIO : 0;
}

int isc_render_diff_md(const struct isc_diff *d, const struct isc_report *a,
		       const struct isc_report *b, FILE *out)
{
	char la[48], lb[48];

	fputs("# iommuscope diff: ", out);
	md_text(out, label(b), 0);
	fputs("\n\n**", out);
	md_text(out, d->headline, 0);
	fputs("**\n\n| | Before | After |\n|---|---|---|\n| Snapshot | ", out);
	md_text(out, a->model->source, 1);
	fputs(lines_of(a->model, la, sizeof(la)), out);
	fputs(" | ", out);
	md_text(out, b->model->source, 1);
	fputs(lines_of(b->model, lb, sizeof(lb)), out);
	fputs(" |\n| Collected | ", out);
	md_text(out, a->model->host.collected_at ? a->model->host.collected_at : "unknown", 1);
	fputs(" | ", out);
	md_text(out, b->model->host.collected_at ? b->model->host.collected_at : "unknown", 1);
	fputs(" |\n\n", out);
	diff_body_md(out, d, "##");
	return ferror(out) ? -EIO : 0;
}

struct diff_args {
	const struct isc_diff *d;
	const struct isc_report *a, *b;
};

static int diff_md(const void *arg, FILE *out)
{
	const struct diff_args *x = arg;

	return isc_render_diff_md(x->d, x->a, x->b, out);
}

int isc_render_diff_html(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, const char *template_dir, FILE *out)
{
	const struct isc_report *trees[2] = {a, b};
	struct diff_args x = {d, a, b};
	char *title = NULL;
	int r;

	if (asprintf(&title, "iommuscope diff: %s", label(b)) < 0)
		return -ENOMEM;
	r = isc_render_md_page(title, diff_md, &x, trees, 2, template_dir, out);
	free(title);
	return r;
}

json_t *diff_changes_json(const struct isc_diff *d)
{
	json_t *changes = json_array();

	for (size_t i = 0; i < d->n; i++)
		json_array_append_new(changes,
				      json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "kind",
						isc_change_kind_name(d->v[i].kind), "what", d->v[i].what,
						"subject", jstr(d->v[i].subject), "before",
						str_or_null(d->v[i].before), "after",
						str_or_null(d->v[i].after), "text", jstr(d->v[i].text)));
	return changes;
}

static json_t *side(const struct isc_report *r)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "source", jstr(r->model->source), "host",
			 str_or_null(r->model->host.hostname), "collected_at",
			 str_or_null(r->model->host.collected_at), "kernel",
			 str_or_null(r->model->host.kernel));
}

int isc_render_diff_json(const struct isc_diff *d, const struct isc_report *a,
			 const struct isc_report *b, FILE *out)
{
	json_t *root = json_object();
	int r;

	json_object_set_new(root, "schema", jstr("iommuscope.diff/1"));
	json_object_set_new(root, "before", side(a));
	json_object_set_new(root, "after", side(b));
	json_object_set_new(root, "changed", json_boolean(d->n > 0));
	json_object_set_new(root, "headline", jstr(d->headline));
	json_object_set_new(root, "changes", diff_changes_json(d));
	{
		json_t *nc = json_array();

		for (size_t i = 0; i < d->n_not_compared; i++)
			json_array_append_new(nc, jstr(d->not_compared[i]));
		json_object_set_new(root, "not_compared", nc);
	}
	r = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0 ? -EIO : 0;
	fputc('\n', out);
	json_decref(root);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}
