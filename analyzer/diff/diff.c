/* SPDX-License-Identifier: MIT */
/*
 * Two reports in, a list of changes out (include/iommuscope/diff.h).
 *
 * Devices are matched first by address when what both sides know of them
 * agrees, then, among what is left, by identity (vendor:device, and the
 * subsystem and class when both sides have them) in address order: bus
 * renumbering after adding a card shows as "moved", not as removed and
 * added. Only facts both sides have are compared: a paste has no firmware,
 * often no drivers or command line, never virtual functions; such a fact is
 * listed once as not compared, and the findings that rest on it are left
 * out, so richer input on one side never reads as a change. Groups are compared as partitions over the matched devices (N1):
 * a group whose members now sit in several groups was split, a group whose
 * members came from several was merged. Every comparison is written so that
 * swapping before and after swaps the changes (appeared/disappeared,
 * split/merged, added/removed, before/after).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iommuscope/diff.h"

struct build {
	struct isc_diff *d;
	const struct isc_report *a, *b;
	long *match_ab; /* per device of a: index in b, or -1 */
	long *match_ba;
	int oom;
};

const char *isc_change_kind_name(enum isc_change_kind k)
{
	static const char *const names[] = {
		[ISC_CH_HOST] = "host",       [ISC_CH_CMDLINE] = "cmdline",
		[ISC_CH_GROUPS] = "groups",   [ISC_CH_DEVICE] = "device",
		[ISC_CH_TARGET] = "target",   [ISC_CH_VM] = "vm",
		[ISC_CH_FINDING] = "finding",
	};

	return k < _ISC_CH_MAX ? names[k] : "unknown";
}

static void change(struct build *x, enum isc_change_kind kind, const char *what,
		   const char *subject, const char *before, const char *after, char *text)
{
	struct isc_change *c;

	if (!text || isc_grow(&x->d->v, x->d->n, sizeof(*x->d->v)) < 0) {
		free(text);
		x->oom = 1;
		return;
	}
	c = &x->d->v[x->d->n++];
	c->kind = kind;
	c->what = what;
	c->subject = strdup(subject ? subject : "");
	c->before = before ? strdup(before) : NULL;
	c->after = after ? strdup(after) : NULL;
	c->text = text;
}

static const char *name_of(const struct isc_device *d)
{
	return d->name ? d->name : d->class_name ? d->class_name : "device";
}

/* Two values that differ only when both sides know them (-1: unknown). */
static int differ(int p, int q)
{
	return p >= 0 && q >= 0 && p != q;
}

/* Class and subclass: lspci -nn prints no programming interface, sysfs does. */
static int differ_class(const struct isc_device *p, const struct isc_device *q)
{
	return differ(p->class_code < 0 ? -1 : p->class_code >> 8,
		      q->class_code < 0 ? -1 : q->class_code >> 8);
}

/*
 * The same device by what both sides tell: vendor:device, and the subsystem
 * and class when both have them. Plain lspci pastes carry no ids: then the
 * names must agree.
 */
static int same_identity(const struct isc_device *p, const struct isc_device *q)
{
	if (p->vendor < 0 || q->vendor < 0)
		return p->name && q->name && !strcmp(p->name, q->name) && p->class_name &&
		       q->class_name && !strcmp(p->class_name, q->class_name);
	return p->vendor == q->vendor && p->device == q->device &&
	       !differ(p->subsys_vendor, q->subsys_vendor) &&
	       !differ(p->subsys_device, q->subsys_device) && !differ_class(p, q);
}

/* At one address, nothing either side knows contradicts the other. */
static int compatible(const struct isc_device *p, const struct isc_device *q)
{
	if (p->vendor >= 0 && q->vendor >= 0)
		return same_identity(p, q);
	/* neither has ids (plain lspci both times): the names tell */
	if (p->vendor < 0 && q->vendor < 0 && p->name && q->name)
		return same_identity(p, q);
	/* one side has no ids (a find listing, plain lspci): the class may still tell */
	return !differ_class(p, q);
}

/* ---- what each side knows -------------------------------------------------------------- */

/* Virtual functions are linked to their PF only in a sysfs tree. */
static int knows_vfs(const struct isc_model *m)
{
	return m->kind != ISC_SNAPSHOT_PASTE;
}

