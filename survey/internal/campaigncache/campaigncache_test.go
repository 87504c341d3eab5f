package campaigncache

import (
	"testing"
	"time"

	"kravlistan/survey"
)

// TestCampaignKeepsWhatItLoads: a loaded campaign, and a missing one, is served from the
// cache afterwards; what was loaded while a change dropped the entry is not kept.
func TestCampaignKeepsWhatItLoads(t *testing.T) {
	cc := Cache{TTL: time.Hour}
	loads := 0
	load := func(c *survey.Campaign) func() (*survey.Campaign, error) {
		return func() (*survey.Campaign, error) {
			loads++
			if c == nil {
				return nil, survey.Errorf(survey.ENOTFOUND, "none")
			}
			return c, nil
		}
	}
	old := &survey.Campaign{Slug: "demo", Title: "old"}
	if c, err := cc.Campaign("demo", load(old)); err != nil || c != old {
		t.Fatalf("first read: %v %v", c, err)
	}
	if c, _ := cc.Campaign("demo", load(nil)); c != old || loads != 1 {
		t.Fatalf("second read loaded again (%d loads) or changed: %v", loads, c)
	}
	if _, err := cc.Campaign("ny", load(nil)); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("missing: %v", err)
	}
	if _, err := cc.Campaign("ny", load(old)); survey.ErrorCode(err) != survey.ENOTFOUND || loads != 2 {
		t.Fatalf("a known miss was loaded again (%d loads): %v", loads, err)
	}

	// A change drops the entry while a reader loads the version before it.
	cc.Drop("demo")
	racing := func() (*survey.Campaign, error) {
		cc.Drop("demo") // the change commits and drops, after the reader read
		return old, nil
	}
	if c, _ := cc.Campaign("demo", racing); c != old {
		t.Fatalf("the reader gets what it read: %v", c)
	}
	fresh := &survey.Campaign{Slug: "demo", Title: "new"}
	if c, _ := cc.Campaign("demo", load(fresh)); c != fresh {
		t.Errorf("the version read during the change was kept: %q", c.Title)
	}
}
