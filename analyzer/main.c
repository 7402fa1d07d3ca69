/* SPDX-License-Identifier: MIT */
/*
 * iommuscope: the command line over libiommuscope. It parses the options
 * (the format once, into enum isc_format), finds the command in one table,
 * loads what the command needs, renders it through the library's one entry
 * for that object, writes it by one output path, and maps errors to
 * messages and exit codes. Which object has which format is the library's
 * table (render/render.c); everything else is in the library too.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "atomic.h"
#include "iommuscope/fleet.h"
#include "iommuscope/model.h"
#include "iommuscope/render.h"
#include "iommuscope/snapshot.h"
#include "iommuscope/whatif.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_SNAPSHOT = 3, EXIT_OUTPUT = 4 };

#define MAX_DEVICES 256
#define MAX_MOVES   64
#define MAX_INPUTS  256 /* files of one host */

static const char *program = "iommuscope";

struct cli;
struct command {
	const char *name;
	enum isc_object object;
	int (*run)(struct cli *c);
	int min_args, max_args; /* snapshots after the command */
	int root;               /* --root may stand for the one snapshot */
};

/* Everything the options say, for the command to use. */
struct cli {
	const struct command *cmd;
	char **args; /* the operands after the command */
	int n_args;
	enum isc_format format;
	struct isc_render_options ro;
	const char *output; /* NULL or "-": standard output */
	const char *root;   /* --root DIR */
	struct isc_model_options mopts;
	const char *devices[MAX_DEVICES], *moves[MAX_MOVES];
	const char *before[MAX_INPUTS], *after[MAX_INPUTS]; /* diff --before/--after FILE... */
	size_t n_before, n_after;
	struct isc_report_options report;
	struct isc_whatif_options whatif;
	int verbose, jobs;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s COMMAND [FILE...] [options]\n"
		"\n"
		"Analyse a host's IOMMU groups and PCI devices for passthrough to VMs.\n"
		"The FILEs describe one host: a .tar.gz from iommuscope-collect or a directory\n"
		"holding such a tree, and text files told apart by their content: group\n"
		"listings, lspci output, the kernel log (dmesg, whole or a grep), a kernel\n"
		"command line, /etc/default/grub, modprobe.d files, Proxmox VM configurations,\n"
		"libvirt domain XML; a directory of such files stands for them all. Files that\n"
		"disagree (other groups, another command line) are an error naming both.\n"
		"SNAPSHOT is a .tar.gz from iommuscope-collect, a directory holding such a tree,\n"
		"or a text file of pasted group listings or lspci output; default '/', the\n"
		"live host.\n"
		"\n"
		"Commands:\n"
		"  groups    list the IOMMU groups and their devices\n"
		"  report    the whole analysis: findings with fixes, targets, groups\n"
		"  rules     list the rules (--format md: docs/findings.md)\n"
		"  diff BEFORE AFTER   what changed between two snapshots (exit 1: changes);\n"
		"                      or one pasted FILE holding two listings (before, after),\n"
		"                      or diff --before FILE... --after FILE...\n"
		"  fleet DIR|SNAPSHOT...  one table for many snapshots, analysed in parallel\n"
		"  whatif FILE...      the groups under other kernel parameters or with a card\n"
		"                      moved, predicted by simulation (exit 1: changes)\n"
		"\n"
		"Options:\n"
		"  -f, --format FMT    text (the default), md, html or json; groups and rules:\n"
		"                      text or json / md; fleet also csv and jsonl\n"
		"      --template-dir DIR  report.html and report.css from DIR (html)\n"
		"  -d, --device DEV    a device to pass through (repeatable, at most %d):\n"
		"                      01:00 (every function), 0000:01:00.0, or vvvv:dddd\n"
		"  -o, --output FILE   write to FILE (a regular file or a new name, replaced\n"
		"                      atomically; '-' is standard output)\n"
		"  -r, --root DIR      read the host tree under DIR (a mounted image, an\n"
		"                      extracted snapshot); links stay inside DIR\n"
		"      --color WHEN    auto (default: on a terminal), always or never\n"
		"      --pci-ids FILE  device names from FILE when the snapshot has no lspci\n"
		"  -v, --verbose       also print what the parsers found damaged\n"
		"  -h, --help          show this help and exit\n"
		"  -V, --version       show the version and exit\n"
		"fleet options:\n"
		"  -j, --jobs N        snapshots analysed at once (default: the CPUs)\n"
		"whatif options:\n"
		"      --acs-override=LIST      downstream,multifunction,id:VVVV:DDDD ('' none)\n"
		"      --disable-acs-redir=DEVSPEC  pci=disable_acs_redir= devices ('' none)\n"
		"      --iommu=on               predict the groups once VT-d / AMD-Vi is on\n"
		"      --move CARD=PORT         move a card (01:00) under a root or downstream\n"
		"                               port (00:1c.4) or into a slot (by its name;\n"
		"                               at most %d)\n"
		"\n"
		"Exit status: 0 no problem found (diff: no change), 1 findings of severity\n"
		"warning or error (diff: changes),\n"
		"2 usage error, 3 unreadable snapshot, 4 output not writable.\n",
		program, MAX_DEVICES, MAX_MOVES);
}

