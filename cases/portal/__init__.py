"""The party portal (issue 15): named complainants, respondents and advisors read their
letters here, signed in by a single-use invitation link and a one-time code.

A portal session is one Fernet token in the session (the party and the time of the last
request); it ends after PORTAL_IDLE_SECONDS without a request. Every page sends
Cache-Control: no-store. A party only ever reaches letters addressed to them, on their
own case (cases.selectors.portal); any other id answers 404, the same as a missing one.
"""
