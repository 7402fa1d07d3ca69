/* SPDX-License-Identifier: MIT */
/*
 * The JSON report, schema iommuscope.report/2 (docs/report-schema.json),
 * built with jansson. Keys keep insertion order, devices are in address
 * order, groups in id order, and nothing depends on when or where the
 * analysis ran, so outputs diff cleanly. Unknown facts are null.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iommuscope/render.h"
#include "render_private.h"

json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	char *copy, *w;

	if (j || !s)
		return j;
	/* Invalid UTF-8: keep every valid sequence, replace each bad byte. */
	copy = malloc(strlen(s) * 3 + 1);
	if (!copy)
		return NULL;
	w = copy;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = isc_utf8_len(p);

		if (n) {
			memcpy(w, p, n);
			w += n;
			p += n;
		} else {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			p++;
		}
	}
	*w = '\0';
	j = json_string(copy); /* valid now: NULL only when out of memory */
	free(copy);
	return j;
}

json_t *str_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

static json_t *tri(enum isc_tri t)
{
	return t == ISC_UNKNOWN ? json_null() : json_boolean(t == ISC_YES);
}

static json_t *hex_or_null(int v, int digits)
{
	char buf[16];

	if (v < 0)
		return json_null();
	snprintf(buf, sizeof(buf), "%0*x", digits, (unsigned)v);
	return jstr(buf);
}

static json_t *int_or_null(int v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static const char *cfg_name(enum isc_cfg c)
{
	static const char *const names[] = {[ISC_CFG_NONE] = "none", [ISC_CFG_HEADER] = "header",
					    [ISC_CFG_STANDARD] = "standard",
					    [ISC_CFG_EXTENDED] = "extended"};

	return names[c];
}

static const char *kind_name(enum isc_snapshot_kind k)
{
	return k == ISC_SNAPSHOT_ARCHIVE ? "archive" : k == ISC_SNAPSHOT_DIR ? "directory" : "paste";
}

static json_t *device_json(const struct isc_device *d)
{
	json_t *o = json_object(), *acs = json_object(), *link = json_object();

	json_object_set_new(o, "address", jstr(d->address));
	json_object_set_new(o, "vendor_id", hex_or_null(d->vendor, 4));
	json_object_set_new(o, "device_id", hex_or_null(d->device, 4));
	json_object_set_new(o, "subsystem_vendor_id", hex_or_null(d->subsys_vendor, 4));
	json_object_set_new(o, "subsystem_device_id", hex_or_null(d->subsys_device, 4));
	json_object_set_new(o, "class", hex_or_null(d->class_code, 6));
	json_object_set_new(o, "class_name", str_or_null(d->class_name));
	json_object_set_new(o, "name", str_or_null(d->name));
	json_object_set_new(o, "revision", hex_or_null(d->revision, 2));
	json_object_set_new(o, "driver", str_or_null(d->driver));
	json_object_set_new(o, "group", int_or_null(d->group));
	json_object_set_new(o, "parent", d->parent ? jstr(d->parent->address) : json_null());
	json_object_set_new(o, "physfn", d->physfn ? jstr(d->physfn->address) : json_null());
	json_object_set_new(o, "is_bridge", json_boolean(d->is_bridge));
	json_object_set_new(o, "is_virtfn", json_boolean(d->is_virtfn));
	json_object_set_new(o, "multifunction", tri(d->multifunction));
	json_object_set_new(o, "config_space", jstr(cfg_name(d->cfg)));
	json_object_set_new(o, "pcie_type", d->pcie_type == ISC_PCIE_UNKNOWN
						    ? json_null()
						    : jstr(isc_pcie_type_name(d->pcie_type)));
	json_object_set_new(acs, "present", tri(d->acs));
	json_object_set_new(acs, "cap", hex_or_null(d->acs_cap, 2));
	json_object_set_new(acs, "ctl", hex_or_null(d->acs_ctl, 2));
	json_object_set_new(o, "acs", acs);
	json_object_set_new(o, "flr", tri(d->flr));
	json_object_set_new(o, "ari", tri(d->ari));
	json_object_set_new(o, "sriov", tri(d->sriov));
	json_object_set_new(o, "num_vfs", int_or_null(d->num_vfs));
	json_object_set_new(o, "secondary_bus", hex_or_null(d->secondary_bus, 2));
	json_object_set_new(o, "subordinate_bus", hex_or_null(d->subordinate_bus, 2));
	json_object_set_new(o, "numa_node", int_or_null(d->numa_node));
	json_object_set_new(o, "boot_vga", tri(d->boot_vga));
	json_object_set_new(link, "speed", str_or_null(d->link_speed));
	json_object_set_new(link, "width", int_or_null(d->link_width));
	json_object_set_new(o, "link", link);
	json_object_set_new(o, "reset_methods", str_or_null(d->reset_methods));
	json_object_set_new(o, "driver_override", str_or_null(d->driver_override));
	return o;
}

static json_t *iommu_json(const struct isc_model *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "enabled", tri(m->host.iommu_on));
	json_object_set_new(o, "vendor", str_or_null(m->host.iommu_vendor));
	json_object_set_new(o, "groups_from", jstr(m->host.groups_from ? m->host.groups_from
									      : "none"));
	json_object_set_new(o, "group_count", json_integer((json_int_t)m->n_groups));
	return o;
}

