// Thank-you page: shows what this tab just sent (kept by rank.js or rate.js in
// sessionStorage, removed here once read) and shares the survey's link with the Web Share
// API, or copies it. Without this file the page still thanks and shows the link and QR code.
(function () {
	'use strict';
	var sent = null;
	try {
		sent = JSON.parse(sessionStorage.getItem('kravlistan-sent') || 'null');
		sessionStorage.removeItem('kravlistan-sent');
	} catch (e) { sent = null; }
	var box = document.getElementById('sent'), list = document.getElementById('sentlist');
	if (box && list && sent && sent.length) {
		sent.forEach(function (t) {
			var li = document.createElement('li');
			li.textContent = String(t);
			list.appendChild(li);
		});
		box.hidden = false;
	}

	var share = document.getElementById('share'), link = document.getElementById('link');
	var status = document.getElementById('sharestatus');
	if (!share || !link) return;
	var url = link.value, d = share.dataset;
	share.hidden = false;
	share.textContent = navigator.share ? d.tShare : d.tCopy;
	share.addEventListener('click', function () {
		if (navigator.share) {
			navigator.share({ title: document.title, text: d.tText, url: url }).catch(function () {});
			return;
		}
		var done = function () { status.textContent = d.tCopied; };
		if (navigator.clipboard && navigator.clipboard.writeText) {
			navigator.clipboard.writeText(url).then(done, function () { link.select(); });
		} else {
			link.select();
			try { if (document.execCommand('copy')) done(); } catch (e) { /* the link stays selected */ }
		}
	});
})();
