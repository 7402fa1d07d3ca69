/* SPDX-License-Identifier: MIT */
/*
 * Devices and groups from what people paste into forums and tickets. One
 * pass over the lines recognises, in any mix and order:
 *
 *   IOMMU Group 1:                          the seed script: a header, then
 *   	01:00.0 VGA … [0300]: … [10de:1b80]   indented `lspci -nns` lines
 *   IOMMU group 13 05:00.0 VGA …            one line per device
 *   ### Group 17 ###                        headers of other scripts
 *   /sys/kernel/iommu_groups/7/devices/0000:00:1c.6     find -type l
 *   00:01.0 PCI bridge [0604]: …            lspci -nn / -nnk / -vvv -nn,
 *   	Kernel driver in use: pcieport       with their indented details
 *   	IOMMU group: 1                       (-vvv: Express type, ACS, FLR,
 *   	Status: Cap- …                        no capabilities at all,
 *   	Bus: primary=00, secondary=01, …      bridge bus numbers)
 *   Slot:	0000:00:00.0 … IOMMUGroup:	0      lspci -vmm -nn records
 *
 * Markdown fences, bold markers, CR line ends and shell prompts are noise
 * and are skipped. Lines that match nothing are ignored. The paste is
 * bounded like any input: at most ISC_MODEL_MAX_DEVICES devices, lines of
 * at most 64 KiB.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "model_private.h"
#include "../parsers/parsers.h"

#define MAX_LINE (64 * 1024)

/* The most listings one paste is read as; more headers join the last. */
#define MAX_LISTINGS 16

struct paste {
	struct isc_model_builder *b;
	struct pdev {
		int group;             /* from the paste, -1 */
		unsigned char gsrc;    /* the candidate listing that gave the group */
		unsigned char dsrc;    /* the candidate listing that named the device */
	} *pd;                         /* per device */
	size_t *slots;       /* address -> device index + 1, open addressing */
	size_t nslots;
	long cur_group;      /* inside "IOMMU Group N:" */
	long cur_dev;        /* the device whose details follow, -1 */
	int in_vmm;          /* inside a -vmm record */
	int in_lspci;        /* inside an lspci record: "IOMMU group: N" is its detail */
	int in_devcap;       /* the next FLReset belongs to DevCap */
	int groups_seen;
	/*
	 * Listings. The first pass reads the whole paste and marks candidates:
	 * a group header that repeats a group of the current candidate after
	 * another group starts the next one. A candidate that contradicts an
	 * earlier one (a device in another group, other ids at an address) is
	 * another host; one that agrees is the same host listed again (another
	 * script's output of it). With several hosts, a second pass reads only
	 * the lines of the wanted one.
	 */
	int scan;            /* the first pass */
	unsigned cand;       /* the candidate the current line belongs to, from 1 */
	unsigned cand_line[MAX_LISTINGS + 2]; /* its first line */
	unsigned char other_host[MAX_LISTINGS + 2];
	long last_header;    /* group of the last header line, -1 */
	struct seen {
		long g;
		unsigned gen;
	} *seen;             /* groups of the current candidate: open addressing */
	size_t nseen, seen_used;
	unsigned gen;        /* entries of older generations are free */
};

static unsigned key_of(unsigned dom, unsigned bus, unsigned dev, unsigned fn)
{
	return dom << 16 | bus << 8 | dev << 3 | fn;
}

static size_t slot_of(const struct paste *p, unsigned key)
{
	return (key * 2654435761u) & (p->nslots - 1);
}

static int rehash(struct paste *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 256;
	size_t *v = calloc(n, sizeof(*v));
	struct isc_model *m = p->b->m;

	if (!v)
		return -ENOMEM;
	free(p->slots);
	p->slots = v;
	p->nslots = n;
	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];
		size_t s = slot_of(p, key_of(d->domain, d->bus, d->dev, d->fn));

		while (p->slots[s])
			s = (s + 1) & (p->nslots - 1);
		p->slots[s] = i + 1;
	}
	return 0;
}

