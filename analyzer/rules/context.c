/* SPDX-License-Identifier: MIT */
/*
 * Reading the host context (context.h) from a snapshot. Every read goes
 * through the snapshot interface; every parser is line-based, bounded by
 * the snapshot's own limits, and skips what it does not understand.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "../model/model_private.h"
#include "../parsers/parsers.h"
#include "pathres.h"

#define CONF_MAX (1u << 20)

/* The kernel log lines that decide verdicts (reference §12). */
static const struct {
	const char *text;
	enum log_event ev;
} log_patterns[] = {
	{"DMAR-IR: Enabled IRQ remapping", EV_IR_ON},
	{"AMD-Vi: Interrupt remapping enabled", EV_IR_ON},
	{"DMAR-IR: Not enabling interrupt remapping", EV_IR_OFF},
	{"Failed to enable irq remapping", EV_IR_OFF},
	{"interrupt remapping will be disabled", EV_IR_OFF},
	{"PCIe ACS overrides enabled", EV_ACS_OVERRIDE},
	{"Unknown option - '", EV_UNKNOWN_OPTION},
	{"ineligible for IOMMU domain attach due to platform RMRR", EV_RMRR},
	{"have a 1:1 IOMMU mapping", EV_RMRR},
	{"No interrupt remapping support", EV_IRQ_REFUSED},
	{"MSI interrupts are not secure", EV_IRQ_REFUSED},
	{"is not viable", EV_NOT_VIABLE},
	{"[Firmware Bug]", EV_FIRMWARE_BUG},
	{"Failed to enable Intel PCH ACS quirk", EV_PCH_ACS_FAILED},
};

/* Call @fn for each line of snapshot file @path; returns -ENOENT when absent. */
/*
 * A path in the snapshot, formatted into @out (ISC_PATH_MAX bytes): 0, or
 * -ENAMETOOLONG for a path no snapshot can hold (the caller skips it).
 */
static int fmt_path(char *out, const char *fmt, ...) ISC_PRINTF(2, 3);

static int fmt_path(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, ISC_PATH_MAX, fmt, ap);
	va_end(ap);
	return n < 0 || n >= ISC_PATH_MAX ? -ENAMETOOLONG : 0;
}

static int each_line(struct isc_snapshot *s, const char *path, size_t max,
		     void (*fn)(void *ctx, const char *path, char *line), void *ctx)
{
	char *text, *line;
	size_t len;
	int r = isc_snapshot_read(s, path, max, &text, &len);

	if (r < 0)
		return r;
	for (line = text; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		fn(ctx, path, line);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return 0;
}

static int push_param(struct param **v, size_t *n, const char *text, const char *source,
		      const char *line)
{
	struct param *p = realloc(*v, (*n + 1) * sizeof(**v));

	if (!p)
		return -ENOMEM;
	*v = p;
	p[*n].text = strdup(text);
	p[*n].source = strdup(source);
	p[*n].line = strdup(line);
	(*n)++;
	return 0;
}

static void free_params(struct param *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].source);
		free(v[i].line);
	}
	free(v);
}

const char *param_value(char **params, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = n; i-- > 0;) /* the last one counts, as in the kernel */
		if (!strncmp(params[i], name, len) && (params[i][len] == '=' || !params[i][len]))
			return params[i];
	return NULL;
}

/* ---- boot configuration -------------------------------------------------------------- */

/*
 * GRUB_CMDLINE_LINUX="…" / GRUB_CMDLINE_LINUX_DEFAULT='…' (shell quoting,
 * a later assignment replaces an earlier one; comments ignored).
 */
struct grub_state {
	struct context *c;
	char *value[2]; /* LINUX, LINUX_DEFAULT */
	char *where[2][2];
};

static void grub_line(void *ctx, const char *path, char *line)
{
	static const char *const keys[] = {"GRUB_CMDLINE_LINUX=", "GRUB_CMDLINE_LINUX_DEFAULT="};
	struct grub_state *g = ctx;
	char *p = line;

	while (isspace((unsigned char)*p))
		p++;
	if (!strncmp(p, "export ", 7))
		p += 7;
	for (int k = 0; k < 2; k++) {
		size_t klen = strlen(keys[k]), w = 0;
		char *v, quote = 0, *out;

		if (strncmp(p, keys[k], klen))
			continue;
		v = p + klen;
		out = malloc(strlen(v) + 1);
		if (!out)
			return;
		for (; *v; v++) {
			if (quote) {
				if (*v == quote)
					quote = 0;
				else
					out[w++] = *v;
			} else if (*v == '"' || *v == '\'') {
				quote = *v;
			} else if (*v == '#' || isspace((unsigned char)*v)) {
				break;
			} else {
				out[w++] = *v;
			}
		}
		out[w] = '\0';
		free(g->value[k]);
		free(g->where[k][0]);
		free(g->where[k][1]);
		g->value[k] = out;
		g->where[k][0] = strdup(path);
		g->where[k][1] = strdup(line);
	}
}

