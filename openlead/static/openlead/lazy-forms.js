// The casework page's longer forms (casework.form_pages) load when their <details> opens,
// so the page does not render every form on every visit (issue 16). The form comes from
// its own page (the part marked data-lazy-part); without JavaScript, or when loading
// fails (a session that ended answers with the sign-in page), the link to that page stays.
(function () {
  "use strict";

  function load(details) {
    var slot = details.querySelector("[data-lazy-slot]");
    if (!slot || details.hasAttribute("data-lazy-loading")) { return; }
    details.setAttribute("data-lazy-loading", "");
    fetch(details.getAttribute("data-lazy-form"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var part = new DOMParser().parseFromString(html, "text/html").querySelector("[data-lazy-part]");
        if (!part) { throw new Error("no form on the page"); }
        slot.replaceWith(document.importNode(part, true));
      })
      .catch(function () {
        details.removeAttribute("data-lazy-loading");  // the link stays; opening again retries
      });
  }

  document.querySelectorAll("details[data-lazy-form]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) { load(details); }
    });
    if (details.open) { load(details); }
  });
}());