/* The device at @addr, added when new; -1 when @addr is not an address. */
static long device_at(struct paste *p, const char *addr)
{
	struct isc_model *m = p->b->m;
	unsigned dom, bus, dev, fn, key;
	struct isc_device *d;
	size_t s;

	if (isc_parse_bdf(addr, &dom, &bus, &dev, &fn) < 0)
		return -1;
	key = key_of(dom, bus, dev, fn);
	if (p->nslots && (m->n_devices + 1) * 2 <= p->nslots) {
		for (s = slot_of(p, key); p->slots[s]; s = (s + 1) & (p->nslots - 1)) {
			d = &m->devices[p->slots[s] - 1];
			if (key_of(d->domain, d->bus, d->dev, d->fn) == key)
				return (long)(p->slots[s] - 1);
		}
	} else if (rehash(p) < 0) {
		p->b->oom = 1;
		return -1;
	} else {
		return device_at(p, addr);
	}
	d = isc_model_add_device(p->b, dom, bus, dev, fn);
	if (!d)
		return -1;
	{
		struct pdev *g = realloc(p->pd, p->b->cap * sizeof(*g));

		if (!g) {
			p->b->oom = 1;
			return -1;
		}
		p->pd = g;
		p->pd[m->n_devices - 1] = (struct pdev){-1, 0, (unsigned char)p->cand};
	}
	p->slots[s] = m->n_devices;
	return (long)m->n_devices - 1;
}

/* A later candidate listing contradicts an earlier one: it is another host. */
static void other_host(struct paste *p)
{
	p->other_host[p->cand] = 1;
}

static void set_group(struct paste *p, long idx, long group, unsigned line_no)
{
	struct pdev *pd;

	if (idx < 0 || group < 0 || group >= 1 << 30)
		return;
	pd = &p->pd[idx];
	if (pd->group >= 0 && pd->group != group) {
		if (p->scan && pd->gsrc != p->cand)
			other_host(p);
		else
			isc_diags_add(&p->b->m->diags, p->b->m->source, line_no,
				      "%s is listed in groups %d and %ld",
				      p->b->m->devices[idx].address, pd->group, group);
		return;
	}
	if (pd->group < 0)
		pd->gsrc = (unsigned char)p->cand;
	pd->group = (int)group;
	p->groups_seen = 1;
}

/* Copy the address token at the start of @s (after blanks) into @out; returns its end. */
static const char *address_token(const char *s, char *out, size_t outsz)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strcspn(s, " \t");
	if (!n || n >= outsz)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return s + n;
}

static int hex4(const char *s, int *ret)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		v = v * 16 + (isdigit((unsigned char)s[i]) ? s[i] - '0' : (s[i] | 32) - 'a' + 10);
	}
	*ret = v;
	return 0;
}

/* @s..@e without the blanks at either end, as a new string; NULL when empty. */
static char *dup_trimmed(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == ':'))
		e--;
	return e > s ? strndup(s, (size_t)(e - s)) : NULL;
}

/* The last "[vvvv:dddd]" in @t..@end: a device's ids. NULL when there is none. */
static const char *last_ids(const char *t, const char *end, int *v, int *dv)
{
	for (const char *b = end; b-- > t;)
		if (*b == '[' && b + 11 <= end && b[5] == ':' && b[10] == ']' &&
		    hex4(b + 1, v) == 0 && hex4(b + 6, dv) == 0)
			return b;
	return NULL;
}

/*
 * The text after a device's address, in the forms the scripts print:
 *
 *   CLASS [cccc]: NAME [vvvv:dddd] (rev rr)     lspci -nn
 *   CLASS [cccc] NAME [vvvv:dddd] (rev rr)      ls-iommu (Go), default format
 *   CLASS: NAME (rev rr)                         plain lspci
 *   [vvvv:dddd] Driver: NAME                     iommu_viewer
 *
 * Fills only what the device does not know yet.
 */
