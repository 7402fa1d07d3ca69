/* SPDX-License-Identifier: MIT */
/*
 * whatif (include/iommuscope/whatif.h): today's report, a copy of the model
 * with the cards moved and the command line changed, the simulator's
 * groups written into it, and the report and diff of that prediction. The
 * prediction's model is marked predicted, so the rules that judge a running
 * kernel by its own log stay silent about it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iommuscope/whatif.h"

#define SLOT_NAME_MAX 64

struct build {
	struct isc_whatif *w;
	const struct isc_model *m;
	struct isc_model *c;    /* the copy that becomes the prediction */
	struct isc_error *err;
};

static int push(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

static const char *short_addr(const char *a)
{
	return strncmp(a, "0000:", 5) ? a : a + 5;
}

static const char *name_of(const struct isc_device *d)
{
	return d->name ? d->name : d->class_name ? d->class_name : "device";
}

/* ---- moves ------------------------------------------------------------------------------ */

/* "01:00", "0000:01:00", "01:00.0" or "0000:01:00.1": the card's slot. */
static int parse_card(const char *s, size_t len, unsigned *dom, unsigned *bus, unsigned *dev)
{
	char buf[32], tail;
	unsigned fn;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*dom = 0;
	if (sscanf(buf, "%x:%x:%x.%x%c", dom, bus, dev, &fn, &tail) == 4 ||
	    sscanf(buf, "%x:%x:%x%c", dom, bus, dev, &tail) == 3 ||
	    (*dom = 0, sscanf(buf, "%x:%x.%x%c", bus, dev, &fn, &tail) == 3) ||
	    sscanf(buf, "%x:%x%c", bus, dev, &tail) == 2)
		return *dom <= 0xffff && *bus <= 0xff && *dev <= 0x1f ? 0 : -1;
	return -1;
}

/* A port by address, or by the name of a physical slot (S7). */
static struct isc_device *find_port(struct build *b, const char *name, char **slot_said)
{
	const struct isc_facts *facts = b->m->facts;
	const char *said = NULL;
	size_t len;
	unsigned dom, bus, dev;
	const struct isc_device *f = isc_model_find(b->c, name);
	struct isc_device *d = f ? &b->c->devices[f - b->c->devices] : NULL;

	*slot_said = NULL;
	if (d)
		return d;
	/* a slot name is one path component: nothing that could leave sys/bus/pci/slots */
	len = strlen(name);
	if (!len || len > SLOT_NAME_MAX || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return NULL;
	for (size_t i = 0; i < facts->n_slots && !said; i++)
		if (!strcmp(facts->slots[i].name, name))
			said = facts->slots[i].address;
	if (said && sscanf(said, "%x:%x:%x", &dom, &bus, &dev) == 3) {
		for (size_t i = 0; i < b->c->n_devices && !d; i++) {
			struct isc_device *p = &b->c->devices[i];

			if (p->is_bridge && p->domain == dom && p->secondary_bus == (int)bus)
				d = p;
		}
	}
	if (d)
		*slot_said = isc_strdupf(" (slot %s)", name);
	return d;
}

static int in_card(const struct isc_device *d, unsigned dom, unsigned bus, unsigned dev)
{
	if (d->is_virtfn && d->physfn)
		d = d->physfn;
	return d->domain == dom && d->bus == bus && d->dev == dev;
}

/* Is @d at or below the card's functions? */
static int below_card(const struct isc_device *d, unsigned dom, unsigned bus, unsigned dev)
{
	for (size_t hops = 0; d && hops < 4096; d = d->parent, hops++)
		if (in_card(d, dom, bus, dev))
			return 1;
	return 0;
}

static int bad(struct build *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct build *b, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(b->err->text, sizeof(b->err->text), f, ap);
	va_end(ap);
	return -EINVAL;
}

/* --move CARD=PORT: re-parent every function of the card (and its VFs) under PORT. */
static int move_card(struct build *b, const char *spec)
{
	const char *eq = strchr(spec, '=');
	unsigned dom, bus, dev;
	struct isc_device *port, *first = NULL;
	char *slot = NULL, *said;
	unsigned char *moving;
	size_t n = 0;
	int sec, r;

	if (!eq || parse_card(spec, (size_t)(eq - spec), &dom, &bus, &dev) < 0)
		return bad(b, "--move '%.80s': expected CARD=PORT, CARD like 01:00 and PORT a "
			      "bridge address or a slot name", spec);
	for (size_t i = 0; i < b->c->n_devices; i++)
		if (!b->c->devices[i].is_virtfn && in_card(&b->c->devices[i], dom, bus, dev) && !n++)
			first = &b->c->devices[i];
	if (!first)
		return bad(b, "--move: %s has no device at %.*s", b->m->source, (int)(eq - spec), spec);
	port = find_port(b, eq + 1, &slot);
	if (!port || !port->is_bridge || port->secondary_bus < 0) {
		free(slot);
		return bad(b, "--move: %.80s is neither a bridge of %s nor a slot in its "
			      "sys/bus/pci/slots", eq + 1, b->m->source);
	}
	if (port->pcie_type != ISC_PCIE_ROOT_PORT && port->pcie_type != ISC_PCIE_DOWNSTREAM &&
	    port->pcie_type != ISC_PCIE_UNKNOWN) {
		free(slot);
		return bad(b, "--move: %s is a %s, not a root or downstream port a card plugs into",
			   port->address, isc_pcie_type_name(port->pcie_type));
	}
	if (below_card(port, dom, bus, dev)) {
		free(slot);
		return bad(b, "--move: %s is on the card itself", port->address);
	}
	for (size_t i = 0; i < b->c->n_devices; i++) {
		const struct isc_device *d = &b->c->devices[i];

		if (d->parent == port && !d->is_virtfn && !in_card(d, dom, bus, dev)) {
			free(slot);
			return bad(b, "--move: %s already holds %s (%s); move that card away too or "
				      "pick an empty slot", port->address, d->address, name_of(d));
		}
	}
	sec = port->secondary_bus;
	said = isc_strdupf("move %s (%s) under %s %s%s: its functions become %04x:%02x:00.x",
		   short_addr(first->address), name_of(first), isc_pcie_type_name(port->pcie_type),
		   short_addr(port->address), slot ? slot : "", port->domain, sec);
	free(slot);
	if ((r = push(&b->w->asked, &b->w->n_asked, said)) < 0)
		return r;
	/* Mark first: moving a PF must not hide its VFs from in_card(). */
	if (!(moving = calloc(b->c->n_devices + 1, 1)))
		return -ENOMEM;
	for (size_t i = 0; i < b->c->n_devices; i++)
		moving[i] = (unsigned char)in_card(&b->c->devices[i], dom, bus, dev);
	for (size_t i = 0; i < b->c->n_devices; i++) {
		struct isc_device *d = &b->c->devices[i];

		if (!moving[i])
			continue;
		d->parent = port;
		d->domain = port->domain;
		if (d->bus == bus) /* the card's own bus; a VF on a bus of its own keeps it */
			d->bus = (unsigned)sec;
		if (!d->is_virtfn)
			d->dev = 0; /* M2: below a port, only device 0 */
	}
	free(moving);
	return 0;
}

/* ---- the command line of the prediction ------------------------------------------------- */

static int keep_param(const char *p, const struct isc_whatif_options *o)
{
	if (o->iommu_on && (!strcmp(p, "intel_iommu=off") || !strcmp(p, "amd_iommu=off")))
		return 0; /* turning the IOMMU on means dropping what turned it off */
	return !(o->acs_override && !strncmp(p, "pcie_acs_override=", 18));
}

/* "pci=a,disable_acs_redir=X,b" without its disable_acs_redir item; NULL if nothing is left. */
static char *pci_without_redir(const char *p)
{
	char *out = malloc(strlen(p) + 1), *w;
	const char *o = p + 4;

	if (!out)
		return NULL;
	w = out + sprintf(out, "pci=");
	while (*o) {
		size_t len = strcspn(o, ",");

		if (strncmp(o, "disable_acs_redir=", 18)) {
			if (w > out + 4)
				*w++ = ',';
			memcpy(w, o, len);
			w += len;
		}
		o += len + (o[len] == ',');
	}
	*w = '\0';
	if (w == out + 4)
		out[0] = '\0';
	return out;
}

static int set_cmdline(struct build *b, const struct isc_whatif_options *o)
{
	struct isc_host *h = &b->c->host;
	char **v = NULL, *line;
	size_t n = 0, len = 1;
	int r = 0, intel_on = 0;

	for (size_t i = 0; i < h->n_params && !r; i++) {
		const char *p = h->params[i];

		intel_on |= !strcmp(p, "intel_iommu=on");
		if (!keep_param(p, o))
			continue;
		if (o->disable_acs_redir && !strncmp(p, "pci=", 4)) {
			char *q = pci_without_redir(p);

			if (q && !q[0])
				free(q);
			else
				r = push(&v, &n, q);
			continue;
		}
		r = push(&v, &n, strdup(p));
	}
	if (!r && o->acs_override && o->acs_override[0])
		r = push(&v, &n, isc_strdupf("pcie_acs_override=%s", o->acs_override));
	if (!r && o->disable_acs_redir && o->disable_acs_redir[0])
		r = push(&v, &n, isc_strdupf("pci=disable_acs_redir=%s", o->disable_acs_redir));
	if (!r && o->iommu_on && !intel_on &&
	    ((h->cpu_vendor && !strcmp(h->cpu_vendor, "GenuineIntel")) ||
	     (h->iommu_vendor && !strcmp(h->iommu_vendor, "intel"))))
		r = push(&v, &n, strdup("intel_iommu=on"));
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	line = r ? NULL : calloc(1, len);
	for (size_t i = 0; line && i < n; i++) {
		strcat(line, i ? " " : "");
		strcat(line, v[i]);
	}
	for (size_t i = 0; i < h->n_params; i++)
		free(h->params[i]);
	free(h->params);
	free(h->cmdline);
	h->params = v;
	h->n_params = n;
	h->cmdline = line;
	return r ? r : line ? 0 : -ENOMEM;
}

/* ---- the cost of the override ----------------------------------------------------------- */

static char *member_list(const struct isc_model *m, const size_t *v, size_t n)
{
	char buf[256] = "";
	size_t shown = n > 6 ? 5 : n;

	for (size_t k = 0; k < shown; k++) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "%s%s", k ? (k + 1 == n ? " and " : ", ") : "",
			 short_addr(m->devices[v[k]].address));
	}
	if (shown < n)
		return isc_strdupf("%s and %zu more", buf, n - shown);
	return strdup(buf);
}

