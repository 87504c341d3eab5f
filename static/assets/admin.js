// Kravlistan organiser workspace: small enhancements only; every page works without it.
// - Moves focus to the error summary after a failed save, so screen readers hear it.
// - Asks for confirmation before buttons marked data-confirm (the text is the attribute).
// - Scrolls the campaign's tab row (which scrolls sideways on a phone) so that the current
//   tab is in view, not hidden beyond the right edge.
(function () {
  "use strict";
  var sum = document.getElementById("errsum");
  if (sum) { sum.focus(); }
  var cur = document.querySelector(".tabs a[aria-current]");
  var row = cur && cur.closest("ul");
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = cur.parentNode.offsetLeft - row.offsetLeft - (row.clientWidth - cur.offsetWidth) / 2;
  }
  document.addEventListener("submit", function (ev) {
    var b = ev.submitter || ev.target.querySelector("[data-confirm]");
    var msg = b && b.getAttribute && b.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });
})();