static void read_grub(struct context *c, struct isc_snapshot *s)
{
	struct grub_state g = {.c = c};
	char **names = NULL;
	size_t n = 0;

	c->has_grub_file = each_line(s, "etc/default/grub", CONF_MAX, grub_line, &g) == 0;
	if (isc_snapshot_list(s, "etc/default/grub.d", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX];

			if (fmt_path(path, "etc/default/grub.d/%s", names[i]) == 0)
				c->has_grub_file |=
				    each_line(s, path, CONF_MAX, grub_line, &g) == 0;
		}
		isc_snapshot_names_free(names, n);
	}
	for (int k = 0; k < 2; k++) {
		char **params = NULL;
		size_t np = 0;

		if (g.value[k] && isc_cmdline_split(g.value[k], &params, &np) >= 0) {
			for (size_t i = 0; i < np; i++) {
				push_param(&c->grub, &c->n_grub, params[i], g.where[k][0],
					   g.where[k][1]);
				free(params[i]);
			}
			free(params);
		}
		free(g.value[k]);
		free(g.where[k][0]);
		free(g.where[k][1]);
	}
}

static void kcmd_line(void *ctx, const char *path, char *line)
{
	struct context *c = ctx;
	char **params = NULL;
	size_t np = 0;

	if (line[0] == '#' || isc_cmdline_split(line, &params, &np) < 0)
		return;
	for (size_t i = 0; i < np; i++) {
		push_param(&c->kcmd, &c->n_kcmd, params[i], path, line);
		free(params[i]);
	}
	free(params);
}

static void os_line(void *ctx, const char *path, char *line)
{
	struct context *c = ctx;

	(void)path;
	if ((!strncmp(line, "ID=", 3) || !strncmp(line, "ID_LIKE=", 8)) &&
	    (strstr(line, "rhel") || strstr(line, "fedora") || strstr(line, "centos")))
		c->redhat = 1;
}

static void read_boot(struct context *c, struct isc_snapshot *s)
{
	char *status = isc_read_text(s, "cmd/proxmox-boot-tool-status.txt");

	each_line(s, "etc/os-release", CONF_MAX, os_line, c);
	read_grub(c, s);
	c->has_kcmd_file = each_line(s, "etc/kernel/cmdline", CONF_MAX, kcmd_line, c) == 0;
	/* "UUID is configured with: uefi (versions: …)" means systemd-boot. */
	if (status && strstr(status, "configured with: uefi")) {
		c->boot = BOOT_SYSTEMD_BOOT;
		c->boot_evidence = strdup("cmd/proxmox-boot-tool-status.txt");
	} else if (status && strstr(status, "configured with: grub")) {
		c->boot = BOOT_GRUB;
		c->boot_evidence = strdup("cmd/proxmox-boot-tool-status.txt");
	} else if (c->has_grub_file) {
		c->boot = BOOT_GRUB;
		c->boot_evidence = strdup("etc/default/grub");
	} else if (c->has_kcmd_file) {
		c->boot = BOOT_SYSTEMD_BOOT;
		c->boot_evidence = strdup("etc/kernel/cmdline");
	}
	free(status);
}

/* ---- modules ------------------------------------------------------------------------- */

