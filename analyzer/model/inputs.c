/* SPDX-License-Identifier: MIT */
/*
 * Many inputs, one host (isc_model_build_inputs in model.h). Each file is
 * recognised by its content: a snapshot (tarball or host tree), a listing
 * (group listings and lspci output: the paste parser reads them together,
 * one pass over all of them), a kernel log, or a file of host facts (a
 * command line, GRUB defaults, modprobe.d, a VM configuration, …). The
 * devices come from the richest source: a snapshot, else the listings,
 * else the kernel log; every other file adds its facts, each citing its
 * own file. A directory that is not a host tree stands for the files in it.
 *
 * Two sources that disagree (other groups, another command line) are an
 * error naming both files: they are not the same host, or not the same boot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model_private.h"

#define INPUTS_MAX 256 /* files of one host, the directory's included */

struct input {
	char *name;      /* as given, or DIR/NAME */
	char *text;      /* a text file's content, NULL for a snapshot */
	size_t len;
	enum isc_text_kind kind;
	struct isc_snapshot *snap; /* a snapshot (archive or host tree) */
};

struct inputs {
	struct input v[INPUTS_MAX];
	size_t n;
	struct isc_error *err;
};

static int add_text(struct inputs *in, const char *name, const char *text, size_t len)
{
	struct input *i;

	if (in->n == INPUTS_MAX) {
		isc_error_set(in->err, "%s: more than %d input files (the limit)", name, INPUTS_MAX);
		return -E2BIG;
	}
	i = &in->v[in->n];
	memset(i, 0, sizeof(*i));
	i->name = strdup(name);
	i->text = strndup(text, len);
	if (!i->name || !i->text) {
		free(i->name);
		free(i->text);
		return -ENOMEM;
	}
	i->len = strlen(i->text);
	i->kind = isc_text_classify(i->text, i->len);
	in->n++;
	return 0;
}

/* A host tree has sys/ or a manifest; any other directory holds loose files. */
static int is_host_tree(struct isc_snapshot *s)
{
	char **names = NULL;
	size_t n = 0;
	int tree = 0;

	if (isc_snapshot_list(s, "", &names, &n) < 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		tree |= !strcmp(names[i], "sys") || !strcmp(names[i], "manifest.json") ||
			!strcmp(names[i], "proc");
	isc_snapshot_names_free(names, n);
	return tree || !n;
}

static int open_one(struct inputs *in, const char *path)
{
	struct isc_snapshot *s = NULL;
	char **names = NULL, *text;
	size_t n = 0, len;
	int r = isc_snapshot_open(path, &s, in->err);

	if (r < 0)
		return r;
	if (isc_snapshot_kind(s) == ISC_SNAPSHOT_PASTE) {
		r = isc_snapshot_read(s, "paste.txt", ISC_SNAPSHOT_MAX_ENTRY_BYTES, &text, &len);
		if (r == 0) {
			r = add_text(in, path, text, len);
			free(text);
		}
		isc_snapshot_free(s);
		return r;
	}
	if (isc_snapshot_kind(s) == ISC_SNAPSHOT_ARCHIVE || is_host_tree(s)) {
		if (in->n == INPUTS_MAX) {
			isc_snapshot_free(s);
			isc_error_set(in->err, "%s: more than %d input files (the limit)", path,
				      INPUTS_MAX);
			return -E2BIG;
		}
		memset(&in->v[in->n], 0, sizeof(in->v[0]));
		in->v[in->n].name = strdup(path);
		in->v[in->n].snap = s;
		if (!in->v[in->n].name) {
			isc_snapshot_free(s);
			return -ENOMEM;
		}
		in->n++;
		return 0;
	}
	/* a directory of loose files: each regular file is an input */
	r = isc_snapshot_list(s, "", &names, &n);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		struct isc_buf name;

		if (isc_snapshot_read(s, names[i], ISC_SNAPSHOT_MAX_ENTRY_BYTES, &text, &len) < 0)
			continue; /* a subdirectory, a link out: not an input */
		isc_buf_init(&name, 0);
		isc_buf_appendf(&name, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
				names[i]);
		r = name.data ? add_text(in, name.data, text, len) : -ENOMEM;
		isc_buf_free(&name);
		free(text);
	}
	isc_snapshot_names_free(names, n);
	isc_snapshot_free(s);
	return r < 0 ? r : 0;
}

static void inputs_free(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].name);
		free(in->v[i].text);
		isc_snapshot_free(in->v[i].snap);
	}
	in->n = 0;
}

/* ---- agreement ---------------------------------------------------------------------------- */