static void parse_device_text(struct isc_device *d, const char *t)
{
	const char *end = t + strlen(t), *colon, *cls = NULL, *name, *ids, *rev, *drv;
	int v, dv;

	/* iommu_viewer ends the line with "Driver: NAME" */
	drv = !strncmp(t, "Driver: ", 8) ? t : strstr(t, " Driver: ");
	if (drv) {
		const char *name_of = drv + (*drv == ' ') + 8;

		if (!d->driver && *name_of && !strchr(name_of, ' '))
			d->driver = strdup(name_of);
		end = drv;
	}
	colon = strstr(t, ": ");
	if (colon && colon >= end)
		colon = NULL;
	/* The class id is the first "[cccc]", before any ": " (names hold brackets). */
	for (const char *b = t; (b = memchr(b, '[', (size_t)(end - b))) != NULL; b++) {
		int c;

		if (colon && b > colon)
			break;
		if (b + 6 <= end && b[5] == ']' && hex4(b + 1, &c) == 0) {
			cls = b;
			if (d->class_code < 0)
				d->class_code = c << 8;
			break;
		}
	}
	if (cls) {
		if (!d->class_name)
			d->class_name = dup_trimmed(t, cls);
		name = cls + 6;
		if (*name == ':')
			name++;
	} else if (colon) {
		if (!d->class_name)
			d->class_name = dup_trimmed(t, colon);
		name = colon + 2;
	} else {
		name = t;
	}
	ids = last_ids(name, end, &v, &dv);
	if (ids && d->vendor < 0) {
		d->vendor = v;
		d->device = dv;
	}
	rev = strstr(name, "(rev ");
	if (rev && rev >= end)
		rev = NULL;
	if (!d->name)
		d->name = dup_trimmed(name, ids ? ids : rev ? rev : end);
	if (rev && d->revision < 0)
		d->revision = (int)strtol(rev + 5, NULL, 16);
}

/* The text of device @idx; another device's ids at its address mean another host. */
static void device_text(struct paste *p, long idx, const char *t)
{
	struct isc_device *d = &p->b->m->devices[idx];
	int v, dv;

	if (p->scan && d->vendor >= 0 && p->pd[idx].dsrc != p->cand &&
	    last_ids(t, t + strlen(t), &v, &dv) && (v != d->vendor || dv != d->device))
		other_host(p);
	parse_device_text(d, t);
}

static int express_type(const char *s)
{
	static const struct {
		const char *name;
		int type;
	} t[] = {
		{"Root Complex Integrated Endpoint", ISC_PCIE_RC_ENDPOINT},
		{"Root Complex Event Collector", ISC_PCIE_RC_EVENT_COLLECTOR},
		{"Legacy Endpoint", ISC_PCIE_LEGACY_ENDPOINT},
		{"Endpoint", ISC_PCIE_ENDPOINT},
		{"Root Port", ISC_PCIE_ROOT_PORT},
		{"Upstream Port", ISC_PCIE_UPSTREAM},
		{"Downstream Port", ISC_PCIE_DOWNSTREAM},
		{"PCI/PCI-X to PCI-Express Bridge", ISC_PCIE_PCI_TO_PCIE},
		{"PCI-Express to PCI/PCI-X Bridge", ISC_PCIE_PCIE_TO_PCI},
		{"PCI/PCI-X Bridge", ISC_PCIE_PCIE_TO_PCI},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strncmp(s, t[i].name, strlen(t[i].name)))
			return t[i].type;
	return ISC_PCIE_UNKNOWN;
}

