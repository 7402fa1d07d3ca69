/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: the Markdown report rendered by cmark-gfm in safe mode
 * with the table extension, every link, image and piece of raw HTML turned
 * into text (defang()), placed in templates/report.html with
 * templates/report.css inlined, plus an inline SVG of the PCI tree. One
 * self-contained file: no script, no external resource, and a
 * Content-Security-Policy that would block one. This file and
 * report_text.c (finding text as plain text) are the only ones that touch
 * cmark-gfm.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hostfs.h"
#include "iommuscope/render.h"
#include "render_private.h"

extern const char isc_tpl_report_html[];
extern const char isc_tpl_report_css[];

#define SVG_MAX_DEVICES 512 /* beyond that a picture helps nobody */
#define ROW 22
#define INDENT 26

static void html_escape(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/*
 * How a port's ACS shows in the tree: every root port and switch
 * downstream port is judged by its ACS capability alone (the kernel's
 * test, G4), so all ports without it look the same; "acs-unknown" when
 * its config space was not read.
 */
static const char *acs_class(const struct isc_device *d)
{
	if (!d->is_bridge || (d->pcie_type != ISC_PCIE_ROOT_PORT &&
			      d->pcie_type != ISC_PCIE_DOWNSTREAM && d->pcie_type != ISC_PCIE_UNKNOWN))
		return NULL;
	return d->acs == ISC_YES ? NULL : d->acs == ISC_NO ? "noacs" : "acs-unknown";
}

/*
 * The fill of group @group: hues a golden angle apart by the group's rank
 * among the host's groups, lightness alternating, so neighbouring groups
 * never look alike and no two groups shown share a colour (ids modulo a
 * hue circle did: groups 0 and 21 were both red). The label carries the
 * number too, for whoever cannot tell the colours apart.
 */
static void group_fill(FILE *out, const struct isc_model *m, int group)
{
	size_t rank = 0;

	while (rank < m->n_groups && m->groups[rank].id != group)
		rank++;
	fprintf(out, " fill=\"hsl(%u,70%%,%u%%)\"", (unsigned)(rank * 137508 / 1000 % 360),
		rank % 2 ? 80u : 62u);
}

static int is_target(const struct isc_report *r, const struct isc_device *d)
{
	for (size_t i = 0; i < r->n_targets; i++)
		if (!strcmp(r->targets[i], d->address))
			return 1;
	return 0;
}

static void svg_subtree(FILE *out, const struct isc_report *r, const struct isc_device *parent,
			unsigned domain, unsigned bus, int depth, int *row, int parent_row)
{
	const struct isc_model *m = r->model;

	for (size_t i = 0; i < m->n_devices; i++) {
		const struct isc_device *d = &m->devices[i];
		int y, x = 10 + depth * INDENT, me;

		if (d->parent != parent || (!parent && (d->domain != domain || d->bus != bus)))
			continue;
		me = (*row)++;
		y = 8 + me * ROW;
		if (parent_row >= 0)
			fprintf(out, "<path d=\"M%d %d V%d H%d\" class=\"edge\"/>\n",
				x - INDENT + 8, 8 + parent_row * ROW + 16, y + 8, x);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" rx=\"3\"", x, y);
		if (d->group >= 0) /* a colour per group: the same group, the same colour */
			group_fill(out, m, d->group);
		else
			fputs(" fill=\"#ffffff\"", out);
		fprintf(out, "%s/>\n", is_target(r, d) ? " class=\"target\""
				       : acs_class(d) ? (!strcmp(acs_class(d), "noacs")
							     ? " class=\"noacs\""
							     : " class=\"acs-unknown\"")
						      : "");
		fprintf(out, "<text x=\"%d\" y=\"%d\">", x + 22, y + 13);
		html_escape(out, d->address + 5);
		if (d->group >= 0) /* the number first: long names run past the picture's edge */
			fprintf(out, "  group %d", d->group);
		fputs("  ", out);
		html_escape(out, d->name ? d->name : "device");
		fputs("</text>\n", out);
		if (d->is_bridge && d->secondary_bus >= 0)
			svg_subtree(out, r, d, d->domain, (unsigned)d->secondary_bus, depth + 1, row,
				    me);
	}
}

