/* SPDX-License-Identifier: MIT */
/* Tar bytes (or pasted text) through the whole analyzer. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_snapshot *s = NULL;
	struct isc_error err = {{0}};

	if (isc_snapshot_open_memory(data, size, "fuzz", &s, &err) == 0)
		fuzz_pipeline(s);
	isc_snapshot_free(s);
	return 0;
}
