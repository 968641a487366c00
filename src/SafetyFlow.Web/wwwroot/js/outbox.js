// What the phone keeps for the member (IndexedDB, database "safetyflow"): the answers of each checklist as they are
// entered (drafts), the photos taken for them (photos), and the finished checklists waiting to be sent (outbox).
// Nothing leaves the phone until the server has it: a refusal or a lost connection keeps every answer and photo.
//
// Sending: each finished checklist gets one Idempotency-Key when it is queued; every retry sends the same key, so a
// retry after a lost answer, a double tap or a second tab never raises findings twice. The answers go to
// POST /api/inspections/{id}/submit with a bearer token the signed-in page asks for; the photos follow one by one
// to the checklist page once the answers are stored, and each leaves the phone only when the server has it.

const open = () => new Promise((resolve, reject) => {
  const request = indexedDB.open('safetyflow', 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('drafts', { keyPath: 'inspectionId' });
    db.createObjectStore('photos', { keyPath: 'id' }).createIndex('inspection', 'inspectionId');
    db.createObjectStore('outbox', { keyPath: 'inspectionId' });
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

let database;
const run = async (store, mode, work) => {
  database ??= open();
  const db = await database;
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = work(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
};

export const get = (store, key) => run(store, 'readonly', (s) => s.get(key));
export const put = (store, value) => run(store, 'readwrite', (s) => s.put(value));
export const remove = (store, key) => run(store, 'readwrite', (s) => s.delete(key));
export const all = (store) => run(store, 'readonly', (s) => s.getAll());
export const photosOf = (inspectionId) => run('photos', 'readonly', (s) => s.index('inspection').getAll(inspectionId));

// A random key; crypto.randomUUID needs a secure context, which a phone on a plain-HTTP address may not have.
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
  : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join(''));

const listeners = new Set();
export const onChange = (listener) => listeners.add(listener);
const changed = () => listeners.forEach((listener) => listener());

// Any page's form carries the anti-forgery token of the signed-in person.
const antiforgery = () => document.querySelector('input[name=__RequestVerificationToken]')?.value || '';

let token = null;
const bearer = async (inspectionId) => {
  if (token && token.until > Date.now()) return token.value;
  const response = await fetch(`/inspections/${inspectionId}?handler=token`, {
    method: 'POST', credentials: 'same-origin', redirect: 'manual', headers: { RequestVerificationToken: antiforgery() },
  });
  if (!response.ok) return null;
  const { accessToken, expiresIn } = await response.json();
  token = { value: accessToken, until: Date.now() + (expiresIn - 60) * 1000 };
  return token.value;
};

const sendAnswers = async (entry) => {
  let response;
  try {
    const auth = await bearer(entry.inspectionId);
    if (!auth) {
      await put('outbox', { ...entry, problem: 'signIn' });
      return entry;
    }
    response = await fetch(`/api/inspections/${entry.inspectionId}/submit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${auth}`, 'Idempotency-Key': entry.key },
      body: JSON.stringify(entry.body),
    });
  } catch {
    return entry; // No connection: it stays in the outbox.
  }
  if (response.status === 401) {
    token = null;
    await put('outbox', { ...entry, problem: 'signIn' });
    return entry;
  }
  if (response.status >= 500 || response.status === 429) return entry; // Tried again later.
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    // A refusal without a body is still a refusal.
  }
  const next = response.ok
    ? { ...entry, state: 'photos', findings: answer.findings || [], sentAt: Date.now(), problem: null }
    : { ...entry, state: 'refused', problem: null, refusal: { status: response.status, errors: answer.errors || {}, detail: answer.detail || answer.title || '' } };
  await put('outbox', next);
  return next;
};

const sendPhotos = async (entry) => {
  for (const photo of await photosOf(entry.inspectionId)) {
    if (photo.refused) continue;
    const body = new FormData();
    // A photo of an item asked once per zone has no asset.
    if (photo.asset) body.append('asset', photo.asset);
    body.append('itemId', photo.itemId);
    body.append('photo', new Blob([photo.bytes], { type: photo.type }), `${photo.id}.jpg`);
    let response;
    try {
      response = await fetch(`/inspections/${entry.inspectionId}?handler=photo`, {
        method: 'POST', body, credentials: 'same-origin', redirect: 'manual', headers: { RequestVerificationToken: antiforgery() },
      });
    } catch {
      return entry;
    }
    if (response.ok) {
      await remove('photos', photo.id);
      continue;
    }
    let error = null;
    try {
      ({ error } = await response.json());
    } catch {
      // Not the page's own refusal (signed out, a lost anti-forgery token, a server fault): tried again later.
    }
    if (!error) {
      await put('outbox', { ...entry, problem: response.type === 'opaqueredirect' ? 'signIn' : entry.problem });
      return entry;
    }
    await put('photos', { ...photo, refused: error });
  }
  const sent = { ...entry, state: 'sent', problem: null };
  await put('outbox', sent);
  await remove('drafts', entry.inspectionId);
  return sent;
};

const sendAll = async () => {
  for (const entry of await all('outbox')) {
    if (!navigator.onLine) return;
    let current = entry;
    if (current.state === 'waiting') current = await sendAnswers(current);
    if (current.state === 'photos') current = await sendPhotos(current);
    if (current.state === 'sent' && Date.now() - (current.sentAt || 0) > 7 * 24 * 3600 * 1000) await remove('outbox', current.inspectionId);
    changed();
  }
};

// One run at a time in this page; a second page sending the same checklist sends the same key.
let running = null;
export const flush = () => {
  running ??= sendAll().catch(() => {}).finally(() => {
    running = null;
    changed();
  });
  return running;
};

// Queues a finished checklist once: a second tap while it waits keeps the first key.
export const enqueue = async (inspectionId, body) => {
  const existing = await get('outbox', inspectionId);
  if (existing && (existing.state === 'waiting' || existing.state === 'photos')) return existing;
  const entry = { inspectionId, key: newKey(), body, state: 'waiting', queuedAt: Date.now() };
  await put('outbox', entry);
  changed();
  return entry;
};
