"""Shared pieces of the screening view tests: fictional resumes, a role, a file-chooser seam.

Every person, email address and phone number here is made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.scoring import RoleCriteria, SkillCriterion
from app.accounts import Role
from app.workspace import Session, Workspace
from views.screening.file_dialogs import FileChooser

from .conftest import PASSWORD

Chosen = Callable[[list[Path]], None]


def backend_role() -> RoleCriteria:
    return RoleCriteria(
        title="Backend Engineer",
        description="Builds and runs our Python services.",
        must_have=("Python", "SQL"),
        preferred=(SkillCriterion("Docker", 2.0), SkillCriterion("Kubernetes", 1.0)),
        min_years=3.0,
        min_education="bachelor",
        keywords=("microservices",),
    )


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str
    skills: str
    job: str
    degree: str
    grad_year: int

    def text(self) -> str:
        return (
            f"{self.name}\n{self.email} | {self.phone} | Lisbon, Portugal\n\n"
            "Summary\nEngineer who enjoys reliable microservices.\n\n"
            f"Experience\n{self.job}\n\n"
            f"Education\n{self.degree}, University of Lisbon, {self.grad_year}\n\n"
            f"Skills\n{self.skills}\n"
        )


STRONG = Person(
    "Marta Quintela",
    "marta.quintela@example.org",
    "+351 912 345 678",
    "Python, SQL, Docker, Kubernetes",
    "Senior Backend Engineer\nOrbital Widgets\nJan 2016 - Present\n"
    "Built microservices with Python, SQL and Docker on Kubernetes.",
    "M.Sc. in Computer Science",
    2015,
)
PARTIAL = Person(
    "Tomas Varela",
    "tomas.varela@example.net",
    "+351 913 222 111",
    "Python, Docker",
    "Backend Developer\nQuayside Data\nJun 2021 - Present\nWrote Python services in Docker.",
    "B.Sc. in Software Engineering",
    2021,
)
PEOPLE = (STRONG, PARTIAL)


def write_resumes(folder: Path) -> dict[str, Person]:
    """Two good TXT resumes and one broken PDF; returns file name -> person (good files)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for person in PEOPLE:
        name = person.name.lower().replace(" ", "_") + ".txt"
        (folder / name).write_text(person.text(), encoding="utf-8")
        written[name] = person
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + b"\0" * 64)
    return written


class Chooser(FileChooser):
    """The pages' file-chooser seam: answers each request with the next prepared paths."""

    def __init__(self) -> None:
        self.answers: list[list[Path]] = []
        self.asked: list[tuple[str, str]] = []  # (kind, caption or suggested name)

    def answer(self, *paths: Path) -> None:
        self.answers.append(list(paths))

    def _reply(self, kind: str, detail: str, chosen: Chosen) -> None:
        self.asked.append((kind, detail))
        if self.answers:
            chosen(self.answers.pop(0))

    def open_files(self, parent: object, caption: str, name_filter: str, chosen: Chosen) -> None:
        self._reply("files", caption, chosen)

    def open_file(self, parent: object, caption: str, name_filter: str, chosen: Chosen) -> None:
        self._reply("file", caption, chosen)

    def open_folder(self, parent: object, caption: str, chosen: Chosen) -> None:
        self._reply("folder", caption, chosen)

    def save_file(
        self, parent: object, caption: str, name_filter: str, suggested: str, chosen: Chosen
    ) -> None:
        self._reply("save", suggested, chosen)


def open_as(session: Session, workspace: Path, name: str, role: Role) -> Session:
    """Add a user with `role` (the admin session adds it) and sign in as them."""
    session.users.add(name, role, PASSWORD)
    return Workspace.open(workspace, name, PASSWORD)
