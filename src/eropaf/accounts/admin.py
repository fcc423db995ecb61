from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from eropaf.accounts.models import RoleAssignment, Team, User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    inlines = [RoleAssignmentInline]
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), (_("Availability"), {"fields": ("away_until",)}))
    list_display = ["username", "first_name", "last_name", "is_active", "away_until"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "municipality", "kind"]
    list_filter = ["municipality", "kind"]
    filter_horizontal = ["districts"]
