/* Quick exit: leave for a neutral site and replace this page's history entry,
 * so Back does not return here. Works from the button or Escape pressed twice.
 * Without JavaScript the button is a plain link to the same site. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("href");
  var lastEscape = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.style.visibility = "hidden";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { leave(event); } else { lastEscape = now; }
  });
})();
