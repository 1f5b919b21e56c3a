"""Every kind of bad input gives one clear Problem naming the file, and reading goes on."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from pathlib import Path

import pytest

from dateline.model import Problem, RawDocument
from dateline.read import read_paths

GOOD = "The council approved the new bridge on Monday after a long debate.\n"


def read(paths, **kw) -> tuple[list[RawDocument], list[Problem]]:
    items = list(read_paths(paths, **kw))
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(docs) + len(problems) == len(items)
    return docs, problems


def only_problem(problems: list[Problem], name: str) -> Problem:
    hits = [p for p in problems if Path(p.path.split(":")[0]).name == name]
    assert len(hits) == 1, problems
    return hits[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "z_good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_missing_path(corpus: Path) -> None:
    docs, problems = read([corpus / "nope.txt", corpus])
    assert [d.id for d in docs] == ["a_good", "z_good"]
    p = only_problem(problems, "nope.txt")
    assert "no such file" in p.message and p.skipped
    assert str(p).startswith(str(corpus / "nope.txt"))


def test_unreadable_file(corpus: Path) -> None:
    secret = corpus / "m_secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    try:
        docs, problems = read([corpus])
    finally:
        secret.chmod(0o644)
    if os.geteuid() == 0:
        pytest.skip("root can read a chmod 000 file")
    assert len(docs) == 2
    assert "permission denied" in only_problem(problems, "m_secret.txt").message


def test_fifo_is_not_read(corpus: Path) -> None:
    # Works as root too: a named pipe is not a regular file (reading it would block).
    os.mkfifo(corpus / "m_pipe.txt")
    docs, problems = read([corpus])
    assert len(docs) == 2
    assert "not a regular file" in only_problem(problems, "m_pipe.txt").message


def test_binary_file(corpus: Path) -> None:
    (corpus / "m_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (corpus / "m_noise.txt").write_bytes(bytes(range(1, 32)) * 20)
    docs, problems = read([corpus])
    assert len(docs) == 2
    assert "binary" in only_problem(problems, "m_image.txt").message
    assert "binary" in only_problem(problems, "m_noise.txt").message


def test_utf16_text_with_a_byte_order_mark_is_read(corpus: Path) -> None:
    # As Windows tools save text. Before: "binary file (not text), skipped".
    (corpus / "m_wide.txt").write_text("Published: 28.02.2019\n\n" + GOOD, encoding="utf-16")
    (corpus / "m_wide_be.txt").write_bytes(b"\xfe\xff" + GOOD.encode("utf-16-be"))
    (corpus / "m_wide_bad.txt").write_bytes(b"\xff\xfe" + GOOD.encode("utf-16-le")[:-1])
    docs, problems = read([corpus])
    wide = {d.id: d for d in docs if d.id.startswith("m_wide")}
    assert sorted(wide) == ["m_wide", "m_wide_be"]
    assert wide["m_wide"].text.endswith(GOOD) and wide["m_wide_be"].text == GOOD
    assert "UTF-16" in only_problem(problems, "m_wide_bad.txt").message


def test_non_utf8_is_a_warning_and_still_read(corpus: Path) -> None:
    text = "Caf\u00e9 owners in S\u00e3o Paulo \u2014 a story."
    (corpus / "m_latin.txt").write_bytes(text.encode("cp1252"))
    docs, problems = read([corpus])
    assert [d.id for d in docs] == ["a_good", "m_latin", "z_good"]
    p = only_problem(problems, "m_latin.txt")
    assert not p.skipped and "not valid UTF-8" in p.message and "cp1252" in p.message
    assert docs[1].text == "Café owners in São Paulo — a story."


def test_empty_file(corpus: Path) -> None:
    (corpus / "m_empty.txt").write_text("")
    (corpus / "m_blank.txt").write_text("  \n\n \t\n")
    docs, problems = read([corpus])
    assert len(docs) == 2
    assert "empty" in only_problem(problems, "m_empty.txt").message
    assert "empty" in only_problem(problems, "m_blank.txt").message


def test_huge_file_is_skipped_unread(corpus: Path) -> None:
    big = corpus / "m_big.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50_000_000)
    docs, problems = read([corpus])
    assert len(docs) == 2
    p = only_problem(problems, "m_big.txt")
    # In the units the README states the limit in (before: "47.7 MB, limit 19.1 MB").
    assert "too large (50.0 MB, limit 20.0 MB)" in p.message
    # The limit is configurable.
    _, problems = read([corpus / "a_good.txt"], max_bytes=10)
    assert "too large" in problems[0].message


def test_json_lines_have_a_limit_per_line_not_per_file(tmp_path: Path) -> None:
    # A corpus in one JSON Lines file (news-tls ships one per topic) is streamed: the
    # file may be any size, each line may not. A JSON document is read whole: it may not.
    lines = [json.dumps({"id": f"a{i}", "text": f"Article {i} text."}) for i in range(3)]
    lines.insert(1, json.dumps({"id": "long", "text": "x" * 300}))
    (tmp_path / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"id": "d", "text": "y" * 300}))
    docs, problems = read([tmp_path], max_bytes=200)
    assert [d.id for d in docs] == ["a0", "a1", "a2"]
    assert sorted(p.message.split(",")[0] for p in problems) == [
        "JSON line longer than 200 bytes",
        "file too large (323 bytes",
    ]


def test_malformed_json_lines(corpus: Path) -> None:
    lines = [
        '{"id": "ok1", "text": "First article.", "time": "2020-01-01"}',
        '{"id": "broken", "text": "no closing brace"',
        '{"id": "notext", "title": "Only a title"}',
        '{"id": "blank", "text": "   "}',
        "",
        '{"id": "ok2", "text": "Second article.", "time": "not a date"}',
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = read([corpus / "feed.jsonl"])
    assert [d.id for d in docs] == ["ok1", "ok2"]
    by_line = {p.path.rsplit(":", 1)[1]: p for p in problems}
    assert set(by_line) == {"2", "3", "4", "6"}
    assert "malformed JSON" in by_line["2"].message and by_line["2"].skipped
    assert "no text" in by_line["3"].message and "no text" in by_line["4"].message
    assert "unreadable date" in by_line["6"].message and not by_line["6"].skipped
    assert docs[1].published is None


def test_json_dates_in_slashes_and_milliseconds(corpus: Path) -> None:
    # Before: "02/28/2019" was unreadable, "02/03/2019" silently 2 March (day first), and
    # a JavaScript time in milliseconds unreadable.
    dates = ["02/28/2019", "28/02/2019", "03/03/2019", "02/03/2019", 1551312000000, 1551312000]
    lines = [json.dumps({"id": f"d{i}", "text": "Talks.", "published": d}) for i, d in
             enumerate(dates)]  # fmt: skip
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = read([corpus / "feed.jsonl"])
    got = {d.id: d.published for d in docs}
    feb28 = dt.date(2019, 2, 28)
    assert got == {"d0": feb28, "d1": feb28, "d2": dt.date(2019, 3, 3), "d3": None,
                   "d4": feb28, "d5": feb28}  # fmt: skip
    [ambiguous] = problems
    assert ambiguous.path.endswith(":4") and not ambiguous.skipped
    assert ambiguous.message.startswith("ambiguous date (day or month first?) published='02/03")


def test_corrupt_gzip(corpus: Path) -> None:
    good = gzip.compress(b'{"id": "g1", "text": "Fine."}\n' * 3)
    (corpus / "cut.jsonl.gz").write_bytes(good[: len(good) // 2])
    (corpus / "fake.jsonl.gz").write_bytes(b"this is not gzip at all")
    docs, problems = read([corpus])
    assert {only_problem(problems, n).skipped for n in ("cut.jsonl.gz", "fake.jsonl.gz")} == {True}
    assert "cannot read" in only_problem(problems, "fake.jsonl.gz").message
    assert {"a_good", "z_good"} <= {d.id for d in docs}


def test_html_without_body(corpus: Path) -> None:
    (corpus / "m_empty.html").write_text(
        "<html><head><title>Loading</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    docs, problems = read([corpus])
    assert len(docs) == 2
    assert "no extractable article text" in only_problem(problems, "m_empty.html").message


def test_directory_given_as_file_and_unknown_format(corpus: Path) -> None:
    (corpus / "sub.txt").mkdir()  # a folder with a file's name is walked, not read
    (corpus / "sub.txt" / "inner.txt").write_text(GOOD)
    docs, problems = read([corpus])
    assert problems == []
    assert "sub.txt/inner" in [d.id for d in docs]
    with pytest.raises(ValueError):
        read_paths([corpus], format="docx")


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # A Latin-1 file name ("café.txt" from an old archive): before, `timeline --out`,
    # JSON output and `ingest` ended in a UnicodeEncodeError traceback on the surrogate
    # escape Python decodes it with.
    import subprocess
    import sys

    folder = os.fsencode(tmp_path)
    with open(folder + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Published: 28.02.2019\n\nThe talks collapsed on Thursday, officials said.\n")
    open(folder + b"/empt\xe9.txt", "wb").close()
    docs, problems = read([tmp_path])
    assert [d.id for d in docs] == ["caf\ufffd"] and docs[0].path.endswith("caf\ufffd.txt")
    assert problems[0].path.endswith("empt\ufffd.txt")
    for args in (
        ["timeline", str(tmp_path), "--out", str(tmp_path / "t.json")],
        ["ingest", str(tmp_path), "--db", str(tmp_path / "t.db"), "--workers", "1"],
    ):
        done = subprocess.run([sys.executable, "-m", "dateline", *args], capture_output=True)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert doc["entries"][0]["sentences"][0]["article_id"] == "caf\ufffd"
