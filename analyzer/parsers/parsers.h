/* SPDX-License-Identifier: MIT */
/*
 * Parsers: bytes (or a snapshot) in, parts of the model out. None of them
 * prints or fails the run on bad input; damage becomes a diagnostic.
 */
#ifndef ISC_PARSERS_H
#define ISC_PARSERS_H

#include <stddef.h>
#include <stdint.h>

#include "iommuscope/model.h"

/* PCI config space registers (reference §14 X1–X5). */
#define CFG_SPACE_MAX   4096 /* PCI Express extended config space (S5) */
#define CFG_VENDOR      0x00
#define CFG_DEVICE      0x02
#define CFG_STATUS      0x06
#define  CFG_STATUS_CAP 0x10
#define CFG_REVISION    0x08
#define CFG_CLASS       0x09 /* prog-if, subclass, class: 3 bytes */
#define CFG_HEADER_TYPE 0x0e
#define CFG_SECONDARY   0x19
#define CFG_SUBORDINATE 0x1a
#define CFG_SUBSYS_VENDOR 0x2c
#define CFG_SUBSYS_ID   0x2e
#define CFG_CAP_PTR     0x34
#define CAP_ID_EXP      0x10
#define  EXP_FLAGS      0x02 /* bits 7:4: device/port type */
#define  EXP_DEVCAP     0x04
#define   EXP_DEVCAP_FLR 0x10000000u
#define ECAP_START      0x100
#define ECAP_ID_ACS     0x000d
#define  ACS_CAP        0x04
#define  ACS_CTL        0x06
#define  ACS_CTL_SPT    0x08 /* Q-SPT: the control dword of Intel SPT/UPT ports */
#define ECAP_ID_ARI     0x000e
#define ECAP_ID_SRIOV   0x0010

/*
 * Decode @len bytes of config space into @d: header type, multi-function
 * bit, bridge bus numbers, PCI Express type, DevCap FLR, ACS, ARI, SR-IOV.
 * 64 bytes leave the capability fields ISC_UNKNOWN; 256 bytes mean no
 * extended capabilities. Broken or looping chains stop with a diagnostic.
 */
void isc_cfg_decode(const uint8_t *cfg, size_t len, struct isc_device *d, struct isc_diags *diags,
		    const char *source);

#define ISC_CMDLINE_MAX_PARAMS 4096

/*
 * Split a kernel command line into parameters as the kernel does. Returns 0
 * with *ret_params (returns new: free each and the array) and *ret_n; 1 when
 * it stopped after ISC_CMDLINE_MAX_PARAMS parameters; or -ENOMEM.
 */
int isc_cmdline_split(const char *s, char ***ret_params, size_t *ret_n);

/* Parse "dddd:bb:dd.f" or "bb:dd.f" (domain 0). Returns 0 or -EINVAL. */
int isc_parse_bdf(const char *s, unsigned *domain, unsigned *bus, unsigned *dev, unsigned *fn);

/*
 * Names from `lspci -nn` style text (any of -nn, -nnk, -vvv -nn): for each
 * device of @m with a matching address line, set class_name and name.
 */
void isc_lspci_names(struct isc_model *m, const char *text, size_t len);

/* Names of what is still unnamed, from a pci.ids file (NULL: the usual places). */
void isc_pciids_names(struct isc_model *m, const char *pci_ids);

#endif
