// The simulated native app. A real app does the same over its own channel (see
// docs/guides/webview-*.md): answer `ready` with `config`, `token-request` with `token`, and act on
// `event` messages. Here the channel is postMessage to a framed page, always to its exact origin.
const frame = document.getElementById('webview');
const form = document.getElementById('controls');
const log = document.getElementById('log');
const pageOrigin = new URL(frame.src, location.href).origin;
const apiRoot = new URL('..', location.href).href;

/** Adds a line to the message log (as text: whatever the page sends is data, never markup). */
function note(direction, text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${direction} ${text}`;
  log.prepend(item);
  while (log.children.length > 200) log.lastElementChild.remove();
}

function send(type, payload, id) {
  const message = { v: 1, type, ...(id ? { id } : {}), ...(payload ? { payload } : {}) };
  frame.contentWindow.postMessage(message, pageOrigin);
  // The token itself is never logged.
  note('→', type === 'token' ? `token (answers ${id})` : `${type}${payload ? ` ${JSON.stringify(payload)}` : ''}`);
}

function sendConfig() {
  // The API the page should use: here, the server that serves both (a real app names its CRM's URL).
  send('config', {
    baseUrl: apiRoot,
    customerId: form.customerId.value,
    locale: form.locale.value,
    theme: form.theme.value,
    offline: form.offline.checked,
  });
}

/** Whether the app last told the page it is offline (the Offline and Online buttons). */
let appOffline = false;

// The app's own sign-in would supply this; the reference API's demo mode stands in for it.
let token;
let expiresAt = 0;
async function appToken(forceRefresh) {
  if (!forceRefresh && token && Date.now() < expiresAt - 30_000) return token;
  const response = await fetch(new URL('v1/auth/demo-token', apiRoot), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', scope: 'crm:read crm:write' }),
  });
  if (!response.ok) throw new Error(`demo token: HTTP ${response.status}`);
  const answer = await response.json();
  token = answer.token;
  expiresAt = Date.parse(answer.expiresAt) || Date.now() + 5 * 60_000;
  return token;
}

window.addEventListener('message', async (event) => {
  // Only the framed page, from its own origin.
  if (event.source !== frame.contentWindow || event.origin !== pageOrigin) return;
  const message = event.data;
  if (!message || message.v !== 1 || typeof message.type !== 'string') return;
  switch (message.type) {
    case 'ready':
      note('←', `ready ${JSON.stringify(message.payload)}`);
      sendConfig();
      // A page (re)launched while the app is offline hears so at once.
      if (appOffline) send('offline');
      break;
    case 'token-request':
      note('←', `token-request ${message.id}`);
      if (!form.answerTokens.checked) {
        note('·', 'not answering (the page should show a sign-in error, not hang)');
        break;
      }
      try {
        send('token', { token: await appToken(Boolean(message.payload?.forceRefresh)) }, message.id);
      } catch (error) {
        note('!', String(error));
      }
      break;
    case 'event': {
      const { name, detail, cancelled } = message.payload ?? {};
      note('←', `event ${name} ${JSON.stringify(detail)}${cancelled ? ' (handled by the page)' : ''}`);
      // The page's own script already acted on it: the app must not act twice.
      if (cancelled) break;
      if (name === 'crm-call-request') note('·', `the app would dial ${detail?.phone}`);
      if (name === 'crm-email-request') note('·', `the app would open a mail composer for ${detail?.email}`);
      if (name === 'crm-order-select') note('·', 'the app would open its order screen');
      break;
    }
    case 'resize':
      note('←', `resize ${message.payload?.height}px`);
      break;
    default:
      note('←', message.type);
  }
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  sendConfig();
});
for (const name of ['locale', 'theme', 'offline']) form[name].addEventListener('change', sendConfig);
// An app relaunched: the page loads again (what it kept on the device stays) and sends `ready`.
document.getElementById('relaunch').addEventListener('click', () => {
  note('·', 'relaunching the page');
  frame.contentWindow.location.reload();
});
form.device.addEventListener('change', () => {
  const [width, height] = form.device.value.split('x');
  frame.width = width;
  frame.height = height;
});
for (const button of form.querySelectorAll('[data-send]')) {
  button.addEventListener('click', () => {
    send(button.dataset.send);
    if (button.dataset.send === 'offline' || button.dataset.send === 'online') {
      appOffline = button.dataset.send === 'offline';
    }
    if (button.dataset.send === 'signout')
      note('·', 'the app would show its sign-in screen; Send config signs in again');
  });
}
