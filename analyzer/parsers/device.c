/* SPDX-License-Identifier: MIT */
/*
 * PCI functions (iommuscope/device.h): parsing "dddd:bb:dd.f", ordering
 * devices, finding one in a sorted array, naming a PCIe type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

int isc_parse_bdf(const char *s, unsigned *domain, unsigned *bus, unsigned *dev, unsigned *fn)
{
	unsigned a, b, c, d;
	char tail;

	if (sscanf(s, "%x:%x:%x.%u%c", &a, &b, &c, &d, &tail) == 4 && strlen(s) >= 12) {
		if (a > 0xffff || b > 0xff || c > 0x1f || d > 7)
			return -EINVAL;
		*domain = a, *bus = b, *dev = c, *fn = d;
		return 0;
	}
	if (sscanf(s, "%x:%x.%u%c", &b, &c, &d, &tail) == 3 && strlen(s) >= 7) {
		if (b > 0xff || c > 0x1f || d > 7)
			return -EINVAL;
		*domain = 0, *bus = b, *dev = c, *fn = d;
		return 0;
	}
	return -EINVAL;
}

int isc_device_cmp(const void *a, const void *b)
{
	const struct isc_device *x = a, *y = b;

	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->fn > y->fn) - (x->fn < y->fn);
}

const struct isc_device *isc_devices_find(const struct isc_device *v, size_t n, const char *address)
{
	struct isc_device key = {.domain = 0};
	unsigned dom, bus, dev, fn;

	if (isc_parse_bdf(address, &dom, &bus, &dev, &fn) < 0)
		return NULL;
	key.domain = dom, key.bus = bus, key.dev = dev, key.fn = fn;
	return bsearch(&key, v, n, sizeof(key), isc_device_cmp);
}

const char *isc_pcie_type_name(int t)
{
	static const char *const names[] = {
		[ISC_PCIE_ENDPOINT] = "Endpoint",
		[ISC_PCIE_LEGACY_ENDPOINT] = "Legacy Endpoint",
		[ISC_PCIE_ROOT_PORT] = "Root Port",
		[ISC_PCIE_UPSTREAM] = "Upstream Port",
		[ISC_PCIE_DOWNSTREAM] = "Downstream Port",
		[ISC_PCIE_PCIE_TO_PCI] = "PCIe to PCI Bridge",
		[ISC_PCIE_PCI_TO_PCIE] = "PCI to PCIe Bridge",
		[ISC_PCIE_RC_ENDPOINT] = "Root Complex Integrated Endpoint",
		[ISC_PCIE_RC_EVENT_COLLECTOR] = "Root Complex Event Collector",
	};

	if (t == ISC_PCIE_NONE)
		return "PCI";
	if (t < 0 || t >= (int)(sizeof(names) / sizeof(names[0])) || !names[t])
		return t < 0 ? "unknown" : "Unknown type";
	return names[t];
}
