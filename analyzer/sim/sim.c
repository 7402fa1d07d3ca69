/* SPDX-License-Identifier: MIT */
/*
 * The kernel's IOMMU group formation, offline (include/iommuscope/sim.h).
 * Rule ids in comments are those of reference/kernel-groups.md.
 *
 * The procedure is the literal incremental one (G12): devices are taken in
 * the kernel's probe order (N2) and each either joins the first group found
 * (G1 alias walk, G2 ACS path walk, G3 alias search, G4 slot search) or
 * opens a new one (G5). Every device is visited once; the searches look
 * only at the device's own bus (at most 256 functions) and walk up its
 * parents, so the whole run is linear in the host's size times its depth.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sim_private.h"

#define REQ_ACS (ISC_ACS_SV | ISC_ACS_RR | ISC_ACS_CR | ISC_ACS_UF) /* A1: 0x1d */
#define C4_REDIR (ISC_ACS_RR | ISC_ACS_CR | ISC_ACS_EC)             /* disable_acs_redir */
#define MAX_REASONS 12

struct node {
	const struct isc_device *d;
	long parent;          /* model index of the upstream bridge, -1 on a root bus */
	unsigned devfn;
	size_t lo, hi;        /* this device's bus: a range of bybus */
	size_t clo, chi;      /* devices whose parent is this one: a range of bybus */
	int ctl, dword;       /* ACS control as the kernel will see it (C5, C4), -1 */
	int participates;     /* G0 */
	enum alias_kind alias;
	const char *alias_name;
	enum isc_tri iso;     /* A2, unknown facts left unknown */
	enum isc_sim_why why;
	int missing;
	const char *quirk;
};

struct sim {
	const struct isc_model *m;
	const struct isc_sim_params *p;
	struct node *n;
	size_t count;
	size_t *bybus;        /* indices by (parent, domain, bus, devfn) */
	size_t *order;        /* probe order (N2) */
	size_t n_order;
	/* one run */
	int pessimistic;      /* unknown facts read as "not isolated" */
	uint8_t *isob, *path;
	long *group;
	struct isc_sim_device *out; /* NULL: do not record how */
	size_t n_groups;
	uint64_t seen[4];     /* G3/G4 visited devfns */
	int used_unknown;
};

/* ---- facts ------------------------------------------------------------------------------ */

static int is_type(const struct isc_device *d, int t)
{
	return d->pcie_type == t;
}

static int is_port(const struct isc_device *d)
{
	return is_type(d, ISC_PCIE_ROOT_PORT) || is_type(d, ISC_PCIE_DOWNSTREAM);
}

/* A3 over a control value: what the device does not advertise counts as on. */
static int acs_flags_ok(int cap, int ctl, int *missing)
{
	int need = REQ_ACS & cap; /* EC is never excused, but it is not in REQ */

	*missing = need & ~ctl;
	return (ctl & need) == need;
}

static const char *const quirk_names[] = {
	[Q_AMD_SB] = "pci_quirk_amd_sb_acs",
	[Q_MF_ENDPOINT] = "pci_quirk_mf_endpoint_acs",
	[Q_ISOLATED] = "a root port ACS quirk",
	[Q_RCIEP] = "pci_quirk_rciep_acs",
	[Q_INTEL_PCH] = "pci_quirk_intel_pch_acs",
	[Q_INTEL_SPT] = "pci_quirk_intel_spt_pch_acs",
	[Q_CAVIUM_RP] = "pci_quirk_cavium_acs",
	[Q_ROOT_PORT_ONLY] = "pci_quirk_al_acs",
	[Q_ZHAOXIN_PORTS] = "pci_quirk_zhaoxin_pcie_ports_acs",
	[Q_WANGXUN] = "pci_quirk_wangxun_nic_acs",
	[Q_OVERRIDE] = "pcie_acs_override",
};

static int override_id(const struct isc_sim_params *p, const struct isc_device *d)
{
	unsigned id = (unsigned)(d->vendor & 0xffff) << 16 | (unsigned)(d->device & 0xffff);

	for (size_t i = 0; i < p->n_override_ids; i++)
		if (p->override_ids[i] == id)
			return 1;
	return 0;
}

/*
 * One quirk callback: ISC_YES isolated, ISC_NO not, ISC_UNKNOWN when the
 * facts it needs are unknown; -2 falls through to the next entry (A2.1).
 */