/* ---- the one output path ----------------------------------------------------------------- */

/* Standard output, or -o's file through a temporary (isc_atomic); NULL after the message. */
static FILE *output_open(const struct cli *c, struct isc_atomic *a)
{
	int r;

	if (!c->output || !strcmp(c->output, "-"))
		return stdout;
	r = isc_atomic_begin(a, c->output);
	if (r == -EINVAL && a->refused)
		fprintf(stderr,
			"%s: -o %s: %s, not a regular file; give a file name, or - for "
			"standard output\n",
			program, c->output, a->refused);
	else if (r < 0)
		fprintf(stderr, "%s: cannot write %s: %s\n", program, c->output, strerror(-r));
	return r < 0 ? NULL : a->f;
}

/* Finish what output_open began after a render that returned @r: EXIT_CLEAN or EXIT_OUTPUT. */
static int output_close(const struct cli *c, struct isc_atomic *a, FILE *out, int r)
{
	if (out != stdout && r == 0)
		r = isc_atomic_commit(a);
	else if (out != stdout)
		isc_atomic_abort(a);
	else if (r == 0 && fflush(out) != 0)
		r = -errno;
	if (r == -EINVAL && out != stdout && a->refused)
		fprintf(stderr, "%s: -o %s: became %s meanwhile; left as it is\n", program,
			c->output, a->refused);
	else if (r < 0)
		fprintf(stderr, "%s: cannot write %s: %s\n", program,
			out != stdout ? c->output : "to standard output", strerror(-r));
	return r < 0 ? EXIT_OUTPUT : EXIT_CLEAN;
}

/* ---- loading --------------------------------------------------------------------------------- */

/*
 * Build one host's model from @paths (snapshots, text files, directories of
 * them: isc_model_build_inputs) and its report, when @report; prints the
 * error, returns <0: -EDOM when a --device names nothing on the host (a
 * usage error).
 */
static int load(const struct cli *c, const char *const *paths, size_t n,
		struct isc_model **model, struct isc_report **report)
{
	struct isc_error err = {{0}};
	int r = isc_model_build_inputs(paths, n, &c->mopts, model, &err);

	if (r == 0 && (r = isc_whatif_predict_groups(*model)) < 0) /* a sosreport has no groups */
		snprintf(err.text, sizeof(err.text), "%s: out of memory", paths[0]);

