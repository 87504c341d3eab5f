-- Parties belong to an assembly ("S i Huddinge"), as the SQLite store's 0022: the same
-- short name may stand in several assemblies of a campaign. PostgreSQL changes the
-- constraint in place, so links, answers and follow-ups are never touched.
ALTER TABLE parties ADD COLUMN assembly_id BIGINT REFERENCES assemblies (id) ON DELETE CASCADE;
UPDATE parties p SET assembly_id = a.id FROM assemblies a WHERE a.campaign_id = p.campaign_id;
ALTER TABLE parties ALTER COLUMN assembly_id SET NOT NULL;
ALTER TABLE parties DROP CONSTRAINT parties_campaign_id_short_key;
ALTER TABLE parties ADD CONSTRAINT parties_assembly_id_short_key UNIQUE (assembly_id, short);
CREATE INDEX parties_campaign ON parties (campaign_id, position);
