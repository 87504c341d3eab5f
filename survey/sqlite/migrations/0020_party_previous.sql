-- Parties across elections (issue 15): a campaign duplicated from an earlier one keeps a
-- reference to it, so that its public party page can link the earlier campaign's answers.
ALTER TABLE party_settings ADD COLUMN previous_campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL;