/* Groups the override splits: their devices still reach each other (O5). */
static int security(struct build *b)
{
	struct isc_whatif *w = b->w;
	struct isc_sim_params p0 = w->params;
	struct isc_sim *base = NULL;
	int r = 0;

	if (!w->params.override && !w->params.n_override_ids)
		return 0;
	p0.override = 0;
	p0.n_override_ids = 0;
	if (isc_sim_run(b->c, &p0, &base) < 0)
		return -ENOMEM;
	for (size_t g = 0; g < base->n_groups && !r; g++) {
		const struct isc_sim_group *bg = &base->groups[g];
		size_t parts = bg->n > 1 ? isc_sim_groups_among(w->sim, bg->members, bg->n) : 1;
		char *who;

		if (parts < 2)
			continue;
		who = member_list(b->c, bg->members, bg->n);
		r = push(&w->security, &w->n_security,
			 who ? isc_strdupf("%s share one group without the override (%s). The override splits "
				   "them into %zu groups, but the hardware still lets them reach each "
				   "other by peer-to-peer DMA: a VM given one of them can read and "
				   "write memory the others use.",
				   who, bg->n_reasons ? bg->reasons[0] : "they are not isolated", parts)
			     : NULL);
		free(who);
	}
	isc_sim_free(base);
	return r;
}

