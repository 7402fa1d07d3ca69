/* SPDX-License-Identifier: MIT */
/*
 * Text filters applied before anything enters the snapshot: they keep what
 * the analysis needs and drop what a support ticket must not carry. Each
 * reads @in[0..len) and appends to @out; none of them fails on odd input.
 * The patterns are documented in docs/snapshot-format.md.
 */
#ifndef ISC_FILTERS_H
#define ISC_FILTERS_H

#include <stddef.h>

#include "buf.h"

/* Lines of the kernel log that matter to IOMMU/PCI/VFIO analysis. */
#define DMESG_MAX_LINES 20000

int filter_dmesg(const char *in, size_t len, struct isc_buf *out);
/* Proxmox qemu-server config: hostpciN, machine, bios, vga and [section] lines. */
int filter_pve_conf(const char *in, size_t len, struct isc_buf *out);
/* libvirt domain XML: only the <hostdev> elements, under a <hostdevs> root. */
int filter_libvirt_xml(const char *in, size_t len, struct isc_buf *out);
/* /proc/interrupts: "IRQ: chip" per numbered line. */
int filter_interrupts(const char *in, size_t len, struct isc_buf *out);
/* /proc/cpuinfo: the first processor block only. */
int filter_cpuinfo(const char *in, size_t len, struct isc_buf *out);

/*
 * The JSON of `ip -d -j link show` (ifname, master, link) and `ip -j route
 * show default` (dst, dev, and the dev of each of a multipath route's
 * nexthops): each object keeps only those members, so no MAC address, IP
 * address or counter enters the snapshot. Output that is not a JSON array
 * becomes an empty array; returns 0 or -ENOMEM.
 */
int filter_ip_link(const char *in, size_t len, struct isc_buf *out);
int filter_ip_route(const char *in, size_t len, struct isc_buf *out);
/*
 * `lsblk -J -l -o KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT`: under
 * "blockdevices", each device's kname, pkname and fstype; its mountpoint
 * only when it is one the host runs from (/, /boot, /boot/efi, /efi, /usr,
 * /var, [SWAP]); its label only for a ZFS pool member (the pool's name).
 */
int filter_lsblk(const char *in, size_t len, struct isc_buf *out);
/* /proc/mounts: the lines of the filesystems the host runs from (as above). */
int filter_mounts(const char *in, size_t len, struct isc_buf *out);

/*
 * Kernel command lines (and any text holding them): the values of known
 * credential parameters (rd.iscsi.password=, rd.iscsi.in.password=,
 * iscsi_password=, iscsi_in_password=, cifspass=), the user:password of an
 * "iscsi:" root and the password of a URL's user:password@ become
 * "REDACTED". Adds the number of values replaced to *@count.
 */
int filter_redact_secrets(const char *in, size_t len, struct isc_buf *out, size_t *count);

/* Replace every whole-word @word in @in by @with (see the .c for "word"). */
int filter_replace_word(const char *in, size_t len, const char *word, const char *with,
			struct isc_buf *out);

/* A stable pseudonym for a host name: "host-" and 8 hex digits. */
void host_pseudonym(const char *host, char *out, size_t outsz);

#endif
