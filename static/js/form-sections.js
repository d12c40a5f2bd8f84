/* A long form in sections (form[data-sections], its fieldsets [data-section]; templates/nominations/form.html).
   On a narrow screen it shows one section at a time with previous/next buttons; the section navigation
   ([data-section-nav]) jumps to a section, and marks a section complete or incomplete as its fields are filled in.
   Every section stays in the one form: moving loses nothing, and any button saves them all. Without this file,
   or on a wide screen, all sections show as one long form.
   The section shown first: the first one with an error, else the one a link points to (#id_nib), else the one
   this tab was on when it saved. A field's "portal:reveal" event (static/js/portal.js) shows its section. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-sections]");
  if (!form) {
    return;
  }
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
  var nav = document.querySelector("[data-section-nav]");
  var links = nav ? Array.prototype.slice.call(nav.querySelectorAll("a[href^='#section-']")) : [];
  var narrow = window.matchMedia("(max-width: 767.98px)");
  var memory = "ovop-section-after-save";
  var current = 0;

  function indexOf(element) {
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].contains(element)) {
        return i;
      }
    }
    return -1;
  }

  function apply() {
    var stepping = narrow.matches;
    form.classList.toggle("stepping", stepping);
    sections.forEach(function (section, i) {
      section.hidden = stepping && i !== current;
      section.querySelector("[data-section-steps]").hidden = !stepping;
    });
    links.forEach(function (link, i) {
      if (stepping && i === current) {
        link.setAttribute("aria-current", "step");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function show(index, moveFocus) {
    if (index < 0 || index >= sections.length) {
      return;
    }
    current = index;
    apply();
    if (moveFocus && narrow.matches) {
      var legend = sections[index].querySelector("legend");
      legend.scrollIntoView({ block: "start" });
      legend.focus({ preventScroll: true });
    }
  }

  function isEmpty(field) {
    return !field.value || !field.value.trim();
  }

  function updateMark(index) {
    var item = links[index] && links[index].closest("[data-live-mark]");
    if (!item) {
      return;
    }
    var required = sections[index].querySelectorAll("[data-required-for-submit]");
    var missing = Array.prototype.some.call(required, isEmpty);
    item.querySelector("[data-mark=done]").hidden = missing;
    item.querySelector("[data-mark=missing]").hidden = !missing;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-section-step]");
    if (button) {
      show(current + Number(button.getAttribute("data-section-step")), true);
    }
  });
  links.forEach(function (link, i) {
    link.addEventListener("click", function (event) {
      if (narrow.matches) {
        event.preventDefault();
        show(i, true);
      }
    });
  });
  form.addEventListener("portal:reveal", function (event) {
    var index = indexOf(event.target);
    if (index !== -1 && index !== current) {
      show(index, false);
    }
  });
  ["input", "change"].forEach(function (type) {
    form.addEventListener(type, function (event) {
      updateMark(indexOf(event.target));
    });
  });
  narrow.addEventListener("change", apply);
  // Saving reloads the page: this tab comes back to the section it was on.
  form.addEventListener("submit", function () {
    try {
      window.sessionStorage.setItem(memory, sections[current].id);
    } catch (e) {
      // Storage refused (private mode): the form starts at its first section.
    }
  });

  function rememberedSection() {
    try {
      var id = window.sessionStorage.getItem(memory);
      window.sessionStorage.removeItem(memory);
      return id ? indexOf(document.getElementById(id)) : -1;
    } catch (e) {
      return -1;
    }
  }

  function firstSection() {
    var remembered = rememberedSection();
    var invalid = form.querySelector(".is-invalid, [aria-invalid=true]");
    var hash = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var index = invalid ? indexOf(invalid) : hash ? indexOf(hash) : remembered;
    return index === -1 ? 0 : index;
  }

  current = firstSection();
  apply();
})();
