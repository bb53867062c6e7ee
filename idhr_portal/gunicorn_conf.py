"""gunicorn settings shared by `make run` (Procfile) and production (docs/deployment.md).

    gunicorn idhr_portal.wsgi -c idhr_portal/gunicorn_conf.py --bind ... --workers ...

Limits. gunicorn answers a request over its limits itself (414, 400 or 431), with none of
the portal's security headers. Its limits are set above what the proxy lets through
(nginx in docs/deployment.md: `large_client_header_buffers 4 8k`, i.e. a request line
or a header line of at most 8 KB and all headers together at most 33 KB), so the proxy
is the one that refuses, with its own error page and the headers it adds to every
response.

Access log. A request to a public page (the report forms, follow-up, resources, home)
is never logged: its time could be joined with the time a report was stored. Only
staff paths are, and never the client's address, user agent or query string.
"""
from gunicorn.glogging import Logger

# The most gunicorn accepts for a request line (its hard maximum is 8190 characters).
limit_request_line = 8190
# One header line: twice nginx's 8 KB buffer.
limit_request_field_size = 16380
# Number of header lines: gunicorn's maximum. nginx bounds their total size (33 KB).
limit_request_fields = 32768

# No %(h)s (address), %(a)s (user agent), %(q)s (query string) or %(r)s (whole line).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# The only paths whose requests are logged: the staff side.
LOGGED_PATH_PREFIXES = ("/admin/", "/account/")


class StaffPathsOnlyLogger(Logger):
    """gunicorn's logger, with access-log lines written for staff paths only."""

    def access(self, resp, req, environ, request_time):
        if not environ.get("PATH_INFO", "").startswith(LOGGED_PATH_PREFIXES):
            return
        super().access(resp, req, environ, request_time)


logger_class = StaffPathsOnlyLogger