/* "SrcValid+ TransBlk- …" -> bits. */
static int acs_bits(const char *s)
{
	static const char *const names[] = {"SrcValid", "TransBlk", "ReqRedir", "CmpltRedir",
					    "UpstreamFwd", "EgressCtrl", "DirectTrans"};
	int bits = 0;

	for (int i = 0; i < 7; i++) {
		const char *p = strstr(s, names[i]);

		if (p && p[strlen(names[i])] == '+')
			bits |= 1 << i;
	}
	return bits;
}

/* Indented detail lines of lspci -k / -vvv for the current device. */
static void detail_line(struct paste *p, const char *s, unsigned line_no)
{
	struct isc_device *d = &p->b->m->devices[p->cur_dev];
	const char *v;
	unsigned a, b2, c;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncmp(s, "Kernel driver in use: ", 22)) {
		if (!d->driver)
			d->driver = strdup(s + 22);
	} else if (!strncmp(s, "IOMMU group: ", 13)) {
		set_group(p, p->cur_dev, strtol(s + 13, NULL, 10), line_no);
	} else if (sscanf(s, "Bus: primary=%x, secondary=%x, subordinate=%x", &a, &b2, &c) == 3) {
		d->is_bridge = 1;
		d->secondary_bus = (int)b2;
		d->subordinate_bus = (int)c;
	} else if (!strncmp(s, "Status: Cap-", 12) && d->cfg < ISC_CFG_STANDARD) {
		/* no capability list at all: conventional PCI, no ACS (X1, 0x06 bit 4) */
		d->cfg = ISC_CFG_STANDARD;
		d->pcie_type = ISC_PCIE_NONE;
		d->acs = d->ari = d->sriov = d->flr = ISC_NO;
	} else if (!strncmp(s, "Capabilities: <access denied>", 29)) {
		d->cfg = ISC_CFG_HEADER;
	} else if (!strncmp(s, "Capabilities: [", 15)) {
		if (d->cfg < ISC_CFG_STANDARD) {
			d->cfg = ISC_CFG_STANDARD;
			d->pcie_type = ISC_PCIE_NONE;
			d->acs = ISC_NO;
			d->flr = ISC_NO;
		}
		v = strstr(s, "] ");
		if (v && !strncmp(v + 2, "Express (", 9) && (v = strstr(v, ") ")) != NULL)
			d->pcie_type = express_type(v + 2);
		if (strstr(s, "Access Control Services"))
			d->acs = ISC_YES;
		if (strstr(s, "Alternative Routing-ID Interpretation"))
			d->ari = ISC_YES;
		if (strstr(s, "Single Root I/O Virtualization"))
			d->sriov = ISC_YES;
		p->in_devcap = 0;
	} else if (!strncmp(s, "ACSCap:", 7)) {
		d->acs_cap = acs_bits(s + 7);
	} else if (!strncmp(s, "ACSCtl:", 7)) {
		d->acs_ctl = acs_bits(s + 7);
	} else if (!strncmp(s, "DevCap:", 7)) {
		p->in_devcap = 1;
	} else if (!strncmp(s, "DevCtl:", 7)) {
		p->in_devcap = 0;
	} else if (p->in_devcap && (v = strstr(s, "FLReset")) != NULL) {
		d->flr = v[7] == '+' ? ISC_YES : ISC_NO;
		p->in_devcap = 0;
	}
}