static json_t *group_json(const struct isc_group *g)
{
	json_t *o = json_object(), *devs = json_array();

	for (size_t i = 0; i < g->n; i++)
		json_array_append_new(devs, jstr(g->devices[i]->address));
	json_object_set_new(o, "id", json_integer(g->id));
	json_object_set_new(o, "devices", devs);
	return o;
}

/*
 * Write @v (taken) as jansson would inside a document indented with two
 * spaces, its first line at the cursor and the rest @depth levels deep:
 * the output is byte-identical to dumping the whole document at once, but
 * only one piece is ever in memory.
 */
static int emit(FILE *out, json_t *v, int depth)
{
	char *text, *p;

	if (!v)
		return -ENOMEM;
	text = json_dumps(v, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
	json_decref(v);
	if (!text)
		return -ENOMEM;
	for (p = text;;) {
		char *nl = strchr(p, '\n');

		if (!nl) {
			fputs(p, out);
			break;
		}
		fwrite(p, 1, (size_t)(nl - p + 1), out);
		fprintf(out, "%*s", depth * 2, "");
		p = nl + 1;
	}
	free(text);
	return 0;
}

/* A key of the top-level object, first or not. */
static void key(FILE *out, const char *k, int first)
{
	fprintf(out, "%s\n  \"%s\": ", first ? "" : ",", k);
}

static json_t *device_item(const void *model, size_t i)
{
	return device_json(&((const struct isc_model *)model)->devices[i]);
}

static json_t *group_item(const void *model, size_t i)
{
	return group_json(&((const struct isc_model *)model)->groups[i]);
}

/* A top-level array, one item (made by @item from @ctx) in memory at a time. */
static int emit_array(FILE *out, size_t n, json_t *(*item)(const void *ctx, size_t i),
		      const void *ctx)
{
	if (!n) {
		fputs("[]", out);
		return 0;
	}
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		int r;

		fprintf(out, "%s\n    ", i ? "," : "");
		r = emit(out, item(ctx, i), 2);
		if (r < 0)
			return r;
	}
	fputs("\n  ]", out);
	return 0;
}

/* Which of a paste's several listings (hosts) this is. */
static json_t *listing_json(const struct isc_model *m)
{
	return json_pack("{s:I, s:I, s:[I, I]}", "index", (json_int_t)m->listing, "of",
			 (json_int_t)m->n_listings, "lines", (json_int_t)m->listing_first_line,
			 (json_int_t)m->listing_last_line);
}

static json_t *snapshot_json(const struct isc_model *m)
{
	json_t *snap = json_object();

	json_object_set_new(snap, "source", jstr(m->source));
	json_object_set_new(snap, "kind", jstr(kind_name(m->kind)));
	json_object_set_new(snap, "format", str_or_null(m->host.snapshot_format));
	json_object_set_new(snap, "host", str_or_null(m->host.hostname));
	json_object_set_new(snap, "collected_at", str_or_null(m->host.collected_at));
	json_object_set_new(snap, "kernel", str_or_null(m->host.kernel));
	json_object_set_new(snap, "cmdline", str_or_null(m->host.cmdline));
	{
		json_t *params = json_array();

		for (size_t i = 0; i < m->host.n_params; i++)
			json_array_append_new(params, jstr(m->host.params[i]));
		json_object_set_new(snap, "cmdline_params", params);
	}
	json_object_set_new(snap, "cpu_vendor", str_or_null(m->host.cpu_vendor));
	json_object_set_new(snap, "board", json_pack("{s:o, s:o}", "vendor",
						     str_or_null(m->host.board_vendor), "name",
						     str_or_null(m->host.board_name)));
	json_object_set_new(snap, "bios", json_pack("{s:o, s:o, s:o}", "vendor",
						    str_or_null(m->host.bios_vendor), "version",
						    str_or_null(m->host.bios_version), "date",
						    str_or_null(m->host.bios_date)));
	json_object_set_new(snap, "config_space", jstr(cfg_name(m->host.config_access)));
	if (m->n_listings > 1)
		json_object_set_new(snap, "listing", listing_json(m));
	return snap;
}

static json_t *diags_json(const struct isc_model *m)
{
	json_t *diags = json_array();

	for (size_t i = 0; i < m->diags.n; i++)
		json_array_append_new(diags, json_pack("{s:o, s:i, s:o}", "source",
						       jstr(m->diags.v[i].source), "line",
						       (int)m->diags.v[i].line, "message",
						       jstr(m->diags.v[i].message)));
	return diags;
}

