#!/usr/bin/python3
"""A sweep's /sweep coordinates are the same however the batch ran (one thread, two, shards
merged, MPI ranks where mpirun exists), and the response charts of output/sweep_charts.py:
written for a one- and a two-parameter sweep of scenarios/tiny.toml, their numbers the medians
h5py reads, the heatmap for many values, the report section's HTML, and `quasim plot` of an
index drawing them.

Run by ctest as: /usr/bin/python3 sweep_test.py QUASIM MAKE_FIXTURE TMPDIR
"""
import base64
import html.parser
import os
import shutil
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from output_test_util import (KEY_SERIES, QUASIM, SOURCE, batch_index, run,  # noqa: E402
                              scratch, tiny_batch)

sys.path.insert(0, os.path.join(SOURCE, "output"))
import plot  # noqa: E402
import quasim_reader as reader  # noqa: E402
import sweep_charts  # noqa: E402

TINY = os.path.join(SOURCE, "scenarios", "tiny.toml")
PNG = b"\x89PNG\r\n\x1a\n"
TWO = ["--set", "sweep.budget.change_early=[-0.06,0.0]",
       "--set", 'sweep.mutuals.governance=["employee_led","joint_venture"]']


batch = tiny_batch  # quasim batch of tiny.toml, 2 replicates of 3 years


def contents(path, only_float=False):
    """{dataset path: bytes (or list of str)} of every dataset in a file, read by h5py."""
    out = {}

    def visit(name, obj):
        if not isinstance(obj, h5py.Dataset):
            return
        if obj.dtype.kind == "f":
            out[name] = obj[...].tobytes()
        elif not only_float:
            out[name] = [v.decode() if isinstance(v, bytes) else v for v in obj[...].tolist()]
    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return out


def sweep_group(path):
    """/sweep of an index: datasets and their units/description, as plain values."""
    with h5py.File(path, "r") as f:
        g = f["sweep"]
        return {"parameters": g.attrs["parameters"],
                **{k: ([v.decode() if isinstance(v, bytes) else v for v in ds[...].tolist()],
                       ds.dtype.kind, ds.attrs["units"], ds.attrs["description"])
                   for k, ds in g.items()}}


class Layouts(unittest.TestCase):
    """The batch's layout leaves no trace in its numbers or its /sweep."""

    def test_threads_shards_and_mpi_give_the_same_points_and_sweep(self):
        d = scratch("sweep-layouts")
        ref = batch(os.path.join(d, "one", "s.h5"), "--threads", "1", *TWO)
        others = {"two threads": batch(os.path.join(d, "two", "s.h5"), "--threads", "2", *TWO)}
        sharded = os.path.join(d, "shards", "s.h5")
        for k in range(2):
            batch(sharded, "--shard", f"{k}/2", *TWO)
        r = run(QUASIM, "merge", sharded + ".parts", "-o", sharded)
        self.assertEqual(r.returncode, 0, r.stderr)
        others["2 shards + merge"] = sharded
        mpirun = shutil.which("mpirun")
        if mpirun:
            mpi = os.path.join(d, "mpi", "s.h5")
            os.makedirs(os.path.dirname(mpi))
            r = run(mpirun, "--oversubscribe", "--allow-run-as-root", "-np", 2, QUASIM, "batch",
                    TINY, "-o", mpi, "--replicates", 2, "--set", "run.years=3", "-q",
                    "--threads", 1, *TWO, timeout=180)
            if r.returncode == 0:
                others["mpirun -np 2"] = mpi
                print("compared: mpirun -np 2")
            else:
                print(f"note: mpirun failed here, MPI not compared: {r.stderr.strip()[:200]}")
        expected = sweep_group(ref)
        self.assertEqual(expected["parameters"], "budget.change_early, mutuals.governance")
        self.assertEqual(expected["budget.change_early"][:2], ([-0.06, -0.06, 0.0, 0.0], "f"))
        self.assertEqual(expected["mutuals.governance"][:2],
                         (["employee_led", "joint_venture"] * 2, "O"))
        self.assertEqual(expected["point"][0], [0, 1, 2, 3])
        for name, index in others.items():
            with self.subTest(layout=name):
                self.assertEqual(sweep_group(index), expected)
                for k in range(4):
                    a = contents(ref.replace(".h5", f".p{k:03d}.h5"), only_float=True)
                    b = contents(index.replace(".h5", f".p{k:03d}.h5"), only_float=True)
                    self.assertEqual(a.keys(), b.keys())
                    self.assertEqual([n for n in a if a[n] != b[n]], [], f"point {k}")

    def test_list_and_empty_text_values_stay_whole(self):
        d = scratch("sweep-lists")
        index = batch(os.path.join(d, "l.h5"),
                      "--set", "sweep.difficulty.share=[[0.3,0.5,0.2],[0.2,0.5,0.3]]",
                      "--set", 'sweep.outsourcing.excluded_provider=["", "large_private-1"]',
                      replicates=1)
        s = reader.sweep_coordinates(index)
        self.assertEqual(s["difficulty.share"], ["[0.3, 0.5, 0.2]"] * 2 + ["[0.2, 0.5, 0.3]"] * 2)
        self.assertEqual(s["outsourcing.excluded_provider"], ["", "large_private-1"] * 2)
        self.assertFalse(s.numeric("difficulty.share"))


