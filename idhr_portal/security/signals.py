"""Receivers: stamp each new sign-in; a sign-out anywhere ends every session."""
import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .services import session_generation_bump, session_generation_current

GENERATION_SESSION_KEY = "_idhr_session_generation"
LAST_SEEN_SESSION_KEY = "_idhr_last_seen"


@receiver(user_logged_in, dispatch_uid="idhr_security_stamp_session")
def stamp_session(sender, request, user, **kwargs):
    # django.contrib.auth.login() has already given the session a new key.
    if request is None or not hasattr(request, "session"):
        return
    request.session[GENERATION_SESSION_KEY] = session_generation_current(user_id=user.pk)
    request.session[LAST_SEEN_SESSION_KEY] = int(time.time())


@receiver(user_logged_out, dispatch_uid="idhr_security_end_other_sessions")
def end_other_sessions(sender, request, user, **kwargs):
    if user is not None and user.pk is not None:
        session_generation_bump(user_id=user.pk)
