/* SPDX-License-Identifier: MIT */
/*
 * What the host runs on (iommuscope/facts.h, struct isc_devgraph): named
 * kernel devices with their PCI functions, what sits on what, and the seeds
 * the host needs. The formats that fill it are in net.c (ip) and block.c
 * (lsblk, mounts); the links sys/class/{net,block}/NAME are read here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

#define MAX_NODES 4096 /* devices kept; a host with more is not judged */
#define MAX_EDGES 8192
#define MAX_SEEDS 64
#define MAX_HOPS  16   /* levels followed: a VLAN on a bond, LVM on md on partitions */

/* A name the kernel could give a device: 1 to 31 bytes, printable, no '/' or space. */
int isc_devname_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 31 || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '/')
			return 0;
	return 1;
}

static struct isc_devnode *find(const struct isc_devgraph *g, const char *name)
{
	for (size_t i = 0; i < g->n_nodes; i++)
		if (!strcmp(g->nodes[i].name, name))
			return &g->nodes[i];
	return NULL;
}

struct isc_devnode *isc_devgraph_node(struct isc_devgraph *g, const char *name)
{
	struct isc_devnode *d;

	if (!isc_devname_ok(name)) {
		g->over = 1; /* a device we cannot name: what hangs on it is lost */
		return NULL;
	}
	if ((d = find(g, name)) != NULL)
		return d;
	if (g->n_nodes >= MAX_NODES || isc_grow(&g->nodes, g->n_nodes, sizeof(*g->nodes)) < 0) {
		g->over = 1;
		return NULL;
	}
	d = &g->nodes[g->n_nodes];
	memset(d, 0, sizeof(*d));
	if (!(d->name = strdup(name)))
		return NULL;
	g->n_nodes++;
	return d;
}

void isc_devgraph_edge(struct isc_devgraph *g, const char *upper, const char *lower)
{
	struct isc_devedge *e;

	if (!isc_devname_ok(upper) || !isc_devname_ok(lower)) {
		g->over = 1; /* a relation we cannot follow */
		return;
	}
	if (!strcmp(upper, lower))
		return;
	if (g->n_edges >= MAX_EDGES || isc_grow(&g->edges, g->n_edges, sizeof(*g->edges)) < 0) {
		g->over = 1;
		return;
	}
	e = &g->edges[g->n_edges];
	e->upper = strdup(upper);
	e->lower = strdup(lower);
	if (!e->upper || !e->lower) {
		free(e->upper);
		free(e->lower);
		return;
	}
	g->n_edges++;
}

void isc_devgraph_seed(struct isc_devgraph *g, const char *name, const char *why,
		       const char *source)
{
	struct isc_devseed *s;

	if (!isc_devname_ok(name)) {
		g->over = 1; /* a seed we cannot follow: nothing is known to be clear */
		return;
	}
	for (size_t i = 0; i < g->n_seeds; i++)
		if (!strcmp(g->seeds[i].name, name))
			return;
	if (g->n_seeds >= MAX_SEEDS || isc_grow(&g->seeds, g->n_seeds, sizeof(*g->seeds)) < 0) {
		g->over = 1;
		return;
	}
	s = &g->seeds[g->n_seeds];
	s->name = strdup(name);
	s->why = strdup(why);
	if (!s->name || !s->why) {
		free(s->name);
		free(s->why);
		return;
	}
	g->n_seeds++;
	if (!g->seed_src.file)
		isc_fact_src_set(&g->seed_src, source, 0, NULL);
}