/* lspci -vmm: "Key:\tvalue" lines. */
static void vmm_line(struct paste *p, const char *s, unsigned line_no)
{
	struct isc_device *d;
	const char *v = strchr(s, ':');
	size_t klen;
	int id;

	if (!v)
		return;
	klen = (size_t)(v - s);
	v++;
	while (*v == ' ' || *v == '\t')
		v++;
	if (klen == 4 && !strncmp(s, "Slot", 4)) {
		p->cur_dev = device_at(p, v);
		return;
	}
	if (p->cur_dev < 0)
		return;
	d = &p->b->m->devices[p->cur_dev];
	/* Values end in " [hex]" with -nn. */
	{
		const char *br = strrchr(v, '[');

		id = -1;
		if (br && hex4(br + 1, &id) < 0)
			id = -1;
		if (klen == 5 && !strncmp(s, "Class", 5) && id >= 0 && d->class_code < 0)
			d->class_code = id << 8;
		else if (klen == 6 && !strncmp(s, "Vendor", 6) && id >= 0)
			d->vendor = id;
		else if (klen == 6 && !strncmp(s, "Device", 6) && id >= 0) {
			d->device = id;
			if (!d->name)
				d->name = strndup(v, (size_t)(br - v - (br > v)));
		} else if (klen == 6 && !strncmp(s, "Driver", 6) && !d->driver)
			d->driver = strdup(v);
		else if (klen == 10 && !strncmp(s, "IOMMUGroup", 10))
			set_group(p, p->cur_dev, strtol(v, NULL, 10), line_no);
		else if (klen == 3 && !strncmp(s, "Rev", 3) && d->revision < 0)
			d->revision = (int)strtol(v, NULL, 16);
	}
}

/* Clean a line in place: no CR, no Markdown bold markers. */
static void clean_line(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '*' && r[1] == '*') {
			r++;
			continue;
		}
		if (*r != '\r')
			*w++ = *r;
	}
	*w = '\0';
	while (w > s && isspace((unsigned char)w[-1]))
		*--w = '\0';
}

/*
 * A header: "IOMMU Group 3:", "IOMMU group 3", "### Group 3 ###", "IOMMU
 * Group: 3", "Group: 3"; the number, or -1. @rest: what follows it.
 */
static long group_header(const char *s, const char **rest)
{
	char *end;
	long g;

	while (*s == '#' || *s == ' ' || *s == '\t')
		s++;
	if (!strncasecmp(s, "IOMMU ", 6))
		s += 6;
	if (strncasecmp(s, "group", 5) || (s[5] != ' ' && s[5] != ':' && s[5] != '\t'))
		return -1;
	s += 6;
	if (!isdigit((unsigned char)*s) && *s != ' ' && *s != '\t')
		return -1;
	g = strtol(s, &end, 10);
	if (end == s || g < 0 || g >= 1L << 30)
		return -1;
	while (*end == ':' || *end == ' ' || *end == '#' || *end == '\t')
		end++;
	*rest = end;
	return g;
}

/*
 * unRAID's getiommu.sh prints "GG R BB:DD.F VVVV:DDDD CLASS: NAME (rev rr)":
 * the group (padded to two digits), 1 when the device has a reset file,
 * the address, the ids and plain lspci text. The group, or -1.
 */
static long flat_line(const char *s, char *addr, size_t addrsz, int ids[2], const char **desc)
{
	const char *f;
	char *e;
	long g;
	unsigned u[4];

	if (!isdigit((unsigned char)*s))
		return -1;
	g = strtol(s, &e, 10);
	if (g >= 1L << 30 || e[0] != ' ' || (e[1] != '0' && e[1] != '1') || e[2] != ' ')
		return -1;
	f = address_token(e + 3, addr, addrsz);
	if (!f || *f != ' ' || isc_parse_bdf(addr, &u[0], &u[1], &u[2], &u[3]) < 0)
		return -1;
	f++;
	if (hex4(f, &ids[0]) < 0 || f[4] != ':' || hex4(f + 5, &ids[1]) < 0 ||
	    (f[9] != ' ' && f[9] != '\0'))
		return -1;
	*desc = f[9] ? f + 10 : f + 9;
	return g;
}

static size_t seen_slot(const struct paste *p, long g)
{
	return ((unsigned long)g * 2654435761u) & (p->nseen - 1);
}

