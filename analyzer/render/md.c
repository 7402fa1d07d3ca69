/* SPDX-License-Identifier: MIT */
/*
 * The Markdown report (GFM tables), for tickets on GitHub, GitLab or Jira,
 * and the input of the HTML report. Every host-derived string goes through
 * md_text() or md_code(): a device name with |, *, backticks or <script>
 * stays text and cannot break a table or inject markup. Rule-authored text
 * (titles, fixes) is our own Markdown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "iommuscope/render.h"
#include "render_private.h"

/*
 * Escape what Markdown or raw HTML would interpret in running text:
 * emphasis, code, links and images, raw HTML and entities, table cells,
 * strikethrough, math; the autolinks of GFM (a scheme's "://", "www.", an
 * e-mail's '@', which only a code span stops); and, outside a table cell (@in_table), at its start what
 * would begin a block (a list, a setext underline). '|' is escaped
 * everywhere. Line breaks become spaces, so the text stays on its line.
 */
void md_text(FILE *out, const char *s, int in_table)
{
	const char *start = s;

	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			fputc(' ', out);
		else if (*s == '@')
			fputs("`@`", out); /* GFM links a@b.c as e-mail, escaped or not */
		else if (strchr("\\`*_[]<>#!|~&$", *s) ||
			 (*s == ':' && s[1] == '/' && s[2] == '/') ||
			 (*s == '.' && s - start >= 3 && !strncasecmp(s - 3, "www", 3)) ||
			 (!in_table && s == start && strchr("-+=", *s)))
			fprintf(out, "\\%c", *s);
		else if (!in_table && (*s == '.' || *s == ')') && s > start &&
			 strspn(start, "0123456789") == (size_t)(s - start))
			fprintf(out, "\\%c", *s); /* "1." would start an ordered list */
		else
			fputc(*s, out);
	}
}

/* A code span whose fence is longer than any backtick run inside it (isc_md_code). */
void md_code(FILE *out, const char *s, int in_table)
{
	char *code = isc_md_code(s, ISC_MD_PAD | (in_table ? ISC_MD_TABLE : 0));

	fputs(code ? code : "` `", out);
	free(code);
}

static const char *tri_word(enum isc_tri t, const char *yes, const char *no)
{
	return t == ISC_YES ? yes : t == ISC_NO ? no : "unknown";
}

static void device_label(FILE *out, const struct isc_device *d)
{
	md_text(out, d->address, 1);
	fputc(' ', out);
	md_text(out, d->name ? d->name : "device", 1);
}

