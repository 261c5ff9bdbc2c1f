"""Member states' suggestions of case studies and speakers for the demo's second workshop."""

from django.utils import timezone

DEMO_SUGGESTIONS = [
    # (focal point's country, kind, title, description, speaker fields, status, reason)
    ("PH", "speaker", "Protecting domestic workers abroad",
     "A director of the Philippine Overseas Employment Administration could present the "
     "**standard employment contract** for domestic workers and how it is enforced.",
     {"speaker_name": "Ms Maria Santos (synthetic)",
      "speaker_position": "Director, Welfare and Employment",
      "speaker_organization": "Philippine Overseas Employment Administration",
      "speaker_email": "m.santos@example.org", "speaker_phone": "+63 2 8722 1144"},
     "submitted", ""),
    ("MX", "case_study", "Victim identification at the southern border",
     "How consular staff and the migration institute work together to identify victims of "
     "trafficking among migrants in transit.", {}, "accepted",
     "A good fit for Session I; the Secretariat will be in touch."),
    ("CH", "other", "A side event on the role of employers",
     "A lunch-time side event with employers' organizations.", {}, "declined",
     "The programme of this workshop has no room for side events."),
]  # fmt: skip


def load_suggestions(workshop):
    """A few suggestions of the demo focal points for ``workshop`` (workshop 2 of 2009): one
    waiting, one accepted, one declined. Adds nothing when the workshop has suggestions.
    Made directly, as demo data: no e-mail is sent."""
    from idm_portal.core.demo import DEMO_DOMAIN, secretariat_account
    from idm_portal.core.markdown import safe_markdown
    from idm_portal.core.models import User
    from workshops.models import Suggestion, SuggestionEvent

    if workshop.suggestions.exists():
        return 0
    secretariat = secretariat_account()
    made = 0
    for code, kind, title, description, speaker, status, reason in DEMO_SUGGESTIONS:
        person = User.objects.filter(email=f"focal.{code.lower()}@{DEMO_DOMAIN}").first()
        link = person.focal_points.select_related("member_state").first() if person else None
        if link is None:
            continue
        decided = status != Suggestion.Status.SUBMITTED
        suggestion = Suggestion.objects.create(
            workshop=workshop,
            member_state=link.member_state,
            suggested_by=person,
            kind=kind,
            title=title,
            description=description,
            description_html=safe_markdown(description),
            status=status,
            decision_reason=reason,
            decided_at=timezone.now() if decided else None,
            decided_by=secretariat if decided else None,
            **speaker,
        )
        SuggestionEvent.objects.create(
            suggestion=suggestion, action=SuggestionEvent.Action.SUBMITTED, actor=person
        )
        if decided:
            SuggestionEvent.objects.create(
                suggestion=suggestion,
                action=status,
                actor=secretariat,
                by_secretariat=True,
                text=reason,
            )
        made += 1
    return made