#define FALL_THROUGH (-2)
static int quirk_check(const struct sim *s, const struct node *n, const struct acs_quirk *q,
		       int *missing)
{
	const struct isc_sim_params *p = s->p;
	const struct isc_device *d = n->d;
	int t = d->pcie_type;

	switch (q->kind) {
	case Q_AMD_SB:
		if (d->multifunction == ISC_YES && n->parent < 0 && p->ivrs == ISC_YES)
			return ISC_YES;
		return p->ivrs == ISC_UNKNOWN || d->multifunction == ISC_UNKNOWN ? ISC_UNKNOWN
										  : FALL_THROUGH;
	case Q_MF_ENDPOINT:
	case Q_ISOLATED:
		return ISC_YES;
	case Q_RCIEP:
		return t == ISC_PCIE_UNKNOWN		? ISC_UNKNOWN
		       : t == ISC_PCIE_RC_ENDPOINT ? ISC_YES
						   : FALL_THROUGH;
	case Q_INTEL_PCH:
		if (!in_ranges(pch_ids, d->device))
			return FALL_THROUGH;
		if (t == ISC_PCIE_UNKNOWN)
			return ISC_UNKNOWN;
		if (t != ISC_PCIE_ROOT_PORT)
			return FALL_THROUGH;
		/* The flag is set by the enable quirk, which runs only under C2. */
		return p->iommu_on && !p->pch_quirk_failed ? ISC_YES : ISC_NO;
	case Q_INTEL_SPT:
		if (!in_ranges(spt_ids, d->device))
			return FALL_THROUGH;
		if (t == ISC_PCIE_UNKNOWN || d->acs == ISC_UNKNOWN)
			return ISC_UNKNOWN;
		if (t != ISC_PCIE_ROOT_PORT || d->acs != ISC_YES)
			return FALL_THROUGH;
		/* The control lives in the dword at ACS+8; lspci's ACSCtl is wrong here. */
		if (n->dword < 0)
			return p->iommu_on ? ISC_YES : ISC_UNKNOWN; /* the enable quirk wrote it */
		return acs_flags_ok(d->acs_cap, n->dword, missing) ? ISC_YES : ISC_NO;
	case Q_CAVIUM_RP:
		if (!in_ranges(cavium_rp_ids, d->device))
			return FALL_THROUGH;
		return t == ISC_PCIE_UNKNOWN	     ? ISC_UNKNOWN
		       : t == ISC_PCIE_ROOT_PORT ? ISC_YES
						 : FALL_THROUGH;
	case Q_ROOT_PORT_ONLY:
		return t == ISC_PCIE_UNKNOWN	     ? ISC_UNKNOWN
		       : t == ISC_PCIE_ROOT_PORT ? ISC_YES
						 : FALL_THROUGH;
	case Q_ZHAOXIN_PORTS:
		if (t == ISC_PCIE_UNKNOWN)
			return ISC_UNKNOWN;
		if (!is_port(d))
			return FALL_THROUGH;
		return in_ranges(zhaoxin_port_ids, d->device) ? ISC_YES : ISC_NO;
	case Q_WANGXUN:
		return in_ranges(wangxun_ids, d->device) ? ISC_YES : ISC_NO;
	case Q_OVERRIDE:
		/* O4: never for conventional PCI, never for a device with ACS. */
		if (!p->override && !p->n_override_ids)
			return FALL_THROUGH;
		if (t == ISC_PCIE_UNKNOWN || d->acs == ISC_UNKNOWN)
			return ISC_UNKNOWN;
		if (t == ISC_PCIE_NONE || d->acs == ISC_YES)
			return FALL_THROUGH;
		if (override_id(p, d))
			return ISC_YES;
		if ((p->override & ISC_SIM_OVR_DOWNSTREAM) && is_port(d))
			return ISC_YES;
		if ((p->override & ISC_SIM_OVR_MULTIFUNCTION) &&
		    (is_type(d, ISC_PCIE_ENDPOINT) || is_type(d, ISC_PCIE_UPSTREAM) ||
		     is_type(d, ISC_PCIE_LEGACY_ENDPOINT) || is_type(d, ISC_PCIE_RC_ENDPOINT))) {
			if (d->multifunction == ISC_UNKNOWN)
				return ISC_UNKNOWN;
			if (d->multifunction == ISC_YES)
				return ISC_YES;
		}
		return FALL_THROUGH;
	}
	return FALL_THROUGH;
}

/* A2: pci_acs_enabled(dev, REQ), quirks first. */
static void classify(const struct sim *s, struct node *n)
{
	const struct isc_device *d = n->d;
	int t = d->pcie_type, ok;

	n->missing = 0;
	n->quirk = NULL;
	if (d->vendor >= 0 && d->device >= 0) {
		for (size_t i = 0; i < n_acs_quirks; i++) {
			const struct acs_quirk *q = &acs_quirks[i];
			int r;

			if ((q->vendor && q->vendor != d->vendor) || d->device < q->first ||
			    d->device > q->last)
				continue;
			r = quirk_check(s, n, q, &n->missing);
			if (r == FALL_THROUGH)
				continue;
			n->quirk = quirk_names[q->kind];
			n->iso = (enum isc_tri)r;
			n->why = r == ISC_UNKNOWN ? ISC_WHY_UNKNOWN
				 : q->kind == Q_OVERRIDE ? ISC_WHY_OVERRIDE
				 : r == ISC_YES		 ? ISC_WHY_QUIRK
							 : n->missing ? ISC_WHY_ACS_OFF : ISC_WHY_QUIRK_NOT;
			return;
		}
	}
	if (t == ISC_PCIE_UNKNOWN) {
		n->iso = ISC_UNKNOWN;
		n->why = ISC_WHY_UNKNOWN;
		return;
	}
	if (t == ISC_PCIE_NONE) {
		n->iso = ISC_NO;
		n->why = ISC_WHY_CONVENTIONAL;
		return;
	}
	switch (t) {
	case ISC_PCIE_PCI_TO_PCIE:
	case ISC_PCIE_PCIE_TO_PCI:
	case ISC_PCIE_RC_EVENT_COLLECTOR:
		n->iso = ISC_NO;
		n->why = ISC_WHY_BRIDGE_TYPE;
		return;
	case ISC_PCIE_ROOT_PORT:
	case ISC_PCIE_DOWNSTREAM:
		break;
	case ISC_PCIE_ENDPOINT:
	case ISC_PCIE_UPSTREAM:
	case ISC_PCIE_LEGACY_ENDPOINT:
	case ISC_PCIE_RC_ENDPOINT:
		if (d->multifunction == ISC_NO) {
			n->iso = ISC_YES;
			n->why = ISC_WHY_SINGLE;
			return;
		}
		break;
	default:
		n->iso = ISC_YES; /* any other type value */
		n->why = ISC_WHY_SINGLE;
		return;
	}
	/* A3; a multi-function flag we cannot read matters only when A3 fails. */
	if (d->acs == ISC_NO) {
		ok = 0;
		n->why = ISC_WHY_NO_ACS;
	} else if (d->acs == ISC_UNKNOWN || d->acs_cap < 0 || n->ctl < 0) {
		n->iso = ISC_UNKNOWN;
		n->why = ISC_WHY_UNKNOWN;
		return;
	} else {
		ok = acs_flags_ok(d->acs_cap, n->ctl, &n->missing);
		n->why = ok ? ISC_WHY_ACS_ON : ISC_WHY_ACS_OFF;
	}
	if (!ok && d->multifunction == ISC_UNKNOWN && !is_port(d)) {
		n->iso = ISC_UNKNOWN;
		n->why = ISC_WHY_UNKNOWN;
		return;
	}
	n->iso = ok ? ISC_YES : ISC_NO;
}