/*
 * Do two sources group the functions they both name alike? Both come from
 * the kernel's own numbering, so a function's group number must be the
 * same; and two sources of one host name mostly the same functions. 1 yes,
 * 0 no (@where: a function they place differently, or "") .
 */
static int same_groups(const struct isc_device *a, size_t na, const struct isc_device *b,
		       size_t nb, char *where, size_t wsz)
{
	size_t common = 0, ga = 0, gb = 0;

	for (size_t i = 0; i < nb; i++)
		gb += b[i].group >= 0;
	for (size_t i = 0; i < na; i++) {
		const struct isc_device *o;

		if (a[i].group < 0)
			continue;
		ga++;
		o = isc_devices_find(b, nb, a[i].address);
		if (!o || o->group < 0)
			continue;
		common++;
		if (o->group != a[i].group) {
			snprintf(where, wsz, "%s is in group %d in one and %d in the other",
				 a[i].address, a[i].group, o->group);
			return 0;
		}
	}
	if (common * 2 < (ga < gb ? ga : gb)) {
		snprintf(where, wsz, "they have %zu of their grouped functions in common",
			 common);
		return 0;
	}
	return 1;
}

/* The kernel's parameters of @cmdline, without the image and initrd paths, sorted. */
static int param_set(const char *cmdline, char ***ret, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0, k = 0;
	int r = isc_cmdline_split(cmdline, &v, &n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(v[i], "BOOT_IMAGE=", 11) || !strncmp(v[i], "initrd=", 7))
			free(v[i]);
		else
			v[k++] = v[i];
	}
	qsort(v, k, sizeof(*v), (int (*)(const void *, const void *))strcmp);
	*ret = v;
	*ret_n = k;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when two command lines hold the same parameters, 0 not, -ENOMEM. */
static int same_cmdline(const char *a, const char *b)
{
	char **va = NULL, **vb = NULL;
	size_t na = 0, nb = 0;
	int same;

	if (param_set(a, &va, &na) < 0 || param_set(b, &vb, &nb) < 0) {
		for (size_t i = 0; i < na; i++)
			free(va[i]);
		free(va);
		return -ENOMEM;
	}
	qsort(va, na, sizeof(*va), cmp_str);
	qsort(vb, nb, sizeof(*vb), cmp_str);
	same = na == nb;
	for (size_t i = 0; i < na && same; i++)
		same = !strcmp(va[i], vb[i]);
	for (size_t i = 0; i < na; i++)
		free(va[i]);
	for (size_t i = 0; i < nb; i++)
		free(vb[i]);
	free(va);
	free(vb);
	return same;
}

/* ---- one host ----------------------------------------------------------------------------- */

struct host {
	struct isc_model *m;
	const char *groups_from; /* the file the groups came from */
	const char *cmdline_from;
	char *names;             /* "a + b": the listings read as one */
	struct isc_error *err;
};

static int build_text(const char *name, const char *text, size_t len,
		      const struct isc_model_options *opts, struct isc_model **ret,
		      struct isc_error *err)
{
	struct isc_snapshot *s = NULL;
	int r = isc_snapshot_open_memory(text, len, name, &s, err);

	if (r == 0)
		r = isc_model_build(s, opts, ret, err);
	isc_snapshot_free(s);
	return r;
}

static int set_str(char **dst, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return -ENOMEM;
	free(*dst);
	*dst = copy;
	return 0;
}

/* The groups of @m (from @name) against the host's. */
static int check_groups(struct host *h, const struct isc_device *v, size_t n, const char *name)
{
	char where[96] = "";
	int r;

	if (!h->groups_from) {
		h->groups_from = name;
		return set_str(&h->m->facts->groups_file, name);
	}
	r = same_groups(h->m->devices, h->m->n_devices, v, n, where, sizeof(where));
	if (r == 0) {
		isc_error_set(h->err,
			      "%s and %s give different IOMMU groups (%s): "
			      "they are not the same host or not the same boot; give the files "
			      "of one",
			      h->groups_from, name, where);
		return -EINVAL;
	}
	return r < 0 ? r : 0;
}

static int check_cmdline(struct host *h, const char *cmdline, const char *name)
{
	int r;

	if (!h->m->host.cmdline) {
		h->cmdline_from = name;
		if (set_str(&h->m->facts->cmdline_file, name) < 0)
			return -ENOMEM;
		return isc_model_set_cmdline(h->m, cmdline);
	}
	r = same_cmdline(h->m->host.cmdline, cmdline);
	if (r == 0) {
		isc_error_set(h->err,
			      "%s and %s give different kernel command lines: they are not the "
			      "same host or not the same boot; give the files of one",
			      h->cmdline_from ? h->cmdline_from : h->m->source, name);
		return -EINVAL;
	}
	return r < 0 ? r : 0;
}