/* Groups: a snapshot tells even their absence (the IOMMU off); a paste only by listing them. */
static int knows_groups(const struct isc_model *m)
{
	return m->kind != ISC_SNAPSHOT_PASTE ||
	       (m->host.groups_from && strcmp(m->host.groups_from, "none"));
}

static void not_compared(struct build *x, char *text)
{
	if (!text || isc_grow(&x->d->not_compared, x->d->n_not_compared,
			      sizeof(*x->d->not_compared)) < 0) {
		free(text);
		x->oom = 1;
		return;
	}
	x->d->not_compared[x->d->n_not_compared++] = text;
}

/*
 * A fact that @a or @b lacks: 1 (noted once, by @what, when only one side
 * lacks it: neither having it can read as no change); 0 when both have it.
 */
static int unknown_side(struct build *x, const char *what, int a, int b)
{
	if (a && b)
		return 0;
	if (a || b)
		not_compared(x, isc_strdupf("%s: not known %s.", what, !a ? "before" : "after"));
	return 1;
}

/* ---- devices ------------------------------------------------------------------------- */

static void match_devices(struct build *x)
{
	const struct isc_model *ma = x->a->model, *mb = x->b->model;

	for (size_t i = 0; i < ma->n_devices; i++)
		x->match_ab[i] = -1;
	for (size_t j = 0; j < mb->n_devices; j++)
		x->match_ba[j] = -1;
	/* Same address, and nothing known of the two contradicts. */
	for (size_t i = 0; i < ma->n_devices; i++) {
		const struct isc_device *q = isc_model_find(mb, ma->devices[i].address);

		if (q && compatible(&ma->devices[i], q)) {
			x->match_ab[i] = q - mb->devices;
			x->match_ba[q - mb->devices] = (long)i;
		}
	}
	/* Moved: the same identity at another address, first come first served. */
	for (size_t i = 0; i < ma->n_devices; i++) {
		if (x->match_ab[i] >= 0 || ma->devices[i].is_virtfn)
			continue;
		for (size_t j = 0; j < mb->n_devices; j++)
			if (x->match_ba[j] < 0 && !mb->devices[j].is_virtfn &&
			    same_identity(&ma->devices[i], &mb->devices[j])) {
				x->match_ab[i] = (long)j;
				x->match_ba[j] = (long)i;
				break;
			}
	}
}

/* Virtual functions per device, counted in one pass (new array, or NULL). */
static size_t *count_vfs(const struct isc_model *m)
{
	size_t *n = calloc(m->n_devices + 1, sizeof(*n));

	for (size_t i = 0; n && i < m->n_devices; i++)
		if (m->devices[i].physfn)
			n[m->devices[i].physfn - m->devices]++;
	return n;
}

