/* SPDX-License-Identifier: MIT */
/*
 * The whatif renderers: what was asked, whether the simulator reproduces
 * the snapshot's own groups, the targets' verdicts before and after, the
 * override's cost, the predicted groups with their reasons, then the diff.
 * Text, Markdown, HTML (the Markdown, with both trees) and JSON
 * (iommuscope.whatif/1, docs/whatif-schema.json).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "iommuscope/render.h"
#include "iommuscope/whatif.h"
#include "render_private.h"

static const char *check_status(const struct isc_whatif *w)
{
	if (w->before->model->host.iommu_on != ISC_YES)
		return "no-groups";
	if (w->before->sim_mismatch < 0)
		return "unchecked";
	return w->before->sim_mismatch ? "mismatch" : "match";
}

/* One sentence on how far the prediction can be trusted. */
static char *check_text(const struct isc_whatif *w)
{
	const char *st = check_status(w);
	char *s = NULL;
	int r;

	if (!strcmp(st, "no-groups"))
		r = asprintf(&s, "The snapshot has no IOMMU groups to check the simulation against; "
				 "the prediction follows the kernel's rules.");
	else if (!strcmp(st, "unchecked"))
		r = asprintf(&s, "The snapshot lacks facts (config space read without root): the "
				 "simulation could not be checked against its groups.");
	else if (!strcmp(st, "match"))
		r = asprintf(&s, "The simulation of the running kernel reproduces all %zu groups of "
				 "the snapshot.", w->before->model->n_groups);
	else
		r = asprintf(&s, "The simulation of the running kernel differs from the snapshot for "
				 "%ld devices (sim.mismatch): predictions that involve them are not "
				 "trustworthy.", w->before->sim_mismatch);
	return r < 0 ? NULL : s;
}

static const char *addr(const char *a)
{
	return strncmp(a, "0000:", 5) ? a : a + 5;
}

/* Groups of several devices in the prediction, in label order. */
static int shown(const struct isc_sim_group *g)
{
	return g->n > 1;
}

int isc_render_whatif_text(const struct isc_whatif *w, FILE *out)
{
	const struct isc_model *m = w->after_model;
	char *check = check_text(w);

	if (!check)
		return -ENOMEM;
	fputs("What if:", out);
	for (size_t i = 0; i < w->n_asked; i++)
		fprintf(out, "%s %s", i ? ";" : "", w->asked[i]);
	fprintf(out, "%s\nSnapshot: %s\n%s\n%s\n", w->n_asked ? "" : " nothing changed",
		w->before->model->source, check, w->diff->headline);
	free(check);
	if (!w->sim->certain)
		fprintf(out, "Uncertain: %zu functions lack the facts that decide it; this is the "
			     "coarsest outcome, at best %zu groups instead of %zu.\n",
			w->sim->n_unknown, w->sim->n_best, w->sim->n_groups);
	if (w->n_targets)
		fputs("\nTargets:\n", out);
	for (size_t t = 0; t < w->n_targets; t++)
		fprintf(out, "  %s  %s → %s\n", addr(w->targets[t].address), w->targets[t].before,
			w->targets[t].after);
	if (w->n_security)
		fputs("\nSecurity cost of the override:\n", out);
	for (size_t i = 0; i < w->n_security; i++)
		fprintf(out, "  - %s\n", w->security[i]);
	fputs("\nPredicted groups of several devices:\n", out);
	for (size_t g = 0; g < w->sim->n_groups; g++) {
		const struct isc_sim_group *sg = &w->sim->groups[g];

		if (!shown(sg))
			continue;
		fprintf(out, "  group %zu:", g);
		for (size_t k = 0; k < sg->n; k++)
			fprintf(out, " %s", addr(m->devices[sg->members[k]].address));
		fputc('\n', out);
		for (size_t k = 0; k < sg->n_reasons; k++)
			fprintf(out, "    because %s\n", sg->reasons[k]);
	}
	diff_body_text(out, w->diff);
	return ferror(out) ? -EIO : 0;
}

