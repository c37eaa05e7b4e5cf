// draftgate keyboard shortcuts. Everything also works without JavaScript; these only save time.
// Queue: j / k move between drafts, Enter opens the focused one, / jumps to the filters.
// Single-key shortcuts can be switched off (WCAG 2.1.4); the choice is kept in this browser.
(function () {
  "use strict";
  var STORE = "draftgate.shortcuts";

  function enabled() {
    try { return window.localStorage.getItem(STORE) !== "off"; } catch (e) { return true; }
  }

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function rowLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-row] a.open"));
  }

  function move(step) {
    var links = rowLinks();
    if (!links.length) { return; }
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, index + step));
    links[next].focus();
    links[next].closest("tr").scrollIntoView({ block: "nearest" });
  }

  function onKey(event) {
    if (!enabled() || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "/") {
      var first = document.querySelector("form.filters select, form.filters input");
      if (first) { first.focus(); event.preventDefault(); }
    }
  }

  function setupToggle() {
    var button = document.getElementById("shortcut-toggle");
    if (!button) { return; }
    var render = function () {
      button.hidden = false;
      button.setAttribute("aria-pressed", enabled() ? "true" : "false");
      button.textContent = enabled() ? "Turn shortcuts off" : "Turn shortcuts on";
    };
    button.addEventListener("click", function () {
      try { window.localStorage.setItem(STORE, enabled() ? "off" : "on"); } catch (e) { /* private mode */ }
      render();
    });
    render();
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("DOMContentLoaded", setupToggle);
})();
