#!/usr/bin/env python3
"""Compare cleancopy's metadata with Mozilla Readability's expected metadata.

usage: score-metadata.py JSON_DIR READABILITY_DIR
JSON_DIR holds `cleancopy json` output per page (<name>.json); READABILITY_DIR holds the test
pages (<name>/expected-metadata.json). For each field, over the pages where the expected value is
given, prints how many cleancopy matches:
  title      exact, after whitespace normalisation
  byline     every author cleancopy found appears in the expected byline, or the byline in them
  lang       same tag, case-insensitive
  siteName   same name, case-insensitive
  published  same calendar date (first ten characters)
  excerpt    same text after whitespace normalisation (description, else first paragraph)
"""
import json
import os
import re
import sys


def norm(text):
    return " ".join((text or "").split())


def loose(text):
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def first_paragraph(record):
    for block in record.get("blocks", []):
        if block.get("type") == "paragraph":
            return "".join(inline_text(i) for i in block["content"])
    return ""


def inline_text(inline):
    if "text" in inline:
        return inline["text"]
    if inline.get("type") == "note_ref":
        # A note's mark, as the text output writes it.
        return "[" + inline.get("label", "") + "]"
    return "".join(inline_text(i) for i in inline.get("content", []))


def byline_matches(authors, expected):
    if not authors:
        return False
    expected_words = loose(expected)
    ours = loose(" ".join(authors))
    return all(loose(a) in expected_words for a in authors) or expected_words in ours


CHECKS = {
    "title": lambda r, e: norm(r.get("title")) == norm(e),
    "byline": lambda r, e: byline_matches(r.get("authors") or [], e),
    "lang": lambda r, e: (r.get("language") or "").lower() == e.lower(),
    "siteName": lambda r, e: norm(r.get("site_name")).lower() == norm(e).lower(),
    "publishedTime": lambda r, e: (r.get("published") or "")[:10] == e[:10],
    "excerpt": lambda r, e: norm(r.get("description") or first_paragraph(r)) == norm(e),
}


def main():
    json_dir, pages_dir = sys.argv[1], sys.argv[2]
    totals = {field: [0, 0] for field in CHECKS}
    misses = {field: [] for field in CHECKS}
    for name in sorted(os.listdir(pages_dir)):
        meta_path = os.path.join(pages_dir, name, "expected-metadata.json")
        if not os.path.exists(meta_path):
            continue
        expected = json.load(open(meta_path, encoding="utf-8"))
        try:
            record = json.load(open(os.path.join(json_dir, name + ".json"), encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        for field, check in CHECKS.items():
            want = expected.get(field)
            if not want:
                continue
            totals[field][1] += 1
            if check(record, want):
                totals[field][0] += 1
            else:
                misses[field].append(name)
    verbose = os.environ.get("VERBOSE")
    for field, (hit, total) in totals.items():
        rate = hit / total if total else 0.0
        print(f"{field:<14} {hit:>3}/{total:<3} {rate:6.1%}")
        if verbose:
            print("   missed:", " ".join(misses[field]))


if __name__ == "__main__":
    main()
