package web

import (
	"context"
	"slices"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/chromedp/cdproto/cdp"
	cdpnet "github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// network is a tab and the member pages' service worker, whose network the test switches
// off and on together: DevTools emulates a lost connection per target, and the worker's
// own requests are its own target's.
type network struct {
	tab, worker context.Context
}

// attachWorker finds the service worker of the server at base and attaches to it.
func attachWorker(t *testing.T, tab context.Context, base string) network {
	t.Helper()
	var id target.ID
	for range 100 {
		infos, err := chromedp.Targets(tab)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range infos {
			if in.Type == "service_worker" && in.URL == base+"/s/sw.js" {
				id = in.TargetID
			}
		}
		if id != "" {
			break
		}
		time.Sleep(50 * time.Millisecond) // the worker target appears once it runs
	}
	if id == "" {
		t.Fatal("no service worker target")
	}
	wctx, cancel := chromedp.NewContext(tab, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	t.Cleanup(cancel)
	do1(t, wctx)
	return network{tab: tab, worker: wctx}
}

// setOffline switches the network off or on for the page and its service worker, and tells
// the page (navigator.onLine and the online/offline events).
func (n network) setOffline(t *testing.T, off bool) {
	t.Helper()
	for _, ctx := range []context.Context{n.worker, n.tab} {
		do1(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, cdpnet.Enable, cdpnet.EnableParams{}); err != nil {
				return err
			}
			rule := []*cdpnet.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}
			_, err := cdp.Call(ctx, tg, cdpnet.EmulateNetworkConditionsByRule,
				cdpnet.EmulateNetworkConditionsByRuleParams{EmulateOfflineServiceWorker: &off, MatchedNetworkConditions: rule})
			return err
		}))
	}
	do1(t, n.tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpnet.OverrideNetworkState,
			cdpnet.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// countResponses counts the stored responses of a campaign.
func countResponses(t *testing.T, st interface {
	ResponseCount(context.Context, int64) (int, error)
}, id int64) int {
	t.Helper()
	n, err := st.ResponseCount(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBrowserOfflineBallot answers without signal: the questionnaire, opened once with a
// connection, opens again with the network off (from the service worker, with a fresh
// response id each time); two ballots made offline are kept on the phone with the page
// saying "Sparat – skickas när du har täckning"; with the network back they are sent,
// the page says "Skickat", and each ballot is stored exactly once, however often the
// phone tries again.
func TestBrowserOfflineBallot(t *testing.T) {
	base, st, posts := browserServer(t)
	camp, err := st.Campaign(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	before := countResponses(t, st, camp.ID)
	ctx := newTab(t, true)
	page := base + "/s/demo/hemtjansten-norr"
	do1(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(`#d-heltid .pick`))
	// The worker takes over the page and keeps it (offline.js asks it to).
	must(t, ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => new Promise(ok => {
		const check = () => caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match(location.href)))))
			.then(hits => hits.some(Boolean) && navigator.serviceWorker.controller ? ok(true) : setTimeout(check, 50));
		check();
	}))`, chromedp.EvalAwaitPromise))
	onlineID := must(t, ctx, chromedp.Value(`input[name=id]`))
	net := attachWorker(t, ctx, base)

	net.setOffline(t, true)
	var ids []string
	ballots := [][]string{{"heltid", "busslinjer"}, {"delade-turer"}}
	for i, picks := range ballots {
		do1(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(`#d-heltid .pick`))
		id := must(t, ctx, chromedp.Value(`input[name=id]`))
		if _, err := survey.ParseID(id); err != nil || id == onlineID || slices.Contains(ids, id) {
			t.Fatalf("offline page %d has id %q (online %s, earlier %v): want a fresh random id", i, id, onlineID, ids)
		}
		ids = append(ids, id)
		for _, k := range picks {
			do1(t, ctx, chromedp.Tap(`#d-`+k+` .pick`))
		}
		do1(t, ctx, chromedp.Click(`button.send`), chromedp.WaitVisible(`#outbox`))
		if got := must(t, ctx, chromedp.Text(`#outbox-title`)); got != "Sparat – skickas när du har täckning" {
			t.Errorf("offline ballot %d: page says %q", i, got)
		}
		if i == 0 {
			screenshot(t, ctx, "member-offline-saved")
			axeCheck(t, ctx)
		}
	}
	if n := countResponses(t, st, camp.ID); n != before {
		t.Fatalf("%d responses stored while offline", n-before)
	}
	postsOffline := posts.Load()

	net.setOffline(t, false)
	do1(t, ctx, chromedp.WaitVisible(`#outbox.sent`))
	if got := must(t, ctx, chromedp.Text(`#outbox-title`)); got != "Skickat" {
		t.Errorf("after the network came back the page says %q", got)
	}
	screenshot(t, ctx, "member-offline-sent")
	if must(t, ctx, chromedp.Evaluate[bool](`!document.getElementById('outbox-back').hidden`)) {
		t.Error("the sent page still invites another answer")
	}
	if n := countResponses(t, st, camp.ID); n != before+2 {
		t.Fatalf("%d responses stored, want the 2 offline ballots", n-before)
	}
	for i, id := range ids {
		r := storedResponse(t, st, id)
		if !slices.Equal(r.Ranking, ballots[i]) || r.Workplace != "hemtjansten-norr" || r.Channel != survey.ChannelWeb {
			t.Errorf("ballot %d stored as %+v", i, r)
		}
	}
	// Asking the worker to send again finds nothing left; the outbox is empty.
	left := must(t, ctx, chromedp.Evaluate[int](`navigator.serviceWorker.ready.then(reg => new Promise(ok => {
		navigator.serviceWorker.addEventListener('message', e => { if (e.data.type === 'outbox') ok(e.data.pending); });
		reg.active.postMessage({type: 'flush'});
	}))`, chromedp.EvalAwaitPromise))
	if left != 0 {
		t.Errorf("%d ballots left in the outbox", left)
	}

	// A ballot that reached the server but whose answer was lost is sent again with the
	// same id; the server counts it once.
	do1(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(`#d-heltid .pick`))
	do1(t, ctx, chromedp.Tap(`#d-visstid .pick`))
	resent := must(t, ctx, chromedp.Evaluate[string](`(() => {
		const f = document.getElementById('f'), body = new URLSearchParams(new FormData(f)).toString();
		const post = () => fetch(f.action, {method: 'POST', body, redirect: 'manual',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'}}).then(r => r.type + ' ' + r.status);
		return post().then(a => post().then(b => a + ', ' + b));
	})()`, chromedp.EvalAwaitPromise))
	if resent != "opaqueredirect 0, opaqueredirect 0" {
		t.Errorf("posting one ballot twice: %s", resent)
	}
	if n := countResponses(t, st, camp.ID); n != before+3 {
		t.Errorf("%d responses after a resent ballot, want 3", n-before)
	}
	if posts.Load() <= postsOffline {
		t.Error("no POST reached the server after the network came back")
	}
}
