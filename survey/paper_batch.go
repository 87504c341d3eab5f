package survey

import "context"

// A paper batch is one pile of paper ballots (or of call sheets filled in by hand) from one
// workplace, typed in by organisers before it counts. The cover of the pile says how many
// ballots it holds. A batch can require double entry: a second person types the same pile,
// the two typings are compared ballot by ballot, and the batch counts only when every
// ballot matches (after reconciliation) and the number of ballots is the cover's. Only then
// are its responses stored, all in one transaction, and the typed lines and who typed them
// are deleted: nothing links a stored response to its place in the pile or to a typist.

// PaperBatch is a pile being typed in, or the summary of one that was committed.
type PaperBatch struct {
	ID        int64
	Workplace string
	Channel   Channel // paper, or phone for call sheets noted by hand
	Cover     int     // ballots the cover says the pile holds
	Double    bool    // a second person must type the pile too
	Day       string  // the day it was opened
	// Typists are the accounts typing the first and second pass (0: nobody yet); cleared
	// when the batch is committed.
	Typist [2]int64
	// Typed is how many ballots each pass holds.
	Typed [2]int
	// Committed is true once the responses are stored; Stored is how many.
	Committed bool
	Stored    int
}

// PaperLine is one typed ballot: its place in the pile (1, 2, …), the line and the code as
// typed.
type PaperLine struct {
	Seq  int
	Line string
	Code string
}

// PaperStore keeps paper batches until they are committed.
type PaperStore interface {
	CreatePaperBatch(ctx context.Context, campaignID int64, b *PaperBatch) error
	PaperBatches(ctx context.Context, campaignID int64) ([]PaperBatch, error)
	PaperBatch(ctx context.Context, campaignID, batchID int64) (*PaperBatch, error)
	// ClaimPaperPass makes user the typist of pass (0 or 1) unless someone else is.
	ClaimPaperPass(ctx context.Context, campaignID, batchID int64, pass int, userID int64) error
	// PaperLines returns a pass's lines in pile order.
	PaperLines(ctx context.Context, batchID int64, pass int) ([]PaperLine, error)
	// AddPaperLine appends a line to the end of a pass.
	AddPaperLine(ctx context.Context, batchID int64, pass int, l PaperLine) error
	// SetPaperLine replaces (or adds) the line at l.Seq in each of passes.
	SetPaperLine(ctx context.Context, batchID int64, passes []int, l PaperLine) error
	// DropPaperLine removes the line at seq from pass; the lines after it move up one.
	DropPaperLine(ctx context.Context, batchID int64, pass, seq int) error
	// DeletePaperBatch throws an uncommitted batch away.
	DeletePaperBatch(ctx context.Context, campaignID, batchID int64) error
	// CommitPaperBatch stores rs (validated) in one transaction, marks their codes used,
	// deletes the batch's lines and typists and marks it committed. A code that is unknown
	// or used stops the whole commit (its response's index is in the error's field
	// "ballot[i]"); nothing is stored then.
	CommitPaperBatch(ctx context.Context, campaignID, batchID int64, rs []*Response) error
}

// PaperPair is one place in a double-entered pile: what each pass typed there (nil where a
// pass has no ballot) and whether they agree.
type PaperPair struct {
	Seq   int
	Lines [2]*PaperLine
	Match bool
}

// ComparePaper lines up two passes ballot by ballot. canon gives a line's canonical form
// ("" when it does not parse): two lines match when their canonical forms are equal and
// not empty.
func ComparePaper(a, b []PaperLine, canon func(PaperLine) string) []PaperPair {
	n := max(len(a), len(b))
	out := make([]PaperPair, n)
	for i := range n {
		p := PaperPair{Seq: i + 1}
		if i < len(a) {
			p.Lines[0] = &a[i]
		}
		if i < len(b) {
			p.Lines[1] = &b[i]
		}
		if p.Lines[0] != nil && p.Lines[1] != nil {
			ca := canon(*p.Lines[0])
			p.Match = ca != "" && ca == canon(*p.Lines[1])
		}
		out[i] = p
	}
	return out
}
