"""The fixed demo region: three Drechtsteden municipalities, their partners, teams and logins.

Municipality codes, postcode areas and neighbourhood names are real; the mapping of postcode areas
to districts is simplified for the demo. Partners and people are fictional.
"""

from dataclasses import dataclass

from eropaf.accounts.roles import Role, TeamKind
from eropaf.core.vocabularies import PartnerType

DEMO_PASSWORD = "eropaf-demo-2026"  # noqa: S105 - a published demo login, never a real secret
SUPERUSER_NAME = "admin"
DELIVERY_CUTOFF_DAY = 25
SIGNALS_PER_THOUSAND_PER_MONTH = 4.0

# Share of signals by type (BRIEF §1).
TYPE_SHARES: dict[PartnerType, float] = {
    PartnerType.HEALTH_INSURANCE: 0.45,
    PartnerType.ENERGY: 0.25,
    PartnerType.RENT: 0.19,
    PartnerType.WATER: 0.11,
}


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    name: str
    # PC4 digits with a relative weight: how many signals come from that area.
    postcode_areas: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class MunicipalitySpec:
    code: str
    name: str
    inhabitants: int
    districts: tuple[DistrictSpec, ...]

    @property
    def postcode_areas(self) -> list[str]:
        return sorted(digits for district in self.districts for digits, _ in district.postcode_areas)

    @property
    def monthly_signals(self) -> float:
        return self.inhabitants / 1000 * SIGNALS_PER_THOUSAND_PER_MONTH


@dataclass(frozen=True)
class PartnerSpec:
    code: str
    name: str
    partner_type: PartnerType
    kvk_number: str
    municipality_codes: tuple[str, ...]
    reference_prefix: str
    is_private_landlord: bool = False


@dataclass(frozen=True)
class TeamSpec:
    municipality_code: str
    name: str
    kind: TeamKind
    district_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: Role
    municipality_code: str = ""
    team_names: tuple[str, ...] = ()
    partner_code: str = ""


DORDRECHT, ZWIJNDRECHT, PAPENDRECHT = "0505", "0642", "0590"
ALL = (DORDRECHT, ZWIJNDRECHT, PAPENDRECHT)

MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (
    MunicipalitySpec(
        code=DORDRECHT,
        name="Dordrecht",
        inhabitants=119_000,
        districts=(
            DistrictSpec("BIN", "Binnenstad", (("3311", 1.0),)),
            DistrictSpec("NFL", "Noordflank", (("3312", 1.1),)),
            DistrictSpec("OOS", "Oost", (("3313", 1.0), ("3314", 1.0))),
            DistrictSpec("KRI", "Krispijn", (("3315", 1.6),)),
            DistrictSpec("WIE", "Wielwijk", (("3316", 1.7),)),
            DistrictSpec("CRZ", "Crabbehof/Zuidhoven", (("3317", 1.5),)),
            DistrictSpec("SPO", "Stadspolders", (("3318", 0.8),)),
            DistrictSpec("DUB", "Dubbeldam", (("3319", 0.5),)),
            DistrictSpec("STE", "Sterrenburg", (("3328", 0.8),)),
        ),
    ),
    MunicipalitySpec(
        code=ZWIJNDRECHT,
        name="Zwijndrecht",
        inhabitants=45_000,
        districts=(
            DistrictSpec("NRD", "Noord", (("3330", 0.4), ("3331", 1.2))),
            DistrictSpec("WAL", "Walburg", (("3332", 1.0),)),
            DistrictSpec("HOA", "Heer Oudelands Ambacht", (("3333", 1.1), ("3334", 0.9))),
            DistrictSpec("KAM", "Kort Ambacht", (("3335", 0.7),)),
        ),
    ),
    MunicipalitySpec(
        code=PAPENDRECHT,
        name="Papendrecht",
        inhabitants=32_000,
        districts=(
            DistrictSpec("CEN", "Centrum", (("3350", 0.3), ("3351", 1.0))),
            DistrictSpec("WPD", "Westpolder", (("3352", 1.0), ("3353", 0.9))),
            DistrictSpec("OPD", "Oostpolder", (("3354", 1.0), ("3355", 0.8))),
            DistrictSpec("MPD", "Middenpolder", (("3356", 0.7),)),
        ),
    ),
)

PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec("woongoed-merwede", "Woongoed Merwede", PartnerType.RENT, "24387615", ALL, "WM"),
    PartnerSpec(
        "rivierwonen", "Stichting Rivierwonen", PartnerType.RENT, "24291043", (DORDRECHT, ZWIJNDRECHT), "RW"
    ),
    PartnerSpec(
        "van-dalen-vastgoed",
        "Van Dalen Vastgoed B.V.",
        PartnerType.RENT,
        "58120937",
        ALL,
        "VDV",
        is_private_landlord=True,
    ),
    PartnerSpec("stroomlijn-energie", "Stroomlijn Energie B.V.", PartnerType.ENERGY, "61834520", ALL, "STL"),
    PartnerSpec("oevermaas-water", "Oevermaas Water N.V.", PartnerType.WATER, "23095118", ALL, "OMW"),
    PartnerSpec(
        "vitazorg", "VitaZorg Zorgverzekeringen", PartnerType.HEALTH_INSURANCE, "30178462", ALL, "VZ"
    ),
    PartnerSpec(
        "zorgverzekeraar-de-waard",
        "Zorgverzekeraar De Waard",
        PartnerType.HEALTH_INSURANCE,
        "24470983",
        ALL,
        "DW",
    ),
    PartnerSpec(
        "deurwaarder-van-der-linge",
        "Deurwaarderskantoor Van der Linge",
        PartnerType.BAILIFF,
        "27365014",
        ALL,
        "DVL",
    ),
)

# Who rents from whom: the weight of each landlord among tenants, per municipality.
LANDLORD_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {
    DORDRECHT: (("woongoed-merwede", 0.45), ("rivierwonen", 0.40), ("van-dalen-vastgoed", 0.15)),
    ZWIJNDRECHT: (("woongoed-merwede", 0.35), ("rivierwonen", 0.50), ("van-dalen-vastgoed", 0.15)),
    PAPENDRECHT: (("woongoed-merwede", 0.85), ("van-dalen-vastgoed", 0.15)),
}
INSURER_WEIGHTS: tuple[tuple[str, float], ...] = (("vitazorg", 0.55), ("zorgverzekeraar-de-waard", 0.45))
ENERGY_PARTNER = "stroomlijn-energie"
WATER_PARTNER = "oevermaas-water"

EARLY_NORTH = "Vroegsignalering Noord"
EARLY_SOUTH = "Vroegsignalering Zuid"
NEIGHBOURHOOD_DORDRECHT = "Sociaal Wijkteam Dordrecht"
DEBT_SERVICES_DORDRECHT = "Schuldhulpverlening Drechtsteden"
CARE_DESK_DORDRECHT = "Meldpunt Zorg en Overlast"
COORDINATION_DORDRECHT = "Regieteam Dordrecht"
EARLY_ZWIJNDRECHT = "Vroegsignalering Zwijndrecht"
EARLY_PAPENDRECHT = "Vroegsignalering Papendrecht"

TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(DORDRECHT, EARLY_NORTH, TeamKind.EARLY_DETECTION, ("BIN", "NFL", "OOS", "SPO", "DUB")),
    TeamSpec(DORDRECHT, EARLY_SOUTH, TeamKind.EARLY_DETECTION, ("KRI", "WIE", "CRZ", "STE")),
    TeamSpec(DORDRECHT, NEIGHBOURHOOD_DORDRECHT, TeamKind.NEIGHBOURHOOD),
    TeamSpec(DORDRECHT, DEBT_SERVICES_DORDRECHT, TeamKind.DEBT_SERVICES),
    TeamSpec(DORDRECHT, CARE_DESK_DORDRECHT, TeamKind.CARE_AND_NUISANCE_DESK),
    TeamSpec(DORDRECHT, COORDINATION_DORDRECHT, TeamKind.COORDINATION_TEAM),
    TeamSpec(ZWIJNDRECHT, EARLY_ZWIJNDRECHT, TeamKind.EARLY_DETECTION, ("NRD", "WAL", "HOA", "KAM")),
    TeamSpec(ZWIJNDRECHT, "Sociaal Team Zwijndrecht", TeamKind.NEIGHBOURHOOD),
    TeamSpec(PAPENDRECHT, EARLY_PAPENDRECHT, TeamKind.EARLY_DETECTION, ("CEN", "WPD", "OPD", "MPD")),
    TeamSpec(PAPENDRECHT, "Sociaal Team Papendrecht", TeamKind.NEIGHBOURHOOD),
)

