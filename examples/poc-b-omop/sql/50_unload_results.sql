-- Writes a result out of the warehouse: the type 2 diabetes cohort of
-- 40_verify.sql, one row per person with the date of the first record, as
-- one CSV file with a header under omop/type2-diabetes-cohort/ in the
-- project's output bucket, which close-out archives. Run on a worker:
--
--   psql "<connection>" -v ON_ERROR_STOP=1 \
--        -v output=s3://<pit>-output-<account>-<region>/ \
--        -v warehouse_role_arn=<the warehouse's COPY/UNLOAD role ARN> \
--        -v kms_key_arn=<the project key's ARN, stack output kmsKeyArn> \
--        -f 50_unload_results.sql
--
-- UNLOAD writes as the warehouse's IAM role, encrypted with the project's
-- KMS key (KMS_KEY_ID ... ENCRYPTED): the output bucket refuses objects
-- encrypted any other way. It refuses to overwrite an earlier result (no
-- ALLOWOVERWRITE): choose a new prefix for a new run.

\set ON_ERROR_STOP on

\set dest :output 'omop/type2-diabetes-cohort/part_'
UNLOAD ('
    SELECT co.person_id, MIN(co.condition_start_date) AS first_record
    FROM cdm.condition_occurrence co
    JOIN cdm.concept_ancestor ca ON ca.descendant_concept_id = co.condition_concept_id
    WHERE ca.ancestor_concept_id = 201826
    GROUP BY co.person_id
    ORDER BY co.person_id
')
TO :'dest'
IAM_ROLE :'warehouse_role_arn'
KMS_KEY_ID :'kms_key_arn'
ENCRYPTED
FORMAT AS CSV
HEADER
PARALLEL OFF;
