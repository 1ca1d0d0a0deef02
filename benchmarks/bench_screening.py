"""Resume screening throughput: read + parse + score 500 fictional resumes on 2 cores.

The resumes (1-3 pages, half PDF and half DOCX, varied skills, jobs and dates) are
generated from templates once and cached in a temp folder. Each run measures:

- pipeline: what an import does minus storage: files read by `extract_many` in 2
  worker processes (on a thread, so reading overlaps parsing), parsed in batches
  (`parse_many`, spaCy's `nlp.pipe`), scored against a role;
- import: the real `import_resumes` into a fresh workspace (adds encryption of the
  originals, one SQLCipher transaction + audit entry per file, synchronous=FULL);
- the stages alone: reading, parsing, scoring.

Prints the median of 3 runs and peak memory (ru_maxrss of this process and of the
worker processes). Target: >= 25 resumes/s for the pipeline.

Run: .venv/bin/python benchmarks/bench_screening.py [--count 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET = 25.0
CACHE_VERSION = "v1"
FIRST = (
    "Alma",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Eun",
    "Farah",
    "Goran",
    "Hana",
    "Ivo",
    "Jasna",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tuva",
)
LAST = (
    "Abernathy",
    "Brightwater",
    "Castellano",
    "Dunmore",
    "Eriksen",
    "Fairweather",
    "Galloway",
    "Hollander",
    "Ibarra",
    "Jovanovic",
    "Kettering",
    "Lindqvist",
    "Moravec",
    "Northcott",
)
SKILLS = (
    "Python",
    "SQL",
    "Java",
    "Docker",
    "Kubernetes",
    "AWS",
    "PostgreSQL",
    "Git",
    "Django",
    "Flask",
    "pandas",
    "NumPy",
    "scikit-learn",
    "Spring Framework",
    "JavaScript",
    "React",
    "Linux",
    "Terraform",
    "Microsoft Excel",
    "Project management",
    "Agile",
    "Scrum",
    "Machine learning",
    "Data analysis",
    "REST APIs",
    "CI/CD",
    "FastAPI",
    "Tableau",
)
TITLES = (
    "Software Engineer",
    "Backend Developer",
    "Data Analyst",
    "Data Engineer",
    "DevOps Engineer",
    "Project Coordinator",
    "Full Stack Developer",
    "QA Engineer",
)
EMPLOYERS = (
    "Orbital Widgets",
    "Tidewater Labs",
    "Quayside Data",
    "Harbour Foods",
    "Northwind Logistics",
    "Bluefin Analytics",
    "Copperleaf Systems",
    "Granite Peak Bank",
)
DEGREES = (
    "B.Sc. in Computer Science",
    "M.Sc. in Data Science",
    "B.A. in Economics",
    "B.Eng. in Software Engineering",
    "Ph.D. in Physics",
    "High School Diploma",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ROLE_YAML = """\
title: Backend Engineer
must_have: [Python, SQL]
preferred:
  - {skill: Docker, weight: 2}
  - {skill: Kubernetes, weight: 1}
  - {skill: AWS, weight: 1}
