// Taizhang's service worker: after the first visit the app opens from this browser's cache —
// instantly on a slow link, and at all without one. The data itself lives in localStorage and
// never passes through here.
//
// This file is a template: at every build, scripts/sw-manifest.sh (a trunk post_build hook)
// writes it into dist/ with the release's files and a version derived from their contents.
// A new release therefore means a new service worker, a new cache, and the old cache deleted.

const VERSION = '__TAIZHANG_VERSION__';
const FILES = __TAIZHANG_FILES__;
const CACHE = `taizhang-${VERSION}`;
// How long the page itself may take from the network before the cached copy is shown.
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // The page is fetched past the HTTP cache (it has no hash in its name, so a cached copy
      // could be the previous release's); the hashed files may come from it (they cannot be stale).
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: f === './' ? 'reload' : 'default' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('taizhang-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

// The page: the network first, so that a new release shows at once; the cached copy when the
// network fails or hangs.
function page(request) {
  const cached = () =>
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => hit || cache.match('./')));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (response) => {
      if (!settled && response) {
        settled = true;
        resolve(response);
      }
    };
    const timer = setTimeout(() => cached().then(settle), NAVIGATION_TIMEOUT_MS);
    // Always asked of the server (a conditional request: a 304 when unchanged). A navigation's
    // own cache mode lets the HTTP cache answer by itself while the page is heuristically fresh
    // (a tenth of its age, when the host sends no Cache-Control: days for a weeks-old release),
    // and the first visit after a deployment would show the previous release.
    const cache = request.cache === 'reload' || request.cache === 'no-store' ? request.cache : 'no-cache';
    fetch(request, { cache })
      .then((response) => {
        clearTimeout(timer);
        settle(response);
      })
      .catch(() => {
        clearTimeout(timer);
        cached().then((hit) => settle(hit || Response.error()));
      });
  });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  // Everything else a release ships has a content hash in its name: a cached copy is the right one.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
