// Progressive enhancement for the checklist: keeps answers on the phone while the member types, marks readings
// outside their limits as failures at once, and on a lost connection keeps everything and says so.
// The server stays the final judge of every answer.

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

  const checkReading = (input) => {
    const fieldset = input.closest('fieldset');
    const warning = fieldset.querySelector('.limit-warning');
    const raw = input.value.trim();
    const value = Number(raw);
    if (raw === '' || Number.isNaN(value)) {
      input.classList.remove('out-of-limits');
      warning.textContent = '';
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
    if (input.value !== '') checkReading(input);
  }
  for (const fieldset of form.querySelectorAll('fieldset.item')) openDetailsIfFailed(fieldset);

  form.addEventListener('input', (event) => {
    if (event.target.matches('input[data-min], input[data-max]')) checkReading(event.target);
    save();
  });
  form.addEventListener('change', (event) => {
    if (event.target.type === 'radio') openDetailsIfFailed(event.target.closest('fieldset'));
    if (event.target.type === 'file') checkPhoto(event.target);
    save();
  });

  const markPass = form.querySelector('.mark-pass');
  markPass.hidden = false;
  markPass.addEventListener('click', () => {
    for (const fieldset of form.querySelectorAll('fieldset.item')) {
      const radios = [...fieldset.querySelectorAll('input[type=radio]')];
      const reading = fieldset.querySelector('input[data-min], input[data-max]');
      if (!radios.some((r) => r.checked) && !(reading && reading.value === '')) {
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
