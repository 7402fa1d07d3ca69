/* SPDX-License-Identifier: MIT */
/*
 * modprobe.d: "options MOD KEY=VALUE …", "softdep MOD pre: … vfio-pci …" and
 * "blacklist MOD" lines. Module names are normalised ('-' becomes '_').
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

struct modprobe_ctx {
	struct isc_facts *f;
	const char *source;
};

static void normalise(char *mod)
{
	for (char *q = mod; *q; q++)
		if (*q == '-')
			*q = '_';
}

static void modprobe_line(void *ctx, unsigned lineno, char *line)
{
	struct modprobe_ctx *x = ctx;
	struct isc_facts *f = x->f;
	char *orig = strdup(line), *p = line, *mod, *tok, *save = NULL;

	if (!orig)
		return;
	while (isspace((unsigned char)*p))
		p++;
	if ((!strncmp(p, "softdep", 7) || !strncmp(p, "blacklist", 9)) &&
	    isspace((unsigned char)p[p[0] == 's' ? 7 : 9])) {
		int soft = p[0] == 's';
		/* "softdep nouveau pre: vfio-pci": only softdeps that load vfio-pci count */
		int loads_vfio = strstr(p, "vfio-pci") || strstr(p, "vfio_pci");
		char *name = strtok_r(p + (soft ? 7 : 9), " \t", &save);

		if (name && (!soft || loads_vfio)) {
			normalise(name);
			if (soft)
				isc_facts_push_str(&f->softdeps, &f->n_softdeps, name);
			else
				isc_facts_push_str(&f->blacklist, &f->n_blacklist, name);
		}
		free(orig);
		return;
	}
	if (strncmp(p, "options", 7) || !isspace((unsigned char)p[7])) {
		free(orig);
		return;
	}
	p += 7;
	mod = strtok_r(p, " \t", &save);
	if (mod)
		normalise(mod);
	while (mod && (tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');
		struct isc_modopt *o;

		if (tok[0] == '#' || isc_grow(&f->opts, f->n_opts, sizeof(*f->opts)) < 0)
			break;
		o = &f->opts[f->n_opts];
		memset(o, 0, sizeof(*o));
		o->module = strdup(mod);
		o->key = eq ? strndup(tok, (size_t)(eq - tok)) : strdup(tok);
		o->value = strdup(eq ? eq + 1 : "");
		isc_fact_src_set(&o->src, x->source, lineno, orig);
		f->n_opts++;
	}
	free(orig);
}

void isc_modprobe_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct modprobe_ctx x = {f, source};

	isc_each_line(text, len, modprobe_line, &x);
}

int isc_vfio_ids_split(const char *list, char ***ret, size_t *ret_n)
{
	char *copy = strdup(list), *tok, *save = NULL;
	char **v = NULL;
	size_t n = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (char *q = tok; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		/* "vvvv:dddd", or qualified further ("vvvv:dddd:ssss:ssss…"): kept whole,
		 * so a fix never rewrites a qualified id into a broader one */
		tok[strnlen(tok, 64)] = '\0';
		if (isc_facts_push_str(&v, &n, tok) < 0)
			break;
	}
	free(copy);
	*ret = v;
	*ret_n = n;
	return 0;
}

void isc_modprobe_finish(struct isc_facts *f)
{
	for (size_t i = 0; i < f->n_opts; i++) {
		const struct isc_modopt *o = &f->opts[i];

		if (!strcmp(o->module, "vfio_pci") && !strcmp(o->key, "ids")) {
			/* the last line wins */
			for (size_t k = 0; k < f->n_vfio_ids; k++)
				free(f->vfio_ids[k]);
			free(f->vfio_ids);
			f->vfio_ids = NULL;
			f->n_vfio_ids = 0;
			isc_vfio_ids_split(o->value, &f->vfio_ids, &f->n_vfio_ids);
			isc_fact_src_set(&f->vfio_ids_src, o->src.file, o->src.lineno, o->src.line);
		}
		if (!strcmp(o->module, "vfio_iommu_type1") &&
		    !strcmp(o->key, "allow_unsafe_interrupts")) {
			f->unsafe_interrupts = isc_kparam_bool(o->value);
			isc_fact_src_set(&f->unsafe_src, o->src.file, o->src.lineno, o->src.line);
		}
	}
}
