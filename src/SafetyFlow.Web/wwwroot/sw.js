// SafetyFlow's service worker: the member's pages open with no connection (decision 021).
// - The app shell (styles, scripts, icons, the offline page) is kept at install and refreshed whenever fetched.
// - Pages under /inspections (this week's list and each checklist) are fetched from the network first and kept; with
//   no connection the copy kept is shown. Other pages need the connection; without it the offline page says so.
// - API calls, photos and every POST go straight to the network: answers wait in the page's outbox (js/outbox.js).
// - Signing out forgets the pages kept, so the next person on the same phone does not see them.
const SHELL = 'safetyflow-shell-v3';
const PAGES = 'safetyflow-pages-v1';
const SHELL_FILES = ['/css/site.css', '/js/clock.js', '/js/app.js', '/js/outbox.js', '/js/checklist.js', '/offline.html', '/manifest.webmanifest', '/icons/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== PAGES).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

const isShell = (path) => /^\/(css|js|lib|icons)\//.test(path) || path === '/offline.html' || path === '/manifest.webmanifest';
const isKeptPage = (path) => path === '/inspections' || /^\/inspections\/[0-9a-f-]{36}$/i.test(path);

// Only a page the server really showed is kept: not a redirect to the sign-in page, not an error.
const keep = async (cacheName, key, response) => {
  if (response.ok && !response.redirected && response.type === 'basic') {
    const cache = await caches.open(cacheName);
    await cache.put(key, response.clone());
  }
  return response;
};

const networkFirst = async (request, cacheName, key) => {
  try {
    return await keep(cacheName, key, await fetch(request));
  } catch (error) {
    const kept = await caches.match(key, { ignoreSearch: true });
    if (kept) return kept;
    if (request.mode === 'navigate') return (await caches.match('/offline.html')) || Response.error();
    throw error;
  }
};

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname === '/logout') event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (isShell(url.pathname)) {
    event.respondWith(networkFirst(request, SHELL, url.pathname));
  } else if (isKeptPage(url.pathname)) {
    event.respondWith(networkFirst(request, PAGES, url.pathname));
  } else if (request.mode === 'navigate' && !url.pathname.startsWith('/api') && !url.pathname.startsWith('/hangfire')) {
    event.respondWith(fetch(request).catch(async () => (await caches.match('/offline.html')) || Response.error()));
  }
});

// The list page names the checklists of the week: keep each of them now.
self.addEventListener('message', (event) => {
  const pages = (event.data && event.data.keep) || [];
  event.waitUntil(Promise.all(pages.filter(isKeptPage).map((path) =>
    fetch(path, { credentials: 'same-origin' }).then((response) => keep(PAGES, path, response)).catch(() => {}))));
});
