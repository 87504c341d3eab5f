// Rating questionnaire: keeps "12 av 21 besvarade" up to date and tells screen readers
// what was set. Progressive enhancement only: the scale is a group of radio buttons that
// posts the same fields with or without this file. No framework.
(function () {
	'use strict';
	var f = document.getElementById('f');
	if (!f || !f.dataset || !document.querySelector || f.className.indexOf('rate-form') < 0) return;
	var d = f.dataset, total = +d.total || 0;
	var counter = document.getElementById('counter'), live = document.getElementById('live');
	document.documentElement.className += ' js';

	// fmt replaces %1, %2 … in a translated string.
	function fmt(s) {
		var a = arguments;
		return String(s).replace(/%(\d)/g, function (_, i) { return a[+i]; });
	}
	function rated() {
		return f.querySelectorAll('.rv:checked:not([value=""])').length;
	}
	function update() {
		counter.textContent = fmt(d.tProgress, rated(), total);
	}
	function say(msg) {
		// Clearing first makes screen readers announce a repeated message again. The
		// titles' soft hyphens (for line breaks) have no place in what is read out.
		msg = msg.replace(/\u00ad/g, '');
		live.textContent = '';
		setTimeout(function () { live.textContent = msg; }, 30);
	}
	f.addEventListener('change', function (e) {
		var t = e.target;
		if (!t || t.className !== 'rv') return;
		var li = t.closest ? t.closest('.demand') : null;
		if (!li) return;
		var title = li.querySelector('legend').textContent, n = rated();
		li.classList.toggle('on', t.value !== '');
		update();
		say(t.value === '' ? fmt(d.tCleared, title, n, total) : fmt(d.tSet, title, t.value, n, total));
	});
	// The thank-you page shows what was sent (see rank.js): "title: value" per rated demand.
	f.addEventListener('submit', function () {
		var sent = [];
		[].forEach.call(f.querySelectorAll('.rv:checked:not([value=""])'), function (r) {
			var li = r.closest ? r.closest('.demand') : null;
			if (li) sent.push(li.querySelector('legend').textContent + ': ' + r.value);
		});
		try {
			sessionStorage.setItem('kravlistan-sent', JSON.stringify(sent));
		} catch (e) { /* storage off: the thank-you page then just thanks */ }
	});
	update();
})();
