"""In Chromium: our own form POSTs carry our Origin and pass the CSRF check; other sites get no referrer."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELSEWHERE = "https://elsewhere.example/"


def test_a_form_post_carries_our_origin_and_passes_django_csrf_check(page, live_server):
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    page.wait_for_load_state()
    assert "Please enter the correct username and password" in page.content()  # not the 403 page
    headers = posts[0].all_headers()
    assert headers["origin"] == live_server.url
    assert headers["referer"] == f"{live_server.url}/admin/login/"


def test_another_site_is_not_told_which_page_the_visitor_came_from(page):
    seen = []

    def elsewhere(route):
        seen.append(route.request.all_headers())
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Elsewhere</title>")

    page.route(f"{ELSEWHERE}**", elsewhere)
    page.goto("/admin/login/")
    page.evaluate(f"() => {{ window.location.href = '{ELSEWHERE}page'; }}")
    page.wait_for_url(f"{ELSEWHERE}page")

    assert len(seen) == 1
    assert "referer" not in seen[0]
