// Kravlistan's service worker for the member questionnaire (issue 13: answers without
// signal). Served as /s/sw.js with scope /s/; the server puts `self.KRAV` in front of this
// file: the hashed URLs of the assets to keep, the strings of the "saved" page in sv/nb/en
// and a version. It never runs without JavaScript, and it stores no cookie.
//
// - The questionnaire (a GET of a page under /s/) is fetched from the network and a copy
//   kept; without a connection the copy is served with a fresh response id, so that two
//   ballots made offline never share an id.
// - A ballot posted without a connection is kept in IndexedDB with its response id and
//   the member gets the page "Sparat – skickas när du har täckning". It is sent again as
//   soon as the connection returns (when any page asks, on the browser's sync event, and
//   after any request that reached the server); the server counts a repeated id with the
//   same content once, so sending twice never counts twice.
// - The hashed assets are served from the cache first (their URLs change with them).
'use strict';

var K = self.KRAV || { assets: [], strings: {}, version: '0' };
var CACHE = 'kravlistan-' + K.version;
var DB = 'kravlistan-outbox';

self.addEventListener('install', function (e) {
	e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(K.assets); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
	e.waitUntil(caches.keys().then(function (keys) {
		return Promise.all(keys.filter(function (k) { return k.indexOf('kravlistan-') === 0 && k !== CACHE; })
			.map(function (k) { return caches.delete(k); }));
	}).then(function () { return self.clients.claim(); }));
});

// --- the outbox (IndexedDB: one store of {id, url, body, lang}) ---

function db() {
	return new Promise(function (ok, fail) {
		var r = indexedDB.open(DB, 1);
		r.onupgradeneeded = function () { r.result.createObjectStore('ballots', { keyPath: 'id' }); };
		r.onsuccess = function () { ok(r.result); };
		r.onerror = function () { fail(r.error); };
	});
}

function tx(mode, fn) {
	return db().then(function (d) {
		return new Promise(function (ok, fail) {
			var t = d.transaction('ballots', mode), out;
			out = fn(t.objectStore('ballots'));
			t.oncomplete = function () { d.close(); ok(out && out.result); };
			t.onerror = function () { d.close(); fail(t.error); };
		});
	});
}

function all() { return tx('readonly', function (s) { return s.getAll(); }); }
function put(b) { return tx('readwrite', function (s) { s.put(b); }); }
function del(id) { return tx('readwrite', function (s) { s.delete(id); }); }

// uuid returns a random (version 4) UUID.
function uuid() {
	if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
	var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	for (var i = 0; i < 16; i++) h.push((b[i] + 0x100).toString(16).slice(1));
	return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') + '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
}

// lang picks the page language as the server does: ?lang=, else Accept-Language.
function lang(req) {
	var norm = function (t) {
		t = String(t || '').trim().toLowerCase().split(/[-_;]/)[0];
		return t === 'sv' ? 'sv' : (t === 'nb' || t === 'no' || t === 'nn') ? 'nb' : t === 'en' ? 'en' : '';
	};
	var q = norm(new URL(req.url).searchParams.get('lang'));
	if (q) return q;
	var parts = (req.headers.get('Accept-Language') || '').split(','), best = 'sv', bestQ = 0;
	parts.forEach(function (p) {
		var l = norm(p), m = /;\s*q=([0-9.]+)/.exec(p), qv = m ? parseFloat(m[1]) : 1;
		if (l && qv > bestQ) { best = l; bestQ = qv; }
	});
	return best;
}

function esc(s) {
	return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
}

// savedPage is the page a member gets when the ballot could not be sent: it says the
// answer is kept and, through offline.js, turns into "Skickat" once it is.
function savedPage(l, back) {
	var t = K.strings[l] || K.strings.sv || {};
	var html = '<!doctype html><html lang="' + l + '"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">' +
		'<title>' + esc(t.saved) + '</title><link rel="stylesheet" href="' + K.css + '">' +
		'<script src="' + K.js + '" defer></script></head><body><main id="main"><div class="ct offline" id="outbox"' +
		' data-t-saved="' + esc(t.saved) + '" data-t-sent="' + esc(t.sent) + '" data-t-sent-text="' + esc(t.sent_text) + '"' +
		' data-t-failed="' + esc(t.failed) + '">' +
		'<h1 id="outbox-title">' + esc(t.saved) + '</h1>' +
		'<p id="outbox-status" role="status" aria-live="polite">' + esc(t.saved_text) + '</p>' +
		'<p id="outbox-back"><a href="' + esc(back) + '">' + esc(t.back) + '</a></p></div></main></body></html>';
	return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
		'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'" } });
}

