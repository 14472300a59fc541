"""Concrete models on progress's abstract bases, the way a feature app makes them. Installed only in the
test settings; its migration runs with the others, so PostgreSQL creates its foreign keys after the
tables they point at."""

from django.db import models

from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase


class Paper(ReviewedSubmission):
    title = models.CharField(max_length=100)


class PaperEvent(ReviewEventBase):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="events")


class PaperEvidence(EvidenceBase):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="evidence")
