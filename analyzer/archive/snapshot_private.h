/* SPDX-License-Identifier: MIT */
/* Library-internal access to a snapshot. */
#ifndef ISC_SNAPSHOT_PRIVATE_H
#define ISC_SNAPSHOT_PRIVATE_H

#include "iommuscope/snapshot.h"

/* Damage found while opening (skipped or duplicate entries); borrowed. */
const struct isc_diags *isc_snapshot_diags(const struct isc_snapshot *s);

#endif
