/* SPDX-License-Identifier: MIT */
/*
 * iommuscope-collect: a read-only snapshot of a host's IOMMU and PCI state.
 *
 * This file is the command line: options, the output file and its atomic
 * replacement, the closing summary. What is captured lives in capture.c.
 * The only file this program ever opens for writing is its own temporary
 * output, created beside the target and renamed over it at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "collector.h"
#include "filters.h"
#include "run_cmd.h"

enum { EXIT_WRITTEN = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char *program = "iommuscope-collect";

/* The temporary output, removed by the signal handler if we are stopped. */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

/* Remove our temporary file and die of @sig. */
static void stop(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Stopped: while a command runs, it gets the signal and run_cmd calls
 * stop() once it has killed all that command started; else stop now. */
static void on_signal(int sig)
{
	if (!run_cmd_interrupt(sig))
		stop(sig);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options]\n"
		"\n"
		"Write a read-only snapshot of this host's IOMMU groups, PCI devices, kernel\n"
		"parameters and passthrough configuration to one .tar.gz (or .tar.zst) file.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE   write the snapshot to FILE (a regular file or a new\n"
		"                      name; created 0600); '-' for standard output\n"
		"                      (default: iommuscope-HOST-TIME.tar.gz here)\n"
		"  -r, --root DIR      read the host tree under DIR instead of '/'; commands\n"
		"                      are not run, DIR/cmd/NAME.txt is used if present\n"
		"  -a, --anonymize     replace the host name everywhere with a pseudonym\n"
		"  -t, --timeout SEC   kill each command (its whole process group) after SEC\n"
		"                      seconds by the clock (default 10)\n"
		"  -z, --compress ALG  gzip (the default: every tar opens it) or zstd\n"
		"                      (.tar.zst: half the size, less CPU to write)\n"
		"  -q, --quiet         print nothing but errors\n"
		"  -h, --help          show this help and exit\n"
		"  -V, --version       show the version and exit\n"
		"\n"
		"Exit status: 0 a snapshot was written (even with items missing),\n"
		"1 no snapshot could be written, 2 usage error.\n"
		"See iommuscope-collect(1) and docs/snapshot-format.md.\n",
		program);
}

static int fail(const char *fmt, ...) ISC_PRINTF(1, 2);
static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

/* The name of a host that has none: the kernel's "(none)", or nothing. */
#define NO_HOST_NAME "unknown"

/* Host name for the top directory: letters, digits, '.', '-' and '_' only. */
static void sanitize_host(char *s)
{
	for (; *s; s++)
		if (!(((*s | 32) >= 'a' && (*s | 32) <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			*s = '_';
}

static void read_host_name(struct collector *c, char *out, size_t outsz)
{
	struct utsname u;

	out[0] = '\0';
	if (!c->live) {
		/* A mounted image: its own name, not the machine's running us. */
		struct isc_buf b;

		isc_buf_init(&b, 0);
		if (hostfs_read(&c->fs, "etc/hostname", 255, 0, &b) >= 0 && b.len)
			snprintf(out, outsz, "%.*s", (int)strcspn(b.data, " \t\r\n"), b.data);
		isc_buf_free(&b);
	} else if (uname(&u) == 0) {
		snprintf(out, outsz, "%s", u.nodename);
	}
	/* "(none)" is what uname says before anything set a name (an initramfs,
	 * a fresh guest): no name, not a name to put in a file name. */
	if (!out[0] || !strcmp(out, "(none)"))
		snprintf(out, outsz, NO_HOST_NAME);
}

/* The collection time: now, or SOURCE_DATE_EPOCH for reproducible output. */
static time_t collection_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);

		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISDIR(m) ? "a directory" :
	       S_ISSOCK(m) ? "a socket" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

/*
 * The output must be a regular file (replaced) or a new name: anything else
 * there (a FIFO, /dev/null, a directory, a link) is refused and left as it
 * is. Returns 0 and the existing file's permissions in *ret_perm (or -1), or
 * -EEXIST with *ret_kind set.
 */
static int check_output(const char *target, int *ret_perm, const char **ret_kind)
{
	size_t n = strlen(target);
	struct stat st;

	*ret_perm = -1;
	if (n && target[n - 1] == '/') {
		*ret_kind = "a directory";
		return -EEXIST;
	}
	if (lstat(target, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISREG(st.st_mode)) {
		*ret_kind = file_kind(st.st_mode);
		return -EEXIST;
	}
	*ret_perm = (int)(st.st_mode & 07777);
	return 0;
}

static int open_output(const char *target, int perm, int *ret_fd)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(target, '/');
	mode_t mask;
	int n, fd;

	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - target + (slash == target)),
			 target);
	else
		snprintf(dir, sizeof(dir), ".");
	n = snprintf(tmp_path, sizeof(tmp_path), "%s/.%s.XXXXXX", dir, slash ? slash + 1 : target);
	if (n < 0 || (size_t)n >= sizeof(tmp_path))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp_path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	tmp_live = 1;
	/*
	 * A snapshot holds root-only data (config space, the kernel log): it is
	 * created 0600 (narrower if the umask says so), and replacing a file
	 * never widens what that file allowed.
	 */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, (mode_t)(0600 & ~mask & (perm >= 0 ? (mode_t)perm : 0600))) < 0) {
		int r = -errno;

		close(fd);
		unlink(tmp_path);
		tmp_live = 0;
		return r;
	}
	*ret_fd = fd;
	return 0;
}

