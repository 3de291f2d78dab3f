-- DSPAM's PostgreSQL schema: the tables, columns, types and indexes of DSPAM 3.10's
-- pgsql_objects.sql and virtual_users.sql, with its lookup_tokens functions. pgsql_drv creates
-- this itself in an empty database; admins who manage schemas themselves run it once:
--   psql -d dspam -f pgsql_objects.sql
-- DSPAM itself reads and writes these tables unchanged (token ids are stored as signed BIGINT,
-- as DSPAM stores them in a BIGINT column).

CREATE TABLE IF NOT EXISTS dspam_token_data (
  uid INT NOT NULL,
  token BIGINT NOT NULL,
  spam_hits INT NOT NULL,
  innocent_hits INT NOT NULL,
  last_hit DATE NOT NULL,
  UNIQUE (uid, token)
);

CREATE TABLE IF NOT EXISTS dspam_signature_data (
  uid INT NOT NULL,
  signature VARCHAR(128) NOT NULL,
  data BYTEA,
  length INT,
  created_on DATE NOT NULL,
  UNIQUE (uid, signature)
);

CREATE TABLE IF NOT EXISTS dspam_stats (
  uid INT PRIMARY KEY,
  spam_learned INT,
  innocent_learned INT,
  spam_misclassified INT,
  innocent_misclassified INT,
  spam_corpusfed INT,
  innocent_corpusfed INT,
  spam_classified INT,
  innocent_classified INT
);

-- Preferences (uid 0 holds the system-wide defaults).
CREATE TABLE IF NOT EXISTS dspam_preferences (
  uid INT NOT NULL,
  preference VARCHAR(128) NOT NULL,
  value VARCHAR(128),
  UNIQUE (uid, preference)
);

-- Virtual users: user names and the uids their rows are kept under. A database without this
-- table keys users by their system account's uid, as DSPAM built without virtual users did.
CREATE SEQUENCE IF NOT EXISTS dspam_virtual_uids_seq;

CREATE TABLE IF NOT EXISTS dspam_virtual_uids (
  uid INT DEFAULT nextval('dspam_virtual_uids_seq') PRIMARY KEY,
  username VARCHAR(128)
);

CREATE UNIQUE INDEX IF NOT EXISTS id_virtual_uids_01 ON dspam_virtual_uids(username);
CREATE UNIQUE INDEX IF NOT EXISTS id_virtual_uids_02 ON dspam_virtual_uids(uid);

-- DSPAM's pgsql_drv reads tokens through these: a user's rows, or a user's and a group's.
CREATE OR REPLACE FUNCTION lookup_tokens(integer, bigint[])
  RETURNS SETOF dspam_token_data LANGUAGE sql STABLE
  AS $$ SELECT * FROM dspam_token_data WHERE uid = $1 AND token = ANY ($2) $$;

CREATE OR REPLACE FUNCTION lookup_tokens(integer, integer, bigint[])
  RETURNS SETOF dspam_token_data LANGUAGE sql STABLE
  AS $$ SELECT * FROM dspam_token_data WHERE uid = $1 AND token = ANY ($3)
        UNION ALL SELECT * FROM dspam_token_data WHERE uid = $2 AND token = ANY ($3) $$;

ALTER TABLE dspam_token_data ALTER token SET STATISTICS 200;
ALTER TABLE dspam_signature_data ALTER signature SET STATISTICS 200;
ALTER TABLE dspam_token_data ALTER innocent_hits SET STATISTICS 200;
ALTER TABLE dspam_token_data ALTER spam_hits SET STATISTICS 200;
