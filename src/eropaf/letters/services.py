"""Making letters: render, store the PDF, count it as a contact attempt and audit it, in one transaction."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.casework import start_handling
from eropaf.cases.models import Case, ContactAttempt
from eropaf.core.vocabularies import DayPart
from eropaf.intake.models import Signal
from eropaf.letters.assembly import LetterParts, build_letter_content
from eropaf.letters.kinds import LetterKind, contact_kind_of
from eropaf.letters.models import GeneratedLetter, LetterBatch
from eropaf.letters.rendering import render_letter_pdf
from eropaf.letters.selectors import case_with_signals_for_user, sender_for, template_for


def _name_of(user: AbstractBaseUser | None) -> str:
    if isinstance(user, User):
        return user.get_full_name() or user.get_username()
    return ""


def make_letter(
    *,
    case: Case,
    signals: list[Signal],
    kind: LetterKind,
    by: AbstractBaseUser | None,
    batch: LetterBatch | None = None,
    actor_label: str = "",
    on_stored: Callable[[GeneratedLetter], None] | None = None,
) -> GeneratedLetter:
    """Make one letter for a case the caller has already authorised.

    The PDF is rendered before the transaction opens, so no lock is held while WeasyPrint works;
    then the letter, the contact attempt, the audit event and whatever ``on_stored`` writes (a
    batch's progress) are stored in one transaction.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    sender = sender_for(municipality=case.municipality)
    template = template_for(municipality=case.municipality, kind=kind)
    author = _name_of(case.assigned_to) or _name_of(by) or sender.department
    content = build_letter_content(
        LetterParts(
            case=case, signals=signals, template=template, sender=sender, author_name=author, today=today
        )
    )
    pdf = render_letter_pdf(content)
    letter = GeneratedLetter(
        case=case,
        kind=kind,
        template=template,
        title=content.title,
        rendered_text=content.plain_text,
        created_by=by if isinstance(by, User) else None,
        created_at=now,
        batch=batch,
    )
    letter.pdf.save(_file_name(case, kind, now), ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            letter.save()
            _record_attempt_and_audit(letter, signals=signals, by=by, actor_label=actor_label)
            if on_stored is not None:
                on_stored(letter)
    except BaseException:
        # Files are not transactional: a letter that was not stored leaves no PDF behind.
        letter.pdf.delete(save=False)
        raise
    return letter


def _record_attempt_and_audit(
    letter: GeneratedLetter, *, signals: list[Signal], by: AbstractBaseUser | None, actor_label: str
) -> None:
    case, kind = letter.case, LetterKind(letter.kind)
    ContactAttempt.objects.create(
        case=case,
        kind=contact_kind_of(kind),
        at=letter.created_at,
        day_part=DayPart.of(timezone.localtime(letter.created_at).time()),
        reached=False,
        note=_("Letter sent: %(title)s") % {"title": letter.title},
        recorded_by=by if isinstance(by, User) else None,
    )
    start_handling(case, worker_id=by.pk if isinstance(by, User) else None)
    record_audit_event(
        actor=by,
        action=AuditAction.CREATE,
        subject_type="letter",
        subject_id=letter.pk,
        municipality_code=case.municipality.code,
        case_ids=[case.pk],
        signal_ids=[signal.pk for signal in signals],
        description=_("Letter made: %(kind)s") % {"kind": kind.label},
        actor_label=actor_label,
    )


def _file_name(case: Case, kind: LetterKind, now: dt.datetime) -> str:
    return f"zaak-{case.pk}-{kind.value}-{now:%Y%m%d%H%M%S}.pdf"


def generate_letter(*, case_id: int, kind: LetterKind, user: AnyUser) -> GeneratedLetter:
    """A letter of ``kind`` for the case, made by ``user``; NotPermitted unless the case is theirs."""
    case, signals = case_with_signals_for_user(user=user, case_id=case_id)
    return make_letter(
        case=case,
        signals=signals,
        kind=LetterKind(kind),
        by=user if isinstance(user, AbstractBaseUser) else None,
    )
