// Running a check: record the phone's own clock at submission (offline, queue.js keeps it
// and replays it later), show how many photos each item has, and keep a double tap from
// submitting twice.
(function () {
  "use strict";
  var form = document.getElementById("run-form");
  if (!form) return;
  form.querySelectorAll(".photo-input").forEach(function (input) {
    input.addEventListener("change", function () {
      var count = input.parentElement.querySelector(".photo-count");
      if (!count) return;
      count.replaceChildren();
      if (!input.files.length) return;
      var icon = document.createElement("i");
      icon.className = "bi bi-image";
      count.append(icon, " × " + input.files.length);
    });
  });
  form.addEventListener("submit", function (event) {
    // Without signal the shared queue (queue.js) keeps the check and sends it later.
    if (navigator.onLine === false) return;
    var field = form.querySelector('input[name="device_time"]');
    if (field) field.value = new Date().toISOString();
    var button = document.getElementById("submit-check");
    if (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
})();