/* ---- a prediction over unknown facts: never a merge ------------------------------------- */

/*
 * Does the request only add isolation? pcie_acs_override only ever declares
 * ports and functions isolated (O1), so it can split today's groups and
 * never merge them; moves, turning the IOMMU on and pci=disable_acs_redir
 * (which takes redirection away) can do both.
 */
static int only_isolates(const struct build *b, const struct isc_whatif_options *o)
{
	const struct isc_sim_params *run = &b->w->before->sim_params, *want = &b->w->params;

	if (!o->acs_override || o->n_moves || o->disable_acs_redir ||
	    (o->iommu_on && b->m->host.iommu_on != ISC_YES) || (run->override & ~want->override))
		return 0;
	for (size_t i = 0; i < run->n_override_ids; i++) {
		size_t j = 0;

		while (j < want->n_override_ids && want->override_ids[j] != run->override_ids[i])
			j++;
		if (j == want->n_override_ids)
			return 0;
	}
	return 1;
}

struct cut {
	long today, label; /* today's group (-1 none) and the simulated label */
	size_t i;          /* device */
};

static int cmp_cut(const void *p, const void *q)
{
	const struct cut *x = p, *y = q;

	if (x->label != y->label)
		return x->label < y->label ? -1 : 1;
	if (x->today != y->today)
		return x->today < y->today ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Relabel @label (per device, -1 none) so that no group spans two of
 * today's groups: the meet of the two partitions, labels in order of each
 * group's first device. Returns the number of groups, or <0 on OOM; @cut_from
 * (may be NULL) gets, per new label, the old one.
 */
static long meet(const long *today, long *label, size_t n, long **cut_from)
{
	struct cut *v = malloc((n ? n : 1) * sizeof(*v));
	long *first = malloc((n ? n : 1) * sizeof(*first)), *from = NULL, next = 0;
	size_t k = 0;

	if (!v || !first)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (label[i] >= 0)
			v[k++] = (struct cut){today[i], label[i], i};
	qsort(v, k, sizeof(*v), cmp_cut);
	/* a piece is a run of equal (label, today); name pieces by their first device */
	for (size_t a = 0; a < k;) {
		size_t z = a;

		while (z < k && v[z].label == v[a].label && v[z].today == v[a].today)
			z++;
		for (size_t j = a; j < z; j++)
			first[v[j].i] = (long)v[a].i;
		a = z;
	}
	from = malloc((n ? n : 1) * sizeof(*from));
	if (!from)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		if (label[i] < 0 || first[i] != (long)i)
			continue;
		from[next] = label[i];
		first[i] = -2 - next++; /* the piece led by i gets label next */
	}
	for (size_t i = 0; i < n; i++)
		if (label[i] >= 0)
			label[i] = first[i] < -1 ? -2 - first[i] : -2 - first[first[i]];
	free(v);
	free(first);
	if (cut_from)
		*cut_from = from;
	else
		free(from);
	return next;
oom:
	free(v);
	free(first);
	free(from);
	return -ENOMEM;
}

