"""Career breaks written like jobs ("Maternity leave" over "Jan 2015 - Dec 2017").

A break is not a job: it must neither add an experience entry nor add years, or a
person who took parental leave or cared for family would be scored as more (or,
with overlaps, differently) experienced than the same person without the line.
Matched only on an entry's header pieces, never its description, so a job that
mentions "maternity leave cover" in a bullet stays a job.
"""

from __future__ import annotations

import re

_CAREER_BREAK = re.compile(
    r"\b(?:career[\s-]+(?:break|gap|pause)"
    r"|(?:maternity|paternity|parental|adoption|shared\s+parental|family|carer'?s?|caregiver)"
    r"\s+leave"
    r"|sabbatical|gap\s+year|time\s+off"
    r"|family\s+(?:care|caregiving|caring|responsibilities|commitments|reasons)"
    r"|caring\s+for\s+(?:a\s+|my\s+)?(?:family|child|children|parent|parents|relative)"
    r"|stay[\s-]+at[\s-]+home\s+(?:parent|mom|mum|dad|mother|father)"
    r"|full[\s-]+time\s+(?:parent|mom|mum|dad|mother|father|carer|caregiver)"
    r"|homemaker|raising\s+(?:a\s+family|children|my\s+children))\b",
    re.IGNORECASE,
)


def is_career_break(header: str) -> bool:
    """True when an entry header names a break rather than a job."""
    return _CAREER_BREAK.search(header) is not None
