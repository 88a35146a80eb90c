#!/usr/bin/env python3
"""How well cleancopy reads the metadata pages declare in JSON-LD and OpenGraph.

usage: score-metadata-sources.py JSON_DIR PAGES_DIR
PAGES_DIR holds the pages (<id>.html), JSON_DIR the `cleancopy json` output for each
(<id>.json). For the pages that declare a JSON-LD Article/NewsArticle (or another article
type) and for those with OpenGraph tags, prints how often cleancopy's title, authors and date
agree with what the page declares. This checks reading, not truth: the declared values are
the reference.
"""
import html
import json
import os
import re
import sys

ARTICLE_TYPES = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "TechArticle",
    "ScholarlyArticle", "Report", "LiveBlogPosting", "SocialMediaPosting",
}


def norm(text):
    return " ".join(html.unescape(text or "").split()).lower()


def objects(value):
    if isinstance(value, list):
        for item in value:
            yield from objects(item)
    elif isinstance(value, dict):
        if "@graph" in value:
            yield from objects(value["@graph"])
        else:
            yield value


def json_ld_article(page):
    for match in re.finditer(
        r'<script[^>]*application/ld\+json[^>]*>(.*?)</script>', page, re.S | re.I
    ):
        text = match.group(1).strip()
        text = re.sub(r"^<!\[CDATA\[|\]\]>$", "", text).strip().rstrip(";")
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for obj in objects(data):
            types = obj.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & ARTICLE_TYPES:
                return obj
    return None


def meta_property(page, name):
    for tag in re.findall(r"<meta[^>]+>", page, re.I):
        if re.search(r'(property|name)\s*=\s*["\']%s["\']' % re.escape(name), tag, re.I):
            content = re.search(r'content\s*=\s*"([^"]*)"|content\s*=\s*\'([^\']*)\'', tag, re.I)
            if content:
                return content.group(1) or content.group(2) or ""
    return None


def ld_authors(article):
    author = article.get("author")
    items = author if isinstance(author, list) else [author]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            names.append(norm(item))
    return names


def main():
    json_dir, pages_dir = sys.argv[1], sys.argv[2]
    counts = {}

    def tally(key, ok):
        hit, total = counts.get(key, (0, 0))
        counts[key] = (hit + bool(ok), total + 1)

    for name in sorted(os.listdir(pages_dir)):
        if not name.endswith(".html"):
            continue
        page = open(os.path.join(pages_dir, name), encoding="utf-8", errors="replace").read()
        try:
            record = json.load(open(os.path.join(json_dir, name[:-5] + ".json"), encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        title = norm(record.get("title"))
        authors = [norm(a) for a in record.get("authors") or []]
        article = json_ld_article(page)
        tally("pages with JSON-LD article", article is not None)
        if article:
            declared = {norm(article.get(k)) for k in ("headline", "name") if isinstance(article.get(k), str)}
            if declared:
                tally("  title = its headline or name", title in declared)
            names = ld_authors(article)
            if names:
                tally("  authors found in its author", authors and all(
                    any(a in n or n in a for n in names) for a in authors))
            published = article.get("datePublished")
            if isinstance(published, str) and published[:4].isdigit():
                tally("  date = its datePublished", (record.get("published") or "")[:10] == published[:10])
        og_title = meta_property(page, "og:title")
        tally("pages with og:title", og_title is not None)
        if og_title is not None:
            declared = {norm(og_title)} | ({norm(article.get("headline"))} if article and isinstance(article.get("headline"), str) else set())
            tally("  title = og:title (or LD headline)", title in declared)
        og_site = meta_property(page, "og:site_name")
        if og_site:
            tally("  site name = og:site_name", norm(record.get("site_name")) == norm(og_site))
    for key, (hit, total) in counts.items():
        print(f"{key:<38} {hit:>3}/{total:<3} {hit / total:6.1%}")


if __name__ == "__main__":
    main()
