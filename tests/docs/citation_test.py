"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the build; the licence,
repository URL and how to cite agree across CITATION.cff, README.md, LICENSE and the provenance
of result files and batch indexes.

Usage: citation_test.py QUASIM SOURCE_DIR TMPDIR REPOSITORY_URL
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import jsonschema
import yaml

QUASIM, SOURCE, TMP, URL = sys.argv[1:5]
del sys.argv[1:5]


def read(name):
    with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
        return f.read()


def citation():
    return yaml.safe_load(read("CITATION.cff"))


def schema_errors(doc):
    with open(os.path.join(SOURCE, "tests", "docs", "cff-1.2.0", "schema.json")) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(doc)]


def provenance(path):
    with h5py.File(path, "r") as f:
        return {k: (v.decode() if isinstance(v, bytes) else v)
                for k, v in f["provenance"].attrs.items()}


class Citation(unittest.TestCase):
    def test_valid_against_the_1_2_0_schema(self):
        doc = citation()
        self.assertEqual(schema_errors(doc), [])
        for key in ("title", "version", "authors", "license", "repository-code", "abstract",
                    "keywords"):
            self.assertIn(key, doc)
        # The validator can fail: a licence that is not an SPDX identifier, an unknown key.
        self.assertNotEqual(schema_errors(dict(doc, license="Apache 2")), [])
        self.assertNotEqual(schema_errors(dict(doc, repository="x")), [])

    def test_version_is_quasims(self):
        out = subprocess.run([QUASIM, "--version"], capture_output=True, text=True, check=True)
        version = out.stdout.split()[1]  # "quasim 0.1.0 (commit ...)"
        self.assertEqual(str(citation()["version"]), version)

    def test_repository_url_agrees_with_the_build(self):
        self.assertEqual(citation()["repository-code"], URL)
        readme = read("README.md")
        self.assertIn("## How to cite", readme)
        self.assertIn(URL, readme.split("## How to cite", 1)[1])

    def test_licence_is_apache_2(self):
        self.assertEqual(citation()["license"], "Apache-2.0")
        text = read("LICENSE")
        self.assertTrue(text.lstrip().startswith("Apache License"))
        self.assertIn("Version 2.0, January 2004", text)


class Provenance(unittest.TestCase):
    """Every result file and batch index names the repository, licence and how to cite."""

    @classmethod
    def setUpClass(cls):
        os.makedirs(TMP, exist_ok=True)
        cls.dir = tempfile.mkdtemp(prefix="citation-", dir=TMP)
        tiny = os.path.join(SOURCE, "scenarios", "tiny.toml")
        cls.result = os.path.join(cls.dir, "run.h5")
        cls.index = os.path.join(cls.dir, "sweep.h5")
        for cmd in (["run", tiny, "-o", cls.result, "--replicates", "1", "--years", "1", "-q"],
                    ["batch", tiny, "-o", cls.index, "--replicates", "1", "--set",
                     "run.years=1", "--set", "sweep.budget.change_late=[-0.02,0.0]", "-q"]):
            r = subprocess.run([QUASIM, *cmd], capture_output=True, text=True, timeout=120)
            assert r.returncode == 0, r.stderr

    def check(self, path):
        p = provenance(path)
        self.assertEqual(p["repository"], URL)
        self.assertEqual(p["license"], citation()["license"])
        cite = p["how_to_cite"]
        for part in (URL, p["quasim_version"], p["git_commit"], "Apache-2.0", "CITATION.cff"):
            self.assertIn(part, cite)

    def test_result_file(self):
        self.check(self.result)

    def test_batch_index(self):
        self.assertEqual(provenance(self.index)["kind"], "batch index")
        self.check(self.index)


if __name__ == "__main__":
    unittest.main(verbosity=2)
