"""djangosaml2's backend, with the portal's rules.

- The account is found (or created) by the directory's principal name; its name and
  email come from the assertion at every sign-in.
- A local account (one with a password: the break-glass accounts) never signs in
  through the identity provider, even when the names match.
- Without a mapped role there is no sign-in at all (the view shows "no access").
- The groups are replaced by the mapped ones at every sign-in (roles.user_roles_apply).
"""
from django.conf import settings
from djangosaml2.backends import Saml2Backend

from .roles import roles_from_attributes, user_roles_apply


def attribute_mapping() -> dict:
    return {
        settings.IDHR_SAML_USERNAME_ATTRIBUTE: ("username",),
        settings.IDHR_SAML_EMAIL_ATTRIBUTE: ("email",),
        "givenName": ("first_name",),
        "sn": ("last_name",),
    }


class SamlBackend(Saml2Backend):
    def authenticate(self, request, session_info=None, attribute_mapping=None, **kwargs):
        if session_info is None:
            return None  # a password sign-in: not ours
        return super().authenticate(request, session_info=session_info, attribute_mapping=attribute_mapping, **kwargs)

    def is_authorized(self, attributes, attribute_mapping, idp_entityid, assertion_info, **kwargs) -> bool:
        return bool(roles_from_attributes(attributes))

    def clean_user_main_attribute(self, main_attribute):
        return (main_attribute or "").strip().lower()[:150] or None

    def get_or_create_user(self, *args, **kwargs):
        user, created = super().get_or_create_user(*args, **kwargs)
        if user is not None and not created and user.has_usable_password():
            return None, False  # a break-glass account signs in locally only
        return user, created

    def user_can_authenticate(self, user) -> bool:
        return user is not None and user.is_active

    def _update_user(self, user, attributes, attribute_mapping, force_save=False):
        user = super()._update_user(user, attributes, attribute_mapping, force_save=force_save)
        if user.pk is not None and user.is_active:
            user._idhr_sso_membership_changed = user_roles_apply(user=user, groups=roles_from_attributes(attributes))
        return user
