/* Quick exit: leave for a neutral site, replacing this page's history entry, from
 * the button or Escape pressed twice. Without JavaScript the button is a plain link.
 *
 * Earlier portal pages of this tab stay in the browser's history (no page can remove
 * them), so the exit is remembered for the tab (sessionStorage): a portal page reached
 * again with Back or Forward hides itself and replaces itself with the neutral site
 * before it is shown. Opening the portal afresh (a link, the address bar) clears it.
 *
 * Loaded in <head> without defer, so the check runs before the page paints.
 */
(function () {
  "use strict";
  var FLAG = "idhr-quick-exit";
  var HIDDEN = "quick-exit-leaving";
  var root = document.documentElement;
  var lastEscape = 0;

  function remembered() {
    try { return window.sessionStorage.getItem(FLAG); } catch (e) { return null; }
  }
  function remember(url) {
    try { window.sessionStorage.setItem(FLAG, url); } catch (e) { /* storage off: replace() still runs */ }
  }
  function forget() {
    try { window.sessionStorage.removeItem(FLAG); } catch (e) { /* nothing stored */ }
  }
  function cameBack(persisted) {
    if (persisted) { return true; }
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }
  function go(url) {
    root.classList.add(HIDDEN);
    window.location.replace(url);
  }

  // A page reached with Back/Forward after a quick exit leaves again at once.
  function guard(persisted) {
    var url = remembered();
    if (!url) { root.classList.remove(HIDDEN); return; }
    if (cameBack(persisted)) { go(url); } else { forget(); root.classList.remove(HIDDEN); }
  }
  guard(false);
  window.addEventListener("pageshow", function (event) { if (event.persisted) { guard(true); } });
  // Pages kept in the back/forward cache are stored hidden; pageshow reveals them again.
  window.addEventListener("pagehide", function () { root.classList.add(HIDDEN); });

  function leave(event, url) {
    if (event) { event.preventDefault(); }
    remember(url);
    go(url);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var link = document.getElementById("quick-exit");
    if (!link) { return; }
    var target = link.getAttribute("href");
    link.addEventListener("click", function (event) { leave(event, target); });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var now = Date.now();
      if (now - lastEscape < 1500) { leave(event, target); } else { lastEscape = now; }
    });
  });
})();
