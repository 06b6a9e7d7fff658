"""Shared set-up of the Python output tests: arguments, scratch directories, fixture files.

Every test script is run by ctest as: /usr/bin/python3 SCRIPT QUASIM MAKE_FIXTURE TMPDIR
"""
import os
import subprocess
import sys
import tempfile

if len(sys.argv) < 4:
    sys.exit(f"usage: {sys.argv[0]} QUASIM MAKE_FIXTURE TMPDIR")
QUASIM, MAKE_FIXTURE, TMP = sys.argv[1:4]
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = "/usr/bin/python3"

KEY_SERIES = [
    "spending_total", "funding_gap", "unmet_need", "outcome_mean", "outcome_inequality",
    "satisfaction_mean", "trust_mean", "providers_active", "hhi", "bids_per_tender",
    "contract_price_index", "transaction_costs", "value_for_money",
]


def scratch(name):
    """A fresh directory for one test (ctest may run the scripts in parallel)."""
    os.makedirs(TMP, exist_ok=True)
    return tempfile.mkdtemp(prefix=name + "-", dir=TMP)


def fixture(path, *args):
    """Writes a fabricated result file with make_fixture (options as in make_fixture.cpp)."""
    subprocess.run([MAKE_FIXTURE, path, *map(str, args)], check=True)
    return path


def run(*args):
    """Runs a command, capturing text output; never raises on a non-zero exit."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=240)


def main():
    import unittest
    unittest.main(argv=[sys.argv[0], "-v"])
