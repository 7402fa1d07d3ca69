/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line split as the kernel splits it (lib/cmdline.c
 * next_arg): blanks separate parameters, double quotes group blanks into
 * one and are removed, and "--" ends the kernel's parameters (what follows
 * is for init).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

int isc_cmdline_split(const char *s, char ***ret_params, size_t *ret_n)
{
	size_t n = 0, cap = 0, len = strlen(s);
	char **v = NULL, *tok = malloc(len + 1);
	int over = 0;

	if (!tok)
		return -ENOMEM;
	while (*s) {
		size_t w = 0;
		int quoted = 0;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
			if (*s == '"')
				quoted = !quoted;
			else
				tok[w++] = *s;
		}
		tok[w] = '\0';
		if (!strcmp(tok, "--"))
			break;
		if (n == ISC_CMDLINE_MAX_PARAMS) {
			over = 1;
			break;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **p = realloc(v, ncap * sizeof(*p));

			if (!p)
				goto oom;
			v = p;
			cap = ncap;
		}
		v[n] = strdup(tok);
		if (!v[n])
			goto oom;
		n++;
	}
	free(tok);
	*ret_params = v;
	*ret_n = n;
	return over;
oom:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(tok);
	return -ENOMEM;
}

struct kcmd_ctx {
	struct isc_facts *f;
	const char *source;
};

static void kcmd_line(void *ctx, unsigned lineno, char *line)
{
	struct kcmd_ctx *x = ctx;
	char **params = NULL;
	size_t np = 0;

	if (line[0] == '#' || isc_cmdline_split(line, &params, &np) < 0)
		return;
	for (size_t i = 0; i < np; i++) {
		isc_facts_push_param(&x->f->kcmd, &x->f->n_kcmd, params[i], x->source, lineno,
				     line);
		free(params[i]);
	}
	free(params);
}

void isc_kcmdline_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct kcmd_ctx x = {f, source};

	f->has_kcmd_file = 1;
	isc_each_line(text, len, kcmd_line, &x);
}
