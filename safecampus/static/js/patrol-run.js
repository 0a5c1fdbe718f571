// The patrol round page on a phone: scan a checkpoint's QR label with the camera, or type its
// code; every scan goes into the phone's shared queue (queue.js) with a UUID and the phone's
// time, and is sent to the API from there. Without signal it waits and is replayed later; the
// UUID makes a replay harmless. A refused scan (another school's label, a checkpoint not on
// the route) is shown and stays in the queue with its reason until the guard deals with it.
(function () {
  "use strict";

  var panel = document.getElementById("scan-panel");
  if (!panel || !window.SafeCampusQueue) return;
  var queue = window.SafeCampusQueue;
  var form = document.getElementById("scan-form");
  var message = document.getElementById("scan-message");
  var queueBox = document.getElementById("scan-queue");
  var OLD_KEY = "safecampus.patrol.queue"; // where scans waited before the shared queue

  function show(text, kind) {
    message.textContent = text;
    message.className = "alert alert-" + kind;
  }

  // The page's sentences come translated whole, with a %(name)s where a value goes: each
  // language keeps its own order and punctuation (Chinese ends a label with "：", no space).
  // A page the phone kept from an older version may lack the sentence: the value alone then.
  function fill(sentence, name, value) {
    var slot = "%(" + name + ")s";
    return (sentence || slot).replace(slot, function () { return value; });
  }

  function recorded(codes) {
    return "\u2713 " + fill(panel.dataset.recorded, "codes", codes.join(", "));
  }

  function showBatch(results) {
    var done = results.filter(function (r) { return r.ok !== false; });
    var refused = results.filter(function (r) { return r.ok === false; });
    message.replaceChildren();
    if (done.length) {
      var line = document.createElement("div");
      line.textContent = recorded(done.map(function (r) { return r.checkpoint_code; }));
      message.append(line);
    }
    refused.forEach(function (r) {
      var reason = document.createElement("div");
      reason.textContent = r.detail;
      message.append(reason);
    });
    message.className = "alert alert-" + (refused.length ? "danger" : "success");
  }

  function mine(item) { return item.kind === "json" && item.url === panel.dataset.api; }

  function showQueue() {
    queue.all().then(function (items) {
      var n = items.filter(function (item) { return mine(item) && item.status === "waiting"; }).length;
      queueBox.classList.toggle("d-none", n === 0);
      document.getElementById("scan-queue-count").textContent = String(n);
    }).catch(function () {});
  }

  // A batch of queued scans answers for each scan: the sheet is fetched once after them all.
  var refreshTimer = null;
  function refreshSheet() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(fetchSheet, 150);
  }

  function fetchSheet() {
    fetch(panel.dataset.sheet, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        // The sheet and the Start button: a round started or completed by scans offers no Start.
        ["round-start", "sheet"].forEach(function (id) {
          var fresh = holder.querySelector("#" + id);
          var shown = document.getElementById(id);
          if (fresh && shown) shown.replaceWith(fresh);
        });
      })
      .catch(function () {});
  }

  window.addEventListener("safecampus:queue", function (event) {
    var detail = event.detail;
    if (!detail.item || !mine(detail.item)) { showQueue(); return; }
    var results = (detail.answer && detail.answer.results) || [];
    if (results.length > 1) {
      // Scans that waited for signal came back together: one message for them all, so that
      // a refusal among them is not covered by the success of the next.
      showBatch(results);
      if (detail.type === "sent") refreshSheet();
      showQueue();
      return;
    }
    var result = results.filter(function (r) { return r.client_uuid === detail.item.id; })[0];
    if (detail.type === "sent" && result) {
      show(recorded([result.checkpoint_code]), "success");
      refreshSheet();
    } else if (detail.type === "refused") {
      show(detail.item.reason, "danger");
    }
    showQueue();
  });

  function readPhoto(input) {
    var file = input && input.files && input.files[0];
    if (!file) return Promise.resolve("");
    // Shrunk on the phone first (queue.js), then kept as a data URL inside the scan's JSON.
    return queue.shrink(file).then(function (small) {
      return new Promise(function (resolve) {
        var reader = new FileReader();
        reader.onload = function () { resolve(String(reader.result)); };
        reader.onerror = function () { resolve(""); };
        reader.readAsDataURL(small);
      });
    });
  }

  function queueScan(scan) {
    return queue.add({
      id: scan.client_uuid,
      kind: "json",
      url: panel.dataset.api,
      json: { scans: [scan] },
      batch: "scans", // scans that waited for signal go together in one request
      label: fill(panel.dataset.label, "code", scan.code || scan.qr.slice(-12)),
      recorded_at: scan.recorded_at,
    });
  }

  function enqueue(fields) {
    return readPhoto(form.querySelector("input[type=file]")).then(function (photo) {
      var scan = {
        client_uuid: queue.uuid4(),
        round_id: parseInt(panel.dataset.round, 10),
        qr: fields.qr || "",
        code: fields.code || "",
        recorded_at: new Date().toISOString(),
        note: form.querySelector("[name=note]").value,
        problem: form.querySelector("[name=problem]").checked,
        category: form.querySelector("[name=category]").value,
        photo: photo,
      };
      return queueScan(scan).catch(function () {
        if (!scan.photo) throw new Error("full");
        // No room for the photo: keep the scan itself, and say so rather than lose it quietly.
        scan.photo = "";
        return queueScan(scan).then(function () { show(panel.dataset.photoDropped, "warning"); });
      }).then(function () {
        // The guard may have typed the next code while this scan was being saved: keep it.
        var input = form.querySelector("[name=code]");
        var typed = input.value;
        form.reset();
        if (typed.trim() !== scan.code) input.value = typed;
        showQueue();
      }).catch(function () {
        show(panel.dataset.full, "danger");
      });
    });
  }

  // Scans saved by the page before the shared queue existed move into it, once.
  function migrate() {
    var old;
    try { old = JSON.parse(localStorage.getItem(OLD_KEY) || "[]"); } catch (e) { old = []; }
    if (!old.length) return Promise.resolve();
    return old.reduce(function (chain, scan) {
      return chain.then(function () { return queueScan(scan); });
    }, Promise.resolve()).then(function () { localStorage.removeItem(OLD_KEY); });
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

  migrate().then(showQueue, showQueue);
})();
