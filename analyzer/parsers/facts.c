/* SPDX-License-Identifier: MIT */
/*
 * Host facts (include/iommuscope/facts.h): their lifetime and the helpers
 * the text parsers share to add to them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

struct isc_facts *isc_facts_new(void)
{
	struct isc_facts *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	f->unsafe_interrupts = ISC_UNKNOWN;
	f->intel_default_on = ISC_UNKNOWN;
	f->log_iommu_on = ISC_UNKNOWN;
	return f;
}

int isc_fact_src_set(struct isc_fact_src *s, const char *file, unsigned lineno, const char *line)
{
	isc_fact_src_free(s);
	s->file = strdup(file ? file : "");
	s->lineno = lineno;
	s->line = line ? strdup(line) : NULL;
	return !s->file || (line && !s->line) ? -ENOMEM : 0;
}

void isc_fact_src_free(struct isc_fact_src *s)
{
	free(s->file);
	free(s->line);
	memset(s, 0, sizeof(*s));
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_params(struct isc_param *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		isc_fact_src_free(&v[i].src);
	}
	free(v);
}

static void free_devgraph(struct isc_devgraph *g)
{
	for (size_t i = 0; i < g->n_nodes; i++) {
		free(g->nodes[i].name);
		free(g->nodes[i].function);
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		free(g->edges[i].upper);
		free(g->edges[i].lower);
	}
	for (size_t i = 0; i < g->n_seeds; i++) {
		free(g->seeds[i].name);
		free(g->seeds[i].why);
	}
	free(g->nodes);
	free(g->edges);
	free(g->seeds);
	free(g->carrying);
	isc_fact_src_free(&g->seed_src);
	memset(g, 0, sizeof(*g));
}

void isc_facts_unref(struct isc_facts *f)
{
	if (!f || --f->refs > 0)
		return;
	free_params(f->grub, f->n_grub);
	free_params(f->kcmd, f->n_kcmd);
	free(f->boot_evidence);
	for (size_t i = 0; i < f->n_opts; i++) {
		free(f->opts[i].module);
		free(f->opts[i].key);
		free(f->opts[i].value);
		isc_fact_src_free(&f->opts[i].src);
	}
	free(f->opts);
	free_strv(f->softdeps, f->n_softdeps);
	free_strv(f->blacklist, f->n_blacklist);
	free_strv(f->vfio_ids, f->n_vfio_ids);
	isc_fact_src_free(&f->vfio_ids_src);
	free(f->conf_newest);
	free(f->initrd);
	for (int i = 0; i < ISC_EV_MAX; i++)
		isc_fact_src_free(&f->log[i].src);
	free(f->log_iommu_vendor);
	free(f->log_file);
	free(f->log_kernel);
	free(f->log_cmdline);
	isc_fact_src_free(&f->log_cmdline_src);
	free(f->default_domain);
	isc_fact_src_free(&f->default_domain_src);
	for (size_t i = 0; i < f->n_log_devices; i++)
		free(f->log_devices[i].driver);
	free(f->log_devices);
	free(f->text_cmdline);
	free(f->cmdline_file);
	free(f->groups_file);
	isc_fact_src_free(&f->text_cmdline_src);
	isc_fact_src_free(&f->unsafe_src);
	for (size_t i = 0; i < f->n_vmdevs; i++) {
		free(f->vmdevs[i].vm);
		free(f->vmdevs[i].entry);
		free(f->vmdevs[i].address);
		free(f->vmdevs[i].mapping);
		isc_fact_src_free(&f->vmdevs[i].src);
	}
	free(f->vmdevs);
	for (size_t i = 0; i < f->n_direct; i++)
		isc_fact_src_free(&f->direct[i].src);
	free(f->direct);
	for (size_t i = 0; i < f->n_pci_maps; i++) {
		free(f->pci_maps[i].name);
		free(f->pci_maps[i].node);
		free(f->pci_maps[i].path);
		free(f->pci_maps[i].id);
		free(f->pci_maps[i].subsystem_id);
		isc_fact_src_free(&f->pci_maps[i].src);
	}
	free(f->pci_maps);
	for (size_t i = 0; i < f->n_slots; i++) {
		free(f->slots[i].name);
		free(f->slots[i].address);
	}
	free(f->slots);
	free_devgraph(&f->net);
	free_devgraph(&f->block);
	for (size_t i = 0; i < f->n_zfs_mounts; i++) {
		free(f->zfs_mounts[i].pool);
		free(f->zfs_mounts[i].why);
	}
	free(f->zfs_mounts);
	free_strv(f->not_collected, f->n_not_collected);
	free(f->m_format);
	free(f->m_host);
	free(f->m_collected_at);
	free(f->m_kernel);
	free(f);
}

const char *isc_param_value(char *const *params, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = n; i-- > 0;) /* the last one counts, as in the kernel */
		if (!strncmp(params[i], name, len) && (params[i][len] == '=' || !params[i][len]))
			return params[i];
	return NULL;
}

int isc_facts_push_param(struct isc_param **v, size_t *n, const char *text, const char *file,
			 unsigned lineno, const char *line)
{
	struct isc_param *p;

	if (isc_grow(v, *n, sizeof(**v)) < 0)
		return -ENOMEM;
	p = &(*v)[*n];
	memset(p, 0, sizeof(*p));
	p->text = strdup(text);
	if (!p->text || isc_fact_src_set(&p->src, file, lineno, line) < 0) {
		free(p->text);
		isc_fact_src_free(&p->src);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

int isc_facts_push_str(char ***v, size_t *n, const char *s)
{
	char *copy = strdup(s);

	if (!copy || isc_grow(v, *n, sizeof(**v)) < 0) {
		free(copy);
		return -ENOMEM;
	}
	(*v)[(*n)++] = copy;
	return 0;
}

void isc_each_line(const char *text, size_t len, void (*fn)(void *ctx, unsigned lineno, char *line),
		   void *ctx)
{
	char *copy = malloc(len + 1), *line;
	unsigned lineno = 0;

	if (!copy)
		return;
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = copy; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		fn(ctx, ++lineno, line);
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
}

enum isc_tri isc_kparam_bool(const char *v)
{
	return v[0] && strchr("1yY", v[0]) ? ISC_YES : ISC_NO;
}