# Where a warm handover goes, per municipality: (financial help, other help).
HANDOVER_TEAMS: dict[str, tuple[str, str]] = {
    DORDRECHT: (DEBT_SERVICES_DORDRECHT, NEIGHBOURHOOD_DORDRECHT),
    ZWIJNDRECHT: ("Sociaal Team Zwijndrecht", "Sociaal Team Zwijndrecht"),
    PAPENDRECHT: ("Sociaal Team Papendrecht", "Sociaal Team Papendrecht"),
}

USERS: tuple[UserSpec, ...] = (
    UserSpec("vroegsignaleerder-noord", "Samira", "el Idrissi", Role.CASE_WORKER, DORDRECHT, (EARLY_NORTH,)),
    UserSpec("vroegsignaleerder-zuid", "Joost", "van Leeuwen", Role.CASE_WORKER, DORDRECHT, (EARLY_SOUTH,)),
    UserSpec("teamleider", "Marieke", "de Graaf", Role.TEAM_LEAD, DORDRECHT, (EARLY_NORTH, EARLY_SOUTH)),
    UserSpec(
        "wijkteam", "Kevin", "Bakker", Role.NEIGHBOURHOOD_TEAM_WORKER, DORDRECHT, (NEIGHBOURHOOD_DORDRECHT,)
    ),
    UserSpec(
        "schuldhulp",
        "Annelies",
        "Verhoeven",
        Role.DEBT_SERVICES_WORKER,
        DORDRECHT,
        (DEBT_SERVICES_DORDRECHT,),
    ),
    UserSpec("meldpunt", "Ricardo", "Martina", Role.ESCALATION_MEMBER, DORDRECHT, (CARE_DESK_DORDRECHT,)),
    UserSpec("regieteam", "Fatma", "Yılmaz", Role.ESCALATION_MEMBER, DORDRECHT, (COORDINATION_DORDRECHT,)),
    UserSpec("beleid", "Pieter", "Hoogendoorn", Role.POLICY_OFFICER, DORDRECHT),
    UserSpec("beheer", "Ingrid", "Smits", Role.ADMINISTRATOR, DORDRECHT),
    UserSpec(
        "vroegsignaleerder-zwijndrecht",
        "Lotte",
        "Vermeulen",
        Role.CASE_WORKER,
        ZWIJNDRECHT,
        (EARLY_ZWIJNDRECHT,),
    ),
    UserSpec(
        "vroegsignaleerder-papendrecht", "Daan", "Kok", Role.CASE_WORKER, PAPENDRECHT, (EARLY_PAPENDRECHT,)
    ),
    UserSpec("woongoed", "Esther", "van den Berg", Role.PARTNER_USER, partner_code="woongoed-merwede"),
    UserSpec("rivierwonen", "Mohamed", "Bouzid", Role.PARTNER_USER, partner_code="rivierwonen"),
    UserSpec("vandalen", "Gerrit", "van Dalen", Role.PARTNER_USER, partner_code="van-dalen-vastgoed"),
    UserSpec("stroomlijn", "Sanne", "Jansen", Role.PARTNER_USER, partner_code="stroomlijn-energie"),
    UserSpec("oevermaas", "Bart", "de Vries", Role.PARTNER_USER, partner_code="oevermaas-water"),
    UserSpec("vitazorg", "Nicole", "Peeters", Role.PARTNER_USER, partner_code="vitazorg"),
    UserSpec("dewaard", "Hüseyin", "Kaya", Role.PARTNER_USER, partner_code="zorgverzekeraar-de-waard"),
    UserSpec("deurwaarder", "Wouter", "Brouwer", Role.PARTNER_USER, partner_code="deurwaarder-van-der-linge"),
)


def municipality(code: str) -> MunicipalitySpec:
    return next(spec for spec in MUNICIPALITIES if spec.code == code)


def partner(code: str) -> PartnerSpec:
    return next(spec for spec in PARTNERS if spec.code == code)


def early_detection_team(municipality_code: str, district_code: str) -> str:
    """The early-detection team that covers a district."""
    return next(
        team.name
        for team in TEAMS
        if team.municipality_code == municipality_code
        and team.kind == TeamKind.EARLY_DETECTION
        and district_code in team.district_codes
    )


def team_members(team_name: str, role: Role) -> list[str]:
    return [user.username for user in USERS if team_name in user.team_names and user.role == role]
