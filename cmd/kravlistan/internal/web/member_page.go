package web

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// handleMemberPage serves GET /s/:slug and /s/:slug/:workplace: the questionnaire. The page
// is rendered once per campaign version, language and workplace; each request only adds
// a fresh response id.
func handleMemberPage(st survey.Store, mp *memberPages, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		camp, wp, err := openCampaign(c, st, now)
		if err != nil {
			return err
		}
		if camp.State == survey.StateIntake {
			return renderProposeForm(c, mp.v, camp, wp)
		}
		if k := c.QueryParam("kod"); k != "" && camp.NeedsCode() {
			return memberPageWithCode(c, mp.v, camp, wp, k)
		}
		lang, explicit := i18n.Pick(req)
		code := ""
		if wp != nil {
			code = wp.Code
		}
		text := contentLang(req, camp, lang)
		cp, err := mp.get(camp, memberKey{slug: camp.Slug, workplace: code, lang: lang, text: text, explicit: explicit}, func(marker string) memberView {
			return newMemberView(mp.v.Bind(view.Page{Lang: lang, LangQ: i18n.Query(lang, explicit)}), camp, wp, &memberInput{ID: marker, Text: text}, nil)
		})
		if err != nil {
			return err
		}
		return cp.write(c, uuid.NewString(), lang)
	}
}

// openCampaign looks up the campaign and workplace of a member page and checks that the
// campaign takes responses now, or proposals (state intake: the caller shows the proposal
// form; opening and closing times are the ranking round's).
func openCampaign(c echo.Context, st survey.Store, now func() time.Time) (*survey.Campaign, *survey.Workplace, error) {
	camp, err := st.Campaign(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, nil, err
	}
	if camp.State == survey.StateIntake {
		// Takes proposals.
	} else if err := camp.CheckOpen(now(), camp.Location()); err != nil {
		if camp.Published && camp.State == survey.StateClosed {
			// The results page is public: the closed page leads there.
			return nil, nil, &view.PageError{Status: http.StatusGone, Key: "err.closed_pub",
				LinkHref: "/r/" + camp.Slug, LinkKey: "err.closed_pub.link"}
		}
		return nil, nil, err
	}
	code := c.Param("workplace")
	if code == "" {
		return camp, nil, nil
	}
	wp, ok := camp.Workplace(code)
	if !ok {
		return nil, nil, &view.PageError{Status: http.StatusNotFound, Key: "err.workplace",
			LinkHref: memberPath(camp.Slug, ""), LinkKey: "err.workplace.link"}
	}
	return camp, &wp, nil
}

// idLen is the length of a response id as the page carries it (a UUID).
const idLen = 36

// newMarker returns a random stand-in for the response id of a cached page: 36 bytes that
// HTML escaping leaves alone. It is new for every rendering, so no campaign text can
// contain it on purpose (a fixed marker in a demand made every member page a 500).
func newMarker() string {
	var b [16]byte
	rand.Read(b[:])
	return "id-" + hex.EncodeToString(b[:]) + "-"
}

type memberKey struct {
	slug, workplace, lang, text string
	explicit                    bool
}

// memberPages caches rendered questionnaires. An entry is valid while the store hands out
// the same *survey.Campaign (or an equal one after a reload).
type memberPages struct {
	v  *view.Engine
	mu sync.RWMutex
	m  map[memberKey]*cachedPage
}

func newMemberPages(v *view.Engine) *memberPages {
	return &memberPages{v: v, m: map[memberKey]*cachedPage{}}
}

// forget drops the pages of campaign slug ("": of every campaign), which changed.
func (mp *memberPages) forget(slug string) {
	mp.mu.Lock()
	defer mp.mu.Unlock()
	for k := range mp.m {
		if slug == "" || k.slug == slug {
			delete(mp.m, k)
		}
	}
}

