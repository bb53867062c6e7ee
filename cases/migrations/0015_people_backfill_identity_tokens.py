"""Backfill the identity blind indexes (cases.IdentityToken) of every existing person.

Data only (the table is made by 0014_people). The digests are computed as
cases.services.people.identity_digests computes them, copied here so this
migration keeps working whatever that module becomes.
"""

from django.db import migrations

from idhr_portal.crypto import blind_index, name_tokens


def _digests(name, email):
    rows = {("token", blind_index(t, kind="token")) for t in name_tokens(name or "")}
    for kind, value in (("name", name), ("email", email)):
        digest = blind_index(value or "", kind=kind)
        if digest:
            rows.add((kind, digest))
    return rows


def backfill(apps, schema_editor):
    IdentityToken = apps.get_model("cases", "IdentityToken")
    sources = [
        ("party", apps.get_model("cases", "Party"), "name", "email",
         lambda o: {"party_id": o.pk, "case_id": o.case_id}),
        ("report_party", apps.get_model("reports", "ReportParty"), "name", "email",
         lambda o: {"report_id": o.report_id, "report_party_id": o.pk}),
        ("reporter", apps.get_model("reports", "Report"), "reporter_name", "reporter_email",
         lambda o: {"report_id": o.pk}),
        ("impacted", apps.get_model("reports", "Referral"), "impacted_name", "impacted_email",
         lambda o: {"report_id": o.report_id}),
    ]
    for subject, model, name, email, fields in sources:
        batch = []
        for obj in model.objects.order_by("pk").iterator(chunk_size=500):
            for kind, digest in sorted(_digests(getattr(obj, name), getattr(obj, email))):
                batch.append(
                    IdentityToken(digest=digest, kind=kind, subject=subject, holder=f"{subject}:{obj.pk}", **fields(obj))
                )
            if len(batch) >= 2000:
                IdentityToken.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        IdentityToken.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_people")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
