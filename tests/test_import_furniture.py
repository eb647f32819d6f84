"""importer/furniture.py: running headers go wherever they fall; boilerplate goes from the
covers only; the report's own repeated headings stay."""

from __future__ import annotations

from reportsite.importer.furniture import is_boilerplate, remove_furniture, running_headers
from reportsite.importer.lines import read_lines

HEADER = "Inspection of probation services: Testshire CRC"


def texts(lines) -> list[str]:
    return [line.text for line in lines if not line.blank]


def test_a_running_header_goes_alone_or_glued_to_the_end_of_a_sentence():
    lines = read_lines(f"A first paragraph ends well.\n\n{HEADER}\n\nThe council is incorporated "
                       f"into {HEADER}\n\ndelivering the service.\n\n{HEADER}\n")
    assert running_headers(lines) == {HEADER}
    remove_furniture(lines, front=[])
    assert texts(lines) == ["A first paragraph ends well.", "The council is incorporated into",
                            "delivering the service."]


def test_a_title_printed_once_alone_and_once_glued_is_a_header_too():
    header = "Quality and Impact in the north of London"
    lines = read_lines(f"{header}\n\nWe looked at the work of probation staff in {header}\n")
    assert running_headers(lines) == {header}


def test_the_reports_own_repeated_headings_are_not_headers():
    text = ("Impact and likely impact\n\nText.\n\nImpact and likely impact\n\nMore.\n\n"
            "Strengths:\n\n- Good.\n\nStrengths:\n\nSource: Ministry of Justice, April 2016\n\n"
            "Source: Ministry of Justice, April 2016\n\nAnnex 2: Inspection results\n\n"
            "Annex 2: Inspection results\n\nHampshire and Isle of Wight CRC\n\n"
            f"{HEADER}\n\n{HEADER}\n")
    assert running_headers(read_lines(text)) == {HEADER}


def test_boilerplate_goes_from_the_covers_and_stays_inside_the_report():
    text = ("An inspection of Testshire\n\n© Crown copyright 2019\n\nPublished by:\n\n"
            "Her Majesty's Inspectorate of Probation\n1st Floor Civil Justice Centre\n\n"
            "Foreword\n\nWrite to us at:\n\nHM Chief Inspector of Probation\n"
            "1 Bridge Street West\nManchester, M3 3FX\n\nThe end.\n\n"
            "HM Inspectorate of Probation\n1 Bridge Street West\n\nISBN: 978-1-84099-859-7\n")
    lines = read_lines(text)
    remove_furniture(lines, front=lines[:9])
    assert texts(lines) == ["An inspection of Testshire", "Foreword", "Write to us at:",
                            "HM Chief Inspector of Probation", "1 Bridge Street West",
                            "Manchester, M3 3FX", "The end.", "ISBN: 978-1-84099-859-7"]


def test_the_description_of_a_signature_image_goes():
    lines = read_lines("Thanks.\n\nA handwritten signature in black ink, a large G.\n\nDame X\n")
    remove_furniture(lines, front=[])
    assert texts(lines) == ["Thanks.", "Dame X"]


def test_boilerplate_is_whole_lines_of_it():
    assert is_boilerplate("Published by:\nHM Inspectorate of Probation\nM3 3FX")
    assert is_boilerplate("**© Crown copyright 2016**")
    assert not is_boilerplate("HM Inspectorate of Probation\nwill return next year.")
    assert not is_boilerplate("")
