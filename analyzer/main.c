/* SPDX-License-Identifier: MIT */
/*
 * iommuscope: the command line over libiommuscope. It parses options,
 * opens the snapshot, builds the model, renders, and maps errors to
 * messages and exit codes; everything else is in the library.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "iommuscope/model.h"
#include "iommuscope/render.h"
#include "iommuscope/snapshot.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_SNAPSHOT = 3, EXIT_OUTPUT = 4 };

static const char *program = "iommuscope";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s COMMAND [SNAPSHOT] [options]\n"
		"\n"
		"Analyse a host's IOMMU groups and PCI devices for passthrough to VMs.\n"
		"SNAPSHOT is a .tar.gz from iommuscope-collect, a directory holding such a tree,\n"
		"or a text file of pasted group listings or lspci output; default '/', the\n"
		"live host.\n"
		"\n"
		"Commands:\n"
		"  groups    list the IOMMU groups and their devices\n"
		"  report    the whole analysis (--format json)\n"
		"\n"
		"Options:\n"
		"  -f, --format FMT    text (groups only) or json; default text for groups,\n"
		"                      json for report\n"
		"  -o, --output FILE   write to FILE (replaced atomically) instead of stdout\n"
		"  -r, --root DIR      read the host tree under DIR (a mounted image, an\n"
		"                      extracted snapshot); links stay inside DIR\n"
		"      --color WHEN    auto (default: on a terminal), always or never\n"
		"      --pci-ids FILE  device names from FILE when the snapshot has no lspci\n"
		"  -v, --verbose       also print what the parsers found damaged\n"
		"  -h, --help          show this help and exit\n"
		"  -V, --version       show the version and exit\n"
		"\n"
		"Exit status: 0 no problem found, 1 findings of severity warning or error,\n"
		"2 usage error, 3 unreadable snapshot, 4 output not writable.\n",
		program);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"color", required_argument, NULL, 'c'},  {"pci-ids", required_argument, NULL, 'p'},
		{"verbose", no_argument, NULL, 'v'},      {"help", no_argument, NULL, 'h'},
		{"root", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output = NULL, *color = "auto", *cmd, *path = "/", *root = NULL;
	struct isc_model_options mopts = {0};
	struct isc_render_options ropts = {0};
	struct isc_snapshot *snap = NULL;
	struct isc_model *model = NULL;
	struct isc_error err = {{0}};
	struct isc_atomic atomic;
	FILE *out = stdout;
	int verbose = 0, opt, r, ret = EXIT_CLEAN;

	/* GNU getopt permutes: options may come before or after the operands. */
	while ((opt = getopt_long(argc, argv, "f:o:r:vhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'c':
			color = optarg;
			break;
		case 'p':
			mopts.pci_ids = optarg;
			break;
		case 'v':
			verbose = 1;
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
	if (optind >= argc || argc - optind > 2) {
		if (argc - optind > 2)
			fprintf(stderr, "%s: unexpected argument '%s'\n", program, argv[optind + 2]);
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	if (argc - optind == 2)
		path = argv[optind + 1];
	if (root) {
		struct stat st;

		if (argc - optind == 2) {
			fprintf(stderr, "%s: give either SNAPSHOT or --root, not both\n", program);
			return EXIT_USAGE;
		}
		if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: %s: not a directory\n", program, root);
			return EXIT_SNAPSHOT;
		}
		path = root;
	}
	if (strcmp(cmd, "groups") && strcmp(cmd, "report")) {
		fprintf(stderr, "%s: unknown command '%s' (try --help)\n", program, cmd);
		return EXIT_USAGE;
	}
	if (!format)
		format = strcmp(cmd, "groups") ? "json" : "text";
	if (strcmp(format, "json") && (strcmp(format, "text") || strcmp(cmd, "groups"))) {
		fprintf(stderr, "%s: %s: unsupported --format '%s'\n", program, cmd, format);
		return EXIT_USAGE;
	}
	if (!strcmp(color, "always"))
		ropts.color = 1;
	else if (!strcmp(color, "auto"))
		ropts.color = !output && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	else if (strcmp(color, "never")) {
		fprintf(stderr, "%s: --color: '%s' is not auto, always or never\n", program, color);
		return EXIT_USAGE;
	}

	r = isc_snapshot_open(path, &snap, &err);
	if (r == 0)
		r = isc_model_build(snap, &mopts, &model, &err);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", program, err.text[0] ? err.text : strerror(-r));
		isc_snapshot_free(snap);
		return EXIT_SNAPSHOT;
	}
	if (verbose) {
		for (size_t i = 0; i < model->diags.n; i++)
			fprintf(stderr, "%s: %s%s%.0u: %s\n", program, model->diags.v[i].source,
				model->diags.v[i].line ? ":" : "", model->diags.v[i].line,
				model->diags.v[i].message);
		if (model->diags.dropped)
			fprintf(stderr, "%s: %zu more diagnostics not shown\n", program,
				model->diags.dropped);
	}

	if (output) {
		r = isc_atomic_begin(&atomic, output);
		if (r < 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", program, output, strerror(-r));
			ret = EXIT_OUTPUT;
			goto out;
		}
		out = atomic.f;
	}
	if (!strcmp(cmd, "groups"))
		r = strcmp(format, "json") ? isc_render_groups_text(model, &ropts, out)
					   : isc_render_groups_json(model, out);
	else
		r = isc_render_json(model, out);
	if (r == 0 && output)
		r = isc_atomic_commit(&atomic);
	else if (r == 0 && fflush(out) != 0)
		r = -errno;
	else if (r < 0 && output)
		isc_atomic_abort(&atomic);
	if (r < 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", program,
			output ? output : "to standard output", strerror(-r));
		ret = EXIT_OUTPUT;
	}
out:
	isc_model_free(model);
	isc_snapshot_free(snap);
	return ret;
}
