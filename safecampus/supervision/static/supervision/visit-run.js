// Recording a visit's items on a phone: show how many photos an item has before it is saved,
// and keep a double tap from saving an item twice.
(function () {
  "use strict";
  document.querySelectorAll("form.check-item").forEach(function (form) {
    var input = form.querySelector(".photo-input");
    if (input) {
      input.addEventListener("change", function () {
        var count = form.querySelector(".photo-count");
        if (!count) return;
        count.replaceChildren();
        if (!input.files.length) return;
        var icon = document.createElement("i");
        icon.className = "bi bi-image";
        count.append(icon, " × " + input.files.length);
      });
    }
    form.addEventListener("submit", function () {
      var button = form.querySelector("button");
      if (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
})();
