/* Quick exit ("Exit this page", as the GOV.UK Design System's component does it).
 *
 * Ways out: the button always on screen, a visually hidden link just after the skip
 * link, Escape pressed twice, and Shift pressed three times (the keyup of Shift alone:
 * any other key resets the count, and so do 5 seconds without a press). On activation
 * the page is hidden at once, then the tab goes through the portal's own /exit/ (which
 * ends the session: the draft, a follow-up or referral sign-in) with location.replace,
 * so the neutral site takes this page's place in the history. Without JavaScript the
 * controls are plain links to /exit/.
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
  var SHIFT_PRESSES = 3;
  var SHIFT_TIMEOUT = 5000;
  var root = document.documentElement;
  var lastEscape = 0;
  var shiftCount = 0;
  var shiftTimer = null;
  var lastKeyWasModified = false;

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

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("quick-exit");
    if (!button) { return; }
    var exitUrl = button.getAttribute("href");
    var neutralUrl = button.getAttribute("data-neutral-url") || exitUrl;
    var status = document.getElementById("quick-exit-status");

    function say(text) { if (status) { status.textContent = text; } }
    function leave(event) {
      if (event) { event.preventDefault(); }
      remember(neutralUrl);
      go(exitUrl);
    }
    function resetShift(message) {
      shiftCount = 0;
      if (shiftTimer) { window.clearTimeout(shiftTimer); shiftTimer = null; }
      say(message || "");
    }

    var links = document.querySelectorAll("[data-quick-exit]");
    for (var i = 0; i < links.length; i++) { links[i].addEventListener("click", leave); }

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var now = Date.now();
      if (now - lastEscape < 1500) { leave(event); } else { lastEscape = now; }
    });

    document.addEventListener("keyup", function (event) {
      if (event.key === "Shift" && !lastKeyWasModified) {
        shiftCount += 1;
        if (shiftTimer) { window.clearTimeout(shiftTimer); }
        if (shiftCount >= SHIFT_PRESSES) {
          resetShift();
          leave(event);
          return;
        }
        var left = SHIFT_PRESSES - shiftCount;
        say(left === 1 ? status.getAttribute("data-one-more") : status.getAttribute("data-more").replace("%s", left));
        shiftTimer = window.setTimeout(function () { resetShift(status.getAttribute("data-expired")); }, SHIFT_TIMEOUT);
      } else if (shiftCount > 0) {
        resetShift();
      }
      lastKeyWasModified = event.shiftKey;
    });
  });
})();
