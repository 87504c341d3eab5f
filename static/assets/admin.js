// Kravlistan organiser workspace: small enhancements only; every page works without it.
// - Moves focus to the error summary after a failed save, so screen readers hear it.
// - Asks for confirmation before buttons marked data-confirm (the text is the attribute).
(function () {
  "use strict";
  var sum = document.getElementById("errsum");
  if (sum) { sum.focus(); }
  document.addEventListener("submit", function (ev) {
    var b = ev.submitter || ev.target.querySelector("[data-confirm]");
    var msg = b && b.getAttribute && b.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });
})();
