/* SPDX-License-Identifier: MIT */
/* /etc/os-release: whether the distribution is of the Red Hat family. */
#include <string.h>

#include "parsers.h"

static void os_line(void *ctx, unsigned lineno, char *line)
{
	struct isc_facts *f = ctx;

	(void)lineno;
	if ((!strncmp(line, "ID=", 3) || !strncmp(line, "ID_LIKE=", 8)) &&
	    (strstr(line, "rhel") || strstr(line, "fedora") || strstr(line, "centos")))
		f->redhat = 1;
}

void isc_osrelease_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	(void)source;
	isc_each_line(text, len, os_line, f);
}
