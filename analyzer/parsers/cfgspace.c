/* SPDX-License-Identifier: MIT */
/*
 * Config space decoding. Capability lists come from a stranger's snapshot:
 * every walk is bounded by a visited bitmap (a pointer seen twice is a loop)
 * and by the config size, like pciutils' been_there[]. A 64-byte config
 * (read without root) says nothing about capabilities: those fields stay
 * unknown, never "absent".
 */
#include <string.h>

#include "parsers.h"

static unsigned rd8(const uint8_t *c, size_t off)
{
	return c[off];
}

static unsigned rd16(const uint8_t *c, size_t off)
{
	return (unsigned)c[off] | (unsigned)c[off + 1] << 8;
}

static uint32_t rd32(const uint8_t *c, size_t off)
{
	return rd16(c, off) | (uint32_t)rd16(c, off + 2) << 16;
}

static void walk_standard(const uint8_t *c, size_t len, struct isc_device *d,
			  struct isc_diags *diags, const char *source)
{
	uint8_t seen[256 / 4] = {0};
	unsigned pos;

	d->pcie_type = ISC_PCIE_NONE;
	d->flr = ISC_NO;
	if (!(rd16(c, CFG_STATUS) & CFG_STATUS_CAP))
		return;
	pos = rd8(c, CFG_CAP_PTR) & ~3u;
	while (pos) {
		unsigned id;

		if (pos < 0x40 || pos + 4 > 256 || pos + 4 > len) {
			isc_diags_add(diags, source, 0, "capability list points outside config space "
							"(0x%02x)", pos);
			return;
		}
		if (seen[pos / 4]++) {
			isc_diags_add(diags, source, 0, "capability list loops at 0x%02x", pos);
			return;
		}
		id = rd8(c, pos);
		if (id == CAP_ID_EXP && pos + 0x08 <= len) {
			d->pcie_type = (int)(rd16(c, pos + EXP_FLAGS) >> 4 & 0xf);
			d->flr = rd32(c, pos + EXP_DEVCAP) & EXP_DEVCAP_FLR ? ISC_YES : ISC_NO;
		}
		pos = rd8(c, pos + 1) & ~3u;
	}
}

static void walk_extended(const uint8_t *c, size_t len, struct isc_device *d,
			  struct isc_diags *diags, const char *source)
{
	uint8_t seen[4096 / 4] = {0};
	unsigned pos = ECAP_START;

	d->acs = ISC_NO;
	d->ari = ISC_NO;
	d->sriov = ISC_NO;
	if (len < 4096 || d->pcie_type == ISC_PCIE_NONE)
		return; /* no extended space: the kernel sees no ACS either */
	while (pos) {
		uint32_t hdr;

		if (pos < ECAP_START || pos + 4 > len) {
			isc_diags_add(diags, source, 0, "extended capability list points outside "
							"config space (0x%03x)", pos);
			return;
		}
		if (seen[pos / 4]++) {
			isc_diags_add(diags, source, 0, "extended capability list loops at 0x%03x",
				      pos);
			return;
		}
		hdr = rd32(c, pos);
		if (hdr == 0 || hdr == 0xffffffffu)
			return;
		switch (hdr & 0xffff) {
		case ECAP_ID_ACS:
			if (pos + 8 <= len) {
				d->acs = ISC_YES;
				d->acs_cap = (int)(rd16(c, pos + ACS_CAP) & 0xff);
				d->acs_ctl = (int)(rd16(c, pos + ACS_CTL) & 0xff);
				if (pos + ACS_CTL_SPT + 4 <= len)
					d->acs_ctl_dword =
						(int)(rd32(c, pos + ACS_CTL_SPT) & 0xffff);
			}
			break;
		case ECAP_ID_ARI:
			d->ari = ISC_YES;
			break;
		case ECAP_ID_SRIOV:
			d->sriov = ISC_YES;
			break;
		}
		pos = (hdr >> 20) & ~3u;
	}
}

void isc_cfg_decode(const uint8_t *c, size_t len, struct isc_device *d, struct isc_diags *diags,
		    const char *source)
{
	unsigned ht;

	if (len < 64) {
		d->cfg = ISC_CFG_NONE;
		if (len)
			isc_diags_add(diags, source, 0, "config space is only %zu bytes", len);
		return;
	}
	d->cfg = len >= 4096 ? ISC_CFG_EXTENDED : len >= 256 ? ISC_CFG_STANDARD : ISC_CFG_HEADER;
	/* Virtual functions read ffff here; their ids come from sysfs. */
	if (d->vendor < 0 && rd16(c, CFG_VENDOR) != 0xffff) {
		d->vendor = (int)rd16(c, CFG_VENDOR);
		d->device = (int)rd16(c, CFG_DEVICE);
	}
	if (d->class_code < 0)
		d->class_code = (int)(rd32(c, CFG_REVISION) >> 8);
	if (d->revision < 0)
		d->revision = (int)rd8(c, CFG_REVISION);
	ht = rd8(c, CFG_HEADER_TYPE);
	d->header_type = (int)(ht & 0x7f);
	/* M1: function 0 takes the flag from its header; any other function is
	 * multi-function by being found in a slot scan; VFs never are. */
	d->multifunction = d->is_virtfn ? ISC_NO : (d->fn != 0 || (ht & 0x80)) ? ISC_YES : ISC_NO;
	d->is_bridge = d->header_type == 1 || d->header_type == 2;
	if (d->header_type == 1) {
		d->secondary_bus = (int)rd8(c, CFG_SECONDARY);
		d->subordinate_bus = (int)rd8(c, CFG_SUBORDINATE);
	} else if (d->header_type == 0 && d->subsys_vendor < 0) {
		d->subsys_vendor = (int)rd16(c, CFG_SUBSYS_VENDOR);
		d->subsys_device = (int)rd16(c, CFG_SUBSYS_ID);
	}
	if (len < 256)
		return; /* capabilities: unknown */
	walk_standard(c, len, d, diags, source);
	walk_extended(c, len, d, diags, source);
}
