"""Input and output shapes of the partner API for deliveries.

The report's field names are the command line's ``--json`` names (``import_signals``), so a partner
reads the same report whichever channel it used; a test keeps the two in step.
"""

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from eropaf.core.periods import format_period
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.fields import FIELDS, DeliveryField, FieldKind
from eropaf.intake.models import Delivery
from eropaf.intake.reports import DeliveryReport, MunicipalityCount, RowError

PERIOD_SCHEMA = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "example": "2025-03"}


@extend_schema_field(PERIOD_SCHEMA)
class PeriodField(serializers.Field[dt.date, str, str, Any]):
    """A matching period as ``YYYY-MM``."""

    def to_representation(self, value: dt.date) -> str:
        return format_period(value)


def _delivery_url(serializer: serializers.Field[Any, Any, Any, Any], delivery_id: int) -> str:
    return reverse(
        "api:delivery-detail", kwargs={"delivery_id": delivery_id}, request=serializer.context["request"]
    )


# The report -----------------------------------------------------------------------------------


class MunicipalityCountOutputSerializer(serializers.Serializer[MunicipalityCount]):
    code = serializers.CharField(help_text="CBS municipality code, e.g. 0505.")
    name = serializers.CharField()
    accepted = serializers.IntegerField(help_text="Signals of this delivery accepted for this municipality.")


class RejectedRowErrorOutputSerializer(serializers.Serializer[RowError]):
    row_number = serializers.IntegerField(
        help_text="The row in the file (the header is row 1), or the signal's position in signalen (from 1)."
    )
    field = serializers.CharField(help_text="The delivery format's field at fault, e.g. postcode.")
    code = serializers.CharField(help_text="A stable code for the kind of error.")
    message = serializers.CharField(help_text="What is wrong and what is expected, in Dutch.")


class DeliveryReportOutputSerializer(serializers.Serializer[DeliveryReport]):
    """Every row gets exactly one verdict: received = accepted + rejected + duplicate."""

    delivery_id = serializers.IntegerField()
    period = PeriodField(help_text="The matching period the delivery belongs to.")
    already_delivered = serializers.BooleanField(
        help_text="True when this content was delivered before: nothing new was stored and this is "
        "the earlier delivery's report."
    )
    received = serializers.IntegerField(help_text="Rows received.")
    accepted = serializers.IntegerField(help_text="Rows stored as signals.")
    rejected = serializers.IntegerField(help_text="Rows not stored; see rejected_rows.")
    duplicate = serializers.IntegerField(help_text="Rows delivered before in this period.")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="Warnings, in Dutch.")
    per_municipality = MunicipalityCountOutputSerializer(many=True)
    rejected_rows = RejectedRowErrorOutputSerializer(
        many=True, help_text="One entry per error; a row with two errors appears twice."
    )
    url = serializers.SerializerMethodField(help_text="Where this report can be read again.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, report: DeliveryReport) -> str:
        return _delivery_url(self, report.delivery_id)


class DeliverySummaryOutputSerializer(serializers.Serializer[Delivery]):
    id = serializers.IntegerField()
    period = PeriodField()
    received_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=DeliveryChannel.choices)
    file_name = serializers.CharField(help_text="Empty for a JSON delivery.")
    received = serializers.IntegerField(source="received_count")
    accepted = serializers.IntegerField(source="accepted_count")
    rejected = serializers.IntegerField(source="rejected_count")
    duplicate = serializers.IntegerField(source="duplicate_count")
    url = serializers.SerializerMethodField(help_text="The delivery's full report.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, delivery: Delivery) -> str:
        return _delivery_url(self, int(delivery.pk))


# Handing in a delivery ------------------------------------------------------------------------

_PERIOD_HELP = (
    "Matching period YYYY-MM; default: the month of delivery, or the next month after the "
    "municipality's cut-off day. Only the open period or the next one may be named."
)


@extend_schema_field({"type": "string", "format": "binary"})
class _UploadField(serializers.FileField):
    pass


class DeliveryFileInputSerializer(serializers.Serializer[Any]):
    file = _UploadField(help_text="The delivery file: CSV (UTF-8 or Windows-1252) or XLSX.")
    periode = serializers.CharField(required=False, help_text=_PERIOD_HELP)


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}], "example": "1.234,56"})
class _AmountField(serializers.JSONField):
    pass


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}], "example": 3})
class _WholeNumberField(serializers.JSONField):
    pass


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "boolean"}, {"type": "integer"}], "example": "nee"}
)
class _FlagField(serializers.JSONField):
    pass


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}], "example": "12a"})
class _HouseNumberField(serializers.JSONField):
    pass


