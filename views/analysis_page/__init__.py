"""The candidate interview page: playback with a synced transcript, the analysis of each
answer, reviewers' ratings and the recruiter's decision."""

from views.analysis_page.page import AnalysisPage

__all__ = ["AnalysisPage"]
