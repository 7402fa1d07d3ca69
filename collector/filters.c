/* SPDX-License-Identifier: MIT */
#include "filters.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Iterate over lines: sets the line and its length without the newline; 0 at the end. */
static int next_line(const char *in, size_t len, size_t *pos, const char **line, size_t *llen)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*line = in + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*llen = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += *llen + (nl ? 1 : 0);
	return 1;
}

static int append_line(struct isc_buf *out, const char *line, size_t llen)
{
	int r = isc_buf_append(out, line, llen);

	return r < 0 ? r : isc_buf_append(out, "\n", 1);
}

static const char *memmem_ci(const char *h, size_t hlen, const char *n)
{
	size_t nlen = strlen(n);

	for (size_t i = 0; i + nlen <= hlen; i++)
		if (!strncasecmp(h + i, n, nlen))
			return h + i;
	return NULL;
}

/*
 * The kernel log lines kept, as (text, case-insensitive?). "ACS" is matched
 * with its case so words like "accessed" do not pull in noise.
 */
static const struct {
	const char *text;
	int icase;
} dmesg_patterns[] = {
	{"iommu", 1},  {"DMAR", 0},         {"AMD-Vi", 0}, {"IVRS", 0}, {"vfio", 1},
	{"ACS", 0},    {"pci", 1},          {"Command line", 0}, {"remapping", 1},
	{"x2apic", 1}, {"Firmware Bug", 0}, {"RMRR", 0},
};

static int dmesg_line_wanted(const char *line, size_t llen)
{
	for (size_t i = 0; i < sizeof(dmesg_patterns) / sizeof(dmesg_patterns[0]); i++) {
		const char *t = dmesg_patterns[i].text;

		if (dmesg_patterns[i].icase ? memmem_ci(line, llen, t) != NULL
					    : memmem(line, llen, t, strlen(t)) != NULL)
			return 1;
	}
	return 0;
}

