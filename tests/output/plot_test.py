"""`quasim plot`: one fan chart per key series plus market shares, scenarios overlaid; with
several files whose runs pair, a difference chart per key series (each minus the first)."""
import os
import subprocess
import unittest

from output_test_util import (KEY_SERIES, PYTHON, QUASIM, SOURCE, assert_one_line_error,
                              batch_index, fixture, hostile_inputs, main, mark_partial, run,
                              scratch)

PLOT = os.path.join(SOURCE, "output", "plot.py")

PNG = b"\x89PNG\r\n\x1a\n"


def png_size(path):
    """Width and height from the PNG header."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == PNG, path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


class Plot(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("plot")
        cls.a = fixture(os.path.join(cls.dir, "a.h5"), "--name", "baseline", "--replicates", 20,
                        "--years", 15)
        # The same seed as a: replicate r of each saw the same luck, so the runs pair.
        cls.b = fixture(os.path.join(cls.dir, "b.h5"), "--name", "austerity", "--replicates", 20,
                        "--years", 15, "--budget-change", -0.05)

    def check_charts(self, out, listed, differences=False):
        names = sorted(os.listdir(out))
        want = [f"{s}.png" for s in KEY_SERIES] + ["market_share.png"]
        if differences:
            want += [f"difference_{s}.png" for s in KEY_SERIES]
        self.assertEqual(names, sorted(want))
        self.assertEqual(sorted(os.path.basename(p) for p in listed), names)
        for n in names:
            path = os.path.join(out, n)
            self.assertGreater(os.path.getsize(path), 15000, n)  # a drawn chart, not a blank
            w, h = png_size(path)
            self.assertGreaterEqual(w, 550, n)
            self.assertGreaterEqual(h, 350, n)

    def test_two_scenarios_overlaid_and_their_differences(self):
        out = os.path.join(self.dir, "two", "charts")  # parent missing too: created
        r = run(QUASIM, "plot", self.a, self.b, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_charts(out, r.stdout.split(), differences=True)

    def test_one_scenario(self):
        out = os.path.join(self.dir, "one")
        r = run(QUASIM, "plot", self.a, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_charts(out, r.stdout.split())

    def test_unpaired_files_get_levels_and_a_warning(self):
        c = fixture(os.path.join(self.dir, "c.h5"), "--name", "other", "--seed", 2)
        out = os.path.join(self.dir, "unpaired")
        r = run(PYTHON, PLOT, self.a, c, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], r"^warning: .*c\.h5: its runs do not pair .*no difference chart")
        self.assertFalse(any(n.startswith("difference_") for n in os.listdir(out)))

    def test_charts_carry_units_titles_and_legends(self):
        # Drive the module directly to look inside the figures before they become pixels.
        code = f"""
