// Drawing zone outlines on the campus plan (four-colour risk map). No inline JS (CSP).
// The SVG's viewBox is the plan image's pixel size, so every point is in image pixels.
// Pointer events: mouse, pen and touch work alike.
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var TAP_SLOP = 8; // screen pixels a tap may move and still add a point
  var HANDLE_RADIUS = 9; // screen pixels

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function el(name, attrs) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function pointsAttr(points) {
    return points.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
  }

  function centroid(points) {
    var area = 0, cx = 0, cy = 0;
    for (var i = 0; i < points.length; i++) {
      var a = points[i], b = points[(i + 1) % points.length];
      var cross = a[0] * b[1] - b[0] * a[1];
      area += cross;
      cx += (a[0] + b[0]) * cross;
      cy += (a[1] + b[1]) * cross;
    }
    if (Math.abs(area) < 1e-9) {
      var sx = 0, sy = 0;
      points.forEach(function (p) { sx += p[0]; sy += p[1]; });
      return [sx / points.length, sy / points.length];
    }
    return [cx / (3 * area), cy / (3 * area)];
  }

  function init() {
    var svg = document.getElementById("zone-editor");
    var dataNode = document.getElementById("zone-map-data");
    if (!svg || !dataNode) return;
    var data = JSON.parse(dataNode.textContent);
    var text = data.messages;
    var zones = {};
    data.zones.forEach(function (zone) { zones[zone.id] = zone; });

    var select = document.getElementById("zone-select");
    var outlines = document.getElementById("zone-outlines");
    var labels = document.getElementById("zone-labels");
    var shape = document.getElementById("edit-shape");
    var handles = document.getElementById("edit-handles");
    var undoButton = document.getElementById("undo-point");
    var clearButton = document.getElementById("clear-points");
    var saveButton = document.getElementById("save-shape");
    var count = document.getElementById("point-count");
    var status = document.getElementById("editor-status");

    var current = null; // the zone being drawn
    var points = []; // its points while editing
    var dirty = false;
    var drag = null; // {index, pointerId} while a point is dragged
    var press = null; // {x, y, pointerId} while the plan is pressed

    function say(message, kind) {
      status.textContent = message || "";
      status.className = "mt-2 small" + (kind ? " text-" + kind : "");
    }

    function toPlan(event) {
      var pt = svg.createSVGPoint();
      pt.x = event.clientX;
      pt.y = event.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      var x = Math.min(Math.max(p.x, 0), data.width);
      var y = Math.min(Math.max(p.y, 0), data.height);
      return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    }

    function screenScale() {
      var ctm = svg.getScreenCTM();
      return ctm && ctm.a ? ctm.a : 1;
    }

    function drawOutlines() {
      outlines.replaceChildren();
      labels.replaceChildren();
      data.zones.forEach(function (zone) {
        if (!zone.points.length || zone === current) return;
        var poly = el("polygon", {
          points: pointsAttr(zone.points),
          fill: zone.colour,
          "fill-opacity": "0.35",
          stroke: zone.colour,
          "stroke-width": "2",
          "vector-effect": "non-scaling-stroke",
          "data-zone": zone.id,
          "class": "outline",
        });
        var title = el("title");
        title.textContent = zone.name;
        poly.appendChild(title);
        outlines.appendChild(poly);
        var c = centroid(zone.points);
        var label = el("text", { x: c[0], y: c[1], fill: "#1a1a1a" });
        label.textContent = zone.name.split(" / ").pop();
        labels.appendChild(label);
      });
    }

    function drawShape() {
      shape.setAttribute("points", pointsAttr(points));
      handles.replaceChildren();
      var r = HANDLE_RADIUS / screenScale();
      points.forEach(function (p, i) {
        handles.appendChild(el("circle", {
          cx: p[0],
          cy: p[1],
          r: i === 0 ? r * 1.3 : r,
          fill: i === 0 ? "#ffffff" : "#0d6efd",
          stroke: "#0d6efd",
          "stroke-width": "2",
          "vector-effect": "non-scaling-stroke",
          "data-index": i,
          "class": "handle",
        }));
      });
      count.textContent = String(points.length);
      undoButton.disabled = !current || !points.length;
      clearButton.disabled = !current || !points.length;
      saveButton.disabled = !current || !dirty;
    }

    function choose(zone) {
      if (dirty && current && !window.confirm(text.unsaved)) {
        select.value = String(current.id);
        return;
      }
      current = zone;
      points = zone ? zone.points.map(function (p) { return p.slice(); }) : [];
      dirty = false;
      // While drawing, touches on the plan draw instead of scrolling the page.
      svg.style.touchAction = zone ? "none" : "";
      svg.style.cursor = zone ? "crosshair" : "";
      say(zone && zone.level ? zone.level : "");
      drawOutlines();
      drawShape();
    }

    function change(newPoints) {
      points = newPoints;
      dirty = true;
      say("");
      drawShape();
    }

    function markOption(zone) {
      var option = select.querySelector('option[value="' + zone.id + '"]');
      if (option) option.textContent = zone.name + (zone.points.length ? " ✓" : "");
      var drawn = document.getElementById("drawn-count");
      if (drawn) {
        drawn.textContent = String(data.zones.filter(function (z) { return z.points.length; }).length);
      }
    }

    select.addEventListener("change", function () {
      choose(zones[select.value] || null);
    });

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== undefined && event.button !== 0) return;
      var index = event.target.getAttribute && event.target.getAttribute("data-index");
      if (current && index !== null && index !== undefined) {
        drag = { index: parseInt(index, 10), pointerId: event.pointerId };
        svg.setPointerCapture(event.pointerId);
        event.preventDefault();
        return;
      }
      press = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    });

    svg.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.pointerId) return;
      var moved = points.slice();
      moved[drag.index] = toPlan(event);
      change(moved);
    });

    function endPress(event) {
      if (drag && event.pointerId === drag.pointerId) {
        if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
        drag = null;
        return;
      }
      if (!press || event.pointerId !== press.pointerId) return;
      var far = Math.abs(event.clientX - press.x) > TAP_SLOP ||
        Math.abs(event.clientY - press.y) > TAP_SLOP;
      press = null;
      if (event.type !== "pointerup" || far) return;
      if (!current) {
        say(text.pick, "warning");
        return;
      }
      change(points.concat([toPlan(event)]));
    }
    svg.addEventListener("pointerup", endPress);
    svg.addEventListener("pointercancel", endPress);

    svg.addEventListener("dblclick", function (event) {
      var index = event.target.getAttribute && event.target.getAttribute("data-index");
      if (!current || index === null || index === undefined) return;
      event.preventDefault();
      var fewer = points.slice();
      fewer.splice(parseInt(index, 10), 1);
      change(fewer);
    });

    undoButton.addEventListener("click", function () {
      if (points.length) change(points.slice(0, -1));
    });

    clearButton.addEventListener("click", function () {
      change([]);
    });

    saveButton.addEventListener("click", function () {
      if (!current) return;
      var zone = current;
      saveButton.disabled = true;
      fetch(zone.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken(),
          "X-Requested-With": "XMLHttpRequest",
        },
        body: JSON.stringify({ points: points }),
      })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          if (!result.ok || !result.body.ok) {
            say((result.body && result.body.detail) || text.failed, "danger");
            saveButton.disabled = false;
            return;
          }
          zone.points = result.body.points;
          if (zone === current) {
            points = zone.points.map(function (p) { return p.slice(); });
            dirty = false;
            drawShape();
          }
          markOption(zone);
          say(zone.points.length ? text.saved : text.deleted, "success");
        })
        .catch(function () {
          say(text.failed, "danger");
          saveButton.disabled = false;
        });
    });

    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "select" || tag === "textarea") return;
      if ((event.ctrlKey || event.metaKey) && event.key === "z" && current && points.length) {
        event.preventDefault();
        change(points.slice(0, -1));
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });

    // Handles keep their size on screen when the window (and so the plan) is resized.
    window.addEventListener("resize", drawShape);

    var wanted = new URLSearchParams(window.location.search).get("zone");
    if (wanted && zones[wanted]) {
      select.value = wanted;
      choose(zones[wanted]);
    } else {
      drawOutlines();
      drawShape();
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
