/* SPDX-License-Identifier: MIT */
/*
 * The fleet renderers: one row per host, then the fleet's summary (hosts
 * ready for passthrough, findings ranked by how many hosts have them, and
 * hosts by board and BIOS with their group layout, kernel and override, the
 * comparable record). text, md, html (the Markdown in the page template),
 * json (iommuscope.fleet/1), csv (RFC 4180), jsonl (one host per line).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "iommuscope/fleet.h"
#include "render_private.h"

static const char *tri(enum isc_tri t)
{
	return t == ISC_YES ? "on" : t == ISC_NO ? "off" : "unknown";
}

static json_t *str_or_null_(const char *s)
{
	return s ? jstr(s) : json_null();
}

/* A row as JSON (schema iommuscope.fleet-host/1): the JSON and CSV renderers' own. */
static json_t *host_json(const struct isc_fleet_host *h, int with_report)
{
	json_t *row, *targets, *ids;

	if (h->error)
		return json_pack("{s:o, s:o, s:o}", "file", jstr(h->file), "host", json_null(),
				 "error", jstr(h->error));
	row = json_object();
	targets = json_array();
	ids = json_array();
	for (size_t i = 0; i < h->n_targets; i++)
		json_array_append_new(targets, json_pack("{s:o, s:o}", "address",
							 jstr(h->targets[i].address), "verdict",
							 str_or_null_(h->targets[i].verdict)));
	for (size_t i = 0; i < h->n_findings; i++)
		json_array_append_new(ids, jstr(h->findings[i]));
	json_object_set_new(row, "file", jstr(h->file));
	json_object_set_new(row, "host", str_or_null_(h->host));
	json_object_set_new(row, "error", json_null());
	json_object_set_new(row, "kernel", str_or_null_(h->kernel));
	json_object_set_new(row, "cmdline", str_or_null_(h->cmdline));
	json_object_set_new(row, "iommu", json_string(tri(h->iommu)));
	json_object_set_new(row, "iommu_vendor", str_or_null_(h->iommu_vendor));
	json_object_set_new(row, "interrupt_remapping", json_string(tri(h->interrupt_remapping)));
	json_object_set_new(row, "acs_override", str_or_null_(h->acs_override));
	json_object_set_new(row, "board", str_or_null_(h->board));
	json_object_set_new(row, "bios", str_or_null_(h->bios));
	json_object_set_new(row, "groups", json_integer((json_int_t)h->groups));
	json_object_set_new(row, "largest_group", json_integer((json_int_t)h->largest_group));
	json_object_set_new(row, "layout", str_or_null_(h->layout));
	json_object_set_new(row, "targets", targets);
	json_object_set_new(row, "errors", json_integer((json_int_t)h->errors));
	json_object_set_new(row, "warnings", json_integer((json_int_t)h->warnings));
	json_object_set_new(row, "infos", json_integer((json_int_t)h->infos));
	json_object_set_new(row, "findings", ids);
	json_object_set_new(row, "ready", json_boolean(h->ready));
	if (with_report && h->report)
		json_object_set_new(row, "report", json_loads(h->report, 0, NULL));
	return row;
}

/* ---- the summary ------------------------------------------------------------------------ */

struct count {
	const char *key;
	size_t n;
};

static int cmp_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Finding ids by the number of hosts that have them. */
static struct count *rank_findings(const struct isc_fleet *f, size_t *ret_n)
{
	struct count *v = NULL;
	size_t n = 0;

