package survey

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// The storage the web layer and the command line need, declared here so that a second
// store can implement them (survey/sqlite is the default one). Each interface is one
// concern; Store is all of them together.

// CampaignStore keeps campaigns and who may work on them.
type CampaignStore interface {
	// Campaign returns the campaign with slug (ENOTFOUND, key campaign_not_found, if none).
	Campaign(ctx context.Context, slug string) (*Campaign, error)
	// CampaignDoc returns the campaign file as stored, without defaults applied.
	CampaignDoc(ctx context.Context, slug string) (*Campaign, error)
	CreateCampaign(ctx context.Context, c *Campaign) error
	CreateCampaignBy(ctx context.Context, c *Campaign, userID int64) error
	// SaveCampaign stores an edited campaign; by names the editor and reason, when not
	// empty, is logged with the demands that changed.
	SaveCampaign(ctx context.Context, c *Campaign, by, reason string) error
	SetPublished(ctx context.Context, slug string, on bool) error
	SetArchived(ctx context.Context, slug string, on bool) error
	// FreeSlug returns base when no campaign uses it, else a free base-2, base-3, …
	FreeSlug(ctx context.Context, base string) (string, error)
	AdminCampaigns(ctx context.Context, user *User, archived bool) ([]AdminSummary, error)
	CampaignMeta(ctx context.Context, id int64) (CampaignMeta, error)
	CanAccess(ctx context.Context, user *User, campaignID int64) (bool, error)
	GrantAccess(ctx context.Context, campaignID, userID int64) error
	RevokeAccess(ctx context.Context, campaignID, userID int64) error
	CampaignUsers(ctx context.Context, campaignID int64) ([]User, error)
	DemandEdits(ctx context.Context, campaignID int64) ([]DemandEdit, error)
}

// ResponseReader walks a campaign's stored responses; it is all report.Compute needs.
type ResponseReader interface {
	// EachResponse calls fn for every response of a campaign in order, pending ones
	// included (tools). The *Response passed to fn is reused between calls: fn must copy
	// what it keeps.
	EachResponse(ctx context.Context, campaignID int64, order Order, fn func(*Response) error) error
	// EachCounted calls fn, in the random order of the ids, for every response the figures
	// of campaign c may show at time now: once c is closed (ClosedAt) every response; while
	// it is open only the snapshot, which a store advances only when at least the
	// anonymity threshold of new responses have arrived since it last moved, so that two
	// reads never differ by fewer than k ballots.
	EachCounted(ctx context.Context, c *Campaign, now time.Time, fn func(*Response) error) error
	// CountedResponses is the number of responses EachCounted walks.
	CountedResponses(ctx context.Context, c *Campaign, now time.Time) (int, error)
}

// Tally is a campaign's ballots counted into sums that add up across batches
// (report.Tally). A store that keeps one per campaign (survey/sqlite) adds the responses
// to it in the transaction that makes them counted, so reading the results costs the same
// at any number of answers.
type Tally interface {
	// Add counts one response; r may be reused afterwards.
	Add(r *Response) error
	// AppendBinary appends the tally's encoding, which records the shape it counts by.
	AppendBinary(b []byte) ([]byte, error)
	// Fits reports whether the tally counts by c's demands, max picks, rating scale,
	// background questions and workplaces; a tally that does not is stale.
	Fits(c *Campaign) bool
	// Responses is the number of responses counted.
	Responses() int
	// GroupCounts returns the number of responses and the cell key of every group with
	// responses: by workplace code ("" for none, or a code the campaign does not have) and,
	// per background question key, by option key ("" for skipped or not an option).
	GroupCounts() (byWorkplace []Count, byAnswer map[string][]Count)
	// ChannelCounts returns the number of responses and the cell key of every channel
	// with responses (Key is the channel).
	ChannelCounts() []Count
}

// Tallier makes and reads tallies (report.Tallies); a store is given one.
type Tallier interface {
	NewTally(c *Campaign) Tally
	DecodeTally(b []byte) (Tally, error)
}

// TallyReader is a store that keeps a tally per campaign.
type TallyReader interface {
	// CountedTally returns the tally of exactly the responses EachCounted walks for c at
	// time now, or nil when the store has no tally that fits c (the caller counts the
	// rows).
	CountedTally(ctx context.Context, c *Campaign, now time.Time) (Tally, error)
}

