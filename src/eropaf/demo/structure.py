"""Write the fixed region to the database: municipalities, districts, postcode areas, partners, teams."""

from dataclasses import dataclass

from eropaf.accounts.models import Team
from eropaf.demo.region import DELIVERY_CUTOFF_DAY, MUNICIPALITIES, PARTNERS, TEAMS
from eropaf.organisations.models import District, Municipality, Partner, PostcodeArea

BATCH_SIZE = 2000


@dataclass(frozen=True)
class RegionRows:
    municipalities: dict[str, Municipality]
    districts: dict[tuple[str, str], District]
    partners: dict[str, Partner]
    teams: dict[str, Team]


def create_region() -> RegionRows:
    municipalities = {
        row.code: row
        for row in Municipality.objects.bulk_create(
            [
                Municipality(
                    code=spec.code,
                    name=spec.name,
                    inhabitants=spec.inhabitants,
                    delivery_cutoff_day=DELIVERY_CUTOFF_DAY,
                )
                for spec in MUNICIPALITIES
            ]
        )
    }
    district_rows = District.objects.bulk_create(
        [
            District(municipality=municipalities[spec.code], code=district.code, name=district.name)
            for spec in MUNICIPALITIES
            for district in spec.districts
        ]
    )
    districts = {(row.municipality.code, row.code): row for row in district_rows}
    PostcodeArea.objects.bulk_create(
        [
            PostcodeArea(
                digits=digits,
                municipality=municipalities[spec.code],
                district=districts[(spec.code, district.code)],
            )
            for spec in MUNICIPALITIES
            for district in spec.districts
            for digits, _ in district.postcode_areas
        ]
    )

    partners = {
        row.code: row
        for row in Partner.objects.bulk_create(
            [
                Partner(
                    code=spec.code,
                    name=spec.name,
                    partner_type=spec.partner_type,
                    kvk_number=spec.kvk_number,
                    is_private_landlord=spec.is_private_landlord,
                )
                for spec in PARTNERS
            ]
        )
    }
    served = Partner.municipalities.through
    served.objects.bulk_create(
        [
            served(partner_id=partners[spec.code].pk, municipality_id=municipalities[code].pk)
            for spec in PARTNERS
            for code in spec.municipality_codes
        ]
    )

    teams = {
        row.name: row
        for row in Team.objects.bulk_create(
            [
                Team(municipality=municipalities[spec.municipality_code], name=spec.name, kind=spec.kind)
                for spec in TEAMS
            ]
        )
    }
    covered = Team.districts.through
    covered.objects.bulk_create(
        [
            covered(team_id=teams[spec.name].pk, district_id=districts[(spec.municipality_code, code)].pk)
            for spec in TEAMS
            for code in spec.district_codes
        ]
    )
    return RegionRows(municipalities=municipalities, districts=districts, partners=partners, teams=teams)