static void device_changes(struct build *x)
{
	const struct isc_model *ma = x->a->model, *mb = x->b->model;
	size_t *vfa = count_vfs(ma), *vfb = count_vfs(mb);
	int drivers = !unknown_side(x, "Drivers", isc_model_knows_drivers(ma), isc_model_knows_drivers(mb));
	int vfs = knows_vfs(ma) && knows_vfs(mb);

	if (!vfa || !vfb) {
		free(vfa);
		free(vfb);
		x->oom = 1;
		return;
	}
	for (size_t i = 0; i < ma->n_devices; i++) {
		const struct isc_device *p = &ma->devices[i], *q;

		if (x->match_ab[i] < 0) {
			if (!p->is_virtfn) /* VFs are counted per PF below */
				change(x, ISC_CH_DEVICE, "device.disappeared", p->address, p->address,
				       NULL, isc_strdupf("%s %s disappeared.", p->address, name_of(p)));
			continue;
		}
		q = &mb->devices[x->match_ab[i]];
		if (strcmp(p->address, q->address))
			change(x, ISC_CH_DEVICE, "device.moved", p->address, p->address, q->address,
			       isc_strdupf("%s %s moved to %s.", p->address, name_of(p), q->address));
		if (drivers && (p->driver || q->driver) &&
		    (!p->driver || !q->driver || strcmp(p->driver, q->driver)))
			change(x, ISC_CH_DEVICE, "device.driver", q->address,
			       p->driver ? p->driver : "none", q->driver ? q->driver : "none",
			       isc_strdupf("%s: driver %s → %s.", q->address, p->driver ? p->driver : "none",
				   q->driver ? q->driver : "none"));
		if (p->link_width >= 0 && q->link_width >= 0 &&
		    (p->link_width != q->link_width ||
		     strcmp(p->link_speed ? p->link_speed : "", q->link_speed ? q->link_speed : ""))) {
			char *before = isc_strdupf("%s x%d", p->link_speed ? p->link_speed : "?", p->link_width);
			char *after = isc_strdupf("%s x%d", q->link_speed ? q->link_speed : "?", q->link_width);

			if (before && after)
				change(x, ISC_CH_DEVICE, "device.link", q->address, before, after,
				       isc_strdupf("%s: link %s → %s.", q->address, before, after));
			free(before);
			free(after);
		}
		if (vfs && !p->is_virtfn && vfa[i] != vfb[x->match_ab[i]]) {
			char before[32], after[32];

			snprintf(before, sizeof(before), "%zu", vfa[i]);
			snprintf(after, sizeof(after), "%zu", vfb[x->match_ab[i]]);
			change(x, ISC_CH_DEVICE, "device.vfs", q->address, before, after,
			       isc_strdupf("%s: %s → %s virtual functions.", q->address, before, after));
		}
	}
	for (size_t j = 0; j < mb->n_devices; j++)
		if (x->match_ba[j] < 0 && !mb->devices[j].is_virtfn)
			change(x, ISC_CH_DEVICE, "device.appeared", mb->devices[j].address, NULL,
			       mb->devices[j].address, isc_strdupf("%s %s appeared.", mb->devices[j].address,
							  name_of(&mb->devices[j])));
	free(vfa);
	free(vfb);
}

/* ---- groups as partitions -------------------------------------------------------------- */

static const struct isc_group *group_by_id(const struct isc_model *m, int id)
{
	for (size_t g = 0; g < m->n_groups; g++)
		if (m->groups[g].id == id)
			return &m->groups[g];
	return NULL;
}

/*
 * For every group of @from, the groups of @to its matched members landed in;
 * more than one is a split (or, called the other way round, a merge).
 */
static void partition(struct build *x, const struct isc_model *from, const struct isc_model *to,
		      const long *match, int reverse)
{
	for (size_t g = 0; g < from->n_groups; g++) {
		const struct isc_group *grp = &from->groups[g];
		int ids[64];
		size_t n = 0;
		char members[512] = "";

		for (size_t i = 0; i < grp->n; i++) {
			long k = match[grp->devices[i] - from->devices];
			int id;
			size_t j;

			if (k < 0 || (id = to->devices[k].group) < 0)
				continue;
			for (j = 0; j < n && ids[j] != id; j++)
				;
			if (j == n && n < sizeof(ids) / sizeof(ids[0]))
				ids[n++] = id;
		}
		if (n < 2)
			continue;
		for (size_t j = 0; j < n; j++) {
			const struct isc_group *t = group_by_id(to, ids[j]);
			size_t len = strlen(members);

			snprintf(members + len, sizeof(members) - len, "%s%s", j ? "; " : "",
				 t && t->n ? t->devices[0]->address + 5 : "?");
			if (t && t->n > 1) {
				len = strlen(members);
				snprintf(members + len, sizeof(members) - len, " and %zu more", t->n - 1);
			}
		}
		{
			char before[32], after[32], subject[64];

			snprintf(subject, sizeof(subject), "%s", grp->devices[0]->address);
			snprintf(before, sizeof(before), "1 group of %zu", grp->n);
			snprintf(after, sizeof(after), "%zu groups", n);
			if (!reverse)
				change(x, ISC_CH_GROUPS, "groups.split", subject, before, after,
				       isc_strdupf("Group %d (%zu devices) split into %zu: %s.", grp->id, grp->n, n,
					   members));
			else
				change(x, ISC_CH_GROUPS, "groups.merged", subject, after, before,
				       isc_strdupf("%zu groups merged into group %d (%zu devices): %s.", n, grp->id,
					   grp->n, members));
		}
	}
}

/* ---- host, parameters, findings, targets, VMs ------------------------------------------ */