static void targets_table(FILE *out, const struct isc_report *r)
{
	const struct isc_model *m = r->model;

	fputs("## Targets\n\n", out);
	if (!r->n_targets) {
		fputs("No VM configuration passes a device and no `--device` was given: every "
		      "group is judged below.\n\n", out);
		return;
	}
	fputs("| Device | Group | Passthrough | Goes with it | Blocked by | Reset |\n"
	      "|---|---|---|---|---|---|\n", out);
	for (size_t t = 0; t < r->n_targets; t++) {
		const struct isc_device *d = isc_model_find(m, r->targets[t]);
		const struct isc_verdict *v = r->verdicts ? &r->verdicts[t] : NULL;
		int first = 1;

		if (!d || !v)
			continue;
		fputs("| ", out);
		device_label(out, d);
		fprintf(out, " | %s", v->group >= 0 ? "" : "none");
		if (v->group >= 0)
			fprintf(out, "%d", v->group);
		fprintf(out, " | %s", v->viable == ISC_YES ? "yes" : v->viable == ISC_NO ? "no" : "unknown");
		if (v->reason) {
			fputs(" (", out);
			md_text(out, v->reason, 1);
			fputs(")", out);
		}
		fputs(" | ", out);
		for (size_t i = 0; i < v->n_with; i++) {
			if (v->with[i].blocks)
				continue;
			fputs(first ? "" : ", ", out);
			md_text(out, v->with[i].address + 5, 1);
			first = 0;
		}
		fputs(" | ", out);
		first = 1;
		for (size_t i = 0; i < v->n_with; i++) {
			if (!v->with[i].blocks)
				continue;
			fputs(first ? "" : ", ", out);
			md_text(out, v->with[i].address + 5, 1);
			fputs(" ", out);
			md_code(out, v->with[i].driver ? v->with[i].driver : "no driver", 1);
			if (v->with[i].critical) {
				fputs(" (host ", out);
				md_text(out, v->with[i].critical, 1);
				fputs(")", out);
			}
			first = 0;
		}
		fputs(" | ", out);
		md_text(out, d->reset_methods ? d->reset_methods
					      : d->flr == ISC_YES ? "flr" : "unknown", 1);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

static void finding_md(FILE *out, const struct isc_finding *f)
{
	/* Titles, summaries and fixes are the rules' own Markdown. */
	fprintf(out, "#### `%s`: %s\n\n%s\n\n", f->id, f->title, f->summary ? f->summary : "");
	for (size_t k = 0; k < f->n_evidence; k++) {
		fputs("- Evidence: ", out);
		md_code(out, f->evidence[k].path, 0);
		if (f->evidence[k].lineno)
			fprintf(out, " line %u", f->evidence[k].lineno);
		if (f->evidence[k].line) {
			fputs(": ", out);
			md_code(out, f->evidence[k].line, 0);
		}
		fputc('\n', out);
	}
	if (f->n_evidence)
		fputc('\n', out);
	if (f->fix)
		fprintf(out, "**Fix.** %s\n", f->fix);
}

static void groups_table(FILE *out, const struct isc_model *m)
{
	fputs("## IOMMU groups\n\n", out);
	if (!m->n_groups) {
		fputs("None: the IOMMU is off or not in use.\n\n", out);
		return;
	}
	for (size_t g = 0, row = 0; g < m->n_groups; g++)
		for (size_t i = 0; i < m->groups[g].n; i++, row++) {
			const struct isc_device *d = m->groups[g].devices[i];

			/* a new table every MD_TABLE_ROWS rows: the HTML renderer cuts there */
			if (row % MD_TABLE_ROWS == 0)
				fprintf(out, "%s| Group | Device | Class | Name | IDs | Driver |\n"
					     "|---|---|---|---|---|---|\n", row ? "\n" : "");
			fprintf(out, "| %d | ", m->groups[g].id);
			md_text(out, d->address, 1);
			fputs(" | ", out);
			md_text(out, d->class_name ? d->class_name : "", 1);
			fputs(" | ", out);
			md_text(out, d->name ? d->name : "", 1);
			fputs(" | ", out);
			if (d->vendor >= 0 && d->device >= 0)
				fprintf(out, "%04x:%04x", (unsigned)d->vendor, (unsigned)d->device);
			fputs(" | ", out);
			md_text(out, d->driver ? d->driver : "", 1);
			fputs(" |\n", out);
		}
	fputc('\n', out);
}

const char *render_status(const struct isc_report *r, int *worst)
{
	static const char *const words[] = {[ISC_SEV_INFO] = "PASS", [ISC_SEV_WARNING] = "WARN",
					    [ISC_SEV_ERROR] = "FAIL"};
	int w = isc_report_worst(r);

	if (w < ISC_SEV_INFO)
		w = ISC_SEV_INFO;
	if (worst)
		*worst = w;
	return words[w];
}

void render_counts(FILE *out, const struct isc_report *r)
{
	size_t count[_ISC_SEV_MAX] = {0};

	for (size_t i = 0; i < r->n_findings; i++)
		count[r->findings[i].severity]++;
	fprintf(out, "%zu error%s, %zu warning%s, %zu note%s", count[ISC_SEV_ERROR],
		count[ISC_SEV_ERROR] == 1 ? "" : "s", count[ISC_SEV_WARNING],
		count[ISC_SEV_WARNING] == 1 ? "" : "s", count[ISC_SEV_INFO],
		count[ISC_SEV_INFO] == 1 ? "" : "s");
}

void md_report_part(FILE *out, const struct isc_report *r, enum md_part part)
{
	const struct isc_model *m = r->model;
	static const char *const heads[] = {[ISC_SEV_ERROR] = "Errors",
					    [ISC_SEV_WARNING] = "Warnings",
					    [ISC_SEV_INFO] = "Notes"};
	int sev = part == MD_ERRORS ? ISC_SEV_ERROR : part == MD_WARNINGS ? ISC_SEV_WARNING
								    : ISC_SEV_INFO;

	switch (part) {
	case MD_TITLE:
		fputs("# iommuscope report: ", out);
		md_text(out, m->host.hostname ? m->host.hostname : m->source, 0);
		fputs("\n\n", out);
		break;
	case MD_VERDICT:
		fprintf(out, "**%s**: ", render_status(r, NULL));
		render_counts(out, r);
		fputs("\n\n", out);
		break;
	case MD_HOST:
		fputs("| Host | |\n|---|---|\n| Kernel | ", out);
		md_text(out, m->host.kernel ? m->host.kernel : "unknown", 1);
		fprintf(out, " |\n| IOMMU | %s", tri_word(m->host.iommu_on, "on", "off"));
		if (m->host.iommu_vendor)
			fprintf(out, " (%s)", m->host.iommu_vendor);
		fprintf(out, ", %zu groups%s |\n| Interrupt remapping | %s |\n| Bootloader | %s |\n",
			m->n_groups,
			m->facts && m->facts->sosreport && m->n_groups
				? " (predicted by simulation: a sosreport lists none)" : "",
			tri_word(r->irq_remapping, "on", "off"),
			r->bootloader ? r->bootloader : "unknown");
		if (m->host.collected_at) {
			fputs("| Collected | ", out);
			md_text(out, m->host.collected_at, 1);
			fputs(" |\n", out);
		}
		fputc('\n', out);
		break;
	case MD_TARGETS:
		targets_table(out, r);
		break;
	case MD_FINDINGS:
		fputs("## Findings\n\n", out);
		if (!r->n_findings)
			fputs("None.\n\n", out);
		break;
	case MD_ERRORS:
	case MD_WARNINGS:
	case MD_NOTES: {
		int head = 0;

		for (size_t i = 0; i < r->n_findings; i++)
			if ((int)r->findings[i].severity == sev) {
				if (!head++)
					fprintf(out, "### %s\n\n", heads[sev]);
				finding_md(out, &r->findings[i]);
				fputc('\n', out);
			}
		break;
	}
	case MD_GROUPS:
		groups_table(out, m);
		break;
	case MD_NOT_COLLECTED:
		if (!r->n_not_collected)
			break;
		fputs("## Not collected\n\n", out);
		for (size_t i = 0; i < r->n_not_collected; i++) {
			fputs("- ", out);
			md_text(out, r->not_collected[i], 0);
			fputc('\n', out);
		}
		fputc('\n', out);
		break;
	case _MD_PART_MAX:
		break;
	}
}

int isc_render_md(const struct isc_report *r, FILE *out)
{
	for (int part = 0; part < _MD_PART_MAX; part++)
		md_report_part(out, r, (enum md_part)part);
	return ferror(out) ? -EIO : 0;
}
