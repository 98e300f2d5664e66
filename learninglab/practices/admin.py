"""The good practices in the admin: to look things up, not to change them.

A practice changes through its pages and the services behind them, which check the
review's rules, keep its history and write the audit log; the admin would do none of
that, so it shows practices and what hangs on them, read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from learninglab.practices.models import (
    GoodPractice,
    PracticeDocument,
    PracticeEvent,
    PracticeImage,
    PracticeTopic,
    PracticeTransfer,
)


class ReadOnly:
    """Admin options that show rows without adding, changing or deleting them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(getattr(self, "fields", None) or [])


class TopicInline(ReadOnly, admin.TabularInline):
    model = PracticeTopic
    extra = 0


class EventInline(ReadOnly, admin.TabularInline):
    model = PracticeEvent
    extra = 0
    fields = ["at", "kind", "by", "comment"]


class ImageInline(ReadOnly, admin.TabularInline):
    model = PracticeImage
    extra = 0
    fields = ["original_name", "alt_text", "content_type", "size", "uploaded_by", "created_at"]


class DocumentInline(ReadOnly, admin.TabularInline):
    model = PracticeDocument
    extra = 0
    fields = ["original_name", "title", "content_type", "size", "uploaded_by", "created_at"]


class TransferInline(ReadOnly, admin.TabularInline):
    model = PracticeTransfer
    fk_name = "practice"
    extra = 0
    fields = ["partner", "stage", "on", "note", "recorded_by"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "partner", "status", "published_at", "expert_validated_at"]
    list_filter = ["status", "partner", "progress", "identified_in_project"]
    list_select_related = ["partner"]
    search_fields = ["slug", "city", "keywords"]
    date_hierarchy = "created_at"
    inlines = [TopicInline, EventInline, ImageInline, DocumentInline, TransferInline]


@admin.register(PracticeTransfer)
class PracticeTransferAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["practice", "partner", "stage", "on"]
    list_filter = ["stage", "partner"]
    list_select_related = ["practice", "partner"]
