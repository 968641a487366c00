// Progressive enhancement for the checklist: keeps answers and photos on the phone (IndexedDB, js/outbox.js) as the
// member enters them, marks readings outside their limits as failures at once, shows how much is answered, and hands a
// finished checklist to the outbox, which sends it now or when the connection returns.
// The server stays the final judge of every answer.
import { enqueue, flush, get, newKey, onChange, photosOf, put, remove } from './outbox.js';

// The rule of TypedReading.Parse on the server, so what turns to pass or fail here is what will be stored:
// one point or one comma is the decimal separator ("45.5" and "45,5" are 45.5); digit grouping, exponents and
// anything else are refused, and so is a comma followed by exactly three digits ("1,234": a thousand or 1.234?).
// Full-width digits, points, commas and signs count as their ASCII forms.
// Answers { value } or { refusal: 'notANumber' | 'ambiguousComma' | 'incomplete' } or {} when nothing was typed.
export const parseReading = (text) => {
  const normalised = (text || '').trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48))
    .replace(/\uFF0E/g, '.').replace(/\uFF0C/g, ',').replace(/\uFF0B/g, '+').replace(/[\uFF0D\u2212]/g, '-');
  if (normalised === '') return {};
  const match = /^([+-]?)([0-9]*)(?:([.,])([0-9]+))?$/.exec(normalised);
  if (!match || match[2] + (match[4] || '') === '') {
    // Half-typed ("45," or "-") is not refused yet: the next key may complete it.
    return /^[+-]?[0-9]*[.,]?$/.test(normalised) ? { refusal: 'incomplete' } : { refusal: 'notANumber' };
  }
  const [, sign, whole, separator, fraction = ''] = match;
  if (separator === ',' && fraction.length === 3 && /[1-9]/.test(whole)) return { refusal: 'ambiguousComma' };
  const value = Number(`${sign}${whole || '0'}${fraction ? `.${fraction}` : ''}`);
  // Beyond what the server's decimal holds (about 7.9e28) it is refused there too.
  return Math.abs(value) < 7.9e28 ? { value } : { refusal: 'notANumber' };
};

// The longest side of a photo as the server keeps it: nothing larger leaves the phone.
const PHOTO_SIDE = 1600;

// Shrinks a photo on the phone (a canvas redraw, which also drops its metadata); throws for a file that is no image.
export const shrink = async (file) => {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('The photo could not be drawn.');
  return blob;
};

const submitted = document.querySelector('[data-submitted]');
if (submitted) {
  // The server has this inspection. What the phone sent is done with; answers of a submission refused (someone else
  // submitted first) stay on the phone, and the status line says so.
  const inspectionId = submitted.dataset.submitted;
  localStorage.removeItem(`checklist-${inspectionId}`);
  get('outbox', inspectionId).then((entry) => {
    if (entry?.state === 'sent') remove('drafts', inspectionId);
    else if (entry?.state === 'photos') flush();
  }).catch(() => {});
}

