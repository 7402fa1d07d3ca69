/* SPDX-License-Identifier: MIT */
/*
 * The rules: one table (rule_table[] and checks[], indexed by enum rule_id)
 * of the catalogue in DESIGN §6. A check reads the const model and the host
 * facts (model.facts) and adds findings; it never prints. Fixes are Markdown with the
 * commands for the detected bootloader. Facts cite reference/kernel-groups.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iommuscope/facts.h"
#include "iommuscope/findings.h"
#include "../parsers/parsers.h"

enum rule_id {
	R_IOMMU_DISABLED,
	R_IOMMU_PARAM_MISSING,
	R_IRQ_REMAP_OFF,
	R_IRQ_REMAP_UNKNOWN,
	R_UNSAFE_INTERRUPTS,
	R_ACS_OVERRIDE_ACTIVE,
	R_ACS_OVERRIDE_INEFFECTIVE,
	R_ACS_OVERRIDE_UNKNOWN,
	R_CMDLINE_UNKNOWN,
	R_CMDLINE_PENDING,
	R_BOOT_WRONG_FILE,
	R_GROUP_SHARED,
	R_VFIO_NOT_BOUND,
	R_VFIO_IDS_NOT_APPLIED,
	R_VFIO_INITRAMFS_STALE,
	R_GROUP_NOT_VIABLE,
	R_PARTIAL_MULTIFUNCTION,
	R_HOST_CRITICAL,
	R_BOOT_VGA,
	R_DEVICE_IN_TWO_VMS,
	R_RESET_NO_FLR,
	R_RESET_KNOWN_BUG,
	R_RMRR,
	R_VFIO_NOT_VIABLE_LOG,
	R_FIRMWARE_UPDATE,
	R_SNAPSHOT_INCOMPLETE,
	R_SIM_MISMATCH,
	R_SEVERAL_MATCH,
	R_MISSING_DEVICE,
	R_GUEST,
	R_MAPPING_STALE,
	_R_MAX,
};

static const struct isc_rule rule_table[_R_MAX] = {
	[R_IOMMU_DISABLED] = {"iommu.disabled", ISC_SEV_ERROR, "The IOMMU is off",
			      "no IOMMU groups exist; says whether the firmware has a DMAR/IVRS "
			      "table and what the CPU vendor needs", 0},
	[R_IOMMU_PARAM_MISSING] = {"iommu.param_missing", ISC_SEV_ERROR,
				   "intel_iommu=on is missing",
				   "an Intel host whose kernel does not enable VT-d by default has no "
				   "intel_iommu=on", 0},
	[R_IRQ_REMAP_OFF] = {"iommu.irq_remap_off", ISC_SEV_WARNING, "Interrupt remapping is off",
			     "the kernel log says interrupt remapping is off, or covers the boot "
			     "and never enables it; VFIO needs it, or allow_unsafe_interrupts", 0},
	[R_IRQ_REMAP_UNKNOWN] = {"iommu.irq_remap_unknown", ISC_SEV_INFO,
				 "Interrupt remapping is unknown",
				 "no kernel log from the boot tells whether interrupt remapping is on",
				 0},
	[R_UNSAFE_INTERRUPTS] = {"iommu.unsafe_interrupts", ISC_SEV_WARNING,
				 "Unsafe interrupts are allowed",
				 "vfio_iommu_type1.allow_unsafe_interrupts=1 is set", 0},
	[R_ACS_OVERRIDE_ACTIVE] = {"acs.override_active", ISC_SEV_WARNING,
				   "The ACS override is in effect",
				   "pcie_acs_override fakes isolation the hardware does not give", 0},
	[R_ACS_OVERRIDE_INEFFECTIVE] = {"acs.override_ineffective", ISC_SEV_ERROR,
					"The ACS override does nothing",
					"pcie_acs_override is given but a kernel log from the boot's "
					"first lines has no override warning, or the parameter is "
					"misspelled",
		ISC_RULE_OBSERVED},
	[R_ACS_OVERRIDE_UNKNOWN] = {"acs.override_unknown", ISC_SEV_INFO,
				    "Whether the ACS override applies is unknown",
				    "pcie_acs_override is given, but the kernel log does not cover the "
				    "boot, where the override prints its warning",
		ISC_RULE_OBSERVED},
	[R_CMDLINE_UNKNOWN] = {"cmdline.unknown_param", ISC_SEV_WARNING,
			       "A kernel parameter is misspelled or invalid",
			       "an IOMMU or VFIO parameter the kernel does not understand", 0},
	[R_CMDLINE_PENDING] = {"cmdline.pending", ISC_SEV_WARNING,
			       "The configured kernel command line is not the running one",
			       "a reboot or a bootloader refresh is pending",
		ISC_RULE_OBSERVED},
	[R_BOOT_WRONG_FILE] = {"boot.wrong_file", ISC_SEV_ERROR,
			       "The edited file is not the one this host boots from",
			       "GRUB's file was edited on a systemd-boot host, or the reverse",
		ISC_RULE_OBSERVED},
	[R_GROUP_SHARED] = {"group.shared", ISC_SEV_INFO, "Devices share an IOMMU group",
			    "a group holds more than one endpoint; names the cause", 0},
	[R_VFIO_NOT_BOUND] = {"vfio.not_bound", ISC_SEV_WARNING,
			      "A passthrough target is bound to a host driver",
			      "a device meant for a VM is driven by the host", 0},
	[R_VFIO_IDS_NOT_APPLIED] = {"vfio.ids_not_applied", ISC_SEV_ERROR,
				    "vfio-pci ids are configured but not applied",
				    "the device's id is in vfio-pci ids= but another driver has it", 0},
	[R_VFIO_INITRAMFS_STALE] = {"vfio.initramfs_stale", ISC_SEV_WARNING,
				    "The initramfs is older than the module configuration",
				    "modprobe configuration changed after the initramfs was built", 0},
	[R_GROUP_NOT_VIABLE] = {"passthrough.group_not_viable", ISC_SEV_ERROR,
				"A target's group is not viable",
				"a target's group holds devices bound to host drivers", 0},
	[R_PARTIAL_MULTIFUNCTION] = {"passthrough.partial_multifunction", ISC_SEV_WARNING,
				     "Only part of a multi-function device is passed through",
				     "a VM passes one function of a multi-function device", 0},
	[R_HOST_CRITICAL] = {"passthrough.host_critical", ISC_SEV_ERROR,
			     "Passing this group through takes a device the host needs",
			     "a target carries the host's default route or its root, boot or swap "
			     "disk, or its group holds a disk controller, a NIC in use or the only "
			     "display", 0},
	[R_BOOT_VGA] = {"passthrough.boot_vga", ISC_SEV_WARNING, "The target GPU is the boot display",
			"a target GPU shows the firmware console", 0},
	[R_DEVICE_IN_TWO_VMS] = {"passthrough.device_in_two_vms", ISC_SEV_WARNING,
				 "A device is configured in two VMs",
				 "the same device appears in more than one VM configuration", 0},
	[R_RESET_NO_FLR] = {"reset.no_flr", ISC_SEV_INFO, "The target has no function-level reset",
			    "a target cannot be reset by FLR; lists its reset methods", 0},
	[R_RESET_KNOWN_BUG] = {"reset.known_bug", ISC_SEV_WARNING,
			       "The target belongs to a family with a known reset bug",
			       "a device family that does not reset cleanly between VM runs", 0},
	[R_RMRR] = {"rmrr.ineligible", ISC_SEV_ERROR,
		    "Firmware demands a 1:1 mapping that blocks assignment",
		    "a firmware-reserved direct mapping (RMRR/IVMD) blocks assignment", 0},
	[R_VFIO_NOT_VIABLE_LOG] = {"vfio.group_not_viable_log", ISC_SEV_ERROR,
				   "The kernel log shows VFIO refusing a group",
				   "dmesg holds VFIO's refusal",
		ISC_RULE_OBSERVED},
	[R_FIRMWARE_UPDATE] = {"firmware.update_suggested", ISC_SEV_INFO,
			       "The firmware reports bugs",
			       "the kernel log holds [Firmware Bug] lines", 0},
	[R_SNAPSHOT_INCOMPLETE] = {"snapshot.incomplete", ISC_SEV_INFO,
				   "The snapshot is incomplete",
				   "what could not be collected, and which verdicts are unknown", 0},
	[R_SIM_MISMATCH] = {"sim.mismatch", ISC_SEV_INFO,
			    "The kernel grouped devices otherwise than the simulation",
			    "the simulated groups differ from the kernel's: a quirk or IVRS alias "
			    "the simulator does not know, or a kernel with other rules",
			    ISC_RULE_OBSERVED},
	[R_SEVERAL_MATCH] = {"passthrough.several_match", ISC_SEV_INFO,
			     "A --device id names several functions",
			     "--device VVVV:DDDD matches more than one function: all are targets", 0},
	[R_MISSING_DEVICE] = {"passthrough.missing_device", ISC_SEV_ERROR,
			      "A VM passes a device that is not on this host",
			      "a VM configuration entry (Proxmox hostpciN or mapping, libvirt "
			      "hostdev) names an address where the host has no device", 0},
	[R_GUEST] = {"host.is_guest", ISC_SEV_INFO, "The snapshot was taken inside a virtual machine",
		     "the hypervisor CPU flag, a hypervisor's DMI vendor or product, or QEMU's own "
		     "PCI devices: passthrough here is nested", 0},
	[R_MAPPING_STALE] = {"mapping.stale", ISC_SEV_ERROR,
			     "A Proxmox resource mapping no longer matches the device",
			     "a PCI mapping's id, subsystem id or IOMMU group differs from the device "
			     "at its path (after a kernel, firmware or hardware change)", 0},
};

struct host_use;

struct run {
	struct isc_report *r;
	const struct isc_model *m;
	const struct isc_facts *c; /* the model's host facts */
	/* The facts as the running kernel sees them: its command line beats the files. */
	char **vfio_ids;            /* vfio-pci ids: the command line's, else modprobe.d's */
	size_t n_vfio_ids;
	const char *vfio_ids_source, *vfio_ids_line;
	unsigned vfio_ids_lineno;
	int own_vfio_ids;           /* vfio_ids is the command line's, freed with the run */
	enum isc_tri unsafe_interrupts; /* the running module, the command line, modprobe.d */
	const char *unsafe_source;
	const char *cmdline_file;   /* where the running command line was read */
	const char *groups_file;    /* where the groups were read */
	struct isc_sim *sim;      /* the model's own kernel, simulated; NULL without groups */
	struct isc_sim *ovr[3];   /* with the override's downstream, multifunction, both */
	const struct isc_device **targets;
	size_t n_targets;
	char **codes; /* code() strings, freed when the run ends */
	size_t n_codes;
	/* Worked out once (a group of thousands of functions must not cost more). */
	struct host_use *uses;  /* per device: host_uses() */
	unsigned char *bind;    /* per device: to_bind() + 1, 0: not yet */
	char (*unsafe)[16];     /* ids of functions not to bind, sorted; see id_unsafe */
	size_t n_unsafe;
	int unsafe_done;
	char *merged;           /* merged_ids(), once */
	size_t merged_dropped, merged_bad;
	int oom;
};

/* ---- building findings ------------------------------------------------------------------ */

