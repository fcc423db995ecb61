/*
 * Upload form of the partner portal: shows how much of the file has been sent.
 *
 * Progressive enhancement: without this script (or without XMLHttpRequest upload events) the form
 * is an ordinary POST. With it, the same POST is sent by XMLHttpRequest so its upload progress can
 * be shown; the server's answer is followed as the browser would: a redirect opens the upload's
 * status page, a page with form errors replaces the page's main content.
 */
(function () {
  "use strict";

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function showError(form, text) {
    var box = form.querySelector("[data-upload-error]");
    var message = form.querySelector("[data-upload-error-text]");
    if (!box || !message) {
      return;
    }
    message.textContent = text;
    show(box, true);
    box.setAttribute("tabindex", "-1");
    box.focus();
  }

  function replaceMain(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var incoming = parsed.querySelector("main");
    var current = document.querySelector("main");
    if (!incoming || !current) {
      document.open();
      document.write(html);
      document.close();
      return;
    }
    current.innerHTML = incoming.innerHTML;
    if (parsed.title) {
      document.title = parsed.title;
    }
    if (window.htmx && typeof window.htmx.process === "function") {
      window.htmx.process(current);
    }
    enhanceAll(current);
    var alert = current.querySelector("[role=alert]:not([hidden]), .utrecht-form-field--invalid input, .utrecht-form-field--invalid select");
    if (alert) {
      if (!alert.matches("input, select")) {
        alert.setAttribute("tabindex", "-1");
      }
      alert.focus();
    }
  }

  function enhance(form) {
    if (form.getAttribute("data-upload-enhanced") === "true") {
      return;
    }
    form.setAttribute("data-upload-enhanced", "true");
    var probe = new XMLHttpRequest();
    if (!window.FormData || !window.DOMParser || !("upload" in probe)) {
      return;
    }

    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      var maxBytes = Number(form.getAttribute("data-max-bytes") || 0);
      show(form.querySelector("[data-upload-error]"), false);
      if (!file) {
        return; // the server says the file is missing, in the page's own words
      }
      event.preventDefault();
      if (maxBytes && file.size > maxBytes) {
        showError(form, form.getAttribute("data-too-large") || "");
        return;
      }

      var sending = form.querySelector("[data-upload-progress]");
      var bar = sending && sending.querySelector("progress");
      var percent = form.querySelector("[data-upload-percent]");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();

      function setPercent(value) {
        if (bar) {
          bar.value = value;
          bar.textContent = value + "%";
        }
        if (percent) {
          percent.textContent = value + "%";
        }
      }

      function reset() {
        show(sending, false);
        if (button) {
          button.disabled = false;
        }
      }

      xhr.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable && progress.total > 0) {
          setPercent(Math.floor((100 * progress.loaded) / progress.total));
        }
      });
      xhr.addEventListener("load", function () {
        var target = xhr.responseURL ? new URL(xhr.responseURL) : null;
        var action = new URL(form.action, window.location.href);
        if (target && target.pathname !== action.pathname) {
          window.location.assign(target.href);
          return;
        }
        reset();
        replaceMain(xhr.responseText);
      });
      xhr.addEventListener("error", function () {
        reset();
        showError(form, form.getAttribute("data-failed") || "");
      });
      xhr.addEventListener("abort", reset);

      setPercent(0);
      show(sending, true);
      if (button) {
        button.disabled = true;
      }
      xhr.open("POST", form.action);
      xhr.send(new FormData(form));
    });
  }

  function enhanceAll(root) {
    var forms = root.querySelectorAll("form[data-upload-form]");
    for (var index = 0; index < forms.length; index += 1) {
      enhance(forms[index]);
    }
  }

  enhanceAll(document);
})();
