from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins through the web.

    Sign-ins over HTTP always pass the request (Django's LoginView and the admin do);
    an authenticate() call without one (the test client, a shell) cannot be attacked
    from outside, so it is left to the next backend instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