/* A kernel log beside the devices: its groups agree, its drivers fill in, its facts add. */
static int add_log(struct host *h, const struct input *in)
{
	struct isc_facts *f = h->m->facts;
	size_t first = f->n_log_devices;
	int r = isc_text_facts(h->m, in->text, in->len, in->kind, in->name);

	if (r < 0)
		return r;
	if (f->n_log_devices > first && f->log_groups && !h->groups_from && h->m->n_devices) {
		/* the devices came without groups: the log's are the kernel's own */
		for (size_t i = first; i < f->n_log_devices; i++) {
			struct isc_device *d = isc_model_lookup(h->m, f->log_devices[i].address);

			if (d && f->log_devices[i].group >= 0)
				d->group = f->log_devices[i].group;
		}
		if ((r = isc_model_reindex(h->m, NULL)) < 0)
			return r;
		h->m->host.groups_from = "kernel log";
		h->m->host.iommu_on = h->m->n_groups ? ISC_YES : h->m->host.iommu_on;
		h->groups_from = in->name;
		if ((r = set_str(&f->groups_file, in->name)) < 0)
			return r;
	} else if (f->n_log_devices > first && f->log_groups) {
		/* compare only what this log says: a copy sorted by address */
		size_t n = f->n_log_devices - first;
		struct isc_device *v = calloc(n, sizeof(*v));

		if (!v)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			const struct isc_log_device *l = &f->log_devices[first + i];

			isc_parse_bdf(l->address, &v[i].domain, &v[i].bus, &v[i].dev, &v[i].fn);
			snprintf(v[i].address, sizeof(v[i].address), "%s", l->address);
			v[i].group = l->group;
		}
		qsort(v, n, sizeof(*v), isc_device_cmp);
		r = check_groups(h, v, n, in->name);
		free(v);
	}
	for (size_t i = first; r == 0 && i < f->n_log_devices; i++) {
		struct isc_device *d = isc_model_lookup(h->m, f->log_devices[i].address);

		if (d && !d->driver && f->log_devices[i].driver &&
		    !(d->driver = isc_text_clean(strdup(f->log_devices[i].driver))))
			r = -ENOMEM;
	}
	if (r == 0 && f->log_cmdline)
		r = check_cmdline(h, f->log_cmdline, in->name);
	return r;
}

/* The file that brings the devices: a snapshot, else the listings together, else a log. */
static int build_base(struct inputs *in, const struct isc_model_options *opts, struct host *h,
		      int *used)
{
	struct isc_buf all, names;
	size_t snap = in->n, log = in->n, n_list = 0;
	int r;

	for (size_t i = 0; i < in->n; i++) {
		if (in->v[i].snap && snap < in->n) {
			isc_error_set(h->err, "%s and %s are both snapshots of a host: give one, "
					      "with the loose files of that host",
				      in->v[snap].name, in->v[i].name);
			return -EINVAL;
		}
		if (in->v[i].snap)
			snap = i;
		else if (in->v[i].kind == ISC_TEXT_DMESG && log == in->n)
			log = i;
		n_list += !in->v[i].snap && in->v[i].kind == ISC_TEXT_LISTING;
	}
	if (snap < in->n) {
		used[snap] = 1;
		if ((r = isc_model_build(in->v[snap].snap, opts, &h->m, h->err)) == 0) {
			h->groups_from = h->m->n_groups ? in->v[snap].name : NULL;
			h->cmdline_from = in->v[snap].name;
		}
		return r;
	}
	if (!n_list) {
		size_t first = log < in->n ? log : 0;

		used[first] = 1;
		r = build_text(in->v[first].name, in->v[first].text, in->v[first].len, opts, &h->m,
			       h->err);
		if (r == 0 && h->m->n_groups)
			h->groups_from = in->v[first].name;
		if (r == 0 && h->m->host.cmdline)
			h->cmdline_from = in->v[first].name;
		return r;
	}
	/* every listing alone first: two that group otherwise are not one host */
	for (size_t i = 0; i < in->n; i++) {
		struct isc_model *one = NULL;

		if (in->v[i].snap || in->v[i].kind != ISC_TEXT_LISTING)
			continue;
		r = build_text(in->v[i].name, in->v[i].text, in->v[i].len, opts, &one, h->err);
		if (r == -EINVAL) /* nothing in it alone: the others may explain it */
			continue;
		if (r == 0 && one->n_groups && h->m) {
			r = check_groups(h, one->devices, one->n_devices, in->v[i].name);
			isc_model_free(one);
		} else if (r == 0 && one->n_groups) {
			h->m = one; /* the first with groups: the others are held against it */
			h->groups_from = in->v[i].name;
		} else {
			isc_model_free(one);
		}
		if (r < 0) {
			isc_model_free(h->m);
			h->m = NULL;
			return r;
		}
	}
	isc_model_free(h->m);
	h->m = NULL;
	/* then all of them as one paste: lspci details join the groups */
	isc_buf_init(&all, 0);
	isc_buf_init(&names, 0);
	for (size_t i = 0; i < in->n; i++) {
		if (in->v[i].snap || in->v[i].kind != ISC_TEXT_LISTING)
			continue;
		used[i] = 1;
		isc_buf_append(&all, in->v[i].text, in->v[i].len);
		isc_buf_append(&all, "\n", 1);
		isc_buf_appendf(&names, "%s%s", names.len ? " + " : "", in->v[i].name);
	}
	r = all.data && names.data ? build_text(names.data, all.data, all.len, opts, &h->m, h->err)
				   : -ENOMEM;
	isc_buf_free(&all);
	h->names = isc_buf_steal(&names, NULL);
	if (r == 0 && h->m->host.cmdline)
		h->cmdline_from = h->names;
	return r;
}

