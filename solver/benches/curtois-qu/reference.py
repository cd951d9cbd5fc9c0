#!/usr/bin/env python3
"""Reference solvers for the Curtois & Qu shift scheduling benchmark (Instances 1-24).

This script builds the *textbook* model of the benchmark rules (as stated in
/work/shared/bench/curtois-qu/README.md) and gives it, unchanged, to an off-the-shelf
solver: OR-Tools CP-SAT or HiGHS (through highspy). Its results are the "reference
solvers" column of that README, i.e. the numbers our own engine has to beat. There is
no symmetry breaking, no heuristic, no warm start and no tuning beyond threads/time.

Model, with one binary x[e,d,s] per employee e, day d, shift type s:
  * sum_s x[e,d,s] <= 1 (write work[e,d] for that sum); x = 0 on days off and for
    shift types with MaxShifts = 0;
  * forbidden successions: x[e,d,s] + x[e,d+1,t] <= 1 for t forbidden after s;
  * sum_d x[e,d,s] <= MaxShifts[e,s]; MinTotalMinutes <= sum len[s] x <= MaxTotalMinutes;
  * max consecutive working days: every window of Max+1 days holds <= Max working days;
  * min consecutive working days / days off: forbidden patterns off,work^L,off and
    work,off^L,work for L < Min, for runs touching neither day 0 nor day H-1;
  * weekends: binary k[e,w] >= work[e,7w+5], k[e,w] >= work[e,7w+6]; sum_w k <= MaxWeekends;
  * objective: unmet on-request weights + granted off-request weights
    + sum over (day, shift) of WU*under + WO*over, with n - over + under = req
    (integer slack).
Every roster is re-scored by evaluate(), which only sees the list of assignments and
the parsed instance: it recomputes the objective and checks every hard rule.

Setup:    python3 -m venv /root/.cache/wsm-ref-venv
          /root/.cache/wsm-ref-venv/bin/pip install -r requirements.txt
Usage:    PY=/root/.cache/wsm-ref-venv/bin/python3
          $PY reference.py --solver cpsat --time-limit 60 --threads 2 -o cpsat.json Instance*.txt
          $PY reference.py --solver highs --time-limit 60 --threads 2 -o highs.json Instance*.txt
Output: one line per instance: instance, objective ("—" = no feasible roster), best
bound (rounded up to an integer, the objective being integral), seconds (wall clock of
handing the model to the solver plus solving), evaluator pass/FAIL. With -o, a JSON
list of {"instance","solver","objective","bound","seconds","evaluator"}.
"""
import argparse
import json
import math
import os
import sys
import time


# ---------------------------------------------------------------- instance parsing
def parse(path):
    sec, raw = None, {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\r\n").strip()
            if line.startswith("#"):
                continue
            if not line:
                sec = None
            elif line.startswith("SECTION_"):
                sec = line
                raw[sec] = []
            elif sec is not None:
                raw[sec].append(line.split(","))
    inst = {"H": int(raw["SECTION_HORIZON"][0][0]), "shifts": [], "len": {}, "forbid": {}}
    for sid, length, fol in raw["SECTION_SHIFTS"]:
        inst["shifts"].append(sid)
        inst["len"][sid] = int(length)
        inst["forbid"][sid] = {t for t in fol.split("|") if t}
    inst["staff"] = []
    for r in raw["SECTION_STAFF"]:
        maxs = {k: int(v) for k, v in (p.split("=") for p in r[1].split("|") if p)}
        inst["staff"].append({
            "id": r[0], "max": maxs, "maxmin": int(r[2]), "minmin": int(r[3]),
            "maxcons": int(r[4]), "mincons": int(r[5]), "minoff": int(r[6]),
            "maxwk": int(r[7]), "off": set()})
    by_id = {st["id"]: st for st in inst["staff"]}
    for r in raw.get("SECTION_DAYS_OFF", []):
        by_id[r[0]]["off"].update(int(d) for d in r[1:] if d)
    req = lambda key: [(r[0], int(r[1]), r[2], int(r[3])) for r in raw.get(key, [])]
    inst["on"] = req("SECTION_SHIFT_ON_REQUESTS")
    inst["offreq"] = req("SECTION_SHIFT_OFF_REQUESTS")
    inst["cover"] = [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]))
                     for r in raw["SECTION_COVER"]]
    return inst


# ---------------------------------------------------------------- textbook model
class Lin:
    """Solver-neutral integer linear model: integer columns and ranged rows."""

    def __init__(self):
        self.lb, self.ub, self.cost, self.rows, self.offset = [], [], [], [], 0

    def var(self, lb, ub, cost=0):
        self.lb.append(lb), self.ub.append(ub), self.cost.append(cost)
        return len(self.lb) - 1

    def row(self, terms, lo=None, hi=None):  # terms: [(column, coefficient)]
        self.rows.append((terms, lo, hi))


