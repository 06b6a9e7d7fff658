#!/usr/bin/python3
"""quasim info FILE --extract DIR and quasim package FILE -o DIR: the scenario files written
back (the whole extends chain, under their original relative names), the command that
reproduces the run giving the same results, never a write outside DIR, and the RO-Crate's
metadata (parses, every part exists, every reference resolves, its command re-runs the run).

Run by ctest as: /usr/bin/python3 package_test.py QUASIM MAKE_FIXTURE TMPDIR
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from output_test_util import QUASIM, SOURCE, assert_one_line_error, run, scratch  # noqa: E402

SMALL = ["--set", "population.citizens=20000", "--set", "population.agent_weight=10"]


def same_results(test, a, b):
    """Equal content checksums, and every series equal when read with h5py."""
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        test.assertEqual(fa["provenance"].attrs["content_checksum"],
                         fb["provenance"].attrs["content_checksum"])
        names = sorted(fa["series"])
        test.assertEqual(names, sorted(fb["series"]))
        for n in names:
            np.testing.assert_array_equal(fa["series"][n][()], fb["series"][n][()], err_msg=n)


def run_command(line, cwd=None):
    """Runs a reproduce command as printed ("quasim run ..."), with this build's quasim, from
    `cwd` (default: here)."""
    args = shlex.split(line)
    assert args[0] == "quasim", line
    r = subprocess.run([QUASIM, *args[1:], "-q"], cwd=cwd, capture_output=True, text=True,
                       timeout=300, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    return r


def read(path):
    with open(path) as f:
        return f.read()


def command_in(readme):
    """The command in an extracted README.md's ```sh block."""
    return read(readme).split("```sh\n", 1)[1].split("\n```", 1)[0]


class Extract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A chain across folders: variants/child.toml extends ../base/parent.toml, which extends
        # ../baseline.toml (a copy of the shipped one); a two-point sweep with a value that
        # needs full precision.
        cls.dir = scratch("extract")
        src = os.path.join(cls.dir, "src")
        for d in ("variants", "base"):
            os.makedirs(os.path.join(src, d))
        shutil.copy(os.path.join(SOURCE, "scenarios", "baseline.toml"), src)
        cls.sources = {
            "baseline.toml": read(os.path.join(src, "baseline.toml")),
            "base/parent.toml": 'extends = "../baseline.toml"\n# ---- not a file boundary\n\n'
                                '[outsourcing]\ncontract_years = 3\n',
            "variants/child.toml": 'name = "child"\nextends = "../base/parent.toml"\n\n'
                                   '[domain.adult_social_care]\ntender_share = 0.5\n\n'
                                   '[sweep]\n"outsourcing.price_weight" = [0.4, 0.123456789012345]\n',
        }
        for name, text in cls.sources.items():
            with open(os.path.join(src, name), "w") as f:
                f.write(text)
        cls.out = os.path.join(cls.dir, "run.h5")
        r = run(QUASIM, "run", os.path.join(src, "variants", "child.toml"), "-o", cls.out,
                "--seed", 7, "--replicates", 2, "--years", 2, *SMALL, "-q", timeout=300)
        assert r.returncode == 0, r.stderr
        cls.point = os.path.join(cls.dir, "run.p001.h5")

    def test_extract_writes_the_chain_and_the_command_reproduces_the_run(self):
        dest = os.path.join(self.dir, "extracted")
        r = run(QUASIM, "info", self.point, "--extract", dest)
        self.assertEqual(r.returncode, 0, r.stderr)
        for name, text in self.sources.items():  # byte for byte, under the original names
            self.assertEqual(read(os.path.join(dest, name)), text, name)
        command = command_in(os.path.join(dest, "README.md"))
        self.assertIn(command, r.stdout)
        self.assertIn("--seed 7 --replicates 2 --years 2", command)
        self.assertIn("sweep.outsourcing.price_weight=[0.123456789012345]", command)
        self.assertIn("Checked when extracted", read(os.path.join(dest, "README.md")))
        run_command(command)
        same_results(self, self.point, os.path.join(dest, "reproduced.h5"))

    def test_a_non_empty_folder_is_refused_unless_forced(self):
        dest = os.path.join(self.dir, "busy")
        os.makedirs(dest)
        with open(os.path.join(dest, "notes.txt"), "w") as f:
            f.write("mine\n")
        r = run(QUASIM, "info", self.point, "--extract", dest)
        assert_one_line_error(self, r, [dest, "not empty", "--force"])
        self.assertEqual(os.listdir(dest), ["notes.txt"])
        r = run(QUASIM, "info", self.point, "--extract", dest, "--force")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(dest, "variants", "child.toml")))
        self.assertEqual(read(os.path.join(dest, "notes.txt")), "mine\n")

    def crafted(self, name, text):
        path = os.path.join(self.dir, name)
        shutil.copy(self.point, path)
        with h5py.File(path, "a") as f:
            f["provenance"].attrs["scenario_text"] = text
        return path

    def test_names_from_the_file_never_lead_outside_the_folder(self):
        # A file placed above another's folder by `..`: refused, nothing written anywhere.
        climbing = self.crafted("climb.h5", '# ---- a/x.toml\nextends = "../../y.toml"\n\n'
                                            '# ---- a/../../y.toml\n[run]\nyears = 2\n')
        dest = os.path.join(self.dir, "climb")
        before = sorted(os.listdir(self.dir))
        r = run(QUASIM, "info", climbing, "--extract", dest)
        assert_one_line_error(self, r, [climbing, "cannot place", "../y.toml"])
        self.assertEqual(sorted(os.listdir(self.dir)), before)
        # An absolute name is made relative to its folder: written inside DEST only.
        absolute = self.crafted("abs.h5", "# ---- /etc/passwd.toml\n[run]\nyears = 2\n")
        dest = os.path.join(self.dir, "abs")
        r = run(QUASIM, "info", absolute, "--extract", dest)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(dest)), ["README.md", "passwd.toml"])
        self.assertIn("do not give exactly the parameters", r.stdout)

    def test_a_batch_index_gives_the_batch_command(self):
        index = os.path.join(self.dir, "batch.h5")
        r = run(QUASIM, "batch", os.path.join(SOURCE, "scenarios", "tiny.toml"), "-o", index,
                "--replicates", 1, "--set", "run.years=1", "--set",
                "sweep.budget.change_early=[-0.03,0.0]", "-q", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        dest = os.path.join(self.dir, "batch")
        r = run(QUASIM, "info", index, "--extract", dest)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(dest)), ["README.md", "baseline.toml", "tiny.toml"])
        command = command_in(os.path.join(dest, "README.md"))
        self.assertTrue(command.startswith("quasim batch "), command)
        run_command(command)
        for k in ("p000", "p001"):
            same_results(self, os.path.join(self.dir, f"batch.{k}.h5"),
                         os.path.join(dest, f"reproduced.{k}.h5"))


