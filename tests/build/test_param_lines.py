"""Parameter lines (web/src/params.ts): the text field's string literal (web/src/text-field.ts) and
the slider (web/src/slider.ts), found by the same machinery.

The TypeScript is bundled with the project's esbuild and run under Node; Python judges the result:
every text the field writes must be a one-line literal that Python reads back as exactly the text
typed (quotes, backslashes, newlines, controls, lone surrogates, Korean and emoji), and the field
must show what Python reads from a literal an author or a learner wrote.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cell_format import page_cells  # noqa: E402

WEB = ROOT / "web" / "src"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"

ENTRY = """
import { decodePythonString, encodePythonString, textField } from "%(web)s/text-field.ts";
import { findParams } from "%(web)s/params.ts";
import { slider } from "%(web)s/slider.ts";
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { encode, decode, find } = JSON.parse(input);
  const found = (doc) => findParams(doc, [slider, textField]).map(({ kind, spec }) =>
    ({ kind: kind === slider ? "slider" : "text", ...spec }));
  process.stdout.write(JSON.stringify({
    encode: encode.map(([value, quote]) => encodePythonString(value, quote)),
    decode: decode.map((literal) => decodePythonString(literal)),
    find: find.map(found),
  }));
});
"""


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    """Runs the TypeScript functions on a batch: {"encode": [[value, quote]], "decode": [literal],
    "find": [doc]} -> the same keys with the results."""
    if not ESBUILD.exists() or not shutil.which("node"):
        pytest.fail("node and node_modules are needed (make build runs npm ci)")
    folder = tmp_path_factory.mktemp("params")
    entry = folder / "entry.ts"
    entry.write_text(ENTRY % {"web": WEB.as_posix()}, encoding="utf-8")
    bundle = folder / "entry.mjs"
    # config.ts (the slider's debounce) reads the page's script URL when it loads: a stand-in page.
    page = 'globalThis.document={currentScript:null};globalThis.location=new URL("http://localhost/");'
    subprocess.run([str(ESBUILD), str(entry), "--bundle", "--platform=node", "--format=esm",
                    f"--banner:js={page}", f"--outfile={bundle}", "--log-level=error"], check=True, cwd=ROOT)

    def call(encode=(), decode=(), find=()):
        request = json.dumps({"encode": list(encode), "decode": list(decode), "find": list(find)})
        done = subprocess.run(["node", str(bundle)], input=request, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogatepass", check=True)
        return json.loads(done.stdout)

    return call


TRICKY = [
    "",
    'He said "hi"',
    "it's",
    "back\\slash",
    "C:\\",
    "\\n is not a newline",
    "two\nlines",
    "tab\there, return\r",
    'mixed \'single\' and "double" \\" end\\',
    "'''",
    '"""',
    "nul \x00 bell \x07 del \x7f c1 \x85",
    "line sep \u2028 para sep \u2029",
    "bidi \u202e evil \u2066 \ufeff",
    "lone \ud800 surrogate \udfff",
    "배우들 연기는 좋았는데 스토리가 너무 뻔했다ㅋㅋ ^^",
    "emoji 😀 and 👩‍💻 and {braces} %s",
    "  # 입력: not a marker  ",
    "\\N{BULLET} \\x41 \\u00e9",
]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_every_typed_text_becomes_a_literal_python_reads_back_exactly(ts, quote):
    literals = ts(encode=[[value, quote] for value in TRICKY])["encode"]
    for value, literal in zip(TRICKY, literals, strict=True):
        assert literal[0] == literal[-1] == quote, literal
        assert "\n" not in literal and "\r" not in literal and "\u2028" not in literal, literal
        assert ast.literal_eval(literal) == value, (value, literal)
        # In the line of the cell, the rest of the line stays a comment and the code stays valid.
        line = f"review = {literal}  # 입력: 내 리뷰\nprint(review)\n"
        tree = ast.parse(line)
        assert len(tree.body) == 2 and ast.literal_eval(tree.body[0].value) == value, line
    # Readable where nothing needs escaping.
    assert literals[TRICKY.index("배우들 연기는 좋았는데 스토리가 너무 뻔했다ㅋㅋ ^^")] == (
        f"{quote}배우들 연기는 좋았는데 스토리가 너무 뻔했다ㅋㅋ ^^{quote}")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # Python still reads "\\d" and "\\777"; it warns
