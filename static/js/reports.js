/* Intake forms: small enhancements only; every form works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // A form marked data-submit-once sends its final submit only once (the server
  // also refuses a second report from the same draft).
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.value !== "submit") { return; }
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });

  function toggle(element, show) {
    if (!element) { return; }
    element.classList.toggle("is-hidden-by-choice", !show);
  }

  // Anonymous or named: show the contact fields only to someone who chose "named".
  var named = document.querySelector("[data-named-details]");
  var identity = document.querySelectorAll("input[name='identity']");
  if (named && identity.length) {
    var updateNamed = function () {
      var chosen = document.querySelector("input[name='identity']:checked");
      toggle(named, !chosen || chosen.value === "named");
    };
    identity.forEach(function (input) { input.addEventListener("change", updateNamed); });
    updateNamed();
  }

  // Date precision: show the one date field that fits the choice.
  var precision = document.querySelectorAll("input[name='date_precision']");
  if (precision.length) {
    var updateDate = function () {
      var chosen = document.querySelector("input[name='date_precision']:checked");
      document.querySelectorAll("[data-show-when]").forEach(function (wrapper) {
        toggle(wrapper, !!chosen && wrapper.getAttribute("data-show-when") === chosen.value);
      });
    };
    precision.forEach(function (input) { input.addEventListener("change", updateDate); });
    updateDate();
  }

  // Receipt page: a copy button (the code is also selectable by hand).
  document.querySelectorAll(".js-copy-code").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.querySelector(".js-copy-status");
      navigator.clipboard.writeText(button.getAttribute("data-code")).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "Copied."; }
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-failed") || "Copying did not work: please select the code and copy it."; }
      });
    });
  });
}());
