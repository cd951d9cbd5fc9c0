// WSM Ops service worker: "my shifts" readable offline. Only the staff page and the bundle
// are cached (network first, the last good copy when offline); nothing else, so no other
// page's data stays on the phone. Signing in again (the login page) clears the cache.
const CACHE = 'wsm-my-shifts-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/login') {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  const cacheable = url.pathname === '/moje' || url.pathname.startsWith('/pkg/') || url.pathname === '/style.css' || url.pathname === '/manifest.webmanifest' || url.pathname === '/icon.svg';
  if (!cacheable) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((hit) => hit || Response.error()))
  );
});