int filter_dmesg(const char *in, size_t len, struct isc_buf *out)
{
	const char *line;
	size_t pos = 0, llen, kept = 0;

	while (next_line(in, len, &pos, &line, &llen)) {
		int r;

		if (!dmesg_line_wanted(line, llen))
			continue;
		if (++kept > DMESG_MAX_LINES)
			return 1;
		r = append_line(out, line, llen);
		if (r < 0)
			return r;
	}
	return 0;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

int filter_pve_conf(const char *in, size_t len, struct isc_buf *out)
{
	static const char *const keep[] = {"machine:", "bios:", "vga:"};
	const char *line;
	size_t pos = 0, llen;

	while (next_line(in, len, &pos, &line, &llen)) {
		int wanted = 0;

		if (llen && line[0] == '[')
			wanted = 1; /* snapshot/pending section header */
		else if (starts_with(line, llen, "hostpci")) {
			size_t i = 7;

			while (i < llen && isdigit((unsigned char)line[i]))
				i++;
			wanted = i > 7 && i < llen && line[i] == ':';
		} else {
			for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
				wanted |= starts_with(line, llen, keep[k]);
		}
		if (wanted) {
			int r = append_line(out, line, llen);

			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* Does in[pos..len) start with @lit? */
static int at(const char *in, size_t len, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	return len - pos >= n && !memcmp(in + pos, lit, n);
}

/*
 * Markup that is not an element: a comment, a CDATA section, a processing
 * instruction or a declaration. Returns the position after it, @len when it
 * is unterminated, or 0 when in[pos] does not open one.
 */
static size_t skip_non_element(const char *in, size_t len, size_t pos)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t o = strlen(kinds[k].open);
		const char *e;

		if (!at(in, len, pos, kinds[k].open))
			continue;
		e = memmem(in + pos + o, len - pos - o, kinds[k].close, strlen(kinds[k].close));
		return e ? (size_t)(e - in) + strlen(kinds[k].close) : len;
	}
	return 0;
}

/*
 * Only <hostdev> elements, found as markup: text inside a comment, a CDATA
 * section or a processing instruction is not an element and is never kept
 * (a "<hostdev>...secret=...</hostdev>" commented out stays out), and the
 * same sections inside a kept element are dropped from it.
 */
int filter_libvirt_xml(const char *in, size_t len, struct isc_buf *out)
{
	static const char open_tag[] = "<hostdev", close_tag[] = "</hostdev>";
	size_t pos = 0;
	int r = isc_buf_append(out, "<hostdevs>\n", 11);

	while (r == 0 && pos < len) {
		const char *lt = memchr(in + pos, '<', len - pos);
		size_t i, after, k, skip;
		struct isc_buf el;

		if (!lt)
			break;
		i = (size_t)(lt - in);
		skip = skip_non_element(in, len, i);
		if (skip) {
			pos = skip;
			continue;
		}
		after = i + sizeof(open_tag) - 1;
		/* "<hostdev" must be the whole element name. */
		if (!at(in, len, i, open_tag) ||
		    (after < len && !isspace((unsigned char)in[after]) && in[after] != '>' &&
		     in[after] != '/')) {
			pos = i + 1;
			continue;
		}
		/* Copy up to the close tag, leaving out comments and CDATA. */
		isc_buf_init(&el, 0);
		for (k = i; k < len && r == 0;) {
			const char *next = k + 1 < len ? memchr(in + k + 1, '<', len - k - 1) : NULL;
			size_t n = next ? (size_t)(next - in) : len;

			r = isc_buf_append(&el, in + k, n - k);
			k = n;
			if (k >= len)
				break;
			if (at(in, len, k, close_tag)) {
				r = r ? r : isc_buf_append(&el, close_tag, sizeof(close_tag) - 1);
				k += sizeof(close_tag) - 1;
				break;
			}
			skip = skip_non_element(in, len, k);
			if (skip)
				k = skip;
		}
		/* Unterminated: the document is cut; keep nothing of it. */
		if (r == 0 && el.len >= sizeof(close_tag) - 1 &&
		    !memcmp(el.data + el.len - (sizeof(close_tag) - 1), close_tag,
			    sizeof(close_tag) - 1)) {
			r = isc_buf_append(out, "  ", 2);
			if (r == 0)
				r = append_line(out, el.data, el.len);
		} else if (r == 0) {
			isc_buf_free(&el);
			break;
		}
		isc_buf_free(&el);
		pos = k;
	}
	return r ? r : isc_buf_append(out, "</hostdevs>\n", 12);
}

/* Split off the next space-separated token. */
static int token(const char *line, size_t llen, size_t *pos, const char **tok, size_t *tlen)
{
	while (*pos < llen && isspace((unsigned char)line[*pos]))
		(*pos)++;
	if (*pos >= llen)
		return 0;
	*tok = line + *pos;
	while (*pos < llen && !isspace((unsigned char)line[*pos]))
		(*pos)++;
	*tlen = (size_t)(line + *pos - *tok);
	return 1;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

int filter_interrupts(const char *in, size_t len, struct isc_buf *out)
{
	const char *line, *tok;
	size_t pos = 0, llen, tlen, ncpu = 0;
	int first = 1;

	while (next_line(in, len, &pos, &line, &llen)) {
		size_t lp = 0, i;
		const char *label;
		size_t label_len;
		int r;

		if (first) { /* "CPU0 CPU1 ...": one column per CPU */
			first = 0;
			while (token(line, llen, &lp, &tok, &tlen))
				ncpu++;
			continue;
		}
		if (!token(line, llen, &lp, &label, &label_len) || label_len < 2 ||
		    label[label_len - 1] != ':' || !all_digits(label, label_len - 1))
			continue;
		for (i = 0; i < ncpu && token(line, llen, &lp, &tok, &tlen); i++)
			if (!all_digits(tok, tlen))
				break;
		if (i < ncpu || !token(line, llen, &lp, &tok, &tlen))
			continue;
		r = isc_buf_appendf(out, "%.*s %.*s\n", (int)label_len, label, (int)tlen, tok);
		if (r < 0)
			return r;
	}
	return 0;
}

int filter_cpuinfo(const char *in, size_t len, struct isc_buf *out)
{
	const char *line;
	size_t pos = 0, llen;

	while (next_line(in, len, &pos, &line, &llen)) {
		int r;

		if (llen == 0)
			break;
		r = append_line(out, line, llen);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * A host name is a "word" when the characters on both sides are not
 * letters, digits, '-', '_' or '.': "root@pve:" matches "pve", but
 * "6.5.11-4-pve" and "pve-manager" do not.
 */
static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

int filter_replace_word(const char *in, size_t len, const char *word, const char *with,
			struct isc_buf *out)
{
	size_t wlen = strlen(word), start = 0, i = 0;

	if (wlen == 0)
		return isc_buf_append(out, in, len);
	while (i + wlen <= len) {
		const char *hit = memmem(in + i, len - i, word, wlen);
		size_t at, end;
		int r;

		if (!hit)
			break;
		at = (size_t)(hit - in);
		end = at + wlen;
		if ((at > 0 && word_char(in[at - 1])) || (end < len && word_char(in[end]))) {
			i = at + 1;
			continue;
		}
		r = isc_buf_append(out, in + start, at - start);
		if (r == 0)
			r = isc_buf_append(out, with, strlen(with));
		if (r < 0)
			return r;
		start = i = end;
	}
	return isc_buf_append(out, in + start, len - start);
}

void host_pseudonym(const char *host, char *out, size_t outsz)
{
	/* FNV-1a, 64-bit: stable across runs and machines. */
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)host; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, outsz, "host-%08x", (unsigned)(h ^ (h >> 32)));
}

/* Kernel parameters whose value is a credential (dracut's iSCSI and CIFS
 * root, Debian's open-iscsi initramfs), as dracut's own rdsosreport
 * redacts them. */
static const char *const secret_params[] = {
	"rd.iscsi.password", "rd.iscsi.in.password", "iscsi_password", "iscsi_in_password",
	"cifspass", NULL,
};

static int is_sep(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '"' || ch == '\'';
}

/* Redact one token; appends it (changed or not) to @out. */
static int redact_token(const char *t, size_t n, struct isc_buf *out, size_t *count)
{
	static const char mark[] = "REDACTED";
	const char *eq = memchr(t, '=', n), *v, *atsign, *end;
	size_t keep;

	for (const char *const *k = secret_params; *k && eq; k++)
		if ((size_t)(eq - t) == strlen(*k) && !memcmp(t, *k, strlen(*k)) &&
		    eq + 1 < t + n) {
			(*count)++;
			keep = (size_t)(eq + 1 - t);
			goto replace_to_end;
		}
	/* netroot=iscsi:user:password[:in-user:in-password]@target... */
	if (eq && (size_t)(t + n - eq) > 7 && !memcmp(eq + 1, "iscsi:", 6)) {
		v = eq + 7;
		atsign = memchr(v, '@', (size_t)(t + n - v));
		if (atsign && atsign > v) {
			(*count)++;
			keep = (size_t)(v - t);
			end = atsign;
			goto replace;
		}
	}
	/* scheme://user:password@host/... (inst.ks=, cifs://, ftp://) */
	v = n >= 3 ? memmem(t, n, "://", 3) : NULL;
	if (v) {
		const char *host = v + 3, *slash, *colon;

		slash = memchr(host, '/', (size_t)(t + n - host));
		atsign = memchr(host, '@', (size_t)((slash ? slash : t + n) - host));
		colon = atsign ? memchr(host, ':', (size_t)(atsign - host)) : NULL;
		if (colon && colon + 1 < atsign) {
			(*count)++;
			keep = (size_t)(colon + 1 - t);
			end = atsign;
			goto replace;
		}
	}
	return isc_buf_append(out, t, n);

replace_to_end:
	end = t + n;
replace:
	{
		int r = isc_buf_append(out, t, keep);

		if (r == 0)
			r = isc_buf_append(out, mark, sizeof(mark) - 1);
		if (r == 0)
			r = isc_buf_append(out, end, (size_t)(t + n - end));
		return r;
	}
}

int filter_redact_secrets(const char *in, size_t len, struct isc_buf *out, size_t *count)
{
	size_t pos = 0;
	int r = 0;

	while (r == 0 && pos < len) {
		size_t start = pos;

		while (pos < len && is_sep(in[pos]))
			pos++;
		if (pos > start)
			r = isc_buf_append(out, in + start, pos - start);
		start = pos;
		while (pos < len && !is_sep(in[pos]))
			pos++;
		if (r == 0 && pos > start)
			r = redact_token(in + start, pos - start, out, count);
	}
	return r;
}

/* Keep, of each object of array @rows, the string members @keep allows, into @kept. */
static int keep_members(json_t *rows, json_t *kept, int (*keep)(json_t *row, const char *key))
{
	json_t *it;
	size_t i;

	json_array_foreach(json_is_array(rows) ? rows : NULL, i, it) {
		json_t *o = json_object(), *v;
		const char *key;

		if (!o || json_array_append_new(kept, o) < 0)
			return -ENOMEM;
		json_object_foreach(it, key, v) {
			if (json_is_string(v) && keep(it, key) && json_object_set(o, key, v) < 0)
				return -ENOMEM;
			/* a multipath route: the interface of each next hop */
			if (json_is_array(v) && keep(it, key)) {
				json_t *hops = json_array(), *hop;
				size_t k;

				if (!hops || json_object_set_new(o, key, hops) < 0)
					return -ENOMEM;
				json_array_foreach(v, k, hop) {
					json_t *dev = json_object_get(hop, "dev");

					if (json_is_string(dev) &&
					    json_array_append_new(hops, json_pack("{s:O}", "dev", dev)) < 0)
						return -ENOMEM;
				}
			}
		}
	}
	return 0;
}

/* @value as one line of compact JSON, keys in their order. */
static int dump_line(json_t *value, struct isc_buf *out)
{
	char *text = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	int r = text && isc_buf_append(out, text, strlen(text)) == 0 &&
			isc_buf_append(out, "\n", 1) == 0 ? 0 : -ENOMEM;

	free(text);
	return r;
}

static int one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

static int keep_link(json_t *row, const char *key)
{
	static const char *const keys[] = {"ifname", "master", "link", NULL};

	(void)row;
	return one_of(key, keys);
}

static int keep_route(json_t *row, const char *key)
{
	static const char *const keys[] = {"dst", "dev", "nexthops", NULL};

	(void)row;
	return one_of(key, keys);
}

/* The mount points the host runs from, as lsblk and proc/mounts name them. */
static const char *const host_mounts[] = {"/",	  "/boot", "/boot/efi", "/efi",
					  "/usr", "/var",  "[SWAP]",	NULL};

static int keep_blockdev(json_t *row, const char *key)
{
	static const char *const keys[] = {"kname", "pkname", "fstype", NULL};
	const char *fstype = json_string_value(json_object_get(row, "fstype"));

	if (!strcmp(key, "mountpoint"))
		return one_of(json_string_value(json_object_get(row, key)), host_mounts);
	if (!strcmp(key, "label"))
		return fstype && !strcmp(fstype, "zfs_member");
	return one_of(key, keys);
}

/* An array of objects (ip), or one under "blockdevices" (lsblk); else an empty one. */
static int filter_rows(const char *in, size_t len, const char *under,
		       int (*keep)(json_t *row, const char *key), struct isc_buf *out)
{
	json_t *root = json_loadb(in, len, 0, NULL), *kept = json_array(), *whole = NULL;
	int r = kept ? keep_members(under ? json_object_get(root, under) : root, kept, keep)
		     : -ENOMEM;

	if (r == 0 && under) {
		whole = json_object();
		r = whole && json_object_set(whole, under, kept) == 0 ? 0 : -ENOMEM;
	}
	if (r == 0)
		r = dump_line(whole ? whole : kept, out);
	json_decref(whole);
	json_decref(kept);
	json_decref(root);
	return r;
}

int filter_ip_link(const char *in, size_t len, struct isc_buf *out)
{
	/* the interface, the bridge or bond it is a port of, what a VLAN sits on */
	return filter_rows(in, len, NULL, keep_link, out);
}

int filter_ip_route(const char *in, size_t len, struct isc_buf *out)
{
	return filter_rows(in, len, NULL, keep_route, out);
}

int filter_lsblk(const char *in, size_t len, struct isc_buf *out)
{
	return filter_rows(in, len, "blockdevices", keep_blockdev, out);
}

int filter_mounts(const char *in, size_t len, struct isc_buf *out)
{
	size_t pos = 0;

	/* "SOURCE TARGET TYPE OPTIONS 0 0": the lines whose TARGET the host runs from */
	while (pos < len) {
		const char *line = in + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		const char *target = memchr(line, ' ', n), *end;
		char mp[16];
		size_t m;

		pos += n + 1;
		if (!target)
			continue;
		target++;
		end = memchr(target, ' ', (size_t)(line + n - target));
		m = end ? (size_t)(end - target) : (size_t)(line + n - target);
		if (m >= sizeof(mp))
			continue;
		memcpy(mp, target, m);
		mp[m] = '\0';
		if (one_of(mp, host_mounts) &&
		    (isc_buf_append(out, line, n) < 0 || isc_buf_append(out, "\n", 1) < 0))
			return -ENOMEM;
	}
	return 0;
}
