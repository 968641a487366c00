// On every page of a signed-in person: the service worker (sw.js) that keeps the member's pages for use without a
// connection, the outbox sent whenever the connection is there, and the status line where a page shows one.
import { all, flush, onChange } from './outbox.js';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}

const line = document.querySelector('.sync-status');
const here = document.querySelector('form.checklist, [data-submitted]');
const inspectionId = here && (here.dataset.inspection || here.dataset.submitted);

const refusalText = (refusal) => {
  const kind = { 409: 'refusedConflict', 400: 'refusedInvalid', 403: 'refusedForbidden' }[refusal.status] || 'refusedOther';
  return line.dataset[kind];
};

const show = async () => {
  if (!line) return;
  const entries = await all('outbox').catch(() => []);
  const waiting = entries.filter((e) => e.state === 'waiting' || e.state === 'photos');
  const mine = entries.find((e) => e.inspectionId === inspectionId);
  const parts = [navigator.onLine ? line.dataset.online : line.dataset.offline];
  let state = navigator.onLine ? 'online' : 'offline';
  if (waiting.length > 0) {
    parts.push(line.dataset.waiting.replace('{0}', waiting.length));
    state = 'waiting';
    if (waiting.some((e) => e.problem === 'signIn')) parts.push(line.dataset.signIn);
  }
  if (mine?.state === 'sent') {
    parts.push(line.dataset.sent);
    state = 'sent';
  }
  if (mine?.state === 'refused') {
    parts.push(refusalText(mine.refusal));
    state = 'refused';
  }
  line.textContent = parts.join(' · ');
  line.dataset.state = state;
  line.hidden = false;
};

onChange(show);
show();
const send = () => {
  show();
  if (navigator.onLine) flush();
};
window.addEventListener('online', send);
window.addEventListener('offline', show);
setInterval(send, 15000);
send();

// The member's list and each of its checklists are kept on the phone too, so they open with no connection; the
// service worker fetches them (this page itself was loaded before the worker may have been running).
if (location.pathname === '/inspections' && navigator.onLine && 'serviceWorker' in navigator) {
  const pages = [location.pathname, ...[...document.querySelectorAll('li.inspection a.cover')].map((a) => new URL(a.href).pathname)];
  navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ keep: pages }));
}
