// Progressive enhancement for the checklist: keeps answers on the phone while the member types, marks readings
// outside their limits as failures at once, and on a lost connection keeps everything and says so.
// The server stays the final judge of every answer.

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

const submitted = document.querySelector('[data-submitted]');
if (submitted) {
  localStorage.removeItem(`checklist-${submitted.dataset.submitted}`);
}

const form = document.querySelector('form.checklist');
if (form) {
  const key = form.dataset.key;
  const maxBytes = Number(form.dataset.maxBytes);
  const text = (selector) => form.querySelector(selector).textContent.trim();

  const fields = () => [...form.elements].filter((e) => e.name && e.name.startsWith('Answers[') && e.type !== 'file' && e.type !== 'hidden');

  const save = () => {
    const data = {};
    for (const field of fields()) {
      if (field.type === 'radio') {
        if (field.checked) data[field.name] = field.value;
      } else if (field.value !== '') {
        data[field.name] = field.value;
      }
    }
    localStorage.setItem(key, JSON.stringify(data));
  };

  const restore = () => {
    let data;
    try {
      data = JSON.parse(localStorage.getItem(key) || '{}');
    } catch {
      return;
    }
    for (const field of fields()) {
      if (!(field.name in data)) continue;
      if (field.type === 'radio') {
        // Answers the server sent back win over the copy on the phone.
        const group = form.querySelectorAll(`input[type=radio][name="${CSS.escape(field.name)}"]`);
        if (![...group].some((r) => r.checked) && field.value === data[field.name]) field.checked = true;
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
        // The page that came back from the server may already say so at the item.
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

  const checkPhoto = (input) => {
    const message = input.closest('details').querySelector('.photo-message');
    message.textContent = '';
    const file = input.files[0];
    if (!file) return;
    if (!['image/jpeg', 'image/png'].includes(file.type)) {
      message.textContent = text('.photo-type-error');
      input.value = '';
    } else if (file.size > maxBytes) {
      message.textContent = text('.photo-size-error');
      input.value = '';
    }
  };

  restore();
  for (const input of form.querySelectorAll('input[data-min], input[data-max]')) {
    if (input.value !== '') checkReading(input, true);
  }
  for (const fieldset of form.querySelectorAll('fieldset.item')) openDetailsIfFailed(fieldset);

  form.addEventListener('input', (event) => {
    if (event.target.matches('input[data-min], input[data-max]')) checkReading(event.target, false);
    save();
  });
  form.addEventListener('change', (event) => {
    if (event.target.type === 'radio') openDetailsIfFailed(event.target.closest('fieldset'));
    if (event.target.type === 'file') checkPhoto(event.target);
    if (event.target.matches('input[data-min], input[data-max]')) checkReading(event.target, true);
    save();
  });

  const markPass = form.querySelector('.mark-pass');
  markPass.hidden = false;
  markPass.addEventListener('click', () => {
    for (const fieldset of form.querySelectorAll('fieldset.item')) {
      const radios = [...fieldset.querySelectorAll('input[type=radio]')];
      const reading = fieldset.querySelector('input[data-min], input[data-max]');
      // A reading decides its own outcome; an empty or refused one is left for the member.
      if (!radios.some((r) => r.checked) && !(reading && parseReading(reading.value).value === undefined)) {
        radios.find((r) => r.value === 'pass').checked = true;
      }
    }
    save();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const networkError = form.querySelector('.network-error');
    const button = form.querySelector('button[type=submit]');
    networkError.hidden = true;
    button.disabled = true;
    save();
    let response;
    try {
      response = await fetch(form.action || location.href, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
    } catch {
      networkError.hidden = false;
      button.disabled = false;
      networkError.scrollIntoView({ block: 'center' });
      return;
    }
    if (response.redirected) {
      location.assign(response.url);
      return;
    }
    // The server refused some answers (nothing was stored): post the form the ordinary way so the page comes back
    // with the answers kept and each error next to its item.
    form.submit();
  });
}
