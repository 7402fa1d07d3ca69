/* SPDX-License-Identifier: MIT */
/* State shared by the model builder's files (model.c, build.c, paste.c, text.c, sosreport.c). */
#ifndef ISC_MODEL_PRIVATE_H
#define ISC_MODEL_PRIVATE_H

#include "iommuscope/model.h"
#include "../parsers/parsers.h"

struct isc_model_builder {
	struct isc_model *m;
	size_t cap;        /* allocated devices and side-table entries */
	char **parents;    /* per device: parent bridge address (new) or NULL */
	char **physfns;    /* per device: PF address (new) or NULL */
	int *link_groups;  /* per device (read order): group from its iommu_group link */
	size_t *order;     /* sorted index -> read index */
	int oom;
	int over_limit;
};

void isc_device_init(struct isc_device *d, unsigned domain, unsigned bus, unsigned dev,
		     unsigned fn);
/* Append a device (NULL on OOM or over the limit). Borrowed until the next call. */
struct isc_device *isc_model_add_device(struct isc_model_builder *b, unsigned domain, unsigned bus,
					unsigned dev, unsigned fn);
/* Forget every device added so far and the host's command line (a paste read again). */
void isc_model_builder_clear(struct isc_model_builder *b);
/* The builder's side tables (the model stays). */
void isc_model_builder_free(struct isc_model_builder *b);
/* A device's strings (the device stays). */
void isc_device_free(struct isc_device *d);
/* The device at @address, writable (the builder and parsers only). */
struct isc_device *isc_model_lookup(struct isc_model *m, const char *address);
/* A small text file of the snapshot, trailing space trimmed; returns new or NULL. */
char *isc_read_text(struct isc_snapshot *s, const char *path);
/* Parents from the bridges' secondary bus numbers, where no path tells (build.c). */
int isc_model_parents_from_buses(struct isc_model_builder *b);
/* Functions from proc/bus/pci config space (a sosreport), parents from buses (sosreport.c). */
int isc_proc_pci_devices(struct isc_model_builder *b, struct isc_snapshot *s);
/* The host-facts stage (facts.c): the manifest first (it may name the kernel), then the rest. */
void isc_facts_read_manifest(struct isc_model *m, struct isc_snapshot *s);
void isc_facts_read(struct isc_model *m, struct isc_snapshot *s);
/* A text file of kind @k (not a listing) into @m's facts, cited as @source (text.c). */
int isc_text_facts(struct isc_model *m, const char *text, size_t len, enum isc_text_kind k,
		   const char *source);
/* The functions the kernel log in @b's facts names, as devices (text.c). */
int isc_log_devices(struct isc_model_builder *b);
/* Replace the running command line (and its parameters): 0 or -ENOMEM (model.c). */
int isc_model_set_cmdline(struct isc_model *m, const char *cmdline);
/* Devices and groups of listing @listing (from 1; 0: the first) of pasted text (paste.c). */
int isc_paste_parse(struct isc_model_builder *b, struct isc_snapshot *s, unsigned listing);

#endif
