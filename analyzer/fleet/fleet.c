/* SPDX-License-Identifier: MIT */
/*
 * iommuscope fleet (include/iommuscope/fleet.h): one child process per
 * snapshot, at most `jobs` at a time, each writing one compact JSON object
 * to its pipe. A child that crashes, is killed or writes nonsense becomes a
 * row with an error; the others are untouched.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "iommuscope/fleet.h"
#include "iommuscope/model.h"
#include "iommuscope/render.h"

#define FLEET_MAX_FILES 100000
#define FLEET_MAX_ROW (256u << 20) /* a child's answer, its full report included */

/* ---- the child: one snapshot, one JSON object ------------------------------------------- */

static const char *tri(enum isc_tri t)
{
	return t == ISC_YES ? "on" : t == ISC_NO ? "off" : "unknown";
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Group sizes, largest first, runs folded: "8,3,2x2,1x17". */
static char *layout(const struct isc_model *m, size_t *largest)
{
	size_t *v = malloc((m->n_groups ? m->n_groups : 1) * sizeof(*v));
	struct isc_buf b;

	*largest = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < m->n_groups; i++)
		v[i] = m->groups[i].n;
	for (size_t i = 1; i < m->n_groups; i++) /* insertion sort: descending, small n */
		for (size_t k = i; k && v[k - 1] < v[k]; k--) {
			size_t t = v[k];

			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	isc_buf_init(&b, 1u << 20);
	for (size_t i = 0, run; i < m->n_groups; i += run) {
		for (run = 1; i + run < m->n_groups && v[i + run] == v[i]; run++)
			;
		if (run > 1)
			(void)isc_buf_appendf(&b, "%s%zux%zu", i ? "," : "", v[i], run);
		else
			(void)isc_buf_appendf(&b, "%s%zu", i ? "," : "", v[i]);
	}
	if (m->n_groups)
		*largest = v[0];
	free(v);
	(void)isc_buf_append(&b, "", 0);
	return isc_buf_steal(&b, NULL);
}

static const char *override_in_effect(const struct isc_model *m, const struct isc_report *r)
{
	if (!r->sim_params.override && !r->sim_params.n_override_ids)
		return NULL;
	for (size_t i = m->host.n_params; i-- > 0;)
		if (!strncmp(m->host.params[i], "pcie_acs_override=", 18))
			return m->host.params[i] + 18;
	return NULL;
}

static json_t *host_row(const char *file, const struct isc_model *m, const struct isc_report *r)
{
	json_t *row = json_object(), *targets = json_array(), *ids = json_array();
	size_t count[_ISC_SEV_MAX] = {0}, largest;
	char *lay = layout(m, &largest), bios[256] = "", board[256] = "";

	for (size_t i = 0; i < r->n_findings; i++) {
		count[r->findings[i].severity]++;
		if (!i || strcmp(r->findings[i].id, r->findings[i - 1].id)) {
			size_t k = 0;

			while (k < json_array_size(ids) &&
			       strcmp(json_string_value(json_array_get(ids, k)), r->findings[i].id))
				k++;
			if (k == json_array_size(ids))
				json_array_append_new(ids, json_string(r->findings[i].id));
		}
	}
	for (size_t t = 0; t < r->n_targets; t++) {
		char *v = isc_report_verdict(r, r->targets[t]);

		json_array_append_new(targets, json_pack("{s:s, s:o}", "address", r->targets[t],
							 "verdict", str_or_null(v)));
		free(v);
	}
	if (m->host.board_vendor || m->host.board_name)
		snprintf(board, sizeof(board), "%s%s%s", m->host.board_vendor ? m->host.board_vendor
									   : "",
			 m->host.board_vendor && m->host.board_name ? " " : "",
			 m->host.board_name ? m->host.board_name : "");
	if (m->host.bios_version)
		snprintf(bios, sizeof(bios), "%s%s%s%s", m->host.bios_version,
			 m->host.bios_date ? " (" : "", m->host.bios_date ? m->host.bios_date : "",
			 m->host.bios_date ? ")" : "");
	json_object_set_new(row, "file", json_string(file));
	json_object_set_new(row, "host", str_or_null(m->host.hostname));
	json_object_set_new(row, "error", json_null());
	json_object_set_new(row, "kernel", str_or_null(m->host.kernel));
	json_object_set_new(row, "cmdline", str_or_null(m->host.cmdline));
	json_object_set_new(row, "iommu", json_string(tri(m->host.iommu_on)));
	json_object_set_new(row, "iommu_vendor", str_or_null(m->host.iommu_vendor));
	json_object_set_new(row, "interrupt_remapping", json_string(tri(r->irq_remapping)));
	json_object_set_new(row, "acs_override", str_or_null(override_in_effect(m, r)));
	json_object_set_new(row, "board", board[0] ? json_string(board) : json_null());
	json_object_set_new(row, "bios", bios[0] ? json_string(bios) : json_null());
	json_object_set_new(row, "groups", json_integer((json_int_t)m->n_groups));
	json_object_set_new(row, "largest_group", json_integer((json_int_t)largest));
	json_object_set_new(row, "layout", str_or_null(lay));
	json_object_set_new(row, "targets", targets);
	json_object_set_new(row, "errors", json_integer((json_int_t)count[ISC_SEV_ERROR]));
	json_object_set_new(row, "warnings", json_integer((json_int_t)count[ISC_SEV_WARNING]));
	json_object_set_new(row, "infos", json_integer((json_int_t)count[ISC_SEV_INFO]));
	json_object_set_new(row, "findings", ids);
	json_object_set_new(row, "ready", json_boolean(m->host.iommu_on == ISC_YES &&
						       !count[ISC_SEV_ERROR]));
	free(lay);
	return row;
}

static json_t *error_row(const char *file, const char *message)
{
	return json_pack("{s:s, s:o, s:s}", "file", file, "host", json_null(), "error",
			 message);
}

static json_t *full_report(const struct isc_report *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	json_t *j = NULL;

	if (f && isc_render_report(r, ISC_FORMAT_JSON, NULL, f) == 0 && fclose(f) == 0)
		j = json_loadb(text, len, 0, NULL);
	else if (f)
		fclose(f);
	free(text);
	return j;
}

/* In the child: analyse @file and write one line of JSON to @fd. */
static void child(const char *file, int with_report, int fd)
{
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_report *r = NULL;
	struct isc_error err = {{0}};
	json_t *row;
	char *text, *name;
	int rc = isc_snapshot_open(file, &s, &err);

	if (rc == 0)
		rc = isc_model_build(s, NULL, &m, &err);
	if (rc == 0 && isc_report_build(m, NULL, &r) < 0) {
		rc = -ENOMEM;
		snprintf(err.text, sizeof(err.text), "%s: out of memory", file);
	}
	name = isc_text_clean(strdup(file)); /* file names reach terminals too */
	if (!name) {
		row = NULL;
	} else if (rc < 0) {
		row = error_row(name, isc_text_clean(err.text[0] ? err.text : strerror(-rc)));
	} else {
		row = host_row(name, m, r);
		if (with_report)
			json_object_set_new(row, "report", full_report(r));
	}
	text = json_dumps(row, JSON_COMPACT | JSON_ENSURE_ASCII);
	for (size_t off = 0, len = text ? strlen(text) : 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(text);
	free(name);
	json_decref(row);
	isc_report_free(r);
	isc_model_free(m);
	isc_snapshot_free(s);
}

/* ---- the parent ------------------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The snapshots named by @paths, directories expanded one level, in order. */
static int expand(char *const *paths, size_t n_paths, char ***ret, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < n_paths; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		size_t first = n;

		if (stat(paths[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			if (n < FLEET_MAX_FILES && (isc_grow(&v, n, sizeof(*v)) < 0 ||
						    !(v[n++] = strdup(paths[i]))))
				goto oom;
			continue;
		}
		if (!(d = opendir(paths[i]))) {
			if (isc_grow(&v, n, sizeof(*v)) < 0 || !(v[n++] = strdup(paths[i])))
				goto oom;
			continue;
		}
		while ((e = readdir(d)) != NULL && n < FLEET_MAX_FILES) {
			if (e->d_name[0] == '.' || !(has_suffix(e->d_name, ".tar.gz") ||
						     has_suffix(e->d_name, ".tgz") ||
						     has_suffix(e->d_name, ".txt")))
				continue;
			if (isc_grow(&v, n, sizeof(*v)) < 0 ||
			    asprintf(&v[n], "%s/%s", paths[i], e->d_name) < 0) {
				closedir(d);
				goto oom;
			}
			n++;
		}
		closedir(d);
		qsort(v + first, n - first, sizeof(*v), cmp_str);
	}
	*ret = v;
	*ret_n = n;
	return 0;
oom:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -ENOMEM;
}

static char *dup_or_null(const json_t *v)
{
	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static enum isc_tri tri_of(const json_t *v)
{
	const char *s = json_string_value(v);

	return !s ? ISC_UNKNOWN : !strcmp(s, "on") ? ISC_YES : !strcmp(s, "off") ? ISC_NO
										 : ISC_UNKNOWN;
}

static void host_clear(struct isc_fleet_host *h)
{
	free(h->file);
	free(h->error);
	free(h->host);
	free(h->kernel);
	free(h->cmdline);
	free(h->iommu_vendor);
	free(h->acs_override);
	free(h->board);
	free(h->bios);
	free(h->layout);
	for (size_t i = 0; i < h->n_targets; i++) {
		free(h->targets[i].address);
		free(h->targets[i].verdict);
	}
	free(h->targets);
	for (size_t i = 0; i < h->n_findings; i++)
		free(h->findings[i]);
	free(h->findings);
	free(h->report);
	memset(h, 0, sizeof(*h));
}

/* A row that says why @file was not analysed. */
static void error_host(struct isc_fleet_host *h, const char *file, const char *message)
{
	host_clear(h);
	h->file = strdup(file);
	h->error = strdup(message);
}

/*
 * The child's answer, @row, into @h: the one place the parent reads the
 * JSON of the pipe. Returns 0, or -ENOMEM (then @h is an error row).
 */
static int host_from_json(struct isc_fleet_host *h, const json_t *row, const char *file)
{
	const json_t *t = json_object_get(row, "targets"), *ids = json_object_get(row, "findings");
	const json_t *rep = json_object_get(row, "report");
	int oom = 0;

	host_clear(h);
	h->file = dup_or_null(json_object_get(row, "file")); /* cleaned by the child */
	if (!h->file)
		h->file = strdup(file);
	h->error = dup_or_null(json_object_get(row, "error"));
	if (h->error)
		return h->file ? 0 : -ENOMEM;
	h->host = dup_or_null(json_object_get(row, "host"));
	h->kernel = dup_or_null(json_object_get(row, "kernel"));
	h->cmdline = dup_or_null(json_object_get(row, "cmdline"));
	h->iommu_vendor = dup_or_null(json_object_get(row, "iommu_vendor"));
	h->iommu = tri_of(json_object_get(row, "iommu"));
	h->interrupt_remapping = tri_of(json_object_get(row, "interrupt_remapping"));
	h->acs_override = dup_or_null(json_object_get(row, "acs_override"));
	h->board = dup_or_null(json_object_get(row, "board"));
	h->bios = dup_or_null(json_object_get(row, "bios"));
	h->groups = (size_t)json_integer_value(json_object_get(row, "groups"));
	h->largest_group = (size_t)json_integer_value(json_object_get(row, "largest_group"));
	h->layout = dup_or_null(json_object_get(row, "layout"));
	h->errors = (size_t)json_integer_value(json_object_get(row, "errors"));
	h->warnings = (size_t)json_integer_value(json_object_get(row, "warnings"));
	h->infos = (size_t)json_integer_value(json_object_get(row, "infos"));
	h->ready = json_is_true(json_object_get(row, "ready"));
	h->targets = calloc(json_array_size(t) + 1, sizeof(*h->targets));
	h->findings = calloc(json_array_size(ids) + 1, sizeof(*h->findings));
	oom = !h->file || !h->targets || !h->findings;
	for (size_t i = 0; !oom && i < json_array_size(t); i++) {
		const json_t *x = json_array_get(t, i);

		h->targets[i].address = dup_or_null(json_object_get(x, "address"));
		h->targets[i].verdict = dup_or_null(json_object_get(x, "verdict"));
		h->n_targets++;
		oom = !h->targets[i].address;
	}
	for (size_t i = 0; !oom && i < json_array_size(ids); i++) {
		h->findings[i] = dup_or_null(json_array_get(ids, i));
		h->n_findings += h->findings[i] != NULL;
	}
	if (!oom && json_is_object(rep))
		oom = !(h->report = json_dumps(rep, JSON_COMPACT | JSON_ENSURE_ASCII));
	if (oom) {
		error_host(h, file, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

struct job {
	pid_t pid;
	int fd;
	size_t index;
	struct isc_buf out;
};

static void finish(struct job *j, const char *file, struct isc_fleet_host *h)
{
	int status = 0;
	json_t *row = NULL;
	char msg[160];

	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	if (j->out.len)
		row = json_loadb(j->out.data, j->out.len, 0, NULL);
	if (!row || !json_is_object(row)) {
		json_decref(row);
		if (WIFSIGNALED(status))
			snprintf(msg, sizeof(msg), "%s: the analysis crashed (signal %d)", file,
				 WTERMSIG(status));
		else
			snprintf(msg, sizeof(msg), "%s: the analysis gave no answer (exit %d)", file,
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		error_host(h, file, msg);
	} else {
		(void)host_from_json(h, row, file);
	}
	json_decref(row);
	isc_buf_free(&j->out);
}

static int start(struct job *j, const char *file, size_t index, int with_reports)
{
	int p[2];

	if (pipe(p) < 0)
		return -errno;
	fflush(NULL);
	j->pid = fork();
	if (j->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (j->pid == 0) {
		close(p[0]);
		child(file, with_reports, p[1]);
		_exit(0);
	}
	close(p[1]);
	j->fd = p[0];
	j->index = index;
	isc_buf_init(&j->out, FLEET_MAX_ROW);
	return 0;
}

int isc_fleet_run(char *const *paths, size_t n_paths, const struct isc_fleet_options *o,
		  struct isc_fleet **ret)
{
	struct isc_fleet *f = calloc(1, sizeof(*f));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = o->jobs > 0 ? (size_t)o->jobs : cpus > 0 ? (size_t)cpus : 1;
	char **files = NULL;
	size_t n = 0, next = 0, running = 0;
	struct job *run = NULL;
	struct pollfd *pfd = NULL;
	int r = -ENOMEM;

	if (!f || expand(paths, n_paths, &files, &n) < 0)
		goto out;
	if (jobs > 64)
		jobs = 64;
	f->hosts = calloc(n ? n : 1, sizeof(*f->hosts));
	run = calloc(jobs, sizeof(*run));
	pfd = calloc(jobs, sizeof(*pfd));
	if (!f->hosts || !run || !pfd)
		goto out;
	f->n = n;
	signal(SIGPIPE, SIG_IGN);
	while (next < n || running) {
		while (running < jobs && next < n) {
			if (start(&run[running], files[next], next, o->with_reports) < 0)
				error_host(&f->hosts[next], files[next], "cannot start an analysis");
			else
				running++;
			next++;
		}
		for (size_t k = 0; k < running; k++)
			pfd[k] = (struct pollfd){.fd = run[k].fd, .events = POLLIN};
		if (running && poll(pfd, running, -1) < 0 && errno != EINTR)
			goto out;
		for (size_t k = 0; k < running;) {
			char buf[65536];
			ssize_t got = 0;

			if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
				got = read(run[k].fd, buf, sizeof(buf));
				if (got > 0 && isc_buf_append(&run[k].out, buf, (size_t)got) < 0)
					got = 0; /* over the size limit: the row says so */
			}
			if (pfd[k].revents && got <= 0) {
				if (got == 0 && run[k].out.len == FLEET_MAX_ROW)
					kill(run[k].pid, SIGKILL);
				finish(&run[k], files[run[k].index], &f->hosts[run[k].index]);
				run[k] = run[--running];
				pfd[k] = pfd[running];
				continue;
			}
			k++;
		}
	}
	r = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(run);
	free(pfd);
	if (r < 0) {
		isc_fleet_free(f);
		return r;
	}
	*ret = f;
	return 0;
}

void isc_fleet_free(struct isc_fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; f->hosts && i < f->n; i++)
		host_clear(&f->hosts[i]);
	free(f->hosts);
	free(f);
}