	for (size_t h = 0; h < f->n; h++) {
		for (size_t i = 0; i < f->hosts[h].n_findings; i++) {
			const char *id = f->hosts[h].findings[i];
			size_t k = 0;

			while (k < n && strcmp(v[k].key, id))
				k++;
			if (k == n) {
				struct count *nv = realloc(v, (n + 1) * sizeof(*v));

				if (!nv) {
					free(v);
					return NULL;
				}
				v = nv;
				v[n++] = (struct count){id, 0};
			}
			v[k].n++;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_count);
	*ret_n = n;
	return v;
}

static char *board_bios(const struct isc_fleet_host *h)
{
	char *s = NULL;

	if (asprintf(&s, "%s, BIOS %s", h->board ? h->board : "board unknown",
		     h->bios ? h->bios : "unknown") < 0)
		return NULL;
	return s;
}

static size_t ready_count(const struct isc_fleet *f, size_t *failed)
{
	size_t ready = 0;

	*failed = 0;
	for (size_t h = 0; h < f->n; h++) {
		ready += f->hosts[h].ready;
		*failed += f->hosts[h].error != NULL;
	}
	return ready;
}

/* ---- text and Markdown ------------------------------------------------------------------ */

static void targets_text(FILE *out, const struct isc_fleet_host *h, int md)
{
	for (size_t i = 0; i < h->n_targets; i++) {
		const char *a = h->targets[i].address, *v = h->targets[i].verdict;

		fprintf(out, "%s%s %s", i ? ", " : "", strlen(a) > 5 ? a + 5 : a,
			v && !strncmp(v, "can", 3) ? "ok" : "no");
	}
	if (!h->n_targets)
		fputs(md ? "–" : "-", out);
}

static void findings_text(FILE *out, const struct isc_fleet_host *h)
{
	for (size_t i = 0; i < h->n_findings && i < 4; i++)
		fprintf(out, "%s%s", i ? " " : "", h->findings[i]);
	if (h->n_findings > 4)
		fprintf(out, " +%zu", h->n_findings - 4);
}

static int summary_md(const struct isc_fleet *f, FILE *out, int md)
{
	size_t failed, ready = ready_count(f, &failed), n_ranked = 0;
	struct count *ranked = rank_findings(f, &n_ranked);
	char **done = calloc(f->n + 1, sizeof(*done));

	if ((!ranked && n_ranked) || !done) {
		free(ranked);
		free(done);
		return -ENOMEM;
	}
	fprintf(out, md ? "\n## Fleet\n\n" : "\nFleet: ");
	fprintf(out, "%zu hosts: %zu ready for passthrough (IOMMU on, no errors), %zu with "
		     "problems, %zu not analysed.\n",
		f->n, ready, f->n - ready - failed, failed);
	fputs(md ? "\n## Findings by hosts\n\n" : "\nFindings by hosts:\n", out);
	for (size_t i = 0; i < n_ranked; i++)
		fprintf(out, md ? "- `%s`: %zu host%s\n" : "  %-34s %zu host%s\n", ranked[i].key,
			ranked[i].n, ranked[i].n == 1 ? "" : "s");
	fputs(md ? "\n## Board and BIOS\n\n" : "\nBoard and BIOS (group layout: sizes, largest "
						"first):\n", out);
	for (size_t h = 0; h < f->n; h++) {
		char *key = !f->hosts[h].error ? board_bios(&f->hosts[h]) : NULL;
		int seen = !key;

		for (size_t k = 0; key && done[k]; k++)
			seen |= !strcmp(done[k], key);
		if (seen) {
			free(key);
			continue;
		}
		fputs(md ? "- **" : "  ", out);
		if (md)
			md_text(out, key, 0);
		else
			fputs(key, out);
		fputs(md ? "**\n" : "\n", out);
		for (size_t g = h; g < f->n; g++) {
			const struct isc_fleet_host *row = &f->hosts[g];
			char *other = !row->error ? board_bios(row) : NULL;
			char line[1024];

			if (other && !strcmp(other, key)) {
				snprintf(line, sizeof(line), "%s: kernel %s, override %s, %zu groups [%s]",
					 row->host ? row->host : row->file,
					 row->kernel ? row->kernel : "unknown",
					 row->acs_override ? row->acs_override : "none", row->groups,
					 row->layout ? row->layout : "");
				fputs(md ? "  - " : "      ", out);
				if (md)
					md_text(out, line, 0);
				else
					fputs(line, out);
				fputc('\n', out);
			}
			free(other);
		}
		for (size_t k = 0; ; k++)
			if (!done[k]) {
				done[k] = key;
				break;
			}
	}
	for (size_t k = 0; done[k]; k++)
		free(done[k]);
	free(done);
	free(ranked);
	return 0;
}

/*
 * The SNAPSHOT column: the path as the snapshot was named, its directory
 * included (a/x.tar.gz and b/x.tar.gz are two hosts, not one name twice);
 * past SNAPSHOT_COLUMN bytes its end is kept, where the names differ.
 */
#define SNAPSHOT_COLUMN 48
static void snapshot_cell(FILE *out, const char *file, int width)
{
	size_t len = strlen(file);

	if (len > (size_t)width)
		fprintf(out, "...%-*s", width - 3, file + len - (size_t)(width - 3));
	else
		fprintf(out, "%-*s", width, file);
}

static int render_text(const struct isc_fleet *f, FILE *out)
{
	int width = 8;

	for (size_t h = 0; h < f->n; h++) {
		size_t len = strlen(f->hosts[h].file);

		if (len > (size_t)width)
			width = len > SNAPSHOT_COLUMN ? SNAPSHOT_COLUMN : (int)len;
	}
	fprintf(out, "%-*s %-16s %-5s %-8s %-14s %-18s %6s %7s %4s %4s %-5s %s\n", width,
		"SNAPSHOT", "HOST", "IOMMU", "IRQREMAP", "OVERRIDE", "KERNEL", "GROUPS", "LARGEST",
		"ERR", "WARN", "READY", "TARGETS / FINDINGS");
	for (size_t h = 0; h < f->n; h++) {
		const struct isc_fleet_host *row = &f->hosts[h];

		snapshot_cell(out, row->file, width);
		if (row->error) {
			fprintf(out, " error: %s\n", row->error);
			continue;
		}
		fprintf(out, " %-16.16s %-5s %-8s %-14.14s %-18.18s %6zu %7zu %4zu %4zu %-5s ",
			row->host ? row->host : "-", tri(row->iommu), tri(row->interrupt_remapping),
			row->acs_override ? row->acs_override : "-", row->kernel ? row->kernel : "-",
			row->groups, row->largest_group, row->errors, row->warnings,
			row->ready ? "yes" : "no");
		targets_text(out, row, 0);
		fputs(" / ", out);
		findings_text(out, row);
		fputc('\n', out);
	}
	return summary_md(f, out, 0);
}

static int render_md(const struct isc_fleet *f, FILE *out)
{
	fputs("# iommuscope fleet\n\n| Snapshot | Host | IOMMU | IRQ remap | Override | Kernel | "
	      "Groups | Largest | Errors | Warnings | Ready | Targets | Findings |\n"
	      "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n", out);
	for (size_t h = 0; h < f->n; h++) {
		const struct isc_fleet_host *row = &f->hosts[h];

		fputs("| ", out);
		md_code(out, row->file, 1);
		if (row->error) {
			fputs(" | error: ", out);
			md_text(out, row->error, 1);
			fputs(" | | | | | | | | | | | |\n", out);
			continue;
		}
		fputs(" | ", out);
		md_text(out, row->host ? row->host : "", 1);
		fprintf(out, " | %s | %s | ", tri(row->iommu), tri(row->interrupt_remapping));
		md_text(out, row->acs_override ? row->acs_override : "", 1);
		fputs(" | ", out);
		md_text(out, row->kernel ? row->kernel : "", 1);
		fprintf(out, " | %zu | %zu | %zu | %zu | %s | ", row->groups, row->largest_group,
			row->errors, row->warnings, row->ready ? "yes" : "no");
		targets_text(out, row, 1);
		fputs(" | ", out);
		findings_text(out, row);
		fputs(" |\n", out);
	}
	return summary_md(f, out, 1);
}

/* ---- machines --------------------------------------------------------------------------- */

/*
 * One quoted RFC 4180 cell. A cell that begins with '=', '+', '-', '@', tab
 * or carriage return is a formula to a spreadsheet (=HYPERLINK(...) from a
 * host name): it gets a leading apostrophe, the OWASP rule for CSV
 * injection, so the spreadsheet shows it as text.
 */
static void csv_field(FILE *out, const char *s)
{
	fputc('"', out);
	if (*s && strchr("=+-@\t\r", *s))
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static int render_csv(const struct isc_fleet *f, FILE *out)
{
	static const char *const cols[] = {"file", "host", "error", "kernel", "iommu",
					   "interrupt_remapping", "acs_override", "board", "bios",
					   "groups", "largest_group", "layout", "errors", "warnings",
					   "infos", "ready", "targets", "findings"};
	const size_t n_cols = sizeof(cols) / sizeof(cols[0]);

	for (size_t c = 0; c < n_cols; c++)
		fprintf(out, "%s%s", c ? "," : "", cols[c]);
	fputs("\r\n", out);
	for (size_t h = 0; h < f->n; h++) {
		json_t *row = host_json(&f->hosts[h], 0);

		if (!row)
			return -ENOMEM;
		for (size_t c = 0; c < n_cols; c++) {
			const json_t *v = json_object_get(row, cols[c]);
			char *text = NULL;

			if (c)
				fputc(',', out);
			if (json_is_string(v)) {
				csv_field(out, json_string_value(v));
			} else if (json_is_integer(v)) {
				fprintf(out, "%lld", (long long)json_integer_value(v));
			} else if (json_is_boolean(v)) {
				fputs(json_is_true(v) ? "true" : "false", out);
			} else if (json_is_array(v)) {
				text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
				csv_field(out, text ? text : "");
				free(text);
			}
		}
		json_decref(row);
		fputs("\r\n", out);
	}
	return 0;
}

static int render_json(const struct isc_fleet *f, FILE *out, int lines)
{
	json_t *root, *hosts, *summary, *ranked_j;
	size_t failed, ready = ready_count(f, &failed), n_ranked = 0;
	struct count *ranked;
	int r = 0;

	if (lines) {
		for (size_t h = 0; h < f->n && r == 0; h++) {
			json_t *row = host_json(&f->hosts[h], 1);

			r = row ? json_dumpf(row, out, JSON_COMPACT | JSON_ENSURE_ASCII) : -1;
			json_decref(row);
			fputc('\n', out);
		}
		return r < 0 ? -EIO : 0;
	}
	ranked = rank_findings(f, &n_ranked);
	if (!ranked && n_ranked)
		return -ENOMEM;
	root = json_object();
	hosts = json_array();
	ranked_j = json_array();
	for (size_t h = 0; h < f->n; h++) {
		json_array_append_new(hosts, host_json(&f->hosts[h], 0));
	}
	for (size_t i = 0; i < n_ranked; i++)
		json_array_append_new(ranked_j, json_pack("{s:s, s:I}", "id", ranked[i].key, "hosts",
							  (json_int_t)ranked[i].n));
	summary = json_pack("{s:I, s:I, s:I, s:o}", "hosts", (json_int_t)f->n, "ready",
			    (json_int_t)ready, "failed", (json_int_t)failed, "findings", ranked_j);
	json_object_set_new(root, "schema", json_string("iommuscope.fleet/1"));
	json_object_set_new(root, "hosts", hosts);
	json_object_set_new(root, "summary", summary);
	r = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0 ? -EIO : 0;
	fputc('\n', out);
	json_decref(root);
	free(ranked);
	return r;
}

/* The entries of render.c's table (render_private.h). */
int fleet_text(const struct isc_fleet *f, FILE *out)
{
	return render_text(f, out);
}

int fleet_md(const struct isc_fleet *f, FILE *out)
{
	return render_md(f, out);
}

static int md_of(const void *arg, FILE *out)
{
	return render_md(arg, out);
}

int fleet_html(const struct isc_fleet *f, const char *template_dir, FILE *out)
{
	return isc_render_md_page("iommuscope fleet", md_of, f, NULL, 0, template_dir, out);
}

int fleet_csv(const struct isc_fleet *f, FILE *out)
{
	return render_csv(f, out);
}

int fleet_json(const struct isc_fleet *f, FILE *out, int lines)
{
	return render_json(f, out, lines);
}
