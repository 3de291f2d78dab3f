/* DSPAM 3.10's PostgreSQL schema as its documentation creates it. */
CREATE TABLE dspam_token_data (
  uid INT,
  token BIGINT,
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
/* The lookup functions' interface, with a body quoted the way DSPAM's file quotes it. */
create function lookup_tokens(integer,bigint[])
  returns setof dspam_token_data
  language plpgsql stable
  as '
begin
  return query select * from dspam_token_data where uid=$1 and token = any ($2);
end;';
create function lookup_tokens(integer,integer,bigint[])
  returns setof dspam_token_data
  language plpgsql stable
  as '
begin
  return query select * from dspam_token_data where uid=$1 and token = any ($3);
  return query select * from dspam_token_data where uid=$2 and token = any ($3);
end;';
ALTER TABLE dspam_token_data ALTER token SET STATISTICS 200;
ANALYZE;
