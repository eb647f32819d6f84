"""Shared test set-up: the fidelity figures printed at the end of every run."""


def pytest_terminal_summary(terminalreporter):
    from tests.test_fidelity import COVERAGE

    if not COVERAGE:
        return
    terminalreporter.section("fidelity: source sentences found in the content")
    for slug, (found, total) in sorted(COVERAGE.items()):
        terminalreporter.write_line(f"{slug:40} {found:5}/{total:<5} {found / total:7.2%}")
