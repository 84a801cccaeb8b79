// The Teams tab shell (/tab): TeamsJS (served from this server, wwwroot/lib/teams-js) talks to the Teams host, which
// hands us a token for this app (single sign-on); the server checks it and starts the usual page session
// (POST /tab/anmelden), then we go on to the page the tab stands for (?ziel=/meine). Anything going wrong shows a
// message and the browser sign-in instead, never an endless spinner.
//
// Two ways to the token, both checked the same way by the server (audience, v2 issuer, scope access_as_user, tenant):
// - nested app authentication (NAA) where the host recommends it (nestedAppAuth.isNAAChannelRecommended()): MSAL.js
//   (served from this server, wwwroot/lib/msal-browser, loaded only then: 300 KB the other hosts need not fetch) asks
//   the host for a token for our API's scope, silently, and with a popup only when Entra says the person must act
//   (consent, a multi-factor step-up). Microsoft asks for TeamsJS to be initialised before MSAL.
// - authentication.getAuthToken() everywhere else (hosts without NAA), Teams' classic tab single sign-on.
// When NAA fails before the person was asked anything (e.g. the app registration lacks its "brk-multihub://" SPA
// redirect, docs/teams-setup.md 6.2), getAuthToken is tried once: the recommending hosts still serve it, and nobody
// should see an error for a missing setup step. A popup the person closed or that failed is not retried.
(function () {
  'use strict';
  const root = document.getElementById('tab-signin');
  if (!root) return;
  const target = root.getAttribute('data-ziel') || '/';
  const MSAL = '/lib/msal-browser/msal-browser.min.js';
  // From the same settings the server checks the token against (Tab.cshtml); absent when the server has none.
  const nested = {
    clientId: root.getAttribute('data-client-id'),
    authority: root.getAttribute('data-authority'),
    scope: root.getAttribute('data-scope'),
  };

  // Without a host answer, TeamsJS or MSAL could wait forever (e.g. when framed by something other than Teams).
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

  function naaRecommended(teams) {
    if (!nested.clientId || !nested.authority || !nested.scope || !teams.nestedAppAuth) return false;
    try {
      return teams.nestedAppAuth.isNAAChannelRecommended() === true;
    } catch (e) {
      return false;
    }
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(src + ' did not load'));
      document.head.appendChild(script);
    });
  }

  // The token for our API's scope through MSAL.js's nestable client; null when NAA failed before anyone was asked.
  async function tokenThroughHost() {
    let client;
    const request = { scopes: [nested.scope] };
    try {
      await within(loadScript(MSAL), 20000, 'MSAL.js');
      client = await within(window.msal.createNestablePublicClientApplication({
        auth: { clientId: nested.clientId, authority: nested.authority },
        // The token is used once, for the session cookie: nothing about the person stays in the browser's storage.
        cache: { cacheLocation: 'memoryStorage' },
      }), 20000, 'createNestablePublicClientApplication');
      return (await within(client.acquireTokenSilent(request), 30000, 'acquireTokenSilent')).accessToken;
    } catch (e) {
      if (!client || !(e instanceof window.msal.InteractionRequiredAuthError)) {
        console.warn('Nested app authentication failed, trying getAuthToken:', e && (e.errorCode || e.message));
        return null;
      }
    }
    // Consent or a step-up: the host shows Entra's dialog; as with getAuthToken's first prompt, a minute for it.
    return (await within(client.acquireTokenPopup(request), 60000, 'acquireTokenPopup')).accessToken;
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
    let token = null;
    try {
      if (naaRecommended(teams)) token = await tokenThroughHost();
      // A consent prompt may come first the very first time, so the person gets a minute for it.
      if (token === null) token = await within(teams.authentication.getAuthToken(), 60000, 'getAuthToken');
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
