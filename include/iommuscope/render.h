/* SPDX-License-Identifier: MIT */
/*
 * Renderers over a model. Each appends to a caller's buffer (struct
 * isc_buf from the utilities) and returns 0 or -ENOMEM; none prints.
 */
#ifndef ISC_RENDER_H
#define ISC_RENDER_H

#include "model.h"

struct isc_buf;

struct isc_render_options {
	int color; /* ANSI colour (the CLI decides: only on a terminal) */
};

/* The group listing: groups in numeric order, one device per line. */
int isc_render_groups_text(const struct isc_model *m, const struct isc_render_options *o,
			   struct isc_buf *out);
/* The JSON report, schema iommuscope.report/1 (docs/report-schema.json). */
int isc_render_json(const struct isc_model *m, struct isc_buf *out);
/* The group listing as JSON (the "groups" and "iommu" parts of the report). */
int isc_render_groups_json(const struct isc_model *m, struct isc_buf *out);

#endif
