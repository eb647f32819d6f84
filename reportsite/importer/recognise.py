"""Which framework a report follows, told from its text.

Every framework file in content/frameworks/ is tried: a report prints its
framework's wording (each standard's description and key questions, or its
outcome areas and whose work they judge), so the framework whose wording the
text holds most fully is the one. A new framework file is recognised the same
way, with no change here; a text that holds too little of every framework is
refused, saying what was tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.framework import Framework

#: The share of a framework's phrases a report following it prints, at least.
ENOUGH = 0.5


@dataclass
class Trial:
    """How much of one framework's wording a text holds."""

    framework_id: str
    found: int
    total: int

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.framework_id} ({self.found} of {self.total} phrases found)"


@dataclass
class Recognition:
    framework: Framework | None  # None when no framework, or more than one, fits
    trials: list[Trial]

    def explain(self) -> str:
        """Why no framework was chosen, naming each one tried."""
        if not self.trials:
            return "there is no framework in content/frameworks/ to recognise it by"
        tried = ", ".join(str(trial) for trial in self.trials)
        best = [t for t in self.trials if t.share >= ENOUGH]
        if len(best) > 1:
            return f"its wording fits more than one framework equally: {tried}"
        return f"its wording fits no framework: tried {tried}"


def phrases(framework: Framework) -> list[str]:
    """What a report following ``framework`` prints word for word."""
    found = [standard.description for standard in framework.standards.values()]
    found += [question.text for question in framework.key_questions.values()]
    found += [area.name for area in framework.outcome_areas]
    found += [organisation.name for organisation in framework.organisations]
    return [p for p in (_fold(phrase) for phrase in found) if p]


def recognise(text: str, frameworks: dict[str, Framework]) -> Recognition:
    """The framework whose wording ``text`` holds most fully, if one clearly does."""
    folded = _fold(text)
    trials = []
    for framework_id, framework in sorted(frameworks.items()):
        wanted = phrases(framework)
        trials.append(Trial(framework_id, sum(phrase in folded for phrase in wanted), len(wanted)))
    fitting = sorted((t for t in trials if t.share >= ENOUGH), key=lambda t: -t.share)
    if not fitting or (len(fitting) > 1 and fitting[0].share == fitting[1].share):
        return Recognition(None, trials)
    return Recognition(frameworks[fitting[0].framework_id], trials)


def _fold(text: str) -> str:
    """Words only, in lower case: punctuation, markup and line breaks do not count."""
    text = re.sub(r"<[^>]+>|\[\^[^\]]*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]", " ", text)
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[\w']+", text.casefold()))