// ResponseStore keeps the members' responses.
type ResponseStore interface {
	ResponseReader
	// Submit stores r once it is durable; an identical replay of the same id is Replayed,
	// a different one ECONFLICT.
	Submit(ctx context.Context, campaignID int64, r *Response) (Outcome, error)
	ResponseCount(ctx context.Context, campaignID int64) (int, error)
	// ProgressAt counts responses by day (live) and by workplace and answer (from the
	// snapshot EachCounted walks), with each group's cell key.
	ProgressAt(ctx context.Context, c *Campaign, now time.Time) (*Progress, error)
}

// UserStore keeps the organisers' accounts and the first-admin setup token.
type UserStore interface {
	CreateUser(ctx context.Context, name string, role Role, hash string) (*User, error)
	// UserByName returns the user and its password hash.
	UserByName(ctx context.Context, name string) (*User, string, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	Users(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	SetPassword(ctx context.Context, name, hash string) (*User, error)
	SetUserDisabled(ctx context.Context, name string, disabled bool) (*User, error)
	CreateSetupToken(ctx context.Context, hash []byte, now time.Time) error
	SetupTokenValid(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration) (bool, error)
	UseSetupToken(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration, name, pwHash string) (*User, error)
}

// SessionStore keeps signed-in sessions under the hash of their cookie token.
type SessionStore interface {
	CreateSession(ctx context.Context, tokenHash []byte, userID int64, csrf string, now time.Time) error
	Session(ctx context.Context, tokenHash []byte, now time.Time, lim SessionLimits) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
}

// PartyStore keeps the party confrontation: parties, answer links, answers, the frozen
// list, assessments and follow-ups.
type PartyStore interface {
	InitParties(ctx context.Context, campaignID int64) error
	PartySettings(ctx context.Context, campaignID int64) (PartySettings, error)
	SetPartiesPublished(ctx context.Context, campaignID int64, published, filter bool) error
	Parties(ctx context.Context, campaignID int64) ([]PartyRow, error)
	Party(ctx context.Context, campaignID, partyID int64) (PartyRow, error)
	SaveParty(ctx context.Context, campaignID int64, p *Party) error
	DeleteParty(ctx context.Context, campaignID, partyID int64) error
	MarkPartyOpened(ctx context.Context, partyID int64) error
	PartyAnswers(ctx context.Context, partyID int64) (map[int64]Answer, error)
	SavePartyAnswers(ctx context.Context, partyID int64, version int, answers []Answer, submit bool) (int, error)
	ReopenParty(ctx context.Context, campaignID, partyID int64) error
	SetAssessment(ctx context.Context, campaignID, partyID, itemID int64, a Assessment) error
	// PartyMatrices returns one matrix per assembly, in the assemblies' order: its parties,
	// the items of the frozen list put to it, its majority from its own seats.
	PartyMatrices(ctx context.Context, campaignID int64) ([]*Matrix, error)
	AddFollowUp(ctx context.Context, campaignID int64, f *FollowUp) error
	FollowUps(ctx context.Context, campaignID int64) ([]FollowUp, error)
	DeleteFollowUp(ctx context.Context, campaignID, id int64) error
	CreatePartyLink(ctx context.Context, campaignID, partyID int64, expires time.Time) (string, error)
	PartyLinks(ctx context.Context, campaignID int64) ([]PartyLink, error)
	RevokePartyLink(ctx context.Context, campaignID, linkID int64) error
	// PartyByToken returns what a valid answer-link token opens; every bad token gets
	// the same ENOTFOUND.
	PartyByToken(ctx context.Context, token string) (*PartyAccess, error)
	PartyList(ctx context.Context, campaignID int64) ([]ListItem, error)
	FreezeList(ctx context.Context, c *Campaign, items []ListItem) error
	// SaveList stores the edited list: kept items (by ID) take their place, wording and
	// Assemblies (empty: every assembly) as given, refused for an answered item whose
	// wording or assemblies change; items with ID 0 are added (with their demand's
	// assemblies when they name none); stored items left out are dropped.
	SaveList(ctx context.Context, c *Campaign, items []ListItem) error
	// SetPartyDeadline sets the campaign-wide answer deadline (day, YYYY-MM-DD in the
	// campaign's time zone) and moves the end of every link that is not revoked to expires.
	SetPartyDeadline(ctx context.Context, campaignID int64, day string, expires time.Time) error
	// SaveParties stores one assembly and its parties in one go (the settings form of that
	// assembly): a.ID 0 adds the assembly, else it is updated (its key stays); parties with
	// an ID are updated, those without are added, the ids in remove are deleted (refused
	// for a party with saved answers). The assembly's whole set is validated together.
	SaveParties(ctx context.Context, campaignID int64, a Assembly, parties []Party, remove []int64) error
	// DeleteAssembly removes an assembly with its parties; refused when one of them has
	// saved answers, and for the campaign's last assembly.
	DeleteAssembly(ctx context.Context, campaignID, assemblyID int64) error
	// CopyParties gives campaign to (new, duplicated from campaign from) the assemblies and
	// their parties of from, without answers, links or refusals, and records from as its
	// previous campaign.
	CopyParties(ctx context.Context, from, to int64) error
}

// CodeStore keeps the one-time codes of campaigns with access codes: only a keyed hash of
// each code, its batch, its workplace and whether it is used. Submit marks a response's
// code used in the transaction that stores the response.
type CodeStore interface {
	// IssueCodes makes n new codes for a workplace ("" for none) and returns the batch id
	// and the codes, which exist in readable form only in this return value.
	IssueCodes(ctx context.Context, campaignID int64, workplace string, n int) (int64, []string, error)
	// VoidCodeBatch makes the batch's unused codes stop working.
	VoidCodeBatch(ctx context.Context, campaignID, batchID int64) error
	CodeBatches(ctx context.Context, campaignID int64) ([]CodeBatch, error)
	// CodeCounts is how many codes are issued and used, in total and by workplace.
	CodeCounts(ctx context.Context, campaignID int64) (CodeCounts, []CodeCounts, error)
	// CodeWorkplace returns the workplace of a code as typed, or ErrCodeUnknown.
	CodeWorkplace(ctx context.Context, campaignID int64, code string) (string, error)
}

// ProposalStore keeps the proposals of the intake round and the inbox organisers merge
// them in (see proposal.go). Proposals that arrive with ranking answers are added by
// ResponseStore.Submit in the transaction that stores the response.
type ProposalStore interface {
	// SubmitProposal stores p for the campaign once it is durable; an identical replay of
	// the same id is Replayed, a different one ECONFLICT.
	SubmitProposal(ctx context.Context, campaignID int64, p *Proposal) (Outcome, error)
	// Proposals returns every proposal of a campaign, in no particular order.
	Proposals(ctx context.Context, campaignID int64) ([]Proposal, error)
	// ProposalCount is how many proposals a campaign has.
	ProposalCount(ctx context.Context, campaignID int64) (int, error)
	// MergeProposals saves c (edited by the caller: a new demand, or an existing one
	// reworded) and marks the proposals ids merged into the demand key, in one transaction,
	// under the rules of SaveCampaign (by and reason log a rewording of a ranked demand). A
	// proposal merged elsewhere before moves to key. ENOTFOUND if an id is not the
	// campaign's.
	MergeProposals(ctx context.Context, c *Campaign, ids []uuid.UUID, key, by, reason string) error
	// SetProposalsAside marks the proposals set aside with reason.
	SetProposalsAside(ctx context.Context, campaignID int64, ids []uuid.UUID, reason string) error
	// ReturnProposals puts the proposals back in the inbox as new (undo).
	ReturnProposals(ctx context.Context, campaignID int64, ids []uuid.UUID) error
	// Provenance counts, per demand key, the proposals merged into it.
	Provenance(ctx context.Context, campaignID int64) (map[string]Provenance, error)
	// CopyProposals copies the proposals of campaign from still waiting in the inbox
	// (new) into campaign to, under new random ids, and returns how many: a campaign
	// copied for the next round starts with them.
	CopyProposals(ctx context.Context, from, to int64) (int, error)
}

// HealthStore answers the health check.
type HealthStore interface {
	SchemaVersion(ctx context.Context) (int, error)
}

// Counter is one count a throttle keeps under a key: N, and At, when it last changed. The
// zero Counter is a key with nothing counted.
type Counter struct {
	N  float64
	At time.Time
}

// SharedStore is implemented by a store that several instances of the service share
// (survey/postgres). It keeps what the web layer must see the same on every instance: the
// throttles' counters (sign-in attempts, wrong access codes, burned response ids) and the
// keys that sign its forms. A store of one process (survey/sqlite) does not implement it and
// the web layer keeps both in memory.
type SharedStore interface {
	// UpdateCounters reads the counters under keys (the zero Counter for a key not kept),
	// calls update once with them, and keeps what update leaves (the zero Counter removes a
	// key), atomically: calls that share a key run one after the other on every instance.
	// update only computes; it must not block or call the store.
	UpdateCounters(ctx context.Context, keys []string, update func(c []Counter)) error
	// ForgetCounters removes the counters last changed before t.
	ForgetCounters(ctx context.Context, before time.Time) error
	// SigningKey returns the secret key called name (32 random bytes, made on first use),
	// the same on every instance.
	SigningKey(ctx context.Context, name string) ([]byte, error)
}

// ChangeNotifier is implemented by a store that hears of campaign changes other processes
// make (survey/postgres, through LISTEN/NOTIFY), so that the web layer can drop what it
// made from a campaign (counted results, rendered pages) at once.
type ChangeNotifier interface {
	// OnCampaignChange registers fn. It is called with a campaign's slug after a change to
	// the campaign (or to what is shown with it) committed, through this instance or any
	// other, and with "" when changes may have been missed (every campaign may have changed).
	OnCampaignChange(fn func(slug string))
}

// Store is every storage concern together, as the web layer is given it.
type Store interface {
	CampaignStore
	ResponseStore
	UserStore
	SessionStore
	PartyStore
	PosterStore
	CodeStore
	ProposalStore
	PaperStore
	VisitStore
	HealthStore
}

// Order is the order EachResponse delivers responses in.
type Order int

// The orders. ByID is the random order of the response ids; exports use it so that rows
// never reveal the order in which members answered.
const (
	Unordered Order = iota
	ByID
)

// Outcome says what a submission did.
type Outcome int

// The outcomes of a submission.
const (
	Created  Outcome = iota + 1 // stored now
	Replayed                    // the same id with the same content was already stored
)

// Count is the number of responses in one group: a day, a workplace code or an option key.
// An empty Key is the group of responses without one (no workplace link, question skipped).
type Count struct {
	Key string
	N   int
	// CellKey is the sum of the group's record keys modulo 2^32, for the cell key method
	// (report.PerturbCount). Set by ProgressAt.
	CellKey uint32
}

// Progress is how many responses a campaign has, in total and by group, as the organiser
// watches answers arrive. It holds raw counts: the caller hides small groups.
type Progress struct {
	Total       int
	ByDay       []Count            // oldest day first
	ByWorkplace []Count            // by code, "" first
	ByAnswer    map[string][]Count // question key → counts by option key in no order, "" (skipped) included
	ByChannel   []Count            // by channel ("web", "paper", …), only channels with responses
}

// CampaignSummary is a campaign's line in a list.
type CampaignSummary struct {
	Slug      string
	Title     string
	State     State
	Published bool
	Responses int
}

// AdminSummary is a campaign's line in the organiser's campaign list.
type AdminSummary struct {
	Slug       string
	Title      string
	State      State
	Published  bool
	Archived   bool
	Responses  int
	CreatedDay string
	OpensAt    *time.Time
	ClosesAt   *time.Time
}

// CampaignMeta is what the workspace knows about a campaign beyond its file.
type CampaignMeta struct {
	CreatedBy  int64 // 0: nobody (command line)
	Archived   bool
	CreatedDay string
	Responses  int
}

// SessionLimits are how long a session lives: Idle since its last use, Absolute since
// sign-in, whichever ends first.
type SessionLimits struct {
	Idle     time.Duration
	Absolute time.Duration
}

// ErrNoSession means the session is unknown, expired, or its account is disabled.
var ErrNoSession = &Error{Code: ENOTFOUND, Message: "ingen giltig inloggning", Key: "no_session"}

// ErrSetupUsed means a first-admin setup link was already used or is invalid.
var ErrSetupUsed = &Error{Code: EFORBIDDEN, Message: "länken är redan använd eller ogiltig", Key: "setup_used"}

// PartySettings are a campaign's settings for putting its demands to the parties.
type PartySettings struct {
	// Assemblies are the campaign's assemblies in order; before any is stored, the
	// default one (the Riksdag) with ID 0.
	Assemblies []Assembly
	// Published makes /r/{slug}/partier public.
	Published bool
	// Filter offers members on the public page to tick their own demands (computed in the
	// browser; nothing is sent back).
	Filter   bool
	FrozenAt *time.Time
	// Deadline is the last day parties can answer (YYYY-MM-DD in the campaign's time
	// zone), "" until the organiser sets it.
	Deadline string
	// Previous is the campaign this one was duplicated from (0: none), whose party answers
	// the public page links.
	Previous     int64
	PreviousSlug string
}

// PartyRow is a party with its progress.
type PartyRow struct {
	Party
	Status PartyStatus
}

// PartyLink is an answer link as the organiser sees it. The token is never stored.
type PartyLink struct {
	ID        int64
	PartyID   int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

// Active reports whether the link works at time now.
func (l PartyLink) Active(now time.Time) bool { return l.RevokedAt == nil && now.Before(l.ExpiresAt) }

// PartyAccess is what a valid token opens: one party of one campaign.
type PartyAccess struct {
	CampaignID int64
	Slug       string
	LinkID     int64
	ExpiresAt  time.Time
	Party      PartyRow
}