class HtmlParts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


class ResponseCharts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("sweep-charts")
        cls.one = batch_index(os.path.join(cls.dir))  # budget.change_late = -0.02, 0.0
        cls.two = batch(os.path.join(cls.dir, "two", "two.h5"), *TWO)

    def charts(self, index, outdir):
        results = plot.label(plot.load_files([index]))
        return results, sweep_charts.response_charts(results, index, outdir)

    def test_one_parameter_charts_and_their_numbers(self):
        out = os.path.join(self.dir, "one")
        results, paths = self.charts(self.one, out)
        self.assertEqual(sorted(os.path.basename(p) for p in paths),
                         sorted(f"response_{n}.png" for n in KEY_SERIES))
        for p in paths:
            with open(p, "rb") as f:
                self.assertEqual(f.read(8), PNG, p)
        # The charted medians are the medians over replicates of the final year, by h5py.
        sweep = reader.sweep_coordinates(self.one)
        rows = sweep_charts._frame(results, sweep, "unmet_need")
        with h5py.File(self.one, "r") as f:
            for k, name in enumerate(sweep.points):
                target = os.path.join(self.dir, f["points"].get(name, getlink=True).filename)
                with h5py.File(target, "r") as p:
                    final = p["series/unmet_need"][:, -1]
                self.assertEqual(rows[k][0], {"budget.change_late": sweep["budget.change_late"][k]})
                self.assertAlmostEqual(rows[k][1]["median"], float(np.median(final)), places=12)
                self.assertAlmostEqual(rows[k][1]["p95"], float(np.percentile(final, 95)),
                                       places=12)

    def test_the_page_words_runs_percent_and_the_parameter_described(self):
        results = plot.label(plot.load_files([self.one]))
        sweep = reader.sweep_coordinates(self.one)
        rows = sweep_charts._frame(results, sweep, "unmet_need")
        fig = sweep_charts._one_parameter("unmet_need", rows, "budget.change_late", results,
                                          sweep)
        try:
            ax = fig.axes[0]
            self.assertEqual(ax.yaxis.get_major_formatter()(0.25, 0), "25%")  # as the report
            legend = [t.get_text() for t in ax.get_legend().get_texts()]
            self.assertEqual(legend, ["median", "middle 50% of runs", "middle 90% of runs"])
            xlabel = ax.get_xlabel()
            self.assertTrue(xlabel.startswith("budget.change_late (1/yr)\n"), xlabel)
            description = sweep.descriptions["budget.change_late"].split(" (seed ")[0]
            self.assertIn(description[:30], xlabel.replace("\n", " "))
            words = " ".join(t.get_text() for t in fig.texts)
            self.assertIn("runs", words)
            self.assertNotIn("replicate", words)
        finally:
            sweep_charts.plt.close(fig)
        page = "\n".join(sweep_charts.report_section(results, sweep,
                                                     os.path.join(self.dir, "words")))
        self.assertNotIn("replicate", page)
        self.assertIn(f"Against <code>budget.change_late</code> (1/yr): {description}", page)
        self.assertIn("Unmet need</strong> <span class=\"code\">unmet_need</span>", page)

    def test_two_parameter_charts_and_report_section(self):
        out = os.path.join(self.dir, "two_out")
        results, paths = self.charts(self.two, out)
        self.assertEqual(len(paths), len(KEY_SERIES))
        sweep = reader.sweep_coordinates(self.two)
        self.assertEqual(sweep_charts._layout(sweep), ("budget.change_early",
                                                       "mutuals.governance", []))
        parts = sweep_charts.report_section(results, sweep, out)
        page = "\n".join(parts)
        self.assertTrue(parts[0].startswith('<section id="sweep-response">'))
        self.assertEqual(parts[-1], "</section>")
        p = HtmlParts()
        p.feed(page)
        tags = [t for t, _ in p.tags]
        self.assertEqual(tags.count("h2"), 1)
        self.assertIn("p", tags)
        images = [a for t, a in p.tags if t == "img"]
        self.assertEqual(len(images), len(KEY_SERIES))
        for a in images:
            self.assertTrue(a["src"].startswith("data:image/png;base64,"))
            self.assertEqual(base64.b64decode(a["src"].split(",", 1)[1])[:8], PNG)
            self.assertIn("budget.change_early", a["alt"])
            self.assertIn("median", a["alt"])
        self.assertIn("Unmet need in 2012 against budget.change_early", page)
        self.assertIn("real terms at 2010 prices", page)  # the price base of money
        self.assertIn("<code>mutuals.governance</code>", page)

    def test_three_parameters_hold_the_rest(self):
        sweep = reader.Sweep()
        sweep.update({"a": [1.0, 2.0] * 4, "b": ["x", "x", "y", "y"] * 2,
                      "c": [0.0] * 4 + [1.0] * 4})
        self.assertEqual(sweep_charts._layout(sweep), ("a", "b", [("c", 0.0)]))

    def test_many_values_draw_a_heatmap(self):
        """Nine values of the line parameter: a heatmap of medians, not nine lines."""
        xs, ys = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [10.0, 20.0, 30.0, 40.0, 50.0,
                                                                  60.0, 70.0, 80.0, 90.0]
        sweep = reader.Sweep()
        sweep["p"] = [x for x in xs for _ in ys]
        sweep["q"] = [y for _ in xs for y in ys]
        sweep.labels = [f"p={x:g}, q={y:g}" for x in xs for y in ys]
        years = np.array([2010, 2011])
        results = []
        for i, label in enumerate(sweep.labels):
            values = np.full((3, 2), float(i)) + np.arange(3)[:, None]  # medians i + 1
            results.append(plot.Result(path=f"p{i}.h5", provenance={"start_year": 2010},
                                       years=years, series={"unmet_need": values},
                                       units={"unmet_need": "share (0-1)"}, point=label))
        called = []
        original = sweep_charts._heatmap
        sweep_charts._heatmap = lambda *a, **k: called.append(a[0]) or original(*a, **k)
        try:
            paths = sweep_charts.response_charts(results, sweep, os.path.join(self.dir, "heat"))
        finally:
            sweep_charts._heatmap = original
        self.assertEqual([os.path.basename(p) for p in paths], ["response_unmet_need.png"])
        self.assertEqual(called, ["unmet_need"])
        rows = sweep_charts._frame(results, sweep, "unmet_need")
        self.assertEqual([s["median"] for _, s in rows], [i + 1.0 for i in range(81)])

    def test_results_of_another_sweep_are_refused(self):
        results = plot.label(plot.load_files([self.one]))
        with self.assertRaises(reader.InputError):
            sweep_charts.response_charts(results[:1], reader.sweep_coordinates(self.two),
                                         os.path.join(self.dir, "never"))

    def test_quasim_plot_of_an_index_draws_the_response(self):
        out = os.path.join(self.dir, "plot_out")
        r = run(QUASIM, "plot", self.two, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        printed = r.stdout.split()
        for name in KEY_SERIES:
            self.assertIn(os.path.join(out, f"response_{name}.png"), printed)
        point = self.two.replace(".h5", ".p000.h5")
        r = run(QUASIM, "plot", point, "-o", os.path.join(self.dir, "plot_point"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("response_", r.stdout)  # a plain result file has no sweep


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
