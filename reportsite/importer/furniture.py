"""Page furniture: what the printed page carries that is not the report's text.

A PDF's text export keeps the page's running header (sometimes glued to the
end of a sentence that the page break cut), the description of a signature
image, and the Inspectorate's boilerplate: copyright and licence, where to
download the report, its address. None of it belongs in the narrative, and
none of it is worth an editor's attention, so it is removed here, silently,
before anything else reads the lines.
"""

from __future__ import annotations

import re
from collections import Counter

from .lines import Line

#: The Inspectorate's boilerplate, the same in every report (copyright, licence, address).
BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in (
    r"©\s*Crown copyright.*",
    r"You may re-use this information.*",
    r"Where we have identified any third.party copyright.*",
    r"This publication is available for download at:?",
    r"\[?(https?://)?www\.justiceinspectorates\.gov\.uk/hmiprobation\S*",
    r"Published by:?.*",
    r"(Her Majesty's|HM) Inspectorate of Probation",
    r"1st Floor,? (Manchester )?Civil Justice Centre",
    r"1 Bridge Street West",
    r"Civil Justice Centre",
    r"Manchester,?( M3 3FX)?",
    r"M3 3FX",
    r"An inspection by HM Inspectorate of Probation.*",
)), re.IGNORECASE)
#: The text a PDF export puts where the foreword's signature image was.
IMAGE_DESCRIPTION = re.compile(r"An? (handwritten )?signature\b.*", re.IGNORECASE)
#: Lines that repeat by design: captions and labels, never running headers.
CAPTION = re.compile(r"(Source|Figure|Table|Note|Chart|Map)\b", re.IGNORECASE)
#: A running title names the publication, then what it is about: 'Inspection of ...: Essex CRC'.
#: A numbered part ('Annex 2: ...', 'Domain one: ...') is a heading instead.
RUNNING_TITLE = re.compile(r"(?!(Annex|Appendix|Domain|Chapter|Part|Section)\b)[^:]{8,}: \S.*",
                           re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """Whether a line (or a paragraph of such lines) is only the Inspectorate's boilerplate."""
    lines = [line.strip().strip("*").strip() for line in text.split("\n") if line.strip()]
    return bool(lines) and all(BOILERPLATE.fullmatch(line) for line in lines)


def remove_furniture(lines: list[Line], front: list[Line]) -> None:
    """Blank running headers and image descriptions wherever they fall, and boilerplate on
    the covers (``front``: the lines before the first chapter), in place.

    A blanked line keeps its number, so the lines around it are still found at
    their place in the source; a sentence the header cut in two is joined again
    later, as any sentence cut by a page break is.
    """
    headers = running_headers(lines)
    covers = {line.number for line in front} | _back_cover(lines)
    for index, line in enumerate(lines):
        if line.footnote:
            continue
        text = line.text.strip()
        if text in headers or IMAGE_DESCRIPTION.fullmatch(text) or (line.number in covers and (
                is_boilerplate(text) or _addressee(lines, index))):
            line.text, line.level = "", 0
            continue
        for header in headers:
            if header in line.text:
                line.text = re.sub(r"\s{2,}", " ", line.text.replace(header, " ")).strip()


def _back_cover(lines: list[Line]) -> set[int]:
    """The run of boilerplate closing the report (its address, its ISBN).

    Boilerplate is furniture on the covers only: inside the report an address is
    the report's own text (where to write to, say)."""
    end = len(lines)
    while end and (lines[end - 1].blank or is_boilerplate(lines[end - 1].text) or
                   _addressee(lines, end - 1) or lines[end - 1].text.startswith("ISBN")):
        end -= 1
    return {line.number for line in lines[end:]}


def _addressee(lines: list[Line], index: int) -> bool:
    """'HM Chief Inspector of Probation' set directly over the Inspectorate's address."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return bool(following and not lines[index].blank and is_boilerplate(following.text)
                and len(lines[index].text.split()) <= 6 and not following.blank)


def running_headers(lines: list[Line]) -> set[str]:
    """The page's running header(s): a title printed again and again, out of place.

    A line counts when it reads as a title of four words or more and either
    stands alone twice in the shape of a running title ('Inspection of probation
    services: Hampshire and Isle of Wight CRC'), or stands alone once and is glued
    to the end of a sentence elsewhere. A report's own repeated headings
    ('Impact and likely impact', 'Strengths:') have neither shape and stay.
    """
    alone = Counter(line.text.strip() for line in lines
                    if not line.blank and not line.footnote and _title_like(line.text.strip()))
    headers = set()
    for text, count in alone.items():
        if (count >= 2 and RUNNING_TITLE.fullmatch(text)) or _glued(text, lines):
            headers.add(text)
    return {text for text in headers if not any(text in other for other in headers - {text})}


def _glued(header: str, lines: list[Line]) -> bool:
    """Whether ``header`` ends a line of prose (five words or more before it)."""
    for line in lines:
        text = line.text.rstrip()
        if text != header and text.endswith(" " + header) and "\t" not in text and \
                len(text[:-len(header)].split()) >= 5:
            return True
    return False


def _title_like(text: str) -> bool:
    words = text.split()
    return (len(words) >= 4 and "\t" not in text and not text.endswith((".", ":", ";", "?", "!"))
            and not CAPTION.match(text) and not re.match(r"[\d\-•*#>|]", text))
