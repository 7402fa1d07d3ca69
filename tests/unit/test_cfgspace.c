/* SPDX-License-Identifier: MIT */
/* Config-space decoding, including hostile capability chains. */
#include <stdint.h>

#include "harness.h"
#include "parsers/parsers.h"
#include "model/model_private.h"

static uint8_t cfg[4096];

static void put16(size_t off, unsigned v)
{
	cfg[off] = v & 0xff;
	cfg[off + 1] = v >> 8 & 0xff;
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

/* A root port: PM at 0x40 -> PCIe at 0x70; AER at 0x100 -> ACS at 0x148. */
static void root_port(unsigned acs_cap, unsigned acs_ctl)
{
	memset(cfg, 0, sizeof(cfg));
	put16(0x00, 0x8086);
	put16(0x02, 0xa114);
	put16(0x06, 0x0010);
	put32(0x08, 0x060400f1);
	cfg[0x0e] = 0x81;
	cfg[0x18] = 0x00, cfg[0x19] = 0x02, cfg[0x1a] = 0x03;
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x01, cfg[0x41] = 0x70;
	cfg[0x70] = 0x10, cfg[0x71] = 0x00;
	put16(0x72, 0x0142); /* v2, Root Port, slot */
	put32(0x100, 0x0001 | 2u << 16 | 0x148u << 20);
	put32(0x148, 0x000d | 1u << 16);
	put16(0x14c, acs_cap);
	put16(0x14e, acs_ctl);
}

static struct isc_device decode(size_t len, unsigned fn, struct isc_diags *diags)
{
	struct isc_device d;

	isc_device_init(&d, 0, 0, 0x1c, fn);
	isc_cfg_decode(cfg, len, &d, diags, "test");
	return d;
}

static void test_root_port(void)
{
	struct isc_diags diags = {0};
	struct isc_device d;

	root_port(0x1f, 0x1d);
	d = decode(4096, 0, &diags);
	CHECK_INT(d.cfg, ISC_CFG_EXTENDED);
	CHECK_INT(d.vendor, 0x8086);
	CHECK_INT(d.class_code, 0x060400);
	CHECK_INT(d.header_type, 1);
	CHECK_INT(d.multifunction, ISC_YES);
	CHECK_INT(d.is_bridge, 1);
	CHECK_INT(d.secondary_bus, 2);
	CHECK_INT(d.subordinate_bus, 3);
	CHECK_INT(d.pcie_type, ISC_PCIE_ROOT_PORT);
	CHECK_INT(d.acs, ISC_YES);
	CHECK_INT(d.acs_cap, 0x1f);
	CHECK_INT(d.acs_ctl, 0x1d);
	CHECK_INT(d.flr, ISC_NO);
	CHECK_INT(diags.n, 0);
	isc_diags_free(&diags);
}

static void test_sizes(void)
{
	struct isc_diags diags = {0};
	struct isc_device d;

	root_port(0x1f, 0x1d);
	/* Without root: 64 bytes. Header facts known, capabilities unknown. */
	d = decode(64, 0, &diags);
	CHECK_INT(d.cfg, ISC_CFG_HEADER);
	CHECK_INT(d.multifunction, ISC_YES);
	CHECK_INT(d.pcie_type, ISC_PCIE_UNKNOWN);
	CHECK_INT(d.acs, ISC_UNKNOWN);
	CHECK_INT(d.flr, ISC_UNKNOWN);
	/* 256 bytes: PCIe known, no extended space, so no ACS (as the kernel sees it). */
	d = decode(256, 0, &diags);
	CHECK_INT(d.pcie_type, ISC_PCIE_ROOT_PORT);
	CHECK_INT(d.acs, ISC_NO);
	/* Under 64 bytes: nothing. */
	d = decode(16, 0, &diags);
	CHECK_INT(d.cfg, ISC_CFG_NONE);
	CHECK_INT(d.vendor, -1);
	CHECK_INT(diags.n, 1);
	isc_diags_free(&diags);
}

static void test_hostile_chains(void)
{
	struct isc_diags diags = {0};
	struct isc_device d;

	root_port(0x1f, 0x1d);
	cfg[0x71] = 0x40; /* PCIe -> PM -> PCIe -> ... */
	d = decode(4096, 0, &diags);
	CHECK_INT(d.pcie_type, ISC_PCIE_ROOT_PORT);
	CHECK_INT(diags.n, 1);
	CHECK(diags.n && strstr(diags.v[0].message, "loops") != NULL);
	isc_diags_free(&diags);

	root_port(0x1f, 0x1d);
	cfg[0x41] = 0x10; /* into the header: not a capability */
	d = decode(4096, 0, &diags);
	CHECK_INT(d.pcie_type, ISC_PCIE_NONE);
	CHECK(diags.n && strstr(diags.v[0].message, "outside") != NULL);
	isc_diags_free(&diags);

	root_port(0x1f, 0x1d);
	put32(0x148, 0x000d | 1u << 16 | 0x100u << 20); /* ACS -> AER -> ACS */
	d = decode(4096, 0, &diags);
	CHECK_INT(d.acs, ISC_YES);
	CHECK(diags.n && strstr(diags.v[0].message, "extended capability list loops") != NULL);
	isc_diags_free(&diags);

	root_port(0x1f, 0x1d);
	put32(0x148, 0x000d | 1u << 16 | 0xffcu << 20); /* next at 0xffc: header fits, ends */
	d = decode(4096, 0, &diags);
	CHECK_INT(d.acs, ISC_YES);
	CHECK_INT(diags.n, 0);
	isc_diags_free(&diags);

	root_port(0x1f, 0x1d);
	put32(0x100, 0x0001 | 2u << 16 | 0x040u << 20); /* back into standard space */
	d = decode(4096, 0, &diags);
	CHECK_INT(d.acs, ISC_NO);
	CHECK(diags.n && strstr(diags.v[0].message, "outside") != NULL);
	isc_diags_free(&diags);
}

static void test_endpoint_flr_and_vf(void)
{
	struct isc_diags diags = {0};
	struct isc_device d;

	memset(cfg, 0, sizeof(cfg));
	put16(0x00, 0xffff); /* a VF: ids read ffff */
	put16(0x02, 0xffff);
	put16(0x06, 0x0010);
	cfg[0x34] = 0x70;
	cfg[0x70] = 0x10;
	put16(0x72, 0x0002);
	put32(0x74, 0x10008001);
	isc_device_init(&d, 0, 6, 0x10, 2);
	d.is_virtfn = 1;
	d.vendor = 0x8086; /* from sysfs */
	d.device = 0x10ca;
	isc_cfg_decode(cfg, 4096, &d, &diags, "vf");
	CHECK_INT(d.vendor, 0x8086);
	CHECK_INT(d.device, 0x10ca);
	CHECK_INT(d.pcie_type, ISC_PCIE_ENDPOINT);
	CHECK_INT(d.flr, ISC_YES);
	CHECK_INT(d.multifunction, ISC_NO); /* M1: VFs never are */
	CHECK_INT(d.acs, ISC_NO);
	isc_diags_free(&diags);
}

TEST_MAIN(test_root_port, test_sizes, test_hostile_chains, test_endpoint_flr_and_vf)
