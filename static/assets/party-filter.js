// Kravlistan: "which demands matter to you?" on the published party page, once per
// assembly. It reads that assembly's matrix already on the page and counts in the browser;
// nothing is sent anywhere. The parties are listed by how many of the ticked demands they
// agree with; a party that has not answered (or refuses to) is said to be so, never to
// agree with none.
(function () {
  "use strict";
  document.querySelectorAll("section.assembly").forEach(function (sec) {
    var box = sec.querySelector("fieldset.filter");
    var table = sec.querySelector("table.mx[id^='matrix']");
    if (box && table) { setup(sec, box, table); }
  });
  function setup(sec, box, table) {
  box.hidden = false;
  var out = box.querySelector(".filter-out");
  var heads = table.querySelectorAll("thead th[data-party]");
  var rows = table.querySelectorAll("tbody tr[data-item]");
  var cards = sec.querySelectorAll(".mcard[data-item]");
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
    [rows, cards].forEach(function (list) {
      list.forEach(function (el) {
        el.classList.toggle("hidden-row", n > 0 && !picked[el.getAttribute("data-item")]);
      });
    });
    out.textContent = "";
    if (n === 0) {
      out.textContent = box.getAttribute("data-t-none");
      return;
    }
    var results = [];
    heads.forEach(function (th, pos) {
      var id = th.getAttribute("data-party");
      var agree = 0, none = 0, refused = 0;
      rows.forEach(function (tr) {
        if (!picked[tr.getAttribute("data-item")]) { return; }
        var td = tr.querySelector('td[data-party="' + id + '"]');
        var a = td ? td.getAttribute("data-assess") : "no_answer";
        if (a === "agree") { agree++; }
        if (a === "no_answer") { none++; }
        if (a === "refused") { refused++; }
      });
      var abbr = th.querySelector("abbr");
      var name = abbr ? abbr.title : th.textContent;
      var r = { pos: pos, agree: agree, answered: true, text: "" };
      if (refused === n) {
        r.answered = false;
        r.text = fmt(box.getAttribute("data-t-refused"), [name]);
      } else if (none + refused === n) {
        r.answered = false;
        r.text = fmt(box.getAttribute("data-t-noanswer"), [name]);
      } else {
        r.text = fmt(box.getAttribute("data-t-result"), [name, agree, n]);
      }
      results.push(r);
    });
    results.sort(function (a, b) {
      if (a.answered !== b.answered) { return a.answered ? -1 : 1; }
      if (a.agree !== b.agree) { return b.agree - a.agree; }
      return a.pos - b.pos;
    });
    var head = document.createElement("p");
    head.textContent = box.getAttribute("data-t-sorted");
    out.appendChild(head);
    var list = document.createElement("ol");
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.textContent = r.text;
      if (!r.answered) { li.className = "noanswer"; }
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  box.addEventListener("change", update);
  update();
  }
})();
