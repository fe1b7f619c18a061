// Passkeys of the participant portal (issue 14): the home page's "Add a passkey" and the
// sign-in page's "Sign in with a passkey". The server (portal.views.passkey) makes the
// options and checks the answer; this file only carries bytes between it and the phone.
// Without WebAuthn (or without JavaScript) the button stays hidden and the passphrase works.
(function () {
  "use strict";

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(list) {
    return (list || []).map(function (c) {
      return { type: c.type, id: toBytes(c.id), transports: c.transports };
    });
  }

  function post(box, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: body ? JSON.stringify(body) : "{}"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || ""); }
        return data;
      });
    });
  }

  function created(credential) {
    var r = credential.response;
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {
        clientDataJSON: toText(r.clientDataJSON),
        attestationObject: toText(r.attestationObject),
        transports: r.getTransports ? r.getTransports() : []
      }
    };
  }

  function asserted(credential) {
    var r = credential.response;
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {
        clientDataJSON: toText(r.clientDataJSON),
        authenticatorData: toText(r.authenticatorData),
        signature: toText(r.signature),
        userHandle: toText(r.userHandle)
      }
    };
  }

  function register(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = withBytes(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(created);
  }

  function authenticate(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = withBytes(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(asserted);
  }

  function wire(box, ceremony) {
    var button = box.querySelector("[data-passkey-start]");
    var status = box.querySelector("[data-passkey-status]");
    var failed = box.querySelector("[data-passkey-failed]").textContent;
    var missing = box.querySelector("[data-passkey-missing]");
    if (missing) { missing.hidden = true; }
    box.hidden = false;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "";
      post(box, box.dataset.passkeyOptions)
        .then(ceremony)
        .then(function (answer) { return post(box, box.dataset.passkeyVerify, answer); })
        .then(function (data) { window.location.assign(data.next); })
        .catch(function (error) {
          // The phone's own refusals (cancelled, timed out) carry no words for a person.
          status.textContent = (error && error.name === "Error" && error.message) || failed;
          button.disabled = false;
        });
    });
  }

  if (!window.PublicKeyCredential || !navigator.credentials) { return; }
  var add = document.getElementById("passkeys");
  var signin = document.getElementById("passkey-signin");
  if (add) { wire(add, register); }
  if (signin) { wire(signin, authenticate); }
})();
