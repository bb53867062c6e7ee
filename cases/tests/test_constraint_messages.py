"""Issue 24: a database constraint never shows as "Constraint “measure_ends_after_effect” is
violated.": each says in plain words what to change, beside the field, and what was
typed is kept."""

import datetime

import pytest
from django.apps import apps
from django.db import models

from . import factories
from .test_once import _form_data

pytestmark = pytest.mark.django_db

ENDS_AFTER_EFFECT = "A measure ends on or after the day it took effect"


def test_every_constraint_of_the_project_has_a_plain_message_of_its_own():
    raw = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {"cases", "reports", "notifications", "resources"}:
            continue
        for constraint in model._meta.constraints:
            if not isinstance(constraint, (models.CheckConstraint, models.UniqueConstraint)):
                continue
            message = str(constraint.get_violation_error_message())
            if "Constraint “" in message or constraint.violation_error_code != constraint.name:
                raw.append(f"{model.__name__}.{constraint.name}")
    assert raw == []


def test_a_measure_ending_before_it_took_effect_is_refused_beside_the_end_date(client, manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    measure = factories.SupportiveMeasureFactory(case=case, requested_on=datetime.date(2026, 12, 1))
    client.force_login(manager)
    url = f"/admin/cases/supportivemeasure/{measure.pk}/change/"
    data = _form_data(client.get(url))
    response = client.post(
        url, {**data, "effective_on": "2026-12-05", "ended_on": "2026-12-02", "details": "Note-taker in class"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Constraint “" not in page and "is violated" not in page
    form = response.context["adminform"].form
    assert [str(e) for e in form.errors["ended_on"]] == [
        "A measure ends on or after the day it took effect: enter the date it took effect, "
        "and an end date on or after it."
    ]
    assert form.non_field_errors() == []
    assert (form["effective_on"].value(), form["ended_on"].value(), form["details"].value()) == (
        "2026-12-05", "2026-12-02", "Note-taker in class"
    )
    measure.refresh_from_db()
    assert measure.ended_on is None


def test_a_measure_taking_effect_before_its_request_is_refused_beside_that_date(client, manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    measure = factories.SupportiveMeasureFactory(case=case, requested_on=datetime.date(2026, 12, 1))
    client.force_login(manager)
    url = f"/admin/cases/supportivemeasure/{measure.pk}/change/"
    response = client.post(url, {**_form_data(client.get(url)), "effective_on": "2026-11-20"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "A measure takes effect on or after the day it was requested" in str(form.errors["effective_on"])
    assert form["effective_on"].value() == "2026-11-20"
