"""The household key: the BAG nummeraanduiding id when any partner delivered it for the address."""

import polars as pl
import pytest

from eropaf.cases.models import Case
from eropaf.intake.normalise import address_key
from eropaf.matching.households import with_household_keys
from tests.factories import ContactAttemptFactory
from tests.matching.world import World, make_world

BAG_ID = "0505200000012345"
OTHER_BAG_ID = "0505200000099999"


def test_a_delivered_bag_id_keys_every_signal_on_that_address() -> None:
    signals = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "address_key": ["3311AB|12||2", "3311AB|12||2", "3311AB|14||"],
            "bag_address_id": [BAG_ID, "", ""],
        }
    )

    keyed = with_household_keys(signals, signals.select("address_key", "bag_address_id"))

    assert keyed["address_key"].to_list() == [f"BAG:{BAG_ID}", f"BAG:{BAG_ID}", "3311AB|14||"]
    assert keyed["delivered_key"].to_list() == ["3311AB|12||2", "3311AB|12||2", "3311AB|14||"]


def test_partners_that_disagree_on_the_bag_id_give_the_lowest_whatever_the_order() -> None:
    known = pl.DataFrame({"address_key": ["A", "A"], "bag_address_id": [OTHER_BAG_ID, BAG_ID]})
    signal = pl.DataFrame({"id": [1], "address_key": ["A"], "bag_address_id": [""]})

    forwards = with_household_keys(signal, known)
    backwards = with_household_keys(signal, known.reverse())

    assert forwards["address_key"].to_list() == backwards["address_key"].to_list() == [f"BAG:{BAG_ID}"]


@pytest.fixture
def world() -> World:
    return make_world()


def on_address(world: World, *, addition: str, bag_id: str = "", reference: str) -> None:
    world.signal(
        number=12,
        reference=reference,
        house_number_addition=addition,
        address_key=address_key(postcode="3311AB", house_number=12, addition=addition),
        bag_address_id=bag_id,
    )


@pytest.mark.django_db
def test_additions_written_differently_are_one_household_through_the_bag_id(world: World) -> None:
    on_address(world, addition="2", bag_id=BAG_ID, reference="R1")
    on_address(world, addition="II", bag_id=BAG_ID, reference="R2")
    on_address(world, addition="2", reference="R3")  # this partner does not know the BAG id

    world.run()

    case = Case.objects.get()
    assert case.address_key == f"BAG:{BAG_ID}"
    assert case.signals.count() == 3
    assert case.is_multiple
    assert case.district is not None  # placed by the postcode, not by the key


@pytest.mark.django_db
def test_a_bag_id_delivered_late_moves_the_case_to_its_key_without_a_second_case(world: World) -> None:
    on_address(world, addition="2", reference="R1")
    world.run()
    first = Case.objects.get()

    on_address(world, addition="2", bag_id=BAG_ID, reference="R2")
    world.run()

    case = Case.objects.get()
    assert case.pk == first.pk
    assert case.address_key == f"BAG:{BAG_ID}"
    assert case.signals.count() == 2


@pytest.mark.django_db
def test_two_spellings_merge_when_the_bag_id_arrives_unless_someone_worked_on_one(world: World) -> None:
    on_address(world, addition="2", reference="R1")
    on_address(world, addition="II", reference="R2")
    world.run()
    worked = Case.objects.get(address_key="3311AB|12||II")
    ContactAttemptFactory.create(case=worked)

    on_address(world, addition="2", bag_id=BAG_ID, reference="R3")
    on_address(world, addition="II", bag_id=BAG_ID, reference="R4")
    world.run()

    keys = set(Case.objects.values_list("address_key", flat=True))
    assert f"BAG:{BAG_ID}" in keys
    assert Case.objects.filter(pk=worked.pk).exists()  # work is never lost
    assert Case.objects.count() == 2
