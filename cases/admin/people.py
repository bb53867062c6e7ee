"""People: search a person by name words or email, and the person page.

Both are for staff who may see identities (never the Bias Response Team). The search
hashes what was typed with the blind-index key and looks it up (cases.selectors.people):
nothing in the database is decrypted to search, only the people shown. The person
page lists every case and report the user may see where the same person appears
(same full name or same email address), and logs a read of each one.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from cases.models import IdentityToken, Party, Person
from cases.selectors.access import case_user_may_edit, case_visible_queryset
from cases.selectors.people import identity_search_enabled, people_search_for, person_appearances_for
from cases.services.party_changes import party_merge, party_remove
from cases.services.people import person_page_access_log

from .mixins import ReadOnlyAdmin


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    def may_see(self, user) -> bool:
        return identity_search_enabled(user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.search_view), name="cases_person_changelist"),
            path("<slug:subject>/<int:pk>/", wrap(self.person_view), name="cases_person_detail"),
            path("party/<int:pk>/merge/", wrap(self.party_merge_view), name="cases_party_merge"),
            path("party/<int:pk>/remove/", wrap(self.party_remove_view), name="cases_party_remove"),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def search_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()[:200]
        hits = people_search_for(term=term, user=request.user) if term else []
        context = self._context(request, title=_("Find a person"), term=term, hits=hits, searched=bool(term))
        return TemplateResponse(request, "admin/cases/person/search.html", context)

    def person_view(self, request, subject, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if subject not in IdentityToken.Subject.values:
            raise Http404
        holder = f"{subject}:{pk}"
        found = person_appearances_for(holder=holder, user=request.user)
        if not found:
            raise Http404
        person_page_access_log(user=request.user, appearances=found)
        this = next((a for a in found if a.holder == holder), found[0])
        context = self._context(
            request,
            title=_("Person: %(name)s") % {"name": this.name or this.email or _("name not given")},
            person=this,
            appearances=found,
            cases=[a for a in found if a.kind == "case"],
            reports=[a for a in found if a.kind == "report"],
        )
        return TemplateResponse(request, "admin/cases/person/detail.html", context)

    # --- one person, one party: merge two parties of a case, remove one added by mistake

    def _editable_party(self, request, pk) -> Party:
        if request.method != "POST":
            raise PermissionDenied
        visible = Party.objects.filter(case__in=case_visible_queryset(request.user))
        party = get_object_or_404(visible.select_related("case"), pk=pk)
        if not identity_search_enabled(request.user) or not case_user_may_edit(
            request.user, party.case
        ):
            raise PermissionDenied
        return party

    def party_merge_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        party = self._editable_party(request, pk)
        keep = Party.objects.filter(case=party.case, pk=request.POST.get("keep") or 0).first()
        if keep is None:
            messages.error(request, _("Choose the party this one is the same person as."))
            return HttpResponseRedirect(reverse("admin:cases_party_change", args=[party.pk]))
        try:
            party_merge(keep=keep, merge=party, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:cases_party_change", args=[party.pk]))
        messages.success(request, _("Parties merged; both histories are kept."))
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[party.case_id]))

    def party_remove_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        party = self._editable_party(request, pk)
        try:
            party_remove(party=party, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:cases_party_change", args=[party.pk]))
        messages.success(request, _("Party removed."))
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[party.case_id]))