/* Add @g to the groups of the current listing; 1 when it was there, <0 on OOM. */
static int seen_add(struct paste *p, long g)
{
	size_t s;

	if ((p->seen_used + 1) * 2 > p->nseen) {
		size_t n = p->nseen ? p->nseen * 2 : 64;
		struct seen *v = calloc(n, sizeof(*v)), *old = p->seen;
		size_t oldn = p->nseen;

		if (!v)
			return -ENOMEM;
		p->seen = v;
		p->nseen = n;
		for (size_t i = 0; i < oldn; i++)
			if (old[i].gen == p->gen) {
				for (s = seen_slot(p, old[i].g); v[s].gen == p->gen; s = (s + 1) & (n - 1))
					;
				v[s] = old[i];
			}
		free(old);
	}
	for (s = seen_slot(p, g); p->seen[s].gen == p->gen; s = (s + 1) & (p->nseen - 1))
		if (p->seen[s].g == g)
			return 1;
	p->seen[s].g = g;
	p->seen[s].gen = p->gen;
	p->seen_used++;
	return 0;
}

/* A header line names group @g: does the next candidate listing start here? */
static void listing_mark(struct paste *p, long g, unsigned line_no)
{
	int r;

	if (!p->scan || g == p->last_header)
		return;
	p->last_header = g;
	r = seen_add(p, g);
	if (r < 0) {
		p->b->oom = 1;
		return;
	}
	if (r == 0 || p->cand >= MAX_LISTINGS)
		return;
	/* group g again after other groups */
	p->cand++;
	p->cand_line[p->cand] = line_no;
	p->gen++;
	p->seen_used = 0;
	if (seen_add(p, g) < 0)
		p->b->oom = 1;
}

/* The members of a group whose header came before. */
static void member(struct paste *p, long idx, const char *text, unsigned line_no)
{
	if (idx < 0)
		return;
	device_text(p, idx, text);
	set_group(p, idx, p->cur_group, line_no);
}