	if (r == 0 && report && isc_report_check_devices(*model, &c->report, &err) < 0) {
		fprintf(stderr, "%s: %s\n", program, err.text);
		return -EDOM;
	}
	if (r == 0 && report && isc_report_build(*model, &c->report, report) < 0) {
		r = -ENOMEM;
		snprintf(err.text, sizeof(err.text), "%s: out of memory", paths[0]);
	}
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", program, err.text[0] ? err.text : strerror(-r));
		return r;
	}
	for (size_t i = 0; c->verbose && i < (*model)->diags.n; i++)
		fprintf(stderr, "%s: %s%s%.0u: %s\n", program, (*model)->diags.v[i].source,
			(*model)->diags.v[i].line ? ":" : "", (*model)->diags.v[i].line,
			(*model)->diags.v[i].message);
	if (c->verbose && (*model)->diags.dropped)
		fprintf(stderr, "%s: %zu more diagnostics not shown\n", program,
			(*model)->diags.dropped);
	return 0;
}

/* The one snapshot of groups, report and whatif: the operand, --root, or the live host. */
static size_t host_paths(const struct cli *c, const char *const **paths)
{
	static const char *one[1];

	if (c->n_args) {
		*paths = (const char *const *)c->args;
		return (size_t)c->n_args;
	}
	one[0] = c->root ? c->root : "/";
	*paths = one;
	return 1;
}

/* ---- the commands ------------------------------------------------------------------------ */

static int run_rules(struct cli *c)
{
	struct isc_atomic a;
	FILE *out = output_open(c, &a);

	return out ? output_close(c, &a, out, isc_render_rules(c->format, &c->ro, out))
		   : EXIT_OUTPUT;
}

/* groups and report: exit 1 when the report has a warning or an error. */
static int run_report(struct cli *c)
{
	int groups = c->cmd->object == ISC_OBJECT_GROUPS, ret = EXIT_SNAPSHOT, r;
	const char *const *paths;
	size_t n = host_paths(c, &paths);
	struct isc_model *model = NULL;
	struct isc_report *report = NULL;
	struct isc_atomic a;
	FILE *out;

	int worst = 0;

	r = load(c, paths, n, &model, groups ? NULL : &report);
	if (r < 0) {
		ret = r == -EDOM ? EXIT_USAGE : EXIT_SNAPSHOT;
		goto out;
	}
	if (model->n_listings > 1 && c->format == ISC_FORMAT_HTML) {
		fprintf(stderr, "%s: %s holds %u group listings (hosts): html shows one; use md\n",
			program, paths[0], model->n_listings);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = EXIT_OUTPUT;
	out = output_open(c, &a);
	if (!out)
		goto out;
	/* A paste with several listings is several hosts: each in turn. */
	for (unsigned k = 1;; k++) {
		if (k > 1) {
			struct cli lc = *c;

			lc.mopts.listing = k;
			isc_report_free(report);
			isc_model_free(model);
			report = NULL;
			model = NULL;
			if (load(&lc, paths, n, &model, groups ? NULL : &report) < 0) {
				r = -EINVAL;
				break;
			}
		}
		r = isc_render_listing_heading(model, c->format, out);
		if (r == 0)
			r = groups ? isc_render_groups(model, c->format, &c->ro, out)
				   : isc_render_report(report, c->format, &c->ro, out);
		if (r == 0)
			r = isc_render_listing_end(model, c->format, out);
		if (report && isc_report_worst(report) >= ISC_SEV_WARNING)
			worst = 1;
		if (r < 0 || k >= model->n_listings)
			break;
	}
	if (r == -EINVAL) {
		output_close(c, &a, out, -EINVAL);
		ret = EXIT_SNAPSHOT;
		goto out;
	}
	ret = output_close(c, &a, out, r);
	if (ret == EXIT_CLEAN && worst)
		ret = EXIT_FINDINGS;
out:
	isc_report_free(report);
	isc_model_free(model);
	return ret;
}

/* whatif SNAPSHOT: exit 0 when the prediction changes nothing, 1 when it does. */
static int run_whatif(struct cli *c)
{
	struct isc_model *model = NULL;
	struct isc_whatif *w = NULL;
	struct isc_error err = {{0}};
	const char *const *paths;
	size_t n = host_paths(c, &paths);
	struct isc_atomic a;
	int r, ret = EXIT_SNAPSHOT;
	FILE *out;

	if (load(c, paths, n, &model, NULL) < 0)
		goto out;
	r = isc_whatif_build(model, &c->whatif, &w, &err);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", program, err.text[0] ? err.text : strerror(-r));
		ret = r == -EINVAL ? EXIT_USAGE : EXIT_OUTPUT;
		goto out;
	}
	ret = EXIT_OUTPUT;
	out = output_open(c, &a);
	if (out && output_close(c, &a, out, isc_render_whatif(w, c->format, &c->ro, out)) == 0)
		ret = w->diff->n ? EXIT_FINDINGS : EXIT_CLEAN;
out:
	isc_whatif_free(w);
	isc_model_free(model);
	return ret;
}

