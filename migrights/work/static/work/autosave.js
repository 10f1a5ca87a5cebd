// Autosave never fails silently. The server answers HTMX with the fragment to show: saved, stale
// (saved elsewhere) or refused with 200, and "database busy" with 503, which htmx would not swap by
// itself; any other failure (500, no network, timeout) is written here into the question's status
// line with a Retry button. Leaving the page while an answer is unsaved asks first. Every other
// form sent in the background (evidence, comments, review decisions) gets the same care: a failure
// is written next to it, what was typed stays in the form, and sending it again is one click.
// Without JavaScript the forms post as usual and the server answers with the whole page.
(function () {
  "use strict";
  var SHOWN = { 503: true };
  // the words shown, in the page's language: the workspace's template gives them as data-say-* attributes
  var SAY = (document.querySelector(".work") || { dataset: {} }).dataset;

  function say(key, english, values) {
    var text = SAY[key] || english;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(values[name]);
    });
    return text;
  }

  function answerForm(element) {
    return element && element.closest ? element.closest("form.answer") : null;
  }

  function statusLine(form) {
    return form.querySelector(".save-status");
  }

  function showFailure(form, why) {
    form.dataset.unsaved = "true";
    var line = statusLine(form);
    if (!line) return;
    var text = document.createElement("span");
    text.className = "outcome-failed";
    text.textContent = "⚠ " + say("sayNotSaved", "Not saved: %(why)s Your answer is still here; press Retry.", { why: why });
    var retry = document.createElement("button");
    retry.type = "submit";
    retry.className = "retry";
    retry.textContent = say("sayRetry", "Retry");
    line.replaceChildren(text, " ", retry);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = answerForm(event.detail.elt);
    if (form && SHOWN[event.detail.xhr.status]) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = answerForm(event.detail.elt);
    if (!form) return;
    var xhr = event.detail.xhr;
    if (!event.detail.successful) return; // responseError / sendError mark it
    // a stale or refused answer swaps the whole question in: look at the form now on the page
    var section = form.closest("section");
    var current = section && section.id ? document.getElementById(section.id) : null;
    var shown = (current && current.querySelector("form.answer")) || form;
    if (xhr.status < 300 && xhr.responseText.indexOf('class="outcome-saved"') >= 0) {
      delete shown.dataset.unsaved;
    } else {
      shown.dataset.unsaved = "true";
    }
  });

  function otherForm(element) {
    var form = element && element.closest ? element.closest("form") : null;
    return form && !form.matches("form.answer") ? form : null;
  }

  // a failure next to any other background form: its fields keep what was typed
  function showFormFailure(form, why) {
    var line = form.previousElementSibling;
    if (!line || !line.classList.contains("send-failure")) {
      line = document.createElement("p");
      line.className = "save-status outcome-failed send-failure";
      line.setAttribute("role", "alert");
      form.parentNode.insertBefore(line, form);
    }
    line.textContent =
      "⚠ " + say("sayNotSent", "Not sent: %(why)s What you typed is still in the form; send it again.", { why: why });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = otherForm(event.detail.elt);
    var line = form && form.previousElementSibling;
    if (line && line.classList.contains("send-failure")) line.remove();
  });

  function failed(why) {
    return function (event) {
      var reason = typeof why === "function" ? why(event) : why;
      var form = answerForm(event.detail.elt);
      if (form) {
        showFailure(form, reason);
        return;
      }
      var other = otherForm(event.detail.elt);
      if (other) showFormFailure(other, reason);
    };
  }

  document.addEventListener(
    "htmx:responseError",
    failed(function (event) {
      return say("sayServerError", "the server answered with an error (%(status)s).", { status: event.detail.xhr.status });
    })
  );
  document.addEventListener("htmx:sendError", failed(say("sayUnreachable", "the server could not be reached.")));
  document.addEventListener("htmx:timeout", failed(say("sayTooLong", "the server took too long to answer.")));

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.answer[data-unsaved]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
