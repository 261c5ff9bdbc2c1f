"""Forms of delegations: the focal point's form of several people at once (a formset), the
replacement of one person, and the change of one person's details."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ROLE_CHOICES = (("member", _("Member")), ("head", _("Head of delegation")))


class DelegateForm(forms.Form):
    """One person of the delegation: an empty row is left out."""

    name = forms.CharField(label=_("Name (as on the badge)"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    title = forms.CharField(label=_("Title"), max_length=40, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial="member")
    needs_visa_letter = forms.BooleanField(label=_("Visa letter needed"), required=False)
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("email"):
            self.add_error("email", _("Enter the person's e-mail address."))
        if data.get("email") and not (data.get("name") or "").strip():
            self.add_error("name", _("Enter the person's name."))
        return data

    @property
    def is_blank(self):
        return not (self.cleaned_data.get("name") or self.cleaned_data.get("email"))


class BaseDelegationFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        heads = [f for f in self.forms if not f.is_blank and f.cleaned_data["role"] == "head"]
        if len(heads) > 1:
            raise forms.ValidationError(_("A delegation has one head."))
        emails = [f.cleaned_data["email"].lower() for f in self.forms if not f.is_blank]
        if len(emails) != len(set(emails)):
            raise forms.ValidationError(_("Each person is entered once."))
        if not emails:
            raise forms.ValidationError(_("Enter at least one person."))

    def people(self):
        """The filled rows, as keyword arguments of ``register_delegate``."""
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "email": form.cleaned_data["email"],
                "title": form.cleaned_data["title"],
                "position": form.cleaned_data["position"],
                "head": form.cleaned_data["role"] == "head",
                "needs_visa_letter": form.cleaned_data["needs_visa_letter"],
                "language": form.cleaned_data["language"],
            }
            for form in self.forms
            if not form.is_blank
        ]


def delegation_formset(rows):
    return forms.formset_factory(
        DelegateForm, formset=BaseDelegationFormSet, extra=rows, max_num=50, absolute_max=50
    )


class ReplacementForm(forms.Form):
    name = forms.CharField(label=_("Name (as on the badge)"), max_length=120)
    email = forms.EmailField(label=_("E-mail address"))
    title = forms.CharField(label=_("Title"), max_length=40, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial="en"
    )


class DelegateChangeForm(forms.Form):
    """What a focal point may change of a delegate's registration."""

    badge_name = forms.CharField(label=_("Name (as on the badge)"), max_length=120)
    title = forms.CharField(label=_("Title"), max_length=40, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    needs_visa_letter = forms.BooleanField(label=_("Visa letter needed"), required=False)
