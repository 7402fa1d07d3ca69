/* SPDX-License-Identifier: MIT */
/*
 * Run one command without a shell: look it up ourselves on the fixed path
 * /usr/sbin:/usr/bin:/sbin:/bin, never PATH (so a missing tool is
 * "missing", not a failed exec, and no user directory is searched), start
 * it in its own session and process group with stdin on /dev/null and a
 * minimal environment, collect stdout (capped) and the start of stderr, and
 * kill the whole group when the clock's deadline passes, whether or not it
 * closed its pipes. What it leaves running (even in a session of its own)
 * is killed when it ends.
 */
#ifndef ISC_RUN_CMD_H
#define ISC_RUN_CMD_H

#include <stddef.h>

#include "buf.h"

enum cmd_status {
	CMD_OK,        /* ran and exited (any exit status) */
	CMD_MISSING,   /* not found on the search path */
	CMD_TIMEOUT,   /* killed at the deadline */
	CMD_TRUNCATED, /* output over the cap; killed */
	CMD_ERROR,     /* could not start, or killed by a signal */
};

struct cmd_result {
	enum cmd_status status;
	int exit_status;  /* valid when the command exited */
	int term_signal;  /* valid when it was killed by a signal */
	long duration_ms;
	struct isc_buf out;
	struct isc_buf err; /* first bytes of stderr */
};

/*
 * Once, before the first run_cmd: become the subreaper of what commands
 * leave. @stop is called (and must not return) when run_cmd_interrupt
 * stopped a command, once that command and all it started are gone.
 */
void run_cmd_init(void (*stop)(int sig));

/*
 * From a signal handler: when a command is running, send @sig to its group
 * and return 1: run_cmd then kills what is left of it (even in sessions of
 * their own) and calls @stop. Returns 0 when no command runs.
 */
int run_cmd_interrupt(int sig);

/* @argv[0] is a bare name searched on the fixed path. Caller frees out/err. */
int run_cmd(const char *const argv[], unsigned timeout_ms, size_t out_cap, struct cmd_result *res);

#endif
