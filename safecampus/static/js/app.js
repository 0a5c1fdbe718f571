// SafeCampus page behaviour: live bell, auto-submitting selects, confirmations. No inline JS (CSP).
(function () {
  "use strict";

  // The bell hears of new notifications over a WebSocket, without a reload.
  function connectBell() {
    var badge = document.getElementById("bell-count");
    if (!badge || !("WebSocket" in window)) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + location.host + "/ws/notifications/");
    } catch (e) {
      return;
    }
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type !== "notification") return;
      var count = parseInt(badge.dataset.count || "0", 10) + 1;
      badge.dataset.count = String(count);
      badge.textContent = String(count);
      badge.classList.remove("d-none");
    };
    socket.onclose = function (event) {
      // 4401: not logged in; 4403: the access ended. Only other closes are worth a retry.
      if (event.code !== 4401 && event.code !== 4403) setTimeout(connectBell, 15000);
    };
  }

  // Forms asking for confirmation carry data-confirm="question".
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A form with data-confirm-step asks in place before it acts: its button gives way to the
  // question with a confirm button (name="confirmed") and a cancel; a phone-sized step, not a
  // blocking dialog. Without JavaScript the server asks on a page of its own.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm-step")) return;
    if (event.submitter && event.submitter.name === "confirmed") return;
    event.preventDefault();
    var step = form.querySelector(".confirm-step");
    if (event.submitter) event.submitter.classList.add("d-none");
    step.classList.remove("d-none");
    step.querySelector('[name="confirmed"]').focus();
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest(".confirm-cancel");
    if (!cancel) return;
    var form = cancel.closest("form");
    form.querySelector(".confirm-step").classList.add("d-none");
    form.querySelectorAll("button.d-none").forEach(function (button) {
      if (!button.closest(".confirm-step")) button.classList.remove("d-none");
    });
  });

  // The language select switches at once; the button stays for browsers without JS.
  document.addEventListener("change", function (event) {
    if (event.target.id === "language-select") event.target.form.submit();
    if (event.target.hasAttribute("data-autosubmit")) event.target.form.requestSubmit();
  });

  // A create form carries a UUID made once per page: a resubmitted form (a double tap, a reload,
  // a phone replaying its queue) is recognised by the server and creates nothing twice.
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  function fillUuids() {
    document.querySelectorAll('input[name="client_uuid"]').forEach(function (input) {
      if (!input.value) input.value = uuid4();
    });
  }

  // A file over the upload limit is refused here, before minutes of sending it on a phone's
  // signal: the input is emptied with the reason beside it, and the rest of the form stays.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !input.files) return;
    var limit = parseInt(document.body.dataset.uploadMb || "0", 10) * 1024 * 1024;
    var old = input.parentNode.querySelector("[data-upload-error]");
    if (old) old.remove();
    if (!limit) return;
    var tooLarge = Array.prototype.some.call(input.files, function (f) { return f.size > limit; });
    if (!tooLarge) return;
    input.value = "";
    var note = document.createElement("div");
    note.className = "invalid-feedback d-block";
    note.setAttribute("data-upload-error", "");
    note.setAttribute("role", "alert");
    note.textContent = document.body.dataset.uploadTooLarge;
    input.insertAdjacentElement("afterend", note);
  });

  // A form offering two methods shows only the fields of the chosen one.
  function showMethod(form) {
    var checked = form.querySelector('input[name="method"]:checked');
    if (!checked) return;
    form.querySelectorAll("[data-method-group]").forEach(function (group) {
      group.classList.toggle("d-none", group.getAttribute("data-method-group") !== checked.value);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "method" && event.target.form) showMethod(event.target.form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    connectBell();
    fillUuids();
    document.querySelectorAll("form").forEach(showMethod);
  });
})();
