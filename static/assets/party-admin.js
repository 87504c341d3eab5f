// Kravlistan: the organiser's party page. A copy button for the new secret answer link and
// a print button for the letter that goes with it. Both appear only when they can work;
// without script the link can still be selected and the page printed.
(function () {
  "use strict";
  var copy = document.getElementById("copy-link");
  var status = document.getElementById("copy-status");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var input = document.getElementById(copy.getAttribute("data-copy"));
      navigator.clipboard.writeText(input.value).then(function () {
        status.textContent = copy.getAttribute("data-done");
      }, function () {
        input.select();
      });
    });
  }
  // A new assembly's seats follow its level (the usual size) until typed by hand.
  var level = document.getElementById("asm-level-new");
  var seats = document.getElementById("asm-seats-new");
  if (level && seats) {
    var typed = false;
    seats.addEventListener("input", function () { typed = true; });
    level.addEventListener("change", function () {
      var opt = level.options[level.selectedIndex];
      if (!typed && opt && opt.getAttribute("data-seats")) { seats.value = opt.getAttribute("data-seats"); }
    });
  }
  var print = document.getElementById("print-letter");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
