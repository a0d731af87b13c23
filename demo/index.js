// The demo host page: configures the SDK with a token from the reference API's demo mode, lets the
// visitor find a customer and switch language, theme and direction, and logs the events the
// widgets fire. A real host gets its token from its own backend.
// URLs are relative to the page, so the demo also works behind a path prefix (the tests proxy it).
const { configure } = window.CrmWidgets;
const apiRoot = new URL('.', location.href).href;

let cachedToken;
async function getDemoToken() {
  const response = await fetch(new URL('v1/auth/demo-token', apiRoot), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', scope: 'crm:read crm:write' }),
  });
  if (!response.ok) throw new Error(`demo token: ${response.status}`);
  cachedToken = (await response.json()).token;
  return cachedToken;
}

configure({ baseUrl: apiRoot, getToken: getDemoToken });

const widgets = [...document.querySelectorAll('.widgets > *')];
const form = document.getElementById('controls');
const picker = form.customer;
const eventLog = document.getElementById('event-log');
const params = new URLSearchParams(location.search);

/** Fills the picker with the customers matching `query` (the first 50), keeping `selected`. */
async function findCustomers(query, selected) {
  const url = new URL('v1/customers', apiRoot);
  url.searchParams.set('limit', '50');
  if (query) url.searchParams.set('q', query);
  // The host's own request (the SDK's elements do theirs): the same demo token.
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${cachedToken ?? (await getDemoToken())}` },
  }).catch(() => undefined);
  const customers = response?.ok ? ((await response.json()).data ?? []) : [];
  const options = customers.map((customer) => {
    const option = document.createElement('option');
    option.value = customer.id;
    // Customer data is text: textContent, never innerHTML.
    option.textContent = `${customer.name}${customer.company ? ` — ${customer.company}` : ''} (${customer.id})`;
    return option;
  });
  if (selected && !customers.some((customer) => customer.id === selected)) {
    const option = document.createElement('option');
    option.value = option.textContent = selected;
    options.unshift(option);
  }
  picker.replaceChildren(...options);
  if (selected) picker.value = selected;
}

function apply() {
  const customerId = picker.value;
  for (const widget of widgets) {
    widget.setAttribute('customer-id', customerId);
    widget.setAttribute('locale', form.locale.value);
    if (form.theme.value) widget.setAttribute('theme', form.theme.value);
    else widget.removeAttribute('theme');
  }
  document.documentElement.lang = form.locale.value;
  document.documentElement.dir = form.dir.value;
  document.documentElement.dataset.theme = form.theme.value;
  const next = new URLSearchParams({
    customer: customerId,
    locale: form.locale.value,
    theme: form.theme.value,
    dir: form.dir.value,
  });
  history.replaceState(null, '', `?${next}`);
}

for (const name of ['locale', 'theme', 'dir']) {
  if (params.has(name)) form[name].value = params.get(name);
}
const initial = params.get('customer') || 'c_1042';
picker.replaceChildren(Object.assign(document.createElement('option'), { value: initial, textContent: initial }));
picker.value = initial;
apply();
void findCustomers('', initial);

let searchTimer;
form.q.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void findCustomers(form.q.value.trim(), undefined).then(apply), 250);
});
form.addEventListener('change', (event) => {
  if (event.target !== form.q) apply();
});
form.addEventListener('submit', (event) => event.preventDefault());

function logEvent(event) {
  const item = document.createElement('li');
  const detail = event.error
    ? `${event.error.kind}${event.error.status ? ` ${event.error.status}` : ''}`
    : (event.order?.number ?? event.phone ?? event.email ?? '');
  item.textContent = `${event.type} ${detail}`;
  eventLog.prepend(item);
  while (eventLog.children.length > 8) eventLog.lastElementChild.remove();
}
for (const type of ['crm-error', 'crm-auth-expired', 'crm-call-request', 'crm-email-request', 'crm-order-select']) {
  document.addEventListener(type, logEvent);
}
