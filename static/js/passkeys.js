/* The passkeys page (security/passkeys.html): once django-otp-webauthn's script has
 * registered a new passkey, load the page again so the list shows it (with its
 * "Remove" button). Served from our own origin, as the library's own script. */
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
