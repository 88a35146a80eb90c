#!/usr/bin/env python3
"""Checks that nothing is lost between the document and the books, on the shared corpus.

For every page of the corpus, cleancopy makes three things from the same document (release
binary, --offline): the `text` output, an EPUB and a PDF. The words of the text output are
then looked for, in order, in the words a reader gets from the EPUB (its XHTML files in spine
order, tags removed, the `text` of every element) and from the PDF (`pdftotext`, in whichever of its two reading orders loses least: by layout,
or by text block, which keeps a table cell's lines together).

A word of the text output that is not found in order in a book is "lost" for that book. Words
a book adds (the title page, "Contents", page numbers, link notes, the running head) are
counted as "added" but are not faults. The PDF prints each footnote at the foot of the page
that refers to it rather than in a list after the text, so for the PDF the text output is
compared without its list of notes (and the heading over it), and each note on its own.

usage: scripts/check-roundtrip-corpus.py [--sets scrapinghub,readability,trafilatura]
                                         [--corpus DIR] [--jobs N] [--keep DIR] [-v]
env:   CLEANCOPY=path/to/binary (default: target/release/cleancopy, built if missing)

Prints, per book kind, how many pages came back whole (every word in order), how many words
were not found in order and how many of those the book has nowhere (a word can move without
being lost: pdftotext reads side-by-side table cells that continue over pages page by page),
and the pages with most; exits 1 when any word was not found in order.

Words are compared after Unicode NFKD with the combining marks left out (so "km²" and
<sup>2</sup> meet as "km2", and a vowel mark the PDF places apart from its letter still meets
it), case folding, and with hyphens inside words removed (so a word the PDF hyphenated at a line end, "exam-",
"ple", meets "example"). Han and kana characters are compared one by one, since neither the
text output nor the PDF marks where a Japanese or Chinese word ends.
"""
import argparse
import difflib
import html
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# One token: a Han or kana character alone, or a run of other word characters.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{CJK}]|[^\\W_{CJK}]+")
# A hyphen between word characters, or at a line end before a word (the PDF's hyphenation).
JOINING_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011]\s*\n?\s*(?=\w)")


def words(text):
    """The words of a text as the comparison sees them."""
    text = unicodedata.normalize("NFKD", text).replace("\u00ad", "")
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = JOINING_HYPHEN.sub("", text)
    return TOKEN.findall(text.casefold())


def pages(corpus, sets):
    """(name, path) of every page of the chosen sets."""
    found = []
    if "scrapinghub" in sets:
        folder = os.path.join(corpus, "scrapinghub", "html")
        for file in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if file.endswith(".html"):
                found.append(("scrapinghub-" + file[:-5], os.path.join(folder, file)))
    if "readability" in sets:
        folder = os.path.join(corpus, "readability")
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            source = os.path.join(folder, name, "source.html")
            if os.path.isfile(source):
                found.append(("readability-" + name, source))
    if "trafilatura" in sets:
        folder = os.path.join(corpus, "trafilatura", "html")
        for file in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            found.append(("trafilatura-" + file, os.path.join(folder, file)))
    return found


def run(binary, command, page, output):
    """Runs one cleancopy command; True when it made its output."""
    args = [binary, command, "--offline", "--quiet", "--force", "--from", "html", page, "-o", output]
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    return done.returncode == 0 and os.path.exists(output)


XHTML = "{http://www.w3.org/1999/xhtml}"
# Elements a reading system sets apart from the text around them.
BLOCKS = set(
    "p div h1 h2 h3 h4 h5 h6 li dt dd blockquote figure figcaption table caption tr td th "
    "pre ul ol dl section aside header footer nav br hr img".split()
)


def epub_text(path):
    """The text of an EPUB's content documents, in spine order."""
    with zipfile.ZipFile(path) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        rootfile = next(e for e in container.iter() if e.tag.endswith("rootfile"))
        opf_path = rootfile.get("full-path")
        base = os.path.dirname(opf_path)
        opf = ElementTree.fromstring(book.read(opf_path))
        items = {
            e.get("id"): e.get("href")
            for e in opf.iter()
            if e.tag.endswith("}item")
        }
        texts = []
        for ref in (e for e in opf.iter() if e.tag.endswith("itemref")):
            href = items.get(ref.get("idref"))
            if href is None:
                continue
            name = os.path.normpath(os.path.join(base, html.unescape(href))).replace(os.sep, "/")
            document = ElementTree.fromstring(book.read(name))
            body = document.find(XHTML + "body")
            texts.append("".join(reader_text(body)) if body is not None else "")
        return "\n".join(texts)