int isc_model_build_inputs(const char *const *paths, size_t n, const struct isc_model_options *opts,
			   struct isc_model **ret, struct isc_error *err)
{
	struct inputs *in = calloc(1, sizeof(*in));
	struct host h = {.err = err};
	int *used = NULL, r = 0;

	if (!in)
		return -ENOMEM;
	in->err = err;
	for (size_t i = 0; i < n && r == 0; i++)
		r = open_one(in, paths[i]);
	if (r == 0 && !in->n) {
		isc_error_set(err, "%s: no files in it", n ? paths[0] : "(none)");
		r = -EINVAL;
	}
	if (r == 0 && in->n == 1) {
		/* the common case: one snapshot, or one text file */
		const struct input *x = &in->v[0];

		r = x->snap ? isc_model_build(x->snap, opts, ret, err)
			    : build_text(x->name, x->text, x->len, opts, ret, err);
		inputs_free(in);
		free(in);
		return r;
	}
	if (r == 0 && !(used = calloc(in->n, sizeof(*used))))
		r = -ENOMEM;
	if (r == 0)
		r = build_base(in, opts, &h, used);
	for (size_t i = 0; r == 0 && i < in->n; i++) {
		const struct input *x = &in->v[i];

		if (used[i])
			continue;
		if (x->snap) {
			continue; /* build_base allows one */
		} else if (x->kind == ISC_TEXT_LISTING) {
			struct isc_model *one = NULL;

			/* beside a snapshot: its groups must agree */
			if (build_text(x->name, x->text, x->len, opts, &one, err) == 0 &&
			    one->n_groups)
				r = check_groups(&h, one->devices, one->n_devices, x->name);
			isc_model_free(one);
		} else if (x->kind == ISC_TEXT_DMESG) {
			r = add_log(&h, x);
		} else {
			r = isc_text_facts(h.m, x->text, x->len, x->kind, x->name);
			if (r == 0 && x->kind == ISC_TEXT_CMDLINE && h.m->facts->text_cmdline)
				r = check_cmdline(&h, h.m->facts->text_cmdline, x->name);
		}
	}
	if (r == 0 && h.m) {
		struct isc_host *host = &h.m->host;
		const struct isc_facts *f = h.m->facts;

		if (!host->kernel && f->log_kernel && !(host->kernel = strdup(f->log_kernel)))
			r = -ENOMEM;
		if (!host->iommu_vendor && f->log_iommu_vendor &&
		    !(host->iommu_vendor = strdup(f->log_iommu_vendor)))
			r = -ENOMEM;
		if (!h.m->n_groups && host->iommu_on == ISC_UNKNOWN)
			host->iommu_on = f->log_iommu_on;
		if (n > 1 || in->n > 1) {
			struct isc_buf name;

			isc_buf_init(&name, 0);
			for (size_t i = 0; i < n; i++)
				isc_buf_appendf(&name, "%s%s", i ? " + " : "", paths[i]);
			if (name.data) {
				free(h.m->source);
				h.m->source = isc_buf_steal(&name, NULL);
			}
		}
	}
	if (r == -ENOMEM)
		isc_error_set(err, "%s: out of memory", n ? paths[0] : "input");
	if (r < 0) {
		isc_model_free(h.m);
		h.m = NULL;
	}
	free(used);
	free(h.names);
	inputs_free(in);
	free(in);
	*ret = h.m;
	return r;
}
