/* SPDX-License-Identifier: MIT */
/*
 * `iommuscope report --format text`: a verdict line, the host, the targets,
 * the findings by severity with evidence and fix, then the group listing.
 */
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

int isc_render_report_text(const struct isc_report *r, const struct isc_render_options *o,
			   FILE *out)
{
	const struct isc_model *m = r->model;
	size_t count[_ISC_SEV_MAX] = {0};
	static const char *const colors[] = {[ISC_SEV_INFO] = "", [ISC_SEV_WARNING] = YELLOW,
					     [ISC_SEV_ERROR] = RED};

	for (size_t i = 0; i < r->n_findings; i++)
		count[r->findings[i].severity]++;
	fprintf(out, "%s%s%s: %zu error%s, %zu warning%s, %zu note%s\n", o->color ? BOLD : "",
		count[ISC_SEV_ERROR] ? "PROBLEMS" : count[ISC_SEV_WARNING] ? "WARNINGS" : "PASS",
		o->color ? RESET : "", count[ISC_SEV_ERROR], count[ISC_SEV_ERROR] == 1 ? "" : "s",
		count[ISC_SEV_WARNING], count[ISC_SEV_WARNING] == 1 ? "" : "s", count[ISC_SEV_INFO],
		count[ISC_SEV_INFO] == 1 ? "" : "s");
	fprintf(out, "Host: %s, kernel %s, IOMMU %s%s%s, %zu groups, bootloader %s\n",
		m->host.hostname ? m->host.hostname : "(unnamed)",
		m->host.kernel ? m->host.kernel : "unknown",
		m->host.iommu_on == ISC_YES ? "on" : m->host.iommu_on == ISC_NO ? "off" : "unknown",
		m->host.iommu_vendor ? " " : "", m->host.iommu_vendor ? m->host.iommu_vendor : "",
		m->n_groups, r->bootloader ? r->bootloader : "unknown");
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
			indented(out, f->summary, 8);
		for (size_t k = 0; k < f->n_evidence; k++)
			fprintf(out, "        evidence: %s%s%s\n", f->evidence[k].path,
				f->evidence[k].line ? ": " : "",
				f->evidence[k].line ? f->evidence[k].line : "");
		if (f->fix) {
			fprintf(out, "        fix:\n");
			indented(out, f->fix, 10);
		}
		fputc('\n', out);
	}
	return isc_render_groups_text(m, o, out);
}