/* ---- command-line ACS controls (C4) ----------------------------------------------------- */

static int hexval(const char **s, unsigned *v, unsigned max)
{
	char *end;
	unsigned long x = strtoul(*s, &end, 16);

	if (end == *s || x > max)
		return -1;
	*s = end;
	*v = (unsigned)x;
	return 0;
}

/* One item of a devspec list, up to ';', ',' or the end (pci_dev_str_match()). */
static int match_one(const char *s, const char *end, const struct isc_device *d)
{
	unsigned comp[64][2], n = 0, seg = 0, bus, slot, fn;
	const char *p = s;
	const struct isc_device *t = d;

	if (end - s > 4 && !strncmp(s, "pci:", 4)) {
		unsigned v[4] = {0};
		int got = 0;

		p += 4;
		while (got < 4 && p < end && hexval(&p, &v[got], 0xffff) == 0) {
			got++;
			if (p < end && *p == ':')
				p++;
		}
		if (got < 2)
			return 0;
		return (!v[0] || v[0] == (unsigned)d->vendor) && (!v[1] || v[1] == (unsigned)d->device) &&
		       (!v[2] || v[2] == (unsigned)d->subsys_vendor) &&
		       (!v[3] || v[3] == (unsigned)d->subsys_device);
	}
	/* [dddd:]bb:dd.f then /dd.f steps, each naming the bridge's child */
	{
		unsigned a, b;

		if (hexval(&p, &a, 0xffff) || p >= end || *p != ':' || (p++, hexval(&p, &b, 0xff)))
			return 0;
		if (p < end && *p == ':') {
			p++;
			seg = a;
			bus = b;
			if (hexval(&p, &slot, 0x1f))
				return 0;
		} else {
			if (a > 0xff || b > 0x1f)
				return 0;
			bus = a;
			slot = b;
		}
		if (p >= end || *p != '.' || (p++, hexval(&p, &fn, 7)))
			return 0;
	}
	while (p < end && *p == '/' && n < 64) {
		p++;
		if (hexval(&p, &comp[n][0], 0x1f) || p >= end || *p != '.' ||
		    (p++, hexval(&p, &comp[n][1], 7)))
			return 0;
		n++;
	}
	if (p != end)
		return 0;
	while (n--) {
		if (t->dev != comp[n][0] || t->fn != comp[n][1] || !(t = t->parent))
			return 0;
	}
	return t->domain == seg && t->bus == bus && t->dev == slot && t->fn == fn;
}

int isc_sim_devspec_match(const struct isc_model *m, const char *spec,
			  const struct isc_device *d)
{
	(void)m;
	while (spec && *spec && *spec != ',') {
		const char *end = spec + strcspn(spec, ";,");

		if (match_one(spec, end, d))
			return 1;
		spec = *end == ';' ? end + 1 : end;
	}
	return 0;
}

/*
 * pci=config_acs=<bits>@<devspec>: the rightmost character is SV; '1' sets,
 * '0' clears, 'x' keeps. Returns the mask of named bits and their values in
 * *val, 0 when no item matches @d.
 */
static int config_acs_for(const char *spec, const struct isc_device *d, int *val)
{
	while (spec && *spec && *spec != ',') {
		const char *end = spec + strcspn(spec, ";,"), *at = memchr(spec, '@', (size_t)(end - spec));

		if (at && at - spec <= 7) {
			int mask = 0, v = 0, bit = 0, ok = 1;

			for (const char *c = at - 1; c >= spec; c--, bit++) {
				if (*c == '1' || *c == '0') {
					mask |= 1 << bit;
					v |= (*c == '1') << bit;
				} else if (*c != 'x' && *c != 'X') {
					ok = 0;
				}
			}
			if (ok && match_one(at + 1, end, d)) {
				*val = v;
				return mask;
			}
		}
		spec = *end == ';' ? end + 1 : end;
	}
	return 0;
}

/*
 * C5 then C4: the control value the kernel will act on. The observed value
 * is taken as the firmware's, except bits the running command line forced
 * (their firmware value is lost: assume what C3 would give). Then the new
 * kernel: C3 enables what ACSCap offers when an IOMMU asks for ACS (an
 * IOMMU-on snapshot already shows that), and the new C4 options apply.
 */
static int kernel_ctl(const struct sim *s, const struct isc_device *d, int observed)
{
	const struct isc_sim_params *p = s->p;
	int was_on = s->m->host.iommu_on == ISC_YES, cap = d->acs_cap, forced = 0, v, mask;

	if (observed < 0 || cap < 0)
		return -1;
	if (p->was_disable_acs_redir && isc_sim_devspec_match(s->m, p->was_disable_acs_redir, d))
		forced |= C4_REDIR;
	if (p->was_config_acs)
		forced |= config_acs_for(p->was_config_acs, d, &v);
	observed = (observed & ~forced) | (forced & (was_on ? cap & REQ_ACS : 0));
	if (p->iommu_on && !was_on)
		observed |= cap & REQ_ACS; /* C3 */
	if (p->disable_acs_redir && isc_sim_devspec_match(s->m, p->disable_acs_redir, d))
		observed &= ~C4_REDIR;
	if (p->config_acs && (mask = config_acs_for(p->config_acs, d, &v)) != 0)
		observed = (observed & ~mask) | (v & mask);
	return observed;
}

/* ---- parameters ------------------------------------------------------------------------- */

