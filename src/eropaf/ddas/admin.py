"""DDAS clients are managed here: adding one shows its secret once; a new secret can be made."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.ddas.clients import register_client, renew_secret
from eropaf.ddas.models import DdasClient


def _show_secret(request: HttpRequest, client: DdasClient, secret: str) -> None:
    messages.warning(
        request,
        _(
            "Client id %(client_id)s, secret %(secret)s. Copy the secret now: it is stored only as a hash "
            "and cannot be shown again."
        )
        % {"client_id": client.client_id, "secret": secret},
    )


@admin.register(DdasClient)
class DdasClientAdmin(admin.ModelAdmin[DdasClient]):
    list_display = ["name", "municipality", "client_id", "is_active", "last_used_at", "created_at"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["name", "client_id", "municipality__name", "municipality__code"]
    fields = ["municipality", "name", "is_active", "client_id", "last_used_at", "created_at"]
    readonly_fields = ["client_id", "last_used_at", "created_at"]
    actions = ["make_new_secret"]

    def save_model(
        self, request: HttpRequest, obj: DdasClient, form: ModelForm[DdasClient], change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        _show_secret(request, obj, register_client(client=obj, by=request.user))

    @admin.action(description=gettext_lazy("Make a new secret (the old one and its tokens stop working)"))
    def make_new_secret(self, request: HttpRequest, queryset: QuerySet[DdasClient]) -> None:
        for client in queryset.select_related("municipality"):
            _show_secret(request, client, renew_secret(client=client, by=request.user))
