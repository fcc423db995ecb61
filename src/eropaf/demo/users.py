"""The demo logins: one user per role (more for Dordrecht), one per partner, and a superuser.

Everyone shares one published demo password. It is hashed once and the hash reused, because a
proper password hash is slow by design.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import translation

from eropaf.accounts.models import RoleAssignment, User
from eropaf.accounts.roles import Role, Scope
from eropaf.demo.region import DEMO_PASSWORD, SUPERUSER_NAME, USERS, UserSpec, municipality, partner
from eropaf.demo.structure import RegionRows


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role | None
    role_label: str
    scope: str


def email_for(spec: UserSpec) -> str:
    organisation = spec.partner_code or municipality(spec.municipality_code).name.lower()
    return f"{spec.username}@{organisation}.example"


def scope_of(spec: UserSpec) -> str:
    if spec.role.scope is Scope.PARTNER:
        return partner(spec.partner_code).name
    place = municipality(spec.municipality_code).name
    if spec.role.scope is Scope.TEAM:
        return f"{', '.join(spec.team_names)} ({place})"
    return f"Gemeente {place}"


def create_users(region: RegionRows) -> tuple[dict[str, User], list[DemoLogin]]:
    password_hash = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=email_for(spec),
                password=password_hash,
            )
            for spec in USERS
        ]
        + [
            User(
                username=SUPERUSER_NAME,
                first_name="Demo",
                last_name="Beheerder",
                email=f"{SUPERUSER_NAME}@eropaf.example",
                password=password_hash,
                is_staff=True,
                is_superuser=True,
            )
        ]
    )
    by_name = {user.username: user for user in users}
    assignments: list[RoleAssignment] = []
    for spec in USERS:
        user = by_name[spec.username]
        if spec.role.scope is Scope.PARTNER:
            assignments.append(
                RoleAssignment(user=user, role=spec.role, partner=region.partners[spec.partner_code])
            )
        elif spec.role.scope is Scope.TEAM:
            assignments += [
                RoleAssignment(
                    user=user,
                    role=spec.role,
                    team=region.teams[name],
                    municipality=region.municipalities[spec.municipality_code],
                )
                for name in spec.team_names
            ]
        else:
            assignments.append(
                RoleAssignment(
                    user=user, role=spec.role, municipality=region.municipalities[spec.municipality_code]
                )
            )
    RoleAssignment.objects.bulk_create(assignments)

    with translation.override("nl"):
        logins = [
            DemoLogin(spec.username, DEMO_PASSWORD, spec.role, str(spec.role.label), scope_of(spec))
            for spec in USERS
        ]
        logins.append(
            DemoLogin(SUPERUSER_NAME, DEMO_PASSWORD, None, "Django-beheer (superuser)", "/django-admin/")
        )
    return by_name, logins
