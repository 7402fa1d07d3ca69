/* SPDX-License-Identifier: MIT */
/*
 * `iommuscope report --format text`: a verdict line, the host, the targets,
 * the findings by severity with evidence and fix, then the group listing.
 *
 * Finding summaries and fixes are Markdown (the rules write them once for
 * every format). Here they go through cmark-gfm's parser and come out as
 * plain text: no emphasis markers, no backticks, no fences; a code block
 * (the commands of a fix) is indented four more columns, as commands are
 * in a man page, so what to type stands apart from what to read.
 */
#include <cmark-gfm.h>
#include <errno.h>
#include <string.h>

#include "iommuscope/render.h"
#include "render_private.h"

#define BOLD   "\033[1m"
#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define RESET  "\033[0m"

/* Write @text with every line indented by @indent spaces. */
static void indented(FILE *out, const char *text, int indent)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		fprintf(out, "%*s%.*s\n", indent, "", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* The text of inline @n and its children: code spans as their literal, breaks as breaks. */
static void inlines(FILE *out, cmark_node *n, int indent)
{
	for (; n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			fputs(cmark_node_get_literal(n), out);
			break;
		case CMARK_NODE_SOFTBREAK:
			fputc(' ', out);
			break;
		case CMARK_NODE_LINEBREAK:
			fprintf(out, "\n%*s", indent, "");
			break;
		default: /* emphasis, strong, link, image: their text */
			inlines(out, cmark_node_first_child(n), indent);
		}
	}
}

/* The blocks from @n on as plain text, each line indented by @indent. */
static void blocks(FILE *out, cmark_node *n, int indent)
{
	for (; n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			indented(out, cmark_node_get_literal(n), indent + 4);
			break;
		case CMARK_NODE_LIST:
		case CMARK_NODE_BLOCK_QUOTE:
			blocks(out, cmark_node_first_child(n), indent);
			break;
		case CMARK_NODE_ITEM:
			fprintf(out, "%*s- ", indent, "");
			blocks(out, cmark_node_first_child(n), -(indent + 2));
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			break;
		default: /* paragraph, heading */
			/* a negative indent: the first line's indent is written already */
			fprintf(out, "%*s", indent < 0 ? 0 : indent, "");
			indent = indent < 0 ? -indent : indent;
			inlines(out, cmark_node_first_child(n), indent);
			fputc('\n', out);
		}
		indent = indent < 0 ? -indent : indent;
	}
}

/* Rule-authored Markdown @md as plain text indented by @indent; raw text if it cannot parse. */
static void plain(FILE *out, const char *md, int indent)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);

	if (!doc) {
		indented(out, md, indent);
		return;
	}
	blocks(out, cmark_node_first_child(doc), indent);
	cmark_node_free(doc);
}

int isc_render_report_text(const struct isc_report *r, const struct isc_render_options *o,
			   FILE *out)
{
	const struct isc_model *m = r->model;
	static const char *const colors[] = {[ISC_SEV_INFO] = "", [ISC_SEV_WARNING] = YELLOW,
					     [ISC_SEV_ERROR] = RED};
	const char *status = render_status(r, NULL);

	fprintf(out, "%s%s%s: ", o->color ? BOLD : "", status, o->color ? RESET : "");
	render_counts(out, r);
	fputc('\n', out);
	fprintf(out, "Host: %s, kernel %s, IOMMU %s%s%s, %zu groups%s, bootloader %s\n",
		m->host.hostname ? m->host.hostname : "(unnamed)",
		m->host.kernel ? m->host.kernel : "unknown",
		m->host.iommu_on == ISC_YES ? "on" : m->host.iommu_on == ISC_NO ? "off" : "unknown",
		m->host.iommu_vendor ? " " : "", m->host.iommu_vendor ? m->host.iommu_vendor : "",
		m->n_groups, m->facts && m->facts->sosreport && m->n_groups
				 ? " (predicted by simulation: a sosreport lists none)" : "",
		r->bootloader ? r->bootloader : "unknown");
	fprintf(out, "Targets:");
	for (size_t i = 0; i < r->n_targets; i++)
		fprintf(out, " %s", r->targets[i]);
	fprintf(out, "%s\n", r->n_targets ? "" : " none (no VM passes a device; use --device)");
	for (size_t i = 0; r->verdicts && i < r->n_targets; i++) {
		const struct isc_verdict *v = &r->verdicts[i];
		size_t n_with = 0, n_block = 0;

		fprintf(out, "  %s  viable %s", v->target,
			v->viable == ISC_YES ? "yes" : v->viable == ISC_NO ? "no" : "unknown");
		if (v->group >= 0)
			fprintf(out, " (group %d)", v->group);
		if (v->reason)
			fprintf(out, ": %s", v->reason);
		for (size_t k = 0; k < v->n_with; k++)
			if (!v->with[k].blocks)
				fprintf(out, "%s%s", n_with++ ? ", " : "; goes with ", v->with[k].address);
		for (size_t k = 0; k < v->n_with; k++)
			if (v->with[k].blocks)
				fprintf(out, "%s%s (%s%s%s)", n_block++ ? ", " : "; blocked by ",
					v->with[k].address,
					v->with[k].driver ? v->with[k].driver : "no driver",
					v->with[k].critical ? ": host " : "",
					v->with[k].critical ? v->with[k].critical : "");
		fputc('\n', out);
	}
	fputc('\n', out);

	for (size_t i = 0; i < r->n_findings; i++) {
		const struct isc_finding *f = &r->findings[i];

		fprintf(out, "%s%-7s%s %s: %s\n", o->color ? colors[f->severity] : "",
			isc_severity_name(f->severity), o->color ? RESET : "", f->id, f->title);
		if (f->summary)
			plain(out, f->summary, 8);
		for (size_t k = 0; k < f->n_evidence; k++) {
			const struct isc_evidence *e = &f->evidence[k];
			char at[24] = "";

			if (e->lineno)
				snprintf(at, sizeof(at), ":%u", e->lineno);
			fprintf(out, "        evidence: %s%s%s%s\n", e->path, at, e->line ? ": " : "",
				e->line ? e->line : "");
		}
		if (f->fix) {
			fprintf(out, "        fix:\n");
			plain(out, f->fix, 10);
		}
		fputc('\n', out);
	}
	return isc_render_groups_text(m, o, out);
}
