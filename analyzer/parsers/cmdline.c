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

#include "buf.h"
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

/* A parameter as it may stand on a command line: NAME[=VALUE], NAME of [A-Za-z0-9_.-]. */
static int param_like(const char *tok, size_t n)
{
	size_t name = 0;

	while (name < n && tok[name] != '=' &&
	       (isalnum((unsigned char)tok[name]) || strchr("_.-", tok[name])))
		name++;
	if (!name || (name < n && tok[name] != '='))
		return 0;
	for (size_t i = name; i < n; i++)
		if (!isgraph((unsigned char)tok[i]))
			return 0;
	return 1;
}

int isc_cmdline_recognise(const char *line, char **ret)
{
	static const char *const grub[] = {"linux ", "linux\t", "linuxefi ", "linux16 "};
	const char *s = line, *args = NULL, *image = NULL;
	size_t image_len = 0;
	struct isc_buf b;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncmp(s, "BOOT_IMAGE=", 11) || !strncmp(s, "initrd=", 7)) {
		args = s; /* /proc/cmdline under GRUB, or under systemd-boot */
	} else {
		for (size_t i = 0; i < sizeof(grub) / sizeof(grub[0]) && !image; i++) {
			size_t n = strlen(grub[i]);

			if (!strncmp(s, grub[i], n)) {
				/* GRUB's "linux /boot/vmlinuz-… root=… ro quiet" */
				image = s + n;
				while (*image == ' ' || *image == '\t')
					image++;
				image_len = strcspn(image, " \t");
				if (*image != '/' && strncmp(image, "($root)", 7) && *image != '(')
					return 0;
				args = image + image_len;
			}
		}
		if (!image) {
			/* etc/kernel/cmdline: parameters only, one of them root= */
			const char *t = s;
			int root = 0;

			while (*t) {
				size_t n = strcspn(t, " \t");

				if (!param_like(t, n))
					return 0;
				root |= !strncmp(t, "root=", 5);
				t += n;
				while (*t == ' ' || *t == '\t')
					t++;
			}
			if (!root)
				return 0;
			args = s;
		}
	}
	if (!ret)
		return 1;
	isc_buf_init(&b, 0);
	if (image)
		isc_buf_appendf(&b, "BOOT_IMAGE=%.*s", (int)image_len, image);
	while (*args) {
		size_t n;

		while (*args == ' ' || *args == '\t')
			args++;
		n = strcspn(args, " \t");
		/* GRUB variables ($vt_handoff) are not parameters: the kernel never sees them */
		if (n && args[0] != '$')
			isc_buf_appendf(&b, "%s%.*s", b.len ? " " : "", (int)n, args);
		args += n;
	}
	*ret = isc_buf_steal(&b, NULL);
	return *ret ? 1 : -1;
}
