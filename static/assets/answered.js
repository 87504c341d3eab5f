// answered.js: in a campaign open to anyone with the link, remember on this phone that it
// has answered, so that a return visit says so (phones are shared at workplaces, so the
// member can answer anyway). The mark is kept in the browser's localStorage only: no
// cookie, nothing is sent to the server, and it holds nothing but the campaign's address.
(function () {
  "use strict";
  var key = function (slug) { return "kravlistan.answered." + slug; };
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) { return; }
  var mark = document.getElementById("answered-mark");
  if (mark) {
    try { store.setItem(key(mark.getAttribute("data-slug")), "1"); } catch (e) { /* full or private mode */ }
    return;
  }
  var note = document.getElementById("answered");
  var form = document.getElementById("f");
  if (!note || !form) { return; }
  var seen;
  try { seen = store.getItem(key(note.getAttribute("data-slug"))) === "1"; } catch (e) { return; }
  // A form sent back with errors is being answered now: never hide it.
  if (!seen || document.getElementById("errsum")) { return; }
  note.hidden = false;
  form.hidden = true;
  document.getElementById("answer-anyway").addEventListener("click", function () {
    note.hidden = true;
    form.hidden = false;
    var first = form.querySelector("select, input:not([type=hidden]), button");
    if (first) { first.focus(); }
  });
})();
