// Show a referral question only when it applies (the protocol's only_when), e.g. the
// grams only for possession or sale. The server drops answers to hidden questions too.
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
      if (!control) { return; }
      var wanted = control.getAttribute("data-only-when-values").split(",");
      var have = currentValues(control.getAttribute("data-only-when"));
      question.hidden = !have.some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  form.addEventListener("change", update);
  update();
}());
