"""The administrator's overview of their municipality: districts, partners, teams and people.

This app sits below ``accounts`` in the layering, so it reads teams and role assignments through
the municipality's reverse relations instead of importing that app.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from eropaf.organisations.models import District, Municipality, Partner, PostcodeArea

# The value of accounts.roles.Role.ADMINISTRATOR.
ADMINISTRATOR_ROLE = "administrator"


class _Person(Protocol):
    @property
    def pk(self) -> object: ...
    def get_full_name(self) -> str: ...
    def get_username(self) -> str: ...


class _Assignment(Protocol):
    @property
    def user(self) -> _Person: ...
    def get_role_display(self) -> str: ...


@dataclass(frozen=True)
class Member:
    name: str
    username: str
    roles: list[str]


@dataclass(frozen=True)
class TeamOverview:
    name: str
    kind: str
    districts: list[str]
    members: list[Member]


@dataclass(frozen=True)
class AdministrationOverview:
    municipality: Municipality
    districts: list[District]
    unassigned_postcode_areas: list[PostcodeArea]
    partners: list[Partner]
    teams: list[TeamOverview]
    municipality_roles: list[Member]


def _members(assignments: Iterable[_Assignment]) -> list[Member]:
    """People with the labels of their roles, one entry per person, sorted by name."""
    by_user: dict[object, tuple[str, str, list[str]]] = {}
    for assignment in assignments:
        user = assignment.user
        name = user.get_full_name() or user.get_username()
        entry = by_user.setdefault(user.pk, (name, user.get_username(), []))
        entry[2].append(str(assignment.get_role_display()))
    return [
        Member(name=name, username=username, roles=sorted(set(roles)))
        for name, username, roles in sorted(by_user.values(), key=lambda entry: entry[0].lower())
    ]


def get_administration_overview(*, user: AbstractBaseUser | AnonymousUser) -> AdministrationOverview:
    """The municipality the user administers; PermissionDenied for everyone else."""
    municipality = (
        Municipality.objects.filter(
            role_assignments__user_id=user.pk, role_assignments__role=ADMINISTRATOR_ROLE
        )
        .order_by("name")
        .first()
        if user.is_authenticated and user.is_active
        else None
    )
    if municipality is None:
        raise PermissionDenied
    teams = municipality.teams.order_by("name").prefetch_related("districts", "role_assignments__user")
    return AdministrationOverview(
        municipality=municipality,
        districts=list(
            municipality.districts.order_by("name").prefetch_related(
                Prefetch("postcode_areas", queryset=PostcodeArea.objects.order_by("digits"))
            )
        ),
        unassigned_postcode_areas=list(
            municipality.postcode_areas.filter(district__isnull=True).order_by("digits")
        ),
        partners=list(municipality.partners.order_by("name")),
        teams=[
            TeamOverview(
                name=team.name,
                kind=str(team.get_kind_display()),
                districts=sorted(district.name for district in team.districts.all()),
                members=_members(team.role_assignments.all()),
            )
            for team in teams
        ],
        municipality_roles=_members(
            municipality.role_assignments.filter(team__isnull=True).select_related("user")
        ),
    )