int isc_render_whatif_md(const struct isc_whatif *w, FILE *out)
{
	const struct isc_model *m = w->after_model;
	char *check = check_text(w);

	if (!check)
		return -ENOMEM;
	fputs("# iommuscope whatif: ", out);
	md_text(out, w->before->model->host.hostname ? w->before->model->host.hostname
						      : w->before->model->source, 0);
	fputs("\n\n", out);
	for (size_t i = 0; i < w->n_asked; i++) {
		fputs("- ", out);
		md_text(out, w->asked[i], 0);
		fputc('\n', out);
	}
	fputs("\n**", out);
	md_text(out, w->diff->headline, 0);
	fputs("**\n\n", out);
	md_text(out, check, 0);
	fputs("\n\n", out);
	free(check);
	if (!w->sim->certain)
		fprintf(out, "**Uncertain:** %zu functions lack the facts that decide it; this is the "
			     "coarsest outcome, at best %zu groups instead of %zu.\n\n",
			w->sim->n_unknown, w->sim->n_best, w->sim->n_groups);
	if (w->n_targets)
		fputs("## Targets\n\n| Device | Today | Predicted |\n|---|---|---|\n", out);
	for (size_t t = 0; t < w->n_targets; t++) {
		fputs("| ", out);
		md_code(out, addr(w->targets[t].address), 1);
		fputs(" | ", out);
		md_text(out, w->targets[t].before, 1);
		fputs(" | ", out);
		md_text(out, w->targets[t].after, 1);
		fputs(" |\n", out);
	}
	if (w->n_targets)
		fputc('\n', out);
	if (w->n_security)
		fputs("## Security cost of the override\n\n", out);
	for (size_t i = 0; i < w->n_security; i++) {
		fputs("- ", out);
		md_text(out, w->security[i], 0);
		fputc('\n', out);
	}
	if (w->n_security)
		fputc('\n', out);
	fputs("## Predicted groups of several devices\n\n", out);
	for (size_t g = 0; g < w->sim->n_groups; g++) {
		const struct isc_sim_group *sg = &w->sim->groups[g];

		if (!shown(sg))
			continue;
		fprintf(out, "- **group %zu**:", g);
		for (size_t k = 0; k < sg->n; k++) {
			fputc(' ', out);
			md_code(out, addr(m->devices[sg->members[k]].address), 0);
		}
		fputc('\n', out);
		for (size_t k = 0; k < sg->n_reasons; k++) {
			fputs("  - because ", out);
			md_text(out, sg->reasons[k], 0);
			fputc('\n', out);
		}
	}
	fputc('\n', out);
	diff_body_md(out, w->diff, "##");
	return ferror(out) ? -EIO : 0;
}

static int whatif_md(const void *arg, FILE *out)
{
	return isc_render_whatif_md(arg, out);
}

int isc_render_whatif_html(const struct isc_whatif *w, const char *template_dir, FILE *out)
{
	const struct isc_report *trees[2] = {w->before, w->after};
	char *title = NULL;
	int r;

	if (asprintf(&title, "iommuscope whatif: %s", w->before->model->source) < 0)
		return -ENOMEM;
	r = isc_render_md_page(title, whatif_md, w, trees, 2, template_dir, out);
	free(title);
	return r;
}

static json_t *string_array(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static json_t *members(const struct isc_model *m, const size_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jstr(m->devices[v[i]].address));
	return a;
}

int isc_render_whatif_json(const struct isc_whatif *w, FILE *out)
{
	const struct isc_model *m = w->after_model;
	json_t *root = json_object(), *groups = json_array(), *targets = json_array();
	char *check = check_text(w);
	int r;

	json_object_set_new(root, "schema", jstr("iommuscope.whatif/1"));
	json_object_set_new(root, "snapshot", jstr(w->before->model->source));
	json_object_set_new(root, "asked", string_array(w->asked, w->n_asked));
	json_object_set_new(root, "check", json_pack("{s:s, s:o, s:I}", "status", check_status(w),
						      "text", str_or_null(check), "mismatched",
						      (json_int_t)(w->before->sim_mismatch > 0
								   ? w->before->sim_mismatch
								   : 0)));
	free(check);
	json_object_set_new(root, "headline", jstr(w->diff->headline));
	json_object_set_new(root, "certain", json_boolean(w->sim->certain));
	json_object_set_new(root, "unknown", members(m, w->sim->unknown, w->sim->n_unknown));
	for (size_t t = 0; t < w->n_targets; t++)
		json_array_append_new(targets, json_pack("{s:o, s:o, s:o}", "address",
							 jstr(w->targets[t].address), "before",
							 jstr(w->targets[t].before), "after",
							 jstr(w->targets[t].after)));
	json_object_set_new(root, "targets", targets);
	json_object_set_new(root, "security", string_array(w->security, w->n_security));
	for (size_t g = 0; g < w->sim->n_groups; g++) {
		const struct isc_sim_group *sg = &w->sim->groups[g];

		json_array_append_new(groups,
				      json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)g, "devices",
						members(m, sg->members, sg->n), "anchor",
						sg->anchor >= 0 ? jstr(m->devices[sg->anchor].address)
								: json_null(),
						"reasons", string_array(sg->reasons, sg->n_reasons)));
	}
	json_object_set_new(root, "groups", groups);
	if (!w->sim->certain) {
		json_t *best = json_array();

		for (size_t i = 0; i < m->n_devices; i++)
			json_array_append_new(best, json_pack("{s:o, s:I}", "address",
							      jstr(m->devices[i].address), "group",
							      (json_int_t)w->sim->best[i]));
		json_object_set_new(root, "best_case", best);
	}
	json_object_set_new(root, "changes", diff_changes_json(w->diff));
	r = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0 ? -EIO : 0;
	fputc('\n', out);
	json_decref(root);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}