static void paste_line(struct paste *p, char *s, unsigned line_no)
{
	char addr[64], *cmd = NULL;
	const char *rest, *f;
	long g, idx;
	int indented, ids[2];

	/* a UTF-8 byte order mark; strncmp: a line may be shorter than three bytes */
	if (line_no == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	while (*s == '>') {
		/* quoted in a mail or a forum post: "> ", "> > " */
		s++;
		if (*s == ' ')
			s++;
	}
	indented = s[0] == ' ' || s[0] == '\t';
	clean_line(s);
	if (!s[0]) {
		p->cur_dev = p->in_vmm ? -1 : p->cur_dev;
		return;
	}
	if (!strncmp(s, "```", 3))
		return;
	if (!strncmp(s, "[RESET]", 7)) {
		/* ls-reset marks the members that have a reset file */
		s += 7;
		indented = 1;
	}
	if (isc_cmdline_recognise(s, &cmd) > 0) {
		/* /proc/cmdline, systemd-boot's initrd=\EFI\… line, GRUB's linux line */
		if (!p->b->m->host.cmdline)
			p->b->m->host.cmdline = cmd;
		else
			free(cmd);
		return;
	}
	if ((f = strstr(s, "iommu_groups/")) != NULL) {
		/* find /sys/kernel/iommu_groups/ -type l */
		char *end;

		g = strtol(f + 13, &end, 10);
		if (end != f + 13 && g >= 0 && g < 1L << 30 && !strncmp(end, "/devices/", 9)) {
			idx = device_at(p, end + 9);
			if (idx >= 0) {
				listing_mark(p, g, line_no);
				set_group(p, idx, g, line_no);
			}
		}
		return;
	}
	if ((g = flat_line(s, addr, sizeof(addr), ids, &rest)) >= 0) {
		listing_mark(p, g, line_no);
		p->cur_group = -1;
		p->cur_dev = -1;
		if ((idx = device_at(p, addr)) >= 0) {
			struct isc_device *d = &p->b->m->devices[idx];

			if (d->vendor < 0) {
				d->vendor = ids[0];
				d->device = ids[1];
			} else if (p->scan && p->pd[idx].dsrc != p->cand &&
				   (d->vendor != ids[0] || d->device != ids[1])) {
				other_host(p);
			}
			parse_device_text(d, rest);
			set_group(p, idx, g, line_no);
		}
		return;
	}
	g = indented && p->in_lspci ? -1 : group_header(s, &rest);
	if (g >= 0) {
		listing_mark(p, g, line_no);
		p->in_lspci = 0;
		p->cur_group = g;
		p->cur_dev = -1;
		if (*rest && (f = address_token(rest, addr, sizeof(addr))) != NULL &&
		    (idx = device_at(p, addr)) >= 0) {
			/* one line per device: "IOMMU group 13 05:00.0 VGA …", or
			 * ls-iommu's "IOMMU Group 13: 0000:05:00.0 …", whose -k
			 * variant follows with the device's driver lines, or
			 * iommu_viewer's "Group: 13  0000:05:00.0 [10de:1b80] Driver: …";
			 * the address may end the line: never step past its NUL */
			member(p, idx, *f ? f + 1 : f, line_no);
			p->cur_group = -1;
			p->cur_dev = idx;
		}
		return;
	}
	f = s;
	while (*f == ' ' || *f == '\t')
		f++;
	if (!strncmp(f, "Group Device: ", 14)) {
		/* iommu_tools' tree: "Group Device: 0000:97:00.4 - CLASS [cccc]: …" */
		if (p->cur_group >= 0 && (f = address_token(f + 14, addr, sizeof(addr))) != NULL)
			member(p, device_at(p, addr), !strncmp(f, " - ", 3) ? f + 3 : f, line_no);
		return;
	}
	if (!strncmp(s, "Slot:", 5)) {
		p->in_vmm = 1;
		p->in_lspci = 0;
		vmm_line(p, s, line_no);
		return;
	}
	if (p->in_vmm) {
		vmm_line(p, s, line_no);
		return;
	}
	f = address_token(s, addr, sizeof(addr));
	if (f && *f == ' ' && (idx = device_at(p, addr)) >= 0) {
		if (indented && p->cur_group >= 0) {
			member(p, idx, f + 1, line_no);
		} else {
			device_text(p, idx, f + 1);
			p->cur_group = -1; /* an lspci device: details may follow */
			p->cur_dev = idx;
			p->in_lspci = 1;
			p->in_devcap = 0;
		}
		return;
	}
	if (indented && p->cur_dev >= 0)
		detail_line(p, s, line_no);
}

static int cmp_u32(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

/*
 * What pasted text implies: M1 (a slot with a function other than 0 is
 * multi-function) and parents from the bridges' secondary bus numbers.
 */
static int infer(struct paste *p)
{
	struct isc_model *m = p->b->m;
	/* (domain << 8 | secondary bus) << 32 would overflow 32 bits: keep pairs */
	unsigned (*bridges)[2] = malloc((m->n_devices + 1) * sizeof(*bridges));
	size_t nb = 0;

	if (!bridges)
		return -ENOMEM;
	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];

		d->group = p->pd[i].group;
		if (d->is_bridge && d->secondary_bus >= 0) {
			bridges[nb][0] = d->domain << 8 | (unsigned)d->secondary_bus;
			bridges[nb++][1] = (unsigned)i;
		}
		if (d->fn != 0) {
			char addr[16];
			long f0;

			d->multifunction = ISC_YES;
			snprintf(addr, sizeof(addr), "%04x:%02x:%02x.0", d->domain, d->bus, d->dev);
			/* only look up: never add a function 0 that was not pasted */
			for (size_t s = p->nslots ? slot_of(p, key_of(d->domain, d->bus, d->dev, 0)) : 0;
			     p->nslots && p->slots[s]; s = (s + 1) & (p->nslots - 1)) {
				f0 = (long)p->slots[s] - 1;
				if (!strcmp(m->devices[f0].address, addr))
					m->devices[f0].multifunction = ISC_YES;
			}
		}
	}
	qsort(bridges, nb, sizeof(*bridges), cmp_u32);
	for (size_t i = 0; i < m->n_devices; i++) {
		unsigned key[2] = {m->devices[i].domain << 8 | m->devices[i].bus, 0};
		unsigned (*br)[2] = bsearch(key, bridges, nb, sizeof(*bridges), cmp_u32);

		if (br && (*br)[1] != i && !p->b->parents[i])
			p->b->parents[i] = strdup(m->devices[(*br)[1]].address);
	}
	free(bridges);
	return 0;
}

