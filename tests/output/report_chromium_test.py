"""report.html in a real browser: headless Chromium loads it offline and every image decodes.
Exits 77 (skipped) when Chromium is not installed (scripts/test installs it)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from output_test_util import KEY_SERIES, QUASIM, fixture, run, scratch

# After load, write each image's decoded width into the DOM, where --dump-dom can see it.
PROBE = """<script>
window.addEventListener('load', () => {
  const widths = Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1);
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = 'WIDTHS=' + widths.join(',') + ';';
  document.body.appendChild(out);
});
</script>
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    browser = chromium()
    if not browser:
        print("SKIP: chromium is not installed (apt-get install -y chromium)")
        return 77
    d = scratch("chromium")
    a = fixture(os.path.join(d, "a.h5"), "--name", "baseline", "--replicates", 8)
    b = fixture(os.path.join(d, "b.h5"), "--name", "austerity", "--seed", 3,
                "--budget-change", -0.05, "--replicates", 8)
    page = os.path.join(d, "report.html")
    r = run(QUASIM, "report", a, b, "-o", page)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return 1
    with open(page, encoding="utf-8") as f:
        html = f.read()
    probed = os.path.join(d, "probed.html")
    with open(probed, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", PROBE + "</body>"))

    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=d)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             "--disable-dev-shm-usage", f"--user-data-dir={profile}",
             "--virtual-time-budget=10000"]
    dom = subprocess.run([browser, *flags, "--dump-dom", "file://" + probed],
                         capture_output=True, text=True, timeout=180)
    m = re.search(r"WIDTHS=([-\d,]*);", dom.stdout)
    if not m:
        print("no probe output in the DOM dump; chromium said:\n", dom.stderr[-3000:])
        return 1
    widths = [int(w) for w in m.group(1).split(",") if w]
    print("image widths:", widths)
    ok = len(widths) == len(KEY_SERIES) + 1 and all(w >= 700 for w in widths)

    shot = os.path.join(d, "report.png")
    subprocess.run([browser, *flags, f"--screenshot={shot}", "--window-size=1200,1600",
                    "file://" + page], capture_output=True, text=True, timeout=180)
    if not os.path.exists(shot) or os.path.getsize(shot) < 20000:
        print("screenshot missing or blank:", shot)
        ok = False
    shutil.rmtree(profile, ignore_errors=True)  # chromium profiles are large
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
