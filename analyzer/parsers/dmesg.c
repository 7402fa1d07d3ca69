/* SPDX-License-Identifier: MIT */
/*
 * The kernel log (dmesg): the lines that decide verdicts (reference §12),
 * each kept with the first line that said it, and which IOMMU driver spoke.
 */
#include <stdlib.h>
#include <string.h>

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
};

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
}

void isc_dmesg_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct dmesg_ctx x = {f, source, 0, 0};

	f->have_log = 1;
	if (!f->log_file)
		f->log_file = strdup(source);
	isc_each_line(text, len, log_line, &x);
	if (!f->log_iommu_vendor && (x.intel || x.amd))
		f->log_iommu_vendor = strdup(x.intel ? "intel" : "amd");
}