def build(inst):
    H, S, m = inst["H"], inst["shifts"], Lin()
    x = {}
    for st in inst["staff"]:
        e = st["id"]
        for d in range(H):
            for s in S:
                banned = d in st["off"] or st["max"].get(s, H) == 0
                x[e, d, s] = m.var(0, 0 if banned else 1)
    for st in inst["staff"]:
        e = st["id"]
        work = [[(x[e, d, s], 1) for s in S] for d in range(H)]
        for d in range(H):
            m.row(work[d], hi=1)
        for d in range(H - 1):
            for s in S:
                for t in inst["forbid"][s]:
                    m.row([(x[e, d, s], 1), (x[e, d + 1, t], 1)], hi=1)
        for s in S:
            if s in st["max"]:
                m.row([(x[e, d, s], 1) for d in range(H)], hi=st["max"][s])
        m.row([(x[e, d, s], inst["len"][s]) for d in range(H) for s in S],
              lo=st["minmin"], hi=st["maxmin"])
        k = st["maxcons"]
        for a in range(H - k):  # days a..a+k: at most k of them worked
            m.row([t for d in range(a, a + k + 1) for t in work[d]], hi=k)
        neg = lambda terms: [(c, -v) for c, v in terms]
        for L in range(1, st["mincons"]):  # off at i, work i+1..i+L, off at i+L+1
            for i in range(0, H - L - 1):
                inner = [t for d in range(i + 1, i + L + 1) for t in neg(work[d])]
                m.row(work[i] + inner + work[i + L + 1], lo=1 - L)
        for L in range(1, st["minoff"]):  # work at i, off i+1..i+L, work at i+L+1
            for i in range(0, H - L - 1):
                inner = [t for d in range(i + 1, i + L + 1) for t in work[d]]
                m.row(neg(work[i]) + inner + neg(work[i + L + 1]), lo=-1)
        wk = []
        for w in range(H // 7):
            kw = m.var(0, 1)
            wk.append((kw, 1))
            for d in (7 * w + 5, 7 * w + 6):
                m.row([(kw, 1)] + neg(work[d]), lo=0)
        m.row(wk, hi=st["maxwk"])
    for e, d, s, w in inst["on"]:  # cost w * (1 - x)
        m.offset += w
        m.cost[x[e, d, s]] -= w
    for e, d, s, w in inst["offreq"]:
        m.cost[x[e, d, s]] += w
    n_staff = len(inst["staff"])
    for d, s, req, wu, wo in inst["cover"]:
        under, over = m.var(0, req, wu), m.var(0, n_staff, wo)
        m.row([(x[st["id"], d, s], 1) for st in inst["staff"]] + [(over, -1), (under, 1)],
              lo=req, hi=req)
    return m, x


# ---------------------------------------------------------------- solvers
def solve_cpsat(m, time_limit, threads):
    from ortools.sat.python import cp_model
    model = cp_model.CpModel()
    v = [model.new_int_var(lb, ub, f"v{i}") for i, (lb, ub) in enumerate(zip(m.lb, m.ub))]
    for terms, lo, hi in m.rows:
        expr = cp_model.LinearExpr.weighted_sum([v[c] for c, _ in terms], [a for _, a in terms])
        if lo is not None and lo == hi:
            model.add(expr == lo)
        else:
            if lo is not None:
                model.add(expr >= lo)
            if hi is not None:
                model.add(expr <= hi)
    nz = [(v[i], c) for i, c in enumerate(m.cost) if c]
    model.minimize(cp_model.LinearExpr.weighted_sum([a for a, _ in nz], [c for _, c in nz])
                   + m.offset)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = threads
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    bound = solver.best_objective_bound
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, bound, None
    return solver.objective_value, bound, [solver.value(a) for a in v]


def solve_highs(m, time_limit, threads):
    import highspy
    import numpy as np
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)  # run to proven optimality, like CP-SAT
    n, inf = len(m.lb), highspy.kHighsInf
    cols = np.arange(n, dtype=np.int32)
    h.addVars(n, np.array(m.lb, dtype=np.float64), np.array(m.ub, dtype=np.float64))
    h.changeColsCost(n, cols, np.array(m.cost, dtype=np.float64))
    h.changeColsIntegrality(n, cols, np.array([highspy.HighsVarType.kInteger] * n))
    h.changeObjectiveOffset(float(m.offset))
    starts, index, value, lower, upper = [], [], [], [], []
    for terms, lo, hi in m.rows:
        starts.append(len(index))
        index.extend(c for c, _ in terms)
        value.extend(a for _, a in terms)
        lower.append(-inf if lo is None else lo)
        upper.append(inf if hi is None else hi)
    h.addRows(len(m.rows), np.array(lower, dtype=np.float64), np.array(upper, dtype=np.float64),
              len(index), np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32),
              np.array(value, dtype=np.float64))
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != 2:  # 2 = kSolutionStatusFeasible
        return None, info.mip_dual_bound, None
    return info.objective_function_value, info.mip_dual_bound, list(h.getSolution().col_value)


