// SafeCampus alarms: the full-screen banner with a siren on every open page of a responder,
// the two-tap alarm button on the phone home page, and the live alarm page. No inline JS (CSP).
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  // The siren is made in the browser (Web Audio): no sound file to load, nothing to block.
  var audio = null;
  var sirenTimer = null;
  function startSiren() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!audio) {
      try {
        audio = new Ctx();
      } catch (e) {
        return;
      }
    }
    if (audio.state === "suspended") audio.resume();
    if (sirenTimer) return;
    var high = true;
    function beep() {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = high ? 880 : 660;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.45);
      high = !high;
    }
    beep();
    sirenTimer = setInterval(beep, 500);
  }
  function stopSiren() {
    if (sirenTimer) clearInterval(sirenTimer);
    sirenTimer = null;
  }
  // Browsers start audio only after a gesture: the first tap anywhere lets the siren sound.
  document.addEventListener("pointerdown", function () {
    if (audio && audio.state === "suspended") audio.resume();
    if (pending.length && !sirenTimer && !inline) startSiren();
  });

  // The banner ----------------------------------------------------------------------------
  var pending = []; // alarms not acknowledged on this page, newest first
  var banner = null;
  // On an alarm page, and on the page that raises one, the banner is a strip above the page,
  // not a screen over it: the person there is acting on an alarm (raising it, recording
  // self-rescue, arriving), and other alarms must not stand between them and the page's own
  // buttons. The strip still names every waiting alarm; it does not sound, the siren would
  // drown the page's work.
  var inline = false;
  var pageAlarm = null; // the id of the alarm whose page this is

  function line(alarm) {
    return [alarm.kind_label, alarm.place, alarm.school, alarm.raised_at_local]
      .filter(function (part) { return part; })
      .join(" · ");
  }

  function listOthers(others) {
    var list = banner.querySelector("[data-alarm-list]");
    list.textContent = "";
    others.forEach(function (alarm) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "link-light";
      link.href = alarm.url;
      link.dataset.alarmId = String(alarm.id);
      link.textContent = line(alarm);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  // The home page's alarm button is never under the banner: while the banner is up, the
  // button is docked at the bottom of the screen and the banner ends above it, so a responder
  // with alarms waiting can still raise a new one in two taps.
  var dock = null;
  function fitBanner() {
    if (!dock || !document.body.classList.contains("alarm-open")) return;
    banner.style.bottom = dock.offsetHeight + "px";
  }
  function dockButton(on) {
    if (!dock) return;
    dock.classList.toggle("alarm-home-docked", on);
    banner.style.bottom = "";
    if (on) fitBanner();
  }

  function show() {
    if (!banner) return;
    if (!pending.length) {
      banner.classList.add("d-none");
      document.body.classList.remove("alarm-open");
      dockButton(false);
      stopSiren();
      return;
    }
    var alarm = pending[0];
    banner.querySelector("[data-alarm-kind]").textContent = alarm.kind_label;
    banner.querySelector("[data-alarm-school]").textContent = alarm.school;
    banner.querySelector("[data-alarm-place]").textContent = alarm.place || "";
    banner.querySelector("[data-alarm-time]").textContent = alarm.raised_at_local;
    banner.querySelector("[data-alarm-open]").setAttribute("href", alarm.url);
    var more = banner.querySelector("[data-alarm-more]");
    more.textContent = pending.length > 1 ? more.getAttribute("data-template").replace("%s", pending.length - 1) : "";
    listOthers(pending.slice(1));
    banner.dataset.alarmId = String(alarm.id);
    banner.classList.remove("d-none");
    if (inline) return;
    document.body.classList.add("alarm-open");
    dockButton(true);
    startSiren();
    banner.querySelector("[data-alarm-ack]").focus();
  }

  function newestFirst(a, b) {
    return Date.parse(b.raised_at) - Date.parse(a.raised_at) || b.id - a.id;
  }

  function forget(id) {
    pending = pending.filter(function (a) { return a.id !== id; });
    show();
  }

  function acknowledge(event) {
    event.preventDefault();
    var alarm = pending[0];
    if (!alarm) return;
    var button = event.currentTarget;
    button.disabled = true;
    fetch(alarm.ack_url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        button.disabled = false;
        if (!response.ok) throw new Error(String(response.status));
        forget(alarm.id);
        if (!pending.length) window.location.href = alarm.url;
      })
      .catch(function () {
        button.disabled = false;
        banner.querySelector("[data-alarm-error]").classList.remove("d-none");
      });
  }

  function onMessage(data) {
    if (data.type !== "alarm.event") return;
    document.dispatchEvent(new CustomEvent("sc:alarm", { detail: data }));
    if (data.event === "raised" && !data.mine && String(data.id) !== pageAlarm) {
      if (!pending.some(function (a) { return a.id === data.id; })) pending.push(data);
      pending.sort(newestFirst);
      show();
    } else if (data.event === "closed") {
      forget(data.id);
    }
  }

  var retry = 1000;
  function connect() {
    var url = banner.getAttribute("data-feed");
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + location.host + url);
    } catch (e) {
      return;
    }
    socket.onopen = function () {
      retry = 1000;
      banner.dataset.connected = "1";
      document.body.dataset.alarmFeed = "connected";
    };
    socket.onmessage = function (event) {
      onMessage(JSON.parse(event.data));
    };
    socket.onclose = function (event) {
      document.body.dataset.alarmFeed = "closed";
      // 4401: not logged in; 4403: the person's access ended. Neither comes back by retrying.
      if (event.code === 4401 || event.code === 4403) return;
      // Reconnect soon and keep trying: an alarm must not be missed because a phone slept.
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }

  // The home page's alarm button: the first tap opens the kinds, the second raises. -------
  function setUpButton() {
    var button = document.getElementById("alarm-button");
    var panel = document.getElementById("alarm-kinds");
    if (!button || !panel) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      panel.classList.toggle("d-none");
      button.setAttribute("aria-expanded", panel.classList.contains("d-none") ? "false" : "true");
    });
    // Before this runs, a tap follows the link to the alarm page: still an alarm, one step longer.
    button.dataset.ready = "true";
  }

  // The alarm page: the running clock and the live status. --------------------------------
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  // The status is redrawn every few seconds: what the person has opened or typed in it (the
  // closing form and its note) is carried into the new copy, never lost to a redraw.
  function fieldsOf(root) {
    var seen = {};
    var out = {};
    root.querySelectorAll("textarea, input, select").forEach(function (field) {
      if (field.type === "hidden" || field.type === "submit") return;
      var name = field.id || field.name;
      seen[name] = (seen[name] || 0) + 1;
      out[name + "#" + seen[name]] = field;
    });
    return out;
  }
  function carryOver(old, fresh) {
    var freshDetails = fresh.querySelectorAll("details");
    old.querySelectorAll("details").forEach(function (d, i) {
      if (d.open && freshDetails[i]) freshDetails[i].open = true;
    });
    var twins = fieldsOf(fresh);
    var mine = fieldsOf(old);
    Object.keys(mine).forEach(function (key) {
      var field = mine[key];
      var twin = twins[key];
      if (!twin) return;
      if (field.type === "checkbox" || field.type === "radio") twin.checked = field.checked;
      else twin.value = field.value;
      if (field === document.activeElement) {
        setTimeout(function () { twin.focus(); }, 0);
      }
    });
  }

  function setUpAlarmPage() {
    var page = document.getElementById("alarm-page");
    if (!page) return;
    var clock = document.getElementById("alarm-clock");
    var raised = Date.parse(page.getAttribute("data-raised"));
    var status = document.getElementById("alarm-status");
    function tick() {
      var closed = page.getAttribute("data-closed");
      var end = closed ? Date.parse(closed) : Date.now();
      var seconds = Math.max(0, Math.floor((end - raised) / 1000));
      clock.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
    }
    function refresh() {
      fetch(status.getAttribute("data-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var fresh = document.createElement("div");
          fresh.innerHTML = html;
          carryOver(status, fresh);
          status.replaceChildren.apply(status, Array.prototype.slice.call(fresh.childNodes));
          var marker = status.querySelector("[data-closed-at]");
          if (marker) page.setAttribute("data-closed", marker.getAttribute("data-closed-at"));
        });
    }
    tick();
    setInterval(tick, 1000);
    if (!page.getAttribute("data-closed")) {
      // Stages turn from running to missed on time, and other people's answers appear.
      setInterval(function () {
        if (!page.getAttribute("data-closed")) refresh();
      }, 5000);
    }
    document.addEventListener("sc:alarm", function (event) {
      if (String(event.detail.id) === page.getAttribute("data-alarm")) refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpButton();
    setUpAlarmPage();
    banner = document.getElementById("alarm-banner");
    if (!banner) return;
    var page = document.querySelector("[data-alarm-strip]");
    if (page) {
      inline = true;
      pageAlarm = page.getAttribute("data-alarm");
      banner.classList.add("alarm-inline");
      banner.setAttribute("role", "alert");
      banner.removeAttribute("aria-modal");
      page.parentNode.insertBefore(banner, page);
    }
    dock = document.getElementById("alarm-home");
    // The kinds open under the docked button: the banner makes room for them.
    if (dock && "ResizeObserver" in window) new ResizeObserver(fitBanner).observe(dock);
    banner.querySelector("[data-alarm-ack]").addEventListener("click", acknowledge);
    connect();
  });
})();
