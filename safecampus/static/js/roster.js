// The live roster (docs/phone.md): a class's roll on the teacher's phone, and the counts page
// that changes as teachers mark. No inline JS (CSP).
(function () {
  "use strict";

  var STYLE = { present: "btn-success", missing: "btn-danger", injured: "btn-warning", absent: "btn-secondary" };

  // A class's roll: every tap goes through the phone's one queue (queue.js) with its own client
  // UUID and the phone's time, sent at once with signal and later without; the row shows the
  // mark at once either way. Without IndexedDB the form posts as any form does.
  function showMark(form, status, label) {
    form.querySelectorAll("button[name=status]").forEach(function (button) {
      var on = button.value === status;
      button.classList.remove("btn-success", "btn-danger", "btn-warning", "btn-secondary", "btn-outline-secondary", "active");
      button.classList.add(on ? STYLE[button.value] : "btn-outline-secondary");
      if (on) button.classList.add("active");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var row = form.closest(".roll-student");
    if (row) {
      row.dataset.status = status;
      var now = row.querySelector(".roll-now");
      if (now) now.textContent = label;
    }
  }

  document.querySelectorAll("form.roll-mark").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var queue = window.SafeCampusQueue;
      var button = event.submitter;
      if (!queue || !window.indexedDB || !button || button.name !== "status") return;
      event.preventDefault();
      var id = queue.uuid4();
      var now = new Date().toISOString();
      var fields = [
        ["student", form.querySelector("input[name=student]").value],
        ["status", button.value],
        ["client_uuid", id],
        ["recorded_at", now],
      ];
      showMark(form, button.value, button.textContent.trim());
      queue.add({
        id: id,
        kind: "form",
        url: form.getAttribute("action"),
        fields: fields,
        label: form.getAttribute("data-queue") + " — " + button.textContent.trim(),
        recorded_at: now,
      });
    });
  });

  // The counts: the page joins the roll feed of its school (or bureau) and reads the counts
  // again at each mark, a burst of marks costing one read.
  var box = document.getElementById("roll-counts");
  if (!box || !("WebSocket" in window)) return;
  var timer = null;
  function reload() {
    timer = null;
    fetch(box.dataset.countsUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () { /* no signal: the next mark or reconnect reads again */ });
  }
  function soon() { if (!timer) timer = setTimeout(reload, 100); }
  var wait = 1000;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + box.dataset.rollFeed);
    socket.onopen = function () { wait = 1000; };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== "roll") return;
      if (box.dataset.roll && String(message.roll) !== box.dataset.roll) return;
      soon();
    };
    socket.onclose = function (event) {
      if (event.code === 4403 || event.code === 4401) return;
      // Reconnected: what was marked meanwhile is read once.
      setTimeout(function () { connect(); soon(); }, wait);
      wait = Math.min(wait * 2, 30000);
    };
  }
  connect();
})();