static char *vformat(const char *fmt, va_list ap) ISC_PRINTF(1, 0);
static char *vformat(const char *fmt, va_list ap)
{
	char *s;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/*
 * Snapshot text for a summary or a fix: one Markdown code span
 * (isc_md_code), never Markdown source, so a name, a path or a log line
 * cannot bring a link, an image, raw HTML or a line break. Borrowed until
 * the run ends.
 */
static const char *code(struct run *x, const char *s)
{
	char *c = isc_md_code(s ? s : "", 0);

	if (!c || isc_grow(&x->codes, x->n_codes, sizeof(*x->codes)) < 0) {
		free(c);
		x->oom = 1;
		return "` `";
	}
	x->codes[x->n_codes++] = c;
	return c;
}

/* A VM: a Proxmox id as it is, a name (libvirt, or anything else) as code(). */
static const char *vm_name(struct run *x, const char *vm)
{
	return vm && *vm && strspn(vm, "0123456789") == strlen(vm) ? vm : code(x, vm);
}

static struct isc_finding *add(struct run *x, enum rule_id id, const char *fmt, ...)
	ISC_PRINTF(3, 4);
static struct isc_finding *add(struct run *x, enum rule_id id, const char *fmt, ...)
{
	struct isc_report *r = x->r;
	struct isc_finding *v, *f;
	va_list ap;

	if (x->m->host.predicted && (rule_table[id].flags & ISC_RULE_OBSERVED))
		return NULL;
	if (isc_grow(&r->findings, r->n_findings, sizeof(*r->findings)) < 0) {
		x->oom = 1;
		return NULL;
	}
	v = r->findings;
	f = &v[r->n_findings++];
	memset(f, 0, sizeof(*f));
	f->id = rule_table[id].id;
	f->severity = rule_table[id].severity;
	f->title = rule_table[id].title;
	va_start(ap, fmt);
	f->summary = isc_text_line(vformat(fmt, ap));
	va_end(ap);
	x->oom |= !f->summary;
	return f;
}

static void subject(struct run *x, struct isc_finding *f, const char *s)
{
	if (!f)
		return;
	if (isc_grow(&f->subjects, f->n_subjects, sizeof(*f->subjects)) < 0 ||
	    !(f->subjects[f->n_subjects] = isc_text_line(strdup(s)))) {
		x->oom = 1;
		return;
	}
	f->n_subjects++;
}

static void evidence_at(struct run *x, struct isc_finding *f, const char *path, unsigned lineno,
			const char *line)
{
	struct isc_evidence *v;

	if (!f)
		return;
	v = realloc(f->evidence, (f->n_evidence + 1) * sizeof(*v));
	if (!v) {
		x->oom = 1;
		return;
	}
	f->evidence = v;
	v[f->n_evidence].path = isc_text_line(strdup(path));
	v[f->n_evidence].lineno = lineno;
	v[f->n_evidence].line = line ? isc_text_line(strdup(line)) : NULL;
	f->n_evidence++;
}

static void evidence(struct run *x, struct isc_finding *f, const char *path, const char *line)
{
	evidence_at(x, f, path, 0, line);
}

/* Where a fact was read: its file, line number and line. */
static void evidence_src(struct run *x, struct isc_finding *f, const struct isc_fact_src *src)
{
	evidence_at(x, f, src->file, src->lineno, src->line);
}

static void fix(struct run *x, struct isc_finding *f, const char *fmt, ...) ISC_PRINTF(3, 4);
static void fix(struct run *x, struct isc_finding *f, const char *fmt, ...)
{
	va_list ap;
	char *more, *all;

	if (!f)
		return;
	va_start(ap, fmt);
	more = isc_text_clean(vformat(fmt, ap));
	va_end(ap);
	if (!more) {
		x->oom = 1;
		return;
	}
	if (!f->fix) {
		f->fix = more;
		return;
	}
	all = malloc(strlen(f->fix) + strlen(more) + 1);
	if (!all) {
		free(more);
		x->oom = 1;
		return;
	}
	strcpy(all, f->fix);
	strcat(all, more);
	free(f->fix);
	free(more);
	f->fix = all;
}

/* How to change the kernel command line on this host's bootloader. */
static void fix_cmdline(struct run *x, struct isc_finding *f, const char *change)
{
	if (x->c->boot != ISC_BOOT_GRUB)
		fix(x, f,
		    "On systemd-boot (Proxmox with UEFI), %s in `/etc/kernel/cmdline` (one line), "
		    "then:\n\n```sh\nproxmox-boot-tool refresh\nreboot\n```\n", change);
	if (x->c->boot != ISC_BOOT_SYSTEMD_BOOT && x->c->redhat)
		fix(x, f, "%sOn GRUB (Red Hat family), %s with grubby, which updates every kernel "
			  "entry:\n\n```sh\ngrubby --update-kernel=ALL --args='…'\nreboot\n```\n"
			  "(or edit `GRUB_CMDLINE_LINUX` in `/etc/default/grub` and run "
			  "`grub2-mkconfig -o /boot/grub2/grub.cfg`).\n",
		    x->c->boot == ISC_BOOT_UNKNOWN ? "\n" : "", change);
	else if (x->c->boot != ISC_BOOT_SYSTEMD_BOOT)
		fix(x, f,
		    "%sOn GRUB, %s in `GRUB_CMDLINE_LINUX_DEFAULT` in `/etc/default/grub`, then:\n\n"
		    "```sh\nupdate-grub\nreboot\n```\n",
		    x->c->boot == ISC_BOOT_UNKNOWN ? "\n" : "", change);
}

/* Rebuilding the initramfs, as this distribution does it. */
static const char *initramfs_cmd(const struct run *x)
{
	return x->c->redhat ? "dracut -f --regenerate-all" : "update-initramfs -u -k all";
}

static const char *running(const struct run *x, const char *name)
{
	return isc_param_value(x->m->host.params, x->m->host.n_params, name);
}

static int is_intel(const struct run *x)
{
	const struct isc_device *hb = isc_model_find(x->m, "0000:00:00.0");

	if (x->m->host.cpu_vendor)
		return !strcmp(x->m->host.cpu_vendor, "GenuineIntel");
	if (x->m->host.iommu_vendor)
		return !strcmp(x->m->host.iommu_vendor, "intel");
	return hb && hb->vendor == 0x8086;
}

/* ---- IOMMU and kernel parameters -------------------------------------------------------- */

/* Nested passthrough: what the outer hypervisor must give a guest. */
static const char guest_advice[] =
	"To pass devices through inside this VM (nested), the outer hypervisor must give it a "
	"virtual IOMMU with interrupt remapping: QEMU `-machine q35,kernel-irqchip=split "
	"-device intel-iommu,intremap=on,caching-mode=on`; libvirt `<iommu model='intel'><driver "
	"intremap='on' caching_mode='on'/></iommu>` with `<ioapic driver='qemu'/>`; Proxmox VE "
	"`machine: q35,viommu=intel`. Then add `intel_iommu=on` to this VM's kernel command line. "
	"The devices must first be passed from the host to this VM; no firmware setting inside "
	"the VM changes this.\n";

static void check_guest(struct run *x)
{
	struct isc_finding *f;

	if (!x->m->host.is_guest)
		return;
	f = add(x, R_GUEST, "This snapshot comes from a virtual machine (%s), not from the host "
			    "that owns the hardware: its devices are the hypervisor's virtual ones or "
			    "devices already passed to it.", x->m->host.guest_why);
	fix(x, f, "%s", guest_advice);
}

static void check_iommu_disabled(struct run *x)
{
	const struct isc_model *m = x->m;
	struct isc_finding *f;

	/* No PCI tree captured means no knowledge, not "off". */
	if (m->n_groups || m->kind == ISC_SNAPSHOT_PASTE || !m->n_devices)
		return;
	if (m->host.is_guest && !x->c->has_dmar && !x->c->has_ivrs) {
		/* a guest: never firmware settings or an IOMMU it does not have */
		f = add(x, R_IOMMU_DISABLED, "No IOMMU groups: this virtual machine has no virtual "
					     "IOMMU (no DMAR or IVRS table).");
		evidence(x, f, "sys/kernel/iommu_groups", NULL);
		fix(x, f, "%s", guest_advice);
		return;
	}
	if (x->c->have_acpi_tables && !x->c->has_dmar && !x->c->has_ivrs) {
		f = add(x, R_IOMMU_DISABLED, "No IOMMU groups, and the firmware has no DMAR or IVRS "
					     "table: VT-d / AMD-Vi is disabled in the BIOS (or absent).");
		evidence(x, f, "sys/firmware/acpi/tables", NULL);
		fix(x, f, "Enable %s in the firmware setup (often under CPU or chipset settings), "
			  "then boot again and take a new snapshot.\n",
		    is_intel(x) ? "**VT-d** (Intel Virtualization Technology for Directed I/O)"
				: "**IOMMU** / **AMD-Vi** (and SVM)");
		return;
	}
	if (is_intel(x)) {
		f = add(x, R_IOMMU_DISABLED, "No IOMMU groups%s: the kernel did not enable the Intel "
					     "IOMMU.", x->c->has_dmar ? ", though the firmware has a DMAR "
									"table" : "");
		if (running(x, "intel_iommu") && strstr(running(x, "intel_iommu"), "off"))
			fix(x, f, "Remove `intel_iommu=off` from the kernel command line.\n\n");
		fix_cmdline(x, f, "add `intel_iommu=on`");
	} else {
		f = add(x, R_IOMMU_DISABLED, "No IOMMU groups%s: the AMD IOMMU is not in use.",
			x->c->has_ivrs ? ", though the firmware has an IVRS table" : "");
		fix(x, f, "The AMD IOMMU needs no kernel parameter (`amd_iommu=on` is not an option). "
			  "Make sure `amd_iommu=off` and `iommu=off` are not on the command line and "
			  "that the IOMMU is enabled in the firmware setup.\n");
	}
	evidence(x, f, x->groups_file, NULL);
	if (x->m->host.cmdline)
		evidence(x, f, x->cmdline_file, x->m->host.cmdline);
}

static void check_param_missing(struct run *x)
{
	const char *on = running(x, "intel_iommu");
	struct isc_finding *f;

	/* Groups prove VT-d on, whatever the config says. */
	if (!is_intel(x) || x->m->kind == ISC_SNAPSHOT_PASTE || (on && strstr(on, "on")) ||
	    x->m->n_groups)
		return;
	/* K1: distribution kernels differ; only the kernel config tells. Without it,
	 * iommu.disabled gives the same advice when there are no groups. */
	if (x->c->intel_default_on != ISC_NO)
		return;
	f = add(x, R_IOMMU_PARAM_MISSING, "This Intel host's kernel does not enable VT-d by default "
					  "(CONFIG_INTEL_IOMMU_DEFAULT_ON is not set), and the command "
					  "line has no `intel_iommu=on`.");
	evidence(x, f, x->cmdline_file, x->m->host.cmdline);
	fix_cmdline(x, f, "add `intel_iommu=on`");
}

static void check_irq_remap(struct run *x)
{
	const struct isc_log_fact *on = &x->c->log[ISC_EV_IR_ON], *off = &x->c->log[ISC_EV_IR_OFF];
	struct isc_finding *f;

	if (!x->m->n_groups || (on->count && !off->count) || x->unsafe_interrupts == ISC_YES)
		return;
	if (off->count) {
		f = add(x, R_IRQ_REMAP_OFF, "Interrupt remapping is off: VFIO will refuse to attach "
					    "devices unless unsafe interrupts are allowed.");
		evidence_src(x, f, &off->src);
	} else if (!x->c->have_log) {
		f = add(x, R_IRQ_REMAP_UNKNOWN, "Interrupt remapping is unknown: the snapshot has no "
						"kernel log.");
		if (x->c->has_manifest)
			evidence(x, f, "manifest.json", NULL);
		fix(x, f, "On the host, `dmesg | grep -iE 'DMAR-IR|AMD-Vi.*remapping'` (as root) tells: "
			  "\"Enabled IRQ remapping\" or \"Interrupt remapping enabled\" means it is "
			  "on.\n");
		return;
	} else if (!x->c->log_full) {
		f = add(x, R_IRQ_REMAP_UNKNOWN, "Interrupt remapping is unknown: the kernel log does "
						"not reach back to the boot, where it is enabled.");
		evidence(x, f, x->c->log_file ? x->c->log_file : "cmd/dmesg.txt", NULL);
		fix(x, f, "On the host, `journalctl -k -b | grep -iE 'DMAR-IR|AMD-Vi.*remapping'` "
			  "(as root) tells: \"Enabled IRQ remapping\" or \"Interrupt remapping "
			  "enabled\" means it is on.\n");
		return;
	} else {
		f = add(x, R_IRQ_REMAP_OFF, x->c->log_full
						? "The kernel log shows no interrupt remapping being "
						  "enabled."
						: "Interrupt remapping is unknown: the kernel log given "
						  "is an excerpt (a grep or a cut) without its lines.");
		evidence(x, f, x->c->log_file, NULL);
	}
	if (x->m->host.is_guest)
		fix(x, f, "This is a virtual machine: interrupt remapping comes from its virtual "
			  "IOMMU (`intel-iommu,intremap=on` with `kernel-irqchip=split` in QEMU).\n");
	else
		fix(x, f, "Enable interrupt remapping in the firmware (it comes with VT-d / AMD-Vi on most "
		  "boards) and make sure `intremap=off` or `nointremap` is not on the command line. "
		  "Only if the platform cannot do it, and you accept that a VM can then inject "
		  "interrupts into the host, set `vfio_iommu_type1.allow_unsafe_interrupts=1`.\n");
}

static void check_unsafe(struct run *x)
{
	struct isc_finding *f;

	if (x->unsafe_interrupts != ISC_YES)
		return;
	f = add(x, R_UNSAFE_INTERRUPTS, "vfio_iommu_type1 allows unsafe interrupts: a VM with a "
					"passed-through device can inject interrupts into the host.");
	evidence(x, f, x->unsafe_source, NULL);
	if (x->c->log[ISC_EV_IR_ON].count)
		fix(x, f, "Interrupt remapping is on (%s), so the option is not needed: remove "
			  "`allow_unsafe_interrupts` from `/etc/modprobe.d/` and the command line, then "
			  "run `%s` and reboot.\n",
		    code(x, x->c->log[ISC_EV_IR_ON].src.line), initramfs_cmd(x));
	else
		fix(x, f, "Keep it only if the platform has no interrupt remapping; prefer enabling "
			  "interrupt remapping in the firmware.\n");
}

static void check_acs_override(struct run *x)
{
	const char *p = running(x, "pcie_acs_override");
	const char *typo = running(x, "pci_acs_override");
	const struct isc_log_fact *warn = &x->c->log[ISC_EV_ACS_OVERRIDE];
	struct isc_finding *f;

	if (typo) {
		f = add(x, R_ACS_OVERRIDE_INEFFECTIVE, "%s is misspelled: the parameter is "
						       "`pcie_acs_override` (O1).", code(x, typo));
		evidence(x, f, x->cmdline_file, x->m->host.cmdline);
		fix_cmdline(x, f, "replace `pci_acs_override` by `pcie_acs_override`");
	}
	if (!p)
		return;
	/* a prediction (whatif) has the override applied by definition */
	if (!warn->count && !x->m->host.predicted &&
	    (!x->c->have_log || !x->c->log_full)) {
		/* O2: the warning prints with the early parameters; a log that starts later
		 * cannot tell whether this kernel applies the override. */
		f = add(x, R_ACS_OVERRIDE_UNKNOWN,
			"%s is on the command line, but %s: whether this kernel applies the "
			"override is unknown.", code(x, p),
			x->c->have_log ? "the kernel log does not reach back to the boot's first "
					 "lines, where the override prints its warning (O2)"
				       : "the snapshot has no kernel log");
		evidence(x, f, "proc/cmdline", x->m->host.cmdline);
		if (x->c->have_log && x->c->log_file)
			evidence(x, f, x->c->log_file, NULL);
		fix(x, f, "On the host, `journalctl -k -b | grep 'ACS overrides'` (or `dmesg` right "
			  "after boot) shows \"PCIe ACS overrides enabled\" when the kernel applies it; "
			  "the Proxmox VE kernels carry the patch.\n");
		return;
	}
	if (!warn->count && !x->m->host.predicted) {
		f = add(x, R_ACS_OVERRIDE_INEFFECTIVE,
			"%s is on the command line, but the kernel printed no \"PCIe ACS overrides "
			"enabled\" warning (O2): this kernel most likely lacks the override patch, and "
			"then the parameter changes nothing.", code(x, p));
		evidence(x, f, x->cmdline_file, x->m->host.cmdline);
		fix(x, f, "Boot a kernel that carries the patch (the Proxmox VE kernels do), or "
			  "remove the parameter.\n");
		return;
	}
	f = add(x, R_ACS_OVERRIDE_ACTIVE,
		"%s is in effect: the kernel treats devices as isolated that the hardware does not "
		"isolate. Devices in the groups it splits can still reach each other's memory by "
		"peer-to-peer DMA, so a VM can read or corrupt what the host or another VM gives "
		"those devices.", code(x, p));
	evidence(x, f, x->cmdline_file, x->m->host.cmdline);
	if (warn->count)
		evidence_src(x, f, &warn->src);
	fix(x, f, "Prefer a slot whose root port has ACS, or a board and firmware with ACS on the "
		  "chipset ports. Keep the override only for devices you trust to stay on their own "
		  "side.\n");
}

/* Parameters that are commonly written wrong, with what the kernel wants. */
static const struct {
	const char *name;
	const char *value; /* NULL: any value */
	const char *why;
} bad_params[] = {
	{"amd_iommu", "on", "`amd_iommu=on` is not an option: the AMD IOMMU is used whenever the "
			    "firmware has an IVRS table (K3); remove it"},
	{"vfio-pci-ids", NULL, "the parameter is `vfio-pci.ids` (module.parameter)"},
	{"vfio_pci_ids", NULL, "the parameter is `vfio-pci.ids` (module.parameter)"},
	{"vfio-pci.id", NULL, "the parameter is `vfio-pci.ids`"},
	{"intel_iommu", "1", "use `intel_iommu=on`"},
	{"amd_iommu", "1", "the AMD IOMMU needs no parameter; remove it"},
	{"iommu", "1", "use `iommu=pt` or leave it out"},
	{"iommu", "on", "`iommu=on` is not an x86 option (K4); use `intel_iommu=on` on Intel, "
			"nothing on AMD"},
};

static void check_unknown_params(struct run *x)
{
	for (size_t i = 0; i < x->m->host.n_params; i++) {
		const char *p = x->m->host.params[i];

		for (size_t k = 0; k < sizeof(bad_params) / sizeof(bad_params[0]); k++) {
			size_t len = strlen(bad_params[k].name);
			struct isc_finding *f;

			if (strncmp(p, bad_params[k].name, len) || (p[len] != '=' && p[len]))
				continue;
			if (bad_params[k].value && (p[len] != '=' || strcmp(p + len + 1,
									   bad_params[k].value)))
				continue;
			f = add(x, R_CMDLINE_UNKNOWN, "%s: %s.", code(x, p), bad_params[k].why);
			subject(x, f, p);
			evidence(x, f, x->cmdline_file, x->m->host.cmdline);
			if (x->c->log[ISC_EV_UNKNOWN_OPTION].count)
				evidence_src(x, f, &x->c->log[ISC_EV_UNKNOWN_OPTION].src);
			fix_cmdline(x, f, "correct or remove it");
		}
	}
}

/* Parameters that matter to passthrough, compared between configuration and running. */
static int relevant(const char *p)
{
	static const char *const prefixes[] = {"intel_iommu", "amd_iommu", "iommu", "pcie_acs",
					       "pci_acs", "vfio", "pci=", "intremap", "nointremap",
					       "kvm", "initcall_blacklist", "video=", "modprobe.",
					       NULL};

	for (const char *const *q = prefixes; *q; q++)
		if (!strncmp(p, *q, strlen(*q)))
			return 1;
	return 0;
}

/* Configured parameters that the running kernel does not have. */
static size_t missing_from_running(struct run *x, const struct isc_param *v, size_t n,
				   const struct isc_param **first)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		int found = 0;

		if (!relevant(v[i].text))
			continue;
		for (size_t k = 0; k < x->m->host.n_params && !found; k++)
			found = !strcmp(x->m->host.params[k], v[i].text);
		if (!found && !count++)
			*first = &v[i];
	}
	return count;
}