static json_t *finding_json(const struct isc_finding *f)
{
	json_t *o = json_object(), *subj = json_array(), *ev = json_array();

	json_object_set_new(o, "id", jstr(f->id));
	json_object_set_new(o, "severity", jstr(isc_severity_name(f->severity)));
	json_object_set_new(o, "title", jstr(f->title));
	json_object_set_new(o, "summary", str_or_null(f->summary));
	for (size_t i = 0; i < f->n_subjects; i++)
		json_array_append_new(subj, jstr(f->subjects[i]));
	json_object_set_new(o, "subjects", subj);
	for (size_t i = 0; i < f->n_evidence; i++)
		json_array_append_new(ev, json_pack("{s:o, s:o, s:o}", "path",
						    str_or_null(f->evidence[i].path), "line",
						    str_or_null(f->evidence[i].line), "line_number",
						    f->evidence[i].lineno
							    ? json_integer(f->evidence[i].lineno)
							    : json_null()));
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "fix", str_or_null(f->fix));
	return o;
}

static const char *tri_word(enum isc_tri t)
{
	return t == ISC_YES ? "yes" : t == ISC_NO ? "no" : "unknown";
}

/* One target's verdict: its group, what goes with it, what blocks it. */
static json_t *verdict_json(const struct isc_verdict *v)
{
	json_t *o = json_object(), *with = json_array(), *blockers = json_array();
	json_t *errors = json_array();

	json_object_set_new(o, "target", jstr(v->target));
	json_object_set_new(o, "group", int_or_null(v->group));
	json_object_set_new(o, "viable", jstr(tri_word(v->viable)));
	json_object_set_new(o, "reason", str_or_null(v->reason));
	for (size_t i = 0; i < v->n_errors; i++)
		json_array_append_new(errors, jstr(v->errors[i]));
	json_object_set_new(o, "errors", errors);
	for (size_t i = 0; i < v->n_with; i++) {
		const struct isc_verdict_device *w = &v->with[i];

		if (w->blocks)
			json_array_append_new(blockers, json_pack("{s:o, s:o, s:o}", "address",
								  jstr(w->address), "driver",
								  str_or_null(w->driver), "host_critical",
								  str_or_null(w->critical)));
		else
			json_array_append_new(with, json_pack("{s:o, s:s, s:o}", "address",
							      jstr(w->address), "relation",
							      w->relation, "driver",
							      str_or_null(w->driver)));
	}
	json_object_set_new(o, "goes_with", with);
	json_object_set_new(o, "blockers", blockers);
	return o;
}

static json_t *verdict_item(const void *report, size_t i)
{
	return verdict_json(&((const struct isc_report *)report)->verdicts[i]);
}

static json_t *finding_item(const void *report, size_t i)
{
	return finding_json(&((const struct isc_report *)report)->findings[i]);
}

int isc_render_json(const struct isc_model *m, const struct isc_report *rep, FILE *out)
{
	int r;

	fputc('{', out);
	key(out, "schema", 1);
	fputs("\"iommuscope.report/2\"", out);
	key(out, "snapshot", 0);
	r = emit(out, snapshot_json(m), 1);
	if (r == 0) {
		key(out, "iommu", 0);
		r = emit(out, iommu_json(m), 1);
	}
	if (r == 0) {
		key(out, "devices", 0);
		r = emit_array(out, m->n_devices, device_item, m);
	}
	if (r == 0) {
		key(out, "groups", 0);
		r = emit_array(out, m->n_groups, group_item, m);
	}
	if (r == 0) {
		json_t *targets = json_array();

		for (size_t i = 0; rep && i < rep->n_targets; i++)
			json_array_append_new(targets, jstr(rep->targets[i]));
		key(out, "targets", 0);
		r = emit(out, targets, 1);
	}
	if (r == 0) {
		key(out, "verdicts", 0);
		r = emit_array(out, rep && rep->verdicts ? rep->n_targets : 0, verdict_item, rep);
	}
	if (r == 0) {
		key(out, "findings", 0);
		r = emit_array(out, rep ? rep->n_findings : 0, finding_item, rep);
	}
	if (r == 0) {
		key(out, "diagnostics", 0);
		r = emit(out, diags_json(m), 1);
	}
	fputs("\n}\n", out);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}

int isc_render_groups_json(const struct isc_model *m, FILE *out)
{
	int r;

	fputc('{', out);
	key(out, "schema", 1);
	fputs("\"iommuscope.groups/1\"", out);
	r = 0;
	if (m->n_listings > 1) {
		key(out, "listing", 0);
		r = emit(out, listing_json(m), 1);
	}
	key(out, "iommu", 0);
	if (r == 0)
		r = emit(out, iommu_json(m), 1);
	if (r == 0) {
		key(out, "groups", 0);
		r = emit_array(out, m->n_groups, group_item, m);
	}
	if (r == 0) {
		key(out, "devices", 0);
		r = emit_array(out, m->n_devices, device_item, m);
	}
	fputs("\n}\n", out);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}
