/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces and the host's default routes: which PCI function an
 * interface belongs to (the link sys/class/net/NAME), what it hangs on (a
 * bridge or bond it is a port of, the interface a VLAN sits on: `ip -d -j
 * link show`), and which interfaces the default routes leave by (`ip -j
 * route show default`, and -6). Together they tell which functions carry
 * the host's way out (isc_net_carries_route).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

#define MAX_NETDEVS 1024 /* interfaces kept; a host with more is not judged */
#define MAX_ROUTES  64   /* default-route interfaces kept */
#define MAX_HOPS    8    /* bridge, bond and VLAN levels followed */

/* A name the kernel could give an interface: 1 to 15 bytes, printable, no '/', ':' or space. */
static int valid_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '/' || *s == ':')
			return 0;
	return 1;
}

static struct isc_netdev *find(const struct isc_facts *f, const char *name)
{
	for (size_t i = 0; i < f->n_netdevs; i++)
		if (!strcmp(f->netdevs[i].name, name))
			return &f->netdevs[i];
	return NULL;
}

/* The interface @name, added when new; NULL for a bad name, over the limit or OOM. */
static struct isc_netdev *netdev(struct isc_facts *f, const char *name)
{
	struct isc_netdev *d;

	if (!valid_name(name))
		return NULL;
	if ((d = find(f, name)) != NULL)
		return d;
	if (f->n_netdevs >= MAX_NETDEVS ||
	    isc_grow(&f->netdevs, f->n_netdevs, sizeof(*f->netdevs)) < 0)
		return NULL;
	d = &f->netdevs[f->n_netdevs];
	memset(d, 0, sizeof(*d));
	if (!(d->name = strdup(name)))
		return NULL;
	f->n_netdevs++;
	return d;
}

/* Set *@slot to a copy of @name when it is a valid interface name. */
static void set_name(char **slot, const char *name)
{
	if (*slot || !valid_name(name))
		return;
	*slot = strdup(name);
}

void isc_iplink_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	json_t *root = json_loadb(text, len, 0, NULL), *it;
	size_t i;

	(void)source;
	if (!json_is_array(root)) {
		json_decref(root);
		return;
	}
	f->have_ip_link = 1;
	json_array_foreach(root, i, it) {
		struct isc_netdev *d = netdev(f, json_string_value(json_object_get(it, "ifname")));

		if (!d)
			continue;
		set_name(&d->master, json_string_value(json_object_get(it, "master")));
		set_name(&d->lower, json_string_value(json_object_get(it, "link")));
	}
	json_decref(root);
}

void isc_iproute_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	json_t *root = json_loadb(text, len, 0, NULL), *it;
	size_t i;

	if (!json_is_array(root)) {
		json_decref(root);
		return;
	}
	f->have_routes = 1;
	json_array_foreach(root, i, it) {
		const char *dst = json_string_value(json_object_get(it, "dst"));
		const char *dev = json_string_value(json_object_get(it, "dev"));
		int known = 0;

		if (!dst || strcmp(dst, "default") || !valid_name(dev) || !strcmp(dev, "lo"))
			continue;
		for (size_t k = 0; k < f->n_route_devs; k++)
			known |= !strcmp(f->route_devs[k], dev);
		if (known || f->n_route_devs >= MAX_ROUTES)
			continue;
		if (isc_facts_push_str(&f->route_devs, &f->n_route_devs, dev) < 0)
			break;
		if (!f->route_src.file)
			isc_fact_src_set(&f->route_src, source, 0, NULL);
	}
	json_decref(root);
}

/* Is @s, @n bytes, a PCI address "dddd:bb:dd.f" (hex, lower or upper case)? */
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

void isc_netdev_link(struct isc_facts *f, const char *name, const char *target)
{
	const char *net = NULL, *p, *best = NULL;
	struct isc_netdev *d;

	f->have_netdev_links = 1;
	/* ../../devices/pci0000:00/0000:00:1c.0/0000:03:00.0/net/enp3s0, or
	 * …/0000:00:03.0/virtio2/net/eth0: the last address before "/net/". */
	for (p = strstr(target, "/net/"); p; p = strstr(p + 1, "/net/"))
		net = p;
	if (!net)
		return;
	for (p = target; p < net; p++) {
		size_t n = strcspn(p, "/");

		if (p + n <= net && is_bdf(p, n))
			best = p;
		p += n;
	}
	if (!(d = netdev(f, name)) || !best || d->function)
		return;
	d->function = strndup(best, 12);
	for (char *c = d->function; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

enum isc_tri isc_net_carries_route(const struct isc_facts *f, const char *address,
				   const char **via, const char **port)
{
	const char **from;
	enum isc_tri r = ISC_NO;
	int changed = 1;

	if (!f || !f->have_routes || !f->have_netdev_links)
		return ISC_UNKNOWN;
	if (!f->n_route_devs || !f->n_netdevs)
		return ISC_NO;
	/* from[i]: the default route's interface that netdevs[i] carries, or NULL */
	from = calloc(f->n_netdevs, sizeof(*from));
	if (!from)
		return ISC_UNKNOWN;
	for (size_t k = 0; k < f->n_route_devs; k++) {
		const struct isc_netdev *d = find(f, f->route_devs[k]);

		if (d && !from[d - f->netdevs])
			from[d - f->netdevs] = f->route_devs[k];
	}
	for (int hop = 0; hop < MAX_HOPS && changed; hop++) {
		changed = 0;
		for (size_t i = 0; i < f->n_netdevs; i++) {
			const struct isc_netdev *d = &f->netdevs[i], *up, *low;

			/* a port of a bridge or bond that carries it */
			if (!from[i] && d->master && (up = find(f, d->master)) && from[up - f->netdevs])
				from[i] = from[up - f->netdevs], changed = 1;
			/* what a VLAN that carries it sits on */
			if (from[i] && d->lower && (low = find(f, d->lower)) &&
			    !from[low - f->netdevs])
				from[low - f->netdevs] = from[i], changed = 1;
		}
	}
	for (size_t i = 0; i < f->n_netdevs && r != ISC_YES; i++)
		if (from[i] && f->netdevs[i].function && !strcmp(f->netdevs[i].function, address)) {
			r = ISC_YES;
			if (via)
				*via = from[i];
			if (port)
				*port = f->netdevs[i].name;
		}
	/* Without ip-link, a route over a bridge reaches no function: not a "no". */
	if (r == ISC_NO && !f->have_ip_link)
		r = ISC_UNKNOWN;
	free(from);
	return r;
}
