"""The practice-examples Markdown extension."""

import markdown

from reportsite.extensions.practice import PracticeExamplesExtension


def convert(text):
    return markdown.Markdown(extensions=[PracticeExamplesExtension()]).convert(text)


def test_practice_examples_are_marked_good_or_poor():
    assert '<blockquote class="practice practice--poor">' in convert(
        "> **Poor practice example:** Peter was 40.\n>\n> He was recalled.")
    assert '<blockquote class="practice practice--good">' in convert(
        "> **Good practice example:** David was sentenced.")


def test_other_quotes_are_left_alone():
    assert "<blockquote>" in convert('> "I did not get on with probation."')
    assert "<blockquote>" in convert("> Text before **Good practice example:**")
