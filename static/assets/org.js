// Kravlistan organiser workspace tools. Every page works without this file.
// - [data-print] buttons print the page (posters).
// - [data-progress] sections poll their JSON endpoint and update the numbers in place,
//   every data-interval milliseconds while the tab is visible.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  var box = document.querySelector("[data-progress]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-progress");
  var every = parseInt(box.getAttribute("data-interval"), 10) || 5000;
  var live = document.getElementById("p-live");

  function fill(id, rows) {
    var body = document.getElementById(id);
    if (!body) { return; }
    var rates = body.hasAttribute("data-rates");
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = r.label;
      var td = document.createElement("td");
      td.className = "num" + (r.small ? " org-small" : "");
      td.textContent = r.value;
      tr.appendChild(th);
      tr.appendChild(td);
      if (rates) {
        // A workplace's members and response rate (empty when it has no members).
        [r.members || "", r.rate || ""].forEach(function (text) {
          var c = document.createElement("td");
          c.className = "num";
          c.textContent = text;
          tr.appendChild(c);
        });
      }
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
  }

  function tick() {
    if (document.hidden) { return; }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        var total = document.getElementById("p-total");
        if (total && total.textContent !== d.total) {
          total.textContent = d.total;
          if (live) { live.textContent = d.announce; }
        }
        var upd = document.getElementById("p-updated");
        if (upd) { upd.textContent = d.updated; }
        d.sections.forEach(function (s) { fill("p-" + s.id, s.rows); });
      })
      .catch(function () { /* offline for a moment: try again next tick */ });
  }
  setInterval(tick, every);
  document.addEventListener("visibilitychange", tick);
})();
