"""Forms of the intake steps. They check input; the rules live in reports.services.

- base.py: the step form and the text fields every step uses
- incident.py, complaint.py, referral.py: the steps of one flow only
- what_happened.py, people.py, attachments.py: steps the flows share
- review.py: the final submit; follow_up.py: the receipt code and messages
- values.py: from checked steps to the services' value objects
"""

from .attachments import FilesForm, MultipleFileField, MultipleFileInput
from .base import MEDIUM, NARRATIVE_TOO_LONG, SHORT, TOO_LONG, StepForm
from .complaint import ComplainantForm, JurisdictionForm, SignatureForm
from .follow_up import ReceiptCodeForm, ReporterMessageForm
from .incident import AboutYouForm
from .people import MAX_PEOPLE, BasePartyFormSet, PartyForm, party_formset
from .referral import ImpactedPersonForm, ReferralSignInForm
from .review import SubmitForm
from .values import contact, incident_details
from .what_happened import WhatHappenedForm

__all__ = [
    "MAX_PEOPLE",
    "MEDIUM",
    "NARRATIVE_TOO_LONG",
    "SHORT",
    "TOO_LONG",
    "AboutYouForm",
    "BasePartyFormSet",
    "ComplainantForm",
    "FilesForm",
    "ImpactedPersonForm",
    "JurisdictionForm",
    "MultipleFileField",
    "MultipleFileInput",
    "PartyForm",
    "ReceiptCodeForm",
    "ReferralSignInForm",
    "ReporterMessageForm",
    "SignatureForm",
    "StepForm",
    "SubmitForm",
    "WhatHappenedForm",
    "contact",
    "incident_details",
    "party_formset",
]
