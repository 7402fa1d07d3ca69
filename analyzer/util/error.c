/* SPDX-License-Identifier: MIT */
/*
 * Errors and diagnostics (include/iommuscope/error.h): the one sentence of
 * a hard error, and the bounded list of damage that parsing survived.
 * Every stage of the analyzer reports through these, so they belong to
 * none of them; nothing here prints.
 *
 * Ownership: struct isc_diags owns its entries and their strings (copies
 * of what isc_diags_add() was given); isc_diags_free() releases them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommuscope/error.h"

void isc_error_set(struct isc_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

void isc_diags_add(struct isc_diags *d, const char *source, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (d->n >= ISC_DIAGS_MAX) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		struct isc_diag *v = realloc(d->v, ncap * sizeof(*v));

		if (!v) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->v[d->n].source = strdup(source ? source : "");
	d->v[d->n].message = strdup(msg);
	d->v[d->n].line = line;
	if (!d->v[d->n].source || !d->v[d->n].message) {
		free(d->v[d->n].source);
		free(d->v[d->n].message);
		d->dropped++;
		return;
	}
	d->n++;
}

void isc_diags_free(struct isc_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].source);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
