// The patrol round page on a phone: scan a checkpoint's QR label with the camera, or type its
// code; every scan is queued in localStorage with a UUID and the phone's time, then sent to the
// API in a batch. Without signal the queue waits and is replayed later; the UUID makes a replay
// harmless. Refusals (another school's label, a checkpoint not on the route) are shown and
// dropped, never retried.
(function () {
  "use strict";

  var panel = document.getElementById("scan-panel");
  if (!panel) return;
  var form = document.getElementById("scan-form");
  var message = document.getElementById("scan-message");
  var queueBox = document.getElementById("scan-queue");
  var KEY = "safecampus.patrol.queue";
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try {
      localStorage.setItem(KEY, JSON.stringify(queue));
      return true;
    } catch (e) {
      return false; // the phone's storage is full
    }
  }

  function show(text, kind) {
    message.textContent = text;
    message.className = "alert alert-" + kind;
  }

  function showQueue() {
    var n = load().length;
    queueBox.classList.toggle("d-none", n === 0);
    document.getElementById("scan-queue-count").textContent = String(n);
  }

  function refreshSheet() {
    fetch(panel.dataset.sheet, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#sheet");
        if (fresh) document.getElementById("sheet").replaceWith(fresh);
      })
      .catch(function () {});
  }

  function flush() {
    var queue = load();
    if (sending || queue.length === 0) { showQueue(); return; }
    sending = true;
    var batch = queue.slice(0, 20);
    fetch(panel.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ scans: batch }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        var done = {};
        body.results.forEach(function (result) {
          done[result.client_uuid] = true;
          if (result.ok) {
            show("✓ " + panel.dataset.ok + " " + result.checkpoint_code, "success");
          } else {
            show(result.detail, "danger");
          }
        });
        save(load().filter(function (item) { return !done[item.client_uuid]; }));
        sending = false;
        showQueue();
        refreshSheet();
        if (load().length) flush();
      })
      .catch(function () {
        // No signal (or the server is away): keep the queue, try again later.
        sending = false;
        showQueue();
      });
  }

  function readPhoto(input) {
    var file = input && input.files && input.files[0];
    if (!file) return Promise.resolve("");
    return new Promise(function (resolve) {
      var img = new Image();
      img.onload = function () {
        // Scaled to at most 1600 px so a queued photo fits in the phone's storage.
        var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * scale);
        c.height = Math.round(img.height * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(img.src);
        resolve(c.toDataURL("image/jpeg", 0.8));
      };
      img.onerror = function () { resolve(""); };
      img.src = URL.createObjectURL(file);
    });
  }

  function enqueue(fields) {
    return readPhoto(form.querySelector("input[type=file]")).then(function (photo) {
      var item = {
        client_uuid: uuid4(),
        round_id: parseInt(panel.dataset.round, 10),
        qr: fields.qr || "",
        code: fields.code || "",
        recorded_at: new Date().toISOString(),
        note: form.querySelector("[name=note]").value,
        problem: form.querySelector("[name=problem]").checked,
        category: form.querySelector("[name=category]").value,
        photo: photo,
      };
      var queue = load();
      queue.push(item);
      if (!save(queue)) {
        // No room for the photo: keep the scan itself, and say so rather than lose it quietly.
        item.photo = "";
        if (!save(queue)) {
          show(panel.dataset.full, "danger");
          return;
        }
        show(panel.dataset.photoDropped, "warning");
      }
      form.reset();
      showQueue();
      flush();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = form.querySelector("[name=code]").value.trim();
    if (!code) { form.querySelector("[name=code]").focus(); return; }
    enqueue({ code: code });
  });

  // The camera: frames are decoded with the shared SafeCampusQR.decodeImage.
  var video = document.getElementById("camera");
  var box = document.getElementById("camera-box");
  var button = document.getElementById("camera-button");
  var stream = null;
  var lastText = "";
  var lastAt = 0;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.classList.add("d-none");
  }

  function tick() {
    if (!stream) return;
    if (video.readyState >= 2) {
      var text = window.SafeCampusQR.decodeImage(video);
      var now = Date.now();
      // The same label held in front of the camera is one scan, not one per frame.
      if (text && (text !== lastText || now - lastAt > 5000)) {
        lastText = text;
        lastAt = now;
        if (navigator.vibrate) navigator.vibrate(80);
        enqueue({ qr: text });
      }
    }
    setTimeout(tick, 250);
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          box.classList.remove("d-none");
          return video.play();
        })
        .then(tick)
        .catch(function (error) { show(String(error && error.message || error), "warning"); });
    });
    document.getElementById("camera-stop").addEventListener("click", stopCamera);
  }

  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  showQueue();
  flush();
})();