static int svg(FILE *out, const struct isc_report *r)
{
	const struct isc_model *m = r->model;
	char *body = NULL;
	size_t len = 0;
	int row = 0;
	FILE *f;

	if (!m->n_devices || m->n_devices > SVG_MAX_DEVICES) {
		fprintf(out, "<p>%s</p>\n", m->n_devices ? "Too many functions to draw here; the "
							   "groups table above lists them all."
							 : "No PCI devices.");
		return 0;
	}
	/* Draw first, into memory, so the picture's height is exact. */
	f = open_memstream(&body, &len);
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < m->n_devices; i++) {
		const struct isc_device *d = &m->devices[i];
		int seen = 0;

		if (d->parent)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !m->devices[k].parent && m->devices[k].domain == d->domain &&
			       m->devices[k].bus == d->bus;
		if (!seen) /* each root bus once */
			svg_subtree(f, r, NULL, d->domain, d->bus, 0, &row, -1);
	}
	if (fclose(f) != 0) {
		free(body);
		return -ENOMEM;
	}
	fprintf(out, "<svg role=\"img\" "
		     "aria-label=\"PCI tree\" width=\"900\" height=\"%d\" viewBox=\"0 0 900 %d\">\n"
		     "<style>text{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#1d2327}"
		     ".edge{fill:none;stroke:#9aa4ad}rect{stroke:#55606a}"
		     ".noacs{stroke:#c62828;stroke-width:3;stroke-dasharray:3 2}"
		     ".acs-unknown{stroke:#55606a;stroke-width:2;stroke-dasharray:1 2}"
		     ".target{stroke:#1565c0;stroke-width:3}</style>\n%s</svg>\n",
		row * ROW + 16, row * ROW + 16, body ? body : "");
	free(body);
	fputs("<p>Squares share a colour when their functions share an IOMMU group, whose number "
	      "follows the address; a red dashed square is a root or downstream port without ACS, "
	      "a grey dotted one a port whose ACS is unknown (config space not read); a blue frame "
	      "a passthrough target.</p>\n",
	      out);
	return 0;
}

/*
 * The program writes no link, no image and no HTML in its Markdown, so any
 * in the tree came from snapshot text that escaping missed: a link or an
 * image becomes its text (an image its description), raw HTML becomes text
 * shown as typed. Whatever the target (http:, data:, javascript:, an
 * autolink), nothing is fetched or followed. Nodes are changed only after
 * the walk, which must not see them change. Returns 0 or -ENOMEM.
 */
static int defang(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **bad = NULL, *node;
	size_t n = 0;
	cmark_event_type ev;
	int ret = 0;

	if (!it)
		return -ENOMEM;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type t;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		t = cmark_node_get_type(node);
		if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE && t != CMARK_NODE_HTML_INLINE &&
		    t != CMARK_NODE_HTML_BLOCK)
			continue;
		if (isc_grow(&bad, n, sizeof(*bad)) < 0) {
			ret = -ENOMEM;
			break;
		}
		bad[n++] = node;
	}
	cmark_iter_free(it);
	/* Innermost last: an image inside a link is moved out before the link goes. */
	for (size_t i = n; ret == 0 && i-- > 0;) {
		cmark_node *b = bad[i], *child;
		cmark_node_type t = cmark_node_get_type(b);

		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			while ((child = cmark_node_first_child(b)))
				cmark_node_insert_before(b, child);
		} else {
			cmark_node *text = cmark_node_new(t == CMARK_NODE_HTML_BLOCK ? CMARK_NODE_CODE_BLOCK
									 : CMARK_NODE_TEXT);
			const char *lit = cmark_node_get_literal(b);

			if (!text || !cmark_node_set_literal(text, lit ? lit : "")) {
				cmark_node_free(text);
				ret = -ENOMEM;
				break;
			}
			cmark_node_insert_before(b, text);
		}
		cmark_node_free(b); /* unlinks it */
	}
	free(bad);
	return ret;
}

/* One piece of Markdown through cmark-gfm: safe mode (no raw HTML), GFM tables. */
static char *chunk_to_html(const char *md, size_t len)
{
	cmark_syntax_extension *table;
	cmark_parser *p;
	cmark_node *doc;
	char *html = NULL;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p)
		return NULL;
	table = cmark_find_syntax_extension("table");
	if (table)
		cmark_parser_attach_syntax_extension(p, table);
	cmark_parser_feed(p, md, len);
	doc = cmark_parser_finish(p);
	if (doc && defang(doc) == 0)
		html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(p));
	cmark_node_free(doc);
	cmark_parser_free(p);
	return html;
}