static void host_value(struct build *x, const char *subject, const char *before,
		       const char *after)
{
	if (!before && !after)
		return;
	if (!before || !after) {
		not_compared(x, isc_strdupf("%c%s: not known %s (%s: %s).", subject[0] & ~0x20,
					    subject + 1, before ? "after" : "before",
					    before ? "before" : "after", before ? before : after));
		return;
	}
	if (!strcmp(before, after))
		return;
	change(x, ISC_CH_HOST, "host.changed", subject, before, after,
	       isc_strdupf("%s: %s → %s.", subject, before ? before : "unknown", after ? after : "unknown"));
}

static const char *tri_text(enum isc_tri t, const char *yes, const char *no)
{
	return t == ISC_YES ? yes : t == ISC_NO ? no : NULL;
}

static void host_changes(struct build *x)
{
	const struct isc_host *ha = &x->a->model->host, *hb = &x->b->model->host;

	host_value(x, "kernel", ha->kernel, hb->kernel);
	host_value(x, "IOMMU", tri_text(ha->iommu_on, "on", "off"), tri_text(hb->iommu_on, "on", "off"));
	host_value(x, "interrupt remapping", tri_text(x->a->irq_remapping, "on", "off"),
		   tri_text(x->b->irq_remapping, "on", "off"));
	host_value(x, "BIOS version", ha->bios_version, hb->bios_version);
	host_value(x, "BIOS date", ha->bios_date, hb->bios_date);
	host_value(x, "bootloader", x->a->bootloader, x->b->bootloader);
}

static int has_param(const struct isc_host *h, const char *p)
{
	for (size_t i = 0; i < h->n_params; i++)
		if (!strcmp(h->params[i], p))
			return 1;
	return 0;
}

static void param_changes(struct build *x)
{
	const struct isc_host *ha = &x->a->model->host, *hb = &x->b->model->host;

	if (unknown_side(x, "Kernel command line", ha->cmdline != NULL, hb->cmdline != NULL))
		return;
	for (size_t i = 0; i < ha->n_params; i++)
		if (!has_param(hb, ha->params[i]) && strncmp(ha->params[i], "BOOT_IMAGE=", 11))
			change(x, ISC_CH_CMDLINE, "cmdline.removed", ha->params[i], ha->params[i], NULL,
			       isc_strdupf("Kernel parameter %s removed.", ha->params[i]));
	for (size_t i = 0; i < hb->n_params; i++)
		if (!has_param(ha, hb->params[i]) && strncmp(hb->params[i], "BOOT_IMAGE=", 11))
			change(x, ISC_CH_CMDLINE, "cmdline.added", hb->params[i], NULL, hb->params[i],
			       isc_strdupf("Kernel parameter %s added.", hb->params[i]));
}

/* A finding's key: its id and the device addresses it names (group numbers are labels). */
static char *finding_key(const struct isc_finding *f)
{
	size_t len = strlen(f->id) + 1;
	char *k;

	for (size_t i = 0; i < f->n_subjects; i++)
		len += strlen(f->subjects[i]) + 1;
	k = malloc(len + 1);
	if (!k)
		return NULL;
	strcpy(k, f->id);
	for (size_t i = 0; i < f->n_subjects; i++)
		if (strncmp(f->subjects[i], "group ", 6)) {
			strcat(k, " ");
			strcat(k, f->subjects[i]);
		}
	return k;
}

static const struct isc_finding *find_finding(const struct isc_report *r, const char *key)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		char *k = finding_key(&r->findings[i]);
		int same = k && !strcmp(k, key);

		free(k);
		if (same)
			return &r->findings[i];
	}
	return NULL;
}

/* The facts a finding rests on (by id prefix), as bits of enum fact. */
enum fact { F_CMDLINE = 1, F_DRIVERS = 2, F_IRQ = 4, F_GROUPS = 8, F_CFG = 16, F_SNAPSHOT = 32 };

