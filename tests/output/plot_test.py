"""`quasim plot`: one fan chart per key series plus market shares, scenarios overlaid."""
import os
import subprocess
import unittest

from output_test_util import KEY_SERIES, PYTHON, QUASIM, SOURCE, fixture, main, run, scratch

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
        cls.b = fixture(os.path.join(cls.dir, "b.h5"), "--name", "austerity", "--replicates", 20,
                        "--years", 15, "--seed", 2, "--budget-change", -0.05)

    def check_charts(self, out, listed):
        names = sorted(os.listdir(out))
        self.assertEqual(names, sorted([f"{s}.png" for s in KEY_SERIES] + ["market_share.png"]))
        self.assertEqual(sorted(os.path.basename(p) for p in listed), names)
        for n in names:
            path = os.path.join(out, n)
            self.assertGreater(os.path.getsize(path), 15000, n)  # a drawn chart, not a blank
            w, h = png_size(path)
            self.assertGreaterEqual(w, 700, n)
            self.assertGreaterEqual(h, 400, n)

    def test_two_scenarios_overlaid(self):
        out = os.path.join(self.dir, "two", "charts")  # parent missing too: created
        r = run(QUASIM, "plot", self.a, self.b, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_charts(out, r.stdout.split())

    def test_one_scenario(self):
        out = os.path.join(self.dir, "one")
        r = run(QUASIM, "plot", self.a, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_charts(out, r.stdout.split())

    def test_charts_carry_units_titles_and_legends(self):
        # Drive the module directly to look inside the figures before they become pixels.
        code = f"""
import sys; sys.path.insert(0, {os.path.join(SOURCE, 'output')!r})
import matplotlib.pyplot as plt, plot
saved = []
plt.Figure.savefig = lambda fig, path, **k: saved.append(fig)
rs = plot.label([plot.load({self.a!r}), plot.load({self.b!r})])
plot.make_charts(rs, {os.path.join(self.dir, 'inspect')!r})
ax = saved[2].axes[0]
print(ax.get_ylabel()); print(ax.get_title())
print('|'.join(t.get_text() for t in ax.get_legend().get_texts()))
print(saved[-1]._suptitle.get_text())
"""
        r = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        ylabel, title, legend, market = r.stdout.splitlines()
        self.assertEqual(ylabel, "share (0-1)")                  # units of unmet_need
        self.assertEqual(title, "unmet need: baseline vs austerity")
        self.assertEqual(legend, "baseline|austerity|50% of replicates|90% of replicates")
        self.assertIn("Market share by provider type", market)

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
        self.assertIn("plot.py failed", r.stderr)


if __name__ == "__main__":
    main()
