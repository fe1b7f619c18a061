// Releases of information (issue 11): the signature pad, showing only the fields of the
// chosen recipient and method, and the summary's print button. Without JavaScript the
// whole form shows and the server still checks every field.
(function () {
  "use strict";

  function signaturePad(pad) {
    var canvas = pad.querySelector("canvas");
    var input = pad.querySelector("input[type=hidden]");
    var state = pad.querySelector("[data-signature-state]");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var strokes = 0;

    function blank() {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 3;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
    }
    function point(event) {
      // The canvas is drawn at 600x200 and shown at the width of the phone: scale back.
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }
    function save() {
      input.value = strokes > 0 ? canvas.toDataURL("image/png") : "";
      state.textContent = strokes > 0 ? "Signed. Clear to sign again." : "Sign in the box with a finger or a mouse.";
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    });
    function stop() {
      if (!drawing) { return; }
      drawing = false;
      strokes += 1;
      save();
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    pad.querySelector("[data-signature-clear]").addEventListener("click", function () {
      strokes = 0;
      blank();
      save();
    });
    blank();
    if (input.value) {  // the form came back with an error: show what was signed
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0); strokes = 1; };
      image.src = input.value;
    }
  }

  function showChosen(form, name) {
    var chosen = form.querySelector("input[name='" + name + "']:checked");
    var options = Array.prototype.map.call(
      form.querySelectorAll("input[name='" + name + "']"), function (i) { return i.value; });
    form.querySelectorAll("[data-for]").forEach(function (field) {
      var target = field.getAttribute("data-for");
      if (options.indexOf(target) === -1) { return; }
      field.hidden = !(chosen && chosen.value === target);
    });
  }

  var form = document.querySelector(".consent-form");
  if (form) {
    form.querySelectorAll("[data-signature-pad]").forEach(signaturePad);
    ["recipient_kind", "method"].forEach(function (name) {
      showChosen(form, name);
      form.querySelectorAll("input[name='" + name + "']").forEach(function (input) {
        input.addEventListener("change", function () { showChosen(form, name); });
      });
    });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
