/* SPDX-License-Identifier: MIT */
/*
 * What changed between two snapshots of the same host, usually before and
 * after a reboot. Groups are compared as partitions, never by number (group
 * numbers are probe-order labels); devices are matched by address, then by
 * identity, so a card renumbered by a new neighbour shows as moved. Only
 * facts both sides have are compared: one that a side lacks (a paste has no
 * drivers, no firmware, maybe no command line) is "not known", never a change.
 */
#ifndef ISC_DIFF_H
#define ISC_DIFF_H

#include <stddef.h>

#include "findings.h"

enum isc_change_kind {
	ISC_CH_HOST,    /* kernel, IOMMU, interrupt remapping, firmware */
	ISC_CH_CMDLINE, /* a kernel parameter added or removed */
	ISC_CH_GROUPS,  /* a group split or merged */
	ISC_CH_DEVICE,  /* appeared, disappeared, moved, driver, link, VFs */
	ISC_CH_TARGET,  /* a passthrough target's verdict */
	ISC_CH_VM,      /* a VM configuration entry that now names another device */
	ISC_CH_FINDING, /* a finding appeared, disappeared or changed severity */
	_ISC_CH_MAX,
};

struct isc_change {
	enum isc_change_kind kind;
	const char *what; /* stable key: "device.moved", "groups.split", … (static) */
	char *subject;    /* address, parameter, finding id, "VM 100 hostpci0" */
	char *before;     /* NULL when there was nothing */
	char *after;
	char *text;       /* one sentence */
};

struct isc_diff {
	struct isc_change *v; /* by kind, then subject */
	size_t n;
	char *headline;       /* the effect that matters most, one line */
	/*
	 * Facts only one side has (a paste without drivers against a snapshot):
	 * not compared, so never a change. One sentence each, "Drivers: not
	 * known before.", in a fixed order.
	 */
	char **not_compared;
	size_t n_not_compared;
};

/* Compare report @a (before) with report @b (after). Returns 0 and *ret, or -ENOMEM. */
int isc_diff_build(const struct isc_report *a, const struct isc_report *b,
		   struct isc_diff **ret) ISC_NODISCARD;
void isc_diff_free(struct isc_diff *d);
const char *isc_change_kind_name(enum isc_change_kind k);

#endif
