import logging

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from . import selectors, services
from .forms import ResourceFilterForm

logger = logging.getLogger(__name__)

# Resources the rights page shows in full: whom to ask about Title IX.
RIGHTS_CONTACT_SLUGS = ["title-ix-coordinator", "office-for-civil-rights"]


def _cached_fragment(name: str, variant: str, template: str, build_context) -> str:
    """Render `template` once per version of the data; staff edits start a new version.

    If the cache is unreachable the page is rendered from the database: slower, never an error.
    """
    try:
        key = f"resources:page:{services.public_pages_version()}:{name}:{variant}"
        html = cache.get(key)
    except Exception:  # the cache backend's own connection errors differ per backend
        logger.warning("Cache unreachable: rendering the %s page without it.", name)
        return render_to_string(template, build_context())
    if html is None:
        html = render_to_string(template, build_context())
        try:
            cache.set(key, html, services.PUBLIC_PAGES_TIMEOUT)
        except Exception:
            logger.warning("Cache unreachable: could not keep the %s page.", name)
    return html


def home(request):
    return render(request, "resources/home.html")


def reporting_options(request):
    options_html = _cached_fragment(
        "options",
        "all",
        "resources/_options_list.html",
        lambda: {"options": list(selectors.reporting_option_list())},
    )
    return render(request, "resources/options.html", {"options_html": options_html})


def resource_directory(request):
    form = ResourceFilterForm(request.GET or None)
    filters = form.filters()
    results_html = _cached_fragment(
        "directory",
        filters.cache_key(),
        "resources/_directory_results.html",
        lambda: {"resources": list(selectors.resource_list(filters=filters)), "filters": filters},
    )
    return render(
        request,
        "resources/directory.html",
        {"form": form, "filters": filters, "results_html": results_html},
    )


def resource_detail(request, slug):
    resource = selectors.resource_get(slug=slug)
    if resource is None:
        raise Http404
    return render(request, "resources/resource_detail.html", {"resource": resource})


def definitions(request):
    return render(request, "resources/definitions.html", {"definitions": selectors.definition_list()})


def rights(request):
    contacts = selectors.resources_by_slug(slugs=RIGHTS_CONTACT_SLUGS)
    return render(
        request,
        "resources/rights.html",
        {
            "rights": selectors.right_list(),
            "contacts": [contacts[s] for s in RIGHTS_CONTACT_SLUGS if s in contacts],
        },
    )


def training(request):
    return render(
        request,
        "resources/training.html",
        {
            "requirements": selectors.training_requirement_list(),
            "materials": selectors.training_material_list(),
        },
    )


def training_material(request, pk):
    """A training material's PDF, served by the portal itself (public: 34 CFR 106.45(b)(10)(i)(D))."""
    material = selectors.training_material_get(pk=pk)
    if material is None or not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        logger.error("Training material %s: its file is missing.", material.pk)
        raise Http404 from None
    name = (slugify(material.title) or "training-material")[:80] + ".pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def quick_exit(request):
    """Quick exit: end the session, then send the tab to the neutral site.

    Flushing the session discards a report draft, a follow-up sign-in and a referral
    sign-in at once. It answers GET, so that without JavaScript the exit button is a
    plain link; with JavaScript the page calls it with location.replace(), so the
    neutral site takes the portal page's place in the tab's history.
    """
    request.session.flush()
    # No Clear-Site-Data: Chrome can take seconds to clear a cache, and leaving must be
    # instant. Pages with report data are never stored anyway (middleware NO_STORE_PREFIXES).
    return HttpResponseRedirect(settings.QUICK_EXIT_URL)


def staying_safe(request):
    return render(request, "resources/staying_safe.html")


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)
