/* SPDX-License-Identifier: MIT */
/*
 * The grouping simulator: the kernel's IOMMU group formation computed
 * offline from a model (reference kernel-groups.md §2–§8), under the
 * kernel parameters that change it (K9): the IOMMU on or off, the
 * out-of-tree pcie_acs_override patch, pci=disable_acs_redir= and
 * pci=config_acs=. It answers "which groups will I get", and for every
 * group "why": the reason chain from the device that anchored it.
 *
 * Facts a snapshot does not hold (config space read without root) are never
 * guessed: the simulation runs with every unknown read both ways and, when
 * the partitions differ, reports both (the coarsest as the prediction, the
 * finest as the best case).
 */
#ifndef ISC_SIM_H
#define ISC_SIM_H

#include <stddef.h>

#include "model.h"

/* O1: the override patch's options. */
#define ISC_SIM_OVR_DOWNSTREAM    0x1u
#define ISC_SIM_OVR_MULTIFUNCTION 0x2u
/* O3: the patch refuses an id once 15 are stored. */
#define ISC_SIM_MAX_OVERRIDE_IDS 15

struct isc_sim_params {
	int iommu_on;               /* groups form at all */
	unsigned override;          /* ISC_SIM_OVR_* */
	unsigned override_ids[ISC_SIM_MAX_OVERRIDE_IDS]; /* vendor << 16 | device */
	size_t n_override_ids;
	const char *disable_acs_redir; /* C4 "devspec;devspec", borrowed; NULL none */
	const char *config_acs;        /* C4 "bits@devspec;…", borrowed; NULL none */
	int igfx_off;               /* intel_iommu=igfx_off (G0, T18) */
	enum isc_tri ivrs;          /* AMD IVRS table present (the AMD SB quirk needs it) */
	int pch_quirk_failed;       /* the log says the Intel PCH ACS workaround failed */
	/* What the snapshot was taken under: its ACSCtl already reflects these (C5). */
	const char *was_disable_acs_redir, *was_config_acs;
};

/* Why a device counts as isolated (A2) or not: the reason chain's words. */
enum isc_sim_why {
	ISC_WHY_UNKNOWN,      /* config space not read as root */
	ISC_WHY_CONVENTIONAL, /* no PCI Express capability */
	ISC_WHY_BRIDGE_TYPE,  /* PCIe<->PCI bridge or event collector: never isolated */
	ISC_WHY_NO_ACS,       /* port or multi-function device without ACS */
	ISC_WHY_ACS_OFF,      /* ACS present, required controls off */
	ISC_WHY_QUIRK_NOT,    /* a kernel quirk says not isolated */
	ISC_WHY_SINGLE,       /* single-function endpoint or upstream port (A2) */
	ISC_WHY_ACS_ON,       /* ACS present and enabled */
	ISC_WHY_QUIRK,        /* a kernel quirk says isolated */
	ISC_WHY_OVERRIDE,     /* pcie_acs_override says isolated */
};

/* How a device came into its group (G1–G5). */
enum isc_sim_how {
	ISC_HOW_NONE,         /* no group: no IOMMU, or not covered (G0) */
	ISC_HOW_NEW,          /* anchored a new group (G5) */
	ISC_HOW_BRIDGE_ALIAS, /* G1: uses the requester ID of a bridge above it (D1) */
	ISC_HOW_PATH,         /* G2: a bridge above it does not isolate */
	ISC_HOW_DMA_ALIAS,    /* G3: a DMA alias quirk ties it to a function (D3) */
	ISC_HOW_SLOT,         /* G4: multi-function slot, neither function isolated */
};

struct isc_sim_device {
	long group;           /* predicted group label, -1: none */
	enum isc_sim_how how;
	long via;             /* the device whose group it joined, -1 */
	long cause;           /* ISC_HOW_PATH: the top-most bridge that does not isolate */
	enum isc_tri isolated;
	enum isc_sim_why why;
	int missing;          /* ISC_WHY_ACS_OFF: the required ACS bits that are off */
	const char *quirk;    /* ISC_WHY_QUIRK*, or the DMA alias quirk: its name */
	int acs_ctl, acs_ctl_dword; /* the control values the kernel will set (C3-C5), -1 */
};

struct isc_sim_group {
	size_t n;
	size_t *members;      /* model device indices, in address order */
	long anchor;          /* the device that opened the group */
	char **reasons;       /* the reason chain, plain sentences */
	size_t n_reasons;
};

struct isc_sim {
	const struct isc_model *model; /* borrowed */
	struct isc_sim_device *dev;    /* per model device */
	struct isc_sim_group *groups;  /* by label: groups[g] is label g */
	size_t n_groups;
	int certain;                   /* no unknown fact changed the partition */
	long *best;                    /* !certain: per device, its group in the finest outcome */
	size_t n_best;                 /* groups in the finest outcome */
	size_t *unknown;               /* devices whose unknown facts mattered */
	size_t n_unknown;
};

/*
 * The parameters of the kernel that produced @m: its command line (override,
 * C4 options, igfx_off) and whether an IOMMU formed groups. @override_works
 * is 0 when the log shows the running kernel lacks the override patch.
 */
void isc_sim_params_running(const struct isc_model *m, int override_works, enum isc_tri ivrs,
			    struct isc_sim_params *p);

/*
 * Parse a pcie_acs_override value ("downstream,multifunction,id:8086:1234")
 * into @p (replacing its override). Returns 0, or -EINVAL with a message in
 * @err naming the bad item (at most ISC_SIM_MAX_OVERRIDE_IDS ids, O3).
 */
int isc_sim_parse_override(const char *value, struct isc_sim_params *p, char *err,
			   size_t errsz);

/* Does devspec list @spec ("[dddd:]bb:dd.f[/dd.f]*;pci:vvvv:dddd…") match @d? */
int isc_sim_devspec_match(const struct isc_model *m, const char *spec,
			  const struct isc_device *d);

/* Simulate @m under @p. Returns 0 and *ret (free with isc_sim_free), or -ENOMEM. */
int isc_sim_run(const struct isc_model *m, const struct isc_sim_params *p,
		struct isc_sim **ret) ISC_NODISCARD;
void isc_sim_free(struct isc_sim *s);

/*
 * Compare the simulated partition with the kernel's (N1: partitions, never
 * labels), over the devices the kernel put in groups. Returns how many
 * devices sit in a group that differs; with @ret, also those model indices
 * (free()); -ENOMEM on failure.
 */
long isc_sim_mismatch(const struct isc_sim *s, size_t **ret);

/* How many predicted groups the @n model devices @idx fall into (0 on OOM). */
size_t isc_sim_groups_among(const struct isc_sim *s, const size_t *idx, size_t n);

/* A2 for one device with the running kernel's defaults (no simulation). */
enum isc_tri isc_sim_isolated(const struct isc_model *m, const struct isc_device *d);

/* "has no ACS capability and no quirk", for the reason chain and the rules. */
const char *isc_sim_why_text(const struct isc_sim_device *sd, char *buf, size_t bufsz);

#endif
