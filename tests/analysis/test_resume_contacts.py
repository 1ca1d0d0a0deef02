"""Name and link extraction on hand-written contact blocks of fictional people."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


def test_a_link_broken_over_two_lines_is_read_whole(parser: ResumeParser) -> None:
    text = (
        "Jane Quill\nLeeds - Find me at: linkedin.com/in/jane-\nquill-0a1b2c\n\n"
        "EXPERIENCE\nClerk, Hollow Mills\n2010 - 2012\n"
    )
    profile = parser.parse(text)
    assert [link.url for link in profile.links] == ["linkedin.com/in/jane-quill-0a1b2c"]
    (link,) = profile.links
    assert text[link.span.start : link.span.end] == "linkedin.com/in/jane-\nquill-0a1b2c"


def test_a_link_at_a_line_end_does_not_swallow_the_next_line(parser: ResumeParser) -> None:
    profile = parser.parse("Jane Quill\nhttps://quill.example.org/\nEXPERIENCE\nClerk\n")
    assert [link.url for link in profile.links] == ["https://quill.example.org/"]


def test_a_lower_case_name_spelled_by_the_email_is_the_name(parser: ResumeParser) -> None:
    profile = parser.parse("ravi kumaran\nChennai - ravi.kumaran88@example.com\n\nSKILLS\nSQL\n")
    assert profile.name is not None and profile.name.value == "ravi kumaran"


def test_a_name_that_is_also_a_place_is_the_name_when_the_link_spells_it(
    parser: ResumeParser,
) -> None:
    profile = parser.parse(
        "Georgia Whitfield\nOffice Manager\nlinkedin.com/in/georgia-whitfield-55\n\n"
        "EXPERIENCE\nOffice Manager, Keel & Co\n2016 - 2020\n"
    )
    assert profile.name is not None and profile.name.value == "Georgia Whitfield"


def test_a_title_line_is_not_taken_for_a_lower_case_name(parser: ResumeParser) -> None:
    profile = parser.parse("senior accountant\nmaya.okafor@example.com\nMaya Okafor\n")
    assert profile.name is not None and profile.name.value == "Maya Okafor"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Resume of Priya Raman\n", "Priya Raman"),
        ("CURRICULUM VITAE OF: Dr. Helen Okafor\n", "Helen Okafor"),
        ("Mr. Arjun Mehta\nMobile: +91 98450 12345\n", "Arjun Mehta"),
        ("Full Name: Ms Ada Lin\n", "Ada Lin"),
    ],
)
def test_words_before_the_name_are_not_part_of_it(
    parser: ResumeParser, header: str, name: str
) -> None:
    profile = parser.parse(header + "\nSKILLS\nPython\n")
    assert profile.name is not None and profile.name.value == name


def test_a_one_word_name_counts_only_when_the_email_is_that_word(parser: ResumeParser) -> None:
    named = parser.parse("Sam\nsam@example.com\n\nEDUCATION\nBSc Physics\n")
    assert named.name is not None and named.name.value == "Sam"
    heading = parser.parse("Summary\nsummary@example.com\n\nEDUCATION\nBSc Physics\n")
    assert heading.name is None


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("Sarah Roe\n14 Elm Grove, Bristol BS6 5AB\n", "Bristol"),
        ("Raj Roe\nFlat 4, MG Road, Bangalore 560001\n", "Bangalore"),
        ("Jane Roe\n12 Main St, Springfield, IL 62701\n", "Springfield, IL"),
    ],
)
def test_the_location_is_the_city_never_the_street(
    parser: ResumeParser, header: str, location: str
) -> None:
    profile = parser.parse(header + "\nSKILLS\nPython\n")
    assert profile.location is not None and profile.location.value == location


def test_local_phone_numbers_read_in_the_country_of_the_email_domain(
    parser: ResumeParser,
) -> None:
    profile = parser.parse("Sarah Roe\n07911 123456 | sarah@example.co.uk\n\nSKILLS\nPython\n")
    assert [p.e164 for p in profile.phones] == ["+447911123456"]
