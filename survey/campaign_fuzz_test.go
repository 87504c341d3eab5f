package survey

import "testing"

// FuzzDecodeCampaign checks that no campaign file makes decoding panic, and that a file
// that decodes is a valid campaign within the size limits.
func FuzzDecodeCampaign(f *testing.F) {
	f.Add([]byte(validCampaignJSON()))
	f.Add([]byte(`{"slug":"a","title":"A","demands":[{"key":"k","title":"K"}]}`))
	f.Add([]byte(`{"slug":"a","title":"A","ballot":"rate","scale":{"min":1,"max":5},"demands":[{"key":"k","title":"K"}]}`))
	f.Add([]byte(`{"SLUG":"a"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCampaign(data)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("decoded but invalid: %v", err)
		}
		if len(c.Demands) > MaxDemands || len(c.Questions) > MaxQuestions || len(c.Workplaces) > MaxWorkplaces {
			t.Fatalf("over the size limits: %d demands", len(c.Demands))
		}
	})
}
