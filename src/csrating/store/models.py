"""Models of the application database. Judgements are append-only: the model refuses updates and
deletes, and a migration installs database triggers that refuse them too (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class Judgement(models.Model):
    """A recorded professional judgement on an LA's rating for a year: never silent, never edited."""

    la_code = models.CharField(max_length=16, db_index=True)
    year = models.CharField(max_length=8, db_index=True)
    dataset = models.CharField(max_length=200)
    from_grade = models.PositiveSmallIntegerField()
    to_grade = models.PositiveSmallIntegerField()
    reason = models.TextField()
    author = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(default=timezone.now)
    evidence = models.JSONField(default=list, blank=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # the hash chain (store.chain): the predecessor's hash and this entry's; unique, so the log is linear
    prev_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)
    entry_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_grade__gte=1, from_grade__lte=4), name="judgement_from_1_4"
            ),
            models.CheckConstraint(
                condition=models.Q(to_grade__gte=1, to_grade__lte=4), name="judgement_to_1_4"
            ),
            # one judgement supersedes another at most once: two concurrent judgements never fork
            models.UniqueConstraint(fields=["supersedes"], name="judgement_supersedes_once"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(
                "judgements are append-only: record a new judgement instead of changing one"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("judgements are append-only: they cannot be deleted")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "la_code": self.la_code,
            "year": self.year,
            "dataset": self.dataset,
            "from_grade": self.from_grade,
            "to_grade": self.to_grade,
            "reason": self.reason,
            "author": self.author,
            "recorded_at": self.recorded_at.isoformat(timespec="seconds"),
            "evidence": list(self.evidence),
            "supersedes": self.supersedes_id,
        }
