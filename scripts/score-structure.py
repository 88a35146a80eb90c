#!/usr/bin/env python3
"""Checks that the structure of the Mozilla Readability test pages survives extraction.

usage: score-structure.py JSON_DIR READABILITY_DIR
JSON_DIR holds `cleancopy json` output per page (<name>.json); READABILITY_DIR holds the test
pages (<name>/expected.html, the article as Readability.js extracts it). Counts the distinct
images (by file name, any size its srcset offers) and headings (by their words) of every expected.html and how many of them are
in cleancopy's document, and prints both rates. VERBOSE=1 lists what was missed.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse


def words(text):
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def image_key(src):
    """The file name of an image address: survives resizing parameters and CDN hosts."""
    if not src or src.startswith("data:"):
        return None
    name = unquote(urlparse(src).path.rstrip("/").rsplit("/", 1)[-1])
    return name.lower() or None


class Expected(HTMLParser):
    """Image file names and heading texts of an expected.html."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.headings, self.heading = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attrs = dict(attrs)
            primary = image_key(attrs.get("src"))
            keys = {primary} | {
                image_key(candidate.split()[0])
                for candidate in (attrs.get("srcset") or "").split(",")
                if candidate.strip()
            }
            keys.discard(None)
            if keys:
                # The picture is found if any of its sizes is (cleancopy takes the widest).
                self.images.append((primary or min(keys), frozenset(keys)))
        elif re.fullmatch(r"h[1-6]", tag):
            self.heading = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            text = words("".join(self.heading))
            if text:
                self.headings.append(text)
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)


def inline_text(node):
    if isinstance(node, dict):
        if "text" in node and isinstance(node["text"], str):
            return node["text"]
        return "".join(inline_text(v) for v in node.get("content", []) or [])
    if isinstance(node, list):
        return "".join(inline_text(v) for v in node)
    return ""


def ours(record):
    """Image file names and heading texts of a cleancopy json record."""
    images, headings = set(), set()

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "heading":
                headings.add(words(inline_text(node.get("content", []))))
            for key, value in node.items():
                if key == "src" and isinstance(value, str):
                    name = image_key(value)
                    if name:
                        images.add(name)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(record.get("blocks", []))
    lead = (record.get("lead_image") or {}).get("src")
    if image_key(lead):
        images.add(image_key(lead))
    title = words(record.get("title"))
    return images, headings, title


def main():
    json_dir, pages_dir = sys.argv[1], sys.argv[2]
    verbose = os.environ.get("VERBOSE")
    found = {"images": [0, 0], "headings": [0, 0]}
    for name in sorted(os.listdir(pages_dir)):
        path = os.path.join(pages_dir, name, "expected.html")
        if not os.path.exists(path):
            continue
        expected = Expected()
        expected.feed(open(path, encoding="utf-8", errors="replace").read())
        try:
            record = json.load(open(os.path.join(json_dir, name + ".json"), encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        images, headings, title = ours(record)
        for kind, wanted, have in (
            ("images", sorted(dict(expected.images).items()), images),
            ("headings", sorted(set(expected.headings)), headings | {title}),
        ):
            for item in wanted:
                found[kind][1] += 1
                if (item[1] & have) if kind == "images" else (item in have):
                    found[kind][0] += 1
                elif verbose:
                    print(f"   {name}: missing {kind[:-1]} {(item[0] if kind == 'images' else item)[:70]!r}")
    for kind, (hit, total) in found.items():
        rate = hit / total if total else 0.0
        print(f"{kind:<14} {hit:>4}/{total:<4} {rate:6.1%}")


if __name__ == "__main__":
    main()
