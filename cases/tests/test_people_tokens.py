"""The identity blind indexes: key rotation and the backfill of existing people."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from cases.models import IdentityToken
from cases.selectors.people import people_search_for
from idhr_portal.crypto import blind_index

from . import factories

pytestmark = pytest.mark.django_db

OLD_KEY, NEW_KEY = "old-blind-index-key-" + "x" * 20, "new-blind-index-key-" + "y" * 20


def _names(user, term):
    return sorted(hit.name for hit in people_search_for(term=term, user=user))


def test_rotating_the_blind_index_key_recomputes_the_search_indexes(settings, monkeypatch, coordinator):
    settings.BLIND_INDEX_KEY = OLD_KEY
    factories.PartyFactory(case=factories.CaseFactory(), name="José Álvarez", email="jose@example.edu")
    factories.ReportFactory(reporter_name="Lee, Jordan", reporter_email="jl@example.edu")
    old_jose = blind_index("jose", kind="token", key=OLD_KEY)
    assert IdentityToken.objects.filter(digest=old_jose).count() == 1

    settings.BLIND_INDEX_KEY = NEW_KEY
    assert _names(coordinator, "jose") == []  # still under the old key

    monkeypatch.setenv("IDHR_OLD_BLIND_INDEX_KEY", OLD_KEY)
    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_blind_index_key", old_key_env="IDHR_OLD_BLIND_INDEX_KEY", batch_size=1, stdout=out, stderr=err)
    assert "0 unexpected stored value(s)" in out.getvalue(), err.getvalue()

    assert _names(coordinator, "JOSE") == ["José Álvarez"]
    assert _names(coordinator, "jordan") == ["Lee, Jordan"]
    assert _names(coordinator, "jl@example.edu") == ["Lee, Jordan"]
    assert not IdentityToken.objects.filter(digest=old_jose).exists()
    assert IdentityToken.objects.filter(digest=blind_index("jose", kind="token", key=NEW_KEY)).count() == 1

    again = io.StringIO()
    call_command("rotate_blind_index_key", "--check", stdout=again)
    assert "Done:" in again.getvalue() and ", 0 to recompute" in again.getvalue()


def test_rotation_reports_search_indexes_that_match_neither_key(settings, monkeypatch, coordinator):
    party = factories.PartyFactory(case=factories.CaseFactory(), name="Sam Sample", email="")
    IdentityToken.objects.filter(holder=f"party:{party.pk}", kind="name").update(digest="0" * 64)
    monkeypatch.setenv("OLD_KEY", OLD_KEY)
    err = io.StringIO()
    call_command("rotate_blind_index_key", old_key_env="OLD_KEY", stdout=io.StringIO(), stderr=err)
    assert f"cases.Party pk={party.pk} identity tokens" in err.getvalue()
    assert _names(coordinator, "sample") == ["Sam Sample"]


def test_the_data_migration_indexes_people_saved_before_it(coordinator):
    party = factories.PartyFactory(case=factories.CaseFactory(), name="Mary-Jane O'Brien", email="mj@example.edu")
    report = factories.ReportFactory(reporter_name="Dana Whitfield", reporter_email="")
    witness = factories.ReportPartyFactory(report=report, role="witness", name="Riley Nakamura", email="")
    IdentityToken.objects.all().delete()  # as before the migration
    assert _names(coordinator, "obrien") == []

    migration = importlib.import_module("cases.migrations.0015_people_backfill_identity_tokens")
    migration.backfill(apps, None)

    assert _names(coordinator, "o'brien") == ["Mary-Jane O'Brien"]
    assert _names(coordinator, "mj@example.edu") == ["Mary-Jane O'Brien"]
    assert _names(coordinator, "whitfield") == ["Dana Whitfield"]
    assert _names(coordinator, "riley nakamura") == ["Riley Nakamura"]
    assert set(IdentityToken.objects.filter(holder=f"party:{party.pk}").values_list("kind", flat=True)) == {
        "token", "name", "email"
    }
    assert IdentityToken.objects.filter(holder=f"report_party:{witness.pk}", report=report).count() == 3