/* One pass over the lines @first..@last of @text (a copy: lines are cut in place). */
static void read_lines(struct paste *p, const char *text, size_t len, unsigned first,
		       unsigned last)
{
	char *copy = malloc(len + 1), *line;
	unsigned line_no = 0;

	if (!copy) {
		p->b->oom = 1;
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = copy; line && line < copy + len && line_no < last && !p->b->oom;) {
		char *nl = memchr(line, '\n', (size_t)(copy + len - line));

		if (nl)
			*nl = '\0';
		line_no++;
		if (line_no < first)
			;
		else if (strlen(line) > MAX_LINE)
			isc_diags_add(&p->b->m->diags, p->b->m->source, line_no,
				      "line of %zu bytes "
				      "skipped: longer than the %d-byte limit",
				      strlen(line), MAX_LINE);
		else
			paste_line(p, line, line_no);
		line = nl ? nl + 1 : NULL;
	}
	if (!p->cand_line[0])
		p->cand_line[0] = line_no; /* the number of lines */
	free(copy);
}

static void reset(struct paste *p)
{
	p->cur_group = p->cur_dev = p->last_header = -1;
	p->in_vmm = p->in_lspci = p->in_devcap = p->groups_seen = 0;
	p->nslots = 0;
	free(p->slots);
	p->slots = NULL;
}

int isc_paste_parse(struct isc_model_builder *b, struct isc_snapshot *s, unsigned listing)
{
	struct paste p = {.b = b, .scan = 1, .cand = 1, .gen = 1};
	struct isc_model *m = b->m;
	unsigned starts[MAX_LISTINGS + 2], n = 0, want = listing ? listing : 1;
	size_t len, diags = m->diags.n, dropped = m->diags.dropped;
	char *text;
	int r = isc_snapshot_read(s, "paste.txt", ISC_SNAPSHOT_MAX_ENTRY_BYTES, &text, &len);

	if (r < 0)
		return r;
	reset(&p);
	p.cand_line[1] = 1;
	read_lines(&p, text, len, 1, ~0u);
	/* the hosts: the first candidate and each that contradicts an earlier one */
	starts[n++] = 1;
	for (unsigned k = 2; k <= p.cand; k++)
		if (p.other_host[k])
			starts[n++] = p.cand_line[k];
	starts[n] = p.cand_line[0] + 1;
	m->n_listings = n;
	m->listing = want <= n ? want : 0;
	m->listing_first_line = want <= n ? starts[want - 1] : 0;
	m->listing_last_line = want <= n ? starts[want] - 1 : 0;
	if (n > 1 && !b->oom) {
		/* again, with only the wanted host's lines */
		isc_model_builder_clear(b);
		for (size_t i = diags; i < m->diags.n; i++) {
			free(m->diags.v[i].source);
			free(m->diags.v[i].message);
		}
		m->diags.n = diags;
		m->diags.dropped = dropped;
		reset(&p);
		p.scan = 0;
		if (want <= n)
			read_lines(&p, text, len, starts[want - 1], starts[want] - 1);
	}
	free(text);
	if (!b->oom && m->n_devices && infer(&p) < 0)
		b->oom = 1;
	m->host.groups_from = p.groups_seen ? "paste" : "none";
	free(p.pd);
	free(p.slots);
	free(p.seen);
	return b->oom ? -ENOMEM : 0;
}