static unsigned facts_of(const char *id)
{
	static const struct {
		const char *prefix;
		unsigned facts;
	} t[] = {
		{"cmdline.", F_CMDLINE},
		{"acs.override", F_CMDLINE},
		{"iommu.param_missing", F_CMDLINE},
		{"iommu.unsafe_interrupts", F_CMDLINE},
		{"iommu.irq_remap", F_IRQ | F_GROUPS},
		{"iommu.disabled", F_GROUPS},
		{"vfio.", F_DRIVERS},
		{"passthrough.group_not_viable", F_DRIVERS | F_GROUPS},
		{"passthrough.host_critical", F_DRIVERS | F_GROUPS},
		{"group.", F_GROUPS},
		{"reset.", F_CFG},
		{"snapshot.", F_SNAPSHOT},
		{"boot.", F_SNAPSHOT},
		{"firmware.", F_SNAPSHOT},
		{"host.", F_SNAPSHOT},
		{"sim.", F_CFG},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strncmp(id, t[i].prefix, strlen(t[i].prefix)))
			return t[i].facts;
	return 0;
}

/* The facts @r lacks. */
static unsigned facts_lacking(const struct isc_report *r)
{
	const struct isc_model *m = r->model;
	unsigned missing = 0;

	if (!m->host.cmdline)
		missing |= F_CMDLINE;
	if (!isc_model_knows_drivers(m))
		missing |= F_DRIVERS;
	if (r->irq_remapping == ISC_UNKNOWN)
		missing |= F_IRQ;
	if (!knows_groups(m))
		missing |= F_GROUPS;
	if (m->host.config_access < ISC_CFG_STANDARD)
		missing |= F_CFG;
	if (m->kind == ISC_SNAPSHOT_PASTE)
		missing |= F_SNAPSHOT;
	return missing;
}

/* The facts one side has and the other lacks (lacking both, the findings agree). */
static unsigned facts_missing(const struct isc_report *a, const struct isc_report *b)
{
	return facts_lacking(a) ^ facts_lacking(b);
}

static void finding_changes(struct build *x, const struct isc_report *from,
			    const struct isc_report *to, int reverse)
{
	unsigned missing = facts_missing(from, to);

	for (size_t i = 0; i < from->n_findings; i++) {
		const struct isc_finding *f = &from->findings[i];
		char *key, *what;
		const struct isc_finding *g;
		const char *sev = isc_severity_name(f->severity);

		if (facts_of(f->id) & missing) {
			/* once per id, from the forward pass */
			what = isc_strdupf("Finding %s: rests on facts one side lacks.", f->id);
			for (size_t k = 0; what && k < x->d->n_not_compared; k++)
				if (!strcmp(x->d->not_compared[k], what)) {
					free(what);
					what = NULL;
					break;
				}
			if (what)
				not_compared(x, what);
			continue;
		}
		key = finding_key(f);
		g = key ? find_finding(to, key) : NULL;
		if (!key) {
			x->oom = 1;
			continue;
		}
		if (!g)
			change(x, ISC_CH_FINDING, reverse ? "finding.appeared" : "finding.disappeared",
			       key, reverse ? NULL : sev, reverse ? sev : NULL,
			       isc_strdupf("%s %s %s: %s", sev, f->id, reverse ? "appeared" : "disappeared",
				   f->title));
		else if (!reverse && g->severity != f->severity)
			change(x, ISC_CH_FINDING, "finding.severity", key, sev,
			       isc_severity_name(g->severity),
			       isc_strdupf("%s changed from %s to %s.", f->id, sev,
				   isc_severity_name(g->severity)));
		free(key);
	}
}

static void target_changes(struct build *x)
{
	const struct isc_model *ma = x->a->model, *mb = x->b->model;

	for (size_t t = 0; t < x->b->n_targets; t++) {
		const struct isc_device *q = isc_model_find(mb, x->b->targets[t]);
		long i = q ? x->match_ba[q - mb->devices] : -1;
		char *before, *after;

		if (i < 0)
			continue;
		before = isc_report_verdict(x->a, ma->devices[i].address);
		after = isc_report_verdict(x->b, q->address);
		if (before && after && strcmp(before, after))
			change(x, ISC_CH_TARGET, "target.verdict", q->address, before, after,
			       isc_strdupf("%s: %s → %s.", q->address, before, after));
		free(before);
		free(after);
	}
}

