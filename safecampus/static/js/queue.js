// The phone's one queue for field work done without signal (docs/phone.md).
//
// An item is kept in IndexedDB with its client UUID and the phone's time, then sent when the
// signal returns (the "online" event, every page load, every 30 s while a page is open). Two
// kinds of item:
//   - "form": a page's form (hazard report, check, visitor, drill), replayed to the form's own
//     URL with the header X-SafeCampus-Queue; the server answers JSON (core.phonequeue).
//   - "json": a JSON body for an API endpoint (patrol scans). An item with `batch` (the name
//     of the list in its body, e.g. "scans") travels with the waiting items of the same URL
//     and list in one request: a round scanned without signal is one request when the
//     signal returns, not one per checkpoint, and the server records it in one transaction.
// A 2xx answer removes the item (an answer with `results` is read per client UUID). A 4xx
// answer keeps it as refused, with the server's translated reason, until the person sends it
// again or discards it. No answer (no signal) or a 5xx keeps it waiting. The client UUID makes
// a second send harmless: the server answers with the first result and creates nothing.
//
// A form joins the queue with data-queue="<label>": while the phone is offline, submitting it
// saves it here instead of losing it to the browser's error page.
(function () {
  "use strict";

  var DB_NAME = "safecampus";
  var STORE = "queue";
  var MAX_SIDE = 1600; // photos are shrunk to this many pixels on their longer side
  var body = document.body;
  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("queue-strings").textContent);
  } catch (e) {
    strings = {};
  }
  // Whose items these are. The offline and queue pages may have been kept by the service worker
  // before anyone logged in: they name nobody, and the last person seen on this phone is meant.
  var USER_KEY = "safecampus.user";
  var user = body.dataset.user || "";
  try {
    if (user) localStorage.setItem(USER_KEY, user);
    else user = localStorage.getItem(USER_KEY) || "";
  } catch (e) {
    // Storage refused (private mode): only the page's own person is known.
  }
  var flushing = false;
  var again = false; // something was added while a flush ran: run once more after it
  var dbPromise = null;

  function open() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore(STORE, { keyPath: "id" });
        store.createIndex("created", "created");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return dbPromise;
  }

  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function all() {
    return tx("readonly", function (store) { return store.getAll(); }).then(function (items) {
      // Each person sees and sends only their own items (a shared phone).
      return (items || [])
        .filter(function (item) { return item.user === user; })
        .sort(function (a, b) { return a.created < b.created ? -1 : 1; });
    });
  }
  function put(item) { return tx("readwrite", function (store) { store.put(item); }); }
  function remove(id) { return tx("readwrite", function (store) { store.delete(id); }); }
  function get(id) { return tx("readonly", function (store) { return store.get(id); }); }

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

  function announce(type, item, answer) {
    window.dispatchEvent(new CustomEvent("safecampus:queue", {
      detail: { type: type, item: item, answer: answer },
    }));
  }

  // A photo is drawn smaller on a canvas before it is stored: a phone's 12-megapixel picture
  // would fill the storage and take minutes on a weak signal.
  function shrink(file) {
    if (!file || !/^image\//.test(file.type)) return Promise.resolve(file);
    return new Promise(function (resolve) {
      var img = new Image();
      var url = URL.createObjectURL(file);
      img.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          if (!blob) { resolve(file); return; }
          var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }

  function add(item) {
    item.id = item.id || uuid4();
    item.user = user;
    item.status = "waiting";
    item.reason = "";
    item.created = item.created || new Date().toISOString();
    item.recorded_at = item.recorded_at || item.created;
    item.page = item.page || location.pathname + location.search;
    return put(item).then(function () {
      announce("change", item);
      showBadge();
      flush();
      return item;
    });
  }

  // The security token as the browser holds it now (the cookie): a page kept by the service
  // worker may carry the token of an earlier session.
  function csrfToken() {
    var cookie = document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function request(item) {
    var headers = { "X-SafeCampus-Queue": "1", "X-CSRFToken": csrfToken() };
    var payload;
    if (item.kind === "json") {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(item.json);
    } else {
      payload = new FormData();
      (item.fields || []).forEach(function (field) {
        if (field.length === 3) payload.append(field[0], field[1], field[2]);
        else payload.append(field[0], field[1]);
      });
    }
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: payload,
    });
  }

  function answerOf(response) {
    return response.json().catch(function () { return {}; });
  }

  // What the server said about one item: "sent", "refused" (with a reason), "login" or "later".
  function judge(item, status, answer) {
    if (status === 401) return { state: "login", answer: answer };
    if (status >= 500) return { state: "later", answer: answer };
    if (status >= 400) {
      return { state: "refused", reason: answer.detail || strings.notAccepted, answer: answer };
    }
    var results = answer && answer.results;
    if (Array.isArray(results)) {
      var mine = results.filter(function (r) { return r.client_uuid === item.id; })[0];
      if (mine && (mine.ok === false || mine.status === "refused")) {
        return { state: "refused", reason: mine.detail || strings.notAccepted, answer: answer };
      }
    }
    return { state: "sent", answer: answer };
  }

  function sendOne(item) {
    return request(item).then(function (response) {
      return answerOf(response).then(function (answer) {
        return settle(item, judge(item, response.status, answer));
      });
    });
  }

  // Items sent one after another; the chain stops at the first that must wait.
  function inTurn(items, send) {
    return items.reduce(function (chain, item) {
      return chain.then(function (goOn) { return goOn && send(item); });
    }, Promise.resolve(true));
  }

  function sendBatch(group) {
    if (group.length === 1) return sendOne(group[0]);
    var key = group[0].batch;
    var json = {};
    json[key] = [];
    group.forEach(function (item) { json[key] = json[key].concat((item.json && item.json[key]) || []); });
    return request({ kind: "json", url: group[0].url, json: json }).then(function (response) {
      if (response.status >= 400 && response.status < 500 && response.status !== 401) {
        // A refusal of the whole request (one entry the server cannot read): each item goes
        // alone, so that only the unreadable one is refused and the rest are recorded.
        return inTurn(group, sendOne);
      }
      return answerOf(response).then(function (answer) {
        return inTurn(group, function (item) {
          return settle(item, judge(item, response.status, answer));
        });
      });
    });
  }

  var BATCH_ITEMS = 50; // the API takes up to 100 scans a request
  var BATCH_CHARS = 3000000; // photos travel inside the JSON: a weak signal needs small requests

  function sizeOf(item) {
    try { return JSON.stringify(item.json || {}).length; } catch (e) { return BATCH_CHARS; }
  }

  // Waiting items in order, the neighbours that may travel together grouped.
  function batches(items) {
    var groups = [];
    items.forEach(function (item) {
      var last = groups[groups.length - 1];
      var size = sizeOf(item);
      var joins = item.kind === "json" && item.batch && last && last[0].batch === item.batch &&
        last[0].url === item.url && last.length < BATCH_ITEMS && last.chars + size <= BATCH_CHARS;
      if (joins) {
        last.push(item);
        last.chars += size;
      } else {
        var group = [item];
        group.chars = size;
        groups.push(group);
      }
    });
    return groups;
  }

  // The item's fate once the server has answered about it.
  function settle(item, result) {
    if (result.state === "sent") {
      return remove(item.id).then(function () {
        announce("sent", item, result.answer);
        tellSent(item, result.answer);
        return true;
      });
    }
    // Discarded while it was on its way: the person's choice stands.
    return get(item.id).then(function (still) {
      if (!still) return true;
      if (result.state === "refused") {
        item.status = "refused";
        item.reason = result.reason;
        return put(item).then(function () { announce("refused", item, result.answer); return true; });
      }
      item.status = "waiting";
      item.reason = result.state === "login" ? strings.login : "";
      return put(item).then(function () { return false; });
    });
  }

  // What the server said about a form sent later (a visitor held by the watchlist, a hazard's
  // number) is shown on whatever page is open then, so it is not missed.
  function tellSent(item, answer) {
    var main = document.getElementById("main");
    if (!main || item.kind !== "form" || !answer || !answer.detail) return;
    var box = document.createElement("div");
    box.className = "alert alert-info queue-sent";
    box.setAttribute("role", "status");
    box.textContent = (item.label ? item.label + " — " : "") + answer.detail;
    main.prepend(box);
  }

  // Sends what waits, oldest first, one request at a time (neighbouring scans in one request);
  // stops at the first failure of the network.
  function flush() {
    if (!user || !window.indexedDB) return Promise.resolve();
    if (flushing) { again = true; return Promise.resolve(); }
    flushing = true;
    again = false;
    return all().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "waiting"; });
      return inTurn(batches(waiting), sendBatch);
    }).catch(function () {
      // No signal: everything stays as it was.
    }).then(function () {
      flushing = false;
      showBadge();
      renderList();
      if (again) flush();
    });
  }

  function retry(id) {
    return get(id).then(function (item) {
      if (!item) return null;
      item.status = "waiting";
      item.reason = "";
      return put(item).then(flush);
    });
  }

  function discard(id) {
    return remove(id).then(function () { announce("change", { id: id }); showBadge(); renderList(); });
  }

  function showBadge() {
    var badge = document.getElementById("queue-badge");
    if (!badge || !window.indexedDB) return Promise.resolve();
    return all().then(function (items) {
      var refused = items.some(function (item) { return item.status === "refused"; });
      var count = document.getElementById("queue-count");
      count.textContent = String(items.length);
      count.className = "badge rounded-pill " + (refused ? "bg-danger" : "bg-warning text-dark");
      badge.classList.toggle("d-none", items.length === 0);
      badge.dataset.count = String(items.length);
    }).catch(function () {});
  }

  // The "waiting to be sent" page: one row per item, with what the person can do about it.
  function renderList() {
    var list = document.getElementById("queue-list");
    if (!list) return Promise.resolve();
    return all().then(function (items) {
      list.replaceChildren();
      document.getElementById("queue-empty").classList.toggle("d-none", items.length > 0);
      items.forEach(function (item) {
        var row = document.createElement("div");
        row.className = "list-group-item queue-item";
        row.dataset.status = item.status;
        var title = document.createElement("div");
        title.className = "d-flex justify-content-between gap-2";
        var label = document.createElement("strong");
        label.textContent = item.label || item.url;
        var state = document.createElement("span");
        state.className = "badge " + (item.status === "refused" ? "text-bg-danger" : "text-bg-warning");
        state.textContent = item.status === "refused" ? strings.refused : strings.waiting;
        title.append(label, state);
        var when = document.createElement("div");
        when.className = "small text-muted";
        when.textContent = new Date(item.recorded_at).toLocaleString();
        row.append(title, when);
        if (item.reason) {
          var reason = document.createElement("div");
          reason.className = "small " + (item.status === "refused" ? "text-danger" : "text-muted");
          reason.setAttribute("role", "alert");
          reason.textContent = item.reason;
          row.append(reason);
        }
        if (item.status === "refused") {
          var actions = document.createElement("div");
          actions.className = "d-flex flex-wrap gap-2 mt-2";
          var again = document.createElement("button");
          again.type = "button";
          again.className = "btn btn-sm btn-outline-primary queue-retry";
          again.textContent = strings.retry;
          again.addEventListener("click", function () { retry(item.id); });
          var drop = document.createElement("button");
          drop.type = "button";
          drop.className = "btn btn-sm btn-outline-danger queue-discard";
          drop.textContent = strings.discard;
          drop.addEventListener("click", function () {
            if (window.confirm(strings.discardConfirm)) discard(item.id);
          });
          actions.append(again, drop);
          if (item.page) {
            var link = document.createElement("a");
            link.className = "btn btn-sm btn-link";
            link.href = item.page;
            link.textContent = strings.open;
            actions.append(link);
          }
          row.append(actions);
        }
        list.append(row);
      });
    }).catch(function () {});
  }

  // A form marked data-queue: offline, its entries (photos shrunk) go into the queue.
  function formFields(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var fields = [];
    var waits = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return; // the page's token is taken when it is sent
      if (value instanceof File) {
        if (!value.size) return; // an empty file input
        waits.push(shrink(value).then(function (small) { fields.push([name, small, small.name]); }));
      } else {
        fields.push([name, value]);
      }
    });
    return Promise.all(waits).then(function () { return fields; });
  }

  function notice(form, text, kind) {
    var box = form.querySelector(".queue-notice");
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "status");
      form.prepend(box);
    }
    box.className = "queue-notice alert alert-" + kind;
    box.textContent = text;
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-queue") || navigator.onLine !== false) return;
    if (event.defaultPrevented) return;
    // A form that asks first (app.js) is queued only once the person confirmed.
    if (form.hasAttribute("data-confirm-step") && !(event.submitter && event.submitter.name === "confirmed")) return;
    event.preventDefault();
    var now = new Date().toISOString();
    var uuidInput = form.querySelector('input[name="client_uuid"]');
    var id = (uuidInput && uuidInput.value) || uuid4();
    var timeInput = form.querySelector('input[name="device_time"]');
    if (timeInput) timeInput.value = now;
    formFields(form, event.submitter).then(function (fields) {
      if (!uuidInput) fields.push(["client_uuid", id]);
      fields.push(["recorded_at", now]);
      var label = form.getAttribute("data-queue");
      var detail = form.getAttribute("data-queue-detail");
      if (detail) {
        var input = form.querySelector('[name="' + detail + '"]');
        // "label: detail" is one translated sentence: Chinese joins them with "：".
        if (input && input.value) {
          var values = { label: label, detail: input.value };
          label = (strings.withDetail || "%(label)s: %(detail)s").replace(
            /%\((label|detail)\)s/g, function (_match, name) { return values[name]; });
        }
      }
      return add({
        id: id,
        kind: "form",
        url: form.getAttribute("action") || location.pathname + location.search,
        fields: fields,
        label: label,
        recorded_at: now,
      });
    }).then(function () {
      form.reset();
      if (uuidInput) uuidInput.value = uuid4(); // the next entry is a new one
      form.querySelectorAll(".photo-count").forEach(function (el) { el.replaceChildren(); });
      notice(form, strings.saved, "warning");
      form.dispatchEvent(new CustomEvent("safecampus:queued", { bubbles: true }));
    }).catch(function () {
      notice(form, strings.full, "danger");
    });
  });

  window.SafeCampusQueue = {
    add: add,
    all: all,
    flush: flush,
    retry: retry,
    discard: discard,
    shrink: shrink,
    uuid4: uuid4,
  };

  function start() {
    if (!window.indexedDB) return;
    var sendAll = document.getElementById("queue-send-all");
    if (sendAll) {
      sendAll.addEventListener("click", function () {
        all().then(function (items) {
          return Promise.all(items.map(function (item) {
            item.status = "waiting";
            return put(item);
          }));
        }).then(flush);
      });
    }
    showBadge();
    renderList();
    flush();
  }

  window.addEventListener("online", flush);
  window.setInterval(function () { if (navigator.onLine !== false) flush(); }, 30000);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // The service worker: installs the app and keeps its shell for pages opened without signal.
  if ("serviceWorker" in navigator && body.dataset.sw) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(body.dataset.sw, { scope: "/" }).catch(function () {});
    });
    document.addEventListener("submit", function (event) {
      var action = event.target.getAttribute("action") || "";
      if (!/\/logout\/$/.test(action)) return;
      try { localStorage.removeItem(USER_KEY); } catch (e) { /* nothing kept */ }
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-pages");
      }
    });
  }
})();
