"""What a bias audit hands out: plain, frozen values (no names, no resume text)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Under this many people a category's ratio and test say little; the report warns.
SMALL_SAMPLE = 30
#: LL144 rules: a category under 2% of the sample may be left out of the impact ratios.
MIN_SHARE = 0.02
FOUR_FIFTHS = 0.8
SIGNIFICANCE = 0.05

DIMENSION_TITLES = {
    "sex": "Sex",
    "race_ethnicity": "Race/ethnicity",
    "intersectional": "Sex and race/ethnicity (intersectional)",
}


@dataclass(frozen=True)
class CategoryRow:
    category: str
    count: int
    share: float  # of the stage's whole sample, unknowns included
    selected: int
    selection_rate: float
    impact_ratio: float | None  # None: excluded (under 2%) or no one selected anywhere
    above_median: int | None = None  # screening stage only
    scoring_rate: float | None = None
    scoring_impact_ratio: float | None = None
    under_min_share: bool = False
    small_sample: bool = False
    four_fifths_flag: bool = False  # selection impact ratio under 0.8
    scoring_flag: bool = False  # scoring impact ratio under 0.8
    p_fisher: float | None = None  # two-sided, against the reference category
    p_z: float | None = None

    @property
    def significant(self) -> bool:
        return self.p_fisher is not None and self.p_fisher < SIGNIFICANCE


@dataclass(frozen=True)
class DimensionTable:
    dimension: str  # "sex", "race_ethnicity" or "intersectional"
    rows: tuple[CategoryRow, ...]
    unknown: int  # no answer, or "Prefer not to say"
    reference: str | None  # the category with the highest selection rate
    scoring_reference: str | None = None

    @property
    def title(self) -> str:
        return DIMENSION_TITLES[self.dimension]


@dataclass(frozen=True)
class StageAudit:
    stage: str  # "screening" or "decision"
    title: str
    selected_means: str
    sample: int
    tables: tuple[DimensionTable, ...]
    median_score: float | None = None
    on_hold: int = 0
    note: str = ""

    @property
    def enough_data(self) -> bool:
        return self.sample > 0


@dataclass(frozen=True)
class IllinoisRow:
    race_ethnicity: str  # "Unknown" for no answer
    interviewed: int  # completed the AI-analysed video interview
    afforded_in_person: int  # advanced after it
    not_afforded: int  # declined after it
    pending: int  # no decision yet (or on hold)


@dataclass(frozen=True)
class BiasAudit:
    role_id: int
    role_title: str
    date_from: str | None
    date_to: str | None
    generated_at: str
    candidates: int
    stages: tuple[StageAudit, ...]
    illinois: tuple[IllinoisRow, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    # Who the figures were computed from: for the export inventory, never written out.
    candidate_ids: tuple[int, ...] = field(default=(), repr=False)

    @property
    def enough_data(self) -> bool:
        return any(stage.enough_data for stage in self.stages)
