// SafeCampus service worker (served by core.views.phone.service_worker at /sw.js).
// Static files: from the cache first (their version is in the cache's name, so a new deploy
// brings new copies). Pages: from the network first; without signal a page the person had
// open for a field task (marked by the server) comes from the cache, any other the offline page.
// Posts are never touched here: the page's queue (queue.js) keeps what could not be sent.
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "safecampus-static-" + CONFIG.version;
const PAGE_CACHE = "safecampus-pages";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(STATIC_CACHE);
      await cache.addAll(CONFIG.shell);
      // The two pages that must open without signal.
      const pages = await caches.open(PAGE_CACHE);
      for (const url of [CONFIG.offline, CONFIG.queuePage]) {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok) await pages.put(url, response);
      }
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("safecampus-static-") && name !== STATIC_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

// Logging out forgets the pages kept for offline use: they show the person's own data.
self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") {
    event.waitUntil(
      caches.delete(PAGE_CACHE).then(() => caches.open(PAGE_CACHE)).then((pages) =>
        Promise.all([CONFIG.offline, CONFIG.queuePage].map((url) =>
          fetch(url, { credentials: "same-origin" }).then((r) => (r.ok ? pages.put(url, r) : null)).catch(() => null)
        ))
      )
    );
  }
});

async function fromStatic(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

async function page(request) {
  const pages = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get("X-SafeCampus-Offline") === "keep") {
      pages.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await pages.match(request.url, { ignoreSearch: false });
    if (kept) return kept;
    const offline = await pages.match(CONFIG.offline);
    if (offline) return offline;
    return new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CONFIG.never.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(fromStatic(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
