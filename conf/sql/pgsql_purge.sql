-- Nightly purge of DSPAM's PostgreSQL schema, what DSPAM's purge.sql and dspam_clean did, for
-- every user at once: stale signatures, and tokens that are rare, near neutral or no longer seen.
-- dspam_maintenance runs it with dspam.conf's ages. Stand-alone, with the shipped ages:
--   psql -d dspam -f pgsql_purge.sql
-- or with other ages, as settings of the session (dspam.training_mode, dspam.purge_signatures,
-- dspam.purge_neutral, dspam.purge_unused, dspam.purge_hapaxes, dspam.purge_hits1s,
-- dspam.purge_hits1i):
--   PGOPTIONS='-c dspam.purge_signatures=7 -c dspam.training_mode=TOE' psql -d dspam -f pgsql_purge.sql
--   psql -d dspam -c "SET dspam.purge_signatures = 7" -f pgsql_purge.sql
--
-- Ages are in days, each counted from a token's last_hit (the day it was last learned) or a
-- signature's created_on; a rule removes what is older than its age. An age of 0 removes
-- regardless of age; a negative age (dspam.conf's "off") switches the rule off. A value that is
-- not a whole number stops the script before anything is removed. dspam.training_mode is the
-- mode of users with no trainingMode preference of their own and no system default one (uid 0)
-- in the database: dspam.conf's Preference "trainingMode=...", else its TrainingMode.

-- The ages: what the caller did not set (unset or empty) has dspam.conf's shipped value. Each
-- rule then removes what is dated before its day: CURRENT_DATE - age, every day ('infinity')
-- for an age of 0, and none (NULL) for a negative age.
CREATE TEMPORARY TABLE dspam_purge_settings AS SELECT
  upper(training_mode) AS training_mode,
  CASE WHEN signatures = 0 THEN 'infinity' WHEN signatures > 0 THEN CURRENT_DATE - signatures END AS signatures,
  CASE WHEN neutral = 0 THEN 'infinity' WHEN neutral > 0 THEN CURRENT_DATE - neutral END AS neutral,
  CASE WHEN unused = 0 THEN 'infinity' WHEN unused > 0 THEN CURRENT_DATE - unused END AS unused,
  CASE WHEN hapaxes = 0 THEN 'infinity' WHEN hapaxes > 0 THEN CURRENT_DATE - hapaxes END AS hapaxes,
  CASE WHEN hits1s = 0 THEN 'infinity' WHEN hits1s > 0 THEN CURRENT_DATE - hits1s END AS hits1s,
  CASE WHEN hits1i = 0 THEN 'infinity' WHEN hits1i > 0 THEN CURRENT_DATE - hits1i END AS hits1i
FROM (SELECT
  COALESCE(NULLIF(current_setting('dspam.training_mode', true), ''), 'TEFT') AS training_mode,
  COALESCE(NULLIF(current_setting('dspam.purge_signatures', true), ''), '14')::int AS signatures, -- signatures, by the day they were stored
  COALESCE(NULLIF(current_setting('dspam.purge_neutral', true), ''), '90')::int AS neutral,       -- tokens with a probability between 0.35 and 0.65
  COALESCE(NULLIF(current_setting('dspam.purge_unused', true), ''), '90')::int AS unused,         -- any token (not in TOE or NOTRAIN; in TUM only tokens with fewer than 50 hits)
  COALESCE(NULLIF(current_setting('dspam.purge_hapaxes', true), ''), '30')::int AS hapaxes,       -- tokens with spam + 2 x innocent hits below 5
  COALESCE(NULLIF(current_setting('dspam.purge_hits1s', true), ''), '15')::int AS hits1s,         -- tokens with one spam hit and no innocent hit
  COALESCE(NULLIF(current_setting('dspam.purge_hits1i', true), ''), '15')::int AS hits1i          -- tokens with one innocent hit and no spam hit
) AS given;

DELETE FROM dspam_token_data
 WHERE last_hit < (SELECT hapaxes FROM dspam_purge_settings)
   AND 2 * innocent_hits + spam_hits < 5;

DELETE FROM dspam_token_data
 WHERE last_hit < (SELECT hits1s FROM dspam_purge_settings)
   AND innocent_hits = 0 AND spam_hits = 1;

DELETE FROM dspam_token_data
 WHERE last_hit < (SELECT hits1i FROM dspam_purge_settings)
   AND innocent_hits = 1 AND spam_hits = 0;

-- Neutral: DSPAM's probability with processor bias, (s/SL) / (s/SL + 2i/IL), from the user's
-- learned totals SL and IL (tokens seen in one class only are not neutral).
DELETE FROM dspam_token_data t USING dspam_stats s
 WHERE s.uid = t.uid
   AND t.last_hit < (SELECT neutral FROM dspam_purge_settings)
   AND t.spam_hits > 0 AND t.innocent_hits > 0
   AND (s.spam_learned = 0 OR s.innocent_learned = 0
        OR (t.spam_hits::float8 / s.spam_learned)
           / (t.spam_hits::float8 / s.spam_learned + 2.0 * t.innocent_hits / s.innocent_learned)
           BETWEEN 0.35 AND 0.65);

DELETE FROM dspam_token_data t
 WHERE t.last_hit < (SELECT unused FROM dspam_purge_settings)
   AND upper(COALESCE(
         (SELECT p.value FROM dspam_preferences p WHERE p.uid = t.uid AND p.preference = 'trainingMode'),
         (SELECT d.value FROM dspam_preferences d WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         (SELECT training_mode FROM dspam_purge_settings))) NOT IN ('TOE', 'TUM', 'NOTRAIN');

DELETE FROM dspam_token_data t
 WHERE t.last_hit < (SELECT unused FROM dspam_purge_settings)
   AND t.innocent_hits + t.spam_hits < 50
   AND upper(COALESCE(
         (SELECT p.value FROM dspam_preferences p WHERE p.uid = t.uid AND p.preference = 'trainingMode'),
         (SELECT d.value FROM dspam_preferences d WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         (SELECT training_mode FROM dspam_purge_settings))) = 'TUM';

DELETE FROM dspam_signature_data
 WHERE created_on < (SELECT signatures FROM dspam_purge_settings);

DROP TABLE dspam_purge_settings;

VACUUM ANALYZE dspam_token_data;
VACUUM ANALYZE dspam_signature_data;
