/* SPDX-License-Identifier: MIT */
/*
 * Device and class names. First from lspci's own text in the snapshot
 * (`lspci -nn`: "00:1f.4 SMBus [0c05]: Intel Corporation … [8086:a123] (rev 31)"),
 * which names devices as the host's pci.ids did; then, for what is left,
 * from a local pci.ids file. Without either, reports show [vvvv:dddd] alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hostfs.h"
#include "parsers.h"

/* Find the last " [xxxx:xxxx]" in s[0..n); returns its offset or -1. */
static long last_id_pair(const char *s, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		if (s[i] != '[' || i + 11 > n || s[i + 5] != ':' || s[i + 10] != ']')
			continue;
		for (size_t k = 1; k < 10; k++)
			if (k != 5 && !isxdigit((unsigned char)s[i + k]))
				goto next;
		return (long)i;
next:;
	}
	return -1;
}

static char *dup_trim(const char *s, size_t n)
{
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	return strndup(s, n);
}

/* Parse one "ADDR CLASS [cccc]: NAME [vvvv:dddd] …" line; the device it names, or NULL. */
static struct isc_device *name_line(struct isc_device *v, size_t n, const char *line,
				     size_t len)
{
	char addr[32];
	size_t alen = strcspn(line, " \t");
	const char *rest, *cls_end;
	const struct isc_device *found;
	struct isc_device *d;
	long ids;

	if (alen == 0 || alen >= sizeof(addr) || alen >= len)
		return NULL;
	memcpy(addr, line, alen);
	addr[alen] = '\0';
	found = isc_devices_find(v, n, addr);
	d = found ? &v[found - v] : NULL;
	if (!d)
		return NULL;
	rest = line + alen + 1;
	len -= alen + 1;
	cls_end = memmem(rest, len, "]: ", 3);
	if (!cls_end)
		return d;
	ids = last_id_pair(cls_end, len - (size_t)(cls_end - rest));
	if (ids < 0)
		return d;
	if (!d->class_name) {
		const char *br = cls_end;

		while (br > rest && *br != '[')
			br--;
		d->class_name = dup_trim(rest, (size_t)(br - rest));
	}
	if (!d->name)
		d->name = dup_trim(cls_end + 3, (size_t)ids - 3);
	return d;
}

void isc_lspci_names(struct isc_device *v, size_t n, const char *text, size_t len)
{
	struct isc_device *d = NULL;
	const char *p;
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		if (llen && !isspace((unsigned char)line[0])) {
			d = name_line(v, n, line, llen);
		} else if (d && !d->driver && llen > 21 &&
			   (p = memmem(line, llen, "Kernel driver in use: ", 22)) != NULL) {
			/* -k and -vv: "\tKernel driver in use: vfio-pci" (a snapshot's sysfs link wins) */
			d->driver = dup_trim(p + 22, llen - (size_t)(p + 22 - line));
		}
	}
}

/* ---- pci.ids --------------------------------------------------------------------------- */

static const char *const pciids_paths[] = {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids",
					   "/usr/share/pci.ids", NULL};

static int hexn(const char *s, size_t n, unsigned *ret)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		v = v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0'
								      : (s[i] | 32) - 'a' + 10);
	}
	*ret = v;
	return 0;
}

