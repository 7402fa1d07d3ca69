/* SPDX-License-Identifier: MIT */
#include "filters.h"

#include <ctype.h>
#include <stdint.h>
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

int filter_libvirt_xml(const char *in, size_t len, struct isc_buf *out)
{
	static const char open_tag[] = "<hostdev", close_tag[] = "</hostdev>";
	size_t pos = 0;
	int r = isc_buf_append(out, "<hostdevs>\n", 11);

	while (r == 0 && pos < len) {
		const char *s = memmem(in + pos, len - pos, open_tag, sizeof(open_tag) - 1);
		const char *e;
		size_t after;

		if (!s)
			break;
		after = (size_t)(s - in) + sizeof(open_tag) - 1;
		/* "<hostdev" must be the whole element name. */
		if (after < len && !isspace((unsigned char)in[after]) && in[after] != '>') {
			pos = after;
			continue;
		}
		e = memmem(s, len - (size_t)(s - in), close_tag, sizeof(close_tag) - 1);
		if (!e)
			break;
		e += sizeof(close_tag) - 1;
		r = isc_buf_append(out, "  ", 2);
		if (r == 0)
			r = append_line(out, s, (size_t)(e - s));
		pos = (size_t)(e - in);
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
