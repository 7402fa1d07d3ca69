/* SPDX-License-Identifier: MIT */
/*
 * /etc/default/grub and /etc/default/grub.d/ (every file): GRUB_CMDLINE_LINUX="…" and
 * GRUB_CMDLINE_LINUX_DEFAULT='…' (shell quoting, comments ignored). A later
 * assignment replaces an earlier one, across the files in the order read.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

struct grub_line_ctx {
	struct isc_grub *g;
	const char *source;
};

static void grub_line(void *ctx, unsigned lineno, char *line)
{
	static const char *const keys[] = {"GRUB_CMDLINE_LINUX=", "GRUB_CMDLINE_LINUX_DEFAULT="};
	struct grub_line_ctx *x = ctx;
	struct isc_grub *g = x->g;
	char *p = line;

	while (isspace((unsigned char)*p))
		p++;
	if (!strncmp(p, "export ", 7))
		p += 7;
	for (int k = 0; k < 2; k++) {
		size_t klen = strlen(keys[k]), w = 0;
		char *v, quote = 0, *out;

		if (strncmp(p, keys[k], klen))
			continue;
		v = p + klen;
		out = malloc(strlen(v) + 1);
		if (!out)
			return;
		for (; *v; v++) {
			if (quote) {
				if (*v == quote)
					quote = 0;
				else
					out[w++] = *v;
			} else if (*v == '"' || *v == '\'') {
				quote = *v;
			} else if (*v == '#' || isspace((unsigned char)*v)) {
				break;
			} else {
				out[w++] = *v;
			}
		}
		out[w] = '\0';
		free(g->value[k]);
		g->value[k] = out;
		isc_fact_src_set(&g->where[k], x->source, lineno, line);
	}
}

void isc_grub_parse(struct isc_grub *g, const char *text, size_t len, const char *source)
{
	struct grub_line_ctx x = {g, source};

	isc_each_line(text, len, grub_line, &x);
}

int isc_grub_finish(struct isc_grub *g, struct isc_facts *f)
{
	int r = 0;

	for (int k = 0; k < 2; k++) {
		char **params = NULL;
		size_t np = 0;

		if (g->value[k] && isc_cmdline_split(g->value[k], &params, &np) >= 0) {
			for (size_t i = 0; i < np; i++) {
				r |= isc_facts_push_param(&f->grub, &f->n_grub, params[i],
							  g->where[k].file, g->where[k].lineno,
							  g->where[k].line);
				free(params[i]);
			}
			free(params);
		}
		free(g->value[k]);
		isc_fact_src_free(&g->where[k]);
	}
	memset(g, 0, sizeof(*g));
	return r ? -1 : 0;
}
