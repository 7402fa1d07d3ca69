/* SPDX-License-Identifier: MIT */
/*
 * Run one command without a shell: look it up on PATH ourselves (so a
 * missing tool is "missing", not a failed exec), start it in its own
 * process group with stdin on /dev/null and a minimal environment, collect
 * stdout (capped) and the start of stderr, and kill the whole group when
 * the deadline passes.
 */
#ifndef ISC_RUN_CMD_H
#define ISC_RUN_CMD_H

#include <stddef.h>

#include "buf.h"

enum cmd_status {
	CMD_OK,        /* ran and exited (any exit status) */
	CMD_MISSING,   /* not found on PATH */
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

/* @argv[0] is a bare name searched on PATH. Caller frees out/err. */
int run_cmd(const char *const argv[], unsigned timeout_ms, size_t out_cap, struct cmd_result *res);

#endif