static void modprobe_line(void *ctx, const char *path, char *line)
{
	struct context *c = ctx;
	char *p = line, *mod, *tok, *save = NULL;

	while (isspace((unsigned char)*p))
		p++;
	if ((!strncmp(p, "softdep", 7) || !strncmp(p, "blacklist", 9)) &&
	    isspace((unsigned char)p[p[0] == 's' ? 7 : 9])) {
		int soft = p[0] == 's';
		/* "softdep nouveau pre: vfio-pci": only softdeps that load vfio-pci count */
		int loads_vfio = strstr(p, "vfio-pci") || strstr(p, "vfio_pci");
		char *name = strtok_r(p + (soft ? 7 : 9), " \t", &save);
		char ***v = soft ? &c->softdeps : &c->blacklist;
		size_t *n = soft ? &c->n_softdeps : &c->n_blacklist;
		char **grown;

		if (!name || (soft && !loads_vfio))
			return;
		grown = realloc(*v, (*n + 1) * sizeof(**v));
		if (!grown)
			return;
		*v = grown;
		for (char *q = name; *q; q++)
			if (*q == '-')
				*q = '_';
		grown[(*n)++] = strdup(name);
		return;
	}
	if (strncmp(p, "options", 7) || !isspace((unsigned char)p[7]))
		return;
	p += 7;
	mod = strtok_r(p, " \t", &save);
	if (!mod)
		return;
	for (char *q = mod; *q; q++)
		if (*q == '-')
			*q = '_';
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');
		struct modopt *v;

		if (tok[0] == '#')
			break;
		v = realloc(c->opts, (c->n_opts + 1) * sizeof(*v));
		if (!v)
			return;
		c->opts = v;
		v[c->n_opts].module = strdup(mod);
		v[c->n_opts].key = eq ? strndup(tok, (size_t)(eq - tok)) : strdup(tok);
		v[c->n_opts].value = strdup(eq ? eq + 1 : "");
		v[c->n_opts].source = strdup(path);
		v[c->n_opts].line = strdup(line);
		c->n_opts++;
	}
}

/* A module parameter's boolean as the kernel parses it: 1, y or Y (empty is not true). */
static enum isc_tri truth(const char *v)
{
	return v[0] && strchr("1yY", v[0]) ? ISC_YES : ISC_NO;
}

static void set_unsafe(struct context *c, enum isc_tri value, const char *source)
{
	c->unsafe_interrupts = value;
	free(c->unsafe_source);
	c->unsafe_source = strdup(source);
}

static void newer(struct context *c, struct isc_snapshot *s, const char *path)
{
	int64_t t;

	if (isc_snapshot_mtime(s, path, &t) == 0 && t > c->conf_mtime) {
		c->conf_mtime = t;
		free(c->conf_newest);
		c->conf_newest = strdup(path);
	}
}

