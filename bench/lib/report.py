"""Turns the per-run JSON files of bench/run into report.json and report.md, and prints the tables."""

import json
import sys
from pathlib import Path

# The targets of the performance issue, as ColdMail/Postfix ratios unless said otherwise.
TARGETS = {
    "acceptRate": ("≥ 2×", lambda r: r >= 2.0),
    "endToEndRate": ("≥ 1.5×", lambda r: r >= 1.5),
    "p99Ms": ("≤ 1×", lambda r: r <= 1.0),
}
IDLE_TARGET_KIB = 64
IDLE_TARGET_SESSIONS = 5000


def load(run: Path, name: str):
    path = run / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def system_figures(result, pending_e2e=None):
    """The figures compared between servers, from one measure() file."""
    if result is None:
        return None
    accepted = result.get("accepted") or 0
    latency = result.get("latencyMs") or {}
    cpu = result.get("cpuSeconds")
    figures = {
        "accepted": accepted,
        "messages": result.get("messages"),
        "delivered": result.get("delivered"),
        "acceptRate": result.get("acceptRate"),
        "endToEndRate": None if pending_e2e else result.get("endToEndRate"),
        "p50Ms": latency.get("p50"),
        "p99Ms": latency.get("p99"),
        "peakRssMiB": round(result["peakRssKiB"] / 1024, 1) if result.get("peakRssKiB") else None,
        "peakPssMiB": round(result["peakPssKiB"] / 1024, 1) if result.get("peakPssKiB") else None,
        "cpuSecondsPer1000": round(cpu / accepted * 1000, 3) if cpu is not None and accepted else None,
        "processes": result.get("processes"),
        "errors": result.get("errors") or {},
        "errorSamples": result.get("errorSamples") or {},
    }
    if pending_e2e:
        figures["endToEndPending"] = pending_e2e
    return figures


def ratio(coldmail, postfix, key):
    if not coldmail or not postfix:
        return None
    a, b = coldmail.get(key), postfix.get(key)
    return round(a / b, 2) if a is not None and b else None


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float) and digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def build(run: Path):
    info = load(run, "machine")
    pending = load(run, "coldmail-pending")
    delivery = load(run, "coldmail-delivery")
    pending_e2e = delivery.get("endToEndPending") if delivery else None
    after = run / "loadavg-after"
    info["machine"]["loadAverageAfter"] = after.read_text().strip() if after.exists() else None
    report = {
        "date": info["date"],
        "machine": info["machine"],
        "profile": info["profile"],
        "coldmailPending": pending.get("pending") if pending else None,
        "sizes": [],
        "idle": {},
    }
    for size in info["profile"]["sizes"]:
        ceiling = load(run, f"ceiling-{size}")
        generator = load(run, f"generator-{size}")
        postfix = system_figures(load(run, f"postfix-{size}"))
        coldmail = None if pending else system_figures(load(run, f"coldmail-{size}"), pending_e2e)
        ratios = {k: ratio(coldmail, postfix, k) for k in
                  ("acceptRate", "endToEndRate", "p50Ms", "p99Ms", "peakRssMiB", "peakPssMiB",
                   "cpuSecondsPer1000")}
        targets = {k: {"target": t, "met": (check(ratios[k]) if ratios[k] is not None else None)}
                   for k, (t, check) in TARGETS.items()}
        report["sizes"].append({
            "size": size,
            "bytes": ceiling["bytes"] if ceiling else None,
            "ceiling": {"tool": "smtp-source -> smtp-sink, no TLS, no AUTH, no queue",
                        "rate": round(ceiling["rate"], 1) if ceiling and ceiling.get("rate") else None},
            "generator": {"tool": "coldmail-load -> smtp-sink, no TLS, no AUTH",
                          "acceptRate": generator.get("acceptRate") if generator else None,
                          "p99Ms": (generator.get("latencyMs") or {}).get("p99") if generator else None},
            "postfix": postfix,
            "coldmail": coldmail if coldmail else {"pending": pending["pending"] if pending else "no result"},
            "ratios": ratios,
            "targets": targets,
        })
    for system in ("postfix", "coldmail"):
        idle = load(run, f"{system}-idle")
        if idle is None:
            report["idle"][system] = {"pending": pending["pending"] if pending and system == "coldmail"
                                      else "no result"}
            continue
        report["idle"][system] = idle
    coldmail_idle = report["idle"].get("coldmail", {})
    per_session = coldmail_idle.get("rssPerSessionKiB")
    opened = coldmail_idle.get("opened", 0)
    report["idle"]["target"] = {
        "sessions": IDLE_TARGET_SESSIONS, "maxKiBPerSession": IDLE_TARGET_KIB, "measuredWith": opened,
        # Fewer sessions than the target cannot show it met, but can show it missed.
        "met": None if per_session is None
        else False if per_session >= IDLE_TARGET_KIB or coldmail_idle.get("requested", 0) > opened
        else True if opened >= IDLE_TARGET_SESSIONS else None,
    }
    return report


