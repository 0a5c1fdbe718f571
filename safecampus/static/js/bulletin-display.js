// The major-risk bulletin on a screen at the gate: fetch the page again every few minutes and
// swap the board in; if the fetch fails, keep the last board and say since when. A board taller
// than the screen pages down slowly. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var body = document.body;
  var seconds = parseInt(body.dataset.refreshSeconds || "300", 10);
  var board = document.getElementById("board");
  var stale = document.getElementById("stale");
  var refreshes = 0;
  if (!board) return;

  function showStale() {
    if (!stale) return;
    var updated = document.getElementById("updated");
    // The sentence is translated whole: the time goes where the language puts it.
    var at = updated ? updated.textContent : "";
    stale.textContent = stale.dataset.text.replace("%(time)s", function () { return at; });
    stale.classList.remove("d-none");
  }

  function refresh() {
    refreshes += 1;
    // A server that does not answer within a minute counts as a failure, not a hang.
    var controller = "AbortController" in window ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 60000) : null;
    fetch(location.href, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        clearTimeout(timer);
        // Redirected means the session ended (the login page): keep the board, say it is old.
        if (!response.ok || response.redirected) throw new Error("not refreshed");
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        if (!fresh) throw new Error("no board");
        // Once an hour reload the whole page (new level colours, a fresh start for a 24/7 screen).
        if (refreshes % 12 === 0) {
          location.reload();
          return;
        }
        board.innerHTML = fresh.innerHTML;
        if (stale) stale.classList.add("d-none");
        window.scrollTo(0, 0);
      })
      .catch(function () {
        clearTimeout(timer);
        showStale();
      });
  }

  if (seconds > 0) setInterval(refresh, seconds * 1000);

  // Page down through a board taller than the screen, then back to the top.
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  setInterval(function () {
    var bottom = document.documentElement.scrollHeight - window.innerHeight;
    if (bottom <= 4) return;
    var behaviour = reduced ? "auto" : "smooth";
    if (window.scrollY >= bottom - 4) {
      window.scrollTo({ top: 0, behavior: behaviour });
    } else {
      window.scrollBy({ top: Math.round(window.innerHeight * 0.7), behavior: behaviour });
    }
  }, 15000);

  var button = document.getElementById("fullscreen");
  if (button && document.documentElement.requestFullscreen) {
    button.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
    document.addEventListener("fullscreenchange", function () {
      body.classList.toggle("is-fullscreen", !!document.fullscreenElement);
    });
  } else if (button) {
    button.classList.add("d-none");
  }
})();
