"""Outbox: drafts, retry schedule, failure time, references; content encrypted at rest.

Recipients (an outreach draft holds an impacted person's address), subject, bodies
and the last SMTP error become Fernet tokens (idhr_portal.crypto). Existing rows are
encrypted in place with raw SQL, so the encrypted field classes never read plaintext.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import idhr_portal.crypto

TEXT_COLUMNS = ("subject", "body_text", "body_html", "last_error")


def encrypt_existing_rows(apps, schema_editor):
    from idhr_portal.crypto import encrypt_str

    table = apps.get_model("notifications", "Notification")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            # Table and column names are constants of this migration, not input.
            f"SELECT id, array_to_json(recipients)::text, {', '.join(TEXT_COLUMNS)} FROM {table}"  # noqa: S608
        )
        rows = cursor.fetchall()
        for pk, recipients_json, *texts in rows:
            cursor.execute(
                f"UPDATE {table} SET recipients_encrypted = %s, "  # noqa: S608
                + ", ".join(f"{column} = %s" for column in TEXT_COLUMNS)
                + " WHERE id = %s",
                [encrypt_str(recipients_json or "[]"), *[encrypt_str(t or "") for t in texts], pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_alter_notification_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="notification", name="notification_pending_idx"),
        migrations.AddField(
            model_name="notification",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="failed"),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt"),
        ),
        migrations.AddField(
            model_name="notification",
            name="reference",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="reference"),
        ),
        migrations.AddField(
            model_name="notification",
            name="released_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="sent or resent by",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="reply_to",
            field=models.EmailField(blank=True, max_length=254, verbose_name="reply to"),
        ),
        migrations.AddField(
            model_name="notification",
            name="recipients_encrypted",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="subject",
            field=idhr_portal.crypto.EncryptedTextField(verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="body_text",
            field=idhr_portal.crypto.EncryptedTextField(verbose_name="plain-text body"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="body_html",
            field=idhr_portal.crypto.EncryptedTextField(blank=True, verbose_name="HTML body"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="last_error",
            field=idhr_portal.crypto.EncryptedTextField(blank=True, verbose_name="last error"),
        ),
        migrations.RunPython(encrypt_existing_rows, elidable=False),
        migrations.RemoveField(model_name="notification", name="recipients"),
        migrations.RenameField(
            model_name="notification", old_name="recipients_encrypted", new_name="recipients"
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipients",
            field=idhr_portal.crypto.EncryptedJSONField(verbose_name="recipients"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="event",
            field=models.CharField(
                choices=[
                    ("report.submitted", "New report"),
                    ("report.title_ix", "New report in a Title IX category"),
                    ("complaint.submitted", "New formal complaint"),
                    ("referral.submitted", "New referral"),
                    ("referral.outreach", "Outreach to an impacted person"),
                    ("report.acknowledgement", "Acknowledgement to a reporter"),
                    ("message.from_reporter", "Message from a reporter"),
                    ("respondent.repeat", "Repeat respondent"),
                    ("deadlines.digest", "Overdue deadlines digest"),
                    ("notification.failed", "A notification could not be delivered"),
                    ("test", "Test"),
                ],
                max_length=64,
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft (waiting for a coordinator)"),
                    ("pending", "Pending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["next_attempt_at"],
                name="notification_pending_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("status", "failed")),
                fields=["created_at"],
                name="notification_failed_idx",
            ),
        ),
    ]
