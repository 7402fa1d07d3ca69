/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harnesses: each file defines LLVMFuzzerTestOneInput. Built with
 * clang and -DISC_FUZZ=ON they link libFuzzer; otherwise replay.c gives
 * them a main() that runs every file of a corpus through them, so ordinary
 * CI replays every seed and every reproducer.
 */
#ifndef ISC_FUZZ_H
#define ISC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "iommuscope/model.h"
#include "iommuscope/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The whole analyzer over one snapshot: model, report, every renderer,
 * and a whatif under the override with the IOMMU on. Never fails the run:
 * any error is an answer, only crashes and sanitizer reports are bugs.
 */
void fuzz_pipeline(struct isc_snapshot *s);

/* Model options for every harness: names from tests/fuzz/pci.ids, not the host's. */
const struct isc_model_options *fuzz_model_options(void);

#endif
