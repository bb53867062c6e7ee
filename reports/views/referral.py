"""The referral: only a signed-in responsible employee may send one."""

from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import ReferralSignInForm, contact
from ..intake import REFERRAL_STEPS, IntakeFlow
from ..models import Report


class ReferralView(IntakeFlow):
    kind = Report.Kind.REFERRAL
    steps = REFERRAL_STEPS
    url_name = "reports:referral"
    title = gettext_lazy("Refer an incident to IDHR")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('reports:referral_sign_in')}?next={reverse('reports:referral')}")
        if not services.user_is_responsible_employee(request.user):
            return referral_not_allowed(request)
        return super().dispatch(request, *args, **kwargs)

    def submit(self, request, draft, forms, final):
        impacted = forms["impacted"].cleaned_data
        return services.referral_submit(
            receipt_code=draft.receipt_code,
            referrer=request.user,
            referrer_role=impacted["referrer_role"],
            impacted=contact(impacted, prefix="impacted_"),
            details=self.details(forms),
        )

    def not_allowed(self, request, exc):
        return referral_not_allowed(request)


@never_cache
def referral_not_allowed(request):
    return render(request, "reports/referral_not_allowed.html", status=403)


@method_decorator(never_cache, name="dispatch")
class ReferralSignInView(LoginView):
    template_name = "reports/referral_sign_in.html"
    authentication_form = ReferralSignInForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("reports:referral")
