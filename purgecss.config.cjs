// PurgeCSS (`make css`, scripts/build_css): keep only the Bootstrap rules whose class
// names appear in the portal's templates, JavaScript or Python (form widget classes).
module.exports = {
  css: ["static/vendor/bootstrap/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "static/js/**/*.js",
    "{cases,idhr_portal,notifications,reports,resources}/**/*.py",
    // crispy-forms renders the staff two-factor forms ({{ form|crispy }}) with these.
    ".venv/lib/python3*/site-packages/crispy_bootstrap5/templates/bootstrap5/{uni_form,errors,field,display_form}.html",
    ".venv/lib/python3*/site-packages/crispy_bootstrap5/templates/bootstrap5/layout/{help_text*,field_errors*,attrs,radio_checkbox_select,field_file}.html",
  ],
  // Tests name classes they check are absent.
  skippedContentGlobs: ["**/tests/**"],
  // Class names made up in templates: alert-{{ message.tags }} and the like.
  safelist: {
    standard: [/^alert-/, /^btn-/, /^text-bg-/, /^is-(in)?valid/, /^was-validated/],
  },
  fontFace: true,
  keyframes: true,
};