/* Is @s, @n bytes, a PCI address "dddd:bb:dd.f"? */
static int is_bdf(const char *s, size_t n)
{
	static const char shape[] = "xxxx:xx:xx.x";

	if (n != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'x' ? !isxdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return s[n - 1] <= '7';
}

void isc_devgraph_link(struct isc_devgraph *g, const char *name, const char *target)
{
	const char *best = NULL;
	struct isc_devnode *d;

	/* ../../devices/pci0000:00/0000:00:1c.0/0000:03:00.0/net/enp3s0,
	 * …/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda,
	 * …/0000:00:03.0/virtio2/net/eth0: the last PCI address on the way;
	 * ../../devices/virtual/…: none. */
	g->have_links = 1;
	for (const char *p = target; *p; p++) {
		size_t n = strcspn(p, "/");

		if (is_bdf(p, n))
			best = p;
		p += n;
		if (!*p)
			break;
	}
	if (!(d = isc_devgraph_node(g, name)) || !best || d->function)
		return;
	d->function = strndup(best, 12);
	for (char *c = d->function; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

static int cmp_name(const void *a, const void *b, void *ctx)
{
	const struct isc_devnode *v = ctx;

	return strcmp(v[*(const size_t *)a].name, v[*(const size_t *)b].name);
}

/* The index of node @name through @order (indices sorted by name), or -1. */
static long lookup(const struct isc_devgraph *g, const size_t *order, const char *name)
{
	size_t lo = 0, hi = g->n_nodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, g->nodes[order[mid]].name);

		if (!c)
			return (long)order[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int lookup_seed(const struct isc_devgraph *g, const char *name)
{
	for (size_t k = 0; k < g->n_seeds; k++)
		if (!strcmp(g->seeds[k].name, name))
			return 1;
	return 0;
}

void isc_devgraph_finish(struct isc_devgraph *g, int climb)
{
	size_t *order = malloc((g->n_nodes + 1) * sizeof(*order));
	long *up = malloc((g->n_edges + 1) * sizeof(*up) * 2), *low = up ? up + g->n_edges : NULL;
	int changed = 1;

	for (size_t i = 0; i < g->n_nodes; i++)
		g->nodes[i].carries = -1;
	if (!order || !up)
		goto out;
	for (size_t i = 0; i < g->n_nodes; i++)
		order[i] = i;
	qsort_r(order, g->n_nodes, sizeof(*order), cmp_name, g->nodes);
	for (size_t e = 0; e < g->n_edges; e++) {
		up[e] = lookup(g, order, g->edges[e].upper);
		low[e] = lookup(g, order, g->edges[e].lower);
	}
	for (size_t k = g->n_seeds; k-- > 0;) { /* the first seed wins */
		long i = lookup(g, order, g->seeds[k].name);

		if (i >= 0)
			g->nodes[i].carries = (int)k;
	}
	/* A seed that is itself a port (an Open vSwitch bridge's internal port
	 * under ovs-system, an address on a Linux bridge's port): what it is a
	 * port of carries it too, and so every other port. Wider than needed
	 * where several OVS bridges share ovs-system, never narrower. (Not for
	 * disks: LVM over md and another disk would flag the other disk.) */
	for (size_t e = 0; climb && e < g->n_edges; e++)
		if (up[e] >= 0 && low[e] >= 0 && g->nodes[up[e]].carries < 0 &&
		    g->nodes[low[e]].carries >= 0 && lookup_seed(g, g->nodes[low[e]].name))
			g->nodes[up[e]].carries = g->nodes[low[e]].carries;
	/* down the edges, a level at a time: a port under its bridge, a disk under LVM */
	for (int hop = 0; hop < MAX_HOPS && changed; hop++) {
		changed = 0;
		for (size_t e = 0; e < g->n_edges; e++)
			if (up[e] >= 0 && low[e] >= 0 && g->nodes[up[e]].carries >= 0 &&
			    g->nodes[low[e]].carries < 0) {
				g->nodes[low[e]].carries = g->nodes[up[e]].carries;
				changed = 1;
			}
	}
	for (size_t i = 0; i < g->n_nodes; i++)
		if (g->nodes[i].carries >= 0 && g->nodes[i].function)
			g->n_carrying++;
	g->carrying = malloc((g->n_carrying + 1) * sizeof(*g->carrying));
	if (!g->carrying) {
		g->n_carrying = 0;
		goto out;
	}
	g->n_carrying = 0;
	for (size_t i = 0; i < g->n_nodes; i++)
		if (g->nodes[i].carries >= 0 && g->nodes[i].function)
			g->carrying[g->n_carrying++] = i;
	g->finished = 1;
out:
	free(order);
	free(up);
}

int isc_devgraph_complete(const struct isc_devgraph *g)
{
	return g->finished && g->have_links && g->have_seeds && g->have_edges && !g->over;
}
