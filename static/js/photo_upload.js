/* Product photos on slow links (templates/nominations/_photo_upload.html).
 *
 * Each chosen photo is drawn on a canvas at most MAX_SIDE pixels long and sent as a JPEG (a 6 MB phone photo
 * travels as about 1 MB; drawing drops its EXIF, GPS position included). On a saved draft the photos are sent
 * one by one as soon as they are chosen, with a progress bar, to the draft's attach URL, and shown with the
 * nomination's photos: a form that comes back with errors keeps them. On a new nomination (no draft yet) the
 * smaller copies replace the chosen files and go with the form. Without JavaScript the plain upload works. */
(function () {
  "use strict";

  var MAX_SIDE = 2000;
  var QUALITY = 0.85;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  /* The photo as a JPEG at most MAX_SIDE long, upright, or the file itself when the browser cannot draw it
   * (HEIC outside Safari: the server converts it) or when the copy would not be smaller. createImageBitmap, not
   * an <img> of a blob: URL, which the portal's Content Security Policy does not allow. */
  function downscale(file) {
    if (!window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; /* a transparent PNG becomes a JPEG on white */
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.imageSmoothingQuality = "high";
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              if (!blob || blob.size >= file.size) {
                resolve(file);
              } else {
                resolve(new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
              }
            },
            "image/jpeg",
            QUALITY
          );
        });
      })
      .catch(function () {
        return file;
      });
  }

  function setUp(box) {
    var input = box.querySelector("input[type=file]");
    var progress = box.querySelector(".photo-progress");
    var bar = progress.querySelector("progress");
    var status = progress.querySelector("[role=status]");
    var errors = box.querySelector(".photo-errors");
    var form = box.closest("form");
    var texts = box.dataset;
    var attachUrl = texts.attachUrl;
    var busy = false;

    function say(text, percent) {
      progress.hidden = false;
      status.textContent = text;
      if (percent === undefined) {
        bar.removeAttribute("value");
      } else {
        bar.value = percent;
      }
    }

    function complain(text, reasons) {
      var item = document.createElement("li");
      item.textContent = [text].concat(reasons || []).join(" ");
      errors.appendChild(item);
    }

    /* Files not sent (connection lost) go back into the input: the form's own upload takes them. */
    function keepChosen(files) {
      if (!files.length || !window.DataTransfer) return;
      var chosen = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) { chosen.items.add(file); });
      files.forEach(function (file) { chosen.items.add(file); });
      input.files = chosen.files;
    }

    function send(file, index, count) {
      return new Promise(function (resolve) {
        var data = new FormData();
        data.append("photo", file, file.name);
        data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
        var request = new XMLHttpRequest();
        request.open("POST", attachUrl);
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.upload.onprogress = function (event) {
          if (event.lengthComputable) {
            var percent = Math.round((100 * event.loaded) / event.total);
            say(fill(texts.textSending, { index: index, count: count, name: file.name, percent: percent }), percent);
          }
        };
        request.onload = function () {
          var answer = null;
          try {
            answer = JSON.parse(request.responseText);
          } catch (error) {
            answer = null;
          }
          if (request.status === 201 && answer) {
            document.getElementById("photo-list").insertAdjacentHTML("beforeend", answer.html);
            var none = document.getElementById("no-photos");
            if (none) none.hidden = true;
            say(fill(texts.textAttached, { name: file.name }), 100);
            resolve(null);
          } else if (answer && answer.errors) {
            complain(fill(texts.textRefused, { name: file.name }), answer.errors);
            resolve(null);
          } else {
            resolve(file); /* signed out, or a server error: the form's upload tries again */
          }
        };
        request.onerror = function () {
          resolve(file);
        };
        say(fill(texts.textSending, { index: index, count: count, name: file.name, percent: 0 }), 0);
        request.send(data);
      });
    }

    /* One photo after the other: on a slow link, parallel uploads only make each slower. */
    function attachAll(files) {
      var unsent = [];
      return files.reduce(function (previous, file, position) {
        return previous.then(function () {
          say(fill(texts.textPreparing, { name: file.name }));
          return downscale(file)
            .then(function (small) { return send(small, position + 1, files.length); })
            .then(function (failed) {
              if (failed) {
                unsent.push(failed);
                complain(fill(texts.textFailed, { name: file.name }));
              }
            });
        });
      }, Promise.resolve()).then(function () { keepChosen(unsent); });
    }

    function shrinkInPlace(files) {
      if (!window.DataTransfer) return Promise.resolve();
      say(fill(texts.textPreparing, { name: files.map(function (f) { return f.name; }).join(", ") }));
      return Promise.all(files.map(downscale)).then(function (smaller) {
        var chosen = new DataTransfer();
        smaller.forEach(function (file) { chosen.items.add(file); });
        input.files = chosen.files;
        var before = files.reduce(function (sum, f) { return sum + f.size; }, 0);
        var after = smaller.reduce(function (sum, f) { return sum + f.size; }, 0);
        say(fill(texts.textResized, { before: megabytes(before), after: megabytes(after) }), 100);
      });
    }

    var saving = null; /* the form's submission asked for while photos were on their way */

    function done() {
      busy = false;
      input.disabled = false;
      if (!saving) return;
      var submitter = saving.submitter;
      saving = null;
      if (form.requestSubmit && submitter) {
        form.requestSubmit(submitter);
      } else if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    input.addEventListener("change", function () {
      if (busy || !input.files.length) return;
      var files = Array.prototype.slice.call(input.files);
      errors.textContent = "";
      busy = true;
      var work;
      if (attachUrl) {
        input.value = ""; /* sent here, not again with the form */
        input.disabled = true; /* until these are sent */
        work = attachAll(files);
      } else {
        work = shrinkInPlace(files);
      }
      work.then(done, done);
    });

    /* Saving while photos are on their way would cut them off: the form is sent once they are. */
    form.addEventListener("submit", function (event) {
      if (busy) {
        event.preventDefault();
        saving = { submitter: event.submitter };
        status.textContent = texts.textWait;
      }
    });
  }

  document.querySelectorAll("[data-photo-upload]").forEach(setUp);
})();