min_years: 3
min_education: bachelor
keywords: [microservices, on-call]
"""


def resume_text(i: int, rng: random.Random) -> str:
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
    skills = rng.sample(SKILLS, rng.randint(4, 12))
    lines = [
        name,
        f"{name.split()[0].lower()}.{i}@example.org | +44 20 7946 {i % 10000:04d}",
        "",
        "Summary",
        f"{rng.choice(TITLES)} with a record of dependable delivery.",
        "",
        "Experience",
    ]
    year = 2024
    for _ in range(rng.randint(1, 5)):
        start = year - rng.randint(1, 4)
        end = "Present" if year == 2024 else f"{rng.choice(MONTHS)} {year}"
        lines += [
            rng.choice(TITLES),
            rng.choice(EMPLOYERS),
            f"{rng.choice(MONTHS)} {start} - {end}",
        ]
        for _ in range(rng.randint(3, 14)):  # achievement bullets: 1 to 3 pages in all
            used = ", ".join(rng.sample(skills, min(2, len(skills))))
            thing = rng.choice(("microservices", "reports", "pipelines", "dashboards"))
            lines.append(
                f"- Delivered {thing} "
                f"using {used}, cutting turnaround by {rng.randint(5, 60)}% for the team."
            )
        lines.append("")
        year = start
    lines += [
        "Education",
        f"{rng.choice(DEGREES)}, University of Somewhere, {year - rng.randint(0, 2)}",
        "",
        "Skills",
        ", ".join(skills),
        "",
        "Languages",
        "English (fluent), Spanish (basic)",
    ]
    return "\n".join(lines)


def write_pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    style = getSampleStyleSheet()["BodyText"]
    story = [
        Paragraph(line.replace("&", "&amp;"), style) if line else Spacer(1, 8)
        for line in text.splitlines()
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def write_docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


def corpus(count: int) -> list[Path]:
    folder = Path(tempfile.gettempdir()) / f"candor-bench-screening-{CACHE_VERSION}-{count}"
    files = sorted(folder.glob("resume-*"))
    if len(files) == count:
        return files
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(1234)
    started = time.perf_counter()
    for i in range(count):
        text = resume_text(i, rng)
        if i % 2:
            write_docx(folder / f"resume-{i:04d}.docx", text)
        else:
            write_pdf(folder / f"resume-{i:04d}.pdf", text)
    print(f"generated {count} resumes in {time.perf_counter() - started:.1f} s into {folder}")
    return sorted(folder.glob("resume-*"))


def timed(work: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    done = work()
    return time.perf_counter() - started, done


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--model-dir", type=Path, help="model folder (default: a fresh provisioned one)"
    )
    args = ap.parse_args()

    from analysis.documents import extract_many
    from analysis.models import ModelRegistry
    from analysis.resume import ResumeParser
    from analysis.scoring import Scorer, load_criteria_yaml
    from analysis.tasks import NullTask, TaskState
    from app.keys import KdfParams
    from app.screening.importing import _prefetched, import_resumes
    from app.screening.parsing import load_nlp
    from app.workspace import Workspace

    files = corpus(args.count)
    scratch = Path(tempfile.mkdtemp(prefix="candor-bench-"))
    model_dir = args.model_dir or scratch / "models"
    registry = ModelRegistry(model_dir, prefer_device="cpu")
    if args.model_dir is None:
        registry.provision()
    nlp, model = load_nlp(registry)
    parser = ResumeParser(nlp, today=date(2024, 6, 1))
    scorer = Scorer(load_criteria_yaml(ROLE_YAML, parser.taxonomy), parser.taxonomy)
    texts: list[str] = []
    profiles: list[object] = []

    def read_only() -> int:
        texts.clear()
        texts.extend(doc.text for _, doc in extract_many(files, NullTask(), workers=2) if doc.ok)
        return len(texts)

    def parse_only() -> int:
        profiles[:] = parser.parse_many(texts)
        return len(profiles)

    def score_only() -> int:
        return len(scorer.score_many(profiles))  # type: ignore[arg-type]

    def pipeline() -> int:
        done, batch = 0, []
        for _, doc in _prefetched(files, NullTask(), 20.0):
            if doc.ok:
                batch.append(doc.text)
            if len(batch) >= 16:
                done += len(scorer.score_many(parser.parse_many(batch)))
                batch = []
        return done + len(scorer.score_many(parser.parse_many(batch)))

    run_index = [0]

    def full_import() -> int:
        run_index[0] += 1
        workspace = scratch / f"ws-{run_index[0]}"
        with Workspace.create(
            workspace, "bench", "bench password", kdf=KdfParams.insecure_fast()
        ) as s:
            role_id = s.roles.import_yaml(ROLE_YAML)
            report = import_resumes(s, role_id, files, TaskState(), registry=registry)
        shutil.rmtree(workspace, ignore_errors=True)
        return report.counts.get("parsed", 0)

    stages = [
        ("pipeline (read+parse+score)", pipeline),
        ("import (+encrypt+store)", full_import),
        ("read only (2 workers)", read_only),
        ("parse only", parse_only),
        ("score only", score_only),
    ]
    results = []
    for label, work in stages:
        times, done = [], 0
        for _ in range(args.runs):
            seconds, done = timed(work)
            times.append(seconds)
        median = statistics.median(times)
        results.append((label, done, median, done / median if median else 0.0))

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    pdfs = sum(f.suffix == ".pdf" for f in files)
    print(
        f"\n{len(files)} resumes ({pdfs} PDF, {len(files) - pdfs} DOCX), {cores} cores, "
        f"median of {args.runs} runs; model {model.name} {model.version} on {model.device}"
    )
    print(f"{'stage':30} {'files':>6} {'seconds':>8} {'resumes/s':>10}")
    for label, done, median, rate in results:
        print(f"{label:30} {done:6d} {median:8.2f} {rate:10.1f}")
    print(f"peak memory: this process {self_mb:.0f} MiB, largest worker {child_mb:.0f} MiB")
    rate = results[0][3]
    print(
        f"target >= {TARGET:.0f} resumes/s: {'met' if rate >= TARGET else 'NOT met'} ({rate:.1f})"
    )
    shutil.rmtree(scratch, ignore_errors=True)
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
