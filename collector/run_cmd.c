/* SPDX-License-Identifier: MIT */
#include "run_cmd.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ERR_CAP 4096
#define REAP_ROUNDS 64 /* generations of leftover descendants killed */

/* The only places a command is looked for, in this order. Never PATH: a
 * collector run as root must not pick up a user's directory (or, through
 * an empty entry, the current one). */
static const char search_path[] = "/usr/sbin:/usr/bin:/sbin:/bin";

/* The process group of the command running now, for run_cmd_interrupt(). */
static volatile sig_atomic_t running_pgid;
/* A signal that stopped us while it ran: acted on once it is cleaned up. */
static volatile sig_atomic_t stop_sig;
static void (*on_stop)(int sig);

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Find @name on the fixed search path; returns 0 and fills @out, or -ENOENT. */
static int find_command(const char *name, char *out, size_t outsz)
{
	const char *p;

	if (!*name || strchr(name, '/'))
		return -ENOENT;
	for (p = search_path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct stat st;
		int n;

		n = snprintf(out, outsz, "%.*s/%s", (int)len, p, name);
		if (len && n > 0 && (size_t)n < outsz && stat(out, &st) == 0 &&
		    S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
		if (!end)
			break;
		p = end;
	}
	return -ENOENT;
}

void run_cmd_init(void (*stop)(int sig))
{
	/* Descendants a command leaves behind (a daemon started with setsid)
	 * become our children when their parent dies, so we can end them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	on_stop = stop;
}

int run_cmd_interrupt(int sig)
{
	pid_t pg = (pid_t)running_pgid;

	if (pg <= 0)
		return 0;
	stop_sig = sig;
	kill(-pg, sig);
	return 1;
}

/* The parent pid of @pid from /proc/PID/stat ("pid (comm) state ppid ..."). */
static pid_t parent_of(const char *pid)
{
	char path[300], buf[512];
	const char *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold anything, ')' too */
	if (!p || !p[1] || !p[2] || !p[3])
		return -1;
	return (pid_t)atol(p + 4);
}

/*
 * Kill and reap every process that is now our child: what the command left
 * behind, reparented to us as subreaper. Killing one may hand us its
 * children in turn, hence the rounds.
 */
static void reap_leftovers(void)
{
	pid_t self = getpid();

	for (int round = 0; round < REAP_ROUNDS; round++) {
		struct dirent *de;
		int found = 0;
		DIR *d;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		d = opendir("/proc");
		if (!d)
			return;
		while ((de = readdir(d))) {
			if (!isdigit((unsigned char)de->d_name[0]) || parent_of(de->d_name) != self)
				continue;
			kill((pid_t)atol(de->d_name), SIGKILL);
			found = 1;
		}
		closedir(d);
		if (!found)
			return;
		while (waitpid(-1, NULL, 0) > 0)
			;
	}
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
	static char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C",
				     "TERM=dumb", NULL};
	char exe[4096], args[8][128];
	char *argv[9];
	int outp[2] = {-1, -1}, errp[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int out_eof = 0, err_eof = 0, over = 0, err_over = 0, timed_out = 0, exited = 0;
	long start, deadline;
	pid_t pid;
	int status = 0, r, pidfd;

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

	if (find_command(argv[0], exe, sizeof(exe)) < 0) {
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
	/* Its own session, so its own process group: killed as one. */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF |
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

	running_pgid = pid;
	/* A descriptor that becomes readable when the command exits (Linux 5.3);
	 * without it, the loop asks waitpid every 10 ms. */
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	/*
	 * The deadline is the clock's, not the pipes': a command that closed
	 * its output (or handed it to a child) and went on running is still
	 * killed on time. Once it has exited, what is left in the pipes is
	 * read without waiting for an end-of-file that a leftover child holding
	 * them may never give.
	 */
	deadline = start + (long)timeout_ms;
	while ((!exited || !out_eof || !err_eof) && !stop_sig) {
		struct pollfd pfd[3] = {{.fd = out_eof ? -1 : outp[0], .events = POLLIN},
					{.fd = err_eof ? -1 : errp[0], .events = POLLIN},
					{.fd = exited ? -1 : pidfd, .events = POLLIN}};
		long left = deadline - now_ms();
		int wait_ms = exited ? 0 : (int)left;

		if (left <= 0 && !exited) {
			timed_out = 1;
			break;
		}
		if (!exited && pidfd < 0 && wait_ms > 10)
			wait_ms = 10;
		if (poll(pfd, 3, wait_ms) < 0 && errno != EINTR)
			break;
		if (exited && !pfd[0].revents && !pfd[1].revents)
			break; /* exited, and nothing more to read now */
		if (pfd[0].revents)
			drain(outp[0], &res->out, out_cap, &out_eof, &over);
		if (pfd[1].revents)
			drain(errp[0], &res->err, ERR_CAP, &err_eof, &err_over);
		if (over)
			break;
		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = 1;
	}
	/* The whole group goes, whatever it did: killed at the deadline or
	 * over the cap, and anything it left running after a normal exit. */
	kill(-pid, SIGKILL);
	if (!exited)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	res->duration_ms = now_ms() - start;
	if (pidfd >= 0)
		close(pidfd);
	close(outp[0]);
	close(errp[0]);
	reap_leftovers();
	running_pgid = 0;
	/* Stopped meanwhile: only now, with nothing of the command left (a
	 * descendant in a session of its own included), do we go. */
	if (stop_sig && on_stop)
		on_stop(stop_sig);

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
