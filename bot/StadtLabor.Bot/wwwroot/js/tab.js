// The Teams tab shell (/tab): TeamsJS (served from this server, wwwroot/lib/teams-js) talks to the Teams host, which
// hands us a token for this app (single sign-on); the server checks it and starts the usual page session
// (POST /tab/anmelden), then we go on to the page the tab stands for (?ziel=/meine). Anything going wrong shows a
// message and the browser sign-in instead, never an endless spinner.
//
// Nested app authentication (NAA): where the host recommends it (nestedAppAuth.isNAAChannelRecommended()), Microsoft
// wants apps to get tokens through MSAL.js's nested public client (plus a "brk-multihub://" redirect URI in the app
// registration). We do not ship MSAL.js yet, so we use authentication.getAuthToken() there too: the hosts that
// recommend NAA (Teams, Outlook, the Microsoft 365 app) still serve it for tabs, and a token from NAA would pass the
// same server checks (audience, v2 issuer, scope access_as_user) when MSAL.js is added.
(function () {
  'use strict';
  const root = document.getElementById('tab-signin');
  if (!root) return;
  const target = root.getAttribute('data-ziel') || '/';

  // Without a host answer, TeamsJS could wait forever (e.g. when framed by something other than Teams).
  const within = (promise, ms, what) => Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(what + ' timed out')), ms)),
  ]);

  function show(reason) {
    document.getElementById('tab-working').hidden = true;
    const failed = document.getElementById('tab-failed');
    failed.querySelectorAll('[data-reason]').forEach(p => { p.hidden = p.getAttribute('data-reason') !== reason; });
    failed.hidden = false;
    root.setAttribute('data-state', reason);
  }

  async function signIn() {
    const teams = window.microsoftTeams;
    if (!teams) { show('outside'); return; }
    try {
      await within(teams.app.initialize(), 10000, 'initialize');
    } catch (e) {
      show('outside');
      return;
    }
    let token;
    try {
      // A consent prompt may come first the very first time, so the person gets a minute for it.
      token = await within(teams.authentication.getAuthToken(), 60000, 'getAuthToken');
    } catch (e) {
      show('refused');
      return;
    }
    try {
      const response = await fetch('/tab/anmelden?ziel=' + encodeURIComponent(target), {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) { show('refused'); return; }
      const answer = await response.json();
      window.location.replace(answer.ziel || '/');
    } catch (e) {
      show('refused');
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', signIn);
  else signIn();
})();
