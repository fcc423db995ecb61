"""The administrator edits the letter texts and senders here; generated letters are not shown
(they hold personal data and are read through the audited case screens)."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from eropaf.letters.models import LetterBatch, LetterSender, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ["kind", "municipality", "title", "is_active", "updated_by", "updated_at"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["title", "body"]
    fields = ["municipality", "kind", "title", "body", "is_active", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: LetterTemplate, form: ModelForm[LetterTemplate], change: bool
    ) -> None:
        if request.user.is_authenticated:
            obj.updated_by_id = request.user.pk
        super().save_model(request, obj, form, change)


@admin.register(LetterSender)
class LetterSenderAdmin(admin.ModelAdmin[LetterSender]):
    list_display = ["municipality", "department", "phone", "email"]
    search_fields = ["municipality__name", "department"]


@admin.register(LetterBatch)
class LetterBatchAdmin(admin.ModelAdmin[LetterBatch]):
    list_display = ["municipality", "period", "kind", "status", "done", "total", "started_at", "finished_at"]
    list_filter = ["status", "kind", "municipality"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
