/* SPDX-License-Identifier: MIT */
/*
 * `iommuscope groups`: the seed script's listing done right. Groups in
 * numeric order; per device its address, class name and code, name and
 * [vvvv:dddd], driver, and markers (bridge, multi-function, boot VGA, VF).
 * Devices in no group follow. With the IOMMU off, one line says so and why
 * it matters.
 */
#include <errno.h>
#include <string.h>

#include "iommuscope/render.h"
#include "render_private.h"

#define BOLD  "\033[1m"
#define GREEN "\033[32m"
#define DIM   "\033[2m"
#define RESET "\033[0m"

/* One device; addresses lose their "0000:" when every device is in domain 0000, as lspci prints. */
static void device_line(const struct isc_device *d, const struct isc_render_options *o,
			int one_domain, FILE *out)
{
	int vfio = d->driver && !strcmp(d->driver, "vfio-pci");

	fprintf(out, "  %s  %s", one_domain ? d->address + 5 : d->address,
		d->class_name ? d->class_name : "Class");
	if (d->class_code >= 0)
		fprintf(out, " [%04x]", (unsigned)d->class_code >> 8);
	fprintf(out, ": %s", d->name ? d->name : "Device");
	if (d->vendor >= 0 && d->device >= 0)
		fprintf(out, " [%04x:%04x]", (unsigned)d->vendor, (unsigned)d->device);
	if (d->driver)
		fprintf(out, "  %sdriver=%s%s", o->color && vfio ? GREEN : "", d->driver,
			o->color && vfio ? RESET : "");
	if (d->is_bridge)
		fprintf(out, "  %s[bridge]%s", o->color ? DIM : "", o->color ? RESET : "");
	if (d->multifunction == ISC_YES)
		fprintf(out, "  %s[multifunction]%s", o->color ? DIM : "", o->color ? RESET : "");
	if (d->boot_vga == ISC_YES)
		fputs("  [boot VGA]", out);
	if (d->is_virtfn)
		fprintf(out, "  [VF of %s]",
			d->physfn ? d->physfn->address + (one_domain ? 5 : 0) : "unknown PF");
	fputc('\n', out);
}

int isc_render_groups_text(const struct isc_model *m, const struct isc_render_options *o,
			   FILE *out)
{
	int one_domain = 1;
	size_t ungrouped = 0;

	for (size_t i = 0; i < m->n_devices; i++) {
		one_domain &= m->devices[i].domain == 0;
		ungrouped += m->devices[i].group < 0;
	}
	if (m->facts && m->facts->sosreport && m->n_groups)
		fputs("Groups predicted by simulation from the config space: a sosreport lists "
		      "none.\n",
		      out);
	if (m->n_groups == 0 && m->host.iommu_on == ISC_NO && m->host.is_guest) {
		fprintf(out, "%sNo IOMMU groups: this virtual machine has no virtual IOMMU%s, so no "
			     "device can be passed through inside it (its hypervisor must give it "
			     "one: see host.is_guest in the report).\n",
			o->color ? BOLD : "", o->color ? RESET : "");
	} else if (m->n_groups == 0 && m->host.iommu_on == ISC_NO) {
		const struct isc_device *hb = isc_model_find(m, "0000:00:00.0");
		/* Intel needs intel_iommu=on on many kernels; without cpuinfo, the
		 * host bridge's maker tells. */
		int intel = m->host.cpu_vendor ? !strcmp(m->host.cpu_vendor, "GenuineIntel")
						: hb && hb->vendor == 0x8086;

		fprintf(out, "%sNo IOMMU groups: the IOMMU is off%s, so no device can be passed "
			     "through to a VM (enable VT-d or AMD-Vi in the firmware%s).\n",
			o->color ? BOLD : "", o->color ? RESET : "",
			intel ? " and add intel_iommu=on to the kernel command line" : "");
	} else if (m->n_groups == 0) {
		fprintf(out, "No IOMMU groups in this %s.\n",
			!m->facts || !m->facts->have_log ? "paste"
			: m->facts->log_full ? "kernel log"
					     : "kernel log excerpt (a grep or a cut: it may leave them out)");
	}
	for (size_t g = 0; g < m->n_groups; g++) {
		const struct isc_group *grp = &m->groups[g];

		fprintf(out, "%sIOMMU group %d%s (%zu device%s)\n", o->color ? BOLD : "", grp->id,
			o->color ? RESET : "", grp->n, grp->n == 1 ? "" : "s");
		for (size_t i = 0; i < grp->n; i++)
			device_line(grp->devices[i], o, one_domain, out);
	}
	if (ungrouped)
		fprintf(out, "%sNo IOMMU group%s (%zu device%s)\n", o->color ? BOLD : "",
			o->color ? RESET : "", ungrouped, ungrouped == 1 ? "" : "s");
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].group < 0)
			device_line(&m->devices[i], o, one_domain, out);
	return ferror(out) ? -EIO : 0;
}

int isc_render_listing_heading(const struct isc_model *m, enum isc_format f, FILE *out)
{
	if (m->n_listings < 2)
		return 0;
	if (f == ISC_FORMAT_MD || f == ISC_FORMAT_HTML)
		fprintf(out, "%s# Host %u of %u: lines %u to %u of the paste\n\n",
			m->listing > 1 ? "\n" : "", m->listing, m->n_listings,
			m->listing_first_line, m->listing_last_line);
	else if (f != ISC_FORMAT_JSON)
		fprintf(out, "%s== Host %u of %u: lines %u to %u of the paste ==\n\n",
			m->listing > 1 ? "\n" : "", m->listing, m->n_listings,
			m->listing_first_line, m->listing_last_line);
	else
		fputs(m->listing == 1 ? "[\n" : ",\n", out);
	return ferror(out) ? -EIO : 0;
}

int isc_render_listing_end(const struct isc_model *m, enum isc_format f, FILE *out)
{
	if (m->n_listings > 1 && m->listing == m->n_listings && f == ISC_FORMAT_JSON)
		fputs("]\n", out);
	return ferror(out) ? -EIO : 0;
}
