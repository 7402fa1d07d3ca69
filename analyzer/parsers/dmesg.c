/* SPDX-License-Identifier: MIT */
/*
 * The kernel log (dmesg, a whole boot log or a grep of it, with or without
 * "[    0.000000] " times or journal prefixes): the lines that decide
 * verdicts (reference §12), each kept with the first line that said it;
 * which IOMMU driver spoke; and what the log says of each PCI function:
 *
 *   pci 0000:00:01.1: [1022:1483] type 01 class 0x060400   ids, header, class
 *   pci 0000:00:01.1: PCI bridge to [bus 01-03]           bridge bus numbers
 *   pci 0000:01:00.0: Adding to iommu group 12            its group
 *   iommu: Adding device 0000:01:00.0 to group 12         (kernels before 5.0)
 *   vfio-pci 0000:01:00.0: enabling device (0000 -> 0003) its driver
 *
 * plus the command line, the kernel release, the default domain type, the
 * IOMMU's state and the RMRR regions. At most ISC_MODEL_MAX_DEVICES
 * functions are kept.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

static const struct {
	const char *text;
	enum isc_log_event ev;
} log_patterns[] = {
	{"DMAR-IR: Enabled IRQ remapping", ISC_EV_IR_ON},
	{"AMD-Vi: Interrupt remapping enabled", ISC_EV_IR_ON},
	{"DMAR-IR: Not enabling interrupt remapping", ISC_EV_IR_OFF},
	{"Failed to enable irq remapping", ISC_EV_IR_OFF},
	{"interrupt remapping will be disabled", ISC_EV_IR_OFF},
	{"PCIe ACS overrides enabled", ISC_EV_ACS_OVERRIDE},
	{"Unknown option - '", ISC_EV_UNKNOWN_OPTION},
	{"ineligible for IOMMU domain attach due to platform RMRR", ISC_EV_RMRR},
	{"have a 1:1 IOMMU mapping", ISC_EV_RMRR},
	{"No interrupt remapping support", ISC_EV_IRQ_REFUSED},
	{"MSI interrupts are not secure", ISC_EV_IRQ_REFUSED},
	{"is not viable", ISC_EV_NOT_VIABLE},
	{"[Firmware Bug]", ISC_EV_FIRMWARE_BUG},
	{"Failed to enable Intel PCH ACS quirk", ISC_EV_PCH_ACS_FAILED},
};

struct dmesg_ctx {
	struct isc_facts *f;
	const char *source;
	int intel, amd;
	size_t *slots; /* address key -> log device index + 1, open addressing */
	size_t nslots;
	int stamped;   /* a time-stamped line was seen */
};

static unsigned key_of(unsigned dom, unsigned bus, unsigned dev, unsigned fn)
{
	return dom << 16 | bus << 8 | dev << 3 | fn;
}

static int rehash(struct dmesg_ctx *x)
{
	size_t n = x->nslots ? x->nslots * 2 : 256;
	size_t *v = calloc(n, sizeof(*v));

	if (!v)
		return -1;
	for (size_t i = 0; i < x->f->n_log_devices; i++) {
		const struct isc_log_device *d = &x->f->log_devices[i];
		unsigned dom, bus, dev, fn;
		size_t s;

		if (isc_parse_bdf(d->address, &dom, &bus, &dev, &fn) < 0)
			continue;
		for (s = (key_of(dom, bus, dev, fn) * 2654435761u) & (n - 1); v[s]; s = (s + 1) & (n - 1))
			;
		v[s] = i + 1;
	}
	free(x->slots);
	x->slots = v;
	x->nslots = n;
	return 0;
}

/* The log device at "dddd:bb:dd.f" (@addr, 12 characters), added when new; NULL. */
static struct isc_log_device *log_device(struct dmesg_ctx *x, const char *addr, unsigned lineno)
{
	struct isc_facts *f = x->f;
	struct isc_log_device *d;
	unsigned dom, bus, dev, fn, key;
	char a[16];
	size_t s;