static void set_vfio_ids(struct context *c, const char *list, const char *source, const char *line)
{
	char *copy = strdup(list), *tok, *save = NULL;

	for (size_t i = 0; i < c->n_vfio_ids; i++)
		free(c->vfio_ids[i]);
	c->n_vfio_ids = 0;
	free(c->vfio_ids_source);
	free(c->vfio_ids_line);
	c->vfio_ids_source = strdup(source);
	c->vfio_ids_line = strdup(line);
	for (tok = copy ? strtok_r(copy, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		char **v = realloc(c->vfio_ids, (c->n_vfio_ids + 1) * sizeof(*v));

		if (!v)
			break;
		c->vfio_ids = v;
		for (char *q = tok; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		v[c->n_vfio_ids++] = strndup(tok, 9); /* "vvvv:dddd", subsystem ids dropped */
	}
	free(copy);
}

static void read_modules(struct context *c, struct isc_snapshot *s, const struct isc_model *m)
{
	static const char *const dirs[] = {"etc/modprobe.d", "etc/modules-load.d"};
	const char *cmd_ids, *unsafe;
	char *v;

	for (size_t d = 0; d < 2; d++) {
		char **names = NULL;
		size_t n = 0;

		if (isc_snapshot_list(s, dirs[d], &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX];

			if (fmt_path(path, "%s/%s", dirs[d], names[i]) < 0)
				continue;
			newer(c, s, path);
			if (d == 0)
				each_line(s, path, CONF_MAX, modprobe_line, c);
		}
		isc_snapshot_names_free(names, n);
	}
	newer(c, s, "etc/modules");
	for (size_t i = 0; i < c->n_opts; i++) {
		const struct modopt *o = &c->opts[i];

		if (!strcmp(o->module, "vfio_pci") && !strcmp(o->key, "ids"))
			set_vfio_ids(c, o->value, o->source, o->line); /* the last line wins */
		if (!strcmp(o->module, "vfio_iommu_type1") &&
		    !strcmp(o->key, "allow_unsafe_interrupts"))
			set_unsafe(c, truth(o->value), o->source);
	}
	/* "vfio-pci.ids=…"; a bare "vfio-pci.ids" sets nothing */
	cmd_ids = param_value(m->host.params, m->host.n_params, "vfio-pci.ids");
	if (!cmd_ids)
		cmd_ids = param_value(m->host.params, m->host.n_params, "vfio_pci.ids");
	if (cmd_ids && strchr(cmd_ids, '=') && m->host.cmdline)
		set_vfio_ids(c, strchr(cmd_ids, '=') + 1, "proc/cmdline", m->host.cmdline);
	/* What the running module says beats configuration; the command line beats files. */
	unsafe = param_value(m->host.params, m->host.n_params,
			     "vfio_iommu_type1.allow_unsafe_interrupts");
	v = isc_read_text(s, "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts");
	if (v)
		set_unsafe(c, truth(v), "sys/module/vfio_iommu_type1/parameters/"
					"allow_unsafe_interrupts");
	else if (unsafe) /* a bare boolean parameter means true */
		set_unsafe(c, strchr(unsafe, '=') ? truth(strchr(unsafe, '=') + 1) : ISC_YES,
			   "proc/cmdline");
	free(v);
	if (m->host.kernel) {
		/* Debian and Proxmox name it initrd.img-RELEASE, Red Hat initramfs-RELEASE.img. */
		static const char *const forms[][2] = {{"boot/initrd.img-", ""},
						       {"boot/initramfs-", ".img"}};

		for (size_t i = 0; i < 2 && !c->initrd; i++) {
			char path[ISC_PATH_MAX];
			int64_t t;

			if (fmt_path(path, "%s%s%s", forms[i][0], m->host.kernel, forms[i][1]) ==
				0 &&
			    isc_snapshot_mtime(s, path, &t) == 0) {
				c->initrd_mtime = t;
				c->initrd = strdup(path);
			}
		}
	}
}

/* ---- kernel log, firmware, kernel config --------------------------------------------- */

static void log_line(void *ctx, const char *path, char *line)
{
	struct context *c = ctx;

	(void)path;
	for (size_t i = 0; i < sizeof(log_patterns) / sizeof(log_patterns[0]); i++) {
		struct log_fact *f = &c->log[log_patterns[i].ev];

		if (!strstr(line, log_patterns[i].text))
			continue;
		if (!f->count++)
			f->line = strdup(line);
	}
}

static void kconfig_line(void *ctx, const char *path, char *line)
{
	struct context *c = ctx;

	(void)path;
	if (!strcmp(line, "CONFIG_INTEL_IOMMU_DEFAULT_ON=y"))
		c->intel_default_on = ISC_YES;
	else if (!strcmp(line, "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set"))
		c->intel_default_on = ISC_NO;
}

static void read_firmware(struct context *c, struct isc_snapshot *s, const struct isc_model *m)
{
	char **names = NULL;
	size_t n = 0;

	c->have_log = each_line(s, "cmd/dmesg.txt", 64u << 20, log_line, c) == 0;
	if (isc_snapshot_list(s, "sys/firmware/acpi/tables", &names, &n) == 0) {
		c->have_acpi_tables = 1;
		for (size_t i = 0; i < n; i++) {
			c->has_dmar |= !strcmp(names[i], "DMAR");
			c->has_ivrs |= !strcmp(names[i], "IVRS");
		}
		isc_snapshot_names_free(names, n);
	}
	if (m->host.kernel) {
		char path[ISC_PATH_MAX];

		if (fmt_path(path, "boot/config-%s", m->host.kernel) == 0)
			each_line(s, path, 64u << 20, kconfig_line, c);
	}
}

/* ---- VM configurations --------------------------------------------------------------- */

static int push_vmdev(struct context *c, const char *vm, const char *entry, const char *spec,
		      const char *source, const char *line)
{
	struct vm_device *v = realloc(c->vmdevs, (c->n_vmdevs + 1) * sizeof(*v));
	struct vm_device *d;
	unsigned dom = 0, bus, dev, fn;
	char addr[32], tail;

	if (!v)
		return -ENOMEM;
	c->vmdevs = v;
	d = &v[c->n_vmdevs];
	memset(d, 0, sizeof(*d));
	if (!strncmp(spec, "mapping=", 8)) {
		d->mapping = strndup(spec + 8, strcspn(spec + 8, ","));
	} else if (sscanf(spec, "%x:%x:%x.%u%c", &dom, &bus, &dev, &fn, &tail) == 4 ||
		   (dom = 0, sscanf(spec, "%x:%x.%u%c", &bus, &dev, &fn, &tail) == 3)) {
		snprintf(addr, sizeof(addr), "%04x:%02x:%02x.%u", dom & 0xffff, bus & 0xff,
			 dev & 0x1f, fn & 7);
		d->address = strdup(addr);
	} else if (sscanf(spec, "%x:%x:%x%c", &dom, &bus, &dev, &tail) == 3 ||
		   (dom = 0, sscanf(spec, "%x:%x%c", &bus, &dev, &tail) == 2)) {
		snprintf(addr, sizeof(addr), "%04x:%02x:%02x", dom & 0xffff, bus & 0xff, dev & 0x1f);
		d->address = strdup(addr);
		d->all_functions = 1;
	} else {
		return 0; /* not a device we can name */
	}
	d->vm = strdup(vm);
	d->entry = strdup(entry);
	d->source = strdup(source);
	d->line = strdup(line);
	c->n_vmdevs++;
	return 0;
}

struct pve_state {
	struct context *c;
	char vm[64];
	int in_section; /* snapshot and pending sections are not the running config */
};

static void pve_line(void *ctx, const char *path, char *line)
{
	struct pve_state *p = ctx;
	char entry[32], *value, *spec, *save = NULL;

	if (line[0] == '[')
		p->in_section = 1;
	if (p->in_section || strncmp(line, "hostpci", 7))
		return;
	value = strchr(line, ':');
	if (!value || (size_t)(value - line) >= sizeof(entry))
		return;
	snprintf(entry, sizeof(entry), "%.*s", (int)(value - line), line);
	value++;
	while (*value == ' ')
		value++;
	if (!strncmp(value, "host=", 5))
		value += 5;
	spec = strndup(value, strcspn(value, ","));
	if (!spec)
		return;
	if (!strncmp(value, "mapping=", 8)) {
		push_vmdev(p->c, p->vm, entry, value, path, line);
	} else {
		/* several devices joined by ';' */
		for (char *tok = strtok_r(spec, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
			push_vmdev(p->c, p->vm, entry, tok, path, line);
	}
	free(spec);
}

static unsigned xml_attr(const char *el, const char *name)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s=", name);
	p = strstr(el, key);
	if (!p)
		return 0;
	p += strlen(key) + 1; /* the quote */
	return (unsigned)strtoul(p, NULL, 0);
}

static void read_vms(struct context *c, struct isc_snapshot *s)
{
	char **names = NULL;
	size_t n = 0;

	if (isc_snapshot_list(s, "etc/pve/qemu-server", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			struct pve_state p = {.c = c};
			char path[ISC_PATH_MAX];

			if (!strstr(names[i], ".conf") ||
			    fmt_path(path, "etc/pve/qemu-server/%s", names[i]) < 0)
				continue;
			snprintf(p.vm, sizeof(p.vm), "%.*s", (int)strcspn(names[i], "."), names[i]);
			each_line(s, path, CONF_MAX, pve_line, &p);
		}
		isc_snapshot_names_free(names, n);
	}
	if (isc_snapshot_list(s, "etc/libvirt/qemu", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX], vm[64], *xml, *el;
			size_t len;

			if (!strstr(names[i], ".xml") ||
			    fmt_path(path, "etc/libvirt/qemu/%s", names[i]) < 0)
				continue;
			snprintf(vm, sizeof(vm), "%.*s", (int)(strlen(names[i]) - 4), names[i]);
			if (isc_snapshot_read(s, path, CONF_MAX, &xml, &len) < 0)
				continue;
			for (el = strstr(xml, "<hostdev"); el; el = strstr(el + 1, "<hostdev")) {
				char *end = strstr(el, "</hostdev>"), *addr, spec[32];

				if (!end)
					break;
				addr = strstr(el, "<address");
				if (!addr || addr > end || !strstr(el, "type='pci'"))
					continue;
				snprintf(spec, sizeof(spec), "%04x:%02x:%02x.%u",
					 xml_attr(addr, "domain") & 0xffff, xml_attr(addr, "bus") & 0xff,
					 xml_attr(addr, "slot") & 0x1f, xml_attr(addr, "function") & 7);
				*strchr(addr, '>') = '\0';
				push_vmdev(c, vm, "hostdev", spec, path, addr);
				*strchr(addr, '\0') = '>';
			}
			free(xml);
		}
		isc_snapshot_names_free(names, n);
	}
}

/* T14: reserved regions of type "direct" (not "direct-relaxable"). */
static void read_reserved(struct context *c, struct isc_snapshot *s, const struct isc_model *m)
{
	for (size_t g = 0; g < m->n_groups; g++) {
		char path[64], *text, *line, *save = NULL;
		size_t len;

		snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%d/reserved_regions",
			 m->groups[g].id);
		if (isc_snapshot_read(s, path, 1u << 16, &text, &len) < 0)
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			size_t l = strlen(line);
			struct direct_region *v;

			if (l < 7 || strcmp(line + l - 7, " direct"))
				continue;
			v = realloc(c->direct, (c->n_direct + 1) * sizeof(*v));
			if (!v)
				break;
			c->direct = v;
			v[c->n_direct].group = m->groups[g].id;
			v[c->n_direct].path = strdup(path);
			v[c->n_direct].line = strdup(line);
			c->n_direct++;
			break;
		}
		free(text);
	}
}

