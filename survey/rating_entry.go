package survey

import (
	"strconv"
	"strings"
)

// ParseRatingEntry reads one paper rating ballot as typed by whoever enters the pile: one
// entry per demand on offer, in the campaign's order (the order printed on the ballot),
// separated by spaces, commas or semicolons; a number is the rating, "-", "x" or "." a
// demand left blank. It returns the ratings; every problem names its field, "ratings" for
// the line as a whole or "ratings.<key>" for one demand, with the rules of
// Response.Validate (scale, required ratings) applied by the caller afterwards.
func ParseRatingEntry(c *Campaign, line string) (map[string]int, error) {
	var fe fieldErrors
	if !c.Rates() || c.Scale == nil {
		fe.add("ratings", "ratings_off")
		return nil, fe.err()
	}
	fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
	demands := c.VisibleDemands()
	if len(fields) != len(demands) {
		fe.add("ratings", "entry_count", len(demands), len(fields))
		return nil, fe.err()
	}
	ratings := make(map[string]int, len(demands))
	for i, f := range fields {
		d := demands[i]
		switch f {
		case "-", "x", "X", ".":
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || !c.Scale.Contains(n) {
			fe.add("ratings."+d.Key, "rating_range", c.Scale.Min, c.Scale.Max)
			continue
		}
		ratings[d.Key] = n
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return ratings, nil
}
