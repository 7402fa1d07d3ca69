/* SPDX-License-Identifier: MIT */
/*
 * The one table from (object, format) to renderer, behind the entries of
 * render.h: the CLI parses --format once (isc_format_parse), asks this
 * table whether the command's object has that format, and renders through
 * one entry per object. The renderers themselves live beside this file,
 * one per object and format; this file only routes.
 */
#include <errno.h>
#include <string.h>

#include "iommuscope/fleet.h"
#include "iommuscope/render.h"
#include "render_private.h"

static const char *const format_names[_ISC_FORMAT_MAX] = {
    [ISC_FORMAT_TEXT] = "text", [ISC_FORMAT_MD] = "md",	  [ISC_FORMAT_HTML] = "html",
    [ISC_FORMAT_JSON] = "json", [ISC_FORMAT_CSV] = "csv", [ISC_FORMAT_JSONL] = "jsonl",
};

int isc_format_parse(const char *name)
{
	for (int f = 0; f < _ISC_FORMAT_MAX; f++)
		if (name && !strcmp(name, format_names[f]))
			return f;
	return -EINVAL;
}

const char *isc_format_name(enum isc_format f)
{
	return (unsigned)f < _ISC_FORMAT_MAX ? format_names[f] : "?";
}

/* Whatever an object is made of; each renderer reads its own fields. */
struct input {
	const struct isc_model *model;
	const struct isc_report *report, *after; /* a diff: before and after */
	const struct isc_diff *diff;
	const struct isc_whatif *whatif;
	const struct isc_fleet *fleet;
};

typedef int render_fn(const struct input *in, const struct isc_render_options *o, FILE *out);

static int groups_text(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return isc_render_groups_text(in->model, o, out);
}

static int groups_json(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_groups_json(in->model, out);
}

static int report_text(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return isc_render_report_text(in->report, o, out);
}

static int report_md(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_md(in->report, out);
}

static int report_html(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return isc_render_html(in->report, o->template_dir, out);
}

static int report_json(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_json(in->report->model, in->report, out);
}

static int diff_text(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_diff_text(in->diff, in->report, in->after, out);
}

static int diff_md(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_diff_md(in->diff, in->report, in->after, out);
}

static int diff_html(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return isc_render_diff_html(in->diff, in->report, in->after, o->template_dir, out);
}

static int diff_json(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_diff_json(in->diff, in->report, in->after, out);
}

static int whatif_text(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_whatif_text(in->whatif, out);
}

static int whatif_md(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_whatif_md(in->whatif, out);
}

static int whatif_html(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return isc_render_whatif_html(in->whatif, o->template_dir, out);
}

static int whatif_json(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return isc_render_whatif_json(in->whatif, out);
}

static int fleet_text_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return fleet_text(in->fleet, out);
}

static int fleet_md_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return fleet_md(in->fleet, out);
}

static int fleet_html_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	return fleet_html(in->fleet, o->template_dir, out);
}

static int fleet_json_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return fleet_json(in->fleet, out, 0);
}

static int fleet_jsonl_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return fleet_json(in->fleet, out, 1);
}

static int fleet_csv_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)o;
	return fleet_csv(in->fleet, out);
}

static int rules_text_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)in, (void)o;
	return rules_text(out);
}

static int rules_md_(const struct input *in, const struct isc_render_options *o, FILE *out)
{
	(void)in, (void)o;
	return rules_md(out);
}

/* The table: an empty cell is a format the object does not have. */
static render_fn *const renderers[_ISC_OBJECT_MAX][_ISC_FORMAT_MAX] = {
    [ISC_OBJECT_GROUPS] = {[ISC_FORMAT_TEXT] = groups_text, [ISC_FORMAT_JSON] = groups_json},
    [ISC_OBJECT_REPORT] = {[ISC_FORMAT_TEXT] = report_text,
			   [ISC_FORMAT_MD] = report_md,
			   [ISC_FORMAT_HTML] = report_html,
			   [ISC_FORMAT_JSON] = report_json},
    [ISC_OBJECT_DIFF] = {[ISC_FORMAT_TEXT] = diff_text,
			 [ISC_FORMAT_MD] = diff_md,
			 [ISC_FORMAT_HTML] = diff_html,
			 [ISC_FORMAT_JSON] = diff_json},
    [ISC_OBJECT_WHATIF] = {[ISC_FORMAT_TEXT] = whatif_text,
			   [ISC_FORMAT_MD] = whatif_md,
			   [ISC_FORMAT_HTML] = whatif_html,
			   [ISC_FORMAT_JSON] = whatif_json},
    [ISC_OBJECT_FLEET] = {[ISC_FORMAT_TEXT] = fleet_text_,
			  [ISC_FORMAT_MD] = fleet_md_,
			  [ISC_FORMAT_HTML] = fleet_html_,
			  [ISC_FORMAT_JSON] = fleet_json_,
			  [ISC_FORMAT_CSV] = fleet_csv_,
			  [ISC_FORMAT_JSONL] = fleet_jsonl_},
    [ISC_OBJECT_RULES] = {[ISC_FORMAT_TEXT] = rules_text_, [ISC_FORMAT_MD] = rules_md_},
};

int isc_render_supports(enum isc_object obj, enum isc_format f)
{
	return (unsigned)obj < _ISC_OBJECT_MAX && (unsigned)f < _ISC_FORMAT_MAX &&
	       renderers[obj][f] != NULL;
}

static int render(enum isc_object obj, const struct input *in, enum isc_format f,
		  const struct isc_render_options *o, FILE *out)
{
	static const struct isc_render_options none = {0};
	int r;

	if (!isc_render_supports(obj, f))
		return -EOPNOTSUPP;
	r = renderers[obj][f](in, o ? o : &none, out);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}

int isc_render_groups(const struct isc_model *m, enum isc_format f,
		      const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_GROUPS, &(struct input){.model = m}, f, o, out);
}

int isc_render_report(const struct isc_report *r, enum isc_format f,
		      const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_REPORT, &(struct input){.model = r->model, .report = r}, f, o,
		      out);
}

int isc_render_diff(const struct isc_diff *d, const struct isc_report *a,
		    const struct isc_report *b, enum isc_format f,
		    const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_DIFF, &(struct input){.diff = d, .report = a, .after = b}, f, o,
		      out);
}

int isc_render_whatif(const struct isc_whatif *w, enum isc_format f,
		      const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_WHATIF, &(struct input){.whatif = w}, f, o, out);
}

int isc_render_fleet(const struct isc_fleet *fl, enum isc_format f,
		     const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_FLEET, &(struct input){.fleet = fl}, f, o, out);
}

int isc_render_rules(enum isc_format f, const struct isc_render_options *o, FILE *out)
{
	return render(ISC_OBJECT_RULES, &(struct input){0}, f, o, out);
}
