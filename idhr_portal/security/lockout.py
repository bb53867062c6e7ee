"""django-axes hooks: the lockout key is the username alone; no client address or agent.

django-axes reads the client IP to build its keys and log lines; these callables make
sure nothing about the client's address or browser is used, stored or logged.
"""


def no_client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: we never read client addresses."""
    return None


def client_str(username, ip_address, user_agent, path_info, request):
    """AXES_CLIENT_STR_CALLABLE: what axes writes to the log; no IP, no user agent.

    Only staff sign in, and the username is what an administrator needs to unlock an
    account (`manage.py axes_reset_username`), so it is kept, cut short.
    """
    return f"{{username: {str(username)[:150]!r}, path: {str(path_info)[:100]!r}}}"
