"""The partner whose file is written, as far as the generator needs to know it."""

from dataclasses import dataclass

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.region import MUNICIPALITIES
from eropaf.demo.region import partner as demo_partner


@dataclass(frozen=True)
class ServedArea:
    pc4: str
    city: str
    weight: float = 1.0
    """How many signals come from this area, relative to the others."""


@dataclass(frozen=True)
class DeliveryPartner:
    """What the generator needs to know of the partner whose file it writes."""

    code: str
    partner_type: PartnerType
    reference_prefix: str
    areas: tuple[ServedArea, ...]
    is_private_landlord: bool = False

    @classmethod
    def from_demo(cls, code: str) -> "DeliveryPartner":
        """A partner of the demo region, with the postcode areas of the municipalities it serves."""
        spec = demo_partner(code)
        return cls(
            code=spec.code,
            partner_type=spec.partner_type,
            reference_prefix=spec.reference_prefix,
            areas=tuple(
                ServedArea(digits, municipality.name, weight)
                for municipality in MUNICIPALITIES
                if municipality.code in spec.municipality_codes
                for district in municipality.districts
                for digits, weight in district.postcode_areas
            ),
            is_private_landlord=spec.is_private_landlord,
        )
