/* SPDX-License-Identifier: MIT */
/* Config-space decoding of any bytes, as a PF and as a VF. */
#include <string.h>

#include "fuzz.h"
#include "model/model_private.h"
#include "parsers/parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_diags diags = {0};
	struct isc_device d;

	if (size > 8192)
		return 0; /* sysfs config files are 4096 bytes at most */
	for (int vf = 0; vf < 2; vf++) {
		isc_device_init(&d, 0, 1, 0, (unsigned)vf);
		d.is_virtfn = vf;
		isc_cfg_decode(data, size, &d, &diags, "fuzz");
	}
	isc_diags_free(&diags);
	return 0;
}
