// Kravlistan: each party matrix (one per assembly) says so when it is wider than the
// window and must be scrolled sideways (the demand column stays in place); otherwise its
// hint stays hidden.
(function () {
  "use strict";
  var pairs = [];
  document.querySelectorAll(".mx-table").forEach(function (wrap) {
    var hint = wrap.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) { pairs.push([wrap, hint]); }
  });
  if (!pairs.length) { return; }
  function check() {
    pairs.forEach(function (p) { p[1].hidden = p[0].scrollWidth <= p[0].clientWidth + 1; });
  }
  window.addEventListener("resize", check);
  check();
})();
