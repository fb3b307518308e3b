#!/usr/bin/env python3
"""Checks every corpus key: valid JSON, required fields, and every anchor occurs
at least `occurrence` times in its text (and contains its value/number)."""
import json, pathlib, sys

HERE = pathlib.Path(__file__).parent
FIELDS = ["source_url", "title", "issuer", "year", "level", "province", "layout", "notes", "targets", "negatives"]
CMP = {"at_least", "at_most", "about", "maintain", "exactly"}
bad = 0
for key in sorted(HERE.glob("*.key.json")):
    txt = (HERE / key.name.replace(".key.json", ".txt")).read_text(encoding="utf-8")
    assert "\r" not in txt, key
    k = json.loads(key.read_text(encoding="utf-8"))
    for f in FIELDS:
        if f not in k:
            print(f"{key.name}: missing {f}"); bad += 1
    for kind, items in (("target", k["targets"]), ("negative", k["negatives"])):
        for t in items:
            a, n = t["anchor"], t["occurrence"]
            if txt.count(a) < n:
                print(f"{key.name}: {kind} anchor {a!r} occurs {txt.count(a)} < {n}"); bad += 1
            if kind == "target":
                if t["comparator"] not in CMP:
                    print(f"{key.name}: bad comparator {t}"); bad += 1
                if t["commitment"] not in (None, "ensure", "strive"):
                    print(f"{key.name}: bad commitment {t}"); bad += 1
            else:
                if t["number"] not in a:
                    print(f"{key.name}: negative number {t['number']!r} not in anchor {a!r}"); bad += 1
    print(f"{key.stem.replace('.key','')}: {len(txt)} chars, {len(k['targets'])} targets, {len(k['negatives'])} negatives")
sys.exit(1 if bad else 0)