// freshID gives a kept questionnaire a new response id: every view of the page is a new
// ballot, as every page the server sends is.
function freshID(res) {
	return res.text().then(function (html) {
		html = html.replace(/(<input type="hidden" name="id" value=")[0-9a-f-]{36}(")/, '$1' + uuid() + '$2');
		return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
	});
}

var flushing = null;

// flush sends every kept ballot, oldest first, and tells the pages how it went. A ballot
// leaves the outbox once the server answered it (stored, a replay of the same, or refused
// for good); a network error stops the round and keeps it for the next.
function flush() {
	if (flushing) return flushing;
	flushing = all().then(function (list) {
		var sent = 0, failed = 0;
		return list.reduce(function (p, b) {
			return p.then(function (go) {
				if (!go) return false;
				return fetch(b.url, { method: 'POST', body: b.body, redirect: 'manual', credentials: 'omit',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
					.then(function (res) {
						if (res.type === 'opaqueredirect' || (res.status >= 200 && res.status < 400)) sent++;
						else if (res.status >= 500 || res.status === 429) return false;
						else failed++;
						return del(b.id).then(function () { return true; });
					}, function () { return false; });
			});
		}, Promise.resolve(true)).then(function () { return all(); }).then(function (left) {
			return tell({ type: 'outbox', pending: left.length, sent: sent, failed: failed });
		});
	}).catch(function () {}).then(function () { flushing = null; });
	return flushing;
}

function tell(msg) {
	return self.clients.matchAll({ includeUncontrolled: true }).then(function (cs) {
		cs.forEach(function (c) { c.postMessage(msg); });
	});
}

self.addEventListener('message', function (e) {
	var d = e.data || {};
	if (d.type === 'flush') e.waitUntil(flush());
	if (d.type === 'keep' && typeof d.url === 'string' && keepable(new URL(d.url))) {
		// Keep the page the member has open, for a later visit without signal.
		e.waitUntil(fetch(d.url, { credentials: 'omit' }).then(function (res) {
			if (res.ok) return caches.open(CACHE).then(function (c) { return c.put(d.url, res); });
		}).catch(function () {}));
	}
});

self.addEventListener('sync', function (e) {
	if (e.tag === 'kravlistan-outbox') e.waitUntil(flush());
});

function isMemberPage(url) {
	return url.origin === location.origin && /^\/s\/[a-z0-9][a-z0-9-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)?$/.test(url.pathname);
}

// keepable: a page that may be kept. One opened from a code slip (?kod=) is not: the
// code would stay on the phone for the next person to use it.
function keepable(url) {
	return isMemberPage(url) && !url.searchParams.has('kod');
}

self.addEventListener('fetch', function (e) {
	var req = e.request, url = new URL(req.url);
	if (url.origin !== location.origin) return;
	if (req.method === 'GET' && url.pathname.indexOf('/static/') === 0) {
		e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
		return;
	}
	if (!isMemberPage(url)) return;
	if (req.method === 'GET' && req.mode === 'navigate') {
		e.respondWith(fetch(req).then(function (res) {
			if (res.ok && (res.headers.get('Content-Type') || '').indexOf('text/html') === 0) {
				if (keepable(url)) {
					var copy = res.clone();
					caches.open(CACHE).then(function (c) { return c.put(req.url, copy); });
				}
				flush();
			}
			return res;
		}, function () {
			return caches.match(req.url, { ignoreVary: true }).then(function (hit) {
				if (hit) return freshID(hit);
				return caches.match(url.origin + url.pathname, { ignoreVary: true }).then(function (h2) {
					return h2 ? freshID(h2) : Response.error();
				});
			});
		}));
		return;
	}
	if (req.method === 'POST' && req.mode === 'navigate') {
		var keep = req.clone();
		e.respondWith(fetch(req).then(function (res) {
			flush();
			return res;
		}, function () {
			return keep.text().then(function (body) {
				var params = new URLSearchParams(body), id = params.get('id') || '';
				return tx('readonly', function (s) { return s.get(id); }).then(function (old) {
					if (!id || (old && old.body !== body)) {
						// The same page sent again with other answers (the back button): a new
						// ballot, so a new id; the same answers again are the same ballot.
						id = uuid();
						params.set('id', id);
						body = params.toString();
					}
					return put({ id: id, url: req.url, body: body, lang: lang(req) });
				}).then(function () {
					if (self.registration.sync) self.registration.sync.register('kravlistan-outbox').catch(function () {});
					return savedPage(lang(req), req.url);
				});
			}).catch(function () {
				// Not even kept (storage off or full): the browser's own "no connection".
				return Response.error();
			});
		}));
	}
});
