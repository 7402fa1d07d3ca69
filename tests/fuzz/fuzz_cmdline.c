/* SPDX-License-Identifier: MIT */
/*
 * Kernel command-line text: the splitter, the override list, devspecs and
 * config_acs specs (as running parameters and as whatif requests), over a
 * small fixed topology.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "iommuscope/sim.h"
#include "parsers/parsers.h"

static const char topology[] =
	"00:00.0 Host bridge [0600]: Intel Corporation Device [8086:3e30]\n"
	"00:1c.0 PCI bridge [0604]: Intel Corporation Device [8086:a338]\n"
	"\tBus: primary=00, secondary=01, subordinate=02, sec-latency=0\n"
	"\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00\n"
	"01:00.0 PCI bridge [0604]: PLX Technology, Inc. Device [10b5:8747]\n"
	"\tBus: primary=01, secondary=02, subordinate=02, sec-latency=0\n"
	"\tCapabilities: [68] Express (v2) Upstream Port, MSI 00\n"
	"02:00.0 VGA compatible controller [0300]: NVIDIA Corporation Device [10de:1b80]\n"
	"\tCapabilities: [68] Express (v2) Legacy Endpoint, MSI 00\n"
	"IOMMU Group 1:\n\t00:1c.0 x\n\t01:00.0 x\n\t02:00.0 x\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), **params = NULL, err[128];
	size_t n = 0;
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_error e = {{0}};
	struct isc_sim_params p;
	struct isc_sim *sim = NULL;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (isc_cmdline_split(text, &params, &n) >= 0) {
		for (size_t i = 0; i < n; i++)
			free(params[i]);
		free(params);
	}
	if (isc_snapshot_open_memory(topology, sizeof(topology) - 1, "topology", &s, &e) == 0 &&
	    isc_model_build(s, fuzz_model_options(), &m, &e) == 0) {
		isc_sim_params_running(m, 1, ISC_UNKNOWN, &p);
		(void)isc_sim_parse_override(text, &p, err, sizeof(err));
		p.disable_acs_redir = p.config_acs = text;
		p.was_disable_acs_redir = p.was_config_acs = text + size / 2;
		for (size_t i = 0; i < m->n_devices; i++)
			(void)isc_sim_devspec_match(m, text, &m->devices[i]);
		if (isc_sim_run(m, &p, &sim) == 0)
			(void)isc_sim_mismatch(sim, NULL);
	}
	isc_sim_free(sim);
	isc_model_free(m);
	isc_snapshot_free(s);
	free(text);
	return 0;
}
