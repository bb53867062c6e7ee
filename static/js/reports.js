/* Intake forms: small enhancements only; every form works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // Each link moves focus to its field and shows the field's label or
    // question (GOV.UK error summary), not only the input scrolled to the top.
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        event.preventDefault();
        var group = field.closest("fieldset");
        var label = (field.type === "radio" || field.type === "checkbox") && group
          ? group.querySelector("legend")
          : document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView();
        field.focus({preventScroll: true});
      });
    });
  }

  // A refused message on the follow-up page: its alert sits below the messages, out of
  // sight on a phone; bring it into view and move focus to it (no error summary there).
  var refused = document.querySelector("[data-focus-on-load]");
  if (refused && !summary) {
    refused.scrollIntoView();
    refused.focus({preventScroll: true});
  }

  // "Add another person" lands on #respondent-N / #witness-N: put focus in the new
  // person's first field, so keyboard and screen-reader users are where they asked to be.
  var added = location.hash && document.getElementById(location.hash.slice(1));
  if (added && added.matches("fieldset.person") && !summary) {
    var first = added.querySelector("input, select, textarea");
    // After load: the browser's own scroll to the fragment moves focus to the page.
    if (first) { window.addEventListener("load", function () { setTimeout(function () { first.focus(); }, 0); }); }
  }

  // A live character count under each long text field (GOV.UK character count):
  // a visible count at once, and a polite announcement once typing pauses. The
  // hint already says the limit for people without JavaScript.
  document.querySelectorAll("textarea[data-maxlength]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-maxlength"), 10);
    var visible = document.createElement("p");
    visible.id = area.id + "-count";
    visible.className = "form-text char-count mb-0";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", spoken);
    area.insertAdjacentElement("afterend", visible);
    var grouped = function (n) { return n.toLocaleString("en-US"); };
    var message = function () {
      var left = limit - area.value.length;
      var n = Math.abs(left);
      var name = (left >= 0 ? "data-count-left" : "data-count-over") + (n === 1 ? "-one" : "");
      return (area.getAttribute(name) || "COUNT").replace("COUNT", grouped(n));
    };
    var timer;
    var update = function () {
      visible.textContent = message();
      visible.classList.toggle("char-count-over", area.value.length > limit);
      clearTimeout(timer);
      timer = setTimeout(function () { spoken.textContent = message(); }, 1000);
    };
    area.addEventListener("input", update);
    visible.textContent = message();
    visible.classList.toggle("char-count-over", area.value.length > limit);
  });

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

  // Timeout warning (WCAG 2.2.1): some minutes before an idle draft would be
  // cleared, say so in the polite live region and offer one action to keep it.
  var timeout = document.querySelector(".draft-timeout");
  var intakeForm = document.getElementById("intake-form");
  if (timeout && intakeForm) {
    var idle = parseInt(timeout.getAttribute("data-idle-seconds"), 10) || 3600;
    var warn = parseInt(timeout.getAttribute("data-warn-seconds"), 10) || 120;
    var text = function (name, minutes) {
      return (timeout.getAttribute("data-text-" + name) || "").replace("MINUTES", String(minutes));
    };
    var deadline, warnTimer, goneTimer;
    var say = function (name, message, withButton) {
      timeout.textContent = "";
      timeout.classList.add("alert", "alert-warning");
      // In view while scrolling only while it asks for something (not once kept).
      timeout.classList.toggle("is-urgent", name !== "kept");
      var p = document.createElement("p");
      p.className = withButton ? "mb-2" : "mb-0";
      p.textContent = message;
      timeout.appendChild(p);
      if (withButton) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-primary";
        button.textContent = text("button");
        button.addEventListener("click", keep);
        timeout.appendChild(button);
      }
    };
    var showWarning = function () {
      var left = Math.round((deadline - Date.now()) / 1000);
      say("warn", left >= 90 ? text("warn", Math.round(left / 60)) : text("warn-soon"), true);
    };
    var schedule = function (kept) {
      deadline = Date.now() + idle * 1000;
      clearTimeout(warnTimer);
      clearTimeout(goneTimer);
      // Warn `warn` seconds ahead; after "Keep" with a very short timeout, not at once again.
      var at = Math.max(idle - warn, kept ? idle / 2 : 0);
      warnTimer = setTimeout(showWarning, at * 1000);
      goneTimer = setTimeout(function () { say("gone", text("gone"), false); }, idle * 1000);
    };
    var keep = function () {
      var token = intakeForm.querySelector("input[name=csrfmiddlewaretoken]");
      var body = new FormData();
      if (token) { body.append("csrfmiddlewaretoken", token.value); }
      fetch(timeout.getAttribute("data-keep-url"), {method: "POST", body: body, credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          if (data.seconds) { idle = data.seconds; }
          schedule(true);
          var minutes = Math.max(1, Math.round(idle / 60));
          say("kept", text(minutes === 1 ? "kept-one" : "kept", minutes), false);
        }, function () { say("gone", text("gone"), false); });
    };
    schedule();
  }

  // Receipt page: a print button (without JavaScript, the browser's own Print).
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
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
