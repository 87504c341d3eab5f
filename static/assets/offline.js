// Answers without signal (issue 13), the page side. On the questionnaire it registers the
// service worker (/s/sw.js), asks it to keep this page for a visit without signal (the
// worker keeps every page it serves itself) and to send any answer kept on this phone. On the page "Sparat – skickas när du har täckning"
// that the service worker shows for a ballot it could not send, it asks again whenever
// the connection may be back and says "Skickat" once the answer has reached the server.
// Without this file (or without service workers) nothing changes: the form posts as
// always. No cookie; the kept answers live in this browser's IndexedDB until sent.
(function () {
	'use strict';
	var sw = navigator.serviceWorker;
	if (!sw || !window.Promise) return;
	var box = document.getElementById('outbox');

	function ask(msg) {
		return sw.ready.then(function (reg) { if (reg.active) reg.active.postMessage(msg); });
	}

	if (!box) {
		// A page the worker did not serve (the first visit) is not kept yet: ask for it.
		var served = !!sw.controller;
		sw.register('/s/sw.js', { scope: '/s/' }).then(function () {
			if (!served) ask({ type: 'keep', url: location.href });
			if (navigator.onLine !== false) ask({ type: 'flush' });
		}).catch(function () { /* not offered here (e.g. no https): the form works as always */ });
		return;
	}

	var d = box.dataset, title = document.getElementById('outbox-title'), status = document.getElementById('outbox-status');
	var done = false, timer;
	sw.addEventListener('message', function (e) {
		var m = e.data || {};
		if (m.type !== 'outbox' || done || m.pending > 0) return;
		done = true;
		clearInterval(timer);
		if (m.failed > 0 && m.sent === 0) {
			status.textContent = d.tFailed;
			return;
		}
		title.textContent = d.tSent;
		document.title = d.tSent;
		status.textContent = d.tSentText;
		// The answer is in: the page no longer invites another one (as the thank-you page).
		var back = document.getElementById('outbox-back');
		if (back) back.hidden = true;
		box.className += ' sent';
	});
	function tryNow() { if (!done) ask({ type: 'flush' }); }
	window.addEventListener('online', tryNow);
	timer = setInterval(tryNow, 5000);
	tryNow();
})();
