"""`quasim calibrate --method bayes`: a posterior for the fitted parameters, not a point.

Steps (docs/CALIBRATION.md says each in plain words):
  1. targets with their uncertainty (fit.target_sd: sd, else (upper - lower) / 4, else scale,
     else 10% of |value|);
  2. a Latin-hypercube design over the parameters' bounds (scipy.stats.qmc, seeded), each point
     a quasim run with R replicates (runs in parallel): the replicates' median and spread;
  3. one kriging emulator per target (OpenTURNS, emulator.py) with leave-one-out validation;
     a target whose emulator has Q^2 below --min-q2 stops the calibration;
  4. history matching: implausibility I(x) = max over targets of |z - E[f(x)]| /
     sqrt(sd^2 + Var_emulator(x) + Var_replicates), cut-off 3, over a scrambled Sobol' sample
     of the box; optionally a second wave of design points inside the non-implausible region;
     then MCMC on the emulator (emcee; uniform prior on the bounds; Gaussian likelihood with the
     same three variances) for posterior samples;
  5. posterior-predictive runs of the real model at M posterior draws, with bands per target.
Outputs: a printed summary, --posterior OUT.h5, --json, --charts DIR, --write-variant.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime
import json
import math
import os
import subprocess
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.stats import qmc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quasim_results import CalibrationError, progress, reader  # noqa: E402

CUTOFF = 3.0           # implausibility cut-off (Pukelsheim's three-sigma rule)
HM_SAMPLE = 2 ** 15    # points of the box the implausibility is computed at
MCMC_STEPS, MCMC_BURN, MCMC_THIN = 2000, 500, 5


@dataclass
class Settings:
    design_points: int
    posterior_runs: int
    replicates: int
    max_runs: int
    time_limit: float
    seed: int
    waves: int
    jobs: int
    threads: int
    min_q2: float


@dataclass(eq=False)
class PointRun:
    """One quasim run at one parameter point: each target's replicate values."""
    phase: str
    unit: np.ndarray
    values: np.ndarray              # parameter values the run used
    replicate_values: list[np.ndarray] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0

    def median(self, j: int) -> float:
        v = self.replicate_values[j]
        v = v[np.isfinite(v)]
        return float(np.median(v)) if len(v) else math.nan

    def variance(self, j: int) -> float:
        v = self.replicate_values[j]
        v = v[np.isfinite(v)]
        return float(np.var(v, ddof=1)) if len(v) > 1 else math.nan


class Runner:
    """Runs quasim at parameter points, `jobs` at a time, within the run cap and time limit
    shared by every phase; a progress bar line per finished run."""

    def __init__(self, cfg: dict, quasim: Path, work: Path, st: Settings, planned: int):
        self.cfg, self.quasim, self.work, self.st = cfg, quasim, work, st
        self.start = time.monotonic()
        self.runs: list[PointRun] = []
        self.planned = planned
        self.stopped = ""

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def _one(self, k: int, run: PointRun) -> PointRun:
        from fit import run_point
        left = self.st.time_limit - self.elapsed()
        try:
            run.replicate_values, run.seconds = run_point(
                self.cfg, self.quasim, self.work / f"bayes{k:04d}.h5", tuple(run.values),
                self.st.replicates, self.st.threads, max(1.0, left))
        except CalibrationError as e:
            from fit import TargetError
            if isinstance(e, TargetError):
                raise
            run.error = str(e)
        return run

    def run(self, units: np.ndarray, phase: str) -> list[PointRun]:
        """Runs every point of units (rows in [0, 1]^d) that the budget allows, in order."""
        params = self.cfg["params"]
        todo = []
        for u in units:
            values = np.array([p.value(x) for p, x in zip(params, u)])
            # the emulators see the point the run used (an integer parameter is rounded)
            unit = np.array([(v - p.lower) / (p.upper - p.lower) for p, v in zip(params, values)])
            todo.append(PointRun(phase, unit, values))
        done: list[PointRun] = []
        pending: dict[cf.Future, int] = {}
        next_i = 0
        with cf.ThreadPoolExecutor(max_workers=self.st.jobs) as pool:
            while next_i < len(todo) or pending:
                while next_i < len(todo) and len(pending) < self.st.jobs and not self.stopped:
                    if len(self.runs) + len(pending) >= self.st.max_runs:
                        self.stopped = "run limit"
                        break
                    seconds = [r.seconds for r in self.runs if r.seconds > 0]
                    left = self.st.time_limit - self.elapsed()
                    if left <= 1 or (seconds and left < 0.8 * float(np.mean(seconds))):
                        self.stopped = "time limit"
                        break
                    k = len(self.runs) + len(pending)
                    pending[pool.submit(self._one, k, todo[next_i])] = next_i
                    next_i += 1
                if not pending:
                    break
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for fut in finished:
                    pending.pop(fut)
                    run = fut.result()
                    if "ran past" in run.error:
                        self.stopped = "time limit"
                    self.runs.append(run)
                    done.append(run)
                    progress(len(self.runs), self.planned, self.elapsed(), f"{phase} runs")
        # Results in the order of the points (finishing order depends on the machine).
        order = {id(r): i for i, r in enumerate(todo)}
        return sorted(done, key=lambda r: order[id(r)])


