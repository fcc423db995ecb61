from django import forms
from django.contrib import admin

from eropaf.care_desk import rules
from eropaf.care_desk.models import CareDeskSettings
from eropaf.core.errors import InvalidTransition


class CareDeskSettingsForm(forms.ModelForm[CareDeskSettings]):
    class Meta:
        model = CareDeskSettings
        fields = ["municipality", "days_untouched"]

    def clean_days_untouched(self) -> int:
        days: int = self.cleaned_data["days_untouched"]
        try:
            rules.check_days_untouched(days)
        except InvalidTransition as error:
            raise forms.ValidationError(error.message) from error
        return days


@admin.register(CareDeskSettings)
class CareDeskSettingsAdmin(admin.ModelAdmin[CareDeskSettings]):
    """The functional administrator sets, per municipality, how long a rent case may wait."""

    form = CareDeskSettingsForm
    list_display = ["municipality", "days_untouched"]
    search_fields = ["municipality__name", "municipality__code"]
