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

struct paste {
	struct isc_model_build *b;
	int *groups;         /* per device: group from the paste, -1 */
	size_t *slots;       /* address -> device index + 1, open addressing */
	size_t nslots;
	long cur_group;      /* inside "IOMMU Group N:" */
	long cur_dev;        /* the device whose details follow, -1 */
	int in_vmm;          /* inside a -vmm record */
	int in_devcap;       /* the next FLReset belongs to DevCap */
	int groups_seen;
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
		int *g = realloc(p->groups, p->b->cap * sizeof(*g));

		if (!g) {
			p->b->oom = 1;
			return -1;
		}
		p->groups = g;
		p->groups[m->n_devices - 1] = -1;
	}
	p->slots[s] = m->n_devices;
	return (long)m->n_devices - 1;
}

static void set_group(struct paste *p, long idx, long group, unsigned line_no)
{
	if (idx < 0 || group < 0 || group >= 1 << 30)
		return;
	if (p->groups[idx] >= 0 && p->groups[idx] != group) {
		isc_diags_add(&p->b->m->diags, p->b->m->source, line_no,
			      "%s is listed in groups %d and %ld", p->b->m->devices[idx].address,
			      p->groups[idx], group);
		return;
	}
	p->groups[idx] = (int)group;
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

/*
 * "CLASS [cccc]: NAME [vvvv:dddd] (rev rr)", ids optional (plain lspci).
 * Fills what the device does not know yet.
 */
static void parse_device_text(struct isc_device *d, const char *t)
{
	const char *colon = strstr(t, ": "), *br;
	size_t len = strlen(t);
	const char *rev = strstr(t, "(rev ");

	if (!colon)
		return;
	br = colon;
	while (br > t && *br != '[' && *br != ' ')
		br--;
	if (*br == '[' && d->class_code < 0) {
		int c;

		if (hex4(br + 1, &c) == 0)
			d->class_code = c << 8;
	}
	if (!d->class_name)
		d->class_name = strndup(t, (size_t)((*br == '[' ? br - 1 : colon) - t));
	/* The last "[vvvv:dddd]" is the device's ids. */
	for (size_t i = len; i-- > (size_t)(colon - t);) {
		int v, dv;

		if (t[i] == '[' && i + 11 <= len && t[i + 5] == ':' && t[i + 10] == ']' &&
		    hex4(t + i + 1, &v) == 0 && hex4(t + i + 6, &dv) == 0) {
			if (d->vendor < 0) {
				d->vendor = v;
				d->device = dv;
			}
			if (!d->name)
				d->name = strndup(colon + 2, i - (size_t)(colon - t) - 3);
			break;
		}
	}
	if (!d->name) {
		const char *end = rev ? rev - 1 : t + len;

		if (end > colon + 2)
			d->name = strndup(colon + 2, (size_t)(end - colon - 2));
	}
	if (rev && d->revision < 0)
		d->revision = (int)strtol(rev + 5, NULL, 16);
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

/* "IOMMU Group 3:", "IOMMU group 3", "### Group 3 ###": the number, or -1. */
static long group_header(const char *s, const char **rest)
{
	char *end;
	long g;

	while (*s == '#' || *s == ' ' || *s == '\t')
		s++;
	if (!strncasecmp(s, "IOMMU ", 6))
		s += 6;
	if (strncasecmp(s, "group ", 6))
		return -1;
	s += 6;
	g = strtol(s, &end, 10);
	if (end == s)
		return -1;
	while (*end == ':' || *end == ' ' || *end == '#' || *end == '\t')
		end++;
	*rest = end;
	return g;
}

static void paste_line(struct paste *p, char *s, unsigned line_no)
{
	char addr[64];
	const char *rest, *f;
	long g, idx;
	int indented = s[0] == ' ' || s[0] == '\t';

	clean_line(s);
	if (!s[0]) {
		p->cur_dev = p->in_vmm ? -1 : p->cur_dev;
		return;
	}
	if (!strncmp(s, "```", 3))
		return;
	if (!strncmp(s, "BOOT_IMAGE=", 11) && !p->b->m->host.cmdline) {
		p->b->m->host.cmdline = strdup(s);
		return;
	}
	if ((f = strstr(s, "iommu_groups/")) != NULL) {
		/* find /sys/kernel/iommu_groups/ -type l */
		char *end;

		g = strtol(f + 13, &end, 10);
		if (end != f + 13 && !strncmp(end, "/devices/", 9)) {
			idx = device_at(p, end + 9);
			set_group(p, idx, g, line_no);
		}
		return;
	}
	g = group_header(s, &rest);
	if (g >= 0) {
		p->cur_group = g;
		p->cur_dev = -1;
		if (*rest && (f = address_token(rest, addr, sizeof(addr))) != NULL &&
		    (idx = device_at(p, addr)) >= 0) {
			/* one line per device: "IOMMU group 13 05:00.0 VGA …", or
			 * ls-iommu's "IOMMU Group 13: 0000:05:00.0 …", whose -k
			 * variant follows with the device's driver lines */
			set_group(p, idx, g, line_no);
			/* the address may end the line: never step past its NUL */
			parse_device_text(&p->b->m->devices[idx], *f ? f + 1 : f);
			p->cur_group = -1;
			p->cur_dev = idx;
		}
		return;
	}
	if (!strncmp(s, "Slot:", 5)) {
		p->in_vmm = 1;
		vmm_line(p, s, line_no);
		return;
	}
	if (p->in_vmm) {
		vmm_line(p, s, line_no);
		return;
	}
	f = address_token(s, addr, sizeof(addr));
	if (f && *f == ' ' && (idx = device_at(p, addr)) >= 0) {
		parse_device_text(&p->b->m->devices[idx], f + 1);
		if (indented && p->cur_group >= 0) {
			set_group(p, idx, p->cur_group, line_no); /* a group member */
		} else {
			p->cur_group = -1; /* an lspci device: details may follow */
			p->cur_dev = idx;
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

		d->group = p->groups[i];
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

int isc_paste_parse(struct isc_model_build *b, struct isc_snapshot *s)
{
	struct paste p = {.b = b, .cur_group = -1, .cur_dev = -1};
	char *text, *line;
	size_t len;
	unsigned line_no = 0;
	int r = isc_snapshot_read(s, "paste.txt", ISC_SNAPSHOT_MAX_ENTRY_BYTES, &text, &len);

	if (r < 0)
		return r;
	for (line = text; line && line < text + len && !b->oom;) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));

		if (nl)
			*nl = '\0';
		line_no++;
		if (strlen(line) > MAX_LINE)
			isc_diags_add(&b->m->diags, b->m->source, line_no,
				      "line of %zu bytes "
				      "skipped: longer than the %d-byte limit",
				      strlen(line), MAX_LINE);
		else
			paste_line(&p, line, line_no);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	if (!b->oom && b->m->n_devices && infer(&p) < 0)
		b->oom = 1;
	b->m->host.groups_from = p.groups_seen ? "paste" : "none";
	free(p.groups);
	free(p.slots);
	return b->oom ? -ENOMEM : 0;
}
