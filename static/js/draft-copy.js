/* Nothing typed is lost: a form with data-draft-key (the nomination form) keeps a copy of what is typed in this
   browser's localStorage, under its key (user, nomination or "new", round). When the page shows the form again
   (after a dropped connection or a closed tab) and the copy differs from what the server sent, a banner
   ([data-draft-offer]) offers to restore or discard it. The saved draft on the server stays the reference: the
   copy is removed once the server sends the same values back on a fresh page (after a successful save), and is
   never sent anywhere. File inputs and anything inside [data-draft-skip] are left alone: a browser cannot refill
   a file input, and ticked "remove this photo" boxes are better chosen again.
   Logging out removes every copy in this browser (static/js/portal.js). */
(function () {
  "use strict";

  var PREFIX = "ovop-draft:"; // static/js/portal.js removes these on logging out
  var PENDING = "ovop-draft-pending";
  var MAX_AGE = 30 * 24 * 60 * 60 * 1000;
  var SKIPPED_TYPES = ["file", "hidden", "submit", "button", "reset", "password"];

  function storage(kind) {
    try {
      var store = window[kind];
      store.getItem(PREFIX);
      return store;
    } catch (e) {
      return null; // storage refused (private mode, full): the form works as before
    }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");
  if (!local) {
    return;
  }


  var form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  var bound = form.getAttribute("data-draft-bound") === "1";
  /* The hidden field holding the version of the record the form was drawn from: the copy notes the version it was
     typed on, and the banner warns ([data-draft-newer]) when the draft was saved since (another tab, a colleague):
     restoring and saving would replace that save. */
  var version = form.elements[form.getAttribute("data-draft-version") || ""];

  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return (
        field.name &&
        SKIPPED_TYPES.indexOf(field.type) === -1 &&
        !field.disabled &&
        !field.closest("[data-draft-skip]")
      );
    });
  }

  function slot(field) {
    return field.type === "checkbox" || field.type === "radio" ? field.name + "=" + field.value : field.name;
  }

  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked;
    }
    if (field.type === "select-multiple") {
      return Array.prototype.filter
        .call(field.options, function (option) {
          return option.selected;
        })
        .map(function (option) {
          return option.value;
        });
    }
    return field.value;
  }

  function read() {
    var values = {};
    fields().forEach(function (field) {
      values[slot(field)] = valueOf(field);
    });
    return values;
  }

  function write(values) {
    fields().forEach(function (field) {
      var name = slot(field);
      if (!Object.prototype.hasOwnProperty.call(values, name)) {
        return;
      }
      var value = values[name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value;
      } else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = value.indexOf(option.value) !== -1;
        });
      } else {
        field.value = value;
      }
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  /* One value as the server sends it back: without surrounding spaces, a number as a number ("5000" typed is
     "5000.00" once saved). */
  function same(a, b) {
    if (typeof a !== "string" || typeof b !== "string") {
      return JSON.stringify(a) === JSON.stringify(b);
    }
    a = a.trim();
    b = b.trim();
    return a === b || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b) && Number(a) === Number(b));
  }

  /* Whether every value of the copy is what the page holds (fields the page does not have are left out:
     a saved new nomination's form has one more empty certification row than the new form had). */
  function sameAs(copy, page) {
    return Object.keys(copy).every(function (name) {
      return !Object.prototype.hasOwnProperty.call(page, name) || same(copy[name], page[name]);
    });
  }

  function load(name) {
    try {
      var copy = JSON.parse(local.getItem(name));
      if (copy && copy.values && Date.now() - copy.savedAt < MAX_AGE) {
        return copy;
      }
    } catch (e) {
      // not a copy of ours: replaced on the next keystroke
    }
    local.removeItem(name);
    return null;
  }

  var fromServer = read();
  var loggingOut = false;
  document.addEventListener("submit", function (event) {
    loggingOut = loggingOut || event.target.matches("form[data-logout]");
  });

  function keep() {
    if (loggingOut) {
      return; // portal.js has removed the copies: leaving the page must not write this one back
    }
    var values = read();
    if (sameAs(values, fromServer) && !load(key)) {
      return; // nothing typed since the page came
    }
    try {
      local.setItem(key, JSON.stringify({ savedAt: Date.now(), version: version ? version.value : null, values: values }));
    } catch (e) {
      // storage full: nothing more to do
    }
  }

  /* The copy a fresh page (not a form sent back with errors) shows to be saved on the server is removed: this
     page's own, and the one this tab sent just before (a new nomination's copy, now saved under its number). */
  function settle() {
    var names = [key];
    if (session) {
      var pending = session.getItem(PENDING);
      session.removeItem(PENDING);
      if (pending && pending !== key) {
        names.push(pending);
      }
    }
    names.forEach(function (name) {
      var copy = load(name);
      if (copy && !bound && sameAs(copy.values, fromServer)) {
        local.removeItem(name);
      }
    });
  }

  function offer(copy) {
    var banner = document.querySelector("[data-draft-offer]");
    if (!banner) {
      return;
    }
    var text = banner.querySelector("[data-draft-text]");
    var parts = text.getAttribute("data-draft-text").split("{time}");
    var time = document.createElement("time");
    time.dateTime = new Date(copy.savedAt).toISOString();
    time.textContent = new Date(copy.savedAt).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    text.textContent = parts[0];
    text.appendChild(time);
    text.appendChild(document.createTextNode(parts.slice(1).join("{time}")));
    var newer = banner.querySelector("[data-draft-newer]");
    if (newer && version && typeof copy.version === "string") {
      newer.hidden = copy.version === version.value;
    }
    banner.hidden = false;
    banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
      write(copy.values);
      banner.hidden = true;
      var restored = document.querySelector("[data-draft-restored]");
      if (restored) {
        restored.hidden = false;
        restored.focus();
      }
      keep();
    });
    banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
      local.removeItem(key);
      banner.hidden = true;
    });
  }

  settle();
  var copy = load(key);
  if (copy && !sameAs(copy.values, fromServer)) {
    offer(copy);
  }

  var timer = null;
  function keepSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(keep, 300);
  }
  form.addEventListener("input", keepSoon);
  form.addEventListener("change", keepSoon);
  window.addEventListener("pagehide", keep);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      keep();
    }
  });
  form.addEventListener("submit", function () {
    keep();
    if (session) {
      session.setItem(PENDING, key);
    }
  });
})();
