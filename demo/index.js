// The demo host page: configures the SDK with a token from the reference API's demo mode and
// lets the visitor pick a customer and a language. A real host gets its token from its own backend.
// URLs are relative to the page, so the demo also works behind a path prefix (the tests proxy it).
const { configure } = window.CrmWidgets;
const apiRoot = new URL('.', location.href).href;

async function getDemoToken() {
  const response = await fetch(new URL('v1/auth/demo-token', apiRoot), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', scope: 'crm:read crm:write' }),
  });
  if (!response.ok) throw new Error(`demo token: ${response.status}`);
  return (await response.json()).token;
}

configure({ baseUrl: apiRoot, getToken: getDemoToken });

const card = document.getElementById('card');
const form = document.getElementById('controls');
const status = document.getElementById('status');
const params = new URLSearchParams(location.search);
for (const name of ['customer', 'locale', 'theme']) {
  if (params.has(name)) form[name].value = params.get(name);
}

function apply() {
  status.textContent = '';
  card.setAttribute('customer-id', form.customer.value.trim());
  card.setAttribute('locale', form.locale.value);
  document.documentElement.lang = form.locale.value;
  if (form.theme.value) card.setAttribute('theme', form.theme.value);
  else card.removeAttribute('theme');
  document.documentElement.dataset.theme = form.theme.value;
}

apply();
form.addEventListener('submit', (event) => {
  event.preventDefault();
  apply();
});

card.addEventListener('crm-error', (event) => {
  status.textContent = `crm-error: ${event.error.kind}${event.error.status ? ` ${event.error.status}` : ''}`;
});