int isc_sim_parse_override(const char *value, struct isc_sim_params *p, char *err,
			   size_t errsz)
{
	const char *s = value;

	p->override = 0;
	p->n_override_ids = 0;
	while (s && *s) {
		size_t len = strcspn(s, ",");
		unsigned v, dv;
		const char *q = s + 3;

		if (len == 10 && !strncmp(s, "downstream", 10)) {
			p->override |= ISC_SIM_OVR_DOWNSTREAM;
		} else if (len == 13 && !strncmp(s, "multifunction", 13)) {
			p->override |= ISC_SIM_OVR_MULTIFUNCTION;
		} else if (len > 3 && !strncmp(s, "id:", 3) && !hexval(&q, &v, 0xffff) && *q == ':' &&
			   (q++, !hexval(&q, &dv, 0xffff)) && q == s + len) {
			if (p->n_override_ids == ISC_SIM_MAX_OVERRIDE_IDS) {
				snprintf(err, errsz, "more than %d ids: the patch keeps only the "
						     "first %d (O3)",
					 ISC_SIM_MAX_OVERRIDE_IDS, ISC_SIM_MAX_OVERRIDE_IDS);
				return -EINVAL;
			}
			p->override_ids[p->n_override_ids++] = v << 16 | dv;
		} else if (len) {
			snprintf(err, errsz, "'%.*s' is not downstream, multifunction or "
					     "id:VVVV:DDDD", (int)(len > 64 ? 64 : len), s);
			return -EINVAL;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

void isc_sim_params_running(const struct isc_model *m, int override_works, enum isc_tri ivrs,
			    struct isc_sim_params *p)
{
	char err[128];

	memset(p, 0, sizeof(*p));
	p->iommu_on = m->host.iommu_on == ISC_YES;
	p->ivrs = ivrs;
	for (size_t i = 0; i < m->host.n_params; i++) {
		const char *a = m->host.params[i];

		if (!strncmp(a, "pcie_acs_override=", 18) && override_works) {
			struct isc_sim_params o = *p;

			/* occurrences add up; a bad one is the kernel's parse error */
			if (isc_sim_parse_override(a + 18, &o, err, sizeof(err)) == 0) {
				p->override |= o.override;
				for (size_t k = 0; k < o.n_override_ids &&
						   p->n_override_ids < ISC_SIM_MAX_OVERRIDE_IDS; k++)
					p->override_ids[p->n_override_ids++] = o.override_ids[k];
			}
		} else if (!strncmp(a, "pci=", 4)) {
			for (const char *o = a + 4; *o; o += strcspn(o, ","), o += *o == ',') {
				if (!strncmp(o, "disable_acs_redir=", 18))
					p->disable_acs_redir = o + 18; /* the last one wins */
				else if (!strncmp(o, "config_acs=", 11))
					p->config_acs = o + 11;
			}
		} else if (!strncmp(a, "intel_iommu=", 12)) {
			const char *o = strstr(a + 12, "igfx_off");

			if (o && (o[8] == '\0' || o[8] == ',') && (o == a + 12 || o[-1] == ','))
				p->igfx_off = 1;
		}
	}
	p->was_disable_acs_redir = p->disable_acs_redir;
	p->was_config_acs = p->config_acs;
}

/* ---- topology --------------------------------------------------------------------------- */

static int cmp_bus(const void *a, const void *b, void *ctx)
{
	const struct node *n = ctx, *x = &n[*(const size_t *)a], *y = &n[*(const size_t *)b];

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->d->domain != y->d->domain)
		return x->d->domain < y->d->domain ? -1 : 1;
	if (x->d->bus != y->d->bus)
		return x->d->bus < y->d->bus ? -1 : 1;
	return (x->devfn > y->devfn) - (x->devfn < y->devfn);
}

static void alias_of(struct node *n)
{
	const struct isc_device *d = n->d;
	long sub = d->subsys_vendor >= 0 && d->subsys_device >= 0
			   ? (long)d->subsys_vendor << 16 | d->subsys_device
			   : -2;

	n->alias = A_NONE;
	for (size_t i = 0; i < n_alias_quirks; i++) {
		const struct alias_quirk *q = &alias_quirks[i];

		if (q->vendor == d->vendor && q->device == d->device &&
		    (q->subsys < 0 || q->subsys == sub)) {
			n->alias = q->kind;
			n->alias_name = q->name;
			return;
		}
	}
}

/* G0: which devices an IOMMU takes at all. */
static int participates(const struct sim *s, const struct isc_device *d)
{
	if (!s->p->iommu_on)
		return 0;
	if (s->m->host.iommu_on == ISC_YES)
		return d->group >= 0; /* the kernel said which */
	/* An AMD IOMMU's own PCI function (class 0806) is never translated: the
	 * driver clears its entry in the IVRS lookup table ("this is a lie!"). */
	if (d->class_code >= 0 && d->class_code >> 8 == 0x0806)
		return 0;
	/* T18: with igfx_off the graphics-only DRHD leaves the iGPU out. */
	return !(s->p->igfx_off && d->vendor == 0x8086 && !d->parent && d->dev == 2 && d->fn == 0 &&
		 d->class_code >= 0 && d->class_code >> 16 == 0x03);
}

static int prepare(struct sim *s)
{
	const struct isc_model *m = s->m;
	size_t n = m->n_devices;

	s->count = n;
	s->n = calloc(n ? n : 1, sizeof(*s->n));
	s->bybus = malloc((n ? n : 1) * sizeof(*s->bybus));
	s->order = malloc((n ? n : 1) * sizeof(*s->order));
	s->isob = calloc(n ? n : 1, 1);
	s->path = calloc(n ? n : 1, 1);
	s->group = malloc((n ? n : 1) * sizeof(*s->group));
	if (!s->n || !s->bybus || !s->order || !s->isob || !s->path || !s->group)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct node *x = &s->n[i];
		const struct isc_device *d = &m->devices[i];

		x->d = d;
		x->parent = d->parent ? (long)(d->parent - m->devices) : -1;
		x->devfn = (d->dev & 0x1f) << 3 | (d->fn & 7);
		x->ctl = d->acs == ISC_YES ? kernel_ctl(s, d, d->acs_ctl) : -1;
		x->dword = d->acs == ISC_YES ? kernel_ctl(s, d, d->acs_ctl_dword) : -1;
		x->participates = participates(s, d);
		alias_of(x);
		s->bybus[i] = i;
	}
	for (size_t i = 0; i < n; i++)
		classify(s, &s->n[i]);
	qsort_r(s->bybus, n, sizeof(*s->bybus), cmp_bus, s->n);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		const struct node *a = &s->n[s->bybus[i]];

		while (j < n && s->n[s->bybus[j]].parent == a->parent &&
		       s->n[s->bybus[j]].d->domain == a->d->domain &&
		       s->n[s->bybus[j]].d->bus == a->d->bus)
			j++;
		for (size_t k = i; k < j; k++) {
			s->n[s->bybus[k]].lo = i;
			s->n[s->bybus[k]].hi = j;
		}
		i = j;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		long p = s->n[s->bybus[i]].parent;

		while (j < n && s->n[s->bybus[j]].parent == p)
			j++;
		if (p >= 0) {
			s->n[p].clo = i;
			s->n[p].chi = j;
		}
		i = j;
	}
	return 0;
}

