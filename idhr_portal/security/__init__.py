"""Staff sign-in hardening: two-factor (TOTP), lockout, session lifetime."""
