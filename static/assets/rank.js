// Tap-to-rank for the member questionnaire. Progressive enhancement only: the form works
// without this file through one rank <select> per demand; this script keeps those selects
// in step with the taps, so the server sees the same fields either way. No framework.
(function () {
	'use strict';
	var f = document.getElementById('f');
	if (!f || !f.dataset || !document.querySelector || f.className.indexOf('rank-form') < 0) return;
	var d = f.dataset, max = +d.max || 1, items = [], byKey = {}, order = [];
	var live = document.getElementById('live'), counter = document.getElementById('counter');
	var mine = document.getElementById('mine'), list = document.getElementById('mylist');

	// fmt replaces %1, %2 … in a translated string.
	function fmt(s) {
		var a = arguments;
		return String(s).replace(/%(\d)/g, function (_, i) { return a[+i]; });
	}
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	}
	// mark copies a title's lang and dir (an untranslated demand is marked as Swedish).
	function mark(e, from) {
		['lang', 'dir'].forEach(function (a) {
			if (from.hasAttribute(a)) e.setAttribute(a, from.getAttribute(a));
		});
		return e;
	}
	function say(msg) {
		// Clearing first makes screen readers announce a repeated message again. The
		// titles' soft hyphens (for line breaks) have no place in what is read out.
		msg = msg.replace(/\u00ad/g, '');
		live.textContent = '';
		setTimeout(function () { live.textContent = msg; }, 30);
	}

	[].forEach.call(f.querySelectorAll('.demand'), function (li) {
		var k = li.getAttribute('data-key'), sel = li.querySelector('select');
		var dt = li.querySelector('.dt'), title = dt.textContent;
		var b = el('button', 'pick'), badge = el('span', 'badge');
		b.type = 'button';
		badge.setAttribute('aria-hidden', 'true');
		b.appendChild(badge);
		b.appendChild(mark(el('span', 'pt', title), dt));
		li.querySelector('.dh').insertBefore(b, li.querySelector('.dh').firstChild);
		b.addEventListener('click', function () { toggle(k); });
		var it = { k: k, li: li, sel: sel, btn: b, badge: badge, title: title, r: parseInt(sel.value, 10) || 0 };
		items.push(it);
		byKey[k] = it;
	});
	// Start from what the server sent back (a form shown again after an error keeps choices).
	order = items.filter(function (it) { return it.r > 0; })
		.sort(function (a, b) { return a.r - b.r; })
		.slice(0, max).map(function (it) { return it.k; });
	document.documentElement.className += ' js';

	function moveButton(cls, label, k, delta, disabled) {
		var b = el('button', 'mv ' + cls, delta < 0 ? '↑' : delta > 0 ? '↓' : '✕');
		b.type = 'button';
		b.setAttribute('aria-label', fmt(label, byKey[k].title));
		b.disabled = disabled;
		b.addEventListener('click', function () { delta ? move(k, delta) : toggle(k, true); });
		return b;
	}

	// clearFull takes away the "maximum reached" note from the card and the counter.
	function clearFull() {
		[].forEach.call(f.querySelectorAll('.fullmsg'), function (p) { p.parentNode.removeChild(p); });
		counter.classList.remove('warn');
	}
	// showFull says next to the tapped card and in the counter that the maximum is reached.
	function showFull(it) {
		clearFull();
		var p = el('p', 'fullmsg', fmt(d.tFull, max));
		it.li.insertBefore(p, it.li.querySelector('.dh').nextSibling);
		counter.textContent = fmt(d.tCountFull, order.length, max);
		counter.classList.add('warn');
	}

	function sync() {
		clearFull();
		items.forEach(function (it) {
			var r = order.indexOf(it.k) + 1;
			it.sel.value = r ? String(r) : '';
			it.btn.setAttribute('aria-pressed', r ? 'true' : 'false');
			it.badge.textContent = r ? String(r) : '';
			it.li.classList.toggle('on', r > 0);
		});
		counter.textContent = fmt(d.tCount, order.length, max);
		f.classList.toggle('full', order.length >= max);
		list.textContent = '';
		order.forEach(function (k, i) {
			var li = el('li');
			li.appendChild(el('span', 'n', String(i + 1)));
			li.appendChild(mark(el('span', 't', byKey[k].title), byKey[k].li.querySelector('.dt')));
			li.appendChild(moveButton('up', d.tUp, k, -1, i === 0));
			li.appendChild(moveButton('down', d.tDown, k, 1, i === order.length - 1));
			li.appendChild(moveButton('rm', d.tRemove, k, 0, false));
			list.appendChild(li);
		});
		mine.hidden = order.length === 0;
	}

	function toggle(k, fromList) {
		var i = order.indexOf(k), t = byKey[k].title;
		if (i >= 0) {
			order.splice(i, 1);
			sync();
			say(fmt(d.tRemoved, t, order.length, max));
			if (fromList) {
				var next = list.children[Math.min(i, order.length - 1)];
				(next ? next.querySelector('.rm') : byKey[k].btn).focus();
			}
		} else if (order.length >= max) {
			showFull(byKey[k]);
			say(fmt(d.tFull, max));
		} else {
			order.push(k);
			sync();
			say(fmt(d.tPicked, t, order.length, max));
		}
	}

	function move(k, delta) {
		var i = order.indexOf(k), j = i + delta;
		if (i < 0 || j < 0 || j >= order.length) return;
		order[i] = order[j];
		order[j] = k;
		sync();
		say(fmt(d.tMoved, byKey[k].title, j + 1));
		// Keep focus on the moved demand; at the edge its button is disabled, so use the other.
		var row = list.children[j], b = row.querySelector(delta < 0 ? '.up' : '.down');
		(b.disabled ? row.querySelector(delta < 0 ? '.down' : '.up') || b : b).focus();
	}

	// The thank-you page shows what was sent: the titles are kept in this tab's
	// sessionStorage until that page has read them (never on the server, never a cookie).
	f.addEventListener('submit', function () {
		try {
			sessionStorage.setItem('kravlistan-sent', JSON.stringify(order.map(function (k) { return byKey[k].title; })));
		} catch (e) { /* storage off: the thank-you page then just thanks */ }
	});

	sync();
})();
