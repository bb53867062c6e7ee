// The complete case file's export page (templates/admin/cases/case/case_file_export.html):
// while the file is made, ask its status every 2 seconds and show the progress; reload the
// page once it is finished (ready, failed or gone), which shows the download button.
// Without JavaScript the page reloads itself (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root || root.dataset.finished === "true") return;
  var bar = document.getElementById("case-file-progress");
  var percent = document.getElementById("case-file-percent");
  var step = document.getElementById("case-file-step");
  var label = document.getElementById("case-file-status-label");
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return schedule();
        if (data.finished) { window.location.reload(); return; }
        if (bar) bar.value = data.progress;
        if (percent) percent.textContent = data.progress + " %";
        if (step) step.textContent = data.step;
        if (label) label.textContent = data.label;
        schedule();
      })
      .catch(schedule);
  }
  function schedule() { window.setTimeout(poll, 2000); }
  schedule();
})();