def reader_text(element):
    """The text of an element as a reader sees it: an ordered list's numbers, which the
    reading system draws, are given as text, as the text output and the PDF print them."""
    if element.text:
        yield element.text
    number = int(element.get("start", "1")) if element.tag == XHTML + "ol" else None
    for child in element:
        if number is not None and child.tag == XHTML + "li":
            yield f"{child.get('value', number)}. "
            number = int(child.get("value", number)) + 1
        yield from reader_text(child)
        if child.tag.removeprefix(XHTML) in BLOCKS:
            yield "\n"
        if child.tail:
            yield child.tail


def pdf_texts(path):
    """What pdftotext reads from a PDF, in its two reading orders: by physical layout (rows of
    a table, lines of preformatted text kept whole) and by text blocks (a table cell's lines
    kept together)."""
    texts = []
    for mode in (["-layout"], []):
        done = subprocess.run(
            ["pdftotext", *mode, "-enc", "UTF-8", path, "-"], capture_output=True, timeout=300
        )
        texts.append(done.stdout.decode("utf-8", "replace"))
    return texts


# A note of the text output's list of notes: "[1] The note."
NOTE = re.compile(r"\[[^\]\n]{1,12}\] ")


def split_notes(text):
    """The text output without its list of notes (each note's paragraph and the heading over
    them), and the text of each note without its mark."""
    body, notes, in_notes = [], [], False
    for paragraph in (part.strip() for part in text.split("\n\n")):
        mark = NOTE.match(paragraph)
        if mark:
            if not in_notes and body and "\n" not in body[-1]:
                body.pop()
            in_notes = True
            notes.append(paragraph[mark.end():])
        else:
            in_notes = False
            body.append(paragraph)
    return "\n\n".join(body), notes


# A line of a PDF's notes that prints a link's address: its mark, then the address.
LINK_NOTE = re.compile(r"^\s*\S{1,6}\s+(?:(?:https?|ftp)://\S+|[^\s@]+@[^\s@]+)\s*$", re.M)


# A word with a note's number after it, as pdftotext reads a raised mark: "many30".
MARKED = re.compile(r"(\D+?)(\d{1,3})")


def split_marks(tokens):
    """The tokens with a note number read into a word set apart from it."""
    parts = []
    for token in tokens:
        marked = MARKED.fullmatch(token)
        parts.extend(marked.groups() if marked else [token])
    return parts


def compare_with_notes(text, book):
    """`compare` for a PDF, `book` being its text, which prints the notes where their
    references are: the text without its notes in order, then each note anywhere. The notes
    printing links' addresses are left out first: they add words that are in no text, and
    whose parts ("wiki", "news") would draw the comparison away from the text's own. A note's
    number raised right after a word is read with it ("many30"), and is set apart again."""
    got = split_marks(words(LINK_NOTE.sub("", book)))
    body, notes = split_notes(text)
    lost, added, runs, nowhere = compare(words(body), got)
    for note in notes:
        note_lost, _, note_runs, note_nowhere = compare(words(note), got)
        lost += note_lost
        runs += note_runs
        nowhere += note_nowhere
    return lost, added, runs, nowhere


def compare(expected, got):
    """(lost, added, lost examples, lost nowhere in `got`): the words of `expected` not found
    in order in `got`.

    Words are matched first; where they differ, the letters are compared with spaces left
    out, so that where a book puts a word boundary does not matter (a footnote number set as a
    superscript right after a word, a drop capital, a raised "2" after "km"): a word is lost
    when any of its letters is."""
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    lost_words, added = [], 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            added += sum(len(word) for word in got[j1:j2])
        elif tag == "delete":
            lost_words.extend(range(i1, i2))
        elif tag == "replace":
            missing, extra = compare_letters(expected, i1, i2, got[j1:j2])
            lost_words.extend(missing)
            added += extra
    lost_runs, run = [], []
    for index in lost_words:
        if run and index != run[-1] + 1:
            lost_runs.append(" ".join(expected[i] for i in run[:8]))
            run = []
        run.append(index)
    if run:
        lost_runs.append(" ".join(expected[i] for i in run[:8]))
    # Of the words out of order, those the book has nowhere: side-by-side table cells that
    # continue over pages are read page by page, so their words move but are all there.
    letters = "".join(got)
    nowhere = sum(1 for index in lost_words if expected[index] not in letters)
    return len(lost_words), added, lost_runs, nowhere


