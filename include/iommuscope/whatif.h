/* SPDX-License-Identifier: MIT */
/*
 * What if: the groups a host would get under other kernel parameters
 * (pcie_acs_override, pci=disable_acs_redir, the IOMMU turned on) or with a
 * card moved to another slot, predicted by the simulator (sim.h) and told
 * as a diff against today, with per-target verdicts before and after and
 * the security cost of the override in plain words.
 */
#ifndef ISC_WHATIF_H
#define ISC_WHATIF_H

#include <stddef.h>

#include "diff.h"
#include "findings.h"
#include "sim.h"

struct isc_whatif_options {
	const char *acs_override;      /* pcie_acs_override value; "" none; NULL as running */
	const char *disable_acs_redir; /* devspec list; "" none; NULL as running */
	int iommu_on;                  /* predict with the IOMMU on */
	const char *const *moves;      /* "CARD=PORT": a BDF or slot name for each */
	size_t n_moves;
	const struct isc_report_options *report; /* targets (--device) */
};

struct isc_whatif_target {
	char *address; /* after the change (a moved card has a new one) */
	char *before, *after;
};

struct isc_whatif {
	struct isc_report *before;    /* today, from the snapshot */
	struct isc_report *after;     /* the prediction (its model is marked predicted) */
	struct isc_model *after_model;
	struct isc_sim *sim;          /* the prediction's reasons, over after_model */
	struct isc_diff *diff;        /* before → after */
	struct isc_sim_params params; /* what was simulated */
	char **asked;                 /* the changes in words */
	size_t n_asked;
	char **security;              /* who could reach whom by peer-to-peer DMA */
	size_t n_security;
	struct isc_whatif_target *targets;
	size_t n_targets;
};

/*
 * Predict @m under @o (slot names come from its facts). Returns 0 and *ret (free with
 * isc_whatif_free); -EINVAL with @err for a request that cannot be met
 * (a bad override value, a move to a port that does not exist or is taken,
 * the IOMMU off without iommu_on); -ENOMEM.
 */
int isc_whatif_build(const struct isc_model *m, const struct isc_whatif_options *o,
		     struct isc_whatif **ret, struct isc_error *err) ISC_NODISCARD;
void isc_whatif_free(struct isc_whatif *w);

/*
 * A source with config space but no group listing (a sosreport, whose
 * m->facts->sosreport is set): write the simulator's groups for its running
 * kernel into @m, marked predicted (host.predicted, groups_from
 * "simulation"). Nothing changes for any other model, or when its kernel
 * log says the IOMMU is off. Returns 0 or -ENOMEM.
 */
int isc_whatif_predict_groups(struct isc_model *m) ISC_NODISCARD;

#endif
