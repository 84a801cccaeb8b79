#!/usr/bin/env python3
"""Gives every card sample (cards/**/NAME.sample.json) the current German word tree as "t", so the sample previews in
the Adaptive Cards Designer with the real words (test Sample_Words_AreTheGermanWords). Run after adding words."""
import collections, json, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
words = json.loads((root / "bot/StadtLabor.Bot/Resources/strings.de.json").read_text(encoding="utf-8"),
                   object_pairs_hook=collections.OrderedDict)
for sample in sorted((root / "cards").rglob("*.sample.json")):
    data = json.loads(sample.read_text(encoding="utf-8"), object_pairs_hook=collections.OrderedDict)
    data["t"] = words
    sample.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