/*
 * N2: every function of a bus in devfn order, then each bridge's secondary
 * bus in turn; root buses in address order. SR-IOV VFs are added when
 * sriov_numvfs is written, after boot: last, by PF, in address order.
 */
/* Before the VFs are sorted, s->group holds each device's place in the order. */
static long pf_place(const struct sim *s, size_t vf)
{
	const struct isc_device *pf = s->n[vf].d->physfn;

	return pf && !pf->is_virtfn ? s->group[pf - s->m->devices] : (long)s->count;
}

static int cmp_vf(const void *a, const void *b, void *ctx)
{
	const struct sim *s = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	long px = pf_place(s, x), py = pf_place(s, y);

	if (px != py)
		return px < py ? -1 : 1;
	return (x > y) - (x < y);
}

static int probe_order(struct sim *s)
{
	struct frame {
		size_t lo, hi, next;
	} *stack = malloc((s->count + 1) * sizeof(*stack));
	size_t sp = 0, nvf = 0, *vfs = malloc((s->count ? s->count : 1) * sizeof(*vfs));
	size_t root_hi = 0;

	if (!stack || !vfs) {
		free(stack);
		free(vfs);
		return -ENOMEM;
	}
	while (root_hi < s->count && s->n[s->bybus[root_hi]].parent < 0)
		root_hi++;
	s->n_order = 0;
	for (size_t r = 0; r < root_hi; r = s->n[s->bybus[r]].hi) {
		stack[sp++] = (struct frame){s->n[s->bybus[r]].lo, s->n[s->bybus[r]].hi, 0};
		stack[sp - 1].next = stack[sp - 1].lo;
		for (size_t k = stack[0].lo; k < stack[0].hi; k++)
			if (!s->n[s->bybus[k]].d->is_virtfn)
				s->order[s->n_order++] = s->bybus[k];
		while (sp) {
			struct frame *f = &stack[sp - 1];
			size_t i;

			while (f->next < f->hi &&
			       (s->n[s->bybus[f->next]].d->is_virtfn || !s->n[s->bybus[f->next]].chi))
				f->next++;
			if (f->next >= f->hi) {
				sp--;
				continue;
			}
			i = s->bybus[f->next++];
			stack[sp++] = (struct frame){s->n[i].clo, s->n[i].chi, s->n[i].clo};
			for (size_t k = s->n[i].clo; k < s->n[i].chi; k++)
				if (!s->n[s->bybus[k]].d->is_virtfn)
					s->order[s->n_order++] = s->bybus[k];
		}
	}
	for (size_t i = 0; i < s->count; i++) {
		s->group[i] = (long)s->count;
		if (s->n[i].d->is_virtfn)
			vfs[nvf++] = i;
	}
	for (size_t k = 0; k < s->n_order; k++)
		s->group[s->order[k]] = (long)k;
	qsort_r(vfs, nvf, sizeof(*vfs), cmp_vf, s);
	for (size_t k = 0; k < nvf; k++)
		s->order[s->n_order++] = vfs[k];
	free(stack);
	free(vfs);
	return 0;
}

/* ---- group formation -------------------------------------------------------------------- */

static int isolated(struct sim *s, size_t i)
{
	if (s->n[i].iso == ISC_UNKNOWN) {
		s->used_unknown = 1;
		return !s->pessimistic;
	}
	return s->n[i].iso == ISC_YES;
}

static int multifunction(struct sim *s, size_t i)
{
	if (s->n[i].d->multifunction == ISC_UNKNOWN) {
		s->used_unknown = 1;
		return s->pessimistic;
	}
	return s->n[i].d->multifunction == ISC_YES;
}

/* Is @devfn in @n's DMA alias mask (D4, from the header quirks)? */
static int in_mask(const struct node *n, unsigned devfn)
{
	unsigned slot = n->devfn >> 3;

	switch (n->alias) {
	case A_FUNC0:
		return (n->devfn & 7) != 0 && devfn == slot << 3;
	case A_FUNC1:
		return (n->devfn & 7) != 1 && devfn == (slot << 3 | 1);
	case A_FIXED_01_0:
		return devfn == 0x08;
	case A_MIC_X200:
		return devfn == 0x80 || devfn == 0x88 || devfn == 0x93;
	case A_PEX_VCA:
		return (devfn & 7) <= 4;
	default:
		return 0;
	}
}

/* D3 (same bus only; VMD's real_dma_dev is not modelled). */
static int dma_aliases(const struct sim *s, size_t a, size_t b)
{
	return in_mask(&s->n[a], s->n[b].devfn) || in_mask(&s->n[b], s->n[a].devfn);
}

static int test_and_set(struct sim *s, unsigned devfn)
{
	uint64_t bit = (uint64_t)1 << (devfn & 63);
	int was = !!(s->seen[devfn >> 6] & bit);

	s->seen[devfn >> 6] |= bit;
	return was;
}

static void record(struct sim *s, size_t i, enum isc_sim_how how, long via)
{
	if (s->out) {
		s->out[i].how = how;
		s->out[i].via = via;
	}
}

static long function_alias_group(struct sim *s, size_t x, size_t *via);

