/* DSPAM's older PostgreSQL token column: NUMERIC(20) holding the unsigned id. */
CREATE TABLE dspam_token_data (
  uid INT,
  token NUMERIC(20),
  spam_hits INT,
  innocent_hits INT,
  last_hit DATE,
  UNIQUE (uid, token)
) WITHOUT OIDS;
CREATE TABLE dspam_signature_data (
  uid INT,
  signature varchar(128),
  data BYTEA,
  length INT,
  created_on DATE,
  UNIQUE (uid, signature)
) WITHOUT OIDS;
CREATE TABLE dspam_stats (
  uid INT PRIMARY KEY,
  spam_learned INT,
  innocent_learned INT,
  spam_misclassified INT,
  innocent_misclassified INT,
  spam_corpusfed INT,
  innocent_corpusfed INT,
  spam_classified INT,
  innocent_classified int
) WITHOUT OIDS;
CREATE TABLE dspam_preferences (
  uid INT,
  preference VARCHAR(128),
  value VARCHAR(128),
  UNIQUE (uid, preference)
) WITHOUT OIDS;
