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
      if (event.code !== 4401) setTimeout(connectBell, 15000);
    };
  }

  // Forms asking for confirmation carry data-confirm="question".
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // The language select switches at once; the button stays for browsers without JS.
  document.addEventListener("change", function (event) {
    if (event.target.id === "language-select") event.target.form.submit();
    if (event.target.hasAttribute("data-autosubmit")) event.target.form.requestSubmit();
  });

  document.addEventListener("DOMContentLoaded", connectBell);
})();
