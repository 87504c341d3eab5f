// Kravlistan: "which demands matter to you?" on the published party page. It reads the
// matrix already on the page and counts in the browser; nothing is sent anywhere.
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var table = document.getElementById("matrix");
  if (!box || !table) { return; }
  box.hidden = false;
  var out = document.getElementById("filter-out");
  var heads = table.querySelectorAll("thead th[data-party]");
  var rows = table.querySelectorAll("tbody tr[data-item]");
  function fmt(s, args) {
    var i = 0;
    return s.replace(/%[sd]/g, function () { return String(args[i++]); });
  }
  function update() {
    var picked = {};
    var n = 0;
    box.querySelectorAll("input[data-item]").forEach(function (cb) {
      if (cb.checked) { picked[cb.getAttribute("data-item")] = true; n++; }
    });
    rows.forEach(function (tr) {
      tr.classList.toggle("hidden-row", n > 0 && !picked[tr.getAttribute("data-item")]);
    });
    out.textContent = "";
    if (n === 0) {
      out.textContent = box.getAttribute("data-t-none");
      return;
    }
    var list = document.createElement("ul");
    heads.forEach(function (th) {
      var id = th.getAttribute("data-party");
      var agree = 0;
      rows.forEach(function (tr) {
        if (!picked[tr.getAttribute("data-item")]) { return; }
        var td = tr.querySelector('td[data-party="' + id + '"]');
        if (td && td.getAttribute("data-assess") === "agree") { agree++; }
      });
      var abbr = th.querySelector("abbr");
      var li = document.createElement("li");
      li.textContent = fmt(box.getAttribute("data-t-result"), [abbr ? abbr.title : th.textContent, agree, n]);
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  box.addEventListener("change", update);
  update();
})();
