"""Words that tell the pieces of an entry's header apart: job-title words, words of
organisation names, legal suffixes, and the labels and part names ("Designation:",
"Key Responsibilities") that are never a title or an employer themselves; a header
`Piece` and its title and organisation scores, which read only these words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.resume.model import Span

TITLE_WORDS = {
    "engineer", "developer", "programmer", "manager", "director", "consultant", "analyst",
    "architect", "administrator", "admin", "nurse", "teacher", "lecturer", "professor", "tutor",
    "instructor", "executive", "officer", "associate", "specialist", "assistant", "intern",
    "trainee", "lead", "head", "coordinator", "supervisor", "technician", "designer",
    "accountant", "auditor", "clerk", "representative", "agent", "advisor", "adviser",
    "scientist", "researcher", "president", "vp", "ceo", "cto", "cfo", "coo", "founder",
    "co-founder", "owner", "partner", "tester", "operator", "driver", "cashier", "receptionist",
    "secretary", "recruiter", "planner", "buyer", "chef", "cook", "writer", "editor",
    "therapist", "pharmacist", "physician", "doctor", "surgeon", "attorney", "lawyer",
    "paralegal", "controller", "bookkeeper", "teller", "banker", "broker", "trader",
    "strategist", "marketer", "salesperson", "technologist", "fellow", "apprentice",
    "volunteer", "worker", "handler", "picker", "packer", "dispatcher", "foreman",
    "superintendent", "inspector", "mechanic", "electrician", "welder", "carpenter", "plumber",
    "counselor", "counsellor", "coach", "trainer", "principal", "dean", "chairman", "rn",
    "lpn", "cna", "paramedic", "caregiver", "aide", "midwife", "hygienist", "generalist",
    "steward", "attendant", "pilot", "leader", "sme", "dba", "expert", "member", "staff",
    "faculty", "contractor", "freelancer", "merchandiser", "estimator", "underwriter",
    "investigator", "economist", "statistician", "educator", "librarian", "photographer",
    "illustrator", "artist", "animator", "producer", "journalist", "translator", "interpreter",
    "advocate", "guard", "housekeeper", "server", "bartender", "barista", "waiter", "waitress",
    "storekeeper", "warehouseman", "courier", "chauffeur", "machinist", "fitter", "draftsman",
    "surveyor", "geologist", "chemist", "biologist", "physicist", "mathematician",
    "porter", "concierge", "valet", "janitor", "cleaner", "labourer", "laborer", "nanny",
    "head of", "vice", "senior", "junior", "chief", "deputy", "sr", "jr",
}  # fmt: skip
ORG_WORDS = {
    "inc", "llc", "ltd", "limited", "pvt", "private", "corp", "corporation", "company", "co",
    "group", "technologies", "technology", "tech", "solutions", "systems", "services",
    "software", "consulting", "consultancy", "consultants", "labs", "bank", "university",
    "college", "school", "hospital", "clinic", "institute", "foundation", "agency",
    "associates", "partners", "holdings", "industries", "international", "global",
    "enterprises", "plc", "gmbh", "ag", "sa", "bv", "healthcare", "health", "networks",
    "communications", "infotech", "infosystems", "motors", "pharma", "pharmaceuticals",
    "capital", "financial", "insurance", "media", "center", "centre", "council", "ministry",
    "department", "authority", "trust", "society", "academy", "stores", "retail", "airlines",
    "logistics", "energy", "electronics", "digital", "studio", "studios", "restaurant",
    "hotel", "resorts", "club", "llp", "ngo", "federation", "association", "firm", "factory",
    "plant", "mills", "works", "organization", "organisation", "accenture", "infosys", "wipro",
    "tcs", "cognizant", "capgemini", "deloitte", "ibm", "microsoft", "oracle", "google",
    "amazon", "unisys", "hcl", "kpmg", "ey", "pwc",
}  # fmt: skip
LEGAL_SUFFIXES = {"inc", "llc", "ltd", "co", "corp", "plc", "gmbh", "pvt ltd", "limited", "llp",
                  "lp", "s.a", "sa", "ag", "bv", "pty ltd", "pte ltd"}  # fmt: skip
# "Designation: Developer", "Company: Acme": a label says what its value is
TITLE_LABELS = {"designation", "title", "job title", "position", "role", "post", "job role",
                "current designation", "designation held", "position held"}  # fmt: skip
EMPLOYER_LABELS = {"company", "employer", "organization", "organisation", "company name",
                   "name of the company", "name of organization", "name of organisation",
                   "current employer", "current company", "firm"}  # fmt: skip
# words that name a part of an entry, never a title or an employer
NOT_A_VALUE = {
    "responsibilities", "key responsibilities", "roles and responsibilities", "duties",
    "description", "job description", "project description", "role description",
    "environment", "technologies", "technology", "tools", "duration", "period", "location",
    "team size", "client", "project", "project name", "projects", "achievements",
    "highlights", "key achievements", "summary", "details", "domain", "platform",
    "software", "responsibility", "role and responsibilities", "roles & responsibilities",
    "accomplishments", "tasks", "scope", "skills", "skills used", "tools used",
    "resume", "curriculum vitae", "cv", "domains", "job profile", "profile",
}  # fmt: skip
# a header never starts with one of these: "Built dashboards for ...", "Assisting ..."
ACTION_VERBS = {
    "achieved", "administered", "analysed", "analyzed", "assisted", "assisting", "automated",
    "built", "collaborated", "completed", "conducted", "configured", "contributed",
    "coordinated", "created", "delivered", "deployed", "designed", "developed", "developing",
    "drove", "ensured", "established", "executed", "facilitated", "generated", "guided",
    "handled", "handling", "helped", "identified", "implemented", "implementing", "improved",
    "increased", "initiated", "installed", "interacted", "introduced", "involved", "launched",
    "led", "maintained", "maintaining", "managed", "mentored", "migrated", "monitored",
    "negotiated", "organised", "organized", "oversaw", "participated", "performed",
    "performing", "planned", "prepared", "preparing", "presented", "processed", "produced",
    "provided", "providing", "reduced", "resolved", "responsible", "reviewed", "supported",
    "supporting", "tested", "trained", "troubleshooting", "troubleshot", "updated", "used",
    "using", "utilized", "wrote",
}  # fmt: skip
# words of a date or a duration ("Jan 2013 to Feb 2016", "3 years"): not a title or employer
DATE_WORDS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "to", "till", "until", "from", "since", "present",
    "current", "date", "now", "today", "year", "years", "yr", "yrs", "month", "months",
    "mos", "and", "st", "nd", "rd", "th",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-z][A-Za-z&.'-]*")


@dataclass(frozen=True)
class Piece:
    text: str
    span: Span
    label: str | None = None  # the label written before it ("company", ...), lower-cased
    is_label: bool = False  # itself a label: followed by a colon
    city: bool = False  # "Dallas" in "Dallas, TX": a place though no gazetteer knows it
    bracketed: bool = False  # "(Leeds)", "(SSgA)": a note on the piece before it

    @property
    def words(self) -> list[str]:
        return [w.lower().strip(".") for w in _WORD.findall(self.text)]


def title_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    return sum(2 if i == len(words) - 1 else 1 for i, w in enumerate(words) if w in TITLE_WORDS)


def org_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    score = sum(1 for w in words if w in ORG_WORDS)
    letters = re.sub(r"[^A-Za-z]", "", piece.text)
    if len(letters) >= 4 and letters.isupper() and len(words) <= 4:
        score += 1  # "UNISYS", "JOHNSON MEDICAL SYSTEMS" (not "ICU", "HR": departments)
    return score
