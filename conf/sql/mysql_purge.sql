-- Nightly purge of DSPAM's MySQL schema, what DSPAM's purge-4.1.sql and dspam_clean did, for
-- every user at once: stale signatures, and tokens that are rare, near neutral or no longer seen.
-- dspam_maintenance runs it with dspam.conf's ages. Stand-alone, with the shipped ages:
--   mysql dspam < mysql_purge.sql
-- or with other ages, set in the same session before it:
--   { echo "SET @PurgeSignatures = 7, @TrainingMode = 'TOE';"; cat mysql_purge.sql; } | mysql dspam
--
-- Ages are in days, each counted from a token's last_hit (the day it was last learned) or a
-- signature's created_on; a rule removes what is older than its age. An age of 0 removes
-- regardless of age; a negative age (dspam.conf's "off") switches the rule off.
-- @TrainingMode is the mode of users with no trainingMode preference of their own and no system
-- default one (uid 0) in the database: dspam.conf's Preference "trainingMode=...", else its
-- TrainingMode.

-- What the caller did not set (NULL or empty): dspam.conf's shipped values. CONCAT makes a
-- number a string, so that an age of 0 is not taken for the empty string.
SET @TrainingMode    = COALESCE(NULLIF(CONCAT(@TrainingMode), ''), 'TEFT');
SET @PurgeSignatures = COALESCE(NULLIF(CONCAT(@PurgeSignatures), ''), 14);  -- signatures, by the day they were stored
SET @PurgeNeutral    = COALESCE(NULLIF(CONCAT(@PurgeNeutral), ''), 90);     -- tokens with a probability between 0.35 and 0.65
SET @PurgeUnused     = COALESCE(NULLIF(CONCAT(@PurgeUnused), ''), 90);      -- any token (not in TOE or NOTRAIN; in TUM only tokens with fewer than 50 hits)
SET @PurgeHapaxes    = COALESCE(NULLIF(CONCAT(@PurgeHapaxes), ''), 30);     -- tokens with spam + 2 x innocent hits below 5
SET @PurgeHits1S     = COALESCE(NULLIF(CONCAT(@PurgeHits1S), ''), 15);      -- tokens with one spam hit and no innocent hit
SET @PurgeHits1I     = COALESCE(NULLIF(CONCAT(@PurgeHits1I), ''), 15);      -- tokens with one innocent hit and no spam hit

-- From here on an age is a whole number of days, or NULL, which matches no row: a negative age
-- switches its rule off, and so does anything that is not a number (rather than counting as 0).
SET @PurgeSignatures = IF(@PurgeSignatures REGEXP '^[0-9]+$', CAST(@PurgeSignatures AS UNSIGNED), NULL);
SET @PurgeNeutral    = IF(@PurgeNeutral REGEXP '^[0-9]+$', CAST(@PurgeNeutral AS UNSIGNED), NULL);
SET @PurgeUnused     = IF(@PurgeUnused REGEXP '^[0-9]+$', CAST(@PurgeUnused AS UNSIGNED), NULL);
SET @PurgeHapaxes    = IF(@PurgeHapaxes REGEXP '^[0-9]+$', CAST(@PurgeHapaxes AS UNSIGNED), NULL);
SET @PurgeHits1S     = IF(@PurgeHits1S REGEXP '^[0-9]+$', CAST(@PurgeHits1S AS UNSIGNED), NULL);
SET @PurgeHits1I     = IF(@PurgeHits1I REGEXP '^[0-9]+$', CAST(@PurgeHits1I AS UNSIGNED), NULL);

DELETE FROM dspam_token_data
 WHERE (@PurgeHapaxes = 0 OR last_hit < CURRENT_DATE() - INTERVAL @PurgeHapaxes DAY)
   AND 2 * innocent_hits + spam_hits < 5;

DELETE FROM dspam_token_data
 WHERE (@PurgeHits1S = 0 OR last_hit < CURRENT_DATE() - INTERVAL @PurgeHits1S DAY)
   AND innocent_hits = 0 AND spam_hits = 1;

DELETE FROM dspam_token_data
 WHERE (@PurgeHits1I = 0 OR last_hit < CURRENT_DATE() - INTERVAL @PurgeHits1I DAY)
   AND innocent_hits = 1 AND spam_hits = 0;

-- Neutral: DSPAM's probability with processor bias, (s/SL) / (s/SL + 2i/IL), from the user's
-- learned totals SL and IL (tokens seen in one class only are not neutral).
DELETE t FROM dspam_token_data t JOIN dspam_stats s ON s.uid = t.uid
 WHERE (@PurgeNeutral = 0 OR t.last_hit < CURRENT_DATE() - INTERVAL @PurgeNeutral DAY)
   AND t.spam_hits > 0 AND t.innocent_hits > 0
   AND (s.spam_learned = 0 OR s.innocent_learned = 0
        OR (t.spam_hits * 1e0 / s.spam_learned)
           / (t.spam_hits * 1e0 / s.spam_learned + 2e0 * t.innocent_hits / s.innocent_learned)
           BETWEEN 0.35 AND 0.65);

DELETE FROM dspam_token_data
 WHERE (@PurgeUnused = 0 OR last_hit < CURRENT_DATE() - INTERVAL @PurgeUnused DAY)
   AND UPPER(COALESCE(
         (SELECT CONVERT(p.value USING utf8mb4) FROM dspam_preferences p
           WHERE p.uid = dspam_token_data.uid AND p.preference = 'trainingMode'),
         (SELECT CONVERT(d.value USING utf8mb4) FROM dspam_preferences d
           WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         CONVERT(@TrainingMode USING utf8mb4))) NOT IN ('TOE', 'TUM', 'NOTRAIN');

DELETE FROM dspam_token_data
 WHERE (@PurgeUnused = 0 OR last_hit < CURRENT_DATE() - INTERVAL @PurgeUnused DAY)
   AND innocent_hits + spam_hits < 50
   AND UPPER(COALESCE(
         (SELECT CONVERT(p.value USING utf8mb4) FROM dspam_preferences p
           WHERE p.uid = dspam_token_data.uid AND p.preference = 'trainingMode'),
         (SELECT CONVERT(d.value USING utf8mb4) FROM dspam_preferences d
           WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         CONVERT(@TrainingMode USING utf8mb4))) = 'TUM';

DELETE FROM dspam_signature_data
 WHERE @PurgeSignatures = 0 OR created_on < CURRENT_DATE() - INTERVAL @PurgeSignatures DAY;