/* G3: get_pci_alias_group(). */
static long alias_group(struct sim *s, size_t x, size_t *via)
{
	const struct node *n = &s->n[x];
	long g;

	if (test_and_set(s, n->devfn))
		return -1;
	if (s->group[x] >= 0) {
		*via = x;
		return s->group[x];
	}
	for (size_t k = n->lo; k < n->hi; k++) {
		size_t t = s->bybus[k];

		if (t == x || !dma_aliases(s, x, t))
			continue;
		if ((g = alias_group(s, t, via)) >= 0 || (g = function_alias_group(s, t, via)) >= 0)
			return g;
	}
	return -1;
}

/* G4: get_pci_function_alias_group(): the slot's non-isolated functions. */
static long function_alias_group(struct sim *s, size_t x, size_t *via)
{
	const struct node *n = &s->n[x];
	long g;

	if (!multifunction(s, x) || isolated(s, x))
		return -1;
	for (size_t k = n->lo; k < n->hi; k++) {
		size_t t = s->bybus[k];

		if (t == x || s->n[t].devfn >> 3 != n->devfn >> 3 || isolated(s, t))
			continue;
		if ((g = alias_group(s, t, via)) >= 0)
			return g;
	}
	return -1;
}

/* pci_device_group() for device @i. */
static void place(struct sim *s, size_t i)
{
	long anchor = (long)i, g;
	size_t via = i;

	/* G1: the alias walk (D1) up the parents; the last yielded device anchors. */
	for (long b = s->n[i].parent; b >= 0; b = s->n[b].parent) {
		const struct isc_device *d = s->n[b].d;
		int t = d->pcie_type, yields;

		if (s->n[b].alias == A_XLATE_ROOT)
			break;
		if (t == ISC_PCIE_UNKNOWN) {
			s->used_unknown = 1;
			yields = s->pessimistic;
		} else if (t == ISC_PCIE_NONE) {
			yields = 1; /* a conventional bridge aliases its subordinates */
		} else {
			yields = t == ISC_PCIE_PCI_TO_PCIE ||
				 (t == ISC_PCIE_PCIE_TO_PCI && s->n[b].alias != A_NO_ALIAS);
		}
		if (!yields)
			continue;
		if (s->group[b] >= 0) {
			s->group[i] = s->group[b];
			record(s, i, ISC_HOW_BRIDGE_ALIAS, b);
			return;
		}
		anchor = b;
	}
	/* G2: bridges above the anchor whose path does not isolate. */
	for (long b = s->n[anchor].parent; b >= 0; b = s->n[b].parent) {
		if (s->path[b])
			break;
		anchor = b;
		if (s->group[b] >= 0) {
			s->group[i] = s->group[b];
			record(s, i, ISC_HOW_PATH, b);
			return;
		}
	}
	/* G3, G4 from the anchor, over its bus. */
	memset(s->seen, 0, sizeof(s->seen));
	if ((g = alias_group(s, (size_t)anchor, &via)) >= 0) {
		s->group[i] = g;
		record(s, i, ISC_HOW_DMA_ALIAS, (long)via);
		return;
	}
	if ((g = function_alias_group(s, (size_t)anchor, &via)) >= 0) {
		s->group[i] = g;
		record(s, i, ISC_HOW_SLOT, (long)via);
		return;
	}
	s->group[i] = (long)s->n_groups++; /* G5: the lowest free id */
	record(s, i, ISC_HOW_NEW, anchor);
}

static void run(struct sim *s, int pessimistic, struct isc_sim_device *out)
{
	s->pessimistic = pessimistic;
	s->out = out;
	s->n_groups = 0;
	for (size_t i = 0; i < s->count; i++)
		s->group[i] = -1;
	/* A4, memoised: parents come before children in probe order. */
	for (size_t k = 0; k < s->n_order; k++) {
		size_t i = s->order[k];
		long p = s->n[i].parent;

		s->isob[i] = (uint8_t)isolated(s, i);
		s->path[i] = s->isob[i] && (p < 0 || s->path[p]);
	}
	for (size_t k = 0; k < s->n_order; k++)
		if (s->n[s->order[k]].participates)
			place(s, s->order[k]);
}

/* ---- explanations ----------------------------------------------------------------------- */

static const char *short_addr(const struct isc_device *d)
{
	return strncmp(d->address, "0000:", 5) ? d->address : d->address + 5;
}

const char *isc_sim_why_text(const struct isc_sim_device *sd, char *buf, size_t bufsz)
{
	static const char *const bits[] = {"SrcValid", "TransBlk", "ReqRedir", "CmpltRedir",
					   "UpstreamFwd"};
	char off[64] = "";

	switch (sd->why) {
	case ISC_WHY_UNKNOWN:
		return "has ACS facts the snapshot lacks (config space not read as root)";
	case ISC_WHY_CONVENTIONAL:
		return "is conventional PCI (no PCI Express capability), never isolated";
	case ISC_WHY_BRIDGE_TYPE:
		return "is a PCIe/PCI bridge, which never counts as isolated";
	case ISC_WHY_NO_ACS:
		return "has no ACS capability and no quirk";
	case ISC_WHY_ACS_OFF:
		for (int b = 0; b < 5; b++)
			if (sd->missing & 1 << b) {
				strcat(off, off[0] ? " " : "");
				strcat(off, bits[b]);
			}
		snprintf(buf, bufsz, "has ACS, but %s %s off", off,
			 strchr(off, ' ') ? "are" : "is");
		return buf;
	case ISC_WHY_QUIRK_NOT:
		snprintf(buf, bufsz, "is held not isolated by the kernel quirk %s", sd->quirk);
		return buf;
	case ISC_WHY_SINGLE:
		return "is single-function";
	case ISC_WHY_ACS_ON:
		return "has ACS enabled";
	case ISC_WHY_QUIRK:
		snprintf(buf, bufsz, "is isolated by the kernel quirk %s", sd->quirk);
		return buf;
	case ISC_WHY_OVERRIDE:
		return "is declared isolated by pcie_acs_override";
	}
	return "";
}

