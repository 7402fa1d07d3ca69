/* SPDX-License-Identifier: MIT */
/* Two inputs, split at the first "\n=====\n" (else in half), diffed and rendered. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "iommuscope/diff.h"
#include "iommuscope/model.h"
#include "iommuscope/render.h"

static const char cut[] = "\n=====\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_snapshot *s[2] = {NULL, NULL};
	struct isc_model *m[2] = {NULL, NULL};
	struct isc_report *r[2] = {NULL, NULL};
	struct isc_diff *d = NULL;
	struct isc_error err = {{0}};
	const uint8_t *at = memmem(data, size, cut, sizeof(cut) - 1);
	size_t la = at ? (size_t)(at - data) : size / 2;
	size_t skip = at ? sizeof(cut) - 1 : 0;
	const uint8_t *part[2] = {data, data + la + skip};
	size_t len[2] = {la, size - la - skip};
	int ok = 1;
	FILE *out;

	for (int i = 0; i < 2 && ok; i++)
		ok = isc_snapshot_open_memory(part[i], len[i], i ? "after" : "before", &s[i],
					      &err) == 0 &&
		     isc_model_build(s[i], fuzz_model_options(), &m[i], &err) == 0 &&
		     isc_report_build(m[i], NULL, &r[i]) == 0;
	if (ok && isc_diff_build(r[0], r[1], &d) == 0 && (out = fopen("/dev/null", "w"))) {
		for (int f = 0; f < _ISC_FORMAT_MAX; f++)
			(void)isc_render_diff(d, r[0], r[1], (enum isc_format)f, NULL, out);
		fclose(out);
	}
	isc_diff_free(d);
	for (int i = 0; i < 2; i++) {
		isc_report_free(r[i]);
		isc_model_free(m[i]);
		isc_snapshot_free(s[i]);
	}
	return 0;
}
