from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Audience,
    Definition,
    Phone,
    ReportingOption,
    Resource,
    Right,
    TrainingRequirement,
)


class ResourceAdminForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("audiences"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who the resource serves."),
    )

    class Meta:
        model = Resource
        fields = "__all__"


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 1
    fields = ["kind", "label", "number", "display_order"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    inlines = [PhoneInline]
    list_display = ["name", "category", "is_confidential", "available_24_7", "audience_list", "display_order"]
    list_editable = ["display_order"]
    list_filter = ["category", "is_confidential", "available_24_7"]
    search_fields = ["name", "description", "email", "phones__number"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "display_order"]}),
        (_("Confidentiality"), {"fields": ["is_confidential", "confidentiality_note"]}),
        (_("Who and what"), {"fields": ["audiences", "contact_name", "description"]}),
        (_("How to reach it"), {"fields": ["email", "web_address", "location", "hours", "available_24_7"]}),
    ]

    @admin.display(description=_("audiences"))
    def audience_list(self, obj):
        return ", ".join(obj.get_audiences_display())


@admin.register(ReportingOption)
class ReportingOptionAdmin(admin.ModelAdmin):
    list_display = ["title", "action", "action_url", "anonymous_possible", "is_confidential", "display_order"]
    list_editable = ["display_order"]
    list_filter = ["action", "anonymous_possible", "is_confidential"]
    search_fields = ["title", "how_to", "what_happens", "who_has_access"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "slug", "parent", "display_order"]
    list_editable = ["display_order"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "section", "text"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Right)
class RightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["text"]


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(admin.ModelAdmin):
    list_display = ["title", "announced_on", "display_order"]
    search_fields = ["title", "text"]