	memcpy(a, addr, 12);
	a[12] = '\0';
	if (isc_parse_bdf(a, &dom, &bus, &dev, &fn) < 0)
		return NULL;
	key = key_of(dom, bus, dev, fn);
	for (s = x->nslots ? (key * 2654435761u) & (x->nslots - 1) : 0; x->nslots && x->slots[s];
	     s = (s + 1) & (x->nslots - 1))
		if (!strcmp(f->log_devices[x->slots[s] - 1].address, a))
			return &f->log_devices[x->slots[s] - 1];
	if (f->n_log_devices >= ISC_MODEL_MAX_DEVICES ||
	    isc_grow(&f->log_devices, f->n_log_devices, sizeof(*f->log_devices)) < 0)
		return NULL;
	d = &f->log_devices[f->n_log_devices++];
	memset(d, 0, sizeof(*d));
	snprintf(d->address, sizeof(d->address), "%04x:%02x:%02x.%u", dom, bus, dev, fn);
	d->group = d->vendor = d->device = d->class_code = d->header_type = -1;
	d->secondary = d->subordinate = -1;
	d->lineno = lineno;
	if (f->n_log_devices * 2 > x->nslots) {
		if (rehash(x) < 0)
			return d;
	} else {
		for (s = (key * 2654435761u) & (x->nslots - 1); x->slots[s]; s = (s + 1) & (x->nslots - 1))
			;
		x->slots[s] = f->n_log_devices;
	}
	return d;
}

