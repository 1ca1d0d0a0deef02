"""Identity and contact details: name, emails, phones, links, location.

These are for display only: scoring never reads them (see model.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import phonenumbers

from analysis.resume.model import Email, Link, LinkKind, Phone, Span, TextValue
from analysis.resume.places import city_country, region_of
from analysis.resume.sections import HEADING_NAMES, normalise_heading

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)*(?:linkedin\.com|github\.com|gitlab\.com|behance\.net"
    r"|dribbble\.com|indeed\.com|bitbucket\.org|stackoverflow\.com)/[^\s<>\"'()\[\]]*",
    re.IGNORECASE,
)
# the rest of a link on the next line, alone on it: "indeed.com/r/Jane-\nDoe/1a2b3c"
_WRAPPED_URL_REST = re.compile(r"[ \t]*\r?\n[ \t]*([\w./?=&%#+~-]+)[ \t]*(?=\r?\n|$)")
_PORTFOLIO_HOSTS = ("behance.net", "dribbble.com", "github.io", "wixsite.com", "wordpress.com")
# "City, Region" where Region is a known state, province or country (or a US state code)
_CITY_REGION = re.compile(
    r"\b([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2}),\s*"
    r"([A-Z]{2}\b|[A-Z][A-Za-z]+(?: [A-Za-z]+){0,2})"
)
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’.-]*$|^[A-Z]{2,}$")
_NOT_NAME_WORDS = {
    "resume", "curriculum", "vitae", "cv", "name", "surname", "address", "mobile", "phone",
    "email", "e-mail", "contact", "profile", "objective", "summary", "page", "street", "road",
    "engineer", "developer", "manager", "director", "consultant", "analyst", "nurse", "teacher",
    "executive", "officer", "associate", "specialist", "assistant", "intern", "technician",
    "designer", "accountant", "administrator", "representative", "sales", "marketing",
    "resources", "human", "senior", "junior", "lead", "head", "professional", "software",
    "technologies", "solutions", "services", "limited", "ltd", "inc", "university", "college",
    "bank", "group", "experience", "education", "skills", "india", "karnataka", "the", "and",
    "of", "for", "in", "at", "to", "st", "ave", "avenue", "box", "po", "career", "personal",
    "information", "details", "java",
    "python", "oracle", "sql", "data", "science", "b.tech", "mba", "coordinator", "supervisor",
}  # fmt: skip


def find_emails(text: str) -> list[Email]:
    found: dict[str, Email] = {}
    for m in _EMAIL.finditer(text):
        value = m.group().strip(".")
        found.setdefault(value.lower(), Email(value, Span(m.start(), m.start() + len(value))))
    return list(found.values())


def _link_kind(url: str) -> LinkKind:
    lower = url.lower()
    if "linkedin.com" in lower:
        return "linkedin"
    if "github.com" in lower:
        return "github"
    if any(host in lower for host in _PORTFOLIO_HOSTS) or "portfolio" in lower:
        return "portfolio"
    return "other"


def find_links(text: str, emails: Sequence[Email]) -> list[Link]:
    email_spans = [e.span for e in emails]
    found: dict[str, Link] = {}
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:")
        span = Span(m.start(), m.start() + len(url))
        wrapped = _WRAPPED_URL_REST.match(text, span.end) if url.endswith(("-", "/")) else None
        if wrapped and (url.endswith("-") or re.search(r"[\d/]", wrapped.group(1))):
            url += wrapped.group(1)  # a link the PDF broke over two lines
            span = Span(span.start, wrapped.end(1))
        if any(s.start <= span.start < s.end for s in email_spans):
            continue
        key = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("?")[0].rstrip("/")
        found.setdefault(key, Link(_link_kind(url), url, span))
    # a personal site on the contact lines counts as a portfolio
    return list(found.values())


def guess_region(text: str, location: TextValue | None) -> str | None:
    """The ISO region to read local phone numbers in: the resume's location, else the
    country domain of its email address ("@example.co.uk")."""
    if location is not None:
        for part in reversed(location.value.split(",")):
            region = region_of(part) or city_country(part)
            if region:
                return region
    for email in find_emails(text):
        tld = email.value.rsplit(".", 1)[-1].lower()
        if len(tld) == 2 and tld not in _GENERIC_TLDS:
            return "GB" if tld == "uk" else tld.upper()
    return None


def find_phones(text: str, region: str | None) -> list[Phone]:
    """Phone numbers in E.164. Without a region only numbers written with + are read."""
    found: dict[str, Phone] = {}
    matcher = phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID)
    for match in matcher:
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.setdefault(e164, Phone(e164, match.raw_string, Span(match.start, match.end)))
    return list(found.values())


def _city_region_matches(text: str, header: Span) -> Iterator[re.Match[str]]:
    """ "City, Region" matches, overlapping: "Main St, Springfield, IL" gives "Main St,
    Springfield" and then "Springfield, IL"."""
    pos = header.start
    while (m := _CITY_REGION.search(text, pos, header.end)) is not None:
        yield m
        pos = m.start(2)


