// Show a referral question only when it applies (the protocol's only_when), e.g. the
// grams only for possession or sale. The server drops answers to hidden questions too.
// A question with an error stays shown, so the officer sees what to fix.
// "Add another conviction" copies the last offense row with the next number (the server
// reads conviction_offense_0, _1, ...); without this script one row still works.
(function () {
  "use strict";
  var form = document.querySelector(".referral-form");
  if (!form) { return; }

  function currentValues(fact) {
    var inputs = form.querySelectorAll("[name='" + fact + "']");
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      if (input.value) { values.push(input.value); }
    });
    return values;
  }

  function update() {
    form.querySelectorAll(".q").forEach(function (question) {
      var control = question.querySelector("[data-only-when]");
      if (!control || question.querySelector(".error")) { return; }
      var wanted = control.getAttribute("data-only-when-values").split(",");
      var have = currentValues(control.getAttribute("data-only-when"));
      question.hidden = !have.some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  var MAX_ROWS = 10;
  var list = form.querySelector(".conviction-rows");
  var add = form.querySelector(".add-conviction");

  function renumber(row, index) {
    row.querySelectorAll("[name], [for], [id]").forEach(function (node) {
      ["name", "for", "id"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value) { node.setAttribute(attr, value.replace(/_\d+$/, "_" + index)); }
      });
    });
  }

  function addRow() {
    var rows = list.querySelectorAll(".conviction-row");
    if (rows.length >= MAX_ROWS) { return; }
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll(".error").forEach(function (node) { node.remove(); });
    row.querySelectorAll(".has-error").forEach(function (node) { node.classList.remove("has-error"); });
    row.querySelectorAll("input, select").forEach(function (input) {
      if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
    });
    renumber(row, rows.length);
    list.appendChild(row);
    row.querySelector("select").focus();
    add.hidden = rows.length + 1 >= MAX_ROWS;
  }

  if (list && add) {
    add.hidden = false;
    add.addEventListener("click", addRow);
  }
  form.addEventListener("change", update);
  update();
}());
