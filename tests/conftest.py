"""Shared test set-up: the fidelity figures, the importer's round trip and the quality gates'
counts, printed at the end."""


def pytest_terminal_summary(terminalreporter):
    from tests.gates import GATES
    from tests.test_fidelity import COVERAGE, FACTS
    from tests.test_import_roundtrip import ROUND_TRIP

    if COVERAGE:
        terminalreporter.section("fidelity: source sentences found in the content")
        for slug, (found, total) in sorted(COVERAGE.items()):
            terminalreporter.write_line(f"{slug:40} {found:5}/{total:<5} {found / total:7.2%}")
    if FACTS:
        terminalreporter.section("fidelity: facts checked in context on each report page")
        for slug, counts in sorted(FACTS.items()):
            terminalreporter.write_line(f"{slug:40} " + ", ".join(
                f"{kind.replace('_', ' ')}: {count}" for kind, count in counts.items()))
    if ROUND_TRIP:
        terminalreporter.section("import round trip: a fresh import against the curated content")
        for slug, numbers in sorted(ROUND_TRIP.items()):
            terminalreporter.write_line(f"{slug:36} " + ", ".join(f"{k}: {v}"
                                                                 for k, v in numbers.items()))
    if GATES:
        terminalreporter.section("quality gates")
        for gate, numbers in sorted(GATES.items()):
            terminalreporter.write_line(f"{gate:10} " + ", ".join(f"{k.replace('_', ' ')}: {v}"
                                                                for k, v in numbers.items()))
