"""The one error type: how diagnostics show themselves and suggest fixes."""

from reportsite.diagnostics import (ContentError, Position, did_you_mean, error, note,
                                    summary_line, warning)


def test_format_is_path_line_column_severity_message_and_hint():
    problem = error("bad rating", Position("a.yaml", 3, 5), "did you mean 'Good'?")
    assert str(problem) == "a.yaml:3:5: error: bad rating\n    hint: did you mean 'Good'?"
    assert str(warning("w", Position("a.md"))) == "a.md: warning: w"


def test_content_error_sorts_every_diagnostic_by_place():
    later = error("second", Position("b.yaml", 1, 1))
    earlier = error("first", Position("a.yaml", 9, 1))
    raised = ContentError([later, earlier])
    assert [d.message for d in raised.diagnostics] == ["first", "second"]
    assert str(raised).splitlines()[0] == "a.yaml:9:1: error: first"


def test_did_you_mean_handles_case_and_typos_and_gives_up_when_nothing_is_close():
    ratings = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert did_you_mean("requires Improvement", ratings) == "did you mean 'Requires improvement'?"
    assert did_you_mean("Inadequte", ratings) == "did you mean 'Inadequate'?"
    assert did_you_mean("zzz", ratings) is None


def test_summary_line_counts_each_severity():
    problems = [error("a"), warning("b"), warning("c"), note("d")]
    assert summary_line(problems) == "1 error, 2 warnings, 1 note"
