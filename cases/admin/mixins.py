"""What every case admin shares: audited saves, services' refusals shown on the form, case scope.

A save goes through a service (cases.services). A service that refuses raises
ValidationError: the same form is shown again with the service's message beside
the field it names (or at the top of the form or row) and every input kept,
status 200. PermissionDenied stays a 403.
"""

import pghistory
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from cases.models import Case, CaseDocument, Party
from cases.selectors.access import case_user_may_edit, case_visible_queryset, user_may_see_identities

from .choices import case_choices, share
from .pickers import label_with_identities
from .stale import posted_snapshot, stale_guard_changes, stale_guard_error, stale_guard_snapshot


class ServiceRefused(Exception):
    """A service refused a save; its message is already on the form (see `refusal_to_form`)."""

    def __init__(self, error: ValidationError):
        super().__init__("; ".join(error.messages))
        self.error = error


def refusal_to_form(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def service_call(func, *, form, **kwargs):
    """Call a service for a save made through `form`; a refusal goes on that form."""
    try:
        return func(**kwargs)
    except ValidationError as error:
        refusal_to_form(form, error)
        raise ServiceRefused(error) from error


def form_of(formset, instance):
    """The form of a formset row that edits `instance` (formset.save(commit=False) gives instances)."""
    return next((form for form in formset.forms if form.instance is instance), formset.forms[0])


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._- ")[:100] or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


class AuditedAdminMixin:
    """pghistory context on every writing admin view; nobody deletes records here.

    Saves call their services from `save_related` (`service_save` for the record, then
    `save_formset` for each inline) through `service_call`. Django runs the save in one
    transaction, so a refusal undoes all of it, and the same bound forms are shown again
    with the refusal on them (`_refused_form_response`).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with pghistory.context(user=request.user.pk, url=request.path):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except ServiceRefused as refused:
                return self._refused_form_response(request, object_id, form_url, extra_context, refused)

    def changelist_view(self, request, extra_context=None):
        with pghistory.context(user=request.user.pk, url=request.path):
            return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        """The model's service runs in `save_related`, where the inline forms are known too."""

    def save_related(self, request, form, formsets, change):
        try:
            self._stale_guard_check(request, form, formsets, change)
            self.service_save(request, form.instance, form, change)
            form.save_m2m()
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        except ServiceRefused as refused:
            refused.form, refused.formsets = form, formsets
            raise

    def service_save(self, request, obj, form, change):
        obj.save()

    def _stale_guard_check(self, request, form, formsets, change):
        """Refuse a save made on a page older than the record's last change (admin/stale.py)."""
        seen = posted_snapshot(request) if change else None
        if seen is None:
            return
        changes = stale_guard_changes(seen=seen, form=form, formsets=formsets, obj=form.instance)
        if changes:
            error = stale_guard_error(changes=changes, obj=form.instance)
            form.add_error(None, error)
            request.stale_guard_refused = True  # the page shown again carries the values of now
            raise ServiceRefused(error)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and "adminform" in context:
            posted = request.POST.get("_seen") if request.method == "POST" else None
            if posted and posted_snapshot(request) is not None and not getattr(request, "stale_guard_refused", False):
                context["stale_guard"] = posted  # shown again after a refusal: still what the page first showed
            else:
                formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
                context["stale_guard"] = stale_guard_snapshot(context["adminform"].form, formsets)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _refused_form_response(self, request, object_id, form_url, extra_context, refused):
        """The change form again, bound to what was typed, with the refusal on it (as Django
        renders an invalid form in ModelAdmin._changeform_view)."""
        form, formsets = refused.form, refused.formsets
        add = object_id is None
        obj = None if add else self.get_object(request, object_id)
        fieldsets = self.get_fieldsets(request, obj)
        inline_instances = self.get_inline_instances(request, obj)  # the inlines the formsets were made for
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        inline_formsets = self.get_inline_formsets(request, formsets, inline_instances, obj)
        media = self.media + admin_form.media
        for inline_formset in inline_formsets:
            media += inline_formset.media
        title = _("Add %s") if add else _("Change %s")
        context = {
            **self.admin_site.each_context(request),
            "title": title % self.opts.verbose_name,
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=add, change=not add, obj=obj, form_url=form_url)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # not there, or not visible to this person: the same answer
            raise Http404(_("No such record."))
        return obj


class CaseChildAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Admin for a record hanging from a case: visible and editable as its case is."""

    case_path = "case"

    def case_of(self, obj):
        for part in self.case_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_module_permission(self, request):
        return user_may_see_identities(request.user) and super().has_module_permission(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not user_may_see_identities(request.user):
            return queryset.none()
        return queryset.filter(**{f"{self.case_path}__in": case_visible_queryset(request.user)})

    def has_view_permission(self, request, obj=None):
        if not user_may_see_identities(request.user):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not case_user_may_edit(request.user, self.case_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Case:
            kwargs["queryset"] = case_visible_queryset(request.user).exclude(
                status__in=Case.CLOSED_STATUSES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            scope_choices_to_case(
                form, self.case_of(obj).pk, with_identities=user_may_see_identities(request.user)
            )
        return form


def scope_choices_to_case(form_class, case_id, party_roles=(), with_identities=False, shared=None) -> None:
    """Party and document choices of a (generated) form class limited to one case
    (labelled with names and file names for a user who may see them: admin/pickers.py).

    The choices are read once for the class (not once per row), so a formset with
    many rows costs the same number of queries as one with a few; on the case page
    (`shared`: admin/choices.CaseChoices) not at all, the page's forms share one read.
    """
    for field in form_class.base_fields.values():
        model = getattr(getattr(field, "queryset", None), "model", None)
        if model is Party:
            parties = Party.objects.filter(case_id=case_id)
            queryset = parties.filter(role__in=party_roles) if party_roles else parties
            rows = None if shared is None else (shared.parties_in(party_roles) if party_roles else shared.parties)
        elif model is CaseDocument:
            queryset = CaseDocument.objects.filter(case_id=case_id)
            rows = None if shared is None else shared.documents[::-1]  # Meta order: oldest first
        else:
            continue
        if rows is None:
            field.queryset = queryset
        else:
            share(field, queryset, rows)
        if with_identities:
            label_with_identities(field)
        field.choices = list(field.choices)


class CaseScopedInlineMixin:
    """An inline whose party and document choices are those of the case being edited.

    `get_formset` is given the parent record; the case is that record or its case.
    """

    party_roles: tuple[str, ...] = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        case_id = None if obj is None else (obj.pk if isinstance(obj, Case) else obj.case_id)
        scope_choices_to_case(
            formset.form,
            case_id,
            self.party_roles,
            with_identities=user_may_see_identities(request.user),
            shared=case_choices(obj) if isinstance(obj, Case) else None,
        )
        return formset


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that only shows: nothing is added, changed or deleted through it.

    `may_see(user)` says who sees it in the sidebar and may open it (the person search,
    My work, the audit trail).
    """

    def may_see(self, user) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request):
        return self.may_see(request.user)

    def has_view_permission(self, request, obj=None):
        return self.may_see(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