static void check_pending(struct run *x)
{
	const struct isc_facts *c = x->c;
	const struct isc_param *first = NULL, *other = NULL;
	const struct isc_param *active = c->boot == ISC_BOOT_SYSTEMD_BOOT ? c->kcmd : c->grub;
	size_t n_active = c->boot == ISC_BOOT_SYSTEMD_BOOT ? c->n_kcmd : c->n_grub;
	const struct isc_param *inactive = c->boot == ISC_BOOT_SYSTEMD_BOOT ? c->grub : c->kcmd;
	size_t n_inactive = c->boot == ISC_BOOT_SYSTEMD_BOOT ? c->n_grub : c->n_kcmd;
	struct isc_finding *f;
	size_t n;

	if (!x->m->host.cmdline || c->boot == ISC_BOOT_UNKNOWN)
		return;
	n = missing_from_running(x, active, n_active, &first);
	if (n) {
		f = add(x, R_CMDLINE_PENDING, "%s is configured in %s but not on the running "
					      "kernel's command line: the change has not taken effect.",
			code(x, first->text), code(x, first->src.file));
		evidence_src(x, f, &first->src);
		evidence(x, f, x->cmdline_file, x->m->host.cmdline);
		if (c->boot == ISC_BOOT_SYSTEMD_BOOT)
			fix(x, f, "```sh\nproxmox-boot-tool refresh\nreboot\n```\n");
		else
			fix(x, f, "```sh\nupdate-grub\nreboot\n```\n");
	}
	if (missing_from_running(x, inactive, n_inactive, &other)) {
		f = add(x, R_BOOT_WRONG_FILE,
			"%s was added to %s, but this host boots with %s, which reads %s: the "
			"change will never take effect there.", code(x, other->text),
			code(x, other->src.file),
			c->boot == ISC_BOOT_SYSTEMD_BOOT ? "systemd-boot" : "GRUB",
			c->boot == ISC_BOOT_SYSTEMD_BOOT ? "`/etc/kernel/cmdline`" : "`/etc/default/grub`");
		evidence_src(x, f, &other->src);
		if (c->boot_evidence)
			evidence(x, f, c->boot_evidence, NULL);
		fix_cmdline(x, f, "add the parameter");
	}
}

static int is_target(const struct run *x, const struct isc_device *d)
{
	for (size_t k = 0; k < x->n_targets; k++)
		if (x->targets[k] == d)
			return 1;
	return 0;
}

static int same_card(const struct isc_device *a, const struct isc_device *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev && !a->is_virtfn &&
	       !b->is_virtfn;
}

/*
 * A device someone would pass through: display, network, storage, USB and
 * audio controllers, processing accelerators. Host bridges, data-fabric
 * functions, SMBus and the like are not.
 */
static int passable(const struct isc_device *d)
{
	int c = d->class_code;

	if (c < 0 || d->is_bridge)
		return 0;
	return (c >> 16) == 0x03 || (c >> 16) == 0x02 || (c >> 16) == 0x01 || (c >> 16) == 0x12 ||
	       (c >> 8) == 0x0c03 || (c >> 8) == 0x0401 || (c >> 8) == 0x0403;
}

/* ---- groups ------------------------------------------------------------------------------ */

/* A2 without quirks: does @d isolate what is below it? */
/* The devices of @g as placed by simulation @sim: how many groups they span. */
static size_t groups_spanned(struct run *x, const struct isc_sim *sim, const struct isc_group *g)
{
	size_t *idx = malloc((g->n ? g->n : 1) * sizeof(*idx)), n;

	if (!idx) {
		x->oom = 1;
		return 0;
	}
	for (size_t k = 0; k < g->n; k++)
		idx[k] = (size_t)(g->devices[k] - x->m->devices);
	n = isc_sim_groups_among(sim, idx, g->n);
	free(idx);
	return n;
}

static struct isc_sim *simulate(struct run *x, unsigned override, const unsigned *ids,
				size_t n_ids)
{
	struct isc_sim_params p = x->r->sim_params;
	struct isc_sim *sim = NULL;

	p.override |= override;
	for (size_t i = 0; i < n_ids && p.n_override_ids < ISC_SIM_MAX_OVERRIDE_IDS; i++)
		p.override_ids[p.n_override_ids++] = ids[i];
	if (isc_sim_run(x->m, &p, &sim) < 0)
		x->oom = 1;
	return sim;
}

/*
 * One sentence from the simulator: which pcie_acs_override option would
 * split group @g, or why none can (O4, O5). Empty when the simulation does
 * not reproduce the group (sim.mismatch says so).
 */
static void override_line(struct run *x, const struct isc_group *g, char *buf, size_t sz)
{
	static const char *const opts[] = {"downstream", "multifunction",
					   "downstream,multifunction"};
	const struct isc_model *m = x->m;
	const struct isc_sim *sim = x->sim;
	unsigned ids[ISC_SIM_MAX_OVERRIDE_IDS];
	size_t n_ids = 0, n;
	const char *why = NULL, *who = NULL;

	buf[0] = '\0';
	if (!sim || !sim->certain || groups_spanned(x, sim, g) != 1)
		return;
	for (unsigned k = 0; k < 3; k++) {
		if (!x->ovr[k] && !(x->ovr[k] = simulate(x, k + 1, NULL, 0)))
			return;
		if ((n = groups_spanned(x, x->ovr[k], g)) > 1) {
			snprintf(buf, sz, " `pcie_acs_override=%s` would split it into %zu groups, "
					  "at the cost described under acs.override_active.", opts[k], n);
			return;
		}
	}
	for (size_t k = 0; k < g->n; k++) {
		const struct isc_device *d = g->devices[k];
		const struct isc_sim_device *sd = &sim->dev[d - m->devices];
		unsigned id = (unsigned)(d->vendor & 0xffff) << 16 | (unsigned)(d->device & 0xffff);
		size_t j = 0;

		if (sd->isolated == ISC_NO && d->pcie_type == ISC_PCIE_NONE && !why) {
			why = "is conventional PCI, which the override never touches (O5)";
			who = d->address;
		} else if ((sd->how == ISC_HOW_BRIDGE_ALIAS || sd->how == ISC_HOW_DMA_ALIAS) && !why) {
			why = "reaches the IOMMU through a DMA alias, which no override splits (O5)";
			who = d->address;
		} else if (sd->isolated == ISC_NO && d->acs == ISC_YES && !why) {
			why = "has an ACS capability with controls off, and the override never touches "
			      "a device with ACS (O4)";
			who = d->address;
		}
		if (sd->isolated != ISC_NO || d->pcie_type < 0 || d->acs == ISC_YES || d->vendor < 0)
			continue;
		while (j < n_ids && ids[j] != id)
			j++;
		if (j == n_ids && n_ids < ISC_SIM_MAX_OVERRIDE_IDS)
			ids[n_ids++] = id;
	}
	if (n_ids) {
		struct isc_sim *s = simulate(x, ISC_SIM_OVR_DOWNSTREAM | ISC_SIM_OVR_MULTIFUNCTION,
					     ids, n_ids);

		n = s ? groups_spanned(x, s, g) : 0;
		isc_sim_free(s);
		if (n > 1) {
			int len = snprintf(buf, sz, " `pcie_acs_override=downstream,multifunction");

			for (size_t k = 0; k < n_ids && len > 0 && (size_t)len < sz; k++)
				len += snprintf(buf + len, sz - (size_t)len, ",id:%04x:%04x",
						ids[k] >> 16, ids[k] & 0xffff);
			if (len > 0 && (size_t)len < sz)
				snprintf(buf + len, sz - (size_t)len, "` would split it into %zu "
								      "groups.", n);
			return;
		}
	}
	if (why)
		snprintf(buf, sz, " No `pcie_acs_override` option splits it: %s %s.", who + 5, why);
	else
		snprintf(buf, sz, " No `pcie_acs_override` option splits it.");
}

static const char *driver_ok_in_group(const struct isc_device *d)
{
	/* V2 (≥5.19): unbound, vfio-pci and its variants, pci-stub, pcieport. */
	if (!d->driver)
		return "unbound";
	if (!strncmp(d->driver, "vfio", 4) || !strcmp(d->driver, "pci-stub") ||
	    !strcmp(d->driver, "pcieport"))
		return d->driver;
	return NULL;
}

static void explain_group(struct run *x, const struct isc_group *g)
{
	const struct isc_device *first = NULL, *cause = NULL;
	size_t endpoints = 0;
	int wanted = 0, one_card = 1;
	const char *why = NULL;
	struct isc_finding *f;
	char text[256] = "", ovr[320];

	for (size_t i = 0; i < g->n; i++)
		if (!g->devices[i]->is_bridge && !endpoints++)
			first = g->devices[i];
	if (endpoints < 2)
		return;
	/* Only groups that hold a target or a device someone would pass through. */
	for (size_t i = 0; i < g->n; i++) {
		wanted |= is_target(x, g->devices[i]) || passable(g->devices[i]);
		one_card &= g->devices[i]->is_bridge || same_card(first, g->devices[i]);
	}
	if (!wanted)
		return;
	if (one_card) {
		/* G4: the functions of one card share a group; they go to a VM together. */
		f = add(x, R_GROUP_SHARED, "Group %d holds the %zu functions of device %.5s (one card "
					   "or chip): they can only go to a VM together.", g->id,
			endpoints, first->address + 5);
		if (!f)
			return;
		snprintf(text, sizeof(text), "group %d", g->id);
		subject(x, f, text);
		for (size_t i = 0; i < g->n; i++)
			subject(x, f, g->devices[i]->address);
		evidence(x, f, "sys/kernel/iommu_groups", NULL);
		fix(x, f, "To pass one of them, pass them all, each bound to vfio-pci (Proxmox: "
			  "`hostpciN: %.5s` without a function passes every function; libvirt: one "
			  "`<hostdev>` per function).\n", first->address + 5);
		return;
	}
	if (first->cfg == ISC_CFG_HEADER || first->cfg == ISC_CFG_NONE) {
		why = "unknown: config space was not captured as root, so ACS cannot be read";
	} else {
		/*
		 * G2: a bridge that does not isolate anchors the group, so it is in the
		 * group itself. The top-most such bridge above the first endpoint is the
		 * cause; a bridge in another group isolates, whatever lspci shows (Q-SPT).
		 */
		for (const struct isc_device *b = first->parent; b; b = b->parent)
			if (b->group == g->id)
				cause = b;
		if (cause && cause->pcie_type == ISC_PCIE_PCIE_TO_PCI) {
			snprintf(text, sizeof(text), "everything below the PCIe-to-PCI bridge %s shares "
						     "its group (G9)", cause->address);
		} else if (cause) {
			char ctl[64] = "";

			if (cause->acs == ISC_YES)
				snprintf(ctl, sizeof(ctl), " (ACSCap %02x, ACSCtl %02x)",
					 (unsigned)cause->acs_cap, (unsigned)cause->acs_ctl);
			snprintf(text, sizeof(text),
				 "%s %s %s%s (G2, G7): everything below it shares its group",
				 isc_pcie_type_name(cause->pcie_type), cause->address,
				 isc_sim_isolated(x->m, cause) == ISC_YES ? "is in the group"
				 : cause->acs == ISC_YES    ? "has ACS, but not enabled for isolation"
				 : cause->acs == ISC_NO     ? "has no ACS capability"
							    : "has unknown ACS",
				 ctl);
		} else if (first->multifunction == ISC_YES) {
			const struct isc_device *via = NULL;

			/* Endpoints below a bridge of the group join through it (G2). */
			for (size_t i = 0; i < g->n && !via; i++)
				if (!g->devices[i]->is_bridge && g->devices[i]->parent &&
				    g->devices[i]->parent->group == g->id)
					via = g->devices[i];
			snprintf(text, sizeof(text), "the functions of multi-function slot %.7s share "
						     "a group: they have no ACS isolation (G4, G10)%s%s%s%s",
				 first->address + 5, via ? "; devices below its bridges join too, "
							   "e.g. " : "",
				 via ? via->address + 5 : "", via ? " through " : "",
				 via ? via->parent->address + 5 : "");
		} else {
			snprintf(text, sizeof(text), "no cause visible in config space: a device quirk "
						     "or an IVRS alias (reference §7, T20)");
		}
		why = text;
	}
	override_line(x, g, ovr, sizeof(ovr));
	f = add(x, R_GROUP_SHARED, "Group %d holds %zu devices that are not bridges; cause: %s.%s",
		g->id, endpoints, why, ovr);
	if (f) {
		char gs[32];

		snprintf(gs, sizeof(gs), "group %d", g->id);
		subject(x, f, gs);
		for (size_t i = 0; i < g->n; i++)
			subject(x, f, g->devices[i]->address);
		evidence(x, f, x->groups_file, NULL);
		if (g->n > endpoints)
			fix(x, f, "Bridges in the group on `pcieport` do not make it unusable (V2). ");
		fix(x, f, "To pass one of these devices through, pass the whole group, move the card "
			  "to a slot whose root port has ACS, or (with its risks) use "
			  "`pcie_acs_override`.\n");
	}
}

static void check_groups(struct run *x)
{
	for (size_t g = 0; g < x->m->n_groups; g++)
		explain_group(x, &x->m->groups[g]);
}

/* ---- targets: --device values and VM entries ---------------------------------------------- */

enum spec_kind { SPEC_BAD, SPEC_FUNCTION, SPEC_SLOT, SPEC_ID };

