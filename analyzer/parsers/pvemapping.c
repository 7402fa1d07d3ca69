/* SPDX-License-Identifier: MIT */
/*
 * Proxmox VE PCI resource mappings, etc/pve/mapping/pci.cfg (PVE 8+), a
 * Proxmox "section config": an unindented line with the mapping's id opens
 * a section, indented "KEY VALUE" lines follow, a blank line ends it. Each
 * "map" line (one per node, and per device) is a comma-separated property
 * string: node=, path= (one address or several joined by ';', the function
 * left out for the whole device), id=, subsystem-id=, iommugroup=,
 * description=. Only map lines are kept; each becomes one isc_pci_map with
 * its line as provenance. Values are kept as written, bounded; the rules
 * validate them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

#define MAP_VALUE_MAX 256 /* longer values (a description) are not kept */

struct map_ctx {
	struct isc_facts *f;
	const char *source;
	char name[64]; /* the open section's id, "" outside one */
};

static int id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* "key=value" pairs of @props (modified) into @m. */
static void map_props(struct isc_pci_map *m, char *props)
{
	char *save = NULL;

	for (char *kv = strtok_r(props, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '='), **to = NULL;

		if (!eq || strlen(eq + 1) > MAP_VALUE_MAX)
			continue;
		*eq = '\0';
		if (!strcmp(kv, "node"))
			to = &m->node;
		else if (!strcmp(kv, "path"))
			to = &m->path;
		else if (!strcmp(kv, "id"))
			to = &m->id;
		else if (!strcmp(kv, "subsystem-id"))
			to = &m->subsystem_id;
		else if (!strcmp(kv, "iommugroup")) {
			char *end;
			long g = strtol(eq + 1, &end, 10);

			if (eq[1] && !*end && g >= 0 && g <= 0x7fffffffL)
				m->iommugroup = g;
		}
		if (to) {
			free(*to);
			*to = strdup(eq + 1);
		}
	}
}

static void map_line(void *ctx, unsigned lineno, char *line)
{
	struct map_ctx *x = ctx;
	struct isc_pci_map *m;
	char *p = line, *copy;
	size_t n = 0;

	if (!*line || strspn(line, " \t") == strlen(line)) {
		x->name[0] = '\0'; /* a blank line ends the section */
		return;
	}
	if (!isspace((unsigned char)line[0])) {
		while (id_char(line[n]))
			n++;
		x->name[0] = '\0';
		if (n && n < sizeof(x->name) && strspn(line + n, " \t") == strlen(line + n))
			memcpy(x->name, line, n), x->name[n] = '\0';
		return;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (!x->name[0] || strncmp(p, "map", 3) || !isspace((unsigned char)p[3]))
		return;
	p += 3;
	while (isspace((unsigned char)*p))
		p++;
	if (isc_grow(&x->f->pci_maps, x->f->n_pci_maps, sizeof(*x->f->pci_maps)) < 0)
		return;
	m = &x->f->pci_maps[x->f->n_pci_maps];
	memset(m, 0, sizeof(*m));
	m->iommugroup = -1;
	m->name = strdup(x->name);
	copy = strdup(p);
	if (!m->name || !copy) {
		free(m->name);
		free(copy);
		return;
	}
	map_props(m, copy);
	free(copy);
	isc_fact_src_set(&m->src, x->source, lineno, line);
	x->f->n_pci_maps++;
}

void isc_pve_mapping_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct map_ctx x = {f, source, ""};

	f->has_pci_mappings = 1;
	isc_each_line(text, len, map_line, &x);
}