/* fleet DIR|SNAPSHOT...: exit 0 when every host is analysed and clean, 1 if not. */
static int run_fleet(struct cli *c)
{
	struct isc_fleet_options o = {.jobs = c->jobs,
				      .with_reports = c->format == ISC_FORMAT_JSONL};
	struct isc_fleet *f = NULL;
	struct isc_atomic a;
	int ret = EXIT_OUTPUT;
	FILE *out;

	if (isc_fleet_run(c->args, (size_t)c->n_args, &o, &f) < 0) {
		fprintf(stderr, "%s: fleet: out of memory\n", program);
		return EXIT_OUTPUT;
	}
	out = output_open(c, &a);
	if (out && output_close(c, &a, out, isc_render_fleet(f, c->format, &c->ro, out)) == 0) {
		ret = EXIT_CLEAN;
		for (size_t i = 0; i < f->n; i++) {
			const struct isc_fleet_host *h = &f->hosts[i];

			if (h->error || h->errors || h->warnings)
				ret = EXIT_FINDINGS;
		}
	}
	isc_fleet_free(f);
	return ret;
}

struct load_job {
	const struct cli *c;
	const char *const *paths;
	size_t n;
	struct isc_model *model;
	struct isc_report *report;
	int rc;
};

static void *load_thread(void *arg)
{
	struct load_job *j = arg;

	j->rc = load(j->c, j->paths, j->n, &j->model, &j->report);
	return NULL;
}