/* "dddd:bb:dd.f" at @s? */
static int is_bdf(const char *s)
{
	static const char shape[] = "xxxx:xx:xx.x";

	for (size_t i = 0; i < 12; i++)
		if (shape[i] == 'x' ? !isxdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

/* The message of a log line: after "[    1.234567] " or "… kernel: ". */
static const char *message_of(const char *line)
{
	const char *k = strstr(line, "kernel: ");
	const char *p = k ? k + 8 : line;

	while (*p == ' ')
		p++;
	if (*p == '[') {
		const char *e = strchr(p, ']');

		if (e && e - p < 24 && strspn(p + 1, " 0123456789.") == (size_t)(e - p - 1)) {
			p = e + 1;
			while (*p == ' ')
				p++;
		}
	}
	return p;
}

static void set_text(char **dst, struct isc_fact_src *src, const char *text, size_t n,
		     const char *source, unsigned lineno, const char *line)
{
	if (*dst)
		return; /* the first one counts */
	*dst = strndup(text, n);
	if (src)
		isc_fact_src_set(src, source, lineno, line);
}

/* "DRIVER dddd:bb:dd.f: …": what the log says of one function. */
static void device_line(struct dmesg_ctx *x, const char *msg, unsigned lineno)
{
	size_t nlen = strspn(msg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");
	const char *addr = msg + nlen + 1, *rest;
	struct isc_log_device *d;
	unsigned v, dv, t, c, sec, sub;
	char tail;

	if (!nlen || nlen > 32 || msg[nlen] != ' ' || !is_bdf(addr) || addr[12] != ':' ||
	    addr[13] != ' ')
		return;
	rest = addr + 14;
	if (!(d = log_device(x, addr, lineno)))
		return;
	if (strncmp(msg, "pci ", 4) && strncmp(msg, "pci_bus ", 8)) {
		/* a bound driver speaks with its own name; an unbound device as "pci" */
		free(d->driver);
		d->driver = strndup(msg, nlen);
		return;
	}
	if (!strncmp(rest, "Adding to iommu group ", 22) &&
	    sscanf(rest + 22, "%u%c", &v, &tail) >= 1 && v <= 0x7fffffff) {
		d->group = (int)v;
		x->f->log_groups = 1;
	} else if (sscanf(rest, "[%4x:%4x] type %2x class 0x%6x", &v, &dv, &t, &c) == 4) {
		d->vendor = (int)v, d->device = (int)dv;
		d->header_type = (int)(t & 0x7f);
		d->class_code = (int)c;
	} else if (!strncmp(rest, "PCI bridge to [bus ", 19)) {
		int n = sscanf(rest + 19, "%2x-%2x", &sec, &sub);

		if (n >= 1) {
			d->secondary = (int)sec;
			d->subordinate = (int)(n == 2 ? sub : sec);
		}
	}
}

static void fact_line(struct dmesg_ctx *x, const char *line, unsigned lineno)
{
	struct isc_facts *f = x->f;
	const char *msg = message_of(line), *p;
	unsigned g;
	char addr[16], tail;

	if (!x->stamped && line[0] == '[') {
		x->stamped = 1;
		f->log_from_boot = !strncmp(line + strspn(line + 1, " ") + 1, "0.000000]", 9);
	}
	if (!strncmp(msg, "Linux version ", 14)) {
		f->log_full = 1;
		set_text(&f->log_kernel, NULL, msg + 14, strcspn(msg + 14, " "), NULL, 0, NULL);
	} else if ((p = strstr(msg, "ommand line: ")) != NULL &&
		   (p == msg + 1 || p == msg + 8) && (msg[0] == 'C' || !strncmp(msg, "Kernel c", 8))) {
		p += 13;
		set_text(&f->log_cmdline, &f->log_cmdline_src, p, strlen(p), x->source, lineno, line);
	} else if (!strncmp(msg, "iommu: Default domain type: ", 28)) {
		p = msg + 28;
		set_text(&f->default_domain, &f->default_domain_src, p, strcspn(p, " "), x->source,
			 lineno, line);
	} else if (!strncmp(msg, "iommu: Adding device ", 21) &&
		   sscanf(msg + 21, "%15s to group %u%c", addr, &g, &tail) >= 2 && is_bdf(addr) &&
		   g <= 0x7fffffff) {
		struct isc_log_device *d = log_device(x, addr, lineno);

		if (d) {
			d->group = (int)g;
			f->log_groups = 1;
		}
	} else if (!strncmp(msg, "DMAR: RMRR base:", 16)) {
		f->n_rmrr++;
	} else {
		device_line(x, msg, lineno);
	}
	if (strstr(msg, "RMRRs are relaxable"))
		f->rmrr_relaxed = 1;
	if (strstr(msg, "DMAR: IOMMU enabled") || strstr(msg, "AMD-Vi: Found IOMMU") ||
	    strstr(msg, "AMD-Vi: Interrupt remapping enabled") ||
	    strstr(msg, "AMD-Vi: IOMMU performance counters supported") ||
	    strstr(msg, "Intel(R) Virtualization Technology for Directed I/O"))
		f->log_iommu_on = ISC_YES;
	else if ((strstr(msg, "DMAR: IOMMU disabled") || strstr(msg, "AMD-Vi: AMD IOMMU disabled")) &&
		 f->log_iommu_on == ISC_UNKNOWN)
		f->log_iommu_on = ISC_NO;
}

static void log_line(void *ctx, unsigned lineno, char *line)
{
	struct dmesg_ctx *x = ctx;

	for (size_t i = 0; i < sizeof(log_patterns) / sizeof(log_patterns[0]); i++) {
		struct isc_log_fact *l = &x->f->log[log_patterns[i].ev];

		if (!strstr(line, log_patterns[i].text))
			continue;
		if (!l->count++)
			isc_fact_src_set(&l->src, x->source, lineno, line);
	}
	x->intel |= strstr(line, "DMAR: ") || strstr(line, "DMAR-IR: ");
	x->amd |= strstr(line, "AMD-Vi: ") != NULL;
	fact_line(x, line, lineno);
}

void isc_dmesg_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct dmesg_ctx x = {f, source, 0, 0, NULL, 0, 0};

	f->have_log = 1;
	if (!f->log_file)
		f->log_file = strdup(source);
	isc_each_line(text, len, log_line, &x);
	if (!f->log_iommu_vendor && (x.intel || x.amd))
		f->log_iommu_vendor = strdup(x.intel ? "intel" : "amd");
	if (f->log_groups)
		f->log_iommu_on = ISC_YES;
	free(x.slots);
}
