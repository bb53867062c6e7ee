from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idhr_portal import roles

from .models import (
    Audience,
    Definition,
    Phone,
    ReportingOption,
    Resource,
    Right,
    TrainingMaterial,
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


class TrainingMaterialAdminForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("audience"),
        choices=TrainingMaterial.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who was trained with it."),
    )

    class Meta:
        model = TrainingMaterial
        fields = ["title", "audiences", "material_date", "file"]


@admin.register(TrainingMaterial)
class TrainingMaterialAdmin(admin.ModelAdmin):
    """The Title IX coordinator uploads the training materials; /training/ lists them publicly."""

    form = TrainingMaterialAdminForm
    list_display = ["title", "audience_list", "material_date", "uploaded_at"]
    list_filter = ["material_date"]
    search_fields = ["title"]
    date_hierarchy = "material_date"

    @admin.display(description=_("audience"))
    def audience_list(self, obj):
        return ", ".join(obj.get_audiences_display())

    # The Title IX coordinator's (and a superuser's) by role, not by model permission: the
    # staff groups' permissions are data of cases.permissions, set by a migration that runs
    # before this model exists.
    def _coordinator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and roles.user_is_coordinator(request.user)

    def has_module_permission(self, request):
        return self._coordinator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._coordinator(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._coordinator(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._coordinator(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # 34 CFR 106.45(b)(10)(i)(D): kept for seven years; a newer version is uploaded beside it.
        return False
