"""Concrete models on progress's abstract bases, the way a feature app makes them. No migrations: the test
database creates their tables directly (run_syncdb)."""

from django.db import models

from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase


class Paper(ReviewedSubmission):
    title = models.CharField(max_length=100)


class PaperEvent(ReviewEventBase):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="events")


class PaperEvidence(EvidenceBase):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="evidence")
