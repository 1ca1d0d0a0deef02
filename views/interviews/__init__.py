"""The recruiter's side of one-way video interviews: question sets, invitations, answers."""

from views.interviews.page import InterviewsPage, may_open

__all__ = ["InterviewsPage", "may_open"]
