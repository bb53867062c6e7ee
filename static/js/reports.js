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

  // A field shown only for some answers (data-show-if names the controlling
  // question, data-show-answers the answers that show it; "" = unanswered). The
  // server ignores a hidden field whatever it holds (StepForm.conditional).
  var controlled = document.querySelectorAll("[data-show-if]");
  var controllers = {};
  controlled.forEach(function (element) { controllers[element.getAttribute("data-show-if")] = true; });
  Object.keys(controllers).forEach(function (name) {
    var inputs = document.querySelectorAll("input[name='" + name + "']");
    var update = function () {
      var chosen = document.querySelector("input[name='" + name + "']:checked");
      var answer = chosen ? chosen.value : "";
      controlled.forEach(function (element) {
        if (element.getAttribute("data-show-if") !== name) { return; }
        var answers = element.getAttribute("data-show-answers").split("|");
        toggle(element, answers.indexOf(answer) !== -1);
      });
    };
    inputs.forEach(function (input) { input.addEventListener("change", update); });
    update();
  });

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