/* The device a VM entry names, described: "0000:03:00.0 AQC113 [1d6a:14c0]" or NULL. */
static char *named(const struct isc_model *m, const char *address)
{
	const struct isc_device *d = strlen(address) == 12 ? isc_model_find(m, address) : NULL;
	char full[16];

	if (!d && strlen(address) == 10) { /* every function: describe function 0 */
		snprintf(full, sizeof(full), "%s.0", address);
		d = isc_model_find(m, full);
	}
	if (!d)
		return NULL;
	return isc_strdupf("%s %s [%04x:%04x]", address, name_of(d), (unsigned)d->vendor & 0xffff,
		   (unsigned)d->device & 0xffff);
}

static void vm_changes(struct build *x)
{
	for (size_t i = 0; i < x->b->n_vm_entries; i++) {
		const struct isc_vm_entry *e = &x->b->vm_entries[i];
		char *before = named(x->a->model, e->address), *after = named(x->b->model, e->address);
		char subject[160];

		snprintf(subject, sizeof(subject), "VM %s %s", e->vm, e->entry);
		/* The entry names the same address; did the device behind it change? */
		if (before && (!after || strcmp(strchr(before, ' '), strchr(after, ' '))))
			change(x, ISC_CH_VM, "vm.drift", subject, before, after,
			       isc_strdupf("%s names %s: that was %s, now %s.", subject, e->address,
				   strchr(before, ' ') + 1, after ? strchr(after, ' ') + 1
								  : "nothing (no device there)"));
		free(before);
		free(after);
	}
}

/* ---- the whole ------------------------------------------------------------------------ */

static int cmp_change(const void *p, const void *q)
{
	const struct isc_change *a = p, *b = q;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = strcmp(a->what, b->what);
	return c ? c : strcmp(a->subject, b->subject);
}

static int cmp_str(const void *p, const void *q)
{
	return strcmp(*(char *const *)p, *(char *const *)q);
}

/* The effect that matters most: IOMMU, groups, targets, VMs, then the first change. */
static char *headline(const struct isc_diff *d)
{
	static const char *const order[] = {"host.changed", "groups.split", "groups.merged",
					    "target.verdict", "vm.drift", "device.moved", NULL};

	if (!d->n)
		return strdup("No change.");
	for (const char *const *w = order; *w; w++)
		for (size_t i = 0; i < d->n; i++)
			if (!strcmp(d->v[i].what, *w) &&
			    (strcmp(*w, "host.changed") || !strcmp(d->v[i].subject, "IOMMU")))
				return strdup(d->v[i].text);
	return strdup(d->v[0].text);
}

void isc_diff_free(struct isc_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].subject);
		free(d->v[i].before);
		free(d->v[i].after);
		free(d->v[i].text);
	}
	free(d->v);
	for (size_t i = 0; i < d->n_not_compared; i++)
		free(d->not_compared[i]);
	free(d->not_compared);
	free(d->headline);
	free(d);
}

int isc_diff_build(const struct isc_report *a, const struct isc_report *b, struct isc_diff **ret)
{
	struct build x = {.a = a, .b = b};

	x.d = calloc(1, sizeof(*x.d));
	x.match_ab = malloc((a->model->n_devices + 1) * sizeof(long));
	x.match_ba = malloc((b->model->n_devices + 1) * sizeof(long));
	if (!x.d || !x.match_ab || !x.match_ba) {
		free(x.match_ab);
		free(x.match_ba);
		isc_diff_free(x.d);
		return -ENOMEM;
	}
	match_devices(&x);
	host_changes(&x);
	param_changes(&x);
	partition(&x, a->model, b->model, x.match_ab, 0);
	partition(&x, b->model, a->model, x.match_ba, 1);
	device_changes(&x);
	target_changes(&x);
	vm_changes(&x);
	finding_changes(&x, a, b, 0);
	finding_changes(&x, b, a, 1);
	free(x.match_ab);
	free(x.match_ba);
	if (x.d->n_not_compared)
		qsort(x.d->not_compared, x.d->n_not_compared, sizeof(char *), cmp_str);
	if (x.d->n)
		qsort(x.d->v, x.d->n, sizeof(*x.d->v), cmp_change);
	x.d->headline = headline(x.d);
	if (x.oom || !x.d->headline) {
		isc_diff_free(x.d);
		return -ENOMEM;
	}
	*ret = x.d;
	return 0;
}
