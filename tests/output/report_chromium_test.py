"""The briefing in a real browser: headless Chromium loads the report of two scenarios and the
report of a sweep's batch index offline; a probe script writes what the page holds into the DOM
(--dump-dom), and the test checks the elements: the headline section and its sentences, the
difference charts (decoded images with alt text), the per-service and per-council panels, and
that nothing is wider than a 390 px phone screen. Screenshots at 1400 px and 390 px are kept in
the scratch directory for a person to look at (paths printed).
Exits 77 (skipped) when Chromium is not installed (scripts/test installs it)."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from output_test_util import QUASIM, fixture, run, scratch, tiny_batch

PHONE = 390
# After load, write what a reader would find into the DOM, where --dump-dom can see it.
PROBE = """<script>
window.addEventListener('load', () => {
  const section = el => (el.closest('section') || {id: ''}).id;
  const found = {
    sections: Array.from(document.querySelectorAll('section')).map(s => s.id),
    headline: Array.from(document.querySelectorAll('#headline li')).map(li => li.innerText),
    images: Array.from(document.images).map(i => ({
      section: section(i), width: i.complete ? i.naturalWidth : -1, alt: i.alt,
      shown: i.getBoundingClientRect().width})),
    captions: Array.from(document.querySelectorAll('figcaption')).map(c => c.innerText),
    headings: Array.from(document.querySelectorAll('h1, h2, h3')).map(h => h.innerText),
    nav: Array.from(document.querySelectorAll('nav a')).map(a => a.getAttribute('href'))};
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = 'PROBE=' + JSON.stringify(found) + '=END';
  document.body.appendChild(out);
});
</script>
"""
# The page in a phone-wide frame (srcdoc: same origin, so the frame can be measured): its
# scroll width, and the elements that stick out (wide tables scroll inside their own box).
NARROW = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:{width}px;height:3000px;border:0" srcdoc="{page}"></iframe>
<script>
document.getElementById('f').addEventListener('load', () => {{
  const d = document.getElementById('f').contentDocument;
  const w = d.documentElement.clientWidth;
  const wide = Array.from(d.body.querySelectorAll('*')).filter(el =>
    !el.closest('.scroll') && el.getBoundingClientRect().right > w + 1)
    .map(el => el.tagName + '.' + el.className).slice(0, 10);
  const out = document.createElement('pre');
  out.id = 'narrow';
  out.textContent = 'NARROW=' + JSON.stringify({{scroll: d.documentElement.scrollWidth,
                                                 client: w, wide: wide}}) + '=END';
  document.body.appendChild(out);
}});
</script></body></html>
"""


