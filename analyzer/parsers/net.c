/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces into the host's device graph (devgraph.c): what each
 * hangs on from `ip -d -j link show` (a port's bridge or bond, a VLAN's
 * interface), and the default routes' interfaces from `ip -j route show
 * default` (and -6; each next hop of a multipath route) as the seeds.
 */
#include <jansson.h>
#include <string.h>

#include "parsers.h"

/* @text as a JSON array (the caller decrefs it), or NULL when it is not one. */
static json_t *array_of(const char *text, size_t len)
{
	json_t *root = json_loadb(text, len, 0, NULL);

	if (json_is_array(root))
		return root;
	json_decref(root);
	return NULL;
}

void isc_iplink_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	json_t *root = array_of(text, len), *it;
	size_t i;

	(void)source;
	if (!root)
		return;
	f->net.have_edges = 1;
	json_array_foreach(root, i, it) {
		const char *name = json_string_value(json_object_get(it, "ifname"));
		const char *master = json_string_value(json_object_get(it, "master"));
		const char *link = json_string_value(json_object_get(it, "link"));

		if (!isc_devgraph_node(&f->net, name))
			continue;
		if (master) /* the bridge or bond sits on its port */
			isc_devgraph_edge(&f->net, master, name);
		if (link) /* a VLAN or macvlan sits on its interface */
			isc_devgraph_edge(&f->net, name, link);
	}
	json_decref(root);
}

void isc_iproute_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	json_t *root = array_of(text, len), *it;
	size_t i;

	if (!root)
		return;
	f->net.have_seeds = 1;
	json_array_foreach(root, i, it) {
		const char *dst = json_string_value(json_object_get(it, "dst"));
		const char *dev = json_string_value(json_object_get(it, "dev"));
		json_t *hop;
		size_t k;

		if (!dst || strcmp(dst, "default"))
			continue;
		if (dev && strcmp(dev, "lo"))
			isc_devgraph_seed(&f->net, dev, "the default route", source);
		/* a multipath (ECMP) route leaves by each of its next hops */
		json_array_foreach(json_object_get(it, "nexthops"), k, hop) {
			dev = json_string_value(json_object_get(hop, "dev"));
			if (dev && strcmp(dev, "lo"))
				isc_devgraph_seed(&f->net, dev, "the default route", source);
		}
	}
	json_decref(root);
}
