// Kravlistan: the party matrix says so when it is wider than the window and must be
// scrolled sideways (the demand column stays in place); otherwise the hint stays hidden.
(function () {
  "use strict";
  var wrap = document.querySelector(".mx-table");
  var hint = document.getElementById("scroll-hint");
  if (!wrap || !hint) { return; }
  function check() { hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1; }
  window.addEventListener("resize", check);
  check();
})();
