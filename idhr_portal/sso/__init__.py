"""SAML 2.0 single sign-on for staff and responsible employees (issue 19), with djangosaml2."""