// cachedPage is a page split around its response id, kept plain and as raw deflate
// streams: zpre ends in a sync flush (byte-aligned, not final), zsuf is a complete final
// stream. A gzip body for any id is then header + zpre + a stored block with the id +
// zsuf + trailer, with no compression work per request.
type cachedPage struct {
	camp     *survey.Campaign
	pre, suf []byte
	zpre     []byte
	zsuf     []byte
	crcPre   uint32
}

func (mp *memberPages) get(camp *survey.Campaign, k memberKey, build func(marker string) memberView) (*cachedPage, error) {
	mp.mu.RLock()
	cp := mp.m[k]
	mp.mu.RUnlock()
	if cp != nil && cp.camp == camp {
		return cp, nil
	}
	if cp != nil && reflect.DeepEqual(*cp.camp, *camp) {
		// The store reloaded the campaign but nothing changed: keep the bytes.
		fresh := *cp
		fresh.camp = camp
		mp.mu.Lock()
		mp.m[k] = &fresh
		mp.mu.Unlock()
		return &fresh, nil
	}
	// A text that happens to hold the random marker is as likely as guessing a 128-bit
	// key; should it ever happen, a new marker is drawn.
	for try := 0; ; try++ {
		marker := newMarker()
		body, err := mp.v.Execute("member", build(marker))
		if err != nil {
			return nil, err
		}
		if cp, err = splitPage(camp, body, marker); err == nil {
			break
		} else if try == 2 {
			return nil, err
		}
	}
	mp.mu.Lock()
	mp.m[k] = cp
	mp.mu.Unlock()
	return cp, nil
}

func splitPage(camp *survey.Campaign, body []byte, marker string) (*cachedPage, error) {
	i := bytes.Index(body, []byte(marker))
	if i < 0 || bytes.Count(body, []byte(marker)) != 1 {
		return nil, fmt.Errorf("member page: id marker found %d times", bytes.Count(body, []byte(marker)))
	}
	cp := &cachedPage{camp: camp, pre: body[:i], suf: body[i+len(marker):]}
	var zb bytes.Buffer
	zw, _ := flate.NewWriter(&zb, flate.BestCompression)
	zw.Write(cp.pre)
	zw.Flush()
	cp.zpre = bytes.Clone(zb.Bytes())
	zb.Reset()
	zw.Reset(&zb)
	zw.Write(cp.suf)
	zw.Close()
	cp.zsuf = bytes.Clone(zb.Bytes())
	cp.crcPre = crc32.ChecksumIEEE(cp.pre)
	return cp, nil
}

// memberBufPool holds the buffers the questionnaire is assembled in.
var memberBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// gzipHeader is a gzip member header: deflate, no flags, no time, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// write sends the page with id (36 bytes) in place of the placeholder.
func (cp *cachedPage) write(c echo.Context, id string, lang string) error {
	if len(id) != idLen {
		return fmt.Errorf("member page: id %q has the wrong length", id)
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Encoding, Accept-Language")
	h.Set("Content-Language", lang)
	buf := memberBufPool.Get().(*bytes.Buffer)
	defer memberBufPool.Put(buf)
	buf.Reset()
	if view.AcceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		buf.Write(gzipHeader)
		buf.Write(cp.zpre)
		// A stored block: BFINAL=0, BTYPE=00, then LEN and its complement, then the bytes.
		n := uint16(len(id))
		buf.Write([]byte{0, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)})
		buf.WriteString(id)
		buf.Write(cp.zsuf)
		crc := crc32.Update(cp.crcPre, crc32.IEEETable, []byte(id))
		crc = crc32.Update(crc, crc32.IEEETable, cp.suf)
		var tr [8]byte
		binary.LittleEndian.PutUint32(tr[:4], crc)
		binary.LittleEndian.PutUint32(tr[4:], uint32(len(cp.pre)+len(id)+len(cp.suf)))
		buf.Write(tr[:])
	} else {
		buf.Write(cp.pre)
		buf.WriteString(id)
		buf.Write(cp.suf)
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(buf.Bytes())
	return err
}
