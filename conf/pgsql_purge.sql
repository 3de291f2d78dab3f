-- dspam_maintenance's set-based purge for pgsql_drv (DSPAM's schema, any user).
-- The ages come from the caller as psql variables: PurgeSignatures, PurgeHapaxes, PurgeHits1S,
-- PurgeHits1I (days; 0 = regardless of age as in dspam_clean, -1 = not run). Neutral and unused tokens
-- depend on each user's statistics and training mode: dspam_clean handles those afterwards.

DELETE FROM dspam_signature_data
 WHERE :PurgeSignatures >= 0 AND (:PurgeSignatures = 0 OR created_on < CURRENT_DATE - :PurgeSignatures);

DELETE FROM dspam_token_data
 WHERE innocent_hits * 2 + spam_hits < 5
   AND :PurgeHapaxes >= 0 AND (:PurgeHapaxes = 0 OR last_hit < CURRENT_DATE - :PurgeHapaxes);

DELETE FROM dspam_token_data
 WHERE spam_hits = 1 AND innocent_hits = 0
   AND :PurgeHits1S >= 0 AND (:PurgeHits1S = 0 OR last_hit < CURRENT_DATE - :PurgeHits1S);

DELETE FROM dspam_token_data
 WHERE spam_hits = 0 AND innocent_hits = 1
   AND :PurgeHits1I >= 0 AND (:PurgeHits1I = 0 OR last_hit < CURRENT_DATE - :PurgeHits1I);

VACUUM ANALYZE dspam_token_data;
VACUUM ANALYZE dspam_signature_data;
