/* SPDX-License-Identifier: MIT */
/* The analyzer end to end, for the harnesses (fuzz.h). */
#include <stdio.h>

#include "fuzz.h"
#include "iommuscope/model.h"
#include "iommuscope/render.h"
#include "iommuscope/whatif.h"

static FILE *sink(void)
{
	return fopen("/dev/null", "w");
}

static void render_report(const struct isc_model *m, const struct isc_report *r)
{
	struct isc_render_options ro = {.color = 1};
	FILE *out = sink();

	if (!out)
		return;
	for (int f = 0; f < _ISC_FORMAT_MAX; f++) {
		(void)isc_render_groups(m, (enum isc_format)f, &ro, out);
		(void)isc_render_report(r, (enum isc_format)f, &ro, out);
	}
	fclose(out);
}

static void render_whatif(const struct isc_model *m)
{
	static const char *const moves[] = {"01:00=00:1c.0"};
	struct isc_whatif_options o = {.acs_override = "downstream,multifunction,id:8086:1234",
				       .iommu_on = 1, .moves = moves, .n_moves = 1};
	struct isc_whatif *w = NULL;
	struct isc_error err = {{0}};
	FILE *out;

	if (isc_whatif_build(m, &o, &w, &err) < 0) {
		o.n_moves = 0; /* the move is refused on most inputs: predict without it */
		if (isc_whatif_build(m, &o, &w, &err) < 0)
			return;
	}
	if ((out = sink()) != NULL) {
		for (int f = 0; f < _ISC_FORMAT_MAX; f++)
			(void)isc_render_whatif(w, (enum isc_format)f, NULL, out);
		fclose(out);
	}
	isc_whatif_free(w);
}

const struct isc_model_options *fuzz_model_options(void)
{
	static const struct isc_model_options o = {.pci_ids = FUZZ_PCI_IDS};

	return &o;
}

void fuzz_pipeline(struct isc_snapshot *s)
{
	struct isc_model *m = NULL;
	struct isc_report *r = NULL;
	struct isc_error err = {{0}};

	if (isc_model_build(s, fuzz_model_options(), &m, &err) < 0)
		return;
	if (isc_report_build(m, NULL, &r) == 0) {
		render_report(m, r);
		render_whatif(m);
	}
	isc_report_free(r);
	isc_model_free(m);
}