def sweep_index(folder):
    """A batch index of three points whose budgets differ from the first year (tiny.toml: a
    second each), so the second and third points differ from the first."""
    return tiny_batch(os.path.join(folder, "sweep.h5"),
                      "--set", "sweep.budget.change_early=[-0.03,0.0,0.03]", replicates=6, years=4)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Headless Chromium, one fresh profile per call: a profile still locked by the last call's
    lingering processes (a loaded machine) would make the next call hand its page to that
    instance and exit with nothing. A call that still gives nothing is tried once more."""

    def __init__(self, path, folder):
        self.path = path
        self.folder = folder
        self.profiles = []
        self.flags = ["--headless", "--no-sandbox", "--disable-gpu",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                      "--hide-scrollbars", "--virtual-time-budget=10000"]

    def _run(self, *args):
        self.profiles.append(tempfile.mkdtemp(prefix="chromium-profile-", dir=self.folder))
        return subprocess.run([self.path, *self.flags, f"--user-data-dir={self.profiles[-1]}",
                               *args], capture_output=True, text=True, timeout=240)

    def dump(self, page, marker, width=1400):
        """The JSON a probe wrote between MARKER= and =END in the dumped DOM."""
        pattern = f'<pre id="{marker.lower()}">{marker}=(.*?)=END</pre>'
        for _ in range(2):
            r = self._run(f"--window-size={width},3000", "--dump-dom", "file://" + page)
            m = re.search(pattern, r.stdout, re.S)
            if m:
                return json.loads(html.unescape(m.group(1)))
        raise AssertionError(f"no {marker} in the DOM dump; chromium said:\n{r.stderr[-3000:]}")

    def screenshot(self, page, shot, width):
        for _ in range(2):
            self._run(f"--screenshot={shot}", f"--window-size={width},3000", "file://" + page)
            if os.path.exists(shot) and os.path.getsize(shot) > 20000:
                return True
        return False

    def close(self):
        for profile in self.profiles:
            shutil.rmtree(profile, ignore_errors=True)  # chromium profiles are large


def check(ok, failures, what):
    if not ok:
        failures.append(what)


def check_page(browser, page, name, folder, sweep):
    """Every check of one page; returns the list of failures."""
    failures = []
    with open(page, encoding="utf-8") as f:
        text = f.read()
    probed = os.path.join(folder, f"{name}.probed.html")
    with open(probed, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE + "</body>"))
    found = browser.dump(probed, "PROBE")
    # A sweep's index also shows how each key output responds to the swept parameter, right
    # after the headline (the better summary of a sweep).
    order = ["intro", "headline"] + (["sweep-response"] if sweep else []) + \
        ["differences", "where", "levels"]
    check(found["sections"][:len(order)] == order, failures,
          f"{name}: sections in order, got {found['sections']}")
    # The contents list leads to every section after the intro, in page order.
    check(found["nav"] == ["#" + i for i in found["sections"][1:]], failures,
          f"{name}: contents {found['nav']} against sections {found['sections']}")
    sentences = [s for s in found["headline"] if "the median difference is" in s]
    check(len(sentences) >= 3, failures, f"{name}: headline sentences {found['headline']}")
    check(any(s.startswith("Unmet need ") and "90% of runs between" in s for s in sentences),
          failures, f"{name}: no unmet need sentence")
    check(any(s.startswith("By service, over ") for s in found["headline"]), failures,
          f"{name}: no 'by service' sentence")
    images = found["images"]
    check(all(i["width"] > 0 for i in images), failures,
          f"{name}: images not decoded {[i['width'] for i in images]}")
    check(all(len(i["alt"]) > 30 for i in images), failures, f"{name}: alt text missing")
    diffs = [i for i in images if i["section"] == "differences"]
    check(len(diffs) >= 10 and all(i["alt"].startswith("Difference chart of ") for i in diffs),
          failures, f"{name}: difference charts {[i['alt'][:40] for i in diffs]}")
    where = [i["alt"] for i in images if i["section"] == "where"]
    for group in ("service", "council"):
        check(any(a.startswith(f"Small multiples of Unmet need by {group}") for a in where),
              failures, f"{name}: no per-{group} panels in {where}")
    check(all(0 < i["shown"] <= 1200 for i in images), failures,
          f"{name}: image widths on screen {[i['shown'] for i in images]}")
    check(any(c.startswith("Unmet need unmet_need: Share of need") for c in found["captions"]),
          failures, f"{name}: captions {found['captions'][:3]}")
    codes = ("unmet_need", "funding_gap", "hhi", "contract_price_index")
    check(not any(c in h for h in found["headings"] for c in codes), failures,
          f"{name}: code names in headings {found['headings']}")
    if sweep:
        response = [i for i in images if i["section"] == "sweep-response"]
        check(len(response) >= 10 and all("budget.change_early" in i["alt"] for i in response),
              failures, f"{name}: sweep response charts {[i['alt'][:60] for i in response]}")
        check(any("budget.change_early=-0.03" in h for h in found["headings"][:1]), failures,
              f"{name}: the baseline point is not in the title {found['headings'][:1]}")

    narrow = os.path.join(folder, f"{name}.narrow.html")
    with open(narrow, "w", encoding="utf-8") as f:
        f.write(NARROW.format(width=PHONE, page=html.escape(text, quote=True)))
    fit = browser.dump(narrow, "NARROW")
    check(fit["scroll"] <= fit["client"] <= PHONE and not fit["wide"], failures,
          f"{name}: wider than a {PHONE} px phone: {fit}")

    for width in (1400, PHONE):
        shot = os.path.join(folder, f"{name}-{width}.png")
        check(browser.screenshot(page, shot, width), failures, f"{shot}: missing or blank")
        print("screenshot:", shot)
    return failures


def main():
    path = chromium()
    if not path:
        print("SKIP: chromium is not installed (apt-get install -y chromium)")
        return 77
    d = scratch("chromium")
    # One seed for both: the runs pair.
    a = fixture(os.path.join(d, "a.h5"), "--name", "baseline", "--replicates", 8, "--domains", 5)
    b = fixture(os.path.join(d, "b.h5"), "--name", "austerity", "--budget-change", -0.05,
                "--replicates", 8, "--domains", 5)
    pages = {"two": [a, b], "sweep": [sweep_index(d)]}
    browser = Browser(path, d)
    failures = []
    try:
        for name, files in pages.items():
            page = os.path.join(d, f"{name}.html")
            r = run(QUASIM, "report", *files, "-o", page)
            if r.returncode != 0:
                print(r.stdout, r.stderr)
                return 1
            failures += check_page(browser, page, name, d, sweep=name == "sweep")
    finally:
        browser.close()
    for f in failures:
        print("FAIL:", f)
    print("1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