_KIND_HELP = {
    FieldKind.DATE: "Date: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, D-M-YYYY or YYYYMMDD.",
    FieldKind.AMOUNT: "Amount in euros: 1234,56, 1234.56, 1.234,56, € 1.234,56 or a number.",
    FieldKind.WHOLE_NUMBER: "Whole number ≥ 0.",
    FieldKind.FLAG: "ja/nee, j/n, true/false, 1/0, x/empty.",
    FieldKind.SIGNAL_TYPE: "huur, energie, water, zorg, hypotheek, cak-zorgverzekering, "
    "cak-eigen-bijdrage, duo, belastingdienst, toeslagen, overig (also the DDAS spellings).",
    FieldKind.BSN: "9 digits passing the elfproef (a leading zero may be missing).",
    FieldKind.HOUSE_NUMBER: "12, or combined: 12a, 12 A, 12-2, 12a-2, 12 bis, 12-II.",
    FieldKind.POSTCODE: "Dutch postcode, with or without space: 1234AB, 1234 ab.",
    FieldKind.PHONE: "Dutch or international number in any common notation.",
    FieldKind.EMAIL: "E-mail address.",
}


def _row_field(field: DeliveryField) -> serializers.Field[Any, Any, Any, Any]:
    help_text = _KIND_HELP.get(field.kind, "Text.")
    if field.max_length:
        help_text = f"{help_text} At most {field.max_length} characters."
    options: dict[str, Any] = {"required": field.required, "help_text": help_text}
    if field.kind is FieldKind.AMOUNT:
        return _AmountField(**options)
    if field.kind is FieldKind.WHOLE_NUMBER:
        return _WholeNumberField(**options)
    if field.kind is FieldKind.FLAG:
        return _FlagField(**options)
    if field.kind is FieldKind.HOUSE_NUMBER:
        return _HouseNumberField(**options)
    return serializers.CharField(**options)


# Built from the delivery format's field list, so the documented row cannot drift from the parser.
SignalRowInputSerializer: type[serializers.Serializer[Any]] = type(
    "SignalRowInputSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "One signal: the fields of the delivery format, version 1. Unknown fields are "
        "ignored with one warning per delivery.",
        "__module__": __name__,
        **{field.name: _row_field(field) for field in FIELDS},
    },
)


class DeliveryJsonInputSerializer(serializers.Serializer[Any]):
    signalen = SignalRowInputSerializer(many=True, help_text="The signals; rows are numbered from 1.")
    periode = serializers.CharField(required=False, help_text=_PERIOD_HELP)


# Withdrawing signals --------------------------------------------------------------------------


class WithdrawalInputSerializer(serializers.Serializer[Any]):
    referentie = serializers.CharField(max_length=64, help_text="The partner's own reference of the arrear.")
    reden = serializers.CharField(max_length=200, help_text="Why, e.g. 'betaald' or 'regeling getroffen'.")


class WithdrawalOutputSerializer(serializers.Serializer[Any]):
    referentie = serializers.CharField()
    withdrawn = serializers.IntegerField(
        help_text="How many open signals with this reference were withdrawn."
    )