# --- statistics ----------------------------------------------------------------------------


def target_sds(cfg: dict) -> np.ndarray:
    sds = []
    for t in cfg["targets"]:
        if t.sd is None:
            raise CalibrationError(f"{cfg['source']}: target {t.label}: {t.sd_rule} (its "
                                   "uncertainty, for the bayes method)")
        sds.append(t.sd)
    return np.array(sds)


def fit_emulators(cfg: dict, runs: list[PointRun], st: Settings):
    """One emulator per target over the runs that gave it a value; the LOO check."""
    from emulator import Emulator
    ems, checks, rep_var = [], [], []
    for j, t in enumerate(cfg["targets"]):
        ok = [r for r in runs if not r.error and math.isfinite(r.median(j))]
        if len(ok) < 4:
            raise CalibrationError(f"{cfg['source']}: target {t.label}: only {len(ok)} design runs "
                                   "gave it a value (at least 4 needed): add design points or "
                                   "check the target")
        X = np.array([r.unit for r in ok])
        y = np.array([r.median(j) for r in ok])
        var = np.array([r.variance(j) for r in ok])
        var = np.where(np.isfinite(var), var, 0.0)
        # Noise of a median of R replicates: about (pi / 2) var / R.
        noise = math.pi / 2 * var / st.replicates
        em = Emulator(X, y, noise)
        ems.append(em)
        c = em.leave_one_out()
        if len(ok) < len(runs):  # NaN at the design points without a value for this target
            used = {id(r) for r in ok}
            at = np.array([i for i, r in enumerate(runs) if id(r) in used])
            for k in ("mean", "sd", "standardised"):
                full = np.full(len(runs), np.nan)
                full[at] = getattr(c, k)
                setattr(c, k, full)
        checks.append(c)
        rep_var.append(float(np.mean(var)))
    return ems, checks, np.array(rep_var)


def emulator_problems(cfg: dict, ems, checks, st: Settings) -> list[str]:
    out = []
    for t, em, c in zip(cfg["targets"], ems, checks):
        if em.constant:
            out.append(f"target {t.label}: the parameters do not move it (the same value at "
                       f"every design point): drop it")
        elif not c.q2 >= st.min_q2:
            out.append(f"target {t.label}: emulator fails its leave-one-out check (Q2 = "
                       f"{c.q2:.2f} < {st.min_q2:g}): add design points (--design-points "
                       f"{2 * st.design_points}) or drop the target if the parameters do not move it")
    return out


def implausibility(ems, z, sd, rep_var, U) -> np.ndarray:
    """I(x) = max over targets |z - E[f(x)]| / sqrt(sd^2 + Var_em(x) + Var_rep), at rows of U."""
    worst = np.zeros(len(U))
    for em, zj, sj, rj in zip(ems, z, sd, rep_var):
        m, v = em.predict(U)
        worst = np.maximum(worst, np.abs(zj - m) / np.sqrt(sj ** 2 + v + rj))
    return worst


def log_posterior(ems, z, sd, rep_var):
    """log p(x | targets) up to a constant, for emcee (vectorised over walkers): uniform prior
    on the unit box, Gaussian likelihood with observation + emulator + replicate variance."""
    def f(U):
        U = np.atleast_2d(U)
        out = np.full(len(U), -np.inf)
        inside = np.all((U >= 0) & (U <= 1), axis=1)
        if not inside.any():
            return out
        Ui = U[inside]
        lp = np.zeros(len(Ui))
        for em, zj, sj, rj in zip(ems, z, sd, rep_var):
            m, v = em.predict(Ui)
            var = sj ** 2 + v + rj
            lp -= 0.5 * ((zj - m) ** 2 / var + np.log(2 * np.pi * var))
        out[inside] = lp
        return out
    return f


