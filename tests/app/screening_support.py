"""Fictional resumes written as real TXT, DOCX and PDF files, and role criteria, for the
screening tests. Every person, email address and phone number here is made up."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
MALFORMED = SHARED_DATA / "malformed-docs"

ROLE_YAML = """\
title: Backend Engineer
description: Builds and runs our Python services.
must_have: [Python, SQL]
preferred:
  - skill: Docker
    weight: 2
  - skill: Kubernetes
    weight: 1
  - skill: AWS
    weight: 1
min_years: 3
min_education: bachelor
keywords: [microservices]
"""

INVALID_ROLE_YAML = """\
title: Backend Engineer
must_have: [Python, Definitely Not A Skill]
min_years: plenty
surprise_key: 1
"""


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str
    skills: tuple[str, ...]
    years: tuple[tuple[str, str, str, str], ...]  # (title, employer, start, end)
    degree: str
    school: str
    grad_year: int

    def text(self) -> str:
        jobs = "\n\n".join(
            f"{title}\n{employer}\n{start} - {end}\n"
            f"Built microservices with {', '.join(self.skills[:3])}."
            for title, employer, start, end in self.years
        )
        return (
            f"{self.name}\n{self.email} | {self.phone} | Lisbon, Portugal\n\n"
            f"Summary\nEngineer who enjoys reliable systems.\n\n"
            f"Experience\n{jobs}\n\n"
            f"Education\n{self.degree}, {self.school}, {self.grad_year}\n\n"
            f"Skills\n{', '.join(self.skills)}\n"
        )


STRONG = Person(
    "Marta Quintela",
    "marta.quintela@example.org",
    "+351 912 345 678",
    ("Python", "SQL", "Docker", "Kubernetes", "AWS"),
    (
        ("Senior Backend Engineer", "Orbital Widgets", "Jan 2018", "Present"),
        ("Software Engineer", "Tidewater Labs", "Mar 2014", "Dec 2017"),
    ),
    "M.Sc. in Computer Science",
    "University of Lisbon",
    2013,
)
MIDDLE = Person(
    "Tomas Varela",
    "tomas.varela@example.net",
    "+351 913 222 111",
    ("Python", "SQL", "Docker"),
    (("Backend Developer", "Quayside Data", "Jun 2019", "Present"),),
    "B.Sc. in Software Engineering",
    "University of Porto",
    2015,
)
WEAK = Person(
    "Ines Albuquerque",
    "ines.albuquerque@example.com",
    "+351 914 876 543",
    ("Microsoft Excel", "Project management"),
    (("Office Coordinator", "Harbour Foods", "Feb 2021", "Present"),),
    "High School Diploma",
    "Escola Secundaria de Braga",
    2016,
)


def write_txt(path: Path, person: Person) -> Path:
    path.write_text(person.text(), encoding="utf-8")
    return path


def write_docx(path: Path, person: Person) -> Path:
    import docx

    document = docx.Document()
    for block in person.text().split("\n\n"):
        for line in block.splitlines():
            document.add_paragraph(line)
        document.add_paragraph("")
    document.save(str(path))
    return path


def write_pdf(path: Path, person: Person, *, pages: int = 1) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    lines = person.text().splitlines()
    per_page = max(1, len(lines) // pages + 1)
    for page in range(pages):
        y = A4[1] - 60
        for line in lines[page * per_page : (page + 1) * per_page]:
            canvas.setFont("Helvetica", 11)
            canvas.drawString(60, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return path


def write_bad_files(folder: Path) -> dict[str, str]:
    """Broken inputs beside the good ones; returns file name -> expected status."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + b"\x00" * 64)
    shutil.copyfile(MALFORMED / "docx" / "textract_legacy_word97.doc", folder / "old-word.doc")
    shutil.copyfile(
        MALFORMED / "pdf" / "pypdf_crazyones-encrypted-256_pw-password.pdf", folder / "locked.pdf"
    )
    return {
        "empty.pdf": "empty",
        "broken.pdf": "corrupt",
        "old-word.doc": "unsupported",
        "locked.pdf": "password_protected",
    }
