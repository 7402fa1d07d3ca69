/* SPDX-License-Identifier: MIT */
/*
 * A libvirt domain's PCI passthrough, read with libxml2 (a real XML parser:
 * comments, CDATA, entities and attribute quoting are its business): only
 * /domain/devices/hostdev[@mode='subsystem'][@type='pci'] (mode defaults to
 * subsystem, as in libvirt) and interface[@type='hostdev'] (an SR-IOV VF
 * given as a network interface), each by its <source><address .../>;
 * never the guest-side <address> beside <source>. The collector keeps only
 * the <hostdev> elements under a <hostdevs> root: that form is read too.
 * No entity is substituted, nothing is fetched from the network, and
 * libxml2's own limits (depth, entity amplification) stay on; the caller
 * bounds the size (1 MiB).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "parsers.h"

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* Attribute @name of @n as a number (decimal, or hex with 0x, as libvirt takes it), or -1. */
static long xml_number(const xmlNode *n, const char *name, long max)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *end;
	long r = -1;

	if (v && v[0] && v[0] != '-' && v[0] != '+' && v[0] != ' ') {
		errno = 0;
		r = strtol((const char *)v, &end, 0);
		if (errno || *end || r > max)
			r = -1;
	}
	xmlFree(v);
	return r;
}

static int xml_attr_is(const xmlNode *n, const char *name, const char *value, int dflt)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	int r = v ? !strcmp((const char *)v, value) : dflt;

	xmlFree(v);
	return r;
}

/* Line @lineno of @text (1-based), NUL-terminated in @out, cut at @size - 1 bytes. */
static void line_of(const char *text, size_t len, long lineno, char *out, size_t size)
{
	const char *p = text, *end = text + len, *nl;

	out[0] = '\0';
	for (long i = 1; i < lineno && p < end; i++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	snprintf(out, size, "%.*s", (int)((nl ? nl : end) - p), p);
}

void isc_libvirt_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
		       const char *vm)
{
	xmlDocPtr doc;
	const xmlNode *root, *devs;

	if (len > INT_MAX)
		return;
	doc = xmlReadMemory(text, (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return;
	/* a domain as libvirt keeps it, or the collector's <hostdevs> excerpt of one */
	root = xmlDocGetRootElement(doc);
	devs = !root ? NULL : !strcmp((const char *)root->name, "domain") ? child(root, "devices")
			   : !strcmp((const char *)root->name, "hostdevs") ? root : NULL;
	for (const xmlNode *h = devs ? devs->children : NULL; h; h = h->next) {
		const xmlNode *addr;
		long dom, bus, slot, fn;
		char spec[32], line[512];
		long lineno;
		int hostdev;

		if (h->type != XML_ELEMENT_NODE)
			continue;
		hostdev = !strcmp((const char *)h->name, "hostdev");
		if (hostdev ? !xml_attr_is(h, "mode", "subsystem", 1) || !xml_attr_is(h, "type", "pci", 0)
			    : strcmp((const char *)h->name, "interface") ||
				      !xml_attr_is(h, "type", "hostdev", 0))
			continue;
		addr = child(child(h, "source"), "address");
		if (!addr || !xml_attr_is(addr, "type", "pci", 1))
			continue;
		dom = xml_number(addr, "domain", 0xffff);
		bus = xml_number(addr, "bus", 0xff);
		slot = xml_number(addr, "slot", 0x1f);
		fn = xml_number(addr, "function", 7);
		if (dom < 0)
			dom = xmlHasProp(addr, (const xmlChar *)"domain") ? -1 : 0;
		if (fn < 0 && !xmlHasProp(addr, (const xmlChar *)"function"))
			fn = 0;
		if (dom < 0 || bus < 0 || slot < 0 || fn < 0)
			continue;
		snprintf(spec, sizeof(spec), "%04x:%02x:%02x.%x", (unsigned)dom & 0xffff,
			 (unsigned)bus & 0xff, (unsigned)slot & 0x1f, (unsigned)fn & 7);
		lineno = xmlGetLineNo(addr);
		line_of(text, len, lineno, line, sizeof(line));
		isc_vm_push(f, vm, hostdev ? "hostdev" : "interface", spec, source,
			   lineno > 0 && lineno < INT_MAX ? (unsigned)lineno : 0, line);
	}
	xmlFreeDoc(doc);
}