def mcmc(ems, z, sd, rep_var, start: np.ndarray, seed: int):
    """emcee's affine-invariant ensemble sampler on the emulators; returns samples in unit
    coordinates [n, d], the acceptance fraction and the autocorrelation times."""
    import emcee
    d = start.shape[1]
    walkers = max(32, 8 * d)  # many walkers, few steps: each step is one call per emulator
    rng = np.random.default_rng(seed + 1)
    p0 = start[rng.choice(len(start), walkers, replace=len(start) < walkers)]
    p0 = np.clip(p0 + 1e-3 * rng.standard_normal(p0.shape), 1e-6, 1 - 1e-6)
    sampler = emcee.EnsembleSampler(walkers, d, log_posterior(ems, z, sd, rep_var), vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()
    sampler.run_mcmc(p0, MCMC_STEPS, progress=False)
    chain = sampler.get_chain(discard=MCMC_BURN, thin=MCMC_THIN, flat=True)
    tau = sampler.get_autocorr_time(discard=MCMC_BURN, quiet=True, tol=0)
    return chain, float(np.mean(sampler.acceptance_fraction)), np.asarray(tau, dtype=float)


def spread_pick(candidates: np.ndarray, existing: np.ndarray, n: int) -> np.ndarray:
    """n of the candidate points picked one at a time, each the farthest from the design so far
    (maximin): wave 2's points inside the non-implausible region."""
    chosen = []
    dist = np.min(np.linalg.norm(candidates[:, None, :] - existing[None, :, :], axis=2), axis=1)
    for _ in range(min(n, len(candidates))):
        i = int(np.argmax(dist))
        chosen.append(candidates[i])
        dist = np.minimum(dist, np.linalg.norm(candidates - candidates[i], axis=1))
    return np.array(chosen)


# --- the calibration -----------------------------------------------------------------------


def settings(cfg: dict, args) -> Settings:
    d = len(cfg["params"])
    design = int(cfg.get("design_points", max(10, 10 * d)))
    post = int(cfg.get("posterior_runs", 10))
    waves = int(cfg.get("waves", 1))
    wave2 = design // 2 if waves == 2 else 0
    threads = max(1, int(args.threads or 1))
    jobs = int(cfg.get("jobs", max(1, (os.cpu_count() or 1) // threads)))
    need = design + wave2 + post
    max_runs = int(cfg.get("max_runs", need))
    if max_runs < design + wave2:
        src = "--max-runs" if args.max_runs is not None else cfg["source"]
        raise CalibrationError(f"{src}: max_runs {max_runs} is fewer than the design's "
                               f"{design + wave2} points (--design-points, waves): raise it to "
                               f"{need} for {post} posterior-predictive runs")
    if not args.min_q2 < 1:
        raise CalibrationError(f"--min-q2: expected a number below 1, got {args.min_q2:g}")
    return Settings(design, post, int(cfg.get("replicates", 4)), max_runs,
                    float(cfg.get("time_limit", 600)), int(cfg.get("seed", 1)), waves, jobs,
                    threads, float(args.min_q2))


def calibrate(cfg: dict, quasim: Path, work: Path, st: Settings) -> dict:
    """Every step; returns what the outputs need. Raises CalibrationError to refuse."""
    params, targets = cfg["params"], cfg["targets"]
    d = len(params)
    z = np.array([t.value for t in targets])
    sd = target_sds(cfg)
    wave2 = st.design_points // 2 if st.waves == 2 else 0
    planned = min(st.max_runs, st.design_points + wave2 + st.posterior_runs)
    runner = Runner(cfg, quasim, work, st, planned)
    notes: list[str] = []

    # 2. the design
    design_u = qmc.LatinHypercube(d=d, seed=st.seed).random(st.design_points)
    design = runner.run(design_u, "design")
    good = [r for r in design if not r.error]
    if len(good) < max(4, d + 2):
        reason = (f"stopped at the {runner.stopped}" if runner.stopped else
                  f"{len(design) - len(good)} runs failed"
                  + (f" ({design[-1].error})" if design and design[-1].error else ""))
        raise CalibrationError(f"{cfg['source']}: only {len(good)} of {st.design_points} design "
                               f"runs succeeded ({reason}): raise --time-limit or check the bounds")
    if len(good) < len(design_u):
        notes.append(f"{len(design_u) - len(good)} of {len(design_u)} design points did not run "
                     f"({runner.stopped or 'quasim refused them'})")

    # 3. emulators and their validation
    ems, checks, rep_var = fit_emulators(cfg, good, st)
    waves = []
    sample = qmc.Sobol(d=d, scramble=True, seed=st.seed + 7).random(HM_SAMPLE)
    imp = implausibility(ems, z, sd, rep_var, sample)
    waves.append({"design_runs": len(good), "share": float(np.mean(imp < CUTOFF))})
    keep = imp < CUTOFF
    problems = emulator_problems(cfg, ems, checks, st)
    first_wave = (ems, rep_var)

    # 4b. a second wave inside the non-implausible region
    if st.waves == 2 and not problems and keep.any() and not runner.stopped:
        extra_u = spread_pick(sample[keep][:4000], np.array([r.unit for r in good]), wave2)
        extra = runner.run(extra_u, "wave 2")
        good += [r for r in extra if not r.error]
        ems, checks, rep_var = fit_emulators(cfg, good, st)
        problems = emulator_problems(cfg, ems, checks, st)
        imp2 = implausibility(ems, z, sd, rep_var, sample)
        keep = keep & (imp2 < CUTOFF)
        imp = np.maximum(imp, imp2)
        waves.append({"design_runs": len(good), "share": float(np.mean(keep))})

    wave1_imp = implausibility(first_wave[0], z, sd, first_wave[1], np.array([r.unit for r in good]))
    out = {"params": params, "targets": targets, "z": z, "sd": sd, "rep_var": rep_var,
           "wave1_implausibility": wave1_imp,
           "runs": runner.runs, "design": good, "emulators": ems, "checks": checks,
           "notes": notes, "settings": st, "runner": runner, "waves": waves,
           "problems": problems}
    if problems:
        return out
    share = float(np.mean(keep))
    lower = np.array([p.lower for p in params])
    width = np.array([p.upper - p.lower for p in params])
    nroy = sample[keep]
    out.update(share=share, hm_sample=len(sample),
               nroy_lower=lower + width * nroy.min(axis=0) if len(nroy) else np.full(d, np.nan),
               nroy_upper=lower + width * nroy.max(axis=0) if len(nroy) else np.full(d, np.nan))
    if not len(nroy):
        out["problems"] = ["no parameter values are consistent with the targets (implausibility "
                           f"at least {CUTOFF:g} everywhere in the {HM_SAMPLE} points tried): a "
                           "target may be out of the model's reach with these bounds, or its sd "
                           "too small"]
        return out

    # 4c. MCMC on the emulators
    progress(len(runner.runs), planned, runner.elapsed(), "MCMC on the emulators")
    chain_u, acceptance, tau = mcmc(ems, z, sd, rep_var, nroy, st.seed)
    samples = lower + width * chain_u
    for i, p in enumerate(params):
        if p.integer:
            samples[:, i] = np.round(samples[:, i])
    out.update(samples=samples, samples_u=chain_u, acceptance=acceptance, tau=tau)
    if np.any(np.isfinite(tau) & ((MCMC_STEPS - MCMC_BURN < 30 * tau) | (MCMC_BURN < 3 * tau))):
        notes.append(f"MCMC chain shorter than 30 autocorrelation times or burn-in under 3 (tau "
                     f"up to {np.nanmax(tau):.0f} steps): the posterior's tails are rough")

    # 5. posterior-predictive runs of the real model
    m = min(st.posterior_runs, st.max_runs - len(runner.runs))
    if m < st.posterior_runs:
        notes.append(f"{m} of {st.posterior_runs} posterior-predictive runs fit in --max-runs")
    draws = np.random.default_rng(st.seed + 2).choice(len(chain_u), m, replace=False) if m > 0 else []
    pred = runner.run(chain_u[draws], "predictive") if m > 0 else []
    pred = [r for r in pred if not r.error]
    out["predictive"] = pred
    if m > 0 and len(pred) < m:
        notes.append(f"{len(pred)} of {m} posterior-predictive runs done ({runner.stopped or 'some failed'})")
    bands = []
    for j in range(len(targets)):
        vals = np.concatenate([r.replicate_values[j] for r in pred]) if pred else np.array([])
        vals = vals[np.isfinite(vals)]
        if len(vals):
            lo, med, hi = np.percentile(vals, [5, 50, 95])
        else:
            lo = med = hi = math.nan
        bands.append((float(lo), float(med), float(hi)))
    out["bands"] = np.array(bands).reshape(len(targets), 3)
    return out


# --- outputs -------------------------------------------------------------------------------


def summaries(r: dict) -> np.ndarray:
    """[parameter, (median, 5%, 95%)] of the posterior samples."""
    return np.percentile(r["samples"], [50, 5, 95], axis=0).T


def loo_lines(r: dict) -> list[str]:
    lines = ["Emulators (kriging, leave-one-out over the design; Q2 of 1 is perfect, 0 no better "
             "than the design's mean; about 95% of standardised errors should lie within +-2):"]
    for t, em, c in zip(r["targets"], r["emulators"], r["checks"]):
        q2 = "n/a" if not math.isfinite(c.q2) else f"{c.q2:.3f}"
        lines.append(f"  {t.label[:44]:<44} Q2 {q2:>6}  within +-2: {100 * c.within_two():3.0f}%  "
                     f"largest |error|/sd {np.nanmax(np.abs(c.standardised)):.1f}")
        lines.append(f"  {'':<44} {em.describe()}")
    return lines


def report(r: dict, cfg: dict) -> str:
    st: Settings = r["settings"]
    runner: Runner = r["runner"]
    lines = [f"{len(runner.runs)} runs in {runner.elapsed():.0f} s"
             f"{f' ({runner.stopped})' if runner.stopped else ''}; scenario {cfg['scenario']}, "
             f"{st.replicates} replicates per run, seed {st.seed}"]
    lines += loo_lines(r)
    if r["problems"]:
        return "\n".join(lines)
    params = r["params"]
    by_wave = ", ".join(f"wave {i + 1} {100 * w['share']:.1f}%" for i, w in enumerate(r["waves"]))
    lines.append(f"History matching: {100 * r['share']:.1f}% of the parameter box is not "
                 f"implausible (implausibility below {CUTOFF:g} on every target, "
                 f"{r['hm_sample']} points tried" + (f"; {by_wave}" if len(r["waves"]) > 1 else "")
                 + "):")
    for i, p in enumerate(params):
        lines.append(f"  {p.name:<36} {_g(r['nroy_lower'][i])} to {_g(r['nroy_upper'][i])}   "
                     f"(bounds {p.lower:g} to {p.upper:g})")
    lines.append(f"Posterior ({len(r['samples'])} MCMC samples on the emulators, acceptance "
                 f"{r['acceptance']:.2f}): median and 90% interval")
    for p, (med, lo, hi) in zip(params, summaries(r)):
        lines.append(f"  {p.name:<36} {_g(med)}   ({_g(lo)} to {_g(hi)})")
    if r["predictive"]:
        lines.append(f"Posterior-predictive check ({len(r['predictive'])} runs of the real model at "
                     f"posterior draws, {st.replicates} replicates each): 90% band against each target")
        lines.append(f"  {'target':<44} {'value':>10} {'median':>10} {'5%':>10} {'95%':>10}")
        for t, (lo, med, hi), sd in zip(r["targets"], r["bands"], r["sd"]):
            lines.append(f"  {t.label[:44]:<44} {t.value:>10.4g} {med:>10.4g} {lo:>10.4g} "
                         f"{hi:>10.4g}  {verdict(t.value, sd, lo, hi)}")
        lines.append("  (inside: the target lies in the band; near: outside it but within 2 sd of "
                     "the target; OUTSIDE: the model at posterior values misses it)")
    else:
        lines.append("No posterior-predictive runs (--posterior-runs 0 or no runs left in "
                     "--max-runs).")
    for n in r["notes"]:
        lines.append(f"note: {n}")
    # The fixed overrides the fit ran with, then the posterior medians: the run the fit describes.
    sets = " ".join([shlex.quote(f"--set={s}") for s in cfg["set"]]
                    + [f"--set {p.name}={_g(med)}" for p, (med, _, _) in zip(params, summaries(r))])
    lines.append(f"run the posterior median: quasim run {shlex.quote(str(cfg['scenario']))} {sets}")
    return "\n".join(lines)


def verdict(value: float, sd: float, lo: float, hi: float) -> str:
    """A target against its 90% predictive band: inside, near (the band reaches within 2 sd of
    the target) or OUTSIDE."""
    if lo <= value <= hi:
        return "inside"
    if lo <= value + 2 * sd and value - 2 * sd <= hi:
        return "near"
    return "OUTSIDE"


def _g(v: float) -> str:
    return f"{v:.4g}" if math.isfinite(v) else "n/a"


def quasim_version(quasim: Path) -> str:
    try:
        r = subprocess.run([str(quasim), "--version"], capture_output=True, text=True, timeout=30)
        return r.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def write_hdf5(path: Path, r: dict, cfg: dict, quasim: Path) -> None:
    """The posterior file: every dataset with units and a description; provenance at the root."""
    import h5py
    st: Settings = r["settings"]
    params, targets = r["params"], r["targets"]
    punits = "the parameter's own units (quasim explain NAME)"
    with reader.atomic_file(str(path), "--posterior") as tmp:
        with h5py.File(tmp, "x") as f:
            strings = h5py.string_dtype()
            words = {"point": "Design run (index)", "sample": "Posterior sample (index)",
                     "draw": "Posterior-predictive run (index)", "replicate": "Replicate (index)",
                     "wave": "History-matching wave (index, 0 = the first)"}

            def scale(name, n):
                """An index axis as a dimension scale, made on first use."""
                if name not in f:
                    ds = f.create_dataset(name, data=np.arange(n, dtype=np.int32))
                    ds.attrs["units"], ds.attrs["description"] = "index", words[name]
                    ds.make_scale(name)
                return f[name]

            def put(name, data, units, description, dims=()):
                data = np.asarray(data)
                if data.dtype == object:
                    ds = f.create_dataset(name, data=data, dtype=strings)
                else:
                    ds = f.create_dataset(name, data=data)
                ds.attrs["units"], ds.attrs["description"] = units, description
                for i, dim in enumerate(dims):
                    ds.dims[i].attach_scale(scale(dim, data.shape[i]))
                    ds.dims[i].label = dim
                return ds

            for name, labels, text in (
                    ("parameter", [p.name for p in params],
                     "The fitted parameters (scenario keys), in the order of every parameter axis"),
                    ("target", [t.label for t in targets], "The targets, in the order of every target axis")):
                ds = f.create_dataset(name, data=np.array(labels, dtype=object), dtype=strings)
                ds.attrs["units"], ds.attrs["description"] = "name", text
                ds.make_scale(name)
            put("parameter_lower", [p.lower for p in params], punits, "Lower bound (the prior's)", ["parameter"])
            put("parameter_upper", [p.upper for p in params], punits, "Upper bound (the prior's)", ["parameter"])
            put("target_value", r["z"], "the target's own units", "The target figure", ["target"])
            put("target_sd", r["sd"], "the target's own units",
                "The target's uncertainty (one standard deviation): sd, else (upper - lower) / 4, "
                "else scale, else 10% of |value|", ["target"])
            put("target_sd_rule", np.array([t.sd_rule for t in targets], dtype=object),
                "text", "Which rule gave the target's sd", ["target"])
            put("target_statistic", np.array([t.expr for t in targets], dtype=object),
                "text", "The statistic computed from each run's result file", ["target"])
            runs = r["design"]
            g = f.create_group("design")
            g.attrs["description"] = "The design runs the emulators were fitted on (waves 1 and 2)"
            put("design/unit", np.array([x.unit for x in runs]), "unit coordinate (0-1)",
                "Design points in the unit box (0 = lower bound, 1 = upper)", ["point", "parameter"])
            put("design/value", np.array([x.values for x in runs]), punits,
                "Parameter values each design run used", ["point", "parameter"])
            put("design/wave", np.array([1 if x.phase == "design" else 2 for x in runs], dtype=np.int32),
                "wave number", "History-matching wave that added the point", ["point"])
            put("design/wave1_implausibility", r["wave1_implausibility"], "1",
                "Implausibility of each design point under the first wave's emulators (wave 2 "
                f"adds points below {CUTOFF:g})", ["point"])
            put("design/median", np.array([[x.median(j) for j in range(len(targets))] for x in runs]),
                "the target's own units", "Median over the run's replicates of each target's "
                "statistic (what the emulators fit)", ["point", "target"])
            put("design/replicate_sd", np.sqrt(np.array([[x.variance(j) for j in range(len(targets))]
                                                         for x in runs])),
                "the target's own units", "Standard deviation over the run's replicates (the "
                "model's stochastic spread)", ["point", "target"])
            g = f.create_group("emulator")
            g.attrs["description"] = ("OpenTURNS kriging per target, leave-one-out validation "
                                      "with the fitted covariance parameters kept")
            put("emulator/q2", [c.q2 for c in r["checks"]], "1",
                "Leave-one-out Q2: 1 - sum(error^2) / sum((y - mean y)^2)", ["target"])
            put("emulator/loo_mean", np.array([c.mean for c in r["checks"]]).T,
                "the target's own units", "Leave-one-out prediction at each design point", ["point", "target"])
            put("emulator/loo_standardised_error", np.array([c.standardised for c in r["checks"]]).T,
                "1", "(design median - leave-one-out prediction) / predicted sd", ["point", "target"])
            put("emulator/replicate_variance", r["rep_var"], "the target's own units squared",
                "Mean over the design of the replicates' variance (Var_replicates)", ["target"])
            put("emulator/kernel", np.array([em.describe() for em in r["emulators"]], dtype=object),
                "text", "Fitted covariance and trend", ["target"])
            if "share" in r:
                g = f.create_group("history_matching")
                g.attrs["description"] = (f"Implausibility max_j |z_j - E f_j(x)| / sqrt(sd_j^2 + "
                                          f"Var_emulator + Var_replicates) < {CUTOFF:g}")
                put("history_matching/non_implausible_share", r["share"], "share (0-1)",
                    f"Share of {r['hm_sample']} scrambled Sobol' points of the box not implausible")
                put("history_matching/wave_share", [w["share"] for w in r["waves"]], "share (0-1)",
                    "Non-implausible share after each wave", ["wave"])
                put("history_matching/lower", r["nroy_lower"], punits,
                    "Smallest value among the non-implausible points", ["parameter"])
                put("history_matching/upper", r["nroy_upper"], punits,
                    "Largest value among the non-implausible points", ["parameter"])
            if "samples" in r:
                g = f.create_group("posterior")
                g.attrs["description"] = ("emcee ensemble MCMC on the emulators: uniform prior on "
                                          "the bounds, Gaussian likelihood")
                put("posterior/samples", r["samples"], punits,
                    "Posterior samples (after burn-in, thinned)", ["sample", "parameter"])
                s = summaries(r)
                for k, name in enumerate(("median", "p05", "p95")):
                    put(f"posterior/{name}", s[:, k], punits,
                        f"Posterior {('median', '5th percentile', '95th percentile')[k]}", ["parameter"])
                put("posterior/acceptance_fraction", r["acceptance"], "share (0-1)",
                    "Mean acceptance fraction of the walkers")
                put("posterior/autocorrelation_time", r["tau"], "MCMC steps",
                    "Integrated autocorrelation time per parameter", ["parameter"])
            if r.get("predictive"):
                pred = r["predictive"]
                g = f.create_group("predictive")
                g.attrs["description"] = "Runs of the real model at posterior draws"
                put("predictive/value", np.array([x.values for x in pred]), punits,
                    "Parameter values of each posterior draw run", ["draw", "parameter"])
                put("predictive/replicate_values",
                    np.array([[x.replicate_values[j] for j in range(len(targets))] for x in pred]),
                    "the target's own units", "Each target's statistic in every replicate of every draw",
                    ["draw", "target", "replicate"])
                for k, name in enumerate(("p05", "median", "p95")):
                    put(f"predictive/{name}", r["bands"][:, k], "the target's own units",
                        f"Posterior-predictive {('5th percentile', 'median', '95th percentile')[k]} "
                        "over draws and replicates", ["target"])
            pv = f.create_group("provenance")
            pv.attrs.update({
                "kind": "calibration", "method": "bayes", "quasim_version": quasim_version(quasim),
                "command_line": " ".join(["quasim", "calibrate", *sys.argv[1:]]),
                "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "scenario": cfg["scenario"], "fit_source": cfg["source"],
                "set": "\n".join(cfg["set"]), "seed": np.int64(st.seed),
                "replicates": np.int64(st.replicates), "design_points": np.int64(st.design_points),
                "waves": np.int64(st.waves), "posterior_runs": np.int64(st.posterior_runs),
                "runs": np.int64(len(r["runs"])), "stopped": r["runner"].stopped,
                "notes": "\n".join(r["notes"]),
                "libraries": "scipy.stats.qmc (designs), OpenTURNS (kriging), emcee (MCMC)"})


def to_json(r: dict, cfg: dict) -> dict:
    st: Settings = r["settings"]
    out = {"scenario": cfg["scenario"], "method": "bayes", "replicates": st.replicates,
           "seed": st.seed, "stopped": r["runner"].stopped, "notes": r["notes"],
           "parameters": [vars(p) for p in r["params"]],
           "targets": [vars(t) for t in r["targets"]],
           "emulators": [{"target": t.label, "q2": c.q2, "within_two_sd": c.within_two(),
                          "kernel": em.describe()}
                         for t, em, c in zip(r["targets"], r["emulators"], r["checks"])],
           "problems": r["problems"],
           "runs": [{"run": i + 1, "phase": x.phase, "params": dict(zip([p.name for p in r["params"]],
                                                                        map(float, x.values))),
                     "median": [x.median(j) for j in range(len(r["targets"]))] if not x.error else None,
                     "error": x.error or None}
                    for i, x in enumerate(r["runs"])]}
    if "share" in r:
        out["history_matching"] = {"cutoff": CUTOFF, "non_implausible_share": r["share"],
                                   "waves": r["waves"],
                                   "ranges": {p.name: [float(lo), float(hi)] for p, lo, hi in
                                              zip(r["params"], r["nroy_lower"], r["nroy_upper"])}}
    if "samples" in r:
        out["posterior"] = {p.name: {"median": float(m), "p05": float(lo), "p95": float(hi)}
                            for p, (m, lo, hi) in zip(r["params"], summaries(r))}
        out["posterior_samples"] = len(r["samples"])
        out["acceptance_fraction"] = r["acceptance"]
    if r.get("predictive"):
        out["predictive"] = [{"target": t.label, "value": t.value, "sd": float(sd), "p05": lo,
                              "median": med, "p95": hi, "verdict": verdict(t.value, sd, lo, hi)}
                             for t, (lo, med, hi), sd in zip(r["targets"], r["bands"], r["sd"])]
    return out


def write_charts(folder: Path, r: dict) -> list[Path]:
    """posterior.png (marginals over the prior range) and predictive.png (bands vs targets)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CalibrationError(f"--charts {folder}: cannot create the folder ({e.strerror})") from None
    written = []
    params = r["params"]
    fig, axes = plt.subplots(1, len(params), figsize=(4 * len(params), 3.2), squeeze=False)
    for ax, p, i in zip(axes[0], params, range(len(params))):
        ax.hist(r["samples"][:, i], bins=40, range=(p.lower, p.upper), color="#4a7ab5", density=True)
        med, lo, hi = summaries(r)[i]
        for v, ls in ((med, "-"), (lo, "--"), (hi, "--")):
            ax.axvline(v, color="black", ls=ls, lw=1)
        ax.axvspan(r["nroy_lower"][i], r["nroy_upper"][i], color="#f2c14e", alpha=0.25,
                   label="not implausible")
        ax.set_xlim(p.lower, p.upper)
        ax.set_xlabel(f"{p.name}\n(prior: uniform over the axis)")
        ax.set_yticks([])
    axes[0][0].set_ylabel("posterior density")
    axes[0][0].legend(fontsize=7, loc="upper right")
    fig.suptitle("Posterior: median (line) and 90% interval (dashed)", fontsize=10)
    fig.tight_layout()
    written.append(_save(fig, folder / "posterior.png"))
    plt.close(fig)
    if r.get("predictive"):
        targets = r["targets"]
        fig, axes = plt.subplots(1, len(targets), figsize=(3.2 * len(targets), 3.2), squeeze=False)
        for ax, t, (lo, med, hi), sd in zip(axes[0], targets, r["bands"], r["sd"]):
            ax.bar([0], [hi - lo], bottom=[lo], width=0.5, color="#4a7ab5", alpha=0.5,
                   label="90% predictive band")
            ax.plot([-0.25, 0.25], [med, med], color="#1d3f6e", lw=2, label="predictive median")
            ax.errorbar([0.5], [t.value], yerr=[2 * sd], fmt="o", color="#c0392b",
                        label="target +-2 sd")
            ax.set_xlim(-0.6, 1.0)
            ax.set_xticks([])
            ax.set_title(t.label[:40], fontsize=8)
        axes[0][0].legend(fontsize=7)
        fig.tight_layout()
        written.append(_save(fig, folder / "predictive.png"))
        plt.close(fig)
    return written


def _save(fig, path: Path) -> Path:
    with reader.atomic_file(str(path), "--charts") as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    return path


def main(cfg: dict, args, quasim: Path, work: Path) -> int:
    from fit import write_variant
    st = settings(cfg, args)
    for n in cfg.get("notes", []):
        reader.warn(n)
    r = calibrate(cfg, quasim, work, st)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(report(r, cfg))
    if r["problems"]:  # refused: nothing written
        raise CalibrationError(f"{cfg['source']}: {r['problems'][0]}")
    if args.json:
        reader.write_text_atomic(str(args.json), json.dumps(to_json(r, cfg), indent=1,
                                                              allow_nan=True) + "\n", "--json")
    if args.posterior:
        write_hdf5(args.posterior, r, cfg, quasim)
        print(f"posterior written to {args.posterior}")
    if args.charts:
        for p in write_charts(args.charts, r):
            print(f"chart written to {p}")
    if args.write_variant:
        s = summaries(r)
        best = {"params": {p.name: float(m) for p, m in zip(r["params"], s[:, 0])}}
        write_variant(_Best(cfg, r["params"], r["targets"], best), args.write_variant)
        print(f"variant (posterior medians) written to {args.write_variant}")
    return 0


@dataclass
class _Best:
    """What fit.write_variant reads from a Search."""
    cfg: dict
    params: list
    targets: list
    best: dict