struct spec {
	enum spec_kind kind;
	unsigned dom, bus, dev, fn; /* SPEC_FUNCTION, SPEC_SLOT */
	unsigned vendor, device;    /* SPEC_ID */
};

/* Exactly @n hexadecimal digits at *@p, advancing it; the value, or -1. */
static long hexn(const char **p, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = (*p)[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	*p += n;
	return v;
}

/*
 * "BB:DD", "DDDD:BB:DD", "BB:DD.F", "DDDD:BB:DD.F" or "VVVV:DDDD": strict
 * (the digits as lspci prints them, nothing before or after).
 */
static struct spec parse_spec(const char *s)
{
	struct spec sp = {.kind = SPEC_BAD};
	size_t len = strlen(s);
	const char *p = s;
	long a, b, c, d;

	if (len == 9 && s[4] == ':') {
		a = hexn(&p, 4);
		p++;
		b = a < 0 ? -1 : hexn(&p, 4);
		if (b >= 0) {
			sp.kind = SPEC_ID;
			sp.vendor = (unsigned)a, sp.device = (unsigned)b;
		}
		return sp;
	}
	if (len == 10 || len == 12) { /* a domain first */
		a = hexn(&p, 4);
		if (a < 0 || *p++ != ':')
			return sp;
		sp.dom = (unsigned)a;
		len -= 5;
	}
	if (len != 5 && len != 7)
		return sp;
	b = hexn(&p, 2);
	if (b < 0 || *p++ != ':')
		return sp;
	c = hexn(&p, 2);
	if (c < 0 || c > 0x1f)
		return sp;
	sp.bus = (unsigned)b, sp.dev = (unsigned)c;
	if (len == 5) {
		sp.kind = SPEC_SLOT;
		return sp;
	}
	if (*p++ != '.' || *p < '0' || *p > '7')
		return sp;
	d = *p - '0';
	sp.fn = (unsigned)d;
	sp.kind = SPEC_FUNCTION;
	return sp;
}

static int spec_matches(const struct spec *sp, const struct isc_device *d)
{
	switch (sp->kind) {
	case SPEC_ID:
		return d->vendor == (int)sp->vendor && d->device == (int)sp->device;
	case SPEC_SLOT:
		return d->domain == sp->dom && d->bus == sp->bus && d->dev == sp->dev &&
		       !d->is_virtfn;
	case SPEC_FUNCTION:
		return d->domain == sp->dom && d->bus == sp->bus && d->dev == sp->dev &&
		       d->fn == sp->fn;
	default:
		return 0;
	}
}

int isc_report_check_devices(const struct isc_model *m, const struct isc_report_options *o,
			     struct isc_error *err)
{
	for (size_t i = 0; o && i < o->n_devices; i++) {
		struct spec sp = parse_spec(o->devices[i]);
		size_t n = 0;

		if (sp.kind == SPEC_BAD) {
			isc_error_set(err, "--device '%.64s': not a device: give BB:DD, BB:DD.F, "
					   "DDDD:BB:DD.F or a vendor:device id VVVV:DDDD",
				      o->devices[i]);
			return -EINVAL;
		}
		for (size_t k = 0; k < m->n_devices; k++)
			n += spec_matches(&sp, &m->devices[k]);
		if (!n) {
			isc_error_set(err, "--device %s: no such %s on this host", o->devices[i],
				      sp.kind == SPEC_ID ? "vendor:device id" : "device");
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- targets ---------------------------------------------------------------------------- */

/* Is driver @drv (as sysfs names it) among the module names @v? '-' and '_' are one. */
static int has_module(char **v, size_t n, const char *drv)
{
	for (size_t i = 0; i < n; i++) {
		const char *a = v[i], *b = drv;

		while (*a && (*a == *b || (*a == '_' && *b == '-')))
			a++, b++;
		if (!*a && !*b)
			return 1;
	}
	return 0;
}

/* The only display: a VGA-class function with no other VGA function on the host. */
static int only_display(const struct isc_model *m, const struct isc_device *d)
{
	if (d->class_code < 0 || (d->class_code >> 8) != 0x0300)
		return 0;
	for (size_t i = 0; i < m->n_devices; i++)
		if (&m->devices[i] != d && m->devices[i].class_code >= 0 &&
		    (m->devices[i].class_code >> 8) == 0x0300)
			return 0;
	return 1;
}

static const struct isc_group *group_of(const struct isc_model *m, int id)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (m->groups[i].id == id)
			return &m->groups[i];
	return NULL;
}

/* What the host runs on through a function: a network or a filesystem. */
struct host_use {
	int state;        /* the answer + 2, 0: not worked out yet */
	int net;          /* the default route; else a filesystem (or swap) */
	const char *seed; /* the route's interface; the filesystem's device */
	const char *why;  /* "the default route", "/", "/boot", "swap", … */
	const char *own;  /* the function's own interface or disk */
};

static int class_is(const struct isc_device *d, int base)
{
	return d->class_code >= 0 && (d->class_code >> 16) == base;
}

/* Does a function of @g carry a seed: @d itself, or one of its SR-IOV VFs? */
static int uses_in(const struct run *x, const struct isc_devgraph *g, const struct isc_device *d,
		   struct host_use *u)
{
	for (size_t k = 0; k < g->n_carrying; k++) {
		const struct isc_devnode *n = &g->nodes[g->carrying[k]];
		const struct isc_device *f = isc_model_find(x->m, n->function);

		/* a PF taken from its driver takes its VFs along */
		if (f && (f == d || f->physfn == d)) {
			u->seed = g->seeds[n->carries].name;
			u->why = g->seeds[n->carries].why;
			u->own = n->name;
			return 1;
		}
	}
	return 0;
}

/* What the host could run on through @d: 1 its network (a NIC), 2 its disks (a
 * storage controller), 3 either (a USB controller), 0 neither. */
static int may_hold_host(const struct isc_device *d)
{
	if (d->class_code >= 0 && (d->class_code >> 8) == 0x0c03)
		return 3;
	return class_is(d, 0x02) ? 1 : class_is(d, 0x01) ? 2 : 0;
}

/*
 * Does the host run on @d: its default route leaves by it (or by one of its
 * VFs), or a disk of /, /boot or swap is on it? ISC_YES (and *@u);
 * ISC_UNKNOWN when the snapshot does not tell for a device that could hold
 * either; else ISC_NO. Worked out once per device.
 */
static enum isc_tri host_uses(const struct run *x, const struct isc_device *d,
			      struct host_use *u)
{
	size_t i = (size_t)(d - x->m->devices);
	struct host_use *m = x->uses && i < x->m->n_devices ? &x->uses[i] : NULL;
	struct host_use none, w = {0};

	u = u ? u : &none;
	if (m && m->state) {
		*u = *m;
		return (enum isc_tri)(m->state - 2);
	}
	if (uses_in(x, &x->c->net, d, &w))
		w.net = 1, w.state = ISC_YES + 2;
	else if (uses_in(x, &x->c->block, d, &w))
		w.state = ISC_YES + 2;
	else if ((may_hold_host(d) & 1 && !isc_devgraph_complete(&x->c->net)) ||
		 (may_hold_host(d) & 2 && !isc_devgraph_complete(&x->c->block)))
		w.state = ISC_UNKNOWN + 2;
	else
		w.state = ISC_NO + 2;
	if (m)
		*m = w;
	*u = w;
	return (enum isc_tri)(w.state - 2);
}

/* What the host may lose with @d, when a host driver holds it. */
static const char *host_needs(const struct run *x, const struct isc_device *d)
{
	struct host_use u;

	if (d->boot_vga == ISC_YES)
		return "boot display";
	if (host_uses(x, d, &u) == ISC_YES)
		return u.net ? "network: its default route" : "disks: its own filesystems";
	if (class_is(d, 0x01))
		return "disks";
	if (class_is(d, 0x02))
		return "network";
	return NULL;
}

/*
 * Does @o (in the group of target @d, or another function of its card) go
 * to the VM with @d without harm, once bound to vfio-pci? Targets, devices
 * vfio can already share (V2) and the card's own functions that the host
 * does not need (the GPU's audio, USB-C controller) do; a host driver on
 * anything else blocks.
 */
static int blocks(const struct run *x, const struct isc_device *d, const struct isc_device *o)
{
	if (is_target(x, o) || driver_ok_in_group(o))
		return 0;
	return !same_card(d, o) || host_needs(x, o);
}

static void verdict_with(struct run *x, struct isc_verdict *v, const struct isc_device *d,
			 const struct isc_device *o, const char *relation)
{
	struct isc_verdict_device *w;

	for (size_t i = 0; i < v->n_with; i++)
		if (!strcmp(v->with[i].address, o->address))
			return;
	if (isc_grow(&v->with, v->n_with, sizeof(*v->with)) < 0) {
		x->oom = 1;
		return;
	}
	w = &v->with[v->n_with];
	memset(w, 0, sizeof(*w));
	w->address = strdup(o->address);
	w->driver = o->driver ? isc_text_clean(strdup(o->driver)) : NULL;
	w->relation = relation;
	w->blocks = o->group == d->group && d->group >= 0 && blocks(x, d, o);
	w->critical = w->blocks ? host_needs(x, o) : NULL;
	x->oom |= !w->address || (o->driver && !w->driver);
	v->n_with++;
}

/* The verdict of target @d from the model: its group, what goes with it, what blocks it. */
static void build_verdict(struct run *x, struct isc_verdict *v, const struct isc_device *d)
{
	const struct isc_model *m = x->m;
	const struct isc_group *g = d->group >= 0 ? group_of(m, d->group) : NULL;
	struct host_use use;
	size_t blockers = 0;

	v->target = strdup(d->address);
	v->group = g ? g->id : -1;
	x->oom |= !v->target;
	for (size_t i = 0; i < m->n_devices; i++)
		if (&m->devices[i] != d && same_card(d, &m->devices[i]))
			verdict_with(x, v, d, &m->devices[i], "function");
	for (size_t i = 0; g && i < g->n; i++)
		if (g->devices[i] != d && !g->devices[i]->is_bridge)
			verdict_with(x, v, d, g->devices[i], "group");
	for (size_t i = 0; i < v->n_with; i++)
		blockers += v->with[i].blocks;
	if (m->host.iommu_on == ISC_NO) {
		v->viable = ISC_NO;
		v->reason = strdup("the IOMMU is off: no device is in an IOMMU group");
	} else if (!m->n_groups) {
		v->viable = ISC_UNKNOWN;
		v->reason = strdup("the IOMMU groups are unknown");
	} else if (!g) {
		v->viable = ISC_NO;
		v->reason = strdup("it is in no IOMMU group");
	} else if (host_uses(x, d, &use) == ISC_YES) {
		v->viable = ISC_NO;
		v->reason = use.net ? isc_strdupf("it carries the host's default route (%s): the "
						  "host would lose that network", use.seed)
				    : isc_strdupf("it holds the host's %s, on %s: the host would lose "
						  "it", use.why, use.seed);
	} else if (blockers) {
		v->viable = ISC_NO;
		v->reason = isc_strdupf("%zu device%s of its group %s held by host drivers",
					blockers, blockers == 1 ? "" : "s", blockers == 1 ? "is" : "are");
	} else if (d->driver && strcmp(d->driver, "vfio-pci") &&
		   host_uses(x, d, NULL) == ISC_UNKNOWN) {
		/* never yes on a missing fact: a NIC or controller a host driver holds */
		static const char *const what[] = {
			[1] = "whether the host reaches its network through it "
			      "(`ip route show default`)",
			[2] = "whether the host runs from a disk on it (`findmnt /`, `lsblk`)",
			[3] = "whether the host's network or disks go through it",
		};

		v->viable = ISC_UNKNOWN;
		v->reason = isc_strdupf("the snapshot does not say %s", what[may_hold_host(d)]);
	} else if (!isc_model_knows_drivers(m)) {
		v->viable = ISC_UNKNOWN;
		v->reason = strdup("the drivers of its group are unknown (paste `lspci -nnk`)");
	} else {
		v->viable = ISC_YES;
	}
	x->oom |= v->viable != ISC_YES && !v->reason;
}

/* passthrough.host_critical for a target the host runs on (host_uses said yes). */
static void host_runs_on(struct run *x, const struct isc_device *d, const struct host_use *u)
{
	const struct isc_devgraph *g = u->net ? &x->c->net : &x->c->block;
	struct isc_finding *f;

	if (u->net && !strcmp(u->own, u->seed))
		f = add(x, R_HOST_CRITICAL, "%s carries the host's default route, which leaves by "
					    "its interface %s. Bound to vfio-pci, it takes the host "
					    "off that network.", d->address, code(x, u->own));
	else if (u->net)
		f = add(x, R_HOST_CRITICAL, "%s carries the host's default route: its interface %s "
					    "is under %s, which the route leaves by. Bound to "
					    "vfio-pci, it takes the host off that network.",
			d->address, code(x, u->own), code(x, u->seed));
	else if (!strcmp(u->own, u->seed))
		f = add(x, R_HOST_CRITICAL, "%s holds the host's %s, on its disk %s. Bound to "
					    "vfio-pci, it takes that away from the running host.",
			d->address, code(x, u->why), code(x, u->own));
	else
		f = add(x, R_HOST_CRITICAL, "%s holds the host's %s: its disk %s is under %s. "
					    "Bound to vfio-pci, it takes that away from the running "
					    "host.", d->address, code(x, u->why), code(x, u->own),
			code(x, u->seed));
	subject(x, f, d->address);
	if (g->seed_src.file)
		evidence_src(x, f, &g->seed_src);
	if (u->net)
		fix(x, f, "Give the host another way out first: move the default route (on Proxmox "
			  "VE, the bridge's `bridge-ports` in `/etc/network/interfaces`) to another "
			  "NIC and check that the host answers there. Only then bind this one to "
			  "vfio-pci.\n");
	else
		fix(x, f, "Do not pass this controller through while the host runs from its disks. "
			  "Give the VM a virtual disk, or pass another controller.\n");
}

/* ---- binding fixes: shell commands from validated tokens only ---------------------------- */

enum tok { TOK_MODULE, TOK_ADDRESS, TOK_ID, TOK_FILE, TOK_KEY };

/*
 * Snapshot text may enter a command a user pastes into a root shell only
 * as one of these tokens: a module or driver name ([A-Za-z0-9_-]+), a PCI
 * address (dddd:bb:dd.f), a vendor:device id (vvvv:dddd), a modprobe.d
 * file name ([A-Za-z0-9_.-]+, not starting with '.') or a config key
 * ([a-z0-9]+, e.g. hostpci0). Anything else is left out with a note.
 */
static int token_ok(enum tok k, const char *s)
{
	static const char *const sets[] = {
		[TOK_MODULE] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
		[TOK_ADDRESS] = "0123456789abcdef:.",
		[TOK_ID] = "0123456789abcdef:",
		[TOK_FILE] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
		[TOK_KEY] = "abcdefghijklmnopqrstuvwxyz0123456789",
	};
	size_t len = s ? strlen(s) : 0;

	if (!len || len > 64 || s[strspn(s, sets[k])])
		return 0;
	switch (k) {
	case TOK_ADDRESS:
		return len == 12 && parse_spec(s).kind == SPEC_FUNCTION;
	case TOK_ID:
		return len == 9 && parse_spec(s).kind == SPEC_ID;
	case TOK_FILE:
		return s[0] != '.';
	default:
		return 1;
	}
}

/* A VM config entry's key ("hostpci0", "hostdev") as it is, anything odd as code(). */
static const char *entry_name(struct run *x, const char *e)
{
	return token_ok(TOK_KEY, e) ? e : code(x, e);
}

/*
 * The one quoting helper: @s (built from validated tokens) as one shell
 * word, in single quotes; a quote inside (none can be) would be closed and
 * escaped. Appends to @b.
 */
static void sh_word(struct isc_buf *b, const char *s)
{
	isc_buf_append(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			isc_buf_append(b, "'\\''", 4);
		else
			isc_buf_append(b, s, 1);
	isc_buf_append(b, "'", 1);
}

#define VFIO_CONF "/etc/modprobe.d/vfio.conf"

/* "grep … || echo 'LINE' >> FILE": adds LINE once, however often it is pasted. */
static void sh_add_line(struct isc_buf *b, const char *line, const char *file)
{
	isc_buf_appendf(b, "grep -qsxF ");
	sh_word(b, line);
	isc_buf_appendf(b, " %s || echo ", file);
	sh_word(b, line);
	isc_buf_appendf(b, " >> %s\n", file);
}

/* The vendor:device id of @d, "vvvv:dddd". */
static void id_of(const struct isc_device *d, char out[16])
{
	snprintf(out, 16, "%04x:%04x", (unsigned)d->vendor & 0xffff, (unsigned)d->device & 0xffff);
}

/*
 * The devices to bind to vfio-pci: every target and every function its
 * verdict takes along without harm, that a host driver holds (or none).
 */
static int to_bind_now(const struct run *x, const struct isc_device *o)
{
	if (o->driver && !strcmp(o->driver, "vfio-pci"))
		return 0;
	/* never what the host runs on, target or not: its id must stay off ids= */
	if (host_uses(x, o, NULL) == ISC_YES)
		return 0;
	if (is_target(x, o))
		return 1;
	for (size_t t = 0; t < x->n_targets; t++) {
		const struct isc_device *d = x->targets[t];

		if (d->group >= 0 && o->group == d->group && !o->is_bridge && !blocks(x, d, o) &&
		    !driver_ok_in_group(o))
			return 1;
	}
	return 0;
}

static int to_bind(const struct run *x, const struct isc_device *o)
{
	size_t i = (size_t)(o - x->m->devices);

	if (!x->bind || i >= x->m->n_devices)
		return to_bind_now(x, o);
	if (!x->bind[i])
		x->bind[i] = (unsigned char)(to_bind_now(x, o) + 1);
	return x->bind[i] - 1;
}

/*
 * Is ids=@id safe: is every function with that id on the host one that is
 * to be bound? The others sharing it, up to @max, into @others.
 */
static size_t id_shared(const struct run *x, const char *id, const struct isc_device **others,
			size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < x->m->n_devices; i++) {
		const struct isc_device *o = &x->m->devices[i];
		char oid[16];

		if (o->vendor < 0 || o->device < 0)
			continue;
		id_of(o, oid);
		if (!strcmp(oid, id) && !to_bind(x, o) && !(o->driver &&
							    !strcmp(o->driver, "vfio-pci"))) {
			if (n < max)
				others[n] = o;
			n++;
		}
	}
	return n;
}

static int cmp_id16(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * Is @id (vvvv:dddd) the id of a function that is not to be bound and not
 * on vfio-pci already: would ids=@id take something it must not? The set
 * is worked out once per run.
 */
static int id_unsafe(struct run *x, const char *id)
{
	char key[16];

	if (!x->unsafe_done) {
		x->unsafe_done = 1;
		x->unsafe = calloc(x->m->n_devices + 1, sizeof(*x->unsafe));
		x->oom |= !x->unsafe;
		for (size_t i = 0; x->unsafe && i < x->m->n_devices; i++) {
			const struct isc_device *o = &x->m->devices[i];

			if (o->vendor >= 0 && o->device >= 0 && !to_bind(x, o) &&
			    !(o->driver && !strcmp(o->driver, "vfio-pci")))
				id_of(o, x->unsafe[x->n_unsafe++]);
		}
		if (x->n_unsafe)
			qsort(x->unsafe, x->n_unsafe, sizeof(*x->unsafe), cmp_id16);
	}
	if (strlen(id) >= sizeof(key))
		return 0;
	snprintf(key, sizeof(key), "%s", id);
	return x->unsafe && bsearch(key, x->unsafe, x->n_unsafe, sizeof(*x->unsafe), cmp_id16);
}

struct id_at {
	char id[24];
	size_t at;
};

static int cmp_id_at(const void *a, const void *b)
{
	const struct id_at *p = a, *q = b;
	int c = strcmp(p->id, q->id);

	return c ? c : (p->at > q->at) - (p->at < q->at);
}

static int cmp_at(const void *a, const void *b)
{
	const struct id_at *p = a, *q = b;

	return (p->at > q->at) - (p->at < q->at);
}

/*
 * The vfio-pci ids list after the change: the configured ids that are safe
 * (the unsafe ones, shared with a function that is not to be bound, are
 * dropped), then the ids of the devices to bind that are safe, each once.
 * Returns the number dropped and *@n_bad, the invalid ones left out.
 * Worked out once per run (it depends on no one target).
 */
static size_t merged_ids(struct run *x, struct isc_buf *b, size_t *n_bad)
{
	struct id_at *v;
	size_t n = 0, kept = 0;
	struct isc_buf out;

	if (x->merged) {
		isc_buf_appendf(b, "%s", x->merged);
		*n_bad = x->merged_bad;
		return x->merged_dropped;
	}
	v = calloc(x->n_vfio_ids + x->m->n_devices + 1, sizeof(*v));
	if (!v) {
		x->oom = 1;
		*n_bad = 0;
		return 0;
	}
	for (size_t i = 0; i < x->n_vfio_ids; i++) {
		const char *id = x->vfio_ids[i];

		if (!token_ok(TOK_ID, id) || strlen(id) >= sizeof(v->id))
			x->merged_bad++;
		else if (id_unsafe(x, id))
			x->merged_dropped++;
		else
			snprintf(v[n].id, sizeof(v->id), "%s", id), v[n].at = n, n++;
	}
	for (size_t i = 0; i < x->m->n_devices; i++) {
		const struct isc_device *o = &x->m->devices[i];

		if (!to_bind(x, o) || o->vendor < 0 || o->device < 0)
			continue;
		id_of(o, v[n].id);
		if (id_unsafe(x, v[n].id))
			continue;
		v[n].at = n;
		n++;
	}
	/* each id once, where it first stands */
	if (n)
		qsort(v, n, sizeof(*v), cmp_id_at);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(v[i].id, v[kept - 1].id))
			v[kept++] = v[i];
	if (kept)
		qsort(v, kept, sizeof(*v), cmp_at);
	isc_buf_init(&out, 0);
	for (size_t i = 0; i < kept; i++)
		isc_buf_appendf(&out, "%s%s", i ? "," : "", v[i].id);
	free(v);
	x->merged = out.data ? isc_buf_steal(&out, NULL) : strdup("");
	x->oom |= !x->merged;
	isc_buf_appendf(b, "%s", x->merged ? x->merged : "");
	*n_bad = x->merged_bad;
	return x->merged_dropped;
}

/* Does a configured vfio-pci id name more than vendor:device (a subsystem)? */
static int ids_qualified(const struct run *x)
{
	for (size_t i = 0; i < x->n_vfio_ids; i++)
		if (strlen(x->vfio_ids[i]) > 9)
			return 1;
	return 0;
}

/*
 * The fix that binds @d (held by a host driver) to vfio-pci and touches
 * nothing else: ids= when every function with its id is to be bound (one
 * vfio-pci ids line, rewritten when one exists), driverctl by address
 * otherwise, and also when the ids line qualifies an id by subsystem (a
 * rewrite could not keep that); the host driver's softdep only under a
 * valid module name.
 */
static void fix_bind(struct run *x, struct isc_finding *f, const struct isc_device *d,
		     int configured)
{
	const struct isc_facts *c = x->c;
	const struct isc_device *others[8];
	const size_t max_others = sizeof(others) / sizeof(others[0]);
	struct isc_buf text, cmds, ids;
	char id[16];
	size_t shared, dropped, n_bad;
	int drv_ok = token_ok(TOK_MODULE, d->driver), initramfs = 0;
	const char *src = x->vfio_ids_source;
	int softdep_set = has_module(c->softdeps, c->n_softdeps, d->driver);
	int qualified = ids_qualified(x), by_address;

	if (!f)
		return;
	id_of(d, id);
	isc_buf_init(&text, 0);
	isc_buf_init(&cmds, 0);
	isc_buf_init(&ids, 0);
	shared = id_shared(x, id, others, max_others);
	dropped = merged_ids(x, &ids, &n_bad);
	if (shared) {
		isc_buf_appendf(&text, "Bind it by address, not by id: binding the id `%s` would "
				       "also hand vfio-pci ", id);
		for (size_t i = 0; i < shared && i < max_others; i++)
			isc_buf_appendf(&text, "%s%s", i ? ", " : "", others[i]->address);
		if (shared > max_others)
			isc_buf_appendf(&text, " and %zu more", shared - max_others);
		isc_buf_appendf(&text, ", which share%s the id and %s not a target. `driverctl` "
				       "(Debian package `driverctl`) keeps an override by address "
				       "across boots.", shared == 1 ? "s" : "", shared == 1 ? "is" : "are");
	} else if (qualified) {
		isc_buf_appendf(&text, "Bind it by address: the vfio-pci ids name a device by its "
				       "subsystem too (`vvvv:dddd:ssss:ssss`), and this fix does not "
				       "rewrite such a line. `driverctl` (Debian package `driverctl`) "
				       "keeps an override by address across boots.");
	}
	if (qualified && shared)
		isc_buf_appendf(&text, " The vfio-pci ids name a device by its subsystem too: "
				       "this fix leaves that line as it is.");
	if (qualified && dropped)
		isc_buf_appendf(&text, " That line also holds %zu id%s that other functions on "
				       "this host share: review it by hand.",
				dropped, dropped == 1 ? "" : "s");
	by_address = shared || qualified;
	if (by_address) {
		isc_buf_appendf(&cmds, "apt install driverctl\ndriverctl set-override ");
		sh_word(&cmds, d->address);
		isc_buf_appendf(&cmds, " vfio-pci\n");
	}
	if (!qualified && (dropped || (!shared && !configured))) {
		const char *list = ids.data ? ids.data : "";

		initramfs = 1;
		if (shared && configured)
			isc_buf_appendf(&text, " Take `%s` out of the vfio-pci ids, so the other "
					       "functions keep their drivers.", id);
		else if (dropped)
			isc_buf_appendf(&text, " The vfio-pci ids hold %zu id%s that other functions "
					       "on this host share: they are taken out.",
					dropped, dropped == 1 ? "" : "s");
		else
			isc_buf_appendf(&text, "Bind it to vfio-pci at boot by id (every function "
					       "with `%s` on this host is a target or already on "
					       "vfio-pci).", id);
		if (n_bad)
			isc_buf_appendf(&text, " %zu configured id%s not shown: unusual characters.",
					n_bad, n_bad == 1 ? "" : "s");
		if (src && !strcmp(src, x->cmdline_file)) {
			isc_buf_appendf(&text, " The ids are set on the kernel command line: make the "
					       "parameter `vfio-pci.ids=%s` (see the bootloader's "
					       "steps under cmdline.pending).", list);
			initramfs = 0;
		} else if (src && !strncmp(src, "etc/modprobe.d/", 15) &&
			   token_ok(TOK_FILE, src + 15) && !n_bad) {
			isc_buf_appendf(&text, " Rewrite the one `options vfio-pci ids=` line in "
					       "`/%s`, never add a second (for a module parameter the "
					       "last one wins). It becomes `options vfio-pci ids=%s`.",
					src, list);
			isc_buf_appendf(&cmds, "sed -i -E 's/^([[:space:]]*options[[:space:]]+"
					       "vfio[-_]pci[[:space:]](.*[[:space:]])?)ids=[^[:space:]]*"
					       "/\\1ids=%s/' /%s\n", list, src);
		} else if (src) {
			isc_buf_appendf(&text, " Change the one `options vfio-pci ids=` line (its file "
					       "name is not shown: unusual characters) to `options vfio-pci "
					       "ids=%s`; never add a second.", list);
		} else {
			struct isc_buf l;

			isc_buf_init(&l, 0);
			isc_buf_appendf(&l, "options vfio-pci ids=%s", list);
			if (l.data)
				sh_add_line(&cmds, l.data, VFIO_CONF);
			isc_buf_free(&l);
		}
	} else if (!by_address) {
		isc_buf_appendf(&text, "The id `%s` is configured for vfio-pci.", id);
	}
	if (!by_address && !softdep_set) {
		initramfs = 1;
		isc_buf_appendf(&text, " Make vfio-pci load before the host driver.");
		if (drv_ok) {
			struct isc_buf l;

			isc_buf_init(&l, 0);
			isc_buf_appendf(&l, "softdep %s pre: vfio-pci", d->driver);
			if (l.data)
				sh_add_line(&cmds, l.data, VFIO_CONF);
			isc_buf_free(&l);
		} else {
			isc_buf_appendf(&text, " The softdep line is left out: driver name not shown: "
					       "unusual characters.");
		}
	} else if (!by_address && configured && !dropped) {
		initramfs = 1;
		isc_buf_appendf(&text, " The ids and the driver's softdep are configured%s; the "
				       "running boot does not have them. Rebuild the initramfs and "
				       "reboot.",
				has_module(c->blacklist, c->n_blacklist, d->driver)
					? " and the driver is blacklisted" : "");
	}
	if (initramfs)
		isc_buf_appendf(&cmds, "%s\n%s", initramfs_cmd(x),
				c->boot == ISC_BOOT_SYSTEMD_BOOT ? "proxmox-boot-tool refresh\n" : "");
	if (initramfs || !by_address)
		isc_buf_appendf(&cmds, "reboot\n");
	fix(x, f, "%s\n\n```sh\n%s```\n", text.data ? (text.data[0] == ' ' ? text.data + 1
								       : text.data) : "",
	    cmds.data ? cmds.data : "");
	x->oom |= !text.data || !cmds.data;
	isc_buf_free(&text);
	isc_buf_free(&cmds);
	isc_buf_free(&ids);
}

/* "A (`drv`), B (`drv`)" for the devices of @v with @pick. */
static void list_devices(struct isc_buf *b, const struct isc_verdict *v,
			 int (*pick)(const struct isc_verdict_device *w))
{
	size_t n = 0;

	for (size_t i = 0; i < v->n_with; i++) {
		const struct isc_verdict_device *w = &v->with[i];

		if (!pick(w))
			continue;
		isc_buf_appendf(b, "%s%s", n++ ? ", " : "", w->address);
		if (w->driver) {
			char *driver = isc_md_code(w->driver, 0);

			isc_buf_appendf(b, " (%s%s%s)", driver ? driver : "` `",
					w->critical ? ": " : "", w->critical ? w->critical : "");
			free(driver);
		}
	}
}

static int pick_blocker(const struct isc_verdict_device *w)
{
	return w->blocks;
}

static int pick_critical(const struct isc_verdict_device *w)
{
	return w->blocks && w->critical;
}

static void check_targets(struct run *x)
{
	const struct isc_model *m = x->m;

	x->r->verdicts = calloc(x->n_targets + 1, sizeof(*x->r->verdicts));
	if (!x->r->verdicts) {
		x->oom = 1;
		return;
	}
	for (size_t t = 0; t < x->n_targets; t++) {
		const struct isc_device *d = x->targets[t];
		struct isc_verdict *v = &x->r->verdicts[t];
		struct isc_finding *f;
		char id[16];
		size_t n_block = 0, n_crit = 0, n_sure = 0;
		struct host_use use;
		enum isc_tri used = host_uses(x, d, &use);

		build_verdict(x, v, d);
		for (size_t i = 0; i < v->n_with; i++) {
			const struct isc_device *o = isc_model_find(m, v->with[i].address);

			n_block += v->with[i].blocks;
			n_crit += v->with[i].blocks && v->with[i].critical;
			/* not "may need": the host runs on it, or shows its console on it */
			n_sure += v->with[i].blocks && o &&
				  (o->boot_vga == ISC_YES || host_uses(x, o, NULL) == ISC_YES);
		}
		id_of(d, id);
		if (used == ISC_YES)
			host_runs_on(x, d, &use);
		if (d->driver && strcmp(d->driver, "vfio-pci")) {
			int configured = 0;

			for (size_t i = 0; i < x->n_vfio_ids; i++)
				configured |= !strncmp(x->vfio_ids[i], id, 9) &&
					      (!x->vfio_ids[i][9] || x->vfio_ids[i][9] == ':');
			f = add(x, configured ? R_VFIO_IDS_NOT_APPLIED : R_VFIO_NOT_BOUND,
				"%s (%s) is bound to %s%s.", d->address, id, code(x, d->driver),
				configured ? ", although its id is in the vfio-pci ids" : "");
			subject(x, f, d->address);
			if (configured)
				evidence_at(x, f, x->vfio_ids_source, x->vfio_ids_lineno, x->vfio_ids_line);
			if (used == ISC_YES)
				fix(x, f, "Do not bind it while the host runs on it "
					  "(`passthrough.host_critical`).\n");
			else if (used == ISC_UNKNOWN && class_is(d, 0x02))
				fix(x, f, "First make sure the host does not reach its network by this "
					  "NIC (`ip route show default`, and the bridge's ports): the "
					  "snapshot does not say.\n");
			else if (used == ISC_UNKNOWN)
				fix(x, f, "First make sure the host neither boots from nor mounts a disk "
					  "on this controller (`findmnt /`, `lsblk`): the snapshot does not "
					  "say.\n");
			if (used != ISC_YES)
				fix_bind(x, f, d, configured);
		}
		/* The card's other functions in its group go along: bind them too. */
		for (size_t i = 0; i < v->n_with; i++) {
			const struct isc_device *o = isc_model_find(m, v->with[i].address);

			if (!o || v->with[i].blocks || is_target(x, o) || !to_bind(x, o) ||
			    !o->driver || !same_card(d, o))
				continue;
			f = add(x, R_VFIO_NOT_BOUND, "%s, another function of the card of %s and in "
						     "its group %d, is bound to %s: pass it with "
						     "%s, on vfio-pci.", o->address, d->address,
				d->group, code(x, o->driver), d->address);
			subject(x, f, o->address);
			subject(x, f, d->address);
			fix_bind(x, f, o, 0);
		}
		if (n_block) {
			struct isc_buf b;

			isc_buf_init(&b, 0);
			list_devices(&b, v, pick_blocker);
			f = add(x, R_GROUP_NOT_VIABLE, "Group %d of %s also holds %zu device%s bound to "
						       "host drivers: %s. VFIO will refuse the group "
						       "(V2).", v->group, d->address, n_block,
				n_block == 1 ? "" : "s", b.data ? b.data : "");
			isc_buf_free(&b);
			subject(x, f, d->address);
			for (size_t i = 0; i < v->n_with; i++)
				if (v->with[i].blocks)
					subject(x, f, v->with[i].address);
			if (n_sure) /* never "pass them all" when the host runs on some */
				fix(x, f, "Separate them (another slot, or `pcie_acs_override`): the "
					  "group holds devices the host needs "
					  "(`passthrough.host_critical`), so passing all of it is no "
					  "way out.\n");
			else
				fix(x, f, "Pass every device of the group to the VM (bound to "
					  "vfio-pci), or separate them (another slot, or "
					  "`pcie_acs_override`).\n");
		}
		if (n_crit) {
			struct isc_buf b;

			isc_buf_init(&b, 0);
			list_devices(&b, v, pick_critical);
			f = add(x, R_HOST_CRITICAL, "%s shares group %d with %zu device%s the host may "
						    "need: %s.", d->address, v->group, n_crit,
				n_crit == 1 ? "" : "s", b.data ? b.data : "");
			isc_buf_free(&b);
			subject(x, f, d->address);
			for (size_t i = 0; i < v->n_with; i++)
				if (v->with[i].blocks && v->with[i].critical)
					subject(x, f, v->with[i].address);
			fix(x, f, "Do not pass this group through while the host uses those devices.\n");
		}
		if (only_display(m, d)) {
			f = add(x, R_HOST_CRITICAL, "%s is the host's only display: passing it through "
						    "leaves the host without a console.", d->address);
			subject(x, f, d->address);
			fix(x, f, "Make sure the host is reachable over the network (or a serial "
				  "console) before starting the VM, or add a second GPU.\n");
		} else if (d->boot_vga == ISC_YES) {
			f = add(x, R_BOOT_VGA, "%s is the boot display: the host console and firmware "
					       "use it.", d->address);
			subject(x, f, d->address);
			fix(x, f, "Make another GPU (or the iGPU) primary in the firmware, or keep the "
				  "host from using it (`video=efifb:off` or "
				  "`initcall_blacklist=sysfb_init` on the kernel command line) and pass "
				  "its ROM with `romfile=`.\n");
		}
		if (d->flr == ISC_NO && !d->is_virtfn) {
			f = add(x, R_RESET_NO_FLR, "%s has no function-level reset; reset methods: %s.",
				d->address, d->reset_methods ? code(x, d->reset_methods) : "unknown");
			subject(x, f, d->address);
		}
	}
}

/* Families whose reset is known not to work between VM runs. */
static const struct {
	int vendor, device;
	const char *family;
} reset_bugs[] = {
	{0x1002, 0x67df, "AMD Polaris (RX 470/480/570/580)"},
	{0x1002, 0x67ef, "AMD Polaris (RX 460/560)"},
	{0x1002, 0x67ff, "AMD Polaris (RX 550/560)"},
	{0x1002, 0x699f, "AMD Polaris (RX 550)"},
	{0x1002, 0x687f, "AMD Vega 10 (Vega 56/64)"},
	{0x1002, 0x6863, "AMD Vega 10 (Vega Frontier)"},
	{0x1002, 0x731f, "AMD Navi 10 (RX 5600/5700)"},
	{0x1002, 0x7340, "AMD Navi 14 (RX 5500)"},
	{0x1022, 0x1487, "AMD Matisse HD Audio (FLR disabled by the kernel)"},
	{0x1022, 0x149c, "AMD Matisse USB 3.0 (FLR disabled by the kernel)"},
	{0x1022, 0x148c, "AMD Starship USB 3.0 (FLR disabled by the kernel)"},
};

static void check_reset_bugs(struct run *x)
{
	for (size_t t = 0; t < x->n_targets; t++)
		for (size_t k = 0; k < sizeof(reset_bugs) / sizeof(reset_bugs[0]); k++) {
			const struct isc_device *d = x->targets[t];
			struct isc_finding *f;

			if (d->vendor != reset_bugs[k].vendor || d->device != reset_bugs[k].device)
				continue;
			f = add(x, R_RESET_KNOWN_BUG, "%s is %s, a family with a known reset bug: it "
						      "may not work again after a VM restart.",
				d->address, reset_bugs[k].family);
			subject(x, f, d->address);
			if (d->vendor == 0x1002)
				fix(x, f, "Use the `vendor-reset` module (Debian/Proxmox: build it with "
					  "DKMS) and set the device's `reset_method` to "
					  "`device_specific`.\n");
		}
}

/* How many functions of the model @spec names ("dddd:bb:dd.f", "dddd:bb:dd", "vvvv:dddd"). */
static size_t match_count(const struct run *x, const char *spec)
{
	struct spec sp = parse_spec(spec);
	size_t n = 0;

	for (size_t i = 0; sp.kind != SPEC_BAD && i < x->m->n_devices; i++)
		n += spec_matches(&sp, &x->m->devices[i]);
	return n;
}

/*
 * VM entry @v names an address where the host has no device: the VM will
 * not start (or, worse, a renumbered bus gives it another device later).
 * Said only when the snapshot holds the PCI tree.
 */
static void missing_device(struct run *x, const struct isc_vm_device *v)
{
	int libvirt = !strcmp(v->entry, "hostdev") || !strcmp(v->entry, "interface");
	struct isc_finding *f;

	if (!x->m->n_devices || x->m->kind == ISC_SNAPSHOT_PASTE)
		return;
	f = add(x, R_MISSING_DEVICE, "VM %s passes %s (%s), but this host has no device there: "
				     "the VM will not start. Bus numbers change after a firmware "
				     "update or when a card is added, removed or moved.",
		vm_name(x, v->vm), v->address,
		entry_name(x, v->entry));
	subject(x, f, v->address);
	evidence_src(x, f, &v->src);
	if (libvirt)
		fix(x, f, "Find the device's new address with `lspci -nn` and correct the "
			  "`<source><address>` of its `<hostdev>` (`virsh edit %s`), or remove the "
			  "entry.\n", token_ok(TOK_MODULE, v->vm) ? v->vm : "DOMAIN");
	else
		fix(x, f, "Find the device's new address with `lspci -nn` and correct `%s` in "
			  "`/etc/pve/qemu-server/%s.conf`, or remove it. A resource mapping "
			  "(Datacenter → Resource Mappings, Proxmox VE 8+) checks the device's id "
			  "at every start.\n", token_ok(TOK_KEY, v->entry) ? v->entry : "the entry",
		    token_ok(TOK_KEY, v->vm) ? v->vm : "VMID");
}

/* Is @o passed to VM @vm by one of its entries? */
static int vm_passes(const struct isc_facts *c, const char *vm, const struct isc_device *o)
{
	for (size_t j = 0; j < c->n_vmdevs; j++)
		if (c->vmdevs[j].address && !strcmp(c->vmdevs[j].vm, vm) &&
		    !strncmp(c->vmdevs[j].address, o->address, c->vmdevs[j].all_functions ? 10 : 12))
			return 1;
	return 0;
}

/*
 * VM entry @v passes function @d of a multi-function device but not all of
 * them: one finding naming every function left out, with the fix in the
 * VM's own tool (Proxmox: the entry without a function; libvirt: one
 * <hostdev> per function left out).
 */
static void partial_multifunction(struct run *x, const struct isc_vm_device *v,
				  const struct isc_device *d)
{
	int libvirt = !strcmp(v->entry, "hostdev");
	struct isc_buf missing, lines;
	struct isc_finding *f;
	size_t n = 0;

	isc_buf_init(&missing, 0);
	isc_buf_init(&lines, 0);
	for (size_t k = 0; k < x->m->n_devices; k++) {
		const struct isc_device *o = &x->m->devices[k];

		if (o == d || !same_card(o, d) || vm_passes(x->c, v->vm, o))
			continue;
		isc_buf_appendf(&missing, "%s%s", n++ ? ", " : "", o->address);
		isc_buf_appendf(&lines, "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
					"  <source>\n"
					"    <address domain='0x%04x' bus='0x%02x' slot='0x%02x' "
					"function='0x%x'/>\n  </source>\n</hostdev>\n",
				o->domain, o->bus, o->dev, o->fn);
	}
	if (n) {
		f = add(x, R_PARTIAL_MULTIFUNCTION, "VM %s passes %s but not %s of the same device.",
			vm_name(x, v->vm), v->address, missing.data);
		subject(x, f, v->address);
		evidence_src(x, f, &v->src);
		if (libvirt)
			fix(x, f, "Add the other function%s to the domain (`virsh edit %s`), one "
				  "`<hostdev>` each, beside the one for %s:\n\n```xml\n%s```\n",
			    n == 1 ? "" : "s", token_ok(TOK_MODULE, v->vm) ? v->vm : "DOMAIN",
			    v->address, lines.data);
		else
			fix(x, f, "Pass the whole device: in the VM's configuration "
				  "(`/etc/pve/qemu-server/%s.conf`), give the address without its "
				  "function and keep the options after it:\n\n```\n%s: %.10s\n```\n\n"
				  "Proxmox then passes every function of `%.5s`.\n",
			    token_ok(TOK_KEY, v->vm) ? v->vm : "VMID",
			    token_ok(TOK_KEY, v->entry) ? v->entry : "hostpciN", v->address,
			    v->address + 5);
	}
	isc_buf_free(&missing);
	isc_buf_free(&lines);
}


/* ---- Proxmox resource mappings (etc/pve/mapping/pci.cfg) ------------------------------ */

/*
 * This node's map line of mapping @name: the one whose node is this host's
 * name, else the only one. NULL when none fits; *@n_named counts the lines
 * of that name.
 */
static const struct isc_pci_map *node_map(const struct run *x, const char *name, size_t *n_named)
{
	const struct isc_pci_map *only = NULL, *mine = NULL;
	const char *host = x->m->host.hostname;

	*n_named = 0;
	for (size_t i = 0; i < x->c->n_pci_maps; i++) {
		const struct isc_pci_map *p = &x->c->pci_maps[i];

		if (strcmp(p->name, name))
			continue;
		(*n_named)++;
		only = p;
		if (host && p->node && !strcmp(p->node, host) && !mine)
			mine = p;
	}
	return mine ? mine : *n_named == 1 ? only : NULL;
}

/*
 * The first path of @p that names a device here (Proxmox uses it; a path
 * without a function is judged by its function 0), copied to @path (as
 * written, validated); NULL when none does.
 */
static const struct isc_device *map_device(const struct run *x, const struct isc_pci_map *p,
					   char path[16])
{
	char *copy = p->path ? strdup(p->path) : NULL, *save = NULL;
	const struct isc_device *d = NULL;

	for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok && !d;
	     tok = strtok_r(NULL, ";", &save)) {
		struct spec sp = parse_spec(tok);
		char fn0[16];

		if (sp.kind == SPEC_FUNCTION) {
			d = isc_model_find(x->m, tok);
		} else if (sp.kind == SPEC_SLOT && strlen(tok) == 10) {
			snprintf(fn0, sizeof(fn0), "%s.0", tok);
			d = isc_model_find(x->m, fn0);
		}
		if (d)
			snprintf(path, 16, "%s", tok);
	}
	free(copy);
	return d;
}

/* The only function with @p's id (and subsystem id, when given), other than @not; or NULL. */
static const struct isc_device *map_candidate(const struct run *x, const struct isc_pci_map *p,
					      const struct isc_device *not)
{
	const struct isc_device *found = NULL;
	size_t n = 0;

	if (!p->id || !token_ok(TOK_ID, p->id))
		return NULL;
	for (size_t i = 0; i < x->m->n_devices; i++) {
		const struct isc_device *d = &x->m->devices[i];
		char id[16], sub[16];

		id_of(d, id);
		snprintf(sub, sizeof(sub), "%04x:%04x", (unsigned)d->subsys_vendor & 0xffff,
			 (unsigned)d->subsys_device & 0xffff);
		if (d == not || strcmp(id, p->id) ||
		    (p->subsystem_id && d->subsys_vendor >= 0 && strcmp(sub, p->subsystem_id)))
			continue;
		found = d;
		n++;
	}
	return n == 1 ? found : NULL;
}

/*
 * The corrected map line: @p's values with @d's path (whole device when
 * @p's path had no function), id, subsystem id and group; keys in the
 * order Proxmox writes them. Appends to @b, or nothing when a value is not
 * a plain token (then the finding names the values only).
 */
static void map_line_fixed(struct isc_buf *b, const struct isc_pci_map *p,
			   const struct isc_device *d, int whole)
{
	char id[16], sub[16], path[16];

	id_of(d, id);
	snprintf(sub, sizeof(sub), "%04x:%04x", (unsigned)d->subsys_vendor & 0xffff,
		 (unsigned)d->subsys_device & 0xffff);
	snprintf(path, sizeof(path), "%.*s", whole ? 10 : 12, d->address);
	if (p->node && !token_ok(TOK_FILE, p->node))
		return;
	isc_buf_appendf(b, "map id=%s", id);
	if (d->group >= 0)
		isc_buf_appendf(b, ",iommugroup=%d", d->group);
	if (p->node)
		isc_buf_appendf(b, ",node=%s", p->node);
	isc_buf_appendf(b, ",path=%s", path);
	if (d->subsys_vendor >= 0 && (p->subsystem_id || d->subsys_vendor))
		isc_buf_appendf(b, ",subsystem-id=%s", sub);
}

static void mapping_fix(struct run *x, struct isc_finding *f, const struct isc_pci_map *p,
			const struct isc_device *d, int whole)
{
	struct isc_buf b;

	isc_buf_init(&b, 0);
	map_line_fixed(&b, p, d, whole);
	if (b.len)
		fix(x, f, "In Datacenter → Resource Mappings, or in `/etc/pve/mapping/pci.cfg` "
			  "under `%s`, make this node's line (keep any description):\n\n```\n\t%s\n"
			  "```\n", token_ok(TOK_MODULE, p->name) ? p->name : "the mapping", b.data);
	else
		fix(x, f, "Correct this node's line of the mapping in Datacenter → Resource "
			  "Mappings.\n");
	isc_buf_free(&b);
}

/* VM entry @v uses mapping=NAME: does this node's map line still name its device? */
static void check_mapping(struct run *x, const struct isc_vm_device *v)
{
	const struct isc_pci_map *p;
	const struct isc_device *d, *cand;
	struct isc_finding *f;
	struct isc_buf why;
	char path[16] = "", id[16], sub[16];
	size_t n_named;
	int whole;

	if (!x->c->has_pci_mappings || !x->m->n_devices || !token_ok(TOK_MODULE, v->mapping))
		return;
	p = node_map(x, v->mapping, &n_named);
	if (!p) {
		f = add(x, R_MISSING_DEVICE, "VM %s's %s uses mapping `%s`, but "
					     "`/etc/pve/mapping/pci.cfg` has %s: the VM will not start.",
			vm_name(x, v->vm), entry_name(x, v->entry), v->mapping,
			n_named ? "no line for this node" : "no such "
											"mapping");
		subject(x, f, v->mapping);
		evidence_src(x, f, &v->src);
		fix(x, f, "Add this node to the mapping in Datacenter → Resource Mappings.\n");
		return;
	}
	d = map_device(x, p, path);
	whole = p->path && !strchr(p->path, '.');
	if (!d) {
		cand = map_candidate(x, p, NULL);
		f = add(x, R_MISSING_DEVICE, "VM %s's %s uses mapping `%s`, whose path %s names no "
					     "device on this host%s%s%s",
			vm_name(x, v->vm), entry_name(x, v->entry), v->mapping,
			p->path ? code(x, p->path) : "(none)",
			cand ? ": the device with its id is now at " : ": the VM will not start.",
			cand ? cand->address : "", cand ? " (bus numbers changed)." : "");
		subject(x, f, v->mapping);
		evidence_src(x, f, &p->src);
		evidence_src(x, f, &v->src);
		if (cand)
			mapping_fix(x, f, p, cand, whole);
		else
			fix(x, f, "Find the device with `lspci -nn` (id `%s`) and correct the mapping's "
				  "path in Datacenter → Resource Mappings.\n",
			    p->id && token_ok(TOK_ID, p->id) ? p->id : "as mapped");
		return;
	}
	id_of(d, id);
	snprintf(sub, sizeof(sub), "%04x:%04x", (unsigned)d->subsys_vendor & 0xffff,
		 (unsigned)d->subsys_device & 0xffff);
	isc_buf_init(&why, 0);
	cand = NULL;
	if (p->id && strcmp(p->id, id)) {
		cand = map_candidate(x, p, d);
		isc_buf_appendf(&why, "%s is now %s, not the mapped `id=%s`%s%s", d->address, id,
				token_ok(TOK_ID, p->id) ? p->id : "(unusual characters)",
				cand ? "; the mapped device is now at " : "", cand ? cand->address : "");
	}
	if (!cand && p->subsystem_id && d->subsys_vendor >= 0 && strcmp(p->subsystem_id, sub))
		isc_buf_appendf(&why, "%s%s's subsystem id is %s, not the mapped `subsystem-id=%s`",
				why.len ? "; " : "", d->address, sub,
				token_ok(TOK_ID, p->subsystem_id) ? p->subsystem_id
								  : "(unusual characters)");
	if (p->iommugroup >= 0 && (cand ? cand : d)->group != p->iommugroup)
		isc_buf_appendf(&why, "%s%s is in IOMMU group %d, not the mapped `iommugroup=%ld`",
				why.len ? "; " : "", (cand ? cand : d)->address,
				(cand ? cand : d)->group, p->iommugroup);
	if (why.len) {
		f = add(x, R_MAPPING_STALE, "Mapping `%s` (VM %s's %s) is stale: %s. Proxmox refuses "
					    "to start the VM.", v->mapping, vm_name(x, v->vm),
			entry_name(x, v->entry), why.data);
		subject(x, f, v->mapping);
		subject(x, f, d->address);
		evidence_src(x, f, &p->src);
		evidence_src(x, f, &v->src);
		if (!p->id || !strcmp(p->id, id) || cand)
			mapping_fix(x, f, p, cand ? cand : d, whole);
		else
			fix(x, f, "The device at the mapped path is another one: find the mapped device "
				  "with `lspci -nn` and correct the mapping in Datacenter → Resource "
				  "Mappings.\n");
	}
	isc_buf_free(&why);
}

/* The device a mapping entry takes on this node, as a target spec, into @out (16 bytes). */
static int mapping_target(const struct run *x, const char *name, char out[16])
{
	size_t n;
	const struct isc_pci_map *p = name ? node_map(x, name, &n) : NULL;

	return p && map_device(x, p, out) ? 0 : -ENOENT;
}

static void check_vms(struct run *x)
{
	const struct isc_facts *c = x->c;

	for (size_t i = 0; i < c->n_vmdevs; i++) {
		const struct isc_vm_device *v = &c->vmdevs[i];
		const struct isc_device *d;
		struct isc_finding *f;

		for (size_t k = i + 1; k < c->n_vmdevs; k++) {
			const struct isc_vm_device *w = &c->vmdevs[k];

			/* "0000:01:00" (every function) overlaps "0000:01:00.0" */
			if (!v->address || !w->address || strcmp(v->vm, w->vm) == 0 ||
			    strncmp(v->address, w->address,
				    v->all_functions || w->all_functions ? 10 : 12))
				continue;
			f = add(x, R_DEVICE_IN_TWO_VMS, "%s is configured in VM %s and VM %s: only one "
							"of them can start.", v->address, vm_name(x, v->vm),
				vm_name(x, w->vm));
			subject(x, f, v->address);
			evidence_src(x, f, &v->src);
			evidence_src(x, f, &w->src);
		}
		if (v->mapping)
			check_mapping(x, v);
		if (v->address && !match_count(x, v->address)) {
			missing_device(x, v);
			continue;
		}
		if (!v->address || v->all_functions)
			continue;
		d = isc_model_find(x->m, v->address);
		if (!d || d->multifunction != ISC_YES)
			continue;
		partial_multifunction(x, v, d);
	}
}

static void check_stale_initramfs(struct run *x)
{
	struct isc_finding *f;

	if (!x->c->conf_mtime || !x->c->initrd_mtime || x->c->conf_mtime <= x->c->initrd_mtime ||
	    !x->n_vfio_ids)
		return;
	f = add(x, R_VFIO_INITRAMFS_STALE, "%s is newer than %s: the initramfs does not have "
					   "the current module configuration.", code(x, x->c->conf_newest),
		code(x, x->c->initrd));
	evidence(x, f, x->c->conf_newest, NULL);
	evidence(x, f, x->c->initrd, NULL);
	fix(x, f, "```sh\n%s\n%sreboot\n```\n", initramfs_cmd(x),
	    x->c->boot == ISC_BOOT_SYSTEMD_BOOT ? "proxmox-boot-tool refresh\n" : "");
}

static void check_log(struct run *x)
{
	const struct isc_facts *c = x->c;
	struct isc_finding *f;

	if (c->log[ISC_EV_RMRR].count) {
		f = add(x, R_RMRR, "The kernel refused a device because firmware demands a 1:1 "
				   "mapping for it (RMRR/IVMD, V7).");
		evidence_src(x, f, &c->log[ISC_EV_RMRR].src);
		fix(x, f, "Update the firmware, or move the device to another slot; on HP servers "
			  "disable the slot's \"shared memory\" / RMRR option. Proxmox kernels offer "
			  "`intel_iommu=relax_rmrr` at your own risk.\n");
	}
	/* T14: a target whose group has a "direct" reserved region (not direct-relaxable). */
	for (size_t t = 0; t < x->n_targets; t++)
		for (size_t k = 0; k < c->n_direct; k++) {
			if (c->direct[k].group != x->targets[t]->group)
				continue;
			f = add(x, R_RMRR, "Group %d of %s has a firmware-mandated 1:1 mapping: "
					   "kernels from 6.5 refuse to assign it (V7, T14).",
				c->direct[k].group, x->targets[t]->address);
			subject(x, f, x->targets[t]->address);
			evidence_src(x, f, &c->direct[k].src);
			fix(x, f, "Update the firmware or use another slot; the mapping comes from the "
				  "firmware's RMRR/IVMD tables.\n");
		}
	if (c->log[ISC_EV_NOT_VIABLE].count || c->log[ISC_EV_IRQ_REFUSED].count) {
		enum isc_log_event ev = c->log[ISC_EV_NOT_VIABLE].count ? ISC_EV_NOT_VIABLE : ISC_EV_IRQ_REFUSED;

		f = add(x, R_VFIO_NOT_VIABLE_LOG, "VFIO refused a group: %s",
			code(x, c->log[ev].src.line));
		evidence_src(x, f, &c->log[ev].src);
	}
	if (c->log[ISC_EV_FIRMWARE_BUG].count) {
		f = add(x, R_FIRMWARE_UPDATE, "The kernel log reports %u firmware bug%s.",
			c->log[ISC_EV_FIRMWARE_BUG].count, c->log[ISC_EV_FIRMWARE_BUG].count == 1 ? "" : "s");
		evidence_src(x, f, &c->log[ISC_EV_FIRMWARE_BUG].src);
		fix(x, f, "%s\n", x->m->host.is_guest ? "This is a virtual machine: the bugs are "
							 "in its virtual firmware (OVMF, SeaBIOS) or "
							 "its hypervisor's tables, not a board's."
						       : "Check for a BIOS update for this board.");
	}
}

static void check_incomplete(struct run *x)
{
	struct isc_buf b;
	struct isc_finding *f;
	int header = x->m->host.config_access == ISC_CFG_HEADER, no_lspci = 0, other = 0;

	if (!x->c->n_not_collected && !header)
		return;
	isc_buf_init(&b, 0);
	for (size_t i = 0; i < x->c->n_not_collected; i++)
		isc_buf_appendf(&b, "%s%s", i ? ", " : "", code(x, x->c->not_collected[i]));
	f = add(x, R_SNAPSHOT_INCOMPLETE, "%s%s%s", b.len ? "Not collected: " : "",
		b.data ? b.data : "", header ? (b.len ? ". Config space was read without root: ACS "
							"and port types are unknown."
						      : "Config space was read without root: ACS and "
							"port types are unknown.")
					     : ".");
	isc_buf_free(&b);
	evidence(x, f, "manifest.json", NULL);
	/* A root capture without pciutils lacks only lspci: root is no remedy. */
	for (size_t i = 0; i < x->c->n_not_collected; i++) {
		const char *s = x->c->not_collected[i];

		if (!strncmp(s, "lspci", 5) && strstr(s, " (missing)"))
			no_lspci = 1;
		else
			other = 1;
	}
	if (no_lspci)
		fix(x, f, "Install pciutils (`apt install pciutils`) and collect again: `lspci` gives "
			  "the devices' names and capabilities.\n");
	if (header || other)
		fix(x, f, "Run `iommuscope-collect` as root.\n");
}

static void check_sim(struct run *x)
{
	size_t *v = NULL;
	long n;
	struct isc_finding *f;

	if (!x->sim || !x->sim->certain)
		return;
	n = isc_sim_mismatch(x->sim, &v);
	x->r->sim_mismatch = n;
	if (n < 0)
		x->oom = 1;
	if (n <= 0) {
		free(v);
		return;
	}
	f = add(x, R_SIM_MISMATCH, "The kernel grouped %ld device%s otherwise than the simulation "
				   "of its own rules (first: %s): a quirk the simulator lacks, an "
				   "IVRS alias in the firmware (T20), or a kernel older or newer than "
				   "the rules. Explanations and whatif predictions that involve these "
				   "devices are not trustworthy.",
		n, n == 1 ? "" : "s", x->m->devices[v[0]].address);
	for (long i = 0; i < n && i < 32; i++)
		subject(x, f, x->m->devices[v[i]].address);
	evidence(x, f, x->groups_file, NULL);
	fix(x, f, "Nothing to change on the host. Please report it with the snapshot, so the "
		  "simulator can learn the quirk.\n");
	free(v);
}

static void (*const checks[])(struct run *x) = {
	check_guest, check_iommu_disabled, check_param_missing, check_irq_remap, check_unsafe,
	check_acs_override,   check_unknown_params, check_pending, check_groups,
	check_targets,        check_reset_bugs,    check_vms,     check_stale_initramfs,
	check_log,            check_incomplete,    check_sim,
};

/*
 * After every check: the errors that name a target make its verdict "no"
 * (rmrr.ineligible, a group VFIO refused, ...), with their ids.
 */
static void finish_verdicts(struct run *x)
{
	for (size_t t = 0; x->r->verdicts && t < x->n_targets; t++) {
		struct isc_verdict *v = &x->r->verdicts[t];

		for (size_t i = 0; i < x->r->n_findings; i++) {
			const struct isc_finding *f = &x->r->findings[i];
			int names = 0, seen = 0;

			if (f->severity != ISC_SEV_ERROR)
				continue;
			for (size_t k = 0; k < f->n_subjects; k++)
				names |= !strcmp(f->subjects[k], v->target);
			for (size_t k = 0; k < v->n_errors; k++)
				seen |= v->errors[k] == f->id;
			if (!names || seen)
				continue;
			if (isc_grow(&v->errors, v->n_errors, sizeof(*v->errors)) < 0) {
				x->oom = 1;
				return;
			}
			v->errors[v->n_errors++] = f->id;
			if (v->viable != ISC_NO) {
				v->viable = ISC_NO;
				free(v->reason);
				v->reason = isc_strdupf("%s names it", f->id);
				x->oom |= !v->reason;
			}
		}
	}
}

/* ---- the report ------------------------------------------------------------------------- */

const struct isc_rule *isc_rules(size_t *ret_n)
{
	*ret_n = _R_MAX;
	return rule_table;
}

const char *isc_severity_name(enum isc_severity s)
{
	static const char *const names[] = {[ISC_SEV_INFO] = "info", [ISC_SEV_WARNING] = "warning",
					    [ISC_SEV_ERROR] = "error"};

	return s < _ISC_SEV_MAX ? names[s] : "unknown";
}

static int cmp_finding(const void *a, const void *b)
{
	const struct isc_finding *x = a, *y = b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	c = strcmp(x->id, y->id);
	if (c)
		return c;
	/* numbers as numbers: group 9 before group 10 (strverscmp, as ls -v) */
	c = strverscmp(x->n_subjects ? x->subjects[0] : "", y->n_subjects ? y->subjects[0] : "");
	return c ? c : strverscmp(x->summary ? x->summary : "", y->summary ? y->summary : "");
}

static void add_target(struct run *x, const struct isc_device *d)
{
	const struct isc_device **v;

	for (size_t i = 0; i < x->n_targets; i++)
		if (x->targets[i] == d)
			return;
	v = realloc(x->targets, (x->n_targets + 1) * sizeof(*v));
	if (!v) {
		x->oom = 1;
		return;
	}
	x->targets = v;
	v[x->n_targets++] = d;
}

/*
 * The functions that @spec names become targets ("01:00" every function,
 * "0000:01:00.0", or "vvvv:dddd" every function with that id). Returns how
 * many functions it names.
 */
static size_t match_targets(struct run *x, const char *spec)
{
	struct spec sp = parse_spec(spec);
	size_t n = 0;

	for (size_t i = 0; sp.kind != SPEC_BAD && i < x->m->n_devices; i++)
		if (spec_matches(&sp, &x->m->devices[i])) {
			add_target(x, &x->m->devices[i]);
			n++;
		}
	return n;
}

/* --device VVVV:DDDD naming several functions: all are targets; say so. */
static void several(struct run *x, const char *spec)
{
	struct spec sp = parse_spec(spec);
	struct isc_buf b;
	struct isc_finding *f;
	size_t n = 0;

	if (sp.kind != SPEC_ID)
		return;
	isc_buf_init(&b, 0);
	for (size_t i = 0; i < x->m->n_devices; i++)
		if (spec_matches(&sp, &x->m->devices[i]))
			isc_buf_appendf(&b, "%s%s", n++ ? ", " : "", x->m->devices[i].address);
	if (n > 1) {
		f = add(x, R_SEVERAL_MATCH, "`--device %04x:%04x` names %zu functions: %s. All of "
					    "them are targets.", sp.vendor, sp.device, n, b.data);
		for (size_t i = 0; i < x->m->n_devices; i++)
			if (spec_matches(&sp, &x->m->devices[i]))
				subject(x, f, x->m->devices[i].address);
		fix(x, f, "To pass only one of them, give its address: `--device BB:DD.F`.\n");
	}
	isc_buf_free(&b);
}

void isc_report_free(struct isc_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_findings; i++) {
		struct isc_finding *f = &r->findings[i];

		free(f->summary);
		free(f->fix);
		for (size_t k = 0; k < f->n_subjects; k++)
			free(f->subjects[k]);
		free(f->subjects);
		for (size_t k = 0; k < f->n_evidence; k++) {
			free(f->evidence[k].path);
			free(f->evidence[k].line);
		}
		free(f->evidence);
	}
	free(r->findings);
	for (size_t i = 0; i < r->n_vm_entries; i++) {
		free(r->vm_entries[i].vm);
		free(r->vm_entries[i].entry);
		free(r->vm_entries[i].address);
	}
	free(r->vm_entries);
	for (size_t i = 0; i < r->n_not_collected; i++)
		free(r->not_collected[i]);
	free(r->not_collected);
	for (size_t i = 0; i < r->n_targets; i++)
		free(r->targets[i]);
	free(r->targets);
	for (size_t i = 0; r->verdicts && r->verdicts[i].target; i++) {
		struct isc_verdict *v = &r->verdicts[i];

		free(v->target);
		free(v->reason);
		for (size_t k = 0; k < v->n_with; k++) {
			free(v->with[k].address);
			free(v->with[k].driver);
		}
		free(v->with);
		free(v->errors);
	}
	free(r->verdicts);
	free(r);
}

char *isc_report_verdict(const struct isc_report *r, const char *address)
{
	const struct isc_verdict *v = NULL;
	struct isc_buf b;

	for (size_t i = 0; i < r->n_targets && r->verdicts; i++)
		if (!strcmp(r->verdicts[i].target, address))
			v = &r->verdicts[i];
	isc_buf_init(&b, 0);
	if (v) {
		for (size_t i = 0; i < v->n_errors; i++)
			isc_buf_appendf(&b, "%s%s", i ? ", " : "", v->errors[i]);
		if (!v->n_errors && v->reason)
			isc_buf_appendf(&b, "%s", v->reason);
	} else {
		/* not a target here: the errors that name it */
		for (size_t i = 0; i < r->n_findings; i++) {
			const struct isc_finding *f = &r->findings[i];

			for (size_t k = 0; f->severity == ISC_SEV_ERROR && k < f->n_subjects; k++)
				if (!strcmp(f->subjects[k], address) &&
				    !(b.data && strstr(b.data, f->id))) {
					isc_buf_appendf(&b, "%s%s", b.len ? ", " : "", f->id);
					break;
				}
		}
	}
	if (v ? v->viable == ISC_YES : !b.len) {
		isc_buf_free(&b);
		return strdup("can be passed through");
	}
	{
		char *why = isc_buf_steal(&b, NULL);
		char *all = isc_strdupf("%s (%s)", v && v->viable == ISC_UNKNOWN ? "unknown"
									      : "not viable",
					why ? why : "");

		free(why);
		return all;
	}
}

int isc_report_worst(const struct isc_report *r)
{
	int worst = -1;

	for (size_t i = 0; i < r->n_findings; i++)
		if ((int)r->findings[i].severity > worst)
			worst = (int)r->findings[i].severity;
	return worst;
}

/*
 * The facts as the running kernel sees them: vfio-pci ids on its command
 * line replace modprobe.d's; allow_unsafe_interrupts of the running module
 * beats the command line, which beats modprobe.d. 0 or -ENOMEM.
 */
static int running_facts(struct run *x)
{
	const struct isc_host *h = &x->m->host;
	const char *ids = isc_param_value(h->params, h->n_params, "vfio-pci.ids");
	const char *unsafe = isc_param_value(h->params, h->n_params,
					     "vfio_iommu_type1.allow_unsafe_interrupts");

	x->cmdline_file = x->c->cmdline_file ? x->c->cmdline_file : "proc/cmdline";
	x->groups_file = x->c->groups_file ? x->c->groups_file : "sys/kernel/iommu_groups";
	x->vfio_ids = x->c->vfio_ids;
	x->n_vfio_ids = x->c->n_vfio_ids;
	x->vfio_ids_source = x->c->vfio_ids_src.file;
	x->vfio_ids_line = x->c->vfio_ids_src.line;
	x->vfio_ids_lineno = x->c->vfio_ids_src.lineno;
	if (!ids)
		ids = isc_param_value(h->params, h->n_params, "vfio_pci.ids");
	/* "vfio-pci.ids=…"; a bare "vfio-pci.ids" sets nothing */
	if (ids && strchr(ids, '=') && h->cmdline) {
		x->vfio_ids = NULL;
		x->n_vfio_ids = 0;
		if (isc_vfio_ids_split(strchr(ids, '=') + 1, &x->vfio_ids, &x->n_vfio_ids) < 0)
			return -ENOMEM;
		x->own_vfio_ids = 1;
		x->vfio_ids_source = x->cmdline_file;
		x->vfio_ids_line = h->cmdline;
		x->vfio_ids_lineno = 0;
	}
	x->unsafe_interrupts = x->c->unsafe_interrupts;
	x->unsafe_source = x->c->unsafe_src.file;
	if (unsafe && !x->c->unsafe_running) { /* a bare boolean parameter means true */
		x->unsafe_interrupts =
		    strchr(unsafe, '=') ? isc_kparam_bool(strchr(unsafe, '=') + 1) : ISC_YES;
		x->unsafe_source = x->cmdline_file;
	}
	return 0;
}

int isc_report_build(const struct isc_model *m, const struct isc_report_options *o,
		     struct isc_report **ret)
{
	const struct isc_facts *c = m->facts;
	struct run x = {.m = m, .c = m->facts};

	x.r = calloc(1, sizeof(*x.r));
	if (!x.r)
		return -ENOMEM;
	x.r->model = m;
	x.uses = calloc(m->n_devices + 1, sizeof(*x.uses));
	x.bind = calloc(m->n_devices + 1, sizeof(*x.bind));
	if (!x.uses || !x.bind || running_facts(&x) < 0) {
		free(x.uses);
		free(x.bind);
		free(x.r);
		return -ENOMEM;
	}
	x.r->bootloader = c->boot == ISC_BOOT_GRUB		? "grub"
			  : c->boot == ISC_BOOT_SYSTEMD_BOOT ? "systemd-boot"
							     : NULL;
	isc_sim_params_running(m, m->host.predicted || !c->have_log || !c->log_full ||
				       c->log[ISC_EV_ACS_OVERRIDE].count,
			       c->have_acpi_tables ? (c->has_ivrs ? ISC_YES : ISC_NO)
			       : m->host.iommu_vendor && !strcmp(m->host.iommu_vendor, "amd") &&
					       m->host.iommu_on == ISC_YES
				       ? ISC_YES
				       : ISC_UNKNOWN,
			       &x.r->sim_params);
	x.r->sim_params.pch_quirk_failed = c->log[ISC_EV_PCH_ACS_FAILED].count > 0;
	x.r->sim_mismatch = -1;
	if (m->host.iommu_on == ISC_YES && isc_sim_run(m, &x.r->sim_params, &x.sim) < 0)
		x.oom = 1;
	x.r->irq_remapping = c->log[ISC_EV_IR_OFF].count ? ISC_NO
			     : c->log[ISC_EV_IR_ON].count ? ISC_YES
						     : ISC_UNKNOWN;
	for (size_t i = 0; o && i < o->n_devices; i++) {
		match_targets(&x, o->devices[i]);
		several(&x, o->devices[i]);
	}
	for (size_t i = 0; i < c->n_vmdevs; i++) {
		char path[16];

		if (c->vmdevs[i].address)
			match_targets(&x, c->vmdevs[i].address);
		else if (c->has_pci_mappings && mapping_target(&x, c->vmdevs[i].mapping, path) == 0)
			match_targets(&x, path);
	}
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		checks[i](&x);
	finish_verdicts(&x);
	if (x.r->n_findings)
		qsort(x.r->findings, x.r->n_findings, sizeof(*x.r->findings), cmp_finding);
	x.r->vm_entries = calloc(c->n_vmdevs + 1, sizeof(*x.r->vm_entries));
	for (size_t i = 0; x.r->vm_entries && i < c->n_vmdevs; i++) {
		struct isc_vm_entry *e = &x.r->vm_entries[x.r->n_vm_entries];

		if (!c->vmdevs[i].address)
			continue;
		e->vm = isc_text_clean(strdup(c->vmdevs[i].vm));
		e->entry = isc_text_clean(strdup(c->vmdevs[i].entry));
		e->address = isc_text_clean(strdup(c->vmdevs[i].address));
		x.r->n_vm_entries++;
		x.oom |= !e->vm || !e->entry || !e->address;
	}
	x.oom |= !x.r->vm_entries;
	/* The report keeps what was not collected. */
	x.r->not_collected = calloc(c->n_not_collected + 1, sizeof(*x.r->not_collected));
	for (size_t i = 0; x.r->not_collected && i < c->n_not_collected; i++) {
		x.r->not_collected[i] = isc_text_clean(strdup(c->not_collected[i]));
		x.oom |= !x.r->not_collected[i];
		x.r->n_not_collected += x.r->not_collected[i] != NULL;
	}
	x.oom |= !x.r->not_collected;
	x.r->targets = calloc(x.n_targets + 1, sizeof(*x.r->targets));
	for (size_t i = 0; x.r->targets && x.r->verdicts && i < x.n_targets; i++)
		x.oom |= !(x.r->targets[x.r->n_targets++] = strdup(x.targets[i]->address));
	free(x.targets);
	for (size_t i = 0; i < x.n_codes; i++)
		free(x.codes[i]);
	free(x.codes);
	free(x.uses);
	free(x.bind);
	free(x.unsafe);
	free(x.merged);
	isc_sim_free(x.sim);
	for (int k = 0; k < 3; k++)
		isc_sim_free(x.ovr[k]);
	if (x.own_vfio_ids) {
		for (size_t i = 0; i < x.n_vfio_ids; i++)
			free(x.vfio_ids[i]);
		free(x.vfio_ids);
	}
	if (x.oom || !x.r->targets) {
		isc_report_free(x.r);
		return -ENOMEM;
	}
	*ret = x.r;
	return 0;
}