def test_the_field_shows_what_python_reads_from_any_literal(ts):
    written = [repr(value) for value in TRICKY] + [
        '"\\x41\\101\\u00e9\\U0001F600"', "'\\d stays'", '"\\\'"', "'\\\"'", '"a\\tb\\\\"',
        '"\\0\\7\\777"', "'\\a\\b\\f\\v'"]
    decoded = ts(decode=written)["decode"]
    for literal, value in zip(written, decoded, strict=True):
        assert value == ast.literal_eval(literal), (literal, value)


def test_literals_python_would_refuse_or_the_field_cannot_show_make_no_field(ts):
    refused = ['"\\x4"', '"\\u12"', '"\\U00110000"', '"\\N{BULLET}"', '"open', '"end\\"', "'mixed\"", '"']
    assert ts(decode=refused)["decode"] == [None] * len(refused)
    docs = [
        'review = "\\N{BULLET}"  # 입력',          # \N{...}: no field
        'review = f"{x}"  # 입력',                  # prefixed literals are not text fields
        '    review = "indented"  # 입력',          # only top-level lines
        'review = "no marker"  # 입력하세요',       # the marker is the whole comment
        'review = "a" + "b"  # 입력',
        'review = "a"  # slider: 0, 1',
    ]
    assert ts(find=docs)["find"] == [[]] * len(docs)


def test_sliders_and_text_fields_are_found_by_one_parser_with_their_offsets(ts):
    doc = ("import numpy as np\n"
           "temperature = 1.0  # slider: 0.1, 3.0, 0.1\n"
           "리뷰 = '그냥 \"그랬다\"'  # 입력: 내 리뷰\n"
           "prompt='대한민국'#입력\n"
           "for x in range(3):\n"
           "    pass\n")
    [found] = ts(find=[doc])["find"]
    assert [(f["kind"], f["name"]) for f in found] == [("slider", "temperature"), ("text", "리뷰"), ("text", "prompt")]
    for f in found:
        assert doc[f["from"]:f["to"]] == f["literal"], f
    slider, review, prompt = found
    assert (slider["value"], slider["min"], slider["max"], slider["step"]) == (1.0, 0.1, 3.0, 0.1)
    assert (review["value"], review["label"], review["quote"]) == ('그냥 "그랬다"', "내 리뷰", "'")
    assert (prompt["value"], prompt["label"]) == ("대한민국", "prompt"), "without a label, the name"
    # The whole document stays Python that runs natively: the markers are comments.
    namespace: dict = {}
    exec(compile(doc.replace("import numpy as np\n", ""), "<doc>", "exec"), namespace)
    assert namespace["리뷰"] == review["value"] and namespace["prompt"] == prompt["value"]


def test_every_marked_line_of_the_course_gets_its_field(ts):
    """A line the author marked `# 입력` that the page could not turn into a field would silently
    stay plain code: every one is found, with the value Python gives its literal."""
    codes, marked = [], []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for cell in page_cells(page.read_text(encoding="utf-8")):
            lines = [line for line in cell.code.split("\n") if re.search(r"#\s*입력", line)]
            if lines:
                codes.append(cell.code)
                marked.append((f"{page.relative_to(ROOT)}#{cell.key}", lines))
    assert len(marked) >= 7, marked
    for (where, lines), found in zip(marked, ts(find=codes)["find"], strict=True):
        texts = [f for f in found if f["kind"] == "text"]
        assert len(texts) == len(lines), f"{where}: {lines} gave {texts}"
        for line, spec in zip(lines, texts, strict=True):
            assert spec["value"] == ast.literal_eval(line.split("=", 1)[1].split("  #")[0].strip()), where