/* diff BEFORE AFTER: exit 0 when nothing changed, 1 when something did. */
static int run_diff(struct cli *c)
{
	/* One file that holds two listings (a post's before and after): the first, then the second. */
	struct cli lc[2] = {*c, *c};
	const char *const *args = (const char *const *)c->args;
	struct load_job jobs[2] = {
	    {&lc[0], c->n_before ? c->before : args, c->n_before ? c->n_before : 1, NULL, NULL, 0},
	    {&lc[1], c->n_after ? c->after : args + (c->n_args ? c->n_args - 1 : 0),
	     c->n_after ? c->n_after : 1, NULL, NULL, 0}};
	struct isc_diff *d = NULL;
	struct isc_atomic a;
	pthread_t thread;
	int ret = EXIT_SNAPSHOT, threaded;
	FILE *out;

	if (c->n_args == 1) {
		lc[0].mopts.listing = 1;
		lc[1].mopts.listing = 2;
	}
	/* The two snapshots load at once: a diff costs one load, not two, on two cores. */
	json_object_seed(0); /* jansson's hash seed, set before any thread uses it */
	threaded = pthread_create(&thread, NULL, load_thread, &jobs[1]) == 0;
	load_thread(&jobs[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		load_thread(&jobs[1]);
	if (c->n_args == 1 && jobs[0].rc == 0 && jobs[0].model->n_listings != 2) {
		fprintf(stderr,
			"%s: diff with one file needs two group listings in it (a before and an "
			"after); %s holds %u: give BEFORE AFTER\n",
			program, c->args[0], jobs[0].model->n_listings);
		ret = EXIT_USAGE;
		goto out;
	}
	if (jobs[0].rc < 0 || jobs[1].rc < 0)
		goto out;
	ret = EXIT_OUTPUT;
	if (isc_diff_build(jobs[0].report, jobs[1].report, &d) < 0) {
		fprintf(stderr, "%s: out of memory\n", program);
		goto out;
	}
	out = output_open(c, &a);
	if (out && output_close(c, &a, out,
				isc_render_diff(d, jobs[0].report, jobs[1].report, c->format,
						&c->ro, out)) == 0)
		ret = d->n ? EXIT_FINDINGS : EXIT_CLEAN;
out:
	isc_diff_free(d);
	for (int i = 0; i < 2; i++) {
		isc_report_free(jobs[i].report);
		isc_model_free(jobs[i].model);
	}
	return ret;
}

/* The commands: what each renders (its formats are the library's table) and its operands. */
static const struct command commands[] = {
    {"groups", ISC_OBJECT_GROUPS, run_report, 0, MAX_INPUTS, 1},
    {"report", ISC_OBJECT_REPORT, run_report, 0, MAX_INPUTS, 1},
    {"whatif", ISC_OBJECT_WHATIF, run_whatif, 0, MAX_INPUTS, 1},
    {"diff", ISC_OBJECT_DIFF, run_diff, 1, 2, 0},
    {"fleet", ISC_OBJECT_FLEET, run_fleet, 1, INT_MAX, 0},
    {"rules", ISC_OBJECT_RULES, run_rules, 0, 0, 0},
};

/* ---- options ----------------------------------------------------------------------------- */

/* A usage error: the message, and EXIT_USAGE. */
#define USAGE_ERROR(...)                                                                           \
	(fprintf(stderr, "%s: ", program), fprintf(stderr, __VA_ARGS__), fputc('\n', stderr),      \
	 EXIT_USAGE)

/* Parse the options into @c; returns -1 to go on, or the exit code. */
static int parse(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"color", required_argument, NULL, 'c'},
	    {"pci-ids", required_argument, NULL, 'p'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"root", required_argument, NULL, 'r'},
	    {"device", required_argument, NULL, 'd'},
	    {"template-dir", required_argument, NULL, 't'},
	    {"acs-override", required_argument, NULL, 'A'},
	    {"disable-acs-redir", required_argument, NULL, 'D'},
	    {"iommu", required_argument, NULL, 'I'},
	    {"move", required_argument, NULL, 'M'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "text", *color = "auto", *root = NULL;
	struct stat st;
	int opt, f, k = 1;

	/* diff --before FILE... --after FILE...: each takes the operands up to the next option */
	for (int i = 1; i < argc; i++) {
		int before = !strcmp(argv[i], "--before"), after = !strcmp(argv[i], "--after");
		const char **v = before ? c->before : c->after;
		size_t *n = before ? &c->n_before : &c->n_after;

		if (!before && !after) {
			argv[k++] = argv[i];
			continue;
		}
		if (i + 1 >= argc || argv[i + 1][0] == '-')
			return USAGE_ERROR("%s needs one or more files", argv[i]);
		while (i + 1 < argc && argv[i + 1][0] != '-') {
			if (*n == MAX_INPUTS)
				return USAGE_ERROR("%s: at most %d files", argv[i], MAX_INPUTS);
			v[(*n)++] = argv[++i];
		}
	}
	argc = k;

	/* GNU getopt permutes: options may come before or after the operands. */
	while ((opt = getopt_long(argc, argv, "f:o:r:d:j:vhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			c->output = optarg;
			break;
		case 'c':
			color = optarg;
			break;
		case 'p':
			c->mopts.pci_ids = optarg;
			break;
		case 'v':
			c->verbose = 1;
			break;
		case 'r':
			root = optarg;
			break;
		case 't':
			c->ro.template_dir = optarg;
			break;
		case 'A':
			c->whatif.acs_override = optarg;
			break;
		case 'D':
			c->whatif.disable_acs_redir = optarg;
			break;
		case 'd':
			if (c->report.n_devices == MAX_DEVICES)
				return USAGE_ERROR("--device: at most %d devices", MAX_DEVICES);
			c->devices[c->report.n_devices++] = optarg;
			break;
		case 'M':
			if (c->whatif.n_moves == MAX_MOVES)
				return USAGE_ERROR("--move: at most %d cards", MAX_MOVES);
			c->moves[c->whatif.n_moves++] = optarg;
			break;
		case 'I':
			if (strcmp(optarg, "on"))
				return USAGE_ERROR("--iommu: only 'on' can be predicted");
			c->whatif.iommu_on = 1;
			break;
		case 'j':
			c->jobs = atoi(optarg);
			if (c->jobs < 1 || c->jobs > 64)
				return USAGE_ERROR("--jobs: '%s' is not 1 to 64", optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_CLEAN;
		case 'V':
			printf("%s %s\n", program, ISC_VERSION);
			return EXIT_CLEAN;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[optind], commands[i].name))
			c->cmd = &commands[i];
	if (!c->cmd)
		return USAGE_ERROR("unknown command '%s' (try --help)", argv[optind]);
	c->args = argv + optind + 1;
	c->n_args = argc - optind - 1;
	if (c->n_args > c->cmd->max_args)
		return USAGE_ERROR("%s: unexpected argument '%s'", c->cmd->name,
				   c->args[c->cmd->max_args]);
	if ((c->n_before || c->n_after) && c->cmd->object != ISC_OBJECT_DIFF)
		return USAGE_ERROR("--before and --after are for diff");
	if (c->cmd->object == ISC_OBJECT_DIFF && (c->n_before || c->n_after)) {
		if (!c->n_before || !c->n_after)
			return USAGE_ERROR("diff needs both --before FILE... and --after FILE...");
		if (c->n_args)
			return USAGE_ERROR("diff: give BEFORE AFTER or --before/--after, not both");
	} else if (c->n_args < c->cmd->min_args && c->cmd->object == ISC_OBJECT_DIFF) {
		return USAGE_ERROR("diff needs two snapshots: BEFORE AFTER");
	} else if (c->n_args < c->cmd->min_args) {
		return USAGE_ERROR("%s needs snapshots or directories of them", c->cmd->name);
	}
	f = isc_format_parse(format);
	if (f < 0 || !isc_render_supports(c->cmd->object, (enum isc_format)f))
		return USAGE_ERROR("%s: unsupported --format '%s'", c->cmd->name, format);
	c->format = (enum isc_format)f;
	if (!strcmp(color, "always"))
		c->ro.color = 1;
	else if (!strcmp(color, "auto"))
		c->ro.color = (!c->output || !strcmp(c->output, "-")) && isatty(STDOUT_FILENO) &&
			      getenv("NO_COLOR") == NULL;
	else if (strcmp(color, "never"))
		return USAGE_ERROR("--color: '%s' is not auto, always or never", color);
	c->report.devices = c->devices;
	c->whatif.moves = c->moves;
	c->whatif.report = &c->report;
	if (root && !c->cmd->root)
		return USAGE_ERROR("%s: --root names one host; give snapshots instead",
				   c->cmd->name);
	if (root && c->n_args)
		return USAGE_ERROR("give either SNAPSHOT or --root, not both");
	if (root && (stat(root, &st) < 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "%s: %s: not a directory\n", program, root);
		return EXIT_SNAPSHOT;
	}
	c->root = root;
	return -1;
}

int main(int argc, char **argv)
{
	static struct cli c; /* static: the device and move tables are large for a stack */
	int r = parse(&c, argc, argv);

	return r >= 0 ? r : c.cmd->run(&c);
}