/*
 * The whole Markdown, in pieces of at least CHUNK bytes cut where a block
 * that stands alone begins (a heading or a table after a blank line, outside
 * code fences): the syntax tree of a 16k-function report would otherwise
 * hold tens of megabytes at once. md.c starts a new table every
 * MD_TABLE_ROWS rows so the groups table can be cut too.
 */
#define CHUNK (256 * 1024)
static char *markdown_to_html(const char *md, size_t len)
{
	struct isc_buf html;
	size_t start = 0;
	int fence = 0;

	isc_buf_init(&html, 0);
	for (size_t i = 0; i <= len; i++) {
		int line_start = i == 0 || md[i - 1] == '\n';
		int cut = i == len || (i - start >= CHUNK && line_start && !fence && i >= 2 &&
				       md[i - 2] == '\n' && (md[i] == '#' || md[i] == '|'));

		if (cut && i > start) {
			char *part = chunk_to_html(md + start, i - start);
			int r = part ? isc_buf_append(&html, part, strlen(part)) : -ENOMEM;

			free(part);
			if (r < 0) {
				isc_buf_free(&html);
				return NULL;
			}
			start = i;
		}
		if (i < len && line_start && !strncmp(md + i, "```", 3))
			fence = !fence;
	}
	if (isc_buf_append(&html, "", 0) < 0) {
		isc_buf_free(&html);
		return NULL;
	}
	return isc_buf_steal(&html, NULL);
}

static int read_template(const char *dir, const char *name, const char *builtin,
			 struct isc_buf *out)
{
	char path[4096];

	if (!dir)
		return isc_buf_append(out, builtin, strlen(builtin));
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return hostfs_read_path(path, 1u << 20, out) == 0 ? 0 : -ENOENT;
}

/*
 * One page: @body (HTML) into the template, the trees of @trees (one or two
 * reports, labelled when two) in the picture's place.
 */
static int page(const char *title, const char *body, const struct isc_report *const *trees,
		size_t n_trees, const char *template_dir, FILE *out)
{
	static const char *const labels[] = {"<h3>Before</h3>\n", "<h3>After</h3>\n"};
	struct isc_buf tpl, css;
	int ret = 0;

	isc_buf_init(&tpl, 0);
	isc_buf_init(&css, 0);
	if (read_template(template_dir, "report.html", isc_tpl_report_html, &tpl) < 0 ||
	    read_template(template_dir, "report.css", isc_tpl_report_css, &css) < 0) {
		ret = -ENOENT;
		goto out;
	}
	for (const char *p = tpl.data; *p;) {
		const char *open = strstr(p, "{{"), *close = open ? strstr(open, "}}") : NULL;
		size_t klen;

		if (!open || !close) {
			fputs(p, out);
			break;
		}
		fwrite(p, 1, (size_t)(open - p), out);
		klen = (size_t)(close - open - 2);
		if (klen == 5 && !strncmp(open + 2, "title", 5)) {
			html_escape(out, title);
		} else if (klen == 3 && !strncmp(open + 2, "css", 3)) {
			fputs(css.data ? css.data : "", out);
		} else if (klen == 4 && !strncmp(open + 2, "body", 4)) {
			fputs(body, out);
		} else if (klen == 3 && !strncmp(open + 2, "svg", 3)) {
			for (size_t i = 0; i < n_trees && ret == 0; i++) {
				if (n_trees > 1)
					fputs(labels[i & 1], out);
				ret = svg(out, trees[i]);
			}
		}
		p = close + 2;
	}
	if (ret == 0 && ferror(out))
		ret = -EIO;
out:
	isc_buf_free(&tpl);
	isc_buf_free(&css);
	return ret;
}

/* One page: @md through cmark-gfm into the template, with the trees of @trees. */
int isc_render_page(const char *title, const char *md, size_t mdlen,
		    const struct isc_report *const *trees, size_t n_trees, const char *template_dir,
		    FILE *out)
{
	char *body = markdown_to_html(md, mdlen);
	int ret;

	if (!body)
		return -ENOMEM;
	ret = page(title, body, trees, n_trees, template_dir, out);
	free(body);
	return ret;
}

int isc_render_md_page(const char *title, int (*md)(const void *arg, FILE *out), const void *arg,
		       const struct isc_report *const *trees, size_t n_trees,
		       const char *template_dir, FILE *out)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int r;

	if (!f)
		return -ENOMEM;
	r = md(arg, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r == 0)
		r = isc_render_page(title, text, len, trees, n_trees, template_dir, out);
	free(text);
	return r;
}