const form = document.querySelector('form.checklist');
if (form) {
  const inspectionId = form.dataset.inspection;
  const legacyKey = form.dataset.key;
  const maxBytes = Number(form.dataset.maxBytes);
  const text = (selector) => form.querySelector(selector).textContent.trim();
  const items = [...form.querySelectorAll('fieldset.item')];
  const readingOf = (fieldset) => fieldset.querySelector('input[data-min], input[data-max]');
  const answered = (fieldset) => [...fieldset.querySelectorAll('input[type=radio]')].some((r) => r.checked);

  // The answers are kept by their place on the page; the shape says which asset and item each place holds, so a copy
  // kept for another shape of this checklist (its items now asked once per zone) is not put at the wrong items.
  const shape = items.map((f) => `${f.dataset.asset || ''}/${f.dataset.item}`).join('|');
  const hasZoneSection = Boolean(form.querySelector('section.zone'));

  const fields = () => [...form.elements].filter((e) => e.name && e.name.startsWith('Answers[') && e.type !== 'file' && e.type !== 'hidden');

  // Every answer as typed, kept on the phone at each change.
  const save = async () => {
    const data = {};
    for (const field of fields()) {
      if (field.type === 'radio' || field.type === 'checkbox') {
        if (field.checked) data[field.name] = field.value;
      } else if (field.value !== '') {
        data[field.name] = field.value;
      }
    }
    try {
      await put('drafts', { inspectionId, fields: data, shape, savedAt: Date.now() });
    } catch {
      localStorage.setItem(legacyKey, JSON.stringify({ ...data, '#shape': shape }));
    }
  };

  const restore = async () => {
    let data;
    try {
      const draft = await get('drafts', inspectionId);
      // A copy kept before it recorded its shape is of the checklist without a zone section.
      const sameShape = draft?.shape ? draft.shape === shape : !hasZoneSection;
      data = sameShape ? draft?.fields : null;
    } catch {
      data = undefined;
    }
    if (!data) {
      try {
        data = JSON.parse(localStorage.getItem(legacyKey) || 'null');
      } catch {
        data = null;
      }
      if (data && (data['#shape'] ? data['#shape'] !== shape : hasZoneSection)) data = null;
    }
    if (!data) return;
    for (const field of fields()) {
      if (!(field.name in data)) continue;
      if (field.type === 'radio') {
        // Answers the server sent back win over the copy on the phone.
        const group = form.querySelectorAll(`input[type=radio][name="${CSS.escape(field.name)}"]`);
        if (![...group].some((r) => r.checked) && field.value === data[field.name]) field.checked = true;
      } else if (field.type === 'checkbox') {
        if (data[field.name] === field.value) field.checked = true;
      } else if (field.value === '') {
        field.value = data[field.name];
      }
    }
  };

  const openDetailsIfFailed = (fieldset) => {
    const fail = fieldset.querySelector('input[type=radio][value=fail]');
    if (fail && fail.checked) fieldset.querySelector('details.more').open = true;
    fieldset.classList.toggle('failed', Boolean(fail && fail.checked));
  };

  // finished: the member left the field (or the page came back with it filled), so half-typed is refused too.
  const checkReading = (input, finished) => {
    const fieldset = input.closest('fieldset');
    const warning = fieldset.querySelector('.limit-warning');
    const { value, refusal } = parseReading(input.value);
    input.classList.remove('refused');
    if (value === undefined) {
      input.classList.remove('out-of-limits');
      warning.textContent = '';
      if (refusal === 'notANumber' || refusal === 'ambiguousComma' || (refusal === 'incomplete' && finished)) {
        // A refused reading is neither a pass nor a failure: the server will ask for it again at this item.
        for (const radio of fieldset.querySelectorAll('input[type=radio][value=pass], input[type=radio][value=fail]')) radio.checked = false;
        input.classList.add('refused');
        const message = text(refusal === 'ambiguousComma' ? '.ambiguous-comma-text' : '.not-a-number-text');
        // The page may already say so at the item.
        const said = [...fieldset.querySelectorAll('.item-error')].some((e) => e.textContent.trim() === message);
        warning.textContent = said ? '' : message;
        openDetailsIfFailed(fieldset);
      }
      return;
    }
    const min = input.dataset.min === '' ? null : Number(input.dataset.min);
    const max = input.dataset.max === '' ? null : Number(input.dataset.max);
    const outside = (min !== null && value < min) || (max !== null && value > max);
    fieldset.querySelector(`input[type=radio][value=${outside ? 'fail' : 'pass'}]`).checked = true;
    input.classList.toggle('out-of-limits', outside);
    warning.textContent = outside ? text('.out-of-limits-text') : '';
    openDetailsIfFailed(fieldset);
  };

  // Errors found on the phone or named by the server, at their items; cleared when the item is answered again.
  const clearErrors = (fieldset) => {
    fieldset.querySelectorAll('.item-error.client').forEach((e) => e.remove());
    if (!fieldset.querySelector('.item-error')) fieldset.classList.remove('has-error');
  };
  const addError = (fieldset, message) => {
    const error = document.createElement('p');
    error.className = 'error item-error client';
    error.setAttribute('role', 'alert');
    error.textContent = message;
    fieldset.querySelector('.outcomes').after(error);
    fieldset.classList.add('has-error');
    fieldset.querySelector('details.more').open = true;
  };
  const formError = (message) => {
    document.querySelectorAll('p.form-error').forEach((e) => e.remove());
    if (!message) return;
    const error = document.createElement('p');
    error.className = 'error form-error';
    error.setAttribute('role', 'alert');
    error.textContent = message;
    form.before(error);
  };

  // Progress: answered / total, and a jump to the next item without an answer.
  const progress = form.querySelector('.progress');
  const next = form.querySelector('.next-unanswered');
  const showProgress = () => {
    const done = items.filter(answered).length;
    progress.hidden = false;
    progress.textContent = `${progress.dataset.template.replace('{0}', done).replace('{1}', items.length)}${done === items.length ? ` · ${text('.all-answered-text')}` : ''}`;
    progress.classList.toggle('complete', done === items.length);
    next.hidden = done === items.length;
  };
  const focusItem = (fieldset) => {
    fieldset.scrollIntoView({ block: 'center' });
    const reading = readingOf(fieldset);
    (reading && parseReading(reading.value).value === undefined ? reading : fieldset.querySelector('input[type=radio]')).focus({ preventScroll: true });
  };
  let current = null;
  form.addEventListener('focusin', (event) => {
    current = event.target.closest('fieldset.item') || current;
  });
  next.addEventListener('click', () => {
    const open = items.filter((f) => !answered(f));
    if (open.length === 0) return;
    // The first one below the item last worked on, else the first of all.
    const after = current ? open.find((f) => current.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING) : undefined;
    focusItem(after || open[0]);
  });

  // Photos: several per item, taken with the camera, shrunk here, kept on the phone until the server has them.
  const removeText = text('.remove-photo-text');
  const showPhoto = (fieldset, photo) => {
    const figure = document.createElement('figure');
    figure.className = 'kept-photo';
    figure.dataset.photo = photo.id;
    const image = document.createElement('img');
    image.className = 'thumb';
    image.alt = '';
    image.src = URL.createObjectURL(new Blob([photo.bytes], { type: photo.type }));
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link remove-photo';
    button.textContent = removeText;
    button.addEventListener('click', async () => {
      await remove('photos', photo.id);
      URL.revokeObjectURL(image.src);
      figure.remove();
    });
    figure.append(image, button);
    if (photo.refused) {
      const refused = document.createElement('figcaption');
      refused.className = 'error';
      refused.textContent = photo.refused;
      figure.append(refused);
    }
    fieldset.querySelector('.photos').append(figure);
  };
  const itemOf = (asset, itemId) => items.find((f) => (f.dataset.asset || '') === (asset || '') && f.dataset.item === itemId);

  const takePhotos = async (input) => {
    const fieldset = input.closest('fieldset');
    const message = fieldset.querySelector('.photo-message');
    message.textContent = '';
    message.classList.remove('item-error');
    const files = [...input.files];
    input.value = '';
    for (const file of files) {
      let refusal = null;
      let blob = null;
      if (!['image/jpeg', 'image/png'].includes(file.type)) {
        refusal = '.photo-type-error';
      } else {
        try {
          blob = await shrink(file);
        } catch {
          refusal = '.photo-type-error';
        }
        if (blob && blob.size > maxBytes) refusal = '.photo-size-error';
      }
      if (refusal) {
        message.textContent = text(refusal);
        message.classList.add('item-error');
        fieldset.classList.add('has-error');
        continue;
      }
      const photo = {
        id: newKey(), inspectionId, asset: fieldset.dataset.asset || null, itemId: fieldset.dataset.item,
        type: 'image/jpeg', bytes: await blob.arrayBuffer(), takenAt: Date.now(),
      };
      await put('photos', photo);
      showPhoto(fieldset, photo);
    }
    if (!message.textContent) clearErrors(fieldset);
  };

  // Every answer in the API's shape, in the order of the page (results[i] is the page's item i).
  const results = () => items.map((fieldset) => {
    const reading = readingOf(fieldset);
    const value = reading ? parseReading(reading.value).value : undefined;
    const outcome = fieldset.querySelector('input[type=radio]:checked')?.value;
    const note = fieldset.querySelector('textarea').value.trim();
    const fixed = fieldset.querySelector('.fixed-on-spot input');
    return {
      asset: fieldset.dataset.asset || null,
      itemId: fieldset.dataset.item,
      ...(value !== undefined ? { value } : { outcome }),
      ...(note ? { note } : {}),
      ...(fixed && fixed.checked && outcome === 'fail' ? { fixedOnSpot: true } : {}),
    };
  });

  // What the phone can tell before sending: unanswered items and readings that are not numbers.
  const checkAll = () => {
    let first = null;
    for (const fieldset of items) {
      clearErrors(fieldset);
      const reading = readingOf(fieldset);
      const parsed = reading ? parseReading(reading.value) : {};
      let message = null;
      if (reading && parsed.refusal) message = text(parsed.refusal === 'ambiguousComma' ? '.ambiguous-comma-text' : '.not-a-number-text');
      else if (!answered(fieldset)) message = text(reading ? '.value-needed-text' : '.outcome-needed-text');
      if (message) {
        addError(fieldset, message);
        if (reading) checkReading(reading, true);
        first ??= fieldset;
      }
    }
    return first;
  };

  const lock = (locked) => {
    for (const element of form.elements) {
      if (element.type !== 'hidden') element.disabled = locked;
    }
    form.classList.toggle('queued', locked);
  };

  const networkError = form.querySelector('.network-error');

  // What became of this checklist in the outbox: sent (show the server's page), refused (say why, unlock), waiting.
  const follow = async () => {
    const entry = await get('outbox', inspectionId);
    if (!entry) return;
    if (entry.state === 'photos' || entry.state === 'sent') {
      if (navigator.onLine) location.assign(`/inspections/${inspectionId}?done=${entry.findings?.length ? 'findings' : 'clean'}`);
      else lock(true);
    } else if (entry.state === 'refused') {
      lock(false);
      networkError.hidden = true;
      const { status, errors } = entry.refusal;
      if (status === 400) {
        formError(text('.fix-errors-text'));
        for (const key of Object.keys(errors || {})) {
          const match = /^results\[(\d+)\](?:\.(\w+))?$/.exec(key);
          const fieldset = match && items[Number(match[1])];
          if (!fieldset) continue;
          addError(fieldset, text({ value: '.value-needed-text', outcome: '.outcome-needed-text' }[match[2]] || '.answer-invalid-text'));
        }
        form.querySelector('fieldset.has-error')?.scrollIntoView({ block: 'center' });
      } else if (status === 409) {
        formError(text('.already-submitted-text'));
      }
    } else {
      lock(true);
      networkError.hidden = navigator.onLine && !entry.problem;
    }
  };

  const ready = (async () => {
    await restore();
    for (const input of form.querySelectorAll('input[data-min], input[data-max]')) {
      if (input.value !== '') checkReading(input, true);
    }
    for (const fieldset of items) openDetailsIfFailed(fieldset);
    try {
      for (const photo of await photosOf(inspectionId)) {
        const fieldset = itemOf(photo.asset, photo.itemId);
        if (fieldset) showPhoto(fieldset, photo);
      }
    } catch {
      // A phone without IndexedDB still has the form.
    }
    showProgress();
    await follow();
    form.dataset.ready = 'true';
  })();

  form.addEventListener('input', (event) => {
    if (event.target.matches('input[data-min], input[data-max]')) checkReading(event.target, false);
    if (event.target.type !== 'file') save();
    showProgress();
  });
  form.addEventListener('change', (event) => {
    const fieldset = event.target.closest('fieldset.item');
    if (event.target.type === 'radio') openDetailsIfFailed(fieldset);
    if (event.target.type === 'file') {
      takePhotos(event.target);
      return;
    }
    if (event.target.matches('input[data-min], input[data-max]')) checkReading(event.target, true);
    if (fieldset && answered(fieldset)) clearErrors(fieldset);
    save();
    showProgress();
  });

  // Enter ("Go" or "Next" on a phone keyboard) in a reading moves on to the next reading; it never submits.
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !event.target.matches('input[type=text]')) return;
    event.preventDefault();
    checkReading(event.target, true);
    const inputs = [...form.querySelectorAll('input[type=text][inputmode=decimal]')];
    const following = inputs[inputs.indexOf(event.target) + 1];
    if (following) {
      following.focus();
      following.scrollIntoView({ block: 'center' });
    } else {
      event.target.blur();
    }
  });

  // Passes the unanswered checks; readings still need their values, so the first empty one is where it goes next.
  const passRest = (scope, note) => {
    let firstReading = null;
    for (const fieldset of scope.querySelectorAll('fieldset.item')) {
      const radios = [...fieldset.querySelectorAll('input[type=radio]')];
      const reading = readingOf(fieldset);
      if (reading && parseReading(reading.value).value === undefined && !answered(fieldset)) {
        firstReading ??= fieldset;
      } else if (!radios.some((r) => r.checked)) {
        radios.find((r) => r.value === 'pass').checked = true;
        clearErrors(fieldset);
      }
    }
    if (note) note.textContent = firstReading ? text('.readings-needed-text') : '';
    save();
    showProgress();
    return firstReading;
  };

  const markPass = form.querySelector('.mark-pass');
  markPass.hidden = false;
  markPass.addEventListener('click', () => passRest(form, null));
  for (const section of form.querySelectorAll('section.asset')) {
    const button = section.querySelector('.asset-pass');
    button.hidden = false;
    button.addEventListener('click', () => {
      const reading = passRest(section, section.querySelector('.asset-note'));
      if (reading) focusItem(reading);
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await ready;
    formError(null);
    networkError.hidden = true;
    await save();
    const wrong = checkAll();
    if (wrong) {
      formError(text('.fix-errors-text'));
      wrong.scrollIntoView({ block: 'center' });
      return;
    }
    lock(true);
    // The phone's time when the member finished (on the server's clock, js/clock.js): a checklist sent later, when the
    // connection returns, is judged by it.
    const finished = window.safetyflowClock ? window.safetyflowClock.now() : new Date();
    await enqueue(inspectionId, { results: results(), completedAt: finished.toISOString() });
    if (!navigator.onLine) networkError.hidden = false;
    await flush();
    await follow();
  });

  onChange(() => {
    ready.then(follow);
  });
}