/* ---- what was not collected ------------------------------------------------------------ */

static void read_manifest(struct context *c, struct isc_snapshot *s)
{
	json_t *root, *items, *it;
	char *text;
	size_t len, i;

	if (isc_snapshot_read(s, "manifest.json", 4u << 20, &text, &len) < 0)
		return;
	root = json_loadb(text, len, 0, NULL);
	free(text);
	items = json_object_get(root, "items");
	c->has_manifest = json_is_array(items);
	json_array_foreach(items, i, it) {
		const char *name = json_string_value(json_object_get(it, "name"));
		const char *st = json_string_value(json_object_get(it, "status"));
		const char *kind = json_string_value(json_object_get(it, "kind"));
		char buf[128], **v;

		if (!name || !st || !strcmp(st, "ok"))
			continue;
		/* A missing file is absent on the host; a missing command was not captured. */
		if (!strcmp(st, "missing") && (!kind || strcmp(kind, "command") ||
					       !strncmp(name, "pve", 3) || !strncmp(name, "proxmox", 7)))
			continue;
		v = realloc(c->not_collected, (c->n_not_collected + 1) * sizeof(*v));
		if (!v)
			break;
		c->not_collected = v;
		snprintf(buf, sizeof(buf), "%s (%s)", name, st);
		v[c->n_not_collected++] = strdup(buf);
	}
	json_decref(root);
}