def markdown(report):
    m = report["machine"]
    p = report["profile"]
    lines = [
        f"# ColdMail vs Postfix — {report['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memKiB'] // 1024:,} MiB; {m['os']}, kernel {m['kernel']}; "
        f"Postfix {m['postfix']}; .NET SDK {m['dotnet']}. Load average before {m.get('loadAverageBefore')}, "
        f"after {m.get('loadAverageAfter')} (other work on the machine skews every figure).",
        f"Profile `{p['name']}`: {p['messages']:,} messages per size, {p['concurrency']} sessions, "
        f"{p['mailboxes']} mailboxes, {p['client']} client; Postfix's in_flow_delay "
        f"{p.get('postfixInFlowDelay', 'default')}.",
        "",
    ]
    if report["coldmailPending"]:
        lines += [f"**ColdMail pending:** {report['coldmailPending']}", ""]
    rows = [
        ("accept rate (msg/s)", "acceptRate", 1),
        ("end-to-end rate (msg/s)", "endToEndRate", 1),
        ("p50 latency MAIL→250 (ms)", "p50Ms", 2),
        ("p99 latency MAIL→250 (ms)", "p99Ms", 2),
        ("peak RSS (MiB)", "peakRssMiB", 1),
        ("peak PSS (MiB)", "peakPssMiB", 1),
        ("CPU s / 1,000 msgs", "cpuSecondsPer1000", 3),
    ]
    for s in report["sizes"]:
        pf, cm = s["postfix"] or {}, s["coldmail"] or {}
        lines += [
            f"## {s['size']} messages ({fmt(s['bytes'])} octets)",
            "",
            f"Physical ceiling (smtp-source → smtp-sink, no TLS/AUTH/queue): **{fmt(s['ceiling']['rate'])} msg/s**. "
            f"Load generator → smtp-sink (no TLS/AUTH): {fmt(s['generator']['acceptRate'])} msg/s, "
            f"p99 {fmt(s['generator']['p99Ms'], 2)} ms.",
            "",
            "| | Postfix | ColdMail | ColdMail/Postfix | target |",
            "|---|---:|---:|---:|---|",
        ]
        for label, key, digits in rows:
            cm_value = "pending" if "pending" in cm or (key == "endToEndRate" and cm.get("endToEndPending")) \
                else fmt(cm.get(key), digits)
            target = s["targets"].get(key)
            target_text = "–" if not target else target["target"] + (
                "" if target["met"] is None else (" ✔" if target["met"] else " ✘"))
            ratio_text = fmt(s["ratios"][key], 2) + ("×" if s["ratios"][key] is not None else "")
            lines.append(f"| {label} | {fmt(pf.get(key), digits)} | {cm_value} | {ratio_text} | {target_text} |")
        for name, figures in (("Postfix", pf), ("ColdMail", cm)):
            if figures.get("errors"):
                errs = ", ".join(f"{k} ×{v}" for k, v in figures["errors"].items())
                lines.append(f"\n{name} errors: {errs} (first: {next(iter(figures['errorSamples'].values()), '')})")
            if figures.get("delivered") is not None and figures.get("delivered") < figures.get("accepted", 0):
                lines.append(f"\n{name}: only {figures['delivered']} of {figures['accepted']} reached the sink.")
        lines.append("")
    lines += ["## Idle authenticated sessions", "",
              "| | sessions held | RSS before → after (MiB) | RSS per session (KiB) | PSS per session (KiB) |",
              "|---|---:|---:|---:|---|"]
    for name in ("postfix", "coldmail"):
        i = report["idle"][name]
        if "pending" in i:
            lines.append(f"| {name} | pending | | | |")
            continue
        lines.append(
            f"| {name} | {i['opened']:,} of {i['requested']:,} | {i['rssBeforeKiB'] / 1024:,.1f} → "
            f"{i['rssAfterKiB'] / 1024:,.1f} | {fmt(i['rssPerSessionKiB'])} | {fmt(i['pssPerSessionKiB'])} |")
    t = report["idle"]["target"]
    verdict = " — met." if t["met"] else " — not met." if t["met"] is False else (
        f" — measured with {t['measuredWith']:,} sessions only." if t["measuredWith"] else "")
    lines += ["", f"Target: {t['sessions']:,} idle authenticated sessions under {t['maxKiBPerSession']} KiB each"
              + verdict, ""]
    return "\n".join(lines)


def main():
    run, json_out, md_out = (Path(a) for a in sys.argv[1:4])
    report = build(run)
    json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = markdown(report)
    md_out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
