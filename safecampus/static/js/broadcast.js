// The lockdown broadcast (docs/phone.md): every open page of a school's people shows a banner
// with the instructions for the alarm raised there, until the alarm is closed. No inline JS.
(function () {
  "use strict";
  var banner = document.getElementById("broadcast-banner");
  if (!banner || !("WebSocket" in window)) return;
  var main = document.getElementById("main");
  // Above the page's content, below the header: seen first, covering nothing.
  if (main) main.parentNode.insertBefore(banner, main);
  var active = {}; // alarm id → message, the newest shown
  var hidden = {};

  function show() {
    var ids = Object.keys(active).filter(function (id) { return !hidden[id]; });
    if (!ids.length) { banner.classList.add("d-none"); return; }
    var message = active[ids[ids.length - 1]];
    banner.querySelector("[data-broadcast-kind]").textContent = message.kind_label;
    banner.querySelector("[data-broadcast-place]").textContent = message.place || "";
    banner.querySelector("[data-broadcast-at]").textContent = message.at;
    banner.querySelector("[data-broadcast-text]").textContent = message.text;
    banner.querySelector("[data-broadcast-source]").textContent = message.source;
    banner.dataset.alarm = String(message.alarm);
    banner.classList.remove("d-none");
  }

  banner.querySelector("[data-broadcast-hide]").addEventListener("click", function () {
    if (banner.dataset.alarm) hidden[banner.dataset.alarm] = true;
    show();
  });

  var wait = 1000;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + banner.dataset.feed);
    socket.onopen = function () { wait = 1000; };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== "broadcast.message") return;
      if (message.event === "closed") delete active[message.alarm];
      else active[message.alarm] = message;
      show();
    };
    socket.onclose = function (event) {
      if (event.code === 4403 || event.code === 4401) return;
      active = {};
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    };
  }
  connect();
})();