int context_read(struct context *c, struct isc_snapshot *s, const struct isc_model *m)
{
	memset(c, 0, sizeof(*c));
	c->unsafe_interrupts = ISC_UNKNOWN;
	c->intel_default_on = ISC_UNKNOWN;
	if (m->kind == ISC_SNAPSHOT_PASTE)
		return 0;
	read_boot(c, s);
	read_modules(c, s, m);
	read_firmware(c, s, m);
	read_vms(c, s);
	read_reserved(c, s, m);
	read_manifest(c, s);
	return 0;
}

void context_free(struct context *c)
{
	free_params(c->grub, c->n_grub);
	free_params(c->kcmd, c->n_kcmd);
	free(c->boot_evidence);
	for (size_t i = 0; i < c->n_opts; i++) {
		free(c->opts[i].module);
		free(c->opts[i].key);
		free(c->opts[i].value);
		free(c->opts[i].source);
		free(c->opts[i].line);
	}
	free(c->opts);
	for (size_t i = 0; i < c->n_softdeps; i++)
		free(c->softdeps[i]);
	free(c->softdeps);
	for (size_t i = 0; i < c->n_blacklist; i++)
		free(c->blacklist[i]);
	free(c->blacklist);
	for (size_t i = 0; i < c->n_vfio_ids; i++)
		free(c->vfio_ids[i]);
	free(c->vfio_ids);
	free(c->vfio_ids_source);
	free(c->vfio_ids_line);
	free(c->conf_newest);
	free(c->initrd);
	for (int i = 0; i < _EV_MAX; i++)
		free(c->log[i].line);
	free(c->unsafe_source);
	for (size_t i = 0; i < c->n_vmdevs; i++) {
		free(c->vmdevs[i].vm);
		free(c->vmdevs[i].entry);
		free(c->vmdevs[i].address);
		free(c->vmdevs[i].mapping);
		free(c->vmdevs[i].source);
		free(c->vmdevs[i].line);
	}
	free(c->vmdevs);
	for (size_t i = 0; i < c->n_direct; i++) {
		free(c->direct[i].path);
		free(c->direct[i].line);
	}
	free(c->direct);
	for (size_t i = 0; i < c->n_not_collected; i++)
		free(c->not_collected[i]);
	free(c->not_collected);
	memset(c, 0, sizeof(*c));
}