def compare_letters(expected, start, end, got):
    """The indexes of the words expected[start:end] that lose a letter in `got`, and how many
    letters `got` adds."""
    letters, owner = [], []
    for index in range(start, end):
        letters.extend(expected[index])
        owner.extend([index] * len(expected[index]))
    book = [letter for word in got for letter in word]
    matcher = difflib.SequenceMatcher(None, letters, book, autojunk=False)
    found = bytearray(len(letters))
    for block in matcher.get_matching_blocks():
        found[block.a : block.a + block.size] = b"\x01" * block.size
    missing = sorted({owner[i] for i, hit in enumerate(found) if not hit})
    return missing, len(book) - sum(found)


def check(binary, out, name, page):
    """Makes the three outputs of one page and compares them. Returns a result record."""
    base = os.path.join(out, name)
    record = {"name": name}
    if not run(binary, "text", page, base + ".txt"):
        record["failed"] = "text"
        return record
    with open(base + ".txt", encoding="utf-8", errors="replace") as file:
        text = file.read()
    expected = words(text)
    record["words"] = len(expected)
    for kind, reader in (("epub", lambda book: [epub_text(book)]), ("pdf", pdf_texts)):
        book = base + "." + kind
        if not run(binary, kind, page, book):
            record[kind] = None
            continue
        try:
            readings = reader(book)
        except Exception as error:  # a book the reader cannot open is a finding, not a crash
            record[kind] = None
            record[kind + "-error"] = str(error)
            continue
        # The reading that loses least: a word is lost only when no reading order finds it.
        if kind == "pdf":
            results = (compare_with_notes(text, reading) for reading in readings)
        else:
            results = (compare(expected, words(reading)) for reading in readings)
        record[kind] = min(results, key=lambda r: r[0])
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    parser.add_argument("--sets", default="scrapinghub,readability")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="keep the outputs in this folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every lost run")
    arguments = parser.parse_args()

    found = pages(arguments.corpus, arguments.sets.split(","))
    if not found:
        print(f"no corpus at {arguments.corpus}: nothing to check")
        return 0
    binary = os.environ.get("CLEANCOPY") or os.path.join(ROOT, "target", "release", "cleancopy")
    if "CLEANCOPY" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    out = arguments.keep or tempfile.mkdtemp()
    os.makedirs(out, exist_ok=True)
    with ThreadPoolExecutor(arguments.jobs) as pool:
        records = list(pool.map(lambda page: check(binary, out, *page), found))
    if not arguments.keep:
        subprocess.run(["rm", "-rf", out])

    failed = [r for r in records if "failed" in r]
    checked = [r for r in records if "failed" not in r and r["words"] > 0]
    print(f"pages: {len(records)}, text output made: {len(records) - len(failed)}, "
          f"with words: {len(checked)}, words in the text outputs: "
          f"{sum(r['words'] for r in checked)}")
    any_lost = False
    for kind in ("epub", "pdf"):
        made = [r for r in checked if r.get(kind) is not None]
        whole = [r for r in made if r[kind][0] == 0]
        lost = sum(r[kind][0] for r in made)
        nowhere = sum(r[kind][3] for r in made)
        added = sum(r[kind][1] for r in made)
        print(f"{kind}: made {len(made)}/{len(checked)}, every word in order {len(whole)}/"
              f"{len(made)}, words not found in order {lost} (of them nowhere in the book "
              f"{nowhere}), letters added {added}")
        for r in checked:
            if r.get(kind) is None:
                any_lost = True
                print(f"  not made: {r['name']} {r.get(kind + '-error', '')}")
        worst = sorted((r for r in made if r[kind][0]), key=lambda r: -r[kind][0])
        for r in worst if arguments.verbose else worst[:10]:
            any_lost = True
            runs = r[kind][2] if arguments.verbose else r[kind][2][:3]
            print(f"  {r['name']}: {r[kind][0]} of {r['words']} not in order, "
                  f"{r[kind][3]} nowhere: "
                  + " | ".join(repr(run) for run in runs))
    for r in failed:
        print(f"  text output not made: {r['name']}")
    return 1 if any_lost else 0


if __name__ == "__main__":
    sys.exit(main())
