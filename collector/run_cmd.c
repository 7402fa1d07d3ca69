/* SPDX-License-Identifier: MIT */
#include "run_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ERR_CAP 4096

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Find @name on PATH; returns 0 and fills @out, or -ENOENT. */
static int find_on_path(const char *name, char *out, size_t outsz)
{
	const char *path = getenv("PATH");
	const char *p;

	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct stat st;
		int n;

		n = snprintf(out, outsz, "%.*s/%s", (int)len, len ? p : ".", name);
		if (n > 0 && (size_t)n < outsz && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(out, X_OK) == 0)
			return 0;
		if (!end)
			break;
		p = end;
	}
	return -ENOENT;
}

static void drain(int fd, struct isc_buf *b, size_t cap, int *eof, int *over)
{
	char chunk[16384];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0) {
		if (errno != EINTR && errno != EAGAIN)
			*eof = 1;
		return;
	}
	if (n == 0) {
		*eof = 1;
		return;
	}
	if ((size_t)n > cap - b->len) {
		isc_buf_append(b, chunk, cap - b->len);
		*over = 1;
		return;
	}
	if (isc_buf_append(b, chunk, (size_t)n) < 0)
		*over = 1;
}

int run_cmd(const char *const argv_in[], unsigned timeout_ms, size_t out_cap, struct cmd_result *res)
{
	/* No inherited environment: nothing of the user's reaches the output,
	 * and the C locale keeps the text stable for the parsers. */
	static char *const envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
				     "/sbin:/bin",
				     "LC_ALL=C", "TERM=dumb", NULL};
	char exe[4096], args[8][128];
	char *argv[9];
	int outp[2] = {-1, -1}, errp[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int out_eof = 0, err_eof = 0, over = 0, err_over = 0, timed_out = 0;
	long start, deadline;
	pid_t pid;
	int status, r;

	/* posix_spawn wants mutable strings; our argv is a const table. */
	for (size_t i = 0; i < 8; i++) {
		argv[i] = argv_in[i] ? args[i] : NULL;
		if (!argv_in[i])
			break;
		snprintf(args[i], sizeof(args[i]), "%s", argv_in[i]);
	}
	argv[8] = NULL;
	memset(res, 0, sizeof(*res));
	isc_buf_init(&res->out, out_cap);
	isc_buf_init(&res->err, ERR_CAP);

	if (find_on_path(argv[0], exe, sizeof(exe)) < 0) {
		res->status = CMD_MISSING;
		return 0;
	}
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		r = -errno;
		goto fail_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
						POSIX_SPAWN_SETSIGMASK);
	{
		sigset_t all, none;

		sigfillset(&all);
		sigemptyset(&none);
		posix_spawnattr_setsigdefault(&attr, &all);
		posix_spawnattr_setsigmask(&attr, &none);
	}
	start = now_ms();
	r = posix_spawn(&pid, exe, &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	if (r != 0) {
		r = -r;
		goto fail_pipes;
	}

	deadline = start + (long)timeout_ms;
	while (!out_eof || !err_eof) {
		struct pollfd pfd[2] = {{.fd = out_eof ? -1 : outp[0], .events = POLLIN},
					{.fd = err_eof ? -1 : errp[0], .events = POLLIN}};
		long left = deadline - now_ms();

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		if (poll(pfd, 2, (int)left) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			drain(outp[0], &res->out, out_cap, &out_eof, &over);
		if (pfd[1].revents)
			drain(errp[0], &res->err, ERR_CAP, &err_eof, &err_over);
		if (over)
			break;
	}
	if (timed_out || over)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res->duration_ms = now_ms() - start;
	close(outp[0]);
	close(errp[0]);

	if (timed_out)
		res->status = CMD_TIMEOUT;
	else if (over)
		res->status = CMD_TRUNCATED;
	else if (WIFEXITED(status)) {
		res->status = CMD_OK;
		res->exit_status = WEXITSTATUS(status);
	} else {
		res->status = CMD_ERROR;
		res->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	return 0;

fail_pipes:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	res->status = CMD_ERROR;
	return r;
}
