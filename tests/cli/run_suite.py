#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run one unittest suite for ctest: exit 0 when it passed, 1 when it failed,
77 (ctest's SKIP_RETURN_CODE) when every test in it skipped, so a missing
../shared shows up as "Skipped" in ctest's summary, not as "Passed".

Usage: run_suite.py module.Class"""

import sys
import unittest


def main():
    suite = unittest.defaultTestLoader.loadTestsFromName(sys.argv[1])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful():
        return 1
    if result.testsRun and len(result.skipped) == result.testsRun:
        for _, reason in result.skipped[:1]:
            print("all skipped: %s" % reason)
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