def find_location(text: str, header: Span) -> TextValue | None:
    """City and region/country from the contact lines: never a street address."""
    for m in _city_region_matches(text, header):
        city, region = m.group(1), m.group(2)
        if region_of(region) is None:
            # "Boston, Massachusetts area" -> keep only a known region prefix
            words = region.split()
            while words and region_of(" ".join(words)) is None:
                words.pop()
            if not words:
                continue
            region = " ".join(words)
        if any(ch.isdigit() for ch in city) or city.lower() in _NOT_NAME_WORDS:
            continue
        if city.split()[-1].lower().strip(".") in _STREET_WORDS:
            continue  # "MG Road, Bangalore": the street is not the city
        start = m.start(1)
        end = m.start(2) + len(region)
        return TextValue(text[start:end], Span(start, end))
    for m in re.finditer(r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?", text[header.start : header.end]):
        if region_of(m.group()) is not None and m.group().lower() not in {"us", "in"}:
            start = header.start + m.start()
            return TextValue(m.group(), Span(start, start + len(m.group())))
    # "14 Elm Grove, Bristol BS6 5AB": a known city before a postcode, never the street
    for m in _ADDRESS_PART.finditer(text, header.start, header.end):
        if city_country(m.group("city")) is not None:
            return TextValue(m.group("city"), Span(m.start("city"), m.end("city")))
    return None


_STREET_WORDS = {
    "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "drive", "dr", "boulevard",
    "blvd", "way", "court", "ct", "place", "pl", "close", "crescent", "terrace", "grove",
    "square", "marg", "nagar", "colony", "sector", "layout", "cross", "main", "highway",
}  # fmt: skip
_GENERIC_TLDS = {"io", "co", "me", "tv", "ai", "ly", "fm", "cc", "to", "ws", "gg", "so"}
# a part of an address line: after a comma, bar or bullet, a capitalised city, maybe
# followed by a postcode (letters and digits) before the next separator
_ADDRESS_PART = re.compile(
    r"(?:^|[,|•·]\s*)(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:\s+[A-Z0-9]{2,4}(?:\s?[0-9][A-Z0-9]{0,3})?)?\s*(?=$|[,|•·\n])",
    re.MULTILINE,
)
_QUOTES = "\"'“”‘’ \t"


def _strip_credentials(line: str) -> str:
    """'Jane Doe, RN, MSN' -> 'Jane Doe' (a comma then short capitalised tokens)."""
    head, sep, tail = line.partition(",")
    if sep and all(len(t.strip(" .")) <= 6 for t in tail.split(",")):
        return head.strip()
    return line


def looks_like_name(line: str) -> bool:
    if "," in line:
        return False
    words = line.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(region_of(" ".join(words[i : i + n])) for n in (1, 2) for i in range(len(words))):
        return False
    if any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words):
        return False
    if normalise_heading(line) in HEADING_NAMES:
        return False
    return all(_NAME_WORD.match(w) for w in words)


_HANDLE_NAME = re.compile(r"^[A-Za-z][A-Za-z'’.-]*(?: [A-Za-z][A-Za-z'’.-]*){1,4}$")


def _handles(text: str) -> list[str]:
    """Email local parts and profile-link slugs: people usually build them from their
    name ("jane.doe@", "linkedin.com/in/jane-doe-1a2b")."""
    emails = find_emails(text)
    handles = [e.value.split("@")[0].lower() for e in emails]
    for link in find_links(text, emails):
        m = re.search(r"\.com/(?:in|r|pub)/([^/?\s]+)", link.url, re.IGNORECASE)
        if m:
            handles.append(m.group(1).lower())
    return handles


def _matches_handle(candidate: str, handles: Sequence[str]) -> bool:
    words = [w.lower().strip(".'’-") for w in candidate.split()]
    long_words = [w for w in words if len(w) >= 3]
    for handle in handles:
        found = sum(1 for w in long_words if w in handle)
        if found >= 2 or (found == 1 == len(long_words) and len(words) == 2):
            return True
    return False


# "Name: ", "Resume of ", "Mr. ": words before the name that are not part of it
_NAME_PREFIX = re.compile(
    r"(?i)(?:(?:full\s+)?name\s*[:\-]\s*|(?:resume|résumé|cv|curriculum vitae|bio-?data)"
    r"\s+of\s*:?\s*)?(?:(?:mr|mrs|ms|miss|dr|shri|smt|sri|mx)\.?\s+(?=[A-Z]))?"
)


def _single_name_spelled_out(candidate: str, handles: Sequence[str]) -> bool:
    """ "Sam" over sam@example.com: a one-word name, when the email is that word."""
    return re.fullmatch(r"[A-Z][a-z'’-]{2,}", candidate) is not None and candidate.lower() in {
        re.sub(r"[\d._-]+$", "", h) for h in handles
    }


def _name_lines(text: str, lines: Sequence[Span]) -> list[tuple[str, Span]]:
    found = []
    for line in lines[:6]:
        raw = text[line.start : line.end]
        m = _NAME_PREFIX.match(raw)
        if m and m.end() < len(raw):
            raw = raw[m.end() :]
            line = Span(line.start + m.end(), line.end)
        found.append((_strip_credentials(raw.strip(_QUOTES)), line))
    return found


def find_name(text: str, lines: Sequence[Span], person_spans: Sequence[Span]) -> TextValue | None:
    """The candidate's name: a name-shaped line among the first lines, else the
    first PERSON entity the NER found in the contact block. A first line that the
    email address or a profile link spells out is taken even in lower case or when
    it looks like a place ("Jaipur Sharma": jaipur.sharma@...)."""
    candidates = _name_lines(text, lines)
    handles = _handles(text)
    for candidate, line in candidates:
        if normalise_heading(candidate) not in HEADING_NAMES and (
            (_HANDLE_NAME.match(candidate) and _matches_handle(candidate, handles))
            or _single_name_spelled_out(candidate, handles)
        ):
            start = text.find(candidate, line.start, line.end)
            return TextValue(candidate, Span(start, start + len(candidate)))
    for candidate, line in candidates:
        if looks_like_name(candidate):
            start = text.find(candidate, line.start, line.end)
            return TextValue(candidate, Span(start, start + len(candidate)))
    for span in person_spans:
        value = text[span.start : span.end].strip()
        if 2 <= len(value.split()) <= 5 and "@" not in value:
            return TextValue(value, span)
    return None