/* Devices ordered by a key, for range lookups while pci.ids streams past. */
struct keyed {
	unsigned key;
	struct isc_device *d;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* [lo, hi) of the entries whose key >> @shift equals @prefix. */
static void key_range(const struct keyed *v, size_t n, unsigned prefix, unsigned shift,
		      size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (v[mid].key >> shift < prefix)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = a;
	while (b < n && v[b].key >> shift == prefix)
		b++;
	*hi = b;
}

/*
 * At the end of a vendor's or a class's section: what its lines did not
 * name gets lspci's fallback, "Vendor Device 1234" or the class's own name.
 */
static void finish_range(struct keyed *v, size_t lo, size_t hi, int in_class, const char *vname,
			 const char *cname)
{
	for (size_t i = lo; i < hi; i++) {
		struct isc_device *d = v[i].d;

		if (in_class && cname && !d->class_name) {
			d->class_name = strdup(cname);
		} else if (!in_class && vname && !d->name) {
			size_t n = strlen(vname) + 16;

			d->name = malloc(n);
			if (d->name)
				snprintf(d->name, n, "%s Device %04x", vname, v[i].key & 0xffff);
		}
	}
}

void isc_pciids_names(struct isc_device *devs, size_t n_devs, const char *pci_ids)
{
	struct isc_buf b;
	const char *const *paths = pciids_paths;
	const char *one[2] = {pci_ids, NULL};
	struct keyed *byid, *bycls;
	size_t nid = 0, ncls = 0, pos = 0, lo = 0, hi = 0;
	char *vname = NULL, *cname = NULL;
	int in_class = 0;

	byid = malloc((n_devs + 1) * sizeof(*byid));
	bycls = malloc((n_devs + 1) * sizeof(*bycls));
	if (!byid || !bycls)
		goto out;
	for (size_t i = 0; i < n_devs; i++) {
		struct isc_device *d = &devs[i];

		if (!d->name && d->vendor >= 0 && d->device >= 0)
			byid[nid++] = (struct keyed){(unsigned)d->vendor << 16 | (unsigned)d->device, d};
		if (!d->class_name && d->class_code >= 0)
			bycls[ncls++] = (struct keyed){(unsigned)d->class_code >> 8, d};
	}
	if (!nid && !ncls)
		goto out;
	qsort(byid, nid, sizeof(*byid), cmp_keyed);
	qsort(bycls, ncls, sizeof(*bycls), cmp_keyed);
	if (pci_ids)
		paths = one;
	isc_buf_init(&b, 64u << 20);
	for (; *paths; paths++)
		if (hostfs_read_path(*paths, 64u << 20, &b) == 0 && b.len)
			break;
	while (pos < b.len) {
		char *line = b.data + pos, *nl = memchr(line, '\n', b.len - pos);
		size_t llen = nl ? (size_t)(nl - line) : b.len - pos;
		unsigned id;

		pos += llen + 1;
		if (!llen || line[0] == '#')
			continue;
		if (line[0] != '\t') {
			/* A vendor line, or "C cc  Class": close the last range, start a new one. */
			finish_range(in_class ? bycls : byid, lo, hi, in_class, vname, cname);
			free(vname);
			free(cname);
			vname = cname = NULL;
			lo = hi = 0;
			in_class = line[0] == 'C' && line[1] == ' ';
			if (in_class && llen > 4 && hexn(line + 2, 2, &id) == 0) {
				key_range(bycls, ncls, id, 8, &lo, &hi);
				if (lo < hi)
					cname = dup_trim(line + 4, llen - 4);
			}
			else if (!in_class && llen > 6 && hexn(line, 4, &id) == 0) {
				key_range(byid, nid, id, 16, &lo, &hi);
				if (lo < hi)
					vname = dup_trim(line + 4, llen - 4);
			}
			continue;
		}
		if (lo == hi || line[1] == '\t')
			continue; /* nobody here, or subsystem/prog-if lines */
		for (size_t i = lo; i < hi; i++) {
			struct isc_device *d = in_class ? bycls[i].d : byid[i].d;

			if (in_class && llen > 4 && hexn(line + 1, 2, &id) == 0 &&
			    (bycls[i].key & 0xff) == id && !d->class_name)
				d->class_name = dup_trim(line + 3, llen - 3);
			else if (!in_class && vname && llen > 7 && hexn(line + 1, 4, &id) == 0 &&
				 (byid[i].key & 0xffff) == id && !d->name) {
				size_t n = strlen(vname) + llen + 2;

				d->name = malloc(n);
				if (d->name)
					snprintf(d->name, n, "%s %.*s", vname, (int)(llen - 7),
						 line + 7);
			}
		}
	}
	finish_range(in_class ? bycls : byid, lo, hi, in_class, vname, cname);
	free(vname);
	free(cname);
	isc_buf_free(&b);
out:
	free(byid);
	free(bycls);
}