class Package(unittest.TestCase):
    def test_the_crate_is_complete_and_its_command_reproduces_the_run(self):
        folder = scratch("package")
        result = os.path.join(folder, "tiny.h5")
        r = run(QUASIM, "run", os.path.join(SOURCE, "scenarios", "tiny.toml"), "-o", result,
                "--seed", 3, "--replicates", 2, "--years", 2, "-q", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        crate = os.path.join(folder, "crate")
        r = run(QUASIM, "package", result, "-o", crate)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(crate, "ro-crate-metadata.json")) as f:
            meta = json.load(f)
        self.assertEqual(meta["@context"], "https://w3id.org/ro/crate/1.1/context")
        graph = {e["@id"]: e for e in meta["@graph"]}
        self.assertEqual(len(graph), len(meta["@graph"]))  # no @id twice
        self.assertEqual(graph["ro-crate-metadata.json"]["about"], {"@id": "./"})
        root = graph["./"]
        self.assertEqual(root["@type"], "Dataset")
        for key in ("name", "description", "datePublished", "license"):
            self.assertIn(key, root)
        parts = [p["@id"] for p in root["hasPart"]]
        for p in parts:
            self.assertTrue(os.path.isfile(os.path.join(crate, p)), p)
        for p in ("tiny.h5", "scenario/tiny.toml", "scenario/baseline.toml", "README.md",
                  "LICENSE", "CITATION.cff"):
            self.assertIn(p, parts)

        def references(node):
            if isinstance(node, dict):
                if set(node) == {"@id"}:
                    yield node["@id"]
                for v in node.values():
                    yield from references(v)
            elif isinstance(node, list):
                for v in node:
                    yield from references(v)

        for ref in references(meta["@graph"]):
            if ref != "https://w3id.org/ro/crate/1.1":  # the profile, by definition outside
                self.assertIn(ref, graph)
        app = graph["#quasim"]
        self.assertEqual(app["@type"], "SoftwareApplication")
        with h5py.File(result, "r") as f:
            prov = dict(f["provenance"].attrs)
        self.assertEqual(app["version"], prov["quasim_version"])
        self.assertIn(prov["git_commit"], app["identifier"])
        self.assertEqual(app["url"], prov["repository"])
        action = graph["#run"]
        self.assertEqual(action["@type"], "CreateAction")
        self.assertEqual(action["instrument"], {"@id": "#quasim"})
        self.assertEqual(action["result"], [{"@id": "tiny.h5"}])
        self.assertEqual(action["object"][0], {"@id": "scenario/tiny.toml"})
        self.assertEqual(command_in(os.path.join(crate, "README.md")), action["description"])
        run_command(action["description"], crate)
        same_results(self, result, os.path.join(crate, "reproduced.h5"))

    def test_an_existing_folder_is_refused_and_a_failure_leaves_nothing(self):
        folder = scratch("package-bad")
        busy = os.path.join(folder, "busy")
        os.makedirs(busy)
        open(os.path.join(busy, "x"), "w").close()
        r = run(QUASIM, "package", os.path.join(folder, "none.h5"), "-o", busy)
        assert_one_line_error(self, r, [busy, "not an empty folder"])
        r = run(QUASIM, "package", os.path.join(folder, "none.h5"), "-o",
                os.path.join(folder, "new"))
        self.assertNotEqual(r.returncode, 0)
        self.assertFalse(os.path.exists(os.path.join(folder, "new")))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