# ---------------------------------------------------------------- independent evaluator
def evaluate(inst, assignments):
    """Score a roster given as (employee, day, shift) triples; return (objective, errors)."""
    H, errs = inst["H"], []
    roster = {st["id"]: [None] * H for st in inst["staff"]}
    for e, d, s in assignments:
        if roster[e][d] is not None:
            errs.append(f"{e} has two shifts on day {d}")
        roster[e][d] = s
    for st in inst["staff"]:
        e, r = st["id"], roster[st["id"]]
        for d in range(H - 1):
            if r[d] and r[d + 1] in inst["forbid"][r[d]]:
                errs.append(f"{e}: {r[d]} then {r[d + 1]} on days {d},{d + 1}")
        for s in inst["shifts"]:
            if sum(x == s for x in r) > st["max"].get(s, H):
                errs.append(f"{e}: too many {s}")
        mins = sum(inst["len"][x] for x in r if x)
        if not st["minmin"] <= mins <= st["maxmin"]:
            errs.append(f"{e}: {mins} minutes")
        errs += [f"{e}: works day off {d}" for d in st["off"] if r[d]]
        d = 0
        while d < H:  # walk the maximal runs of working days / days off
            b = d
            while d < H and (r[d] is None) == (r[b] is None):
                d += 1
            n, inner = d - b, b > 0 and d < H
            if r[b] is not None and n > st["maxcons"]:
                errs.append(f"{e}: {n} consecutive shifts from day {b}")
            if inner and r[b] is not None and n < st["mincons"]:
                errs.append(f"{e}: only {n} consecutive shifts from day {b}")
            if inner and r[b] is None and n < st["minoff"]:
                errs.append(f"{e}: only {n} days off from day {b}")
        weekends = sum(1 for w in range(H // 7) if r[7 * w + 5] or r[7 * w + 6])
        if weekends > st["maxwk"]:
            errs.append(f"{e}: {weekends} weekends")
    obj = sum(w for e, d, s, w in inst["on"] if roster[e][d] != s)
    obj += sum(w for e, d, s, w in inst["offreq"] if roster[e][d] == s)
    for d, s, req, wu, wo in inst["cover"]:
        n = sum(roster[e][d] == s for e in roster)
        obj += wu * max(0, req - n) + wo * max(0, n - req)
    return obj, errs


# ---------------------------------------------------------------- driver
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--solver", choices=["cpsat", "highs"], required=True)
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("-o", "--output", help="write results as a JSON list")
    ap.add_argument("instances", nargs="+")
    args = ap.parse_args()
    solve = solve_cpsat if args.solver == "cpsat" else solve_highs
    results = []
    print(f"{'instance':<16} {'objective':>9} {'bound':>9} {'seconds':>8}  evaluator", flush=True)
    for path in args.instances:
        inst = parse(path)
        m, x = build(inst)
        t0 = time.perf_counter()
        obj, bound, values = solve(m, args.time_limit, args.threads)
        secs = time.perf_counter() - t0
        ok_bound = bound is not None and math.isfinite(bound)
        bound = math.ceil(bound - 1e-6) if ok_bound else None
        verdict = None
        if obj is not None:
            obj = round(obj)
            roster = [k for k, c in x.items() if values[c] > 0.5]
            eval_obj, errs = evaluate(inst, roster)
            if eval_obj != obj:
                errs.append(f"evaluator objective {eval_obj} != solver objective {obj}")
            verdict = "FAIL" if errs else "pass"
            for err in errs[:10]:
                print(f"  {os.path.basename(path)}: {err}", file=sys.stderr)
        name = os.path.basename(path)
        show = lambda v: "—" if v is None else str(v)
        print(f"{name:<16} {show(obj):>9} {show(bound):>9} {secs:8.1f}  {show(verdict)}",
              flush=True)
        results.append({"instance": name, "solver": args.solver, "objective": obj,
                        "bound": bound, "seconds": round(secs, 2), "evaluator": verdict})
    if args.output:
        with open(args.output, "w") as f:
            json.dump(results, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