static void drop_output(void)
{
	if (tmp_live) {
		unlink(tmp_path);
		tmp_live = 0;
	}
}

static void print_summary(const struct collector *c, const char *where, json_t *items)
{
	size_t i, missing = 0;
	json_t *it;

	fprintf(stderr, "%s: wrote %s\n", program, where);
	fprintf(stderr, "  %zu PCI functions, %zu IOMMU groups%s, config space %s\n",
		c->pci_functions, c->iommu_groups,
		c->iommu_groups ? "" : " (IOMMU off or not in use)",
		c->config_sizes[2] || c->config_sizes[3] ? "partly header-only (not root)" : "full");
	json_array_foreach(items, i, it) {
		const char *st = json_string_value(json_object_get(it, "status"));

		if (strcmp(st, "ok") != 0) {
			fprintf(stderr, "  %-26s %s\n", json_string_value(json_object_get(it, "name")),
				st);
			missing++;
		}
	}
	if (!missing)
		fprintf(stderr, "  every item collected\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"root", required_argument, NULL, 'r'},
		{"anonymize", no_argument, NULL, 'a'},    {"timeout", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},      {"compress", required_argument, NULL, 'z'},
		{NULL, 0, NULL, 0},
	};
	const char *output = NULL, *root = "/", *werr = NULL;
	enum snapshot_codec codec = SNAPSHOT_GZIP;
	char host[256], alias[64], top[512], stamp[32], when[32], deflt[600];
	struct collector c;
	int anonymize = 0, quiet = 0, opt, fd = -1, r, ret = EXIT_FAILED;
	double timeout = 10;
	json_t *manifest = NULL;
	char *mtext = NULL;
	time_t now;
	struct tm tm;

	while ((opt = getopt_long(argc, argv, "o:r:at:qz:hV", opts, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'a':
			anonymize = 1;
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || !(timeout > 0 && timeout <= 3600)) {
				fprintf(stderr, "%s: --timeout: '%s' is not a number of seconds "
						"between 0 and 3600\n", program, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			quiet = 1;
			break;
		case 'z':
			if (!strcmp(optarg, "gzip")) {
				codec = SNAPSHOT_GZIP;
			} else if (!strcmp(optarg, "zstd")) {
				codec = SNAPSHOT_ZSTD;
			} else {
				fprintf(stderr, "%s: --compress: '%s' is not gzip or zstd\n", program,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s %s\n", program, ISC_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", program, argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}

	/* jansson seeds its hash tables from /dev/urandom on first use, which
	 * blocks in a guest whose entropy pool is not ready yet; the manifest
	 * needs no hash randomisation (its key order is insertion order). */
	json_object_seed(0x69736321);

	memset(&c, 0, sizeof(c));
	c.fs.rootfd = -1;
	r = hostfs_open(&c.fs, root);
	if (r < 0)
		return fail("cannot open root directory %s: %s", root, strerror(-r));
	c.live = strcmp(root, "/") == 0;
	c.timeout_ms = (unsigned)(timeout * 1000);
	read_host_name(&c, host, sizeof(host));
	c.host = host;
	if (anonymize) {
		host_pseudonym(host, alias, sizeof(alias));
		c.alias = alias;
	}

	now = collection_time();
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	{
		char safe[256];

		snprintf(safe, sizeof(safe), "%s", c.alias ? c.alias : host);
		sanitize_host(safe);
		snprintf(top, sizeof(top), "iommuscope-%s-%s", safe, stamp);
	}
	if (!output) {
		snprintf(deflt, sizeof(deflt), "%s.tar.%s", top, codec == SNAPSHOT_ZSTD ? "zst" : "gz");
		output = deflt;
	}

	/* Create the output first: no point reading the host if we cannot write. */
	signal(SIGXFSZ, SIG_IGN); /* a file size limit must show up as EFBIG */
	signal(SIGPIPE, SIG_IGN);
	{
		struct sigaction sa = {.sa_handler = on_signal};

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	if (c.live)
		run_cmd_init(stop);
	if (strcmp(output, "-") == 0) {
		if (isatty(STDOUT_FILENO)) {
			fprintf(stderr, "%s: refusing to write a binary archive to a terminal\n",
				program);
			ret = EXIT_USAGE;
			goto out;
		}
		fd = STDOUT_FILENO;
	} else {
		const char *kind = NULL;
		int perm;

		r = check_output(output, &perm, &kind);
		if (r == -EEXIST) {
			ret = fail("refusing to write to %s: it is %s, not a regular file "
				   "(use -o - for standard output)", output, kind);
			goto out;
		}
		if (r == 0)
			r = open_output(output, perm, &fd);
		if (r < 0) {
			ret = fail("cannot create %s: %s", output, strerror(-r));
			goto out;
		}
	}

	c.items = json_array();
	r = snapshot_open(&c.snap, top, (int64_t)now, fd, codec);
	if (r == 0 && !c.items)
		r = -ENOMEM;
	if (r == 0)
		r = collect_all(&c);
	if (r == 0) {
		/* Last: its counts are known only now (docs/snapshot-format.md). */
		manifest = collector_manifest(&c, when);
		mtext = manifest ? json_dumps(manifest, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
		r = mtext ? snapshot_add_file(&c.snap, "manifest.json", mtext, strlen(mtext), -1)
			  : -ENOMEM;
	}
	if (r == 0)
		r = snapshot_close(&c.snap);
	if (r == 0 && fd != STDOUT_FILENO && fsync(fd) < 0)
		r = -errno, werr = strerror(errno);
	else if (r < 0)
		werr = c.snap.err ? c.snap.msg : strerror(-r);
	if (r == -ENOMEM && !c.snap.err) {
		ret = fail("out of memory while collecting");
		goto out;
	}
	if (r < 0) {
		ret = fail("cannot write %s: %s", strcmp(output, "-") ? output : "standard output",
			   werr);
		goto out;
	}
	if (fd != STDOUT_FILENO) {
		const char *kind = NULL;
		int cr = close(fd), perm;

		fd = -1;
		/* Asked again at the end: something may have taken the name since. */
		if (check_output(output, &perm, &kind) == -EEXIST) {
			ret = fail("refusing to write to %s: it is %s, not a regular file "
				   "(use -o - for standard output)", output, kind);
			goto out;
		}
		if (cr < 0 || rename(tmp_path, output) < 0) {
			ret = fail("cannot write %s: %s", output, strerror(errno));
			goto out;
		}
		tmp_live = 0;
	}
	if (!quiet)
		print_summary(&c, strcmp(output, "-") ? output : "standard output", c.items);
	ret = EXIT_WRITTEN;
out:
	if (fd >= 0 && fd != STDOUT_FILENO)
		close(fd);
	drop_output();
	free(mtext);
	json_decref(manifest);
	json_decref(c.items);
	snapshot_out_free(&c.snap);
	hostfs_close(&c.fs);
	return ret;
}