import sys; sys.path.insert(0, {os.path.join(SOURCE, 'output')!r})
import matplotlib.pyplot as plt, plot
saved = []
plt.Figure.savefig = lambda fig, path, **k: (saved.append(fig), open(path, "wb").close())
rs = plot.label([plot.load({self.a!r}), plot.load({self.b!r})])
plot.make_charts(rs, {os.path.join(self.dir, 'inspect')!r})
plot.difference_charts(rs, {os.path.join(self.dir, 'inspect')!r})
ax = saved[2].axes[0]
print(ax.get_ylabel()); print(ax.get_title())
legend = saved[2].legends[0]
print('|'.join(t.get_text() for t in legend.get_texts()) + '|' + legend.get_title().get_text())
print(ax.get_legend() is None)  # no legend inside the axes, over the data
print(saved[14]._suptitle.get_text())
d = saved[15 + 2].axes[0]  # difference_unmet_need
print(d.get_title()); print(d.get_ylabel().replace(chr(10), ' '))
print(any(l.get_ydata()[0] == 0 and list(l.get_ydata()) == [0, 0] for l in d.get_lines()))
print('|'.join(t.get_text() for t in saved[17].legends[0].get_texts()))
print('|'.join(t.get_text() for t in d.get_yticklabels()))
"""
        r = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        (ylabel, title, legend, inside, market, dtitle, dylabel, zero, dlegend,
         ticks) = r.stdout.splitlines()
        self.assertEqual(ylabel, "% (share)")                    # unmet_need in percent
        self.assertEqual(title, "Unmet need")                    # its plain label
        self.assertEqual(legend, "baseline|austerity|line: median; shading: 50% (darker) and "
                                 "90% of runs")
        self.assertEqual(inside, "True")
        self.assertIn("Market share by provider type", market)
        self.assertEqual(dtitle, "Unmet need: austerity minus baseline")
        self.assertEqual(dylabel, "difference, percentage points (below 0 is better)")
        self.assertEqual(zero, "True")                           # the zero line
        self.assertEqual(dlegend, "median difference|50% of runs|90% of runs|0 = no change")
        self.assertRegex(ticks, r"\+\d")                          # signed, in points

    def test_same_scenario_twice_is_told_apart_by_file(self):
        c = fixture(os.path.join(self.dir, "c.h5"), "--name", "baseline", "--seed", 9)
        out = os.path.join(self.dir, "same")
        r = run(PYTHON, os.path.join(SOURCE, "output", "plot.py"), self.a, c, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_foreign_file_exits_2_with_a_message(self):
        junk = os.path.join(self.dir, "junk.h5")
        with open(junk, "w") as f:
            f.write("not hdf5")
        r = run(PYTHON, os.path.join(SOURCE, "output", "plot.py"), junk, "-o", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(), f"error: {junk}: not a quasim result file (not HDF5)")
        r = run(QUASIM, "plot", junk, "-o", self.dir)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.returncode, 2)  # the script's one line, passed on as it is
        self.assertEqual(r.stderr.strip(), f"error: {junk}: not a quasim result file (not HDF5)")


class PlotBadInput(unittest.TestCase):
    """Bad input is one line `error: FILE: ...`, exit 2, and no chart directory; never a hang."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("plot-bad")
        cls.good = fixture(os.path.join(cls.dir, "good.h5"), "--replicates", 3, "--years", 5)
        cls.cases = hostile_inputs(os.path.join(cls.dir), cls.good)

    def test_each_bad_input_is_one_line_naming_the_file(self):
        for case, (path, what) in self.cases.items():
            with self.subTest(case):
                out = os.path.join(self.dir, f"out-{case}")
                r = run(PYTHON, PLOT, self.good, path, "-o", out, timeout=60)
                line = assert_one_line_error(self, r, [path, what])
                self.assertFalse(os.path.exists(out), f"{case}: {out} was created")
                self.assertEqual(r.stdout, "", line)

    def test_quasim_plot_passes_the_error_on(self):
        for case in ("fifo", "series_shape", "index_self"):
            with self.subTest(case):
                path, what = self.cases[case]
                r = run(QUASIM, "plot", path, "-o", os.path.join(self.dir, "q"), timeout=60)
                self.assertNotEqual(r.returncode, 0)
                self.assertNotIn("Traceback", r.stderr)
                self.assertIn(f"{path}: ", r.stderr)
                self.assertIn(what, r.stderr)

    def test_output_that_is_not_a_directory_is_refused_first(self):
        taken = os.path.join(self.dir, "taken.png")
        with open(taken, "w") as f:
            f.write("keep")
        for out in (taken, "/dev/null", os.path.join(taken, "sub")):
            with self.subTest(out):
                r = run(PYTHON, PLOT, self.good, "-o", out, timeout=60)
                assert_one_line_error(self, r, f"-o {out}")
        with open(taken) as f:
            self.assertEqual(f.read(), "keep")

    def test_bad_option_is_one_line(self):
        r = run(PYTHON, PLOT, self.good, "--colour", "red", timeout=60)
        assert_one_line_error(self, r, "--colour")


class PlotBatch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("plot-batch")
        cls.index = batch_index(cls.dir)

    def test_a_batch_index_is_plotted_as_its_points(self):
        out = os.path.join(self.dir, "charts")
        r = run(PYTHON, PLOT, self.index, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        # The points pair (one seed): levels, market shares, and the second minus the first;
        # a series with no value in any run (no tender in three years) has no difference chart.
        names = [os.path.basename(p) for p in r.stdout.split()]
        self.assertEqual(names[:len(KEY_SERIES) + 1],
                         [f"{s}.png" for s in KEY_SERIES] + ["market_share.png"])
        # One index: then the response of each key output to the swept parameter.
        self.assertEqual([n for n in names if n.startswith("response_")],
                         [f"response_{s}.png" for s in KEY_SERIES])
        names = [n for n in names if not n.startswith("response_")]
        drawn = {n[len("difference_"):-4] for n in names[len(KEY_SERIES) + 1:]}
        self.assertLessEqual(drawn, set(KEY_SERIES))
        self.assertLessEqual(set(KEY_SERIES) - drawn, {"bids_per_tender", "contract_price_index"})
        self.assertIn("unmet_need", drawn)
        code = f"""
import sys; sys.path.insert(0, {os.path.join(SOURCE, 'output')!r})
import plot
for r in plot.label(plot.load_files([{self.index!r}])):
    print(r.label, r.series['unmet_need'].shape)
"""
        r = run(PYTHON, "-c", code, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 2, r.stdout)
        self.assertIn("budget.change_late=-0.02", lines[0])
        self.assertIn("budget.change_late=0", lines[1])
        self.assertTrue(all(line.endswith("(2, 3)") for line in lines), r.stdout)

    def test_quasim_plot_of_an_index(self):
        out = os.path.join(self.dir, "q")
        r = run(QUASIM, "plot", self.index, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("market_share.png", sorted(os.listdir(out)))

    def test_partial_file_is_drawn_with_a_warning(self):
        partial = mark_partial(self.index[:-3] + ".p000.h5", os.path.join(self.dir, "partial.h5"))
        out = os.path.join(self.dir, "partial")
        r = run(PYTHON, PLOT, partial, "-o", out, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], r"^warning: .*partial\.h5: partial result .*replicate 7")
        self.assertEqual(len(os.listdir(out)), len(KEY_SERIES) + 1)


if __name__ == "__main__":
    main()