/* Parts of @r's Markdown report through cmark-gfm, appended to @out. */
static int parts_html(FILE *out, const struct isc_report *r, const enum md_part *parts, size_t n)
{
	char *md = NULL, *html;
	size_t len = 0;
	FILE *f = open_memstream(&md, &len);

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		md_report_part(f, r, parts[i]);
	if (fclose(f) != 0) {
		free(md);
		return -ENOMEM;
	}
	html = markdown_to_html(md, len);
	free(md);
	if (!html)
		return -ENOMEM;
	fputs(html, out);
	free(html);
	return 0;
}

/*
 * The banner the page opens on: the worst severity in words (PASS, WARN,
 * FAIL; the colour only repeats it), the counts, and each target with its
 * verdict. Everything in it is the program's own words or escaped.
 */
static void banner(FILE *out, const struct isc_report *r)
{
	static const char *const classes[] = {[ISC_SEV_INFO] = "pass", [ISC_SEV_WARNING] = "warn",
					      [ISC_SEV_ERROR] = "fail"};
	int worst;
	const char *status = render_status(r, &worst);

	fprintf(out, "<div class=\"verdict %s\" role=\"status\"><p><strong class=\"word\">%s"
		     "</strong> ", classes[worst], status);
	render_counts(out, r);
	fputs("</p>\n", out);
	if (!r->n_targets)
		fputs("<p>No target: no VM configuration passes a device and no --device was "
		      "given.</p>\n",
		      out);
	else
		fputs("<ul class=\"targets\">\n", out);
	for (size_t t = 0; t < r->n_targets; t++) {
		const struct isc_verdict *v = r->verdicts ? &r->verdicts[t] : NULL;
		const char *word = !v ? "unknown"
				   : v->viable == ISC_YES ? "yes"
				   : v->viable == ISC_NO  ? "no"
							  : "unknown";

		fprintf(out, "<li class=\"viable-%s\"><code>", word);
		html_escape(out, r->targets[t]);
		fprintf(out, "</code> passthrough: <strong>%s</strong>", word);
		if (v && v->reason) {
			fputs(" (", out);
			html_escape(out, v->reason);
			fputs(")", out);
		}
		fputs("</li>\n", out);
	}
	fprintf(out, "%s</div>\n", r->n_targets ? "</ul>\n" : "");
}

/*
 * The report's page leads with the answer: the title, the verdict banner,
 * the targets with their verdicts, the host, then errors and warnings; the
 * notes come folded (<details>), then the groups and what was not collected.
 */
static int report_body(const struct isc_report *r, FILE *out)
{
	static const enum md_part head[] = {MD_TITLE}, lead[] = {MD_TARGETS, MD_HOST, MD_FINDINGS,
								 MD_ERRORS, MD_WARNINGS},
				  notes[] = {MD_NOTES}, tail[] = {MD_GROUPS, MD_NOT_COLLECTED};
	size_t n_notes = 0;
	int ret;

	for (size_t i = 0; i < r->n_findings; i++)
		n_notes += r->findings[i].severity == ISC_SEV_INFO;
	ret = parts_html(out, r, head, 1);
	if (ret == 0) {
		banner(out, r);
		ret = parts_html(out, r, lead, sizeof(lead) / sizeof(lead[0]));
	}
	if (ret == 0 && n_notes) {
		fprintf(out, "<details class=\"notes\"><summary>%zu note%s</summary>\n", n_notes,
			n_notes == 1 ? "" : "s");
		ret = parts_html(out, r, notes, 1);
		fputs("</details>\n", out);
	}
	if (ret == 0)
		ret = parts_html(out, r, tail, sizeof(tail) / sizeof(tail[0]));
	return ret;
}

int isc_render_html(const struct isc_report *r, const char *template_dir, FILE *out)
{
	char *title = NULL, *body = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (asprintf(&title, "iommuscope report: %s",
		     r->model->host.hostname ? r->model->host.hostname : r->model->source) < 0)
		return -ENOMEM;
	f = open_memstream(&body, &len);
	ret = f ? report_body(r, f) : -ENOMEM;
	if (f && fclose(f) != 0 && ret == 0)
		ret = -ENOMEM;
	if (ret == 0)
		ret = page(title, body, &r, 1, template_dir, out);
	free(body);
	free(title);
	return ret;
}
