/* SPDX-License-Identifier: MIT */
/*
 * The collector's manifest.json (docs/snapshot-format.md): the snapshot's
 * format, host name, time and kernel, and the items it could not capture.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

void isc_manifest_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
			struct isc_diags *diags)
{
	json_t *root = json_loadb(text, len, 0, NULL), *items, *it;
	size_t i;

	if (!json_is_object(root)) {
		isc_diags_add(diags, source, 0, "not a JSON object");
		json_decref(root);
		return;
	}
#define STR(key) (json_string_value(json_object_get(root, key)))
	if (STR("format"))
		f->m_format = strdup(STR("format"));
	if (STR("host"))
		f->m_host = strdup(STR("host"));
	if (STR("collected_at"))
		f->m_collected_at = strdup(STR("collected_at"));
	if (STR("kernel") && *STR("kernel"))
		f->m_kernel = strdup(STR("kernel"));
#undef STR
	items = json_object_get(root, "items");
	f->has_manifest = json_is_array(items);
	json_array_foreach(items, i, it) {
		const char *name = json_string_value(json_object_get(it, "name"));
		const char *st = json_string_value(json_object_get(it, "status"));
		const char *kind = json_string_value(json_object_get(it, "kind"));
		char buf[128];

		if (!name || !st || !strcmp(st, "ok"))
			continue;
		/* A missing file is absent on the host; a missing command was not
		 * captured, but for Proxmox VE's (not every host runs it). */
		if (!strcmp(st, "missing") && (!kind || strcmp(kind, "command") ||
					       !strncmp(name, "pve", 3) || !strncmp(name, "proxmox", 7)))
			continue;
		/* ip's and lsblk's are optional, missing or failed (busybox's, or
		 * a version older than -J): without them no NIC or disk is known
		 * to carry what the host runs on, which each bind fix says. */
		if (!strncmp(name, "ip-", 3) || !strcmp(name, "lsblk"))
			continue;
		snprintf(buf, sizeof(buf), "%s (%s)", name, st);
		if (isc_facts_push_str(&f->not_collected, &f->n_not_collected, buf) < 0)
			break;
	}
	json_decref(root);
}