/*
 * Without config space the simulator cannot tell whether today's separate
 * groups are separate because of ACS it cannot see; the kernel's own
 * groups can. An override only splits, so each predicted group (the
 * coarsest outcome and the finest) is cut along today's groups: the
 * prediction is a range between the two, and never a merge.
 */
static int bound_by_today(struct build *b, const size_t *old_index)
{
	struct isc_sim *s = b->w->sim;
	size_t n = b->c->n_devices;
	long *today = malloc((n ? n : 1) * sizeof(*today)), *label = NULL, *from = NULL, ng;
	struct isc_sim_group *groups = NULL;
	int r = -ENOMEM;

	if (!today || !(label = malloc((n ? n : 1) * sizeof(*label))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		today[i] = b->m->devices[old_index[i]].group;
		label[i] = s->dev[i].group;
	}
	if ((ng = meet(today, label, n, &from)) < 0)
		goto out;
	if ((size_t)ng != s->n_groups) {
		groups = calloc((size_t)ng + 1, sizeof(*groups));
		if (!groups)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (label[i] >= 0)
				groups[label[i]].n++;
		for (long g = 0; g < ng; g++) {
			const struct isc_sim_group *old = &s->groups[from[g]];
			struct isc_sim_group *ng_ = &groups[g];
			int cut = ng_->n != old->n;

			ng_->members = malloc(ng_->n * sizeof(*ng_->members));
			ng_->reasons = calloc(old->n_reasons + 2, sizeof(*ng_->reasons));
			if (!ng_->members || !ng_->reasons)
				goto out;
			ng_->n = 0;
			ng_->anchor = -1;
			for (size_t k = 0; k < old->n_reasons; k++)
				if (!(ng_->reasons[ng_->n_reasons++] = strdup(old->reasons[k])))
					goto out;
			if (cut && !(ng_->reasons[ng_->n_reasons++] = strdup(
					     "but the kernel keeps these apart today (the snapshot's own "
					     "groups), and an override only ever splits groups")))
				goto out;
		}
		for (size_t i = 0; i < n; i++)
			if (label[i] >= 0) {
				struct isc_sim_group *g = &groups[label[i]];

				if (g->anchor < 0)
					g->anchor = (long)i;
				g->members[g->n++] = i;
			}
		for (size_t g = 0; g < s->n_groups; g++) {
			free(s->groups[g].members);
			for (size_t k = 0; k < s->groups[g].n_reasons; k++)
				free(s->groups[g].reasons[k]);
			free(s->groups[g].reasons);
		}
		free(s->groups);
		s->groups = groups;
		s->n_groups = (size_t)ng;
		groups = NULL;
		for (size_t i = 0; i < n; i++)
			s->dev[i].group = label[i];
	}
	if (s->best) {
		long nb = meet(today, s->best, n, NULL);

		if (nb < 0)
			goto out;
		s->n_best = (size_t)nb;
		/* cut along today's groups, the two outcomes may now be one */
		if (s->n_best == s->n_groups)
			s->certain = 1;
	}
	r = 0;
out:
	if (groups)
		for (long g = 0; g < ng; g++) {
			free(groups[g].members);
			for (size_t k = 0; k < groups[g].n_reasons; k++)
				free(groups[g].reasons[k]);
			free(groups[g].reasons);
		}
	free(groups);
	free(from);
	free(label);
	free(today);
	return r;
}

/* ---- the whole -------------------------------------------------------------------------- */

static int targets(struct build *b, const size_t *old_index)
{
	struct isc_whatif *w = b->w;
	size_t n = b->c->n_devices;

	w->targets = calloc(w->before->n_targets + 1, sizeof(*w->targets));
	if (!w->targets)
		return -ENOMEM;
	for (size_t t = 0; t < w->before->n_targets; t++) {
		const struct isc_device *d = isc_model_find(b->m, w->before->targets[t]);
		struct isc_whatif_target *x = &w->targets[w->n_targets];
		size_t i = 0;

		while (d && i < n && old_index[i] != (size_t)(d - b->m->devices))
			i++;
		if (!d || i == n)
			continue;
		x->address = strdup(b->c->devices[i].address);
		x->before = isc_report_verdict(w->before, d->address);
		x->after = isc_report_verdict(w->after, b->c->devices[i].address);
		w->n_targets++;
		if (!x->address || !x->before || !x->after)
			return -ENOMEM;
	}
	return 0;
}

static int describe_params(struct build *b, const struct isc_whatif_options *o)
{
	struct isc_whatif *w = b->w;
	int r = 0;

	if (o->iommu_on && b->m->host.iommu_on != ISC_YES)
		r = push(&w->asked, &w->n_asked, strdup("the IOMMU on (VT-d / AMD-Vi enabled)"));
	if (!r && o->acs_override)
		r = push(&w->asked, &w->n_asked,
			 o->acs_override[0] ? isc_strdupf("pcie_acs_override=%s", o->acs_override)
					    : strdup("no pcie_acs_override"));
	if (!r && o->disable_acs_redir)
		r = push(&w->asked, &w->n_asked,
			 o->disable_acs_redir[0] ? isc_strdupf("pci=disable_acs_redir=%s",
						       o->disable_acs_redir)
						 : strdup("no pci=disable_acs_redir"));
	return r;
}

static int predict(struct build *b, const struct isc_whatif_options *o)
{
	struct isc_whatif *w = b->w;
	struct isc_report_options ropts = {0};
	const char **devs = NULL;
	size_t *old_index = malloc((b->m->n_devices + 1) * sizeof(*old_index));
	int r = -ENOMEM;

	if (!old_index || !(b->c = isc_model_clone(b->m)))
		goto out;
	for (size_t i = 0; i < o->n_moves; i++)
		if ((r = move_card(b, o->moves[i])) < 0)
			goto out;
	if ((r = isc_model_reindex(b->c, old_index)) < 0 ||
	    (r = isc_sim_run(b->c, &w->params, &w->sim)) < 0 || (r = security(b)) < 0)
		goto out;
	if (b->m->host.config_access < ISC_CFG_STANDARD && only_isolates(b, o) &&
	    (r = bound_by_today(b, old_index)) < 0)
		goto out;
	/* The prediction: the simulator's groups and the control values it assumed. */
	for (size_t i = 0; i < b->c->n_devices; i++) {
		struct isc_device *d = &b->c->devices[i];

		d->group = (int)w->sim->dev[i].group;
		if (d->acs == ISC_YES) {
			d->acs_ctl = w->sim->dev[i].acs_ctl;
			d->acs_ctl_dword = w->sim->dev[i].acs_ctl_dword;
		}
	}
	b->c->host.predicted = 1;
	if (w->params.iommu_on) {
		b->c->host.iommu_on = ISC_YES;
		b->c->host.groups_from = "simulation";
	}
	if ((r = set_cmdline(b, o)) < 0 || (r = isc_model_reindex(b->c, NULL)) < 0)
		goto out;
	/* The targets follow their cards: today's targets at their new addresses. */
	r = -ENOMEM;
	devs = calloc(w->before->n_targets + (o->report ? o->report->n_devices : 0) + 1,
		      sizeof(*devs));
	if (!devs)
		goto out;
	for (size_t t = 0; t < w->before->n_targets; t++) {
		const struct isc_device *d = isc_model_find(b->m, w->before->targets[t]);

		for (size_t i = 0; d && i < b->c->n_devices; i++)
			if (old_index[i] == (size_t)(d - b->m->devices))
				devs[ropts.n_devices++] = b->c->devices[i].address;
	}
	ropts.devices = devs;
	if (isc_report_build(b->c, &ropts, &w->after) < 0 ||
	    isc_diff_build(w->before, w->after, &w->diff) < 0 || targets(b, old_index) < 0)
		goto out;
	w->after_model = b->c;
	b->c = NULL;
	r = 0;
out:
	free(devs);
	free(old_index);
	return r;
}

int isc_whatif_build(const struct isc_model *m, const struct isc_whatif_options *o,
		     struct isc_whatif **ret, struct isc_error *err)
{
	struct isc_whatif *w = calloc(1, sizeof(*w));
	struct build b = {.w = w, .m = m, .err = err};
	char why[160];
	int r = -ENOMEM;

	if (!w)
		goto fail;
	if (m->host.iommu_on != ISC_YES && !o->iommu_on) {
		r = bad(&b, "%s: the IOMMU is off in this snapshot, so it has no groups to change; "
			    "add --iommu=on to predict the groups it will get", m->source);
		goto fail;
	}
	if (isc_report_check_devices(m, o->report, err) < 0) {
		r = -EINVAL;
		goto fail;
	}
	if (isc_report_build(m, o->report, &w->before) < 0)
		goto fail;
	w->params = w->before->sim_params;
	w->params.iommu_on |= o->iommu_on;
	if (o->acs_override &&
	    isc_sim_parse_override(o->acs_override, &w->params, why, sizeof(why)) < 0) {
		r = bad(&b, "--acs-override: %s", why);
		goto fail;
	}
	if (o->disable_acs_redir)
		w->params.disable_acs_redir = o->disable_acs_redir[0] ? o->disable_acs_redir : NULL;
	if ((r = describe_params(&b, o)) < 0 || (r = predict(&b, o)) < 0)
		goto fail;
	*ret = w;
	return 0;
fail:
	if (r == -ENOMEM)
		snprintf(err->text, sizeof(err->text), "%s: out of memory", m->source);
	isc_model_free(b.c);
	isc_whatif_free(w);
	return r;
}

void isc_whatif_free(struct isc_whatif *w)
{
	if (!w)
		return;
	isc_diff_free(w->diff);
	isc_report_free(w->after);
	isc_report_free(w->before);
	isc_sim_free(w->sim);
	isc_model_free(w->after_model);
	for (size_t i = 0; i < w->n_asked; i++)
		free(w->asked[i]);
	free(w->asked);
	for (size_t i = 0; i < w->n_security; i++)
		free(w->security[i]);
	free(w->security);
	for (size_t i = 0; i < w->n_targets; i++) {
		free(w->targets[i].address);
		free(w->targets[i].before);
		free(w->targets[i].after);
	}
	free(w->targets);
	free(w);
}

int isc_whatif_predict_groups(struct isc_model *m)
{
	const struct isc_facts *f = m->facts;
	struct isc_sim_params p;
	struct isc_sim *sim = NULL;
	enum isc_tri on;
	int r;

	if (!f || !f->sosreport || m->n_groups || f->log_iommu_on == ISC_NO)
		return 0;
	isc_sim_params_running(m, !f->have_log || !f->log_full || f->log[ISC_EV_ACS_OVERRIDE].count,
			       f->log_iommu_vendor && !strcmp(f->log_iommu_vendor, "amd") ? ISC_YES
											 : ISC_UNKNOWN,
			       &p);
	p.iommu_on = 1; /* a sosreport cannot tell: the groups the IOMMU would form */
	on = m->host.iommu_on;
	m->host.iommu_on = ISC_UNKNOWN; /* not "on with these groups": there are none */
	r = isc_sim_run(m, &p, &sim);
	m->host.iommu_on = on;
	if (r < 0)
		return r;
	for (size_t i = 0; i < m->n_devices; i++)
		m->devices[i].group = (int)sim->dev[i].group;
	isc_sim_free(sim);
	m->host.predicted = 1;
	m->host.groups_from = "simulation";
	if ((r = isc_model_reindex(m, NULL)) < 0)
		return r;
	if (m->host.iommu_on == ISC_NO)
		m->host.iommu_on = ISC_UNKNOWN;
	return 0;
}
