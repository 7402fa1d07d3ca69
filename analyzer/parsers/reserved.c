/* SPDX-License-Identifier: MIT */
/*
 * sys/kernel/iommu_groups/N/reserved_regions: "START END TYPE" lines. A
 * region of type "direct" (not "direct-relaxable") pins the group (T14).
 */
#include <string.h>

#include "buf.h"
#include "parsers.h"

struct reserved_ctx {
	struct isc_facts *f;
	const char *source;
	int group, found;
};

static void reserved_line(void *ctx, unsigned lineno, char *line)
{
	struct reserved_ctx *x = ctx;
	struct isc_direct_region *d;
	size_t l = strlen(line);

	if (x->found || l < 7 || strcmp(line + l - 7, " direct"))
		return;
	if (isc_grow(&x->f->direct, x->f->n_direct, sizeof(*x->f->direct)) < 0)
		return;
	d = &x->f->direct[x->f->n_direct];
	memset(d, 0, sizeof(*d));
	d->group = x->group;
	isc_fact_src_set(&d->src, x->source, lineno, line);
	x->f->n_direct++;
	x->found = 1;
}

void isc_reserved_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
			int group)
{
	struct reserved_ctx x = {f, source, group, 0};

	isc_each_line(text, len, reserved_line, &x);
}
