"""TimeML round trip, the TempEval-3 scorer, and the `dateline tag` command."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.timex import tag, tag_document
from dateline.timex import timeml as tml
from dateline.timex.score import GoldTimex, compare, evaluate, score_directories

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-03-02" functionInDocument="CREATION_TIME">\
March 2, 2019</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2019-03-01">Friday\
</TIMEX3> it would <EVENT eid="e2">grow</EVENT> for <TIMEX3 tid="t2" type="DURATION" \
value="P3Y">three years</TIMEX3> &lt;sic&gt;.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
</TimeML>
"""


def _tagged_texts(raw: str) -> str:
    return re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)  # type: ignore[union-attr]


def test_parse_reads_dct_text_and_gold() -> None:
    doc = tml.parse(TML)
    assert str(doc.dct) == "2019-03-02"
    assert doc.text == "\nAT&T said Friday it would grow for three years <sic>.\n"
    assert [(doc.text[g.start : g.end], g.type, g.value) for g in doc.gold] == [
        ("Friday", "DATE", "2019-03-01"),
        ("three years", "DURATION", "P3Y"),
    ]


def test_render_keeps_text_and_adds_timex3() -> None:
    doc = tml.parse(TML)
    out = tml.render(doc, tag(doc.text, doc.dct))
    inner_in = _tagged_texts(TML)
    inner_out = _tagged_texts(out)
    # the TEXT is unchanged but for tags; entities stay escaped as written
    assert tml.strip_tags(inner_out) == tml.strip_tags(inner_in)
    assert '<TIMEX3 tid="t1" type="DATE" value="2019-03-01">Friday</TIMEX3>' in inner_out
    assert '<TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3>' in inner_out
    assert "<EVENT" not in inner_out and "MAKEINSTANCE" not in out
    # and what was written reads back as the same spans
    again = tml.parse(out)
    assert again.text == doc.text
    assert [(g.start, g.end, g.value) for g in again.gold] == [
        (g.start, g.end, g.value) for g in doc.gold
    ]


def test_round_trip_on_real_timebank(tempeval_dir: Path, tmp_path: Path) -> None:
    src = tempeval_dir / "TimeBank"
    files = tml.timeml_files(src)[:20]
    for path in files:
        doc = tml.read(path)
        out = tml.render(doc, tag(doc.text, doc.dct))
        assert tml.strip_tags(_tagged_texts(out)) == tml.strip_tags(_tagged_texts(doc.raw))
        assert out.startswith(doc.raw[: doc.inner_span[0]])


def test_scorer_gold_against_itself_is_perfect(tempeval_dir: Path) -> None:
    path = tempeval_dir / "TimeBank" / "APW19980213.1310.tml"
    doc = tml.read(path)
    cmp = compare(doc.gold, doc.gold, doc.text)
    s = cmp.score
    assert s.gold == s.system == len(doc.gold) > 5
    for value in (s.strict_f1, s.relaxed_f1, s.type_f1, s.value_f1):
        assert value == 1.0


def test_scorer_on_a_known_perturbation(tempeval_dir: Path) -> None:
    doc = tml.read(tempeval_dir / "TimeBank" / "APW19980213.1310.tml")
    gold = doc.gold
    n = len(gold)
    system = list(gold)
    # one span one character shorter (relaxed, not strict), one wrong value, one dropped,
    # and one spurious span far from any gold one
    system[0] = dataclasses.replace(gold[0], end=gold[0].end - 1)
    system[1] = dataclasses.replace(gold[1], value="1066")
    del system[2]
    system.append(GoldTimex(0, 3, "DATE", "1999"))
    s = compare(gold, system, doc.text).score
    assert (s.gold, s.system) == (n, n)
    assert s.relaxed == n - 1
    assert s.strict == n - 2
    assert s.value_ok == n - 2
    assert abs(s.relaxed_f1 - (n - 1) / n) < 1e-9
    assert abs(s.strict_p - (n - 2) / n) < 1e-9
    assert abs(s.value_f1 - (n - 2) / (n - 1) * s.relaxed_f1) < 1e-9


def test_tagger_on_timebank_beats_heideltime_published_span_scores(tempeval_dir: Path) -> None:
    # a floor well below the measured numbers, to catch a broken rule set
    paths = tml.timeml_files(tempeval_dir / "TimeBank")[:60]
    total, _ = evaluate(paths, lambda t, d: tag_document([t], d)[0])
    assert total.relaxed_f1 > 0.85
    assert total.strict_f1 > 0.78
    assert total.value_f1 > 0.68


def test_cli_tags_timeml_directory_and_scores(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.tml").write_text(TML, encoding="utf-8")
    (src / "b.TE3input").write_text("<TimeML><DCT><TIMEX3 value='x'/></DCT></TimeML>", "utf-8")
    (src / "c.tml").write_bytes(b"\xff\xfe<TEXT>")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["tag", "--timeml", str(src), "--out", str(out), "--score"])
    assert result.exit_code == 0, result.output
    assert (out / "a.tml").exists() and not (out / "c.tml").exists()
    assert "b.TE3input: no <TEXT> element" in result.stderr
    assert "c.tml: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output
    assert re.search(r"relaxed\s+1\.000\s+1\.000\s+1\.000", result.stdout)
    total, problems = score_directories(src, out)
    assert total.relaxed == 2
    assert [p.split(": ")[1] for p in problems] == ["missing system file"] * 2


def test_cli_tags_a_timeml_file_as_one_document(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text = "On May 22, 1995, he was promoted. The following year he left."
    (src / "d.tml").write_text(TML.split("<TEXT>")[0] + f"<TEXT>{text}</TEXT></TimeML>", "utf-8")
    result = CliRunner().invoke(app, ["tag", "--timeml", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # "the following year" counts from 1995, the year just mentioned, not from the DCT
    assert '<TIMEX3 tid="t2" type="DATE" value="1996">The following year</TIMEX3>' in (
        out / "d.tml"
    ).read_text("utf-8")


def test_cli_tags_plain_text_as_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Talks collapsed Thursday after two days.", encoding="utf-8")
    result = CliRunner().invoke(app, ["tag", str(f), "--dct", "2019-02-28"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {"start": 16, "end": 24, "text": "Thursday", "type": "DATE", "value": "2019-02-28"},
        {"start": 31, "end": 39, "text": "two days", "type": "DURATION", "value": "P2D"},
    ]
    stdin = CliRunner().invoke(app, ["tag", "-"], input="It rained in 1999.")
    assert json.loads(stdin.stdout)[0]["value"] == "1999"


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        ["tag", str(tmp_path / "missing.txt"), "--dct", "2019-01-01"],
        ["tag", "-", "--dct", "2019-13-01"],
        ["tag", "--timeml", str(tmp_path), "--out"],
        ["tag", "--timeml", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
        ["tag", "-", "--disable", "nonsense"],
        ["tag"],
    ):
        result = runner.invoke(app, args, input="")
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
