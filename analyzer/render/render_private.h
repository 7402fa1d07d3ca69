/* SPDX-License-Identifier: MIT */
/* Helpers the renderers share. */
#ifndef ISC_RENDER_PRIVATE_H
#define ISC_RENDER_PRIVATE_H

#include <stdio.h>

/* Host-derived text as Markdown text: what could start markup is escaped. */
void md_text(FILE *out, const char *s, int in_table);
/* Host-derived text as a Markdown code span (| escaped inside tables). */
void md_code(FILE *out, const char *s, int in_table);

#endif
