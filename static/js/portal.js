/* OVOP Portal, every page: the error summary (templates/_error_summary.html) takes the focus when a form comes
   back with errors, and its links (and a link from another page to a field, e.g. "#id_nib") move the focus to
   the field. Before focusing, a "portal:reveal" event bubbles up from the field, so that a form showing one
   section at a time (static/js/form-sections.js) can show the field's section first. Logging out removes the
   unsaved copies of forms (static/js/draft-copy.js).
   No framework; every page works without this file. */
(function () {
  "use strict";

  var FIELDS = "input, select, textarea";

  function focusField(target) {
    target.dispatchEvent(new CustomEvent("portal:reveal", { bubbles: true }));
    var label = target.id && document.querySelector('label[for="' + CSS.escape(target.id) + '"]');
    (label || target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  function fieldOfHash(hash) {
    if (!hash || hash.length < 2) {
      return null;
    }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    return target && target.matches(FIELDS) ? target : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    var target = link && fieldOfHash(link.getAttribute("href"));
    if (target) {
      event.preventDefault();
      focusField(target);
    }
  });

  // Logging out (templates/_navbar.html) removes the unsaved copies of forms kept in this browser
  // (static/js/draft-copy.js): the next person at a shared computer does not find them.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-logout]")) {
      return;
    }
    try {
      Object.keys(window.localStorage)
        .filter(function (name) {
          return name.indexOf("ovop-draft:") === 0;
        })
        .forEach(function (name) {
          window.localStorage.removeItem(name);
        });
    } catch (e) {
      // storage refused: nothing was kept
    }
  });

  window.addEventListener("hashchange", function () {
    var target = fieldOfHash(window.location.hash);
    if (target) {
      focusField(target);
    }
  });

  // After the deferred scripts of the page have set themselves up.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    var target = fieldOfHash(window.location.hash);
    if (summary) {
      summary.focus();
    } else if (target) {
      focusField(target);
    }
  });
})();
/* OVOP Portal: small enhancements; every page works without them. The navigation bar's menus (<details>) close
   when another opens, on a click elsewhere and on Escape (focus back on the menu's button). */
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.nav-menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.nav-menu[open]").forEach((menu) => {
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});
