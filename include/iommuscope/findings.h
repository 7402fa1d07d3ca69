/* SPDX-License-Identifier: MIT */
/*
 * Findings: the verdicts of the rules over a model and its host facts. The rules are one table (isc_rules()); each has
 * a stable id, a default severity, a title and a check that never prints.
 * A finding carries what it is about (subjects), why (evidence: snapshot
 * paths and the lines that triggered it) and the fix, in Markdown, with the
 * commands for the detected bootloader.
 */
#ifndef ISC_FINDINGS_H
#define ISC_FINDINGS_H

#include <stddef.h>

#include "model.h"
#include "sim.h"

enum isc_severity { ISC_SEV_INFO, ISC_SEV_WARNING, ISC_SEV_ERROR, _ISC_SEV_MAX };

struct isc_evidence {
	char *path;      /* snapshot path, e.g. "proc/cmdline" */
	unsigned lineno; /* the line's number in path, from 1; 0: not line-based or not known */
	char *line;      /* the line that triggered the finding, or NULL */
};

struct isc_finding {
	const char *id;    /* the rule's id (static) */
	enum isc_severity severity;
	const char *title; /* the rule's title (static) */
	char *summary;     /* what was found on this host, one or two sentences */
	char **subjects;   /* addresses, "group N", "VM 100" */
	size_t n_subjects;
	struct isc_evidence *evidence;
	size_t n_evidence;
	char *fix;         /* Markdown, or NULL */
};

struct isc_rule {
	const char *id;
	enum isc_severity severity;
	const char *title;
	const char *help; /* when it fires, one sentence (docs/findings.md) */
	unsigned flags;   /* ISC_RULE_* */
};

/* The rule judges the running kernel against its own log or configuration:
 * it has nothing to say about a predicted model (whatif). */
#define ISC_RULE_OBSERVED 0x1u

/* The rule table (borrowed, static); *ret_n rules. */
const struct isc_rule *isc_rules(size_t *ret_n);
const char *isc_severity_name(enum isc_severity s);

/*
 * A device that must go with a target: another function of the same card,
 * or another member of its IOMMU group (bridges on pcieport stay with the
 * host and are not listed, V2).
 */
struct isc_verdict_device {
	char *address;        /* "dddd:bb:dd.f" */
	char *driver;         /* the driver that holds it; NULL: none bound */
	const char *relation; /* "function" (same card) or "group" (static) */
	int blocks;           /* held by a host driver that must keep it: VFIO refuses the group */
	const char *critical; /* what the host may lose with it ("disks", "network", "boot
			       * display"), static; NULL when nothing known */
};

/* The verdict on one passthrough target. */
struct isc_verdict {
	char *target;                    /* "dddd:bb:dd.f" */
	int group;                       /* -1: in no group (or unknown) */
	enum isc_tri viable;             /* ISC_UNKNOWN when a fact is missing: never YES on
					  * missing facts */
	char *reason;                    /* one sentence: why not, or what is unknown; NULL
					  * when viable */
	struct isc_verdict_device *with; /* every device that must go with it, by address */
	size_t n_with;
	const char **errors;             /* ids of the error findings that name the target
					  * (static strings) */
	size_t n_errors;
};

struct isc_report {
	const struct isc_model *model; /* borrowed */
	struct isc_finding *findings;  /* sorted: severity (errors first), id, first subject
					(numbers as numbers: group 9 before group 10) */
	size_t n_findings;
	char **targets;                /* addresses the user wants to pass through */
	size_t n_targets;
	struct isc_verdict *verdicts;  /* one per target, in the order of targets */
	const char *bootloader;        /* "grub", "systemd-boot" or NULL */
	enum isc_tri irq_remapping;    /* from the kernel log */
	struct isc_vm_entry {
		char *vm;              /* "100", or the libvirt domain's file name */
		char *entry;           /* "hostpci0", "hostdev" */
		char *address;         /* "dddd:bb:dd.f", or "dddd:bb:dd" for every function */
	} *vm_entries;                 /* passthrough entries of the VM configurations */
	size_t n_vm_entries;
	char **not_collected;          /* "dmesg (denied)", … */
	size_t n_not_collected;
	struct isc_sim_params sim_params; /* the kernel that produced the model (borrows it) */
	long sim_mismatch;             /* devices the simulation groups otherwise, -1 unchecked */
};

struct isc_report_options {
	const char *const *devices; /* --device values: "01:00", "0000:01:00.0", "vvvv:dddd" */
	size_t n_devices;
};

/*
 * Check --device values against model @m: each is "BB:DD" or "DDDD:BB:DD"
 * (every function of the slot), "BB:DD.F" or "DDDD:BB:DD.F" (hexadecimal;
 * device up to 1f, function up to 7) or "VVVV:DDDD" (every function with
 * that vendor and device id), and names at least one function of @m.
 * Returns 0, or -EINVAL with @err naming the first value that does not.
 */
int isc_report_check_devices(const struct isc_model *m, const struct isc_report_options *o,
			     struct isc_error *err) ISC_NODISCARD;

/*
 * Run every rule over model @m: its devices, groups, host and host facts
 * (m->facts); the rules never see the snapshot. Returns 0 and *ret (free
 * with isc_report_free; it borrows @m), or -ENOMEM.
 */
int isc_report_build(const struct isc_model *m, const struct isc_report_options *o,
		     struct isc_report **ret) ISC_NODISCARD;
void isc_report_free(struct isc_report *r);

/* A target's verdict in words: "can be passed through", "not viable (id, …)"
 * (the errors that name it, or its verdict's reason) or "unknown (…)".
 * Returns new, NULL on allocation failure. */
char *isc_report_verdict(const struct isc_report *r, const char *address);

/* The highest severity present, or -1 without findings. */
int isc_report_worst(const struct isc_report *r);

#endif
