// The login page: posts the credentials with fetch (the typed values stay on an error), then goes to
// `next` (a same-origin path) or `/`.

const form = document.getElementById('login-form');
const username = document.getElementById('username');
const password = document.getElementById('password');
const error = document.getElementById('login-error');
const notice = document.getElementById('login-notice');
const submit = document.getElementById('login-submit');
const params = new URLSearchParams(location.search);

if (params.get('expired') === '1') {
  notice.textContent = 'Your session has expired. Log in again.';
  notice.hidden = false;
} else if (params.get('password_changed') === '1') {
  notice.textContent = 'Your password was changed and your sessions have ended. Log in with the new password.';
  notice.hidden = false;
}

function destination() {
  const next = params.get('next') || '/';
  // Only paths on this server: "/x", never "//host" or "/\host".
  return /^\/(?![/\\])/.test(next) ? next : '/';
}

function showError(message) {
  error.textContent = message;
  error.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  if (!username.value.trim() || !password.value) {
    showError('Enter your username and password.');
    (username.value.trim() ? password : username).focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Logging in…';
  try {
    const response = await fetch('/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'drydock-ui' },
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
    });
    if (response.ok) {
      location.assign(destination());
      return;
    }
    let message = `Login failed (HTTP ${response.status}).`;
    try {
      const body = await response.json();
      if (body && body.message) message = body.message;
    } catch { /* not JSON */ }
    showError(message);
    password.focus();
    password.select();
  } catch (problem) {
    showError(`The server could not be reached (${problem.message}).`);
  } finally {
    submit.disabled = false;
    submit.textContent = 'Log In';
  }
});