static int add_reason(struct isc_sim_group *g, char *text)
{
	char **v;

	if (!text)
		return -ENOMEM;
	for (size_t i = 0; i < g->n_reasons; i++)
		if (!strcmp(g->reasons[i], text)) {
			free(text);
			return 0;
		}
	if (g->n_reasons == MAX_REASONS) {
		free(text);
		return 0;
	}
	v = realloc(g->reasons, (g->n_reasons + 1) * sizeof(*v));
	if (!v) {
		free(text);
		return -ENOMEM;
	}
	g->reasons = v;
	g->reasons[g->n_reasons++] = text;
	return 0;
}

/* The reason chain of one group of several devices. */
static int explain(struct isc_sim *r, struct sim *s, struct isc_sim_group *g)
{
	const struct isc_device *dv = s->m->devices;
	char buf[128];

	for (size_t k = 0; k < g->n; k++) {
		size_t i = g->members[k];
		struct isc_sim_device *sd = &r->dev[i];
		const struct isc_device *d = &dv[i], *v = sd->via >= 0 ? &dv[sd->via] : NULL;
		char *t = NULL;

		switch (sd->how) {
		case ISC_HOW_PATH: {
			const struct isc_device *c = &dv[sd->cause];

			t = isc_strdupf("everything below %s %s shares its group: it %s (G2, G7)",
				isc_pcie_type_name(c->pcie_type), short_addr(c),
				isc_sim_why_text(&r->dev[sd->cause], buf, sizeof(buf)));
			break;
		}
		case ISC_HOW_BRIDGE_ALIAS:
			t = isc_strdupf("devices behind %s %s share its group: the IOMMU sees their DMA with "
				"the bridge's requester ID (D1, G9)",
				v->pcie_type == ISC_PCIE_NONE ? "PCI bridge"
							      : isc_pcie_type_name(v->pcie_type),
				short_addr(v));
			break;
		case ISC_HOW_DMA_ALIAS:
			t = isc_strdupf("%s and %s are DMA aliases (kernel quirk %s, D3)", short_addr(d),
				short_addr(v),
				s->n[i].alias_name ? s->n[i].alias_name : s->n[sd->via].alias_name);
			break;
		case ISC_HOW_SLOT:
			t = isc_strdupf("the functions of multi-function slot %.*s share a group, none of "
				"them isolated: %s %s (G4, G10)",
				(int)strlen(short_addr(v)) - 2, short_addr(v), short_addr(v),
				isc_sim_why_text(&r->dev[sd->via], buf, sizeof(buf)));
			break;
		default:
			break;
		}
		if (t && add_reason(g, t) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The top-most bridge above @i that does not isolate (the real cause under G2). */
static long path_cause(const struct sim *s, long b)
{
	long cause = b;

	for (; b >= 0; b = s->n[b].parent)
		if (!s->isob[b])
			cause = b;
	return cause;
}

static int collect(struct isc_sim *r, struct sim *s)
{
	size_t *fill;

	r->n_groups = s->n_groups;
	r->groups = calloc(s->n_groups ? s->n_groups : 1, sizeof(*r->groups));
	fill = calloc(s->n_groups ? s->n_groups : 1, sizeof(*fill));
	if (!r->groups || !fill) {
		free(fill);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->count; i++) {
		struct isc_sim_device *sd = &r->dev[i];

		sd->group = s->group[i];
		sd->isolated = s->n[i].iso;
		sd->why = s->n[i].why;
		sd->missing = s->n[i].missing;
		sd->quirk = s->n[i].quirk;
		sd->acs_ctl = s->n[i].ctl;
		sd->acs_ctl_dword = s->n[i].dword;
		sd->cause = sd->how == ISC_HOW_PATH ? path_cause(s, sd->via) : -1;
		if (sd->group >= 0)
			r->groups[sd->group].n++;
	}
	for (size_t g = 0; g < r->n_groups; g++) {
		r->groups[g].members = malloc(r->groups[g].n * sizeof(size_t));
		r->groups[g].anchor = -1;
		if (!r->groups[g].members) {
			free(fill);
			return -ENOMEM;
		}
	}
	for (size_t i = 0; i < s->count; i++) { /* model order: address order */
		long g = s->group[i];

		if (g < 0)
			continue;
		r->groups[g].members[fill[g]++] = i;
		if (r->dev[i].how == ISC_HOW_NEW)
			r->groups[g].anchor = (long)i;
	}
	free(fill);
	for (size_t g = 0; g < r->n_groups; g++)
		if (r->groups[g].n > 1 && explain(r, s, &r->groups[g]) < 0)
			return -ENOMEM;
	return 0;
}

/* Do two labelings of the same devices form the same partition? */
static int same_partition(const long *a, const long *b, size_t n, size_t na, size_t nb)
{
	long *ab = malloc((na ? na : 1) * sizeof(*ab)), *ba = malloc((nb ? nb : 1) * sizeof(*ba));
	int same = na == nb;

	if (!ab || !ba) {
		free(ab);
		free(ba);
		return -ENOMEM;
	}
	for (size_t g = 0; g < na; g++)
		ab[g] = -1;
	for (size_t g = 0; g < nb; g++)
		ba[g] = -1;
	for (size_t i = 0; i < n && same; i++) {
		if ((a[i] < 0) != (b[i] < 0)) {
			same = 0;
		} else if (a[i] >= 0) {
			if (ab[a[i]] < 0 && ba[b[i]] < 0) {
				ab[a[i]] = b[i];
				ba[b[i]] = a[i];
			} else if (ab[a[i]] != b[i] || ba[b[i]] != a[i]) {
				same = 0;
			}
		}
	}
	free(ab);
	free(ba);
	return same;
}

void isc_sim_free(struct isc_sim *r)
{
	if (!r)
		return;
	for (size_t g = 0; g < r->n_groups; g++) {
		free(r->groups[g].members);
		for (size_t k = 0; k < r->groups[g].n_reasons; k++)
			free(r->groups[g].reasons[k]);
		free(r->groups[g].reasons);
	}
	free(r->groups);
	free(r->dev);
	free(r->best);
	free(r->unknown);
	free(r);
}

static void sim_free(struct sim *s)
{
	free(s->n);
	free(s->bybus);
	free(s->order);
	free(s->isob);
	free(s->path);
	free(s->group);
}

int isc_sim_run(const struct isc_model *m, const struct isc_sim_params *p, struct isc_sim **ret)
{
	struct sim s = {.m = m, .p = p};
	struct isc_sim *r = calloc(1, sizeof(*r));
	int rc = -ENOMEM;

	if (!r)
		return -ENOMEM;
	r->model = m;
	r->certain = 1;
	r->dev = calloc(m->n_devices ? m->n_devices : 1, sizeof(*r->dev));
	if (!r->dev || prepare(&s) < 0 || probe_order(&s) < 0)
		goto out;
	for (size_t i = 0; i < m->n_devices; i++)
		r->dev[i].via = -1;
	/* The coarsest outcome is the prediction; unknown facts read as "not isolated". */
	run(&s, 1, r->dev);
	if (collect(r, &s) < 0)
		goto out;
	if (s.used_unknown) {
		size_t coarse = s.n_groups;
		int same;

		r->best = malloc((m->n_devices ? m->n_devices : 1) * sizeof(*r->best));
		r->unknown = malloc((m->n_devices ? m->n_devices : 1) * sizeof(*r->unknown));
		if (!r->best || !r->unknown)
			goto out;
		run(&s, 0, NULL);
		memcpy(r->best, s.group, m->n_devices * sizeof(*r->best));
		r->n_best = s.n_groups;
		for (size_t i = 0; i < m->n_devices; i++)
			s.group[i] = r->dev[i].group;
		same = same_partition(s.group, r->best, m->n_devices, coarse, r->n_best);
		if (same < 0)
			goto out;
		if (same) {
			free(r->best);
			r->best = NULL;
			r->n_best = 0;
		} else {
			r->certain = 0;
			for (size_t i = 0; i < m->n_devices; i++)
				if (s.n[i].iso == ISC_UNKNOWN ||
				    m->devices[i].pcie_type == ISC_PCIE_UNKNOWN)
					r->unknown[r->n_unknown++] = i;
		}
	}
	rc = 0;
out:
	sim_free(&s);
	if (rc < 0) {
		isc_sim_free(r);
		return rc;
	}
	*ret = r;
	return 0;
}

static int cmp_group_id(const void *a, const void *b)
{
	const struct isc_group *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

long isc_sim_mismatch(const struct isc_sim *r, size_t **ret)
{
	const struct isc_model *m = r->model;
	size_t n = m->n_devices, ng = m->n_groups;
	long *s2a = malloc((r->n_groups ? r->n_groups : 1) * sizeof(*s2a));
	long *a2s = malloc((ng ? ng : 1) * sizeof(*a2s));
	uint8_t *bad_s = calloc(r->n_groups ? r->n_groups : 1, 1), *bad_a = calloc(ng ? ng : 1, 1);
	long *actual = malloc((n ? n : 1) * sizeof(*actual));
	size_t *v = NULL, nv = 0;
	long rc = -ENOMEM;

	if (!s2a || !a2s || !bad_s || !bad_a || !actual)
		goto out;
	for (size_t g = 0; g < r->n_groups; g++)
		s2a[g] = -1;
	for (size_t g = 0; g < ng; g++)
		a2s[g] = -1;
	for (size_t i = 0; i < n; i++) {
		struct isc_group key = {.id = m->devices[i].group}, *g;
		long sg = r->dev[i].group, ag;

		g = key.id >= 0 ? bsearch(&key, m->groups, ng, sizeof(key), cmp_group_id) : NULL;
		actual[i] = ag = g ? g - m->groups : -1;
		if (ag < 0 || sg < 0) {
			if (ag >= 0)
				bad_a[ag] = 1; /* in a group the simulation gave none */
			continue;
		}
		if (s2a[sg] < 0)
			s2a[sg] = ag;
		if (a2s[ag] < 0)
			a2s[ag] = sg;
		if (s2a[sg] != ag || a2s[ag] != sg)
			bad_s[sg] = bad_a[ag] = 1;
	}
	if (ret && !(v = malloc((n ? n : 1) * sizeof(*v))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		long sg = r->dev[i].group;

		if ((actual[i] >= 0 && bad_a[actual[i]]) || (sg >= 0 && actual[i] >= 0 && bad_s[sg])) {
			if (v)
				v[nv] = i;
			nv++;
		}
	}
	rc = (long)nv;
	if (ret) {
		*ret = v;
		v = NULL;
	}
out:
	free(s2a);
	free(a2s);
	free(bad_s);
	free(bad_a);
	free(actual);
	free(v);
	return rc;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

size_t isc_sim_groups_among(const struct isc_sim *s, const size_t *idx, size_t n)
{
	long *v = malloc((n ? n : 1) * sizeof(*v));
	size_t distinct = 0;

	if (!v)
		return 0;
	for (size_t k = 0; k < n; k++)
		v[k] = s->dev[idx[k]].group;
	qsort(v, n, sizeof(*v), cmp_long);
	for (size_t k = 0; k < n; k++)
		distinct += !k || v[k] != v[k - 1];
	free(v);
	return distinct;
}

enum isc_tri isc_sim_isolated(const struct isc_model *m, const struct isc_device *d)
{
	struct isc_sim_params p;
	struct sim s = {.m = m, .p = &p};
	struct node n = {.d = d, .parent = d->parent ? (long)(d->parent - m->devices) : -1};

	isc_sim_params_running(m, 1, ISC_UNKNOWN, &p);
	n.ctl = d->acs == ISC_YES ? kernel_ctl(&s, d, d->acs_ctl) : -1;
	n.dword = d->acs == ISC_YES ? kernel_ctl(&s, d, d->acs_ctl_dword) : -1;
	classify(&s, &n);
	return n.iso;
}
